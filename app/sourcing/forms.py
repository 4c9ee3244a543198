from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from .. import vn
from ..l10n import NUMBER_HINT
from .services import FREQUENCY_LABELS, INCOTERMS, VISIBILITY_LABELS

# These forms render fields and check CSRF; the rules are the service's (`schemas.RfqInput`, `QuoteInput`…).
DATE = {"type": "date"}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _label_choices() -> list[tuple[str, str]]:
    from flask_babel import get_locale

    from ..extensions import db
    from ..labels.models import Label

    en = str(get_locale()) == "en"
    rows = db.session.scalars(db.select(Label).where(Label.active.is_(True)).order_by(Label.sort_order, Label.code))
    return [(lb.code, lb.name_en if en else lb.name_vi) for lb in rows]


class RfqForm(FlaskForm):
    title = StringField(_l("What do you need?"), render_kw={"required": True, "maxlength": 200},
                        description=_l("e.g. Compostable food containers 750 ml"))
    description = TextAreaField(_l("Details"), render_kw={"maxlength": 5000})
    category = SelectField(_l("Category"), validate_choice=False)
    quantity = StringField(_l("Quantity"), render_kw={"required": True, "inputmode": "decimal"}, description=NUMBER_HINT)
    unit = SelectField(_l("Unit"), validate_choice=False, render_kw={"required": True})
    frequency = RadioField(_l("Frequency"), choices=[(k, v) for k, v in FREQUENCY_LABELS.items()], default="one_off",
                           validate_choice=False)
    target_price_min = StringField(_l("Target unit price from (₫)"), render_kw={"inputmode": "decimal"})
    target_price_max = StringField(_l("Target unit price up to (₫)"), render_kw={"inputmode": "decimal"})
    required_labels = MultiCheckboxField(_l("Required labels (must be verified and valid)"), validate_choice=False)
    preferred_labels = MultiCheckboxField(_l("Preferred labels"), validate_choice=False)
    min_recycled_pct = StringField(_l("Minimum recycled content (%)"), render_kw={"inputmode": "numeric"})
    delivery_province = SelectField(_l("Delivery province"), validate_choice=False, render_kw={"required": True})
    needed_by = StringField(_l("Needed by"), render_kw=DATE)
    closes_on = StringField(_l("Closing date for quotes"), render_kw={**DATE, "required": True})
    visibility = RadioField(_l("Who can see it"), choices=[(k, v) for k, v in VISIBILITY_LABELS.items()], default="public",
                            validate_choice=False)
    max_quotes = StringField(_l("Close after this many quotes (optional)"), render_kw={"inputmode": "numeric"})
    action = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..catalog.taxonomy import CATEGORIES, UNITS

        self.category.choices = [("", _l("— any —"))] + [(k, ("— " if "." in k else "") + str(v)) for k, v in CATEGORIES.items()]
        self.unit.choices = [(k, v) for k, v in UNITS.items()]
        labels = _label_choices()
        self.required_labels.choices = labels
        self.preferred_labels.choices = labels
        self.delivery_province.choices = [("", _l("— choose —"))] + vn.province_choices()

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "title", "description", "category", "quantity", "unit", "frequency", "target_price_min", "target_price_max",
            "required_labels", "preferred_labels", "min_recycled_pct", "delivery_province", "needed_by", "closes_on",
            "visibility", "max_quotes")}


class QuoteForm(FlaskForm):
    listing_id = SelectField(_l("Your listing (optional)"), validate_choice=False)
    unit_price_vnd = StringField(_l("Unit price (₫)"), render_kw={"required": True, "inputmode": "decimal"},
                                 description=NUMBER_HINT)
    quantity = StringField(_l("Quantity"), render_kw={"required": True, "inputmode": "decimal"})
    lead_time_days = StringField(_l("Lead time (days)"), render_kw={"inputmode": "numeric"})
    valid_until = StringField(_l("Quote valid until"), render_kw={**DATE, "required": True})
    incoterm = SelectField(_l("Delivery term (Incoterms 2020)"), validate_choice=False,
                           choices=[("", _l("— not applicable —"))] + [(c, c) for c in INCOTERMS])
    delivery_terms = StringField(_l("Delivery terms"), render_kw={"maxlength": 300})
    notes = TextAreaField(_l("Notes"), render_kw={"maxlength": 5000})
    attachment = FileField(_l("Attachment (PDF, JPEG or PNG, optional)"))

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "listing_id", "unit_price_vnd", "quantity", "lead_time_days", "valid_until", "incoterm", "delivery_terms", "notes")}


class InviteForm(FlaskForm):
    supplier_org_id = HiddenField()
    listing_id = HiddenField()


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason (optional, sent to the supplier)"), render_kw={"maxlength": 500})


class StatusForm(FlaskForm):
    status = HiddenField()


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), render_kw={"required": True, "maxlength": 5000})
    attachment = FileField(_l("Attachment (PDF, JPEG or PNG, optional)"))


class SavedSearchForm(FlaskForm):
    name = StringField(_l("Name"), render_kw={"maxlength": 120})
    q = StringField(_l("Search words"), render_kw={"maxlength": 200})
    category = SelectField(_l("Category"), validate_choice=False)
    label = SelectField(_l("Label"), validate_choice=False)
    province = SelectField(_l("Province"), validate_choice=False)
    recycled_min = StringField(_l("Recycled content at least (%)"), render_kw={"inputmode": "numeric"})
    price_min = StringField(_l("Lowest price from (₫)"), render_kw={"inputmode": "numeric", "maxlength": 20})
    price_max = StringField(_l("Lowest price up to (₫)"), render_kw={"inputmode": "numeric", "maxlength": 20})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..catalog.taxonomy import CATEGORIES

        self.category.choices = [("", _l("— any —"))] + [(k, str(v)) for k, v in CATEGORIES.items()]
        self.label.choices = [("", _l("— any —"))] + _label_choices()
        self.province.choices = [("", _l("— any —"))] + vn.province_choices()


class ConfirmForm(FlaskForm):
    pass


# ------------------------------------------------------------------ a buyer's buttons

class InquiryForm(FlaskForm):
    listing_id = SelectField(_l("Product to quote"), validate_choice=False, render_kw={"required": True})
    quantity = StringField(_l("Quantity"), render_kw={"required": True, "inputmode": "decimal"}, description=NUMBER_HINT)
    delivery_province = SelectField(_l("Delivery province"), validate_choice=False, render_kw={"required": True})
    needed_by = StringField(_l("Needed by (optional)"), render_kw=DATE)
    message = TextAreaField(_l("Message to the supplier"), render_kw={"maxlength": 5000, "rows": 5})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.delivery_province.choices = [("", _l("— choose —"))] + vn.province_choices()

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in ("listing_id", "quantity", "delivery_province", "needed_by",
                                                            "message")}


class DirectMessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), render_kw={"required": True, "maxlength": 5000, "rows": 5})
    listing_id = HiddenField()

    def data_for_service(self) -> dict:
        data = {"body": self.body.data}
        if self.listing_id.data:
            data["listing_id"] = self.listing_id.data
        return data


class AddToRequestForm(FlaskForm):
    rfq_id = SelectField(_l("Your open request"), validate_choice=False, render_kw={"required": True})
