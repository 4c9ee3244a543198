from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DecimalField, FieldList, FloatField, Form, FormField, HiddenField, IntegerField,
                     SelectField, SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .. import vn
from . import factors
from .services import CERTIFICATIONS, EMISSION_STANDARDS, SERVICES, WAREHOUSE_FEATURES


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _mode_choices():
    return ([("all", _l("Compare all modes"))] + [(k, v) for k, v in factors.MODE_LABELS.items()]
            + factors.class_choices())


class EstimateForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: nothing changes

    weight_kg = FloatField(_l("Weight (kg)"), validators=[DataRequired(_l("Enter a weight in kg greater than zero."))])
    volume_m3 = FloatField(_l("Volume (m³, optional)"), validators=[Optional()])
    origin = SelectField(_l("From (province)"), validators=[DataRequired(_l("Choose a province."))])
    destination = SelectField(_l("To (province)"), validators=[DataRequired(_l("Choose a province."))])
    mode = SelectField(_l("Mode"), default="all")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = [("", _l("— choose —"))] + vn.province_choices()
        self.origin.choices = provinces
        self.destination.choices = provinces
        self.mode.choices = _mode_choices()


class RouteForm(FlaskForm):
    origin = SelectField(_l("From (province)"), validators=[DataRequired(_l("Choose a province."))])
    destination = SelectField(_l("To (province)"), validators=[DataRequired(_l("Choose a province."))])
    weight_kg = FloatField(_l("Weight (kg)"), validators=[DataRequired(_l("Enter a weight in kg greater than zero."))])
    volume_m3 = FloatField(_l("Volume (m³, optional)"), validators=[Optional()])
    cold_chain = BooleanField(_l("Needs cold chain"))
    reference = StringField(_l("Reference (order, deal or RFQ)"), validators=[Length(max=200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = [("", _l("— choose —"))] + vn.province_choices()
        self.origin.choices = provinces
        self.destination.choices = provinces


class ArrangeTransportForm(FlaskForm):
    """"Arrange transport" on a deal page; the weight is asked only when the deal does not give it."""

    weight_kg = FloatField(_l("Weight of the goods (kg)"), validators=[Optional()])
    cold_chain = BooleanField(_l("Needs cold chain"))


class FleetRowForm(Form):
    vehicle_class = HiddenField()
    count = IntegerField(_l("Vehicles / vessels"), validators=[Optional()])
    emission_standard = SelectField(_l("Emission standard"), validators=[Optional()])
    declared_intensity = FloatField(_l("Own intensity (g CO2e/t·km)"), validators=[Optional()])
    intensity_basis = StringField(_l("Basis of the measurement"), validators=[Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.emission_standard.choices = list(EMISSION_STANDARDS.items())


class ProfileForm(FlaskForm):
    summary = TextAreaField(_l("Green transport summary"), validators=[Length(max=3000)])
    services = MultiCheckboxField(_l("Services"))
    provinces = MultiCheckboxField(_l("Provinces served"))
    corridors = StringField(_l("Corridors (province codes, e.g. 79-1, 92-79)"), validators=[Length(max=500)])
    cold_chain = BooleanField(_l("Cold chain"))
    warehouse_features = MultiCheckboxField(_l("Green warehouse features"))
    warehouse_area_m2 = IntegerField(_l("Warehouse area (m²)"), validators=[Optional()])
    certifications = MultiCheckboxField(_l("Certifications"))
    certifications_other = StringField(_l("Other certifications"), validators=[Length(max=300)])
    capacity_tonnes_month = IntegerField(_l("Capacity (tonnes per month)"), validators=[Optional()])
    capacity_note = StringField(_l("Capacity note"), validators=[Length(max=300)])
    fleet = FieldList(FormField(FleetRowForm))
    published = BooleanField(_l("Publish my profile (visible to shippers and in search)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.services.choices = list(SERVICES.items())
        self.provinces.choices = vn.province_choices()
        self.warehouse_features.choices = list(WAREHOUSE_FEATURES.items())
        self.certifications.choices = list(CERTIFICATIONS.items())

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in (
            "summary", "services", "provinces", "corridors", "cold_chain", "warehouse_features", "warehouse_area_m2",
            "certifications", "certifications_other", "capacity_tonnes_month", "capacity_note", "published")}
        data["corridors"] = data["corridors"] or ""
        data["fleet"] = [
            {"vehicle_class": row.vehicle_class.data, "count": row.count.data,
             "emission_standard": row.emission_standard.data or "", "declared_intensity": row.declared_intensity.data,
             "intensity_basis": row.intensity_basis.data or ""}
            for row in self.fleet if row.count.data
        ]
        return data


class QuoteRequestForm(FlaskForm):
    provider_ids = MultiCheckboxField(_l("Providers"), coerce=int)
    message = TextAreaField(_l("Message to the providers"), validators=[Length(max=1000)])


class QuoteAnswerForm(FlaskForm):
    vehicle_class = SelectField(_l("Vehicle / vessel class"))
    price_vnd = IntegerField(_l("Price (₫)"), validators=[DataRequired(_l("Enter the price in ₫."))])
    transit_days = DecimalField(_l("Transit time (days)"), places=1,
                                validators=[DataRequired(_l("Enter the transit time in days (0.1 to 90)."))])
    committed_co2e_kg = DecimalField(_l("CO2e you commit to (kg)"), places=1, validators=[Optional()])
    provider_note = TextAreaField(_l("Note to the shipper"), validators=[Length(max=1000)])


class ActionForm(FlaskForm):
    """A bare CSRF-protected button (accept, decline, verify)."""

    note = StringField(_l("Note"), validators=[Length(max=500)])
