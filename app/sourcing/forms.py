from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .. import vn
from .services import FREQUENCY_LABELS, INCOTERMS, VISIBILITY_LABELS


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
    title = StringField(_l("What do you need?"), validators=[DataRequired(_l("Enter a title of at least 3 characters.")), Length(max=200)],
                        description=_l("e.g. Compostable food containers 750 ml"))
    description = TextAreaField(_l("Details"), validators=[Length(max=5000)])
    category = SelectField(_l("Category"), validators=[Optional()])
    quantity = StringField(_l("Quantity"), validators=[DataRequired(_l("Enter a quantity greater than 0."))])
    unit = SelectField(_l("Unit"), validators=[DataRequired(_l("Choose a unit."))])
    frequency = RadioField(_l("Frequency"), choices=[(k, v) for k, v in FREQUENCY_LABELS.items()], default="one_off")
    target_price_min = StringField(_l("Target unit price from (₫)"), validators=[Optional()])
    target_price_max = StringField(_l("Target unit price up to (₫)"), validators=[Optional()])
    required_labels = MultiCheckboxField(_l("Required labels (must be verified and valid)"))
    preferred_labels = MultiCheckboxField(_l("Preferred labels"))
    min_recycled_pct = IntegerField(_l("Minimum recycled content (%)"), validators=[Optional()])
    delivery_province = SelectField(_l("Delivery province"), validators=[DataRequired(_l("Choose a province."))])
    needed_by = DateField(_l("Needed by"), validators=[Optional()])
    closes_on = DateField(_l("Closing date for quotes"), validators=[DataRequired(_l("Enter a date (YYYY-MM-DD)."))])
    visibility = RadioField(_l("Who can see it"), choices=[(k, v) for k, v in VISIBILITY_LABELS.items()], default="public")
    max_quotes = IntegerField(_l("Close after this many quotes (optional)"), validators=[Optional()])
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
    listing_id = SelectField(_l("Your listing (optional)"), validators=[Optional()])
    unit_price_vnd = StringField(_l("Unit price (₫)"), validators=[DataRequired(_l("Enter a whole number of đồng above 0."))])
    quantity = StringField(_l("Quantity"), validators=[DataRequired(_l("Enter a quantity greater than 0."))])
    lead_time_days = IntegerField(_l("Lead time (days)"), validators=[Optional()])
    valid_until = DateField(_l("Quote valid until"), validators=[DataRequired(_l("Enter a date today or later (YYYY-MM-DD)."))])
    incoterm = SelectField(_l("Delivery term (Incoterms 2020)"), validators=[Optional()],
                           choices=[("", _l("— not applicable —"))] + [(c, c) for c in INCOTERMS])
    delivery_terms = StringField(_l("Delivery terms"), validators=[Length(max=300)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])
    attachment = FileField(_l("Attachment (PDF, JPEG or PNG, optional)"))

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "listing_id", "unit_price_vnd", "quantity", "lead_time_days", "valid_until", "incoterm", "delivery_terms", "notes")}


class InviteForm(FlaskForm):
    supplier_org_id = HiddenField(validators=[DataRequired()])
    listing_id = HiddenField()


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason (optional, sent to the supplier)"), validators=[Length(max=500)])


class StatusForm(FlaskForm):
    status = HiddenField(validators=[DataRequired()])


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(_l("Write a message.")), Length(max=5000)])
    attachment = FileField(_l("Attachment (PDF, JPEG or PNG, optional)"))


class SavedSearchForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Length(max=120)])
    q = StringField(_l("Search words"), validators=[Length(max=200)])
    category = SelectField(_l("Category"), validators=[Optional()])
    label = SelectField(_l("Label"), validators=[Optional()])
    province = SelectField(_l("Province"), validators=[Optional()])
    recycled_min = IntegerField(_l("Recycled content at least (%)"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..catalog.taxonomy import CATEGORIES

        self.category.choices = [("", _l("— any —"))] + [(k, str(v)) for k, v in CATEGORIES.items()]
        self.label.choices = [("", _l("— any —"))] + _label_choices()
        self.province.choices = [("", _l("— any —"))] + vn.province_choices()


class ConfirmForm(FlaskForm):
    pass
