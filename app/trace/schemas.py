"""Input schemas of the trace services (pages and API feed them the same dict) and output schemas of
/api/v1/trace."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validates_schema

from .. import clock
from ..inputs import MAX_ID
from ..pagination import PageArgsSchema
from ..validation import Choice, Date, Field, Input, Number, Text
from . import digital_link, footprint

# ------------------------------------------------------------------ input (owned by the services)
# Pages and the API hand the services the same plain dict; the services load it with these schemas, so a
# form and the API refuse the same input with the same field messages. Numbers (`1.234,5` kg in
# Vietnamese, `1,234.5` in English) and dates (ISO or the locale's short date) are read by app.l10n.

MAX_QTY = 1e12
MAX_COMPONENTS = 12
MAX_PERIOD_DAYS = 400
MAX_EPCIS_DAYS = 366
DQL_LEVELS = (1, 2, 3, 4)
_PCT = _l("Enter a percentage from 0 to 100.")
_YIELD = _l("Enter a yield above 0 and at most 100 %.")
_DQL = _l("Choose a data quality level from 1 to 4.")


def _not_after_today(message):
    def check(value):
        if value is not None and value > clock.today():
            raise ValidationError(str(message))
    return check


def _not_before_2000(value):
    if value is not None and value < dt.date(2000, 1, 1):
        raise ValidationError(_("Enter a production date after 2000."))


def _materials() -> list[str]:
    return [*footprint.table().materials, "other"]


def _dql() -> Number:
    return Number(integer=True, min=DQL_LEVELS[0], max=DQL_LEVELS[-1], message=_DQL,
                  metadata={"description": "DIN SPEC 91446 data quality level 1–4"})


def _pct(message=_PCT) -> Number:
    return Number(min=0, max=100, message=message)


def _yield() -> Number:
    return Number(min=0, min_inclusive=False, max=100, message=_YIELD)


def _reason(message) -> Text:
    return Text(500, min_len=5, required=True, message=message)


class LotNumber(Text):
    """A GS1 AI (10) lot number: 1–20 characters of GS1 character set 82, no spaces, no accents."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not digital_link.valid_lot(value):
            raise self.fail(_("Use 1–20 letters (without accents), digits or !\"%&'()*+,-./:;<=>?_ — no spaces."))
        return value


class Evidence(Field):
    """An uploaded file (a form's file field or a multipart part); its content is checked when stored."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.metadata.setdefault("type", "string")
        self.metadata.setdefault("format", "binary")

    def _deserialize(self, value, attr, data, **kwargs):
        if not getattr(value, "filename", "") or not hasattr(value, "read"):
            raise self.fail()
        return value


class Components(Field):
    """The composition of one unit: rows {material, mass_kg, recycled_pct}; a form's empty rows are skipped."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.metadata.setdefault("type", "array")
        self.metadata.setdefault("items", {"type": "object", "properties": {
            "material": {"type": "string"}, "mass_kg": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
            "recycled_pct": {"type": "number", "minimum": 0, "maximum": 100}}, "required": ["material", "mass_kg"]})
        self.metadata.setdefault("maxItems", MAX_COMPONENTS)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, (list, tuple)) or len(value) > 50:
            raise self.fail()
        known = set(_materials())
        mass, share = Number(min=0, min_inclusive=False, max=100_000), Number(min=0, max=100)
        out, problems = [], []
        for n, row in enumerate(value, 1):
            if isinstance(row, Mapping) and row.get("material") in (None, "") and row.get("mass_kg") in (None, ""):
                continue  # an empty row of the form
            try:
                material = str(row.get("material") or "").strip() if isinstance(row, Mapping) else ""
                kg = mass.deserialize(row.get("mass_kg")) if material in known else None
                if kg is None:
                    raise ValidationError("")
                recycled = share.deserialize(row.get("recycled_pct")) or 0.0
            except ValidationError:
                problems.append(_("Row %(n)d: choose a material, a mass per unit above 0 kg and a recycled share from "
                                  "0 to 100 %%.", n=n))
                continue
            out.append({"material": material, "mass_kg": float(kg), "recycled_pct": float(recycled)})
        if len(out) > MAX_COMPONENTS:
            problems.append(_("At most %(n)d materials.", n=MAX_COMPONENTS))
        if problems:
            raise ValidationError(problems)
        return out


class TraceLotInput(Input):
    """A lot's own values (recording; a correction loads the fields it changes over `current`)."""

    lot_number = LotNumber(40, required=True, message=_l("Enter the lot number."))
    production_date = Date(required=True, validate=[_not_after_today(_l("The production date cannot be in the future.")),
                                                    _not_before_2000])
    expiry_date = Date()
    quantity = Number(required=True, min=0, min_inclusive=False, max=MAX_QTY, message=_l("Enter a quantity greater than 0."))
    recycled_pct = _pct()
    yield_pct = _yield()
    dql = _dql()
    note = Text(500)

    def __init__(self, *args, current=None, **kwargs):
        self.current = current  # the lot being corrected: its dates count when only one of them changes
        super().__init__(*args, **kwargs)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _expiry_after_production(self, data, original, **kwargs):
        if "expiry_date" in original and "expiry_date" not in data:
            return  # the expiry date itself is wrong: one message is enough
        produced = data.get("production_date", getattr(self.current, "production_date", None))
        expiry = data["expiry_date"] if "expiry_date" in data else getattr(self.current, "expiry_date", None)
        if produced and expiry and expiry < produced:
            raise ValidationError(_("The expiry date must not be before the production date."), "expiry_date")


class TraceLotCreateInput(TraceLotInput):
    listing_id = Number(integer=True, min=1, max=MAX_ID, required=True, message=_l("Choose one of your products."))


class TraceCorrectionInput(TraceLotInput):
    reason = _reason(_l("Say why the lot is corrected (at least 5 characters)."))

    class Meta(Input.Meta):
        exclude = ("lot_number",)  # a wrong lot number means voiding the lot and recording a new one


class TraceVoidInput(Input):
    reason = _reason(_l("Say why the lot is voided (at least 5 characters)."))


class TraceInputRemovalInput(Input):
    reason = _reason(_l("Say why the input is removed (at least 5 characters)."))


class TraceDispatchCancelInput(Input):
    reason = _reason(_l("Say why the shipment is cancelled (at least 5 characters)."))


_KIND = _l("Choose a platform or an outside input.")
_MASS_USED = _l("Enter the mass used in kg, greater than 0.")
_RECEIVED_FUTURE = _l("The receiving date cannot be in the future.")


class TracePlatformInput(Input):
    """An input received on the platform: (part of) a lot shipped to the producer under a deal."""

    kind = Choice(("platform", "outside"), message=_KIND)
    dispatch_id = Number(integer=True, min=1, max=MAX_ID, required=True,
                         message=_l("Choose a lot shipped to your organisation under a deal."))
    mass_kg = Number(required=True, min=0, min_inclusive=False, max=MAX_QTY, message=_MASS_USED)
    received_on = Date(validate=_not_after_today(_RECEIVED_FUTURE))


class TraceOutsideInput(Input):
    """An input bought outside the platform, with its evidence file."""

    kind = Choice(("platform", "outside"), message=_KIND)
    supplier_name = Text(200, required=True, message=_l("Name the supplier."))
    description = Text(200, required=True, message=_l("Describe the input (what it is)."))
    material = Choice(_materials, message=_l("Choose a material from the list."))
    mass_kg = Number(required=True, min=0, min_inclusive=False, max=MAX_QTY, message=_MASS_USED)
    recycled_pct = _pct()
    dql = _dql()
    received_on = Date(required=True, validate=_not_after_today(_RECEIVED_FUTURE))
    evidence = Evidence(required=True,
                        message=_l("Attach the evidence (delivery note, invoice or certificate) as PDF, JPEG or PNG."))


class TraceDispatchInput(Input):
    """(Part of) a lot shipped under a deal the producer supplies."""

    deal_id = Number(integer=True, min=1, max=MAX_ID, required=True, message=_l("Unknown deal."))
    quantity = Number(required=True, min=0, min_inclusive=False, max=MAX_QTY, message=_l("Enter a quantity greater than 0."))
    mass_kg = Number(min=0, min_inclusive=False, max=MAX_QTY, message=_l("Enter the mass shipped in kg, greater than 0."),
                     metadata={"description": "Needed only when the mass of one unit is not known"})
    shipped_on = Date(validate=_not_after_today(_l("The shipping date must be between the production date and today.")))


class TraceProfileInput(Input):
    """A listing's trace profile; fields left out keep their value, `components` replaces the composition."""

    components = Components(message=_l("Give the composition as a list of materials."))
    dql = _dql()
    balance_model = Choice(("lot", "period"), message=_l("Choose per lot or per period."))
    default_yield_pct = _yield()


class TracePeriodInput(Input):
    """A mass-balance period: inclusive dates, at most MAX_PERIOD_DAYS days."""

    start = Date(required=True)
    end = Date(required=True)

    @validates_schema
    def _a_period(self, data, **kwargs):
        _period(data["start"], data["end"], MAX_PERIOD_DAYS, "end")


class TraceEpcisInput(Input):
    """A period of business dates, at most MAX_EPCIS_DAYS days."""

    start = Date(required=True, data_key="from")
    end = Date(required=True, data_key="to")

    @validates_schema
    def _a_period(self, data, **kwargs):
        _period(data["start"], data["end"], MAX_EPCIS_DAYS, "to")


def _period(start, end, days: int, field: str) -> None:
    if end < start:
        raise ValidationError(_("The period must end on or after its start."), field)
    if (end - start).days + 1 > days:
        raise ValidationError(_("A period is at most %(n)d days.", n=days), field)


class TraceDeclarationInput(Input):
    claim_id = Number(integer=True, min=1, max=MAX_ID, required=True,
                      message=_l("Choose one of your carbon footprint (ISO 14067) claims for this product."))
    kg_co2e_per_unit = Number(required=True, min=0, min_inclusive=False, max=1_000_000,
                              message=_l("Enter the footprint in kg CO2e per unit, greater than 0."))
    note = Text(2000)


class TraceDeclarationReviewInput(Input):
    decision = Choice(("confirm", "reject"), required=True, message=_l("Confirm or reject."))
    note = Text(1000)

    @validates_schema
    def _reason_for_rejecting(self, data, **kwargs):
        if data.get("decision") == "reject" and len(data.get("note") or "") < 5:
            raise ValidationError(_("Give the reason (at least 5 characters)."), "note")


class TraceFlagReviewInput(Input):
    note = Text(1000, min_len=5, required=True, message=_l("Write a note of 5 to 1,000 characters."))


# ------------------------------------------------------------------ output

class TracePeriodSchema(Schema):
    id = fields.Integer()
    start = fields.Date()
    end = fields.Date()


class TraceDeclarationSchema(Schema):
    id = fields.Integer()
    listing_id = fields.Integer()
    claim_id = fields.Integer()
    kg_co2e_per_unit = fields.Float()
    status = fields.Function(lambda d: d.status.value)
    note = fields.String()
    review_note = fields.String()


class TraceCoverageSchema(Schema):
    status = fields.String(metadata={"description": "covered | shortfall | unknown | none (nothing claimed)"})
    model = fields.String()
    required_kg = fields.Float()
    available_kg = fields.Float()
    shortfall_kg = fields.Float()
    covered_share = fields.Float()


class TraceInputSchema(Schema):
    id = fields.Integer()
    kind = fields.Function(lambda i: i.kind.value)
    dispatch_id = fields.Integer(allow_none=True)
    source_lot_id = fields.Integer(allow_none=True)
    deal_id = fields.Integer(allow_none=True)
    supplier_name = fields.String()
    description = fields.String()
    material = fields.String()
    mass_kg = fields.Float()
    recycled_pct = fields.Float()
    dql = fields.Integer(allow_none=True)
    received_on = fields.Date()
    has_evidence = fields.Function(lambda i: bool(i.evidence_path))
    removed = fields.Function(lambda i: i.removed_at is not None)


class LotSchema(Schema):
    id = fields.Integer()
    listing_id = fields.Integer()
    lot_number = fields.String()
    gtin = fields.String(allow_none=True)
    uri = fields.String(metadata={"description": "what the QR code encodes: GS1 Digital Link or internal identifier URI"})
    production_date = fields.Date()
    expiry_date = fields.Date(allow_none=True)
    quantity = fields.Float()
    unit = fields.String()
    unit_mass_kg = fields.Float(allow_none=True)
    components = fields.List(fields.Dict())
    recycled_pct = fields.Float(allow_none=True)
    yield_pct = fields.Float()
    dql = fields.Integer(allow_none=True)
    note = fields.String()
    status = fields.Function(lambda lot: lot.status.value)
    version = fields.Integer()
    inputs = fields.List(fields.Nested(TraceInputSchema))
    coverage = fields.Nested(TraceCoverageSchema)
    recycled_badge = fields.Boolean()
    footprint_kg_per_unit = fields.Float(allow_none=True)
    footprint_basis = fields.String()


class LotListArgsSchema(PageArgsSchema):
    listing_id = fields.Integer()
    status = Choice(("active", "voided"), message=_l("Unknown status."))


class LotListSchema(Schema):
    items = fields.List(fields.Nested(LotSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()


class TraceEventSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    data = fields.Dict()
    reason = fields.String()
    user_id = fields.Integer(allow_none=True)
    organisation_id = fields.Integer()
    created_at = fields.DateTime()


class TraceDispatchSchema(Schema):
    id = fields.Integer()
    lot_id = fields.Integer()
    deal_id = fields.Integer()
    quantity = fields.Float()
    mass_kg = fields.Float()
    shipped_on = fields.Date()
    received_on = fields.Date(allow_none=True)
    recycled_pct = fields.Float()
    dql = fields.Integer(allow_none=True)
    cancelled = fields.Function(lambda d: d.voided_at is not None)


class TraceAvailableDispatchSchema(TraceDispatchSchema):
    kg_left = fields.Float()
    supplier = fields.String()
    lot_number = fields.String()


class TraceFlagSchema(Schema):
    id = fields.Integer()
    lot_id = fields.Integer()
    status = fields.Function(lambda f: f.status.value)
    required_kg = fields.Float()
    available_kg = fields.Float()
    opened_at = fields.DateTime()
    resolved_at = fields.DateTime(allow_none=True)
    review_note = fields.String()


class TraceFlagListArgsSchema(PageArgsSchema):
    status = Choice(("open", "resolved"), message=_l("Unknown status."))


class TraceFlagListSchema(Schema):
    items = fields.List(fields.Nested(TraceFlagSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()


class TraceQrArgsSchema(Schema):
    size = Choice(("s", "m", "l"), load_default="m", message=_l("Choose a print size: s, m or l."))


class ListingTraceSchema(Schema):
    listing_id = fields.Integer()
    components = fields.List(fields.Dict())
    dql = fields.Integer(allow_none=True)
    balance_model = fields.String()
    default_yield_pct = fields.Float()
    periods = fields.List(fields.Nested(TracePeriodSchema))
    footprint_kg_per_unit = fields.Float(allow_none=True)
    footprint_basis = fields.String()
    footprint_gaps = fields.List(fields.String())
    factors = fields.List(fields.Dict())
