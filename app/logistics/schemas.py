from marshmallow import Schema, fields, validate

from .. import vn
from ..inputs import Id
from ..pagination import SearchPageArgsSchema
from . import factors
from .models import QuoteStatus


class ShipmentEstimateArgsSchema(Schema):
    weight_kg = fields.Float(required=True, allow_nan=False)
    volume_m3 = fields.Float(allow_none=True, allow_nan=False)
    origin = fields.String(required=True, validate=validate.Length(max=8))
    destination = fields.String(required=True, validate=validate.Length(max=8))
    mode = fields.String(allow_none=True, validate=validate.Length(max=40),
                         metadata={"description": "a vehicle class, a mode (road, rail, inland_waterway, coastal, "
                                                  "multimodal) or 'all' (default)"})


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
    province = fields.List(fields.String(validate=validate.OneOf(list(vn.provinces()))), load_default=list)
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


class IntensityVerifySchema(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=500))


class TransportRouteCreateSchema(Schema):
    origin = fields.String(required=True, validate=validate.Length(max=8))
    destination = fields.String(required=True, validate=validate.Length(max=8))
    weight_kg = fields.Float(required=True, allow_nan=False)
    volume_m3 = fields.Float(allow_none=True, allow_nan=False)
    cold_chain = fields.Boolean(load_default=False)
    reference = fields.String(load_default="", validate=validate.Length(max=200))
    deal_id = Id(allow_none=True)


class DealRouteCreateSchema(Schema):
    weight_kg = fields.Float(allow_none=True, allow_nan=False,
                             metadata={"description": "Needed only when the deal's weight is unknown (unit not kg/tonne "
                                                      "and no unit_weight_kg on the listing)."})
    volume_m3 = fields.Float(allow_none=True, allow_nan=False)
    cold_chain = fields.Boolean(load_default=False)


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


class TransportQuoteRequestSchema(Schema):
    provider_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=10))
    message = fields.String(load_default="", validate=validate.Length(max=1000))


class TransportQuoteAnswerSchema(Schema):
    vehicle_class = fields.String(required=True, validate=validate.OneOf(list(factors.table().classes)))
    price_vnd = fields.Integer(required=True)
    transit_days = fields.Float(required=True, allow_nan=False)
    committed_co2e_kg = fields.Float(required=True, allow_nan=False)
    provider_note = fields.String(load_default="", validate=validate.Length(max=1000))


class TransportQuoteDeclineSchema(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=1000))


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
