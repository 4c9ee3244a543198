"""Forms render the pages and carry the CSRF token; every rule is the services' (schemas.EstimateInput,
RouteInput, ProfileInput, QuoteAnswerInput…), so a page and the API refuse the same input the same way."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, FieldList, Form, FormField, HiddenField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.widgets import CheckboxInput, ListWidget

from .. import vn
from . import factors
from .services import CERTIFICATIONS, EMISSION_STANDARDS, SERVICES, WAREHOUSE_FEATURES


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)  # the service's schema says what is allowed
        super().__init__(*args, **kwargs)


def _number_field(label, **kwargs):
    """A number typed in the user's locale (read by app.l10n in the service's schema)."""
    return StringField(label, render_kw={"inputmode": "decimal", **kwargs.pop("render_kw", {})}, **kwargs)


def _select(label, **kwargs):
    return SelectField(label, validate_choice=False, **kwargs)


def _mode_choices():
    return ([("all", _l("Compare all modes"))] + [(k, v) for k, v in factors.MODE_LABELS.items()]
            + factors.class_choices())


class EstimateForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: nothing changes

    weight_kg = _number_field(_l("Weight (kg)"))
    volume_m3 = _number_field(_l("Volume (m³, optional)"))
    origin = _select(_l("From (province)"))
    destination = _select(_l("To (province)"))
    mode = _select(_l("Mode"), default="all")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = [("", _l("— choose —"))] + vn.province_choices()
        self.origin.choices = provinces
        self.destination.choices = provinces
        self.mode.choices = _mode_choices()


class RouteForm(FlaskForm):
    origin = _select(_l("From (province)"))
    destination = _select(_l("To (province)"))
    weight_kg = _number_field(_l("Weight (kg)"))
    volume_m3 = _number_field(_l("Volume (m³, optional)"))
    cold_chain = BooleanField(_l("Needs cold chain"))
    reference = StringField(_l("Reference (order, deal or RFQ)"), render_kw={"maxlength": 200})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = [("", _l("— choose —"))] + vn.province_choices()
        self.origin.choices = provinces
        self.destination.choices = provinces


class ArrangeTransportForm(FlaskForm):
    """"Arrange transport" on a deal page; the weight is asked only when the deal does not give it."""

    weight_kg = _number_field(_l("Weight of the goods (kg)"))
    cold_chain = BooleanField(_l("Needs cold chain"))


class FleetRowForm(Form):
    vehicle_class = HiddenField()
    count = _number_field(_l("Vehicles / vessels"), render_kw={"inputmode": "numeric"})
    emission_standard = _select(_l("Emission standard"))
    declared_intensity = _number_field(_l("Own intensity (g CO2e/t·km)"))
    intensity_basis = StringField(_l("Basis of the measurement"), render_kw={"maxlength": 500})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.emission_standard.choices = list(EMISSION_STANDARDS.items())


class ProfileForm(FlaskForm):
    summary = TextAreaField(_l("Green transport summary"), render_kw={"maxlength": 3000})
    services = MultiCheckboxField(_l("Services"))
    provinces = MultiCheckboxField(_l("Provinces served"))
    corridors = StringField(_l("Corridors (province codes, e.g. 79-1, 92-79)"), render_kw={"maxlength": 500})
    cold_chain = BooleanField(_l("Cold chain"))
    warehouse_features = MultiCheckboxField(_l("Green warehouse features"))
    warehouse_area_m2 = _number_field(_l("Warehouse area (m²)"), render_kw={"inputmode": "numeric"})
    certifications = MultiCheckboxField(_l("Certifications"))
    certifications_other = StringField(_l("Other certifications"), render_kw={"maxlength": 300})
    capacity_tonnes_month = _number_field(_l("Capacity (tonnes per month)"), render_kw={"inputmode": "numeric"})
    capacity_note = StringField(_l("Capacity note"), render_kw={"maxlength": 300})
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
        data["fleet"] = [
            {"vehicle_class": row.vehicle_class.data, "count": row.count.data,
             "emission_standard": row.emission_standard.data or "", "declared_intensity": row.declared_intensity.data,
             "intensity_basis": row.intensity_basis.data or ""}
            for row in self.fleet
        ]
        return data


class QuoteRequestForm(FlaskForm):
    provider_ids = MultiCheckboxField(_l("Providers"))
    message = TextAreaField(_l("Message to the providers"), render_kw={"maxlength": 1000})


class QuoteAnswerForm(FlaskForm):
    vehicle_class = _select(_l("Vehicle / vessel class"))
    price_vnd = _number_field(_l("Price (₫)"))
    transit_days = _number_field(_l("Transit time (days)"))
    committed_co2e_kg = _number_field(_l("CO2e you commit to (kg)"))
    provider_note = TextAreaField(_l("Note to the shipper"), render_kw={"maxlength": 1000})


class ActionForm(FlaskForm):
    """A bare CSRF-protected button (accept, decline, verify)."""

    note = StringField(_l("Note"), render_kw={"maxlength": 500})
