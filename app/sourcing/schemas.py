from marshmallow import Schema, fields, validate

from .. import vn
from ..pagination import PageArgsSchema


class RfqSchema(Schema):
    id = fields.Integer(dump_only=True)
    buyer_org_id = fields.Integer(dump_only=True)
    buyer_name = fields.Function(lambda r: r.buyer.display_name, dump_only=True)
    title = fields.String(validate=validate.Length(max=200))
    description = fields.String(validate=validate.Length(max=5000))
    category = fields.String(allow_none=True, validate=validate.Length(max=60))
    quantity = fields.Float(allow_nan=False)
    unit = fields.String(validate=validate.Length(max=10))
    frequency = fields.Method("_frequency", deserialize="_plain")
    target_price_min = fields.Integer(allow_none=True)
    target_price_max = fields.Integer(allow_none=True)
    required_labels = fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=10))
    preferred_labels = fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=10))
    min_recycled_pct = fields.Integer(allow_none=True)
    delivery_province = fields.String(validate=validate.Length(max=8))
    delivery_province_name = fields.Function(lambda r: vn.province_name(r.delivery_province), dump_only=True)
    needed_by = fields.Date(allow_none=True)
    visibility = fields.Method("_visibility", deserialize="_plain")
    closes_on = fields.Date()
    max_quotes = fields.Integer(allow_none=True)
    status = fields.Method("_status", deserialize="_plain")
    close_reason = fields.String(load_only=True, validate=validate.Length(max=300))
    opened_at = fields.DateTime(dump_only=True)
    closed_at = fields.DateTime(dump_only=True)
    created_at = fields.DateTime(dump_only=True)

    def _frequency(self, r):
        return r.frequency.value

    def _visibility(self, r):
        return r.visibility.value

    def _status(self, r):
        return r.effective_status().value

    def _plain(self, value):
        return str(value)


class RfqCreateSchema(RfqSchema):
    title = fields.String(required=True, validate=validate.Length(max=200))
    quantity = fields.Float(required=True, allow_nan=False)
    unit = fields.String(required=True, validate=validate.Length(max=10))
    delivery_province = fields.String(required=True, validate=validate.Length(max=8))
    closes_on = fields.Date(required=True)
    status = fields.String(validate=validate.OneOf(["draft", "open"]))


class RfqListArgsSchema(PageArgsSchema):
    scope = fields.String(load_default="auto", validate=validate.OneOf(["auto", "mine", "open"]))
    status = fields.String(load_default=None, validate=validate.OneOf(["draft", "open", "closed", "awarded", "expired"]))
    q = fields.String(load_default="", validate=validate.Length(max=200))


class MatchArgsSchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    per_supplier = fields.Integer(load_default=3, validate=validate.Range(min=1, max=10))


class MatchItemSchema(Schema):
    listing_id = fields.Integer()
    org_id = fields.Integer()
    org_name = fields.String()
    title = fields.String()
    score = fields.Float()
    names_product = fields.Boolean(allow_none=True, metadata={
        "description": "true: the listing names a product word of the request (ranked first); false: it only "
                       "shares the category; null: the request names nothing beyond its category"})
    explanation = fields.Dict(keys=fields.String(), values=fields.Dict())


class MatchSupplierSchema(Schema):
    org_id = fields.Integer()
    org_name = fields.String()
    score = fields.Float()
    listings = fields.List(fields.Nested(MatchItemSchema))


class MatchesSchema(Schema):
    items = fields.List(fields.Nested(MatchItemSchema))
    suppliers = fields.List(fields.Nested(MatchSupplierSchema))
    total = fields.Integer()
    weights = fields.Dict(keys=fields.String(), values=fields.Integer())
    degraded = fields.Boolean()


class RfqInvitationSchema(Schema):
    id = fields.Integer(dump_only=True)
    rfq_id = fields.Integer(dump_only=True)
    supplier_org_id = fields.Integer(required=True)
    listing_id = fields.Integer(allow_none=True)
    invited_at = fields.DateTime(dump_only=True)
    first_response_at = fields.DateTime(dump_only=True)


class QuoteSchema(Schema):
    id = fields.Integer(dump_only=True)
    rfq_id = fields.Integer(dump_only=True)
    supplier_org_id = fields.Integer(dump_only=True)
    supplier_name = fields.Function(lambda q: q.supplier.display_name, dump_only=True)
    listing_id = fields.Integer(allow_none=True)
    unit_price_vnd = fields.Integer(required=True)
    quantity = fields.Float(required=True, allow_nan=False)
    total_vnd = fields.Integer(dump_only=True)
    lead_time_days = fields.Integer(required=True)
    valid_until = fields.Date(required=True)
    incoterm = fields.String(allow_none=True, validate=validate.Length(max=3))
    delivery_terms = fields.String(validate=validate.Length(max=300))
    notes = fields.String(validate=validate.Length(max=5000))
    status = fields.Function(lambda q: q.status.value, dump_only=True)
    decline_reason = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class ReasonSchema(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class DealSchema(Schema):
    id = fields.Integer()
    rfq_id = fields.Integer()
    quote_id = fields.Integer()
    buyer_org_id = fields.Integer()
    supplier_org_id = fields.Integer()
    buyer_name = fields.Function(lambda d: d.buyer.display_name)
    supplier_name = fields.Function(lambda d: d.supplier.display_name)
    listing_id = fields.Integer(allow_none=True)
    quantity = fields.Float()
    unit = fields.String()
    frequency = fields.Function(lambda d: d.frequency.value)
    unit_price_vnd = fields.Integer()
    total_vnd = fields.Integer()
    incoterm = fields.String(allow_none=True)
    delivery_province = fields.String()
    agreed_at = fields.DateTime()
    delivery_by = fields.Date(allow_none=True)
    status = fields.Function(lambda d: d.status.value)


class MessageSchema(Schema):
    id = fields.Integer(dump_only=True)
    thread_id = fields.Integer(dump_only=True)
    sender_org_id = fields.Integer(dump_only=True)
    body = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    supplier_org_id = fields.Integer(load_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class MessageArgsSchema(Schema):
    supplier_org_id = fields.Integer(load_default=None)


class ThreadSchema(Schema):
    id = fields.Integer()
    rfq_id = fields.Integer()
    supplier_org_id = fields.Integer()
    supplier_name = fields.String()
    last_message_at = fields.DateTime(allow_none=True)
    unread = fields.Integer()


class SavedSearchSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(load_default="", validate=validate.Length(max=120))
    params = fields.Dict(required=True, keys=fields.String(validate=validate.Length(max=20)))
    created_at = fields.DateTime(dump_only=True)
    subscribed = fields.Function(lambda s: s.unsubscribed_at is None, dump_only=True)
