from marshmallow import Schema, fields, validate

from ..inputs import Id
from ..api import PageArgsSchema


class BoothTypeSchema(Schema):
    id = Id(allow_none=True, metadata={
        "description": "When editing a fair: the booth type to change (leave out to add a new one)"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    name_en = fields.String(load_default="", validate=validate.Length(max=120))
    price_vnd = fields.Integer(required=True, validate=validate.Range(min=0, max=10_000_000_000),
                               metadata={"description": "Whole VND"})
    capacity = fields.Integer(required=True, validate=validate.Range(min=1, max=5000))
    green_zone = fields.Boolean(load_default=False)
    code_prefix = fields.String(load_default="", validate=validate.Length(max=6))


class FairSchema(Schema):
    id = fields.Integer(dump_only=True)
    organiser_id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=3, max=200))
    name_en = fields.String(load_default="", validate=validate.Length(max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    description_en = fields.String(load_default="", validate=validate.Length(max=5000))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    online = fields.Boolean(load_default=False)
    venue = fields.String(load_default="", validate=validate.Length(max=300))
    province_code = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=8))
    themes = fields.List(fields.String(validate=validate.Length(max=60)), load_default=list, validate=validate.Length(max=20))
    categories = fields.List(fields.String(validate=validate.Length(max=60)), load_default=list, validate=validate.Length(max=20))
    application_deadline = fields.DateTime(required=True, metadata={
        "description": "ISO 8601; without an offset it means Vietnam time (Asia/Ho_Chi_Minh). Returned in UTC."})
    green_zone = fields.Boolean(load_default=False)
    green_zone_note = fields.String(load_default="", validate=validate.Length(max=500))
    booth_types = fields.List(fields.Nested(BoothTypeSchema), required=True, validate=validate.Length(min=1, max=10))
    status = fields.Function(lambda f: f.status.value, dump_only=True)


class FairCancelSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500),
                           metadata={"description": "Sent to the exhibitors"})


class FairListArgs(PageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    upcoming = fields.Boolean(load_default=False)


class ApplicationCreateSchema(Schema):
    booth_type_id = Id(required=True)
    listing_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=10))
    message = fields.String(load_default="", validate=validate.Length(max=1000))


class ApplicationSchema(Schema):
    id = fields.Integer(dump_only=True)
    fair_id = fields.Integer(dump_only=True)
    organisation_id = fields.Integer(dump_only=True)
    booth_type_id = fields.Integer(dump_only=True)
    listing_ids = fields.List(fields.Integer(), dump_only=True)
    message = fields.String(dump_only=True)
    status = fields.String(dump_only=True, metadata={"description": "requested (waiting for the exhibitor) | accepted"})
    status = fields.Function(lambda a: a.status.value, dump_only=True)
    reason = fields.String(dump_only=True)
    booth = fields.String(attribute="booth_code", dump_only=True)
    payment_id = fields.Method("_payment_id", dump_only=True)

    def _payment_id(self, a):
        from .services import booth_payment

        p = booth_payment(a)
        return p.id if p else None


class DecisionSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["approve", "waitlist", "reject"]))
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class CancelSchema(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class ApplicationListArgs(Schema):
    status = fields.String(validate=validate.OneOf(["submitted", "approved", "waitlisted", "rejected", "cancelled"]))


class SlotCreateSchema(Schema):
    starts_at = fields.DateTime(required=True, metadata={"description": "Without an offset: Vietnam time"})
    ends_at = fields.DateTime(required=True)
    location = fields.String(load_default="", validate=validate.Length(max=120))


class SlotSchema(Schema):
    id = fields.Integer(dump_only=True)
    organisation_id = fields.Integer(dump_only=True)
    starts_at = fields.DateTime(dump_only=True, metadata={"description": "UTC"})
    ends_at = fields.DateTime(dump_only=True)
    location = fields.String(dump_only=True)
    booked = fields.Function(lambda s: s.meeting is not None, dump_only=True)


class SlotListArgs(Schema):
    exhibitor = Id(metadata={"description": "Organisation id of the exhibitor"})
    free = fields.Boolean(load_default=False)


class MeetingCreateSchema(Schema):
    slot_id = Id(required=True)
    message = fields.String(load_default="", validate=validate.Length(max=1000))


class MeetingSchema(Schema):
    id = fields.Integer(dump_only=True)
    fair_id = fields.Integer(dump_only=True)
    slot_id = fields.Integer(dump_only=True)
    exhibitor_org_id = fields.Integer(dump_only=True)
    starts_at = fields.Function(lambda m: m.slot.starts_at.isoformat(), dump_only=True)
    ends_at = fields.Function(lambda m: m.slot.ends_at.isoformat(), dump_only=True)
    message = fields.String(dump_only=True)


class PromotionCreateSchema(Schema):
    listing_id = Id(required=True)
    package = fields.String(required=True, validate=validate.OneOf(["7d", "14d", "30d"]))


class PromotionSchema(Schema):
    id = fields.Integer(dump_only=True)
    listing_id = fields.Integer(dump_only=True)
    package = fields.String(dump_only=True)
    days = fields.Integer(dump_only=True)
    price_vnd = fields.Integer(dump_only=True)
    status = fields.Function(lambda p: p.status.value, dump_only=True)
    starts_at = fields.DateTime(dump_only=True)
    ends_at = fields.DateTime(dump_only=True)
    payment_id = fields.Method("_payment_id", dump_only=True)

    def _payment_id(self, p):
        from ..payments.services import payments_for

        pay = payments_for("promotion", [p.id]).get(p.id)
        return pay.id if pay else None
