from marshmallow import Schema, fields, validate

from .. import vn
from ..labels.schemas import PublicClaimSchema
from ..pagination import PageArgsSchema
from .models import ListingStatus
from .taxonomy import CATEGORIES, EXPORT_MARKETS, UNITS, category_name, category_path


class PriceTierSchema(Schema):
    min_qty = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False))
    price_vnd = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=10**12))


class PhotoSchema(Schema):
    id = fields.Integer()
    url = fields.Function(lambda p: f"/listings/{p.listing_id}/photos/{p.id}")
    alt = fields.String()


class OrgRefSchema(Schema):
    id = fields.Integer()
    name = fields.Function(lambda o: o.display_name)
    province_code = fields.String()


class ListingSchema(Schema):
    id = fields.Integer(dump_only=True)
    organisation = fields.Nested(OrgRefSchema, dump_only=True)
    title = fields.String(validate=validate.Length(min=3, max=200))
    title_en = fields.String(validate=validate.Length(max=200))
    description = fields.String(validate=validate.Length(max=5000))
    description_en = fields.String(validate=validate.Length(max=5000))
    category = fields.String(validate=validate.OneOf(list(CATEGORIES)))
    category_name = fields.Function(lambda li: category_name(li.category), dump_only=True)
    category_path = fields.Function(lambda li: category_path(li.category), dump_only=True)
    material = fields.String(validate=validate.Length(max=120))
    recycled_pct = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=100))
    compostable = fields.Boolean()
    biodegradable = fields.Boolean()
    origin_province = fields.String(validate=validate.Length(max=8))
    origin_province_name = fields.Function(lambda li: vn.province_name(li.origin_province), dump_only=True)
    unit = fields.String(validate=validate.OneOf(list(UNITS)))
    moq = fields.Float(validate=validate.Range(min=0, min_inclusive=False))
    capacity_month = fields.Float(allow_none=True, validate=validate.Range(min=0))
    lead_time_days = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=365))
    unit_weight_kg = fields.Float(allow_none=True, validate=validate.Range(min=0, min_inclusive=False, max=100_000),
                                  metadata={"description": "Shipping weight of one unit in kg (optional; used for "
                                                            "transport CO2e when the unit is not kg or tonne)."})
    export_markets = fields.List(fields.String(validate=validate.OneOf(list(EXPORT_MARKETS))), validate=validate.Length(max=20))
    gtin = fields.String(allow_none=True, validate=validate.Length(max=20))
    price_tiers = fields.List(fields.Nested(PriceTierSchema), validate=validate.Length(max=10))
    price_min = fields.Integer(dump_only=True, allow_none=True)
    price_max = fields.Integer(dump_only=True, allow_none=True)
    status = fields.Function(lambda li: li.status.value, deserialize=lambda v: v,
                             validate=validate.OneOf([s.value for s in ListingStatus]))
    photos = fields.List(fields.Nested(PhotoSchema), dump_only=True)
    claims = fields.Method("_claims", dump_only=True)
    certified_labels = fields.Method("_certified", dump_only=True)
    version = fields.Integer(dump_only=True)
    published_at = fields.DateTime(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    def _claims(self, listing):
        from .services import claims_for

        return PublicClaimSchema(many=True).dump(claims_for(listing, public=True))

    def _certified(self, listing):
        from .services import certified_label_codes

        return certified_label_codes(listing)


class ListingCreateSchema(ListingSchema):
    title = fields.String(required=True, validate=validate.Length(min=3, max=200))
    category = fields.String(required=True, validate=validate.OneOf(list(CATEGORIES)))
    unit = fields.String(required=True, validate=validate.OneOf(list(UNITS)))
    origin_province = fields.String(required=True, validate=validate.Length(max=8))
    moq = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False))


class ListingListArgsSchema(PageArgsSchema):
    org = fields.Integer(metadata={"description": "Only this organisation's listings (your own: every status)"})
    category = fields.String(validate=validate.OneOf(list(CATEGORIES)),
                             metadata={"description": "Category code; includes sub-categories"})
    status = fields.String(validate=validate.OneOf([s.value for s in ListingStatus]),
                           metadata={"description": "With org = your organisation: filter by status"})
    sort = fields.String(load_default="newest", validate=validate.OneOf(["newest", "price", "price_asc", "price_desc"]))
    q = fields.String(load_default="", validate=validate.Length(max=100))
