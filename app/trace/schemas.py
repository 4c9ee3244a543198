"""Marshmallow schemas of /api/v1/trace: types and lengths at the edge; the services check the rules."""
from marshmallow import Schema, fields, validate

from ..pagination import PageArgsSchema

_num = dict(allow_none=True, allow_nan=False)


class LotCreateSchema(Schema):
    listing_id = fields.Integer(required=True)
    lot_number = fields.String(required=True, validate=validate.Length(max=40))
    production_date = fields.Date(required=True)
    expiry_date = fields.Date(allow_none=True)
    quantity = fields.Float(required=True, allow_nan=False)
    recycled_pct = fields.Float(**_num)
    yield_pct = fields.Float(**_num)
    dql = fields.Integer(allow_none=True)
    note = fields.String(validate=validate.Length(max=600))


class LotCorrectionSchema(Schema):
    production_date = fields.Date()
    expiry_date = fields.Date(allow_none=True)
    quantity = fields.Float(allow_nan=False)
    recycled_pct = fields.Float(**_num)
    yield_pct = fields.Float(allow_nan=False)
    dql = fields.Integer(allow_none=True)
    note = fields.String(validate=validate.Length(max=600))
    reason = fields.String(required=True, validate=validate.Length(max=600))


class TraceReasonSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(max=600))


class TraceInputCreateSchema(Schema):
    kind = fields.String(validate=validate.OneOf(["platform", "outside"]))
    dispatch_id = fields.Integer(allow_none=True)
    supplier_name = fields.String(validate=validate.Length(max=240))
    description = fields.String(validate=validate.Length(max=240))
    material = fields.String(validate=validate.Length(max=30))
    mass_kg = fields.Float(required=True, allow_nan=False)
    recycled_pct = fields.Float(**_num)
    dql = fields.Integer(allow_none=True)
    received_on = fields.Date(allow_none=True)


class TraceDispatchCreateSchema(Schema):
    deal_id = fields.Integer(required=True)
    quantity = fields.Float(required=True, allow_nan=False)
    mass_kg = fields.Float(**_num)
    shipped_on = fields.Date(allow_none=True)


class TraceComponentSchema(Schema):
    material = fields.String(required=True, validate=validate.Length(max=30))
    mass_kg = fields.Float(required=True, allow_nan=False)
    recycled_pct = fields.Float(load_default=0, allow_nan=False)


class TraceProfileSchema(Schema):
    components = fields.List(fields.Nested(TraceComponentSchema), validate=validate.Length(max=20))
    dql = fields.Integer(allow_none=True)
    balance_model = fields.String(validate=validate.OneOf(["lot", "period"]))
    default_yield_pct = fields.Float(allow_nan=False)


class TracePeriodCreateSchema(Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)


class TracePeriodSchema(Schema):
    id = fields.Integer()
    start = fields.Date()
    end = fields.Date()


class TraceDeclarationCreateSchema(Schema):
    claim_id = fields.Integer(required=True)
    kg_co2e_per_unit = fields.Float(required=True, allow_nan=False)
    note = fields.String(validate=validate.Length(max=2100))


class TraceDeclarationSchema(Schema):
    id = fields.Integer()
    listing_id = fields.Integer()
    claim_id = fields.Integer()
    kg_co2e_per_unit = fields.Float()
    status = fields.Function(lambda d: d.status.value)
    note = fields.String()
    review_note = fields.String()


class TraceDeclarationReviewSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["confirm", "reject"]))
    note = fields.String(load_default="", validate=validate.Length(max=1100))


class TraceFlagReviewSchema(Schema):
    note = fields.String(required=True, validate=validate.Length(max=1100))


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
    status = fields.String(validate=validate.OneOf(["active", "voided"]))


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
    status = fields.String(validate=validate.OneOf(["open", "resolved"]))


class TraceFlagListSchema(Schema):
    items = fields.List(fields.Nested(TraceFlagSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()


class TraceQrArgsSchema(Schema):
    size = fields.String(load_default="m", validate=validate.OneOf(["s", "m", "l"]))


class TraceEpcisArgsSchema(Schema):
    start = fields.Date(required=True, data_key="from")
    end = fields.Date(required=True, data_key="to")


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
