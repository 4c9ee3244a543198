from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from .. import vn
from ..l10n import NUMBER_HINT
from .taxonomy import EXPORT_MARKETS, UNITS, category_choices

TIER_ROWS = 4


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ListingForm(FlaskForm):
    """Renders the listing form; the rules are `schemas.ListingInput`'s (the service checks them)."""

    title = StringField(_l("Title (Vietnamese)"), render_kw={"required": True, "maxlength": 200})
    title_en = StringField(_l("Title (English, optional)"), render_kw={"maxlength": 200})
    category = SelectField(_l("Category"), validate_choice=False, render_kw={"required": True})
    material = StringField(_l("Main material"), render_kw={"maxlength": 120}, description=_l("e.g. bamboo, bagasse, recycled PET"))
    description = TextAreaField(_l("Description (Vietnamese)"), render_kw={"maxlength": 5000})
    description_en = TextAreaField(_l("Description (English, optional)"), render_kw={"maxlength": 5000})
    recycled_pct = StringField(_l("Recycled content (%)"), render_kw={"inputmode": "numeric"})
    compostable = BooleanField(_l("Compostable"))
    biodegradable = BooleanField(_l("Biodegradable"))
    origin_province = SelectField(_l("Origin province"), validate_choice=False, render_kw={"required": True})
    unit = SelectField(_l("Unit"), validate_choice=False, render_kw={"required": True})
    moq = StringField(_l("Minimum order quantity"), render_kw={"required": True, "inputmode": "decimal"},
                      description=NUMBER_HINT)
    capacity_month = StringField(_l("Monthly capacity"), render_kw={"inputmode": "decimal"})
    lead_time_days = StringField(_l("Lead time (days)"), render_kw={"inputmode": "numeric"})
    unit_weight_kg = StringField(_l("Weight of one unit (kg, optional)"), render_kw={"inputmode": "decimal"},
                                 description=_l("Packed shipping weight; lets buyers see the transport CO2e of an order."))
    export_markets = MultiCheckboxField(_l("Export markets"), validate_choice=False)
    gtin = StringField(_l("GTIN / barcode (optional)"),
                       description=_l("8, 12, 13 or 14 digits; Vietnamese GS1 barcodes start with 893."))
    sku = StringField(_l("Your product code (SKU, optional)"), render_kw={"maxlength": 64},
                      description=_l("Unique within your organisation; a bulk import with this SKU updates this listing."))
    photo = FileField(_l("Photo (JPEG, PNG or WebP)"), render_kw={"accept": "image/jpeg,image/png,image/webp"})

    FIELDS = ("title", "title_en", "category", "material", "description", "description_en", "recycled_pct", "compostable",
              "biodegradable", "origin_province", "unit", "moq", "capacity_month", "lead_time_days", "export_markets", "gtin",
              "unit_weight_kg", "sku")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tier_errors: list[str] = []
        self.category.choices = {"": [("", _l("— choose —"))], **dict(category_choices())}
        self.origin_province.choices = [("", _l("— choose —"))] + vn.province_choices()
        self.unit.choices = [("", _l("— choose —"))] + [(k, v) for k, v in UNITS.items()]
        self.export_markets.choices = [(k, v) for k, v in EXPORT_MARKETS.items()]

    def tiers_from_request(self, form_data) -> list[dict]:
        return [{"min_qty": form_data.get(f"tier_qty_{i}", "").strip(), "price_vnd": form_data.get(f"tier_price_{i}", "").strip()}
                for i in range(1, TIER_ROWS + 1)]

    def data_for_service(self, form_data) -> dict:
        data = {f: getattr(self, f).data for f in self.FIELDS}
        data["price_tiers"] = self.tiers_from_request(form_data)
        return data


class PhotoForm(FlaskForm):
    photo = FileField(_l("Photo (JPEG, PNG or WebP)"), render_kw={"accept": "image/jpeg,image/png,image/webp"})


class StatusForm(FlaskForm):
    status = StringField()


class ImportForm(FlaskForm):
    file = FileField(_l("File (CSV or JSON lines)"), render_kw={"accept": ".csv,.jsonl,.ndjson,.json,text/csv"},
                     description=_l("UTF-8 CSV with a header row (download the template), or one JSON object per line."))
    dry_run = BooleanField(_l("Check only: show what would change, change nothing"))
