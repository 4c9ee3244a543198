"""Input schemas (owned by the services: pages and API hand them the same dict) and output schemas."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate

from .. import vn
from ..inputs import MAX_ID, Id
from ..pagination import SearchPageArgsSchema
from ..validation import Choice, Codes, Field, Flag, Ids, Input, Number, Province, Provinces, Text
from . import factors
from .models import QuoteStatus

MAX_PRICE_VND = 100_000_000_000  # 100 billion ₫
MAX_INTENSITY = 5000.0  # g CO2e / tkm: above any freight mode (air short-haul is about 1,000)
MAX_PROVIDERS_PER_REQUEST = 10
_PROVINCE = _l("Choose one of the 34 provinces.")


def _modes() -> list[str]:
    return ["all", *factors.MODE_LABELS, *factors.table().classes]


def _classes() -> list[str]:
    return list(factors.table().classes)


def _weight(required: bool = True, **kwargs) -> Number:
    return Number(required=required, min=0, min_inclusive=False, max=factors.MAX_WEIGHT_KG,
                  message=_l("Enter a weight in kg greater than zero (at most 1,000,000 kg per shipment)."), **kwargs)


def _volume() -> Number:
    return Number(min=0, min_inclusive=False, max=100_000, message=_l("Enter a volume in m³ greater than zero."))


class EstimateInput(Input):
    """A shipment to estimate: weight, the two provinces (code with or without the leading zero, or name)
    and optionally a mode or vehicle class."""

    weight_kg = _weight()
    volume_m3 = _volume()
    origin = Province(required=True, message=_PROVINCE, metadata={"description": "Province code (01 or 1) or name"})
    destination = Province(required=True, message=_PROVINCE)
    mode = Choice(_modes, message=_l("Unknown transport mode."),
                  metadata={"description": "a vehicle class, a mode (road, rail, inland_waterway, coastal, "
                                           "multimodal) or 'all' (default)"})


ShipmentEstimateArgsSchema = EstimateInput  # (the API's name for it)


class RouteInput(Input):
    """A shipper's shipment."""

    origin = Province(required=True, message=_PROVINCE)
    destination = Province(required=True, message=_PROVINCE)
    weight_kg = _weight()
    volume_m3 = _volume()
    cold_chain = Flag()
    reference = Text(200)
    deal_id = Number(integer=True, min=1, max=MAX_ID, message=_l("Unknown deal."))


class DealRouteInput(Input):
    weight_kg = _weight(False, metadata={"description": "Needed only when the deal's weight is unknown (unit not "
                                                        "kg/tonne and no unit_weight_kg on the listing)."})
    volume_m3 = _volume()
    cold_chain = Flag()


class QuoteRequestInput(Input):
    provider_ids = Ids(required=True, max_items=MAX_PROVIDERS_PER_REQUEST,
                       message=_l("Choose at least one provider, at most %(n)d at a time.", n=MAX_PROVIDERS_PER_REQUEST))
    message = Text(1000)


class QuoteAnswerInput(Input):
    vehicle_class = Choice(_classes, required=True, message=_l("Choose a vehicle or vessel class."))
    price_vnd = Number(money=True, required=True, min=1, max=MAX_PRICE_VND, message=_l("Enter the price in ₫."))
    transit_days = Number(required=True, min=0.1, max=90, message=_l("Enter the transit time in days (0.1 to 90)."))
    committed_co2e_kg = Number(required=True, min=0, max=10_000_000, message=_l("Enter the CO2e you commit to, in kg."))
    provider_note = Text(1000)


class NoteInput(Input):
    """Declining a request, or verifying an intensity: an optional note."""

    note = Text(1000)


class VerifyInput(Input):
    note = Text(500)


class Corridors(Field):
    """Corridors served beyond the provinces: pairs of two different provinces, as a list of pairs or as a
    form's text `79-1, 92-79`; returned as [[code, code], …] (at most 50)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.metadata.setdefault("type", "array")
        self.metadata.setdefault("items", {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2})

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = [c.strip().split("-") for c in value.replace(";", ",").split(",") if c.strip()]
        if not isinstance(value, (list, tuple)) or len(value) > 50:
            raise self.fail()
        out = []
        for pair in value:
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise self.fail()
            a, b = (vn.province(p.strip() if isinstance(p, str) else p) for p in pair)
            if a is None or b is None or a.code == b.code:
                raise self.fail()
            out.append([a.code, b.code])
        return out


class Fleet(Field):
    """The whole fleet, one row per vehicle class: {vehicle_class, count, emission_standard,
    declared_intensity, intensity_basis}. A form's rows without a count are skipped (classes not run)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.metadata.setdefault("type", "array")
        self.metadata.setdefault("items", {"type": "object", "properties": {
            "vehicle_class": {"type": "string"}, "count": {"type": "integer", "minimum": 1},
            "emission_standard": {"type": "string"}, "declared_intensity": {"type": "number", "nullable": True},
            "intensity_basis": {"type": "string"}}, "required": ["vehicle_class", "count"]})

    def _deserialize(self, value, attr, data, **kwargs):
        from .services import EMISSION_STANDARDS

        classes = factors.table().classes
        if not isinstance(value, (list, tuple)) or len(value) > len(classes):
            raise self.fail()
        count = Number(integer=True, min=1, max=100_000)
        intensity = Number(min=0, max=MAX_INTENSITY)
        out, seen, problems = [], set(), []

        def problem(message):
            if str(message) not in problems:
                problems.append(str(message))

        for row in value:
            if isinstance(row, dict) and row.get("count") in (None, "") and not row.get("declared_intensity"):
                continue  # a class the form offered and the provider does not run
            if not isinstance(row, dict) or row.get("vehicle_class") not in classes or row["vehicle_class"] in seen:
                problem(_("Each vehicle class once, from the list."))
                continue
            seen.add(row["vehicle_class"])
            entry = {"vehicle_class": row["vehicle_class"], "emission_standard": row.get("emission_standard") or ""}
            basis = row.get("intensity_basis") or ""
            entry["intensity_basis"] = basis.strip() if isinstance(basis, str) else ""
            if entry["emission_standard"] not in EMISSION_STANDARDS:
                problem(_("Unknown emission standard."))
            try:
                entry["count"] = count.deserialize(row.get("count"))
                if entry["count"] is None:
                    raise ValidationError("")
            except ValidationError:
                problem(_("Fleet size is a whole number from 1."))
            try:
                entry["declared_intensity"] = intensity.deserialize(row.get("declared_intensity"))
            except ValidationError:
                problem(_("Emission intensity is g CO2e per tonne-km, between 0 and %(n)d.", n=int(MAX_INTENSITY)))
                continue
            if entry["declared_intensity"] is not None and len(entry["intensity_basis"]) < 10:
                problem(_("Say how the intensity was measured (period, data, method)."))
            if len(entry["intensity_basis"]) > 500:
                problem(_("At most %(n)d characters.", n=500))
            out.append(entry)
        if problems:
            raise ValidationError(problems)
        return out


class ProfileInput(Input):
    """A logistics provider's green profile; fields left out keep their value, `fleet` replaces the fleet."""

    summary = Text(3000)
    services = Codes(lambda: list(_services()), max_items=20, message=_l("Choose services from the list."))
    provinces = Provinces(message=_l("Choose provinces from the list of 34."))
    corridors = Corridors(message=_l("A corridor is two different province codes, e.g. 79-1."))
    cold_chain = Flag()
    warehouse_features = Codes(lambda: list(_features()), max_items=20, message=_l("Choose features from the list."))
    warehouse_area_m2 = Number(integer=True, min=0, max=10_000_000,
                               message=_l("Enter the warehouse area in whole m² (0 or more)."))
    certifications = Codes(lambda: list(_certifications()), max_items=20,
                           message=_l("Choose certifications from the list."))
    certifications_other = Text(300)
    capacity_tonnes_month = Number(integer=True, min=0, max=100_000_000,
                                   message=_l("Enter the capacity in whole tonnes per month (0 or more)."))
    capacity_note = Text(300)
    fleet = Fleet(message=_l("Give the fleet as a list of vehicle classes."),
                  metadata={"description": "Replaces the whole fleet"})
    published = Flag()


def _services():
    from .services import SERVICES

    return SERVICES


def _features():
    from .services import WAREHOUSE_FEATURES

    return WAREHOUSE_FEATURES


def _certifications():
    from .services import CERTIFICATIONS

    return CERTIFICATIONS


class ModeEstimateSchema(Schema):
    vehicle_class = fields.String()
    label = fields.String()
    mode = fields.String()
    mode_label = fields.String()
    distance_km = fields.Float(allow_none=True)
    circuity = fields.Float(allow_none=True)
    factor_g_per_tkm = fields.Float(allow_none=True, metadata={"description": "g CO2e per tonne-km, well-to-wheel"})
    factor_basis = fields.String(metadata={"description": "default | verified_provider | none"})
    source = fields.String()
    source_url = fields.String()
    rows = fields.List(fields.String())
    co2e_kg = fields.Float(allow_none=True)
    note = fields.String()


class ShipmentEstimateSchema(Schema):
    origin = fields.String()
    origin_name = fields.String()
    destination = fields.String()
    destination_name = fields.String()
    weight_kg = fields.Float()
    great_circle_km = fields.Float()
    same_province = fields.Boolean()
    factors_version = fields.String()
    results = fields.List(fields.Nested(ModeEstimateSchema))


class FleetEntrySchema(Schema):
    vehicle_class = fields.String(required=True, validate=validate.OneOf(list(factors.table().classes)))
    count = fields.Integer(required=True)
    emission_standard = fields.String(load_default="", validate=validate.Length(max=20))
    declared_intensity = fields.Float(allow_none=True, allow_nan=False)
    intensity_basis = fields.String(load_default="", validate=validate.Length(max=500))
    # dump only
    label = fields.String(dump_only=True)
    mode = fields.String(dump_only=True, allow_none=True)
    intensity_status = fields.String(dump_only=True, metadata={"description": "verified | declared | default"})
    default_factor = fields.Float(dump_only=True, allow_none=True)


class ProviderSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    legal_name = fields.String(dump_only=True)
    province = fields.String(dump_only=True)
    province_name = fields.String(dump_only=True)
    modes = fields.List(fields.String(), dump_only=True)
    url = fields.String(dump_only=True)
    published = fields.Boolean()
    summary = fields.String(validate=validate.Length(max=3000))
    provinces = fields.List(fields.String(validate=validate.Length(max=8)), validate=validate.Length(max=34))
    corridors = fields.List(fields.List(fields.String(validate=validate.Length(max=8))), validate=validate.Length(max=50))
    services = fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=20))
    certifications = fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=20))
    certifications_other = fields.String(validate=validate.Length(max=300))
    cold_chain = fields.Boolean()
    warehouse_features = fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=20))
    warehouse_area_m2 = fields.Integer(allow_none=True)
    capacity_tonnes_month = fields.Integer(allow_none=True)
    capacity_note = fields.String(validate=validate.Length(max=300))
    fleet = fields.List(fields.Nested(FleetEntrySchema), validate=validate.Length(max=20))


class ProviderSearchArgsSchema(SearchPageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=100))
    mode = fields.List(fields.String(validate=validate.OneOf(factors.modes())), load_default=list)
    province = fields.List(Province(message=_PROVINCE), load_default=list)
    certification = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    cold_chain = fields.Boolean(load_default=False)


class ProviderFacetValueSchema(Schema):
    value = fields.String()
    count = fields.Integer()
    label = fields.String()


class ProviderSearchBodySchema(Schema):
    items = fields.List(fields.Nested(ProviderSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(ProviderFacetValueSchema)))
    degraded = fields.Boolean(metadata={"description": "true while the search index is incomplete (being "
                                                       "rebuilt): some providers may be missing"})


class AcceptedTransportSchema(Schema):
    quote_id = fields.Integer()
    provider_id = fields.Integer()
    provider_name = fields.String()
    vehicle_class = fields.String()
    vehicle_label = fields.String()
    price_vnd = fields.Integer()
    transit_days = fields.Float()
    committed_co2e_kg = fields.Float()
    estimated_co2e_kg = fields.Float(allow_none=True)


class TransportQuoteSchema(Schema):
    id = fields.Integer()
    route_id = fields.Integer()
    provider_id = fields.Integer()
    provider_name = fields.Function(lambda q: q.provider.display_name)
    status = fields.Function(lambda q: q.status.value)
    message = fields.String()
    requested_at = fields.DateTime()
    vehicle_class = fields.String(allow_none=True)
    price_vnd = fields.Integer(allow_none=True)
    transit_days = fields.Float(allow_none=True)
    committed_co2e_kg = fields.Float(allow_none=True)
    estimated_co2e_kg = fields.Float(allow_none=True)
    provider_note = fields.String()
    answered_at = fields.DateTime(allow_none=True)


class TransportRouteSchema(Schema):
    id = fields.Integer()
    organisation_id = fields.Integer()
    origin = fields.String()
    origin_name = fields.Function(lambda r: vn.province_name(r.origin))
    destination = fields.String()
    destination_name = fields.Function(lambda r: vn.province_name(r.destination))
    weight_kg = fields.Float()
    volume_m3 = fields.Float(allow_none=True)
    cold_chain = fields.Boolean()
    reference = fields.String()
    deal_id = Id(allow_none=True)
    created_at = fields.DateTime()
    quotes = fields.Method("_quotes")
    accepted = fields.Method("_accepted", allow_none=True)

    def _quotes(self, route):
        return TransportQuoteSchema(many=True).dump(getattr(route, "visible_quotes", route.quotes))

    def _accepted(self, route):
        from .shipments import transport_summary

        accepted = transport_summary(route)["accepted"]
        return AcceptedTransportSchema().dump(accepted) if accepted else None


class ProviderMatchSchema(Schema):
    provider_id = fields.Integer()
    name = fields.String()
    vehicle_class = fields.String(allow_none=True)
    co2e_kg = fields.Float(allow_none=True)
    factor_basis = fields.String()
    certifications = fields.List(fields.String())
    capacity_tonnes_month = fields.Integer(allow_none=True)


class TransportRouteDetailSchema(TransportRouteSchema):
    estimate = fields.Nested(ShipmentEstimateSchema)
    matches = fields.List(fields.Nested(ProviderMatchSchema))


class TransportQuoteListArgsSchema(Schema):
    status = fields.String(validate=validate.OneOf([s.value for s in QuoteStatus]))


class TransportQuoteListSchema(Schema):
    items = fields.List(fields.Nested(TransportQuoteSchema))


class DealTransportSchema(Schema):
    route_id = fields.Integer()
    deal_id = fields.Integer()
    origin = fields.String()
    destination = fields.String()
    weight_kg = fields.Float()
    organisation_id = fields.Integer()
    organisation_name = fields.String()
    quotes_requested = fields.Integer()
    quotes_answered = fields.Integer()
    accepted = fields.Nested(AcceptedTransportSchema, allow_none=True)
