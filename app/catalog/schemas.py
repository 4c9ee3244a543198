from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .. import vn
from ..inputs import Id
from ..validation import Choice, Codes, Field, Flag, Input, Number, Province, Text
from . import gtin as gtin_mod
from ..labels.schemas import PublicClaimSchema
from ..pagination import PageArgsSchema
from .models import ListingStatus
from .taxonomy import CATEGORIES, EXPORT_MARKETS, UNITS, category_name, category_path


MAX_TIERS = 10
MAX_UNIT_WEIGHT_KG = 100_000.0  # a 100 t unit is a charter, not a catalogue unit


class Gtin(Field):
    """A GS1 GTIN (8, 12, 13 or 14 digits, spaces and hyphens allowed) with a correct check digit."""

    def _deserialize(self, value, attr, data, **kwargs):
        code = gtin_mod.normalise(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else "x"
        if code is None:
            return None
        if not gtin_mod.is_valid(code):
            raise self.fail()
        return code


class PriceTiers(Field):
    """Price tiers as rows {min_qty, price_vnd} (a form's empty rows are skipped): quantities above 0 in the
    listing's unit, whole đồng above 0; returned as sorted (min_qty, price_vnd) pairs."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, (list, tuple)):
            raise self.fail(_("Give the price tiers as a list."))
        qty = Number(min=0, min_inclusive=False, max=1e12)
        price = Number(money=True, min=1, max=10**12)
        qty.name = price.name = "price_tiers"
        tiers, problems = [], []
        for i, row in enumerate(value, start=1):
            if not isinstance(row, dict):
                problems.append(_("Tier %(n)d: give a quantity and a price.", n=i))
                continue
            if all(row.get(k) in (None, "") for k in ("min_qty", "price_vnd")):
                continue  # an empty row of the web form
            try:
                q = qty.deserialize(row.get("min_qty"))
                p = price.deserialize(row.get("price_vnd"))
                if q is None or p is None:
                    raise ValidationError("")
            except ValidationError:
                problems.append(_("Tier %(n)d: the quantity must be above 0 and the price a whole number of đồng "
                                  "above 0.", n=i))
                continue
            tiers.append((q, p))
        tiers.sort()
        if len({q for q, _p in tiers}) != len(tiers):
            problems.append(_("Two price tiers start at the same quantity."))
        if len(tiers) > MAX_TIERS:
            problems.append(_("At most %(n)d price tiers.", n=MAX_TIERS))
        if problems:
            raise ValidationError(problems)
        return tiers


class Sku(Text):
    """The producer's own product code: at most 64 characters, no line breaks or other control characters."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a spreadsheet's numeric code
        value = super()._deserialize(value, attr, data, **kwargs)
        if any(ch < " " or ch == "\x7f" for ch in value):
            raise self.fail()
        return value or None


class ListingInput(Input):
    """What a producer sends to create or edit a listing (the web form and the API alike)."""

    title = Text(200, min_len=3, required=True, message=_l("Enter a title of at least 3 characters."))
    title_en = Text(200)
    material = Text(120)
    description = Text(5000)
    description_en = Text(5000)
    category = Choice(CATEGORIES, required=True, message=_l("Choose a category."))
    unit = Choice(UNITS, required=True, message=_l("Choose a unit."))
    origin_province = Province(required=True, message=_l("Choose one of the 34 provinces."))
    recycled_pct = Number(integer=True, min=0, max=100, message=_l("Enter a whole percentage from 0 to 100."))
    compostable = Flag()
    biodegradable = Flag()
    moq = Number(min=0, min_inclusive=False, max=1e9, required=True,
                 message=_l("Enter a minimum order quantity greater than 0."))
    capacity_month = Number(min=0, max=1e12, message=_l("Enter a monthly capacity of 0 or more."))
    lead_time_days = Number(integer=True, min=0, max=365, message=_l("Enter a lead time from 0 to 365 days."))
    unit_weight_kg = Number(min=0, min_inclusive=False, max=MAX_UNIT_WEIGHT_KG,
                            message=_l("Enter the weight of one unit in kg, greater than 0 (at most 100,000)."),
                            metadata={"description": "Shipping weight of one unit in kg (optional; used for "
                                                     "transport CO2e when the unit is not kg or tonne)."})
    export_markets = Codes(EXPORT_MARKETS, max_items=20, message=_l("Unknown export market."))
    gtin = Gtin(message=_l("This is not a valid GTIN: use 8, 12, 13 or 14 digits with a correct GS1 check digit."))
    sku = Sku(64, message=_l("Enter your own product code (SKU): at most 64 characters, no line breaks."),
              metadata={"description": "Your own product code, unique within your organisation; a bulk import "
                                       "(POST /api/v1/listings/bulk) updates the listing with the same SKU."})
    price_tiers = PriceTiers(message=_l("Give the price tiers as a list."),
                             metadata={"description": "Rows {min_qty, price_vnd}; replaces every tier"})
    status = Choice([s.value for s in ListingStatus], message=_l("Unknown status."),
                    metadata={"description": "publish, unpublish (draft) or archive"})

    def __init__(self, *args, current=None, **kwargs):
        self.current = current  # the listing being edited (a partial update checks tiers against its MOQ)
        super().__init__(*args, **kwargs)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _first_tier_within_moq(self, data, original, **kwargs):  # `data` holds only the fields that were valid
        if "moq" in original and "moq" not in data:
            return  # the MOQ itself is wrong: one message is enough
        tiers = data.get("price_tiers")
        moq = data.get("moq", self.current.moq if self.current is not None else None)
        if tiers and moq is not None and tiers[0][0] > moq:
            raise ValidationError(_("The first price tier must start at or below the minimum order quantity."),
                                  "price_tiers")


class PriceTierSchema(Schema):
    min_qty = fields.Float()
    price_vnd = fields.Integer()


class PhotoSchema(Schema):
    id = fields.Integer()
    url = fields.Function(lambda p: f"/listings/{p.listing_id}/photos/{p.id}")
    alt = fields.String()


class OrgRefSchema(Schema):
    id = fields.Integer()
    name = fields.Function(lambda o: o.display_name)
    province_code = fields.String()


class ListingSchema(Schema):
    """A listing as the API returns it (input: `ListingInput`)."""

    id = fields.Integer()
    organisation = fields.Nested(OrgRefSchema)
    title = fields.String()
    title_en = fields.String()
    description = fields.String()
    description_en = fields.String()
    category = fields.String()
    category_name = fields.Function(lambda li: category_name(li.category))
    category_path = fields.Function(lambda li: category_path(li.category))
    material = fields.String()
    recycled_pct = fields.Integer(allow_none=True)
    compostable = fields.Boolean()
    biodegradable = fields.Boolean()
    origin_province = fields.String()
    origin_province_name = fields.Function(lambda li: vn.province_name(li.origin_province))
    unit = fields.String()
    moq = fields.Float()
    capacity_month = fields.Float(allow_none=True)
    lead_time_days = fields.Integer(allow_none=True)
    unit_weight_kg = fields.Float(allow_none=True)
    export_markets = fields.List(fields.String())
    gtin = fields.String(allow_none=True)
    sku = fields.String(allow_none=True)
    price_tiers = fields.List(fields.Nested(PriceTierSchema))
    price_min = fields.Integer(allow_none=True)
    price_max = fields.Integer(allow_none=True)
    status = fields.Function(lambda li: li.status.value)
    photos = fields.List(fields.Nested(PhotoSchema))
    claims = fields.Method("_claims")
    certified_labels = fields.Method("_certified")
    version = fields.Integer()
    published_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()

    def _claims(self, listing):
        from .services import claims_for

        return PublicClaimSchema(many=True).dump(claims_for(listing, public=True))

    def _certified(self, listing):
        from .services import certified_label_codes

        return certified_label_codes(listing)


class ListingListArgsSchema(PageArgsSchema):
    org = Id(metadata={"description": "Only this organisation's listings (your own: every status)"})
    category = fields.String(validate=validate.OneOf(list(CATEGORIES)),
                             metadata={"description": "Category code; includes sub-categories"})
    status = fields.String(validate=validate.OneOf([s.value for s in ListingStatus]),
                           metadata={"description": "With org = your organisation: filter by status"})
    sort = fields.String(load_default="newest", validate=validate.OneOf(["newest", "price", "price_asc", "price_desc"]))
    q = fields.String(load_default="", validate=validate.Length(max=100))


class BulkRowErrorSchema(Schema):
    field = fields.String(metadata={"description": "The field (column) at fault; `_row` for the row as a whole"})
    message = fields.String()


class BulkRowSchema(Schema):
    row = fields.Integer(metadata={"description": "CSV: the row as a spreadsheet shows it (the header is row 1); "
                                                  "JSON lines: the line number; JSON array: the position (from 1)"})
    sku = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "created | updated | unchanged | error"})
    listing_id = fields.Integer(allow_none=True)
    errors = fields.List(fields.Nested(BulkRowErrorSchema))


class BulkResultSchema(Schema):
    dry_run = fields.Boolean()
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    failed = fields.Integer()
    rows = fields.List(fields.Nested(BulkRowSchema))


class BulkArgsSchema(Schema):
    dry_run = fields.Boolean(load_default=False, metadata={"description": "Validate and report, change nothing"})
