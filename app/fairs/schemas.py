"""Input schemas (owned by the services: the fair, application, slot, meeting and promotion forms and the API
hand them the same dict and get the same field messages back) and output schemas."""
import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from ..api import PageArgsSchema
from ..inputs import MAX_ID, Id
from ..validation import (
    Choice,
    Date,
    Field,
    Flag,
    Ids,
    Input,
    LocalDateTime,
    Number,
    Province,
    Text,
)
from .timez import VN

MAX_BOOTH_TYPES = 10
MAX_LISTINGS = 10
MAX_BOOTH_PRICE = 10_000_000_000
MIN_MINUTES, MAX_MINUTES = 5, 180
_BOOTH = _l("Each booth type needs a name, a price in VND and a capacity.")


class Tags(Field):
    """Short texts (themes, categories) as a list or a comma-separated string: stripped, unique, at most 20
    of at most 60 characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("message", _l("At most %(n)d items.", n=20))
        super().__init__(**kwargs)
        self.metadata.setdefault("type", "array")
        self.metadata.setdefault("items", {"type": "string", "maxLength": 60})

    def deserialize(self, value, attr=None, data=None, **kwargs):
        out = super().deserialize(value, attr, data, **kwargs)
        return [] if out is None else out

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise self.fail()
        values = list(dict.fromkeys(v.strip() for v in value if v.strip()))
        if any(len(v) > 60 for v in values):
            raise self.fail(_("At most %(n)d characters.", n=60))
        if len(values) > 20:
            raise self.fail()
        return values


class BoothTypeInput(Input):
    id = Number(integer=True, min=1, max=MAX_ID, message=_l("Unknown booth type."),
                metadata={"description": "When editing a fair: the booth type to change (leave out to add a new one)"})
    name = Text(120, required=True, message=_BOOTH)
    name_en = Text(120)
    price_vnd = Number(money=True, required=True, min=0, max=MAX_BOOTH_PRICE, message=_BOOTH,
                       metadata={"description": "Whole VND"})
    capacity = Number(integer=True, required=True, min=1, max=5000, message=_BOOTH)
    green_zone = Flag()
    code_prefix = Text(6)


class BoothTypes(Field):
    """The fair's booth types (1 to 10), each as BoothTypeInput reads it; every row's problems are the
    field's messages."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.metadata.setdefault("type", "array")
        self.metadata.setdefault("items", {"type": "object", "properties": {
            "id": {"type": "integer"}, "name": {"type": "string", "maxLength": 120},
            "name_en": {"type": "string", "maxLength": 120}, "price_vnd": {"type": "integer", "minimum": 0},
            "capacity": {"type": "integer", "minimum": 1, "maximum": 5000}, "green_zone": {"type": "boolean"},
            "code_prefix": {"type": "string", "maxLength": 6}}, "required": ["name", "price_vnd", "capacity"]})
        self.metadata.setdefault("minItems", 1)
        self.metadata.setdefault("maxItems", MAX_BOOTH_TYPES)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, (list, tuple)) or not value:
            raise self.fail()
        if len(value) > MAX_BOOTH_TYPES:
            raise self.fail(_("At most %(n)d items.", n=MAX_BOOTH_TYPES))
        out, problems = [], []
        for row in value:
            try:
                if not isinstance(row, dict):
                    raise ValidationError({"_row": [str(_BOOTH)]})
                booth = BoothTypeInput().load(row)
            except ValidationError as exc:
                for messages in exc.messages.values():
                    for m in messages if isinstance(messages, list) else [messages]:
                        if str(m) not in problems:
                            problems.append(str(m))
                continue
            prefix = "".join(c for c in (booth.get("code_prefix") or "").upper() if c.isalnum())[:6]
            booth["code_prefix"] = prefix or chr(ord("A") + len(out))
            booth.setdefault("name_en", "")
            booth.setdefault("green_zone", False)
            out.append(booth)
        if problems:
            raise ValidationError(problems)
        return out


class FairInput(Input):
    """A fair with its booth types, from the create and edit forms and the API alike (an edit is laid over
    the fair and checked as a whole)."""

    name = Text(200, min_len=3, required=True, message=_l("Enter the fair's name (3–200 characters)."))
    name_en = Text(200)
    description = Text(5000)
    description_en = Text(5000)
    starts_on = Date(required=True, message=_l("Enter the first day."))
    ends_on = Date(required=True, message=_l("Enter the last day."))
    online = Flag()
    venue = Text(300)
    province_code = Province(message=_l("Unknown province."))
    themes = Tags()
    categories = Tags()
    application_deadline = LocalDateTime(required=True)
    green_zone = Flag()
    green_zone_note = Text(500)
    booth_types = BoothTypes(required=True, message=_l("Add at least one booth type."))

    @post_load
    def _defaults(self, data, **kwargs):
        for key in ("name_en", "description", "description_en", "venue", "green_zone_note"):
            data.setdefault(key, "")
        for key in ("online", "green_zone"):
            data.setdefault(key, False)
        for key in ("themes", "categories"):
            data.setdefault(key, [])
        data.setdefault("province_code", None)
        return data

    @validates_schema(skip_on_field_errors=False)
    def _whole_fair(self, data, **kwargs):
        problems: dict[str, list[str]] = {}
        starts, ends, deadline = data.get("starts_on"), data.get("ends_on"), data.get("application_deadline")
        if starts and ends and ends < starts:
            problems["ends_on"] = [_("The last day cannot be before the first day.")]
        if not data.get("online") and "venue" not in problems and (not data.get("venue") or not data.get("province_code")):
            problems["venue"] = [_("Enter the venue and province, or mark the fair as online.")]
        if deadline and starts and deadline.date() > starts:
            problems["application_deadline"] = [_("The deadline must be before the fair starts.")]
        if problems:
            raise ValidationError(problems)


class FairCancelInput(Input):
    reason = Text(500, required=True, message=_l("Tell the exhibitors why the fair is cancelled."),
                  metadata={"description": "Sent to the exhibitors"})


class ApplicationInput(Input):
    """An application for a booth. `fair` and `org_id`: the booth type must be the fair's, the listings the
    organisation's own published ones."""

    booth_type_id = Number(integer=True, required=True, min=1, max=MAX_ID,
                           message=_l("Choose a booth type of this fair."))
    listing_ids = Ids(required=True, max_items=MAX_LISTINGS,
                      message=_l("Choose between 1 and %(n)d of your published listings.", n=MAX_LISTINGS))
    message = Text(1000)

    def __init__(self, *args, fair=None, org_id: int | None = None, **kwargs):
        self.fair, self.org_id = fair, org_id
        super().__init__(*args, **kwargs)

    @validates_schema(skip_on_field_errors=False)
    def _the_fairs_booths_and_own_listings(self, data, **kwargs):
        from . import listings as listing_data

        problems: dict[str, list[str]] = {}
        if self.fair is not None and data.get("booth_type_id") is not None and \
                all(b.id != data["booth_type_id"] for b in self.fair.booth_types):
            problems["booth_type_id"] = [_("Choose a booth type of this fair.")]
        if data.get("listing_ids"):
            _ok, bad = listing_data.own_published_ids(self.org_id, data["listing_ids"])
            if bad:
                problems["listing_ids"] = [_("Only your own published listings can be shown at a fair.")]
        if problems:
            raise ValidationError(problems)


class DecisionInput(Input):
    decision = Choice(["approve", "waitlist", "reject"], required=True, message=_l("Unknown decision."))
    reason = Text(500)

    @validates_schema(skip_on_field_errors=True)
    def _reason_to_reject(self, data, **kwargs):
        if data.get("decision") == "reject" and not data.get("reason"):
            raise ValidationError({"reason": [_("Give the producer a reason.")]})


class ReasonInput(Input):
    """An optional reason (withdrawing an application, cancelling a booth, declining a meeting)."""

    reason = Text(500)


class SlotInput(Input):
    """A meeting slot in Vietnam time: its start and either its end (API) or its length in minutes (the
    page). `fair`: the slot must fall on the fair's days."""

    starts_at = LocalDateTime(required=True)
    ends_at = LocalDateTime()
    minutes = Number(integer=True, min=MIN_MINUTES, max=MAX_MINUTES,
                     message=_l("A slot lasts between %(a)d and %(b)d minutes.", a=MIN_MINUTES, b=MAX_MINUTES))
    location = Text(120)

    def __init__(self, *args, fair=None, **kwargs):
        self.fair = fair
        super().__init__(*args, **kwargs)

    @post_load
    def _end(self, data, **kwargs):
        if data.get("ends_at") is None and data.get("minutes") is not None:
            data["ends_at"] = data["starts_at"] + dt.timedelta(minutes=data["minutes"])
        data.pop("minutes", None)
        data.setdefault("location", "")
        return data

    @validates_schema(skip_on_field_errors=True)
    def _length_and_days(self, data, **kwargs):
        start, end, minutes = data.get("starts_at"), data.get("ends_at"), data.get("minutes")
        if end is None and minutes is None:
            raise ValidationError({"ends_at": [_("Enter a start and an end time.")]})
        if end is not None:
            length = (end - start).total_seconds() / 60
            if not MIN_MINUTES <= length <= MAX_MINUTES:
                raise ValidationError({"ends_at": [_("A slot lasts between %(a)d and %(b)d minutes.",
                                                     a=MIN_MINUTES, b=MAX_MINUTES)]})
        else:
            end = start + dt.timedelta(minutes=minutes)
        if self.fair is not None:
            first = dt.datetime.combine(self.fair.starts_on, dt.time(0, 0), VN).astimezone(dt.UTC).replace(tzinfo=None)
            last = dt.datetime.combine(self.fair.ends_on + dt.timedelta(days=1), dt.time(0, 0), VN) \
                .astimezone(dt.UTC).replace(tzinfo=None)
            if start < first or end > last:
                raise ValidationError({"starts_at": [_("Slots must fall on the days of the fair.")]})


class MeetingInput(Input):
    slot_id = Number(integer=True, required=True, min=1, max=MAX_ID, message=_l("Slot not found."))
    message = Text(1000)


def _packages() -> list[str]:
    from .promotions import PACKAGES

    return list(PACKAGES)


class PromotionInput(Input):
    listing_id = Number(integer=True, required=True, min=1, max=MAX_ID,
                        message=_l("Only your own published listings can be promoted."))
    package = Choice(_packages, required=True, message=_l("Choose a package."),
                     metadata={"enum": ["7d", "14d", "30d"]})


class BoothTypeSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    name_en = fields.String()
    price_vnd = fields.Integer(metadata={"description": "Whole VND"})
    capacity = fields.Integer()
    green_zone = fields.Boolean()
    code_prefix = fields.String()


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


class FairListArgs(PageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    upcoming = fields.Boolean(load_default=False)


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


class ApplicationListArgs(Schema):
    status = fields.String(validate=validate.OneOf(["submitted", "approved", "waitlisted", "rejected", "cancelled"]))


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


class MeetingSchema(Schema):
    id = fields.Integer(dump_only=True)
    fair_id = fields.Integer(dump_only=True)
    slot_id = fields.Integer(dump_only=True)
    exhibitor_org_id = fields.Integer(dump_only=True)
    starts_at = fields.Function(lambda m: m.slot.starts_at.isoformat(), dump_only=True)
    ends_at = fields.Function(lambda m: m.slot.ends_at.isoformat(), dump_only=True)
    message = fields.String(dump_only=True)


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
