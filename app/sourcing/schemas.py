from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .. import clock, vn
from ..catalog.taxonomy import CATEGORIES, UNITS
from ..inputs import Id
from ..pagination import PageArgsSchema
from ..validation import Choice, Codes, Date, Field, Input, Number, Province, Text
from .models import Frequency, Visibility

INCOTERMS = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")  # Incoterms® 2020
MAX_LABELS = 10


def _label_codes() -> list[str]:
    from ..extensions import db
    from ..labels.models import Label

    return list(db.session.scalars(db.select(Label.code).where(Label.active.is_(True))))


class RfqInput(Input):
    """What a buyer sends to create or edit a sourcing request (web form and API alike)."""

    title = Text(200, min_len=3, required=True, message=_l("Enter a title of at least 3 characters."))
    description = Text(5000)
    category = Choice(CATEGORIES, message=_l("Choose a category."))
    quantity = Number(min=0, min_inclusive=False, max=1e12, required=True, message=_l("Enter a quantity greater than 0."))
    unit = Choice(UNITS, required=True, message=_l("Choose a unit."))
    frequency = Choice(enum=Frequency, load_default=Frequency.one_off, message=_l("Choose one-off or monthly."))
    target_price_min = Number(money=True, min=1, max=10**12, message=_l("Enter a whole number of đồng above 0."))
    target_price_max = Number(money=True, min=1, max=10**12, message=_l("Enter a whole number of đồng above 0."))
    required_labels = Codes(_label_codes, max_items=MAX_LABELS, unknown_message=_l("Unknown label: %(codes)s"),
                            too_many_message=_l("At most %(n)d labels."))
    preferred_labels = Codes(_label_codes, max_items=MAX_LABELS, unknown_message=_l("Unknown label: %(codes)s"),
                             too_many_message=_l("At most %(n)d labels."))
    min_recycled_pct = Number(integer=True, min=0, max=100, message=_l("Enter a whole percentage from 0 to 100."))
    delivery_province = Province(required=True, message=_l("Choose one of the 34 provinces."))
    needed_by = Date()
    closes_on = Date(required=True, min=clock.today, min_message=_l("The closing date must be today or later."))
    visibility = Choice(enum=Visibility, load_default=Visibility.public,
                        message=_l("Choose public or invited suppliers only."))
    max_quotes = Number(integer=True, min=1, max=100, message=_l("Enter a number of quotes from 1 to 100."))
    status = Choice(("draft", "open", "closed"), message=_l("Use open or closed."),
                    metadata={"description": "open publishes the request, closed closes it"})
    close_reason = Text(300)

    def __init__(self, *args, current=None, **kwargs):
        self.current = current  # the request being edited: partial updates compare against its values
        super().__init__(*args, **kwargs)

    def _value(self, data, original, name):
        if name in original and name not in data:
            return None  # wrong itself: reported on its own
        return data.get(name, getattr(self.current, name, None) if self.current is not None else None)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _ranges(self, data, original, **kwargs):
        errors = {}
        lo, hi = self._value(data, original, "target_price_min"), self._value(data, original, "target_price_max")
        if lo is not None and hi is not None and lo > hi:
            errors["target_price_max"] = [_("The maximum price must not be below the minimum.")]
        closes, needed = self._value(data, original, "closes_on"), self._value(data, original, "needed_by")
        if needed is not None and closes is not None and needed < closes and ("needed_by" in data or "closes_on" in data):
            errors["needed_by"] = [_("The needed-by date must not be before the closing date.")]
        if errors:
            raise ValidationError(errors)


class QuoteInput(Input):
    """What a supplier sends to quote on a request."""

    unit_price_vnd = Number(money=True, min=1, max=10**12, required=True, message=_l("Enter a whole number of đồng above 0."))
    quantity = Number(min=0, min_inclusive=False, max=1e12, required=True, message=_l("Enter a quantity greater than 0."))
    lead_time_days = Number(integer=True, min=0, max=365, required=True, message=_l("Enter a lead time from 0 to 365 days."))
    valid_until = Date(required=True, min=clock.today, min_message=_l("Enter a date today or later (YYYY-MM-DD)."))
    incoterm = Choice(INCOTERMS, upper=True, message=_l("Choose an Incoterms 2020 rule."))
    delivery_terms = Text(300)
    notes = Text(5000)
    listing_id = Number(integer=True, min=1, max=2**62, message=_l("Unknown listing."))


class MessageInput(Input):
    body = Text(5000, min_len=1, required=True, message=_l("Write a message."))
    supplier_org_id = Number(integer=True, min=1, max=2**62, message=_l("Choose the supplier."),
                             metadata={"description": "The buyer writes to this supplier (suppliers omit it)"})


class SearchParams(Field):
    """The /search page's arguments to keep with a saved search (text kept short, numbers checked)."""

    NUMERIC = ("price_min", "price_max", "moq_max", "recycled_min")

    def _deserialize(self, value, attr, data, **kwargs):
        from ..l10n import parse_number
        from .alerts import SEARCH_KEYS

        if not isinstance(value, dict):
            raise self.fail()
        out: dict = {}
        for key in SEARCH_KEYS:
            v = value.get(key)
            if v in (None, "", []):
                continue
            if isinstance(v, list):
                v = [str(x)[:100] for x in v if str(x).strip()][:20]
                if not v:
                    continue
            else:
                v = str(v)[:200]
            if key in self.NUMERIC:
                try:
                    number = parse_number(v[0] if isinstance(v, list) else v).value
                except ValueError:
                    raise ValidationError({key: [_("Enter a number.")]}) from None
                v = format(number.normalize(), "f") if number is not None else v
            if key in ("province", "near"):  # kept as the official two-digit code (`1` → `01`)
                v = [vn.province_code(x) or x for x in v] if isinstance(v, list) else (vn.province_code(v) or v)
            out[key] = v
        bucket = out.pop("price", None)  # a price bucket (old key or facet value) is kept as its range
        if bucket and "price_min" not in out and "price_max" not in out:
            from ..discovery.services import price_range

            try:
                lo, hi = price_range(bucket)
            except ValueError:
                raise ValidationError({"price": [_("Unknown price range.")]}) from None
            out.update({k: str(v) for k, v in (("price_min", lo), ("price_max", hi)) if v is not None})
        if not out:
            raise ValidationError({"q": [str(self.message)]})
        return out


class SavedSearchInput(Input):
    name = Text(120)
    params = SearchParams(required=True, message=_l("Search for something or choose a filter before saving."))


class RfqSchema(Schema):
    id = fields.Integer(dump_only=True)
    buyer_org_id = fields.Integer(dump_only=True)
    buyer_name = fields.Function(lambda r: r.buyer.display_name, dump_only=True)
    title = fields.String()
    description = fields.String()
    category = fields.String(allow_none=True)
    quantity = fields.Float()
    unit = fields.String()
    frequency = fields.Method("_frequency")
    target_price_min = fields.Integer(allow_none=True)
    target_price_max = fields.Integer(allow_none=True)
    required_labels = fields.List(fields.String())
    preferred_labels = fields.List(fields.String())
    min_recycled_pct = fields.Integer(allow_none=True)
    delivery_province = fields.String()
    delivery_province_name = fields.Function(lambda r: vn.province_name(r.delivery_province), dump_only=True)
    needed_by = fields.Date(allow_none=True)
    visibility = fields.Method("_visibility")
    closes_on = fields.Date()
    max_quotes = fields.Integer(allow_none=True)
    status = fields.Method("_status")
    opened_at = fields.DateTime(dump_only=True)
    closed_at = fields.DateTime(dump_only=True)
    created_at = fields.DateTime(dump_only=True)

    def _frequency(self, r):
        return r.frequency.value

    def _visibility(self, r):
        return r.visibility.value

    def _status(self, r):
        return r.effective_status().value


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
    supplier_org_id = Id(required=True)
    listing_id = Id(allow_none=True)
    invited_at = fields.DateTime(dump_only=True)
    first_response_at = fields.DateTime(dump_only=True)


class QuoteSchema(Schema):
    id = fields.Integer(dump_only=True)
    rfq_id = fields.Integer(dump_only=True)
    supplier_org_id = fields.Integer(dump_only=True)
    supplier_name = fields.Function(lambda q: q.supplier.display_name, dump_only=True)
    listing_id = Id(allow_none=True)
    unit_price_vnd = fields.Integer()
    quantity = fields.Float()
    total_vnd = fields.Integer(dump_only=True)
    lead_time_days = fields.Integer()
    valid_until = fields.Date()
    incoterm = fields.String(allow_none=True)
    delivery_terms = fields.String()
    notes = fields.String()
    status = fields.Function(lambda q: q.status.value, dump_only=True)
    decline_reason = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class EstimateSchema(Schema):
    vehicle_class = fields.String(metadata={"description": "vehicle or vessel class of the factor file"})
    label = fields.String(metadata={"description": "display name of the class"})
    mode = fields.String()
    mode_label = fields.String(metadata={"description": "display name of the mode"})
    distance_km = fields.Float()
    co2e_kg = fields.Float(metadata={"description": "well-to-wheel kg CO2e for the quoted quantity's weight"})
    text = fields.String(metadata={"description": "the estimate as shown on the page"})


class TransportEstimateSchema(Schema):
    road = fields.Nested(EstimateSchema, metadata={"description": "average diesel truck, the road reference"})
    best = fields.Nested(EstimateSchema, allow_none=True, metadata={"description": "the lowest-emission mode"})
    weight_kg = fields.Float()
    great_circle_km = fields.Float()
    factors_version = fields.String()


class ComparisonLabelSchema(Schema):
    code = fields.String()
    name = fields.String(metadata={"description": "display name in the request's language"})


class QuoteComparisonRowSchema(Schema):
    quote = fields.Nested(QuoteSchema)
    listing_title = fields.String(metadata={"description": "the quoted listing's title (empty: no listing)"})
    labels = fields.Function(lambda r: [{"code": c, "name": n} for c, n in zip(r["labels"], r["label_names"])],
                             metadata={"description": "certified labels of the quoted listing and its supplier"})
    distance_km = fields.Function(lambda r: r["km"], allow_none=True,
                                  metadata={"description": "great-circle km from the origin to the delivery province"})
    origin_province = fields.Function(lambda r: r["shipping"].origin, allow_none=True)
    origin_province_name = fields.Function(lambda r: vn.province_name(r["shipping"].origin) or None, allow_none=True)
    destination_province = fields.Function(lambda r: r["shipping"].destination)
    destination_province_name = fields.Function(lambda r: vn.province_name(r["shipping"].destination) or None,
                                                allow_none=True)
    weight_kg = fields.Function(lambda r: r["shipping"].weight_kg, allow_none=True,
                                metadata={"description": "shipment weight derived from the quantity and unit"})
    transport = fields.Nested(TransportEstimateSchema, allow_none=True)
    transport_note = fields.Function(lambda r: str(r["transport_note"]),
                                     metadata={"description": "why there is no estimate (empty when there is one)"})


class QuoteComparisonSchema(Schema):
    rfq_id = fields.Integer()
    rows = fields.List(fields.Nested(QuoteComparisonRowSchema),
                       metadata={"description": "one row per quote, cheapest unit price first, then shortest lead time"})


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
    body = fields.String()
    supplier_org_id = Id(allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class MessageArgsSchema(Schema):
    supplier_org_id = Id(load_default=None)


class ThreadSchema(Schema):
    id = fields.Integer()
    rfq_id = fields.Integer()
    supplier_org_id = fields.Integer()
    supplier_name = fields.String()
    last_message_at = fields.DateTime(allow_none=True)
    unread = fields.Integer()


class SavedSearchSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(load_default="")
    params = fields.Dict(keys=fields.String())
    created_at = fields.DateTime(dump_only=True)
    subscribed = fields.Function(lambda s: s.unsubscribed_at is None, dump_only=True)


# ------------------------------------------------------------------ a buyer's buttons (inquiries, messages, saved)

class InquiryInput(Input):
    """A direct inquiry sent from a listing's page to its supplier (web form and API alike). The request's
    title, category and unit come from the listing."""

    listing_id = Number(integer=True, min=1, max=2**31 - 1, required=True, message=_l("Choose one of the supplier's products."))
    quantity = Number(min=0, min_inclusive=False, max=1e12, required=True, message=_l("Enter a quantity greater than 0."))
    delivery_province = Province(required=True, message=_l("Choose one of the 34 provinces."))
    needed_by = Date(min=clock.today, min_message=_l("Enter a date today or later."))
    closes_on = Date(min=clock.today, min_message=_l("The closing date must be today or later."),
                     metadata={"description": "until when quotes are taken (default: in 30 days)"})
    message = Text(5000, metadata={"description": "the first message of the conversation with the supplier"})

    @validates_schema(skip_on_field_errors=True)
    def _dates(self, data, **kwargs):
        closes, needed = data.get("closes_on"), data.get("needed_by")
        if needed is not None and closes is not None and needed < closes:
            raise ValidationError({"needed_by": [_("The needed-by date must not be before the closing date.")]})


class DirectMessageInput(Input):
    """A message to a supplier outside any request ("Message the supplier")."""

    body = Text(5000, min_len=1, required=True, message=_l("Write a message."))
    listing_id = Number(integer=True, min=1, max=2**31 - 1, message=_l("Choose one of the supplier's products."),
                        metadata={"description": "the product the message is about (optional)"})


class AddToRequestInput(Input):
    """Add a listing to one of the buyer's open requests: its supplier is invited with that listing."""

    rfq_id = Number(integer=True, min=1, max=2**31 - 1, required=True, message=_l("Choose one of your open requests."))


class InquirySchema(RfqSchema):
    source_listing_id = fields.Integer(dump_only=True)
    supplier_org_id = fields.Method("_supplier", dump_only=True)
    thread_id = fields.Method("_thread", dump_only=True)

    def _supplier(self, r):
        return r.invitations[0].supplier_org_id if r.invitations else None

    def _thread(self, r):
        from ..extensions import db
        from .models import Thread

        return db.session.scalar(db.select(Thread.id).where(Thread.rfq_id == r.id).order_by(Thread.id).limit(1))


class ConversationSchema(Schema):
    id = fields.Integer()
    kind = fields.Function(lambda t: "direct" if t.rfq_id is None else "request",
                           metadata={"description": "direct (Message the supplier) or request (about a sourcing request)"})
    rfq_id = fields.Integer(allow_none=True)
    rfq_title = fields.Function(lambda t: t.rfq.title if t.rfq is not None else None)
    listing_id = fields.Integer(allow_none=True)
    buyer_org_id = fields.Integer()
    buyer_name = fields.Function(lambda t: t.buyer.display_name)
    supplier_org_id = fields.Integer()
    supplier_name = fields.Function(lambda t: t.supplier.display_name)
    last_message_at = fields.DateTime(allow_none=True)
    unread = fields.Integer()


class SavedListingSchema(Schema):
    listing_id = fields.Integer()
    title = fields.Function(lambda s: s.listing.title)
    supplier_org_id = fields.Function(lambda s: s.listing.organisation_id)
    status = fields.Function(lambda s: s.listing.status.value)
    price_min = fields.Function(lambda s: s.listing.price_min)
    price_max = fields.Function(lambda s: s.listing.price_max)
    unit = fields.Function(lambda s: s.listing.unit)
    created_at = fields.DateTime()


class FollowedSupplierSchema(Schema):
    supplier_org_id = fields.Integer()
    name = fields.Function(lambda f: f.supplier.display_name)
    created_at = fields.DateTime()


class SavedSchema(Schema):
    listings = fields.List(fields.Nested(SavedListingSchema))
    suppliers = fields.List(fields.Nested(FollowedSupplierSchema))
