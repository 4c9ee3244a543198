"""HTML forms of the trace pages: they render fields and check CSRF; every rule is the services' (the input
schemas in `schemas.py`), so a page and the API refuse the same input the same way."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FieldList, Form, FormField, SelectField, StringField, TextAreaField

from ..l10n import NUMBER_HINT
from . import footprint, qr
from .services.profiles import DQL_LABELS, MODEL_LABELS

_DATE = {"type": "date"}
_NUM = {"inputmode": "decimal"}


def dql_choices():
    return [("", _l("— not declared —"))] + [(str(k), v) for k, v in DQL_LABELS.items()]


class LotForm(FlaskForm):
    listing_id = SelectField(_l("Product"), validate_choice=False)
    lot_number = StringField(_l("Lot number"),
                             description=_l("As printed on the product: 1–20 letters without accents, digits or "
                                            "!\"%&'()*+,-./:;<=>?_ (no spaces)."))
    production_date = StringField(_l("Production date"), render_kw=_DATE)
    expiry_date = StringField(_l("Expiry date (optional)"), render_kw=_DATE)
    quantity = StringField(_l("Quantity produced"), render_kw=_NUM, description=NUMBER_HINT)
    recycled_pct = StringField(_l("Recycled content claimed (%)"), render_kw=_NUM,
                               description=_l("Left empty: the listing's recycled share. The inputs you record must "
                                              "cover it, or the recycled-content badge is withheld."))
    yield_pct = StringField(_l("Yield (%)"), render_kw=_NUM,
                            description=_l("The share of input mass that ends up in the product (process losses). "
                                           "Left empty: the product's default."))
    dql = SelectField(_l("Recyclate data quality (DIN SPEC 91446)"), validate_choice=False)
    note = TextAreaField(_l("Note (optional)"))

    def __init__(self, *args, listings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.listing_id.choices = [(str(lst.id), lst.title) for lst in listings]
        self.dql.choices = dql_choices()


class CorrectionForm(FlaskForm):
    production_date = StringField(_l("Production date"), render_kw=_DATE)
    expiry_date = StringField(_l("Expiry date"), render_kw=_DATE)
    quantity = StringField(_l("Quantity produced"), render_kw=_NUM, description=NUMBER_HINT)
    recycled_pct = StringField(_l("Recycled content claimed (%)"), render_kw=_NUM)
    yield_pct = StringField(_l("Yield (%)"), render_kw=_NUM)
    dql = SelectField(_l("Recyclate data quality (DIN SPEC 91446)"), validate_choice=False)
    note = TextAreaField(_l("Note"))
    reason = StringField(_l("Reason for the correction"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dql.choices = dql_choices()


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"))


class PlatformInputForm(FlaskForm):
    dispatch_id = SelectField(_l("Lot received under a deal"), validate_choice=False)
    mass_kg = StringField(_l("Mass used (kg)"), render_kw=_NUM, description=NUMBER_HINT)
    received_on = StringField(_l("Received on"), render_kw=_DATE)


class OutsideInputForm(FlaskForm):
    supplier_name = StringField(_l("Supplier"))
    description = StringField(_l("What it is"),
                              description=_l("e.g. post-consumer PET bottles, collected and sorted"))
    material = SelectField(_l("Material"), validate_choice=False)
    mass_kg = StringField(_l("Mass used (kg)"), render_kw=_NUM, description=NUMBER_HINT)
    recycled_pct = StringField(_l("Recycled share of this input (%)"), render_kw=_NUM)
    dql = SelectField(_l("Recyclate data quality (DIN SPEC 91446)"), validate_choice=False)
    received_on = StringField(_l("Received on"), render_kw=_DATE)
    evidence = FileField(_l("Evidence (PDF, JPEG or PNG)"),
                         description=_l("Delivery note, invoice, weighbridge ticket or certificate."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.material.choices = [("", _l("— choose —"))] + footprint.material_choices()
        self.dql.choices = dql_choices()


class DispatchForm(FlaskForm):
    deal_id = SelectField(_l("Deal"), validate_choice=False)
    quantity = StringField(_l("Quantity shipped"), render_kw=_NUM, description=NUMBER_HINT)
    mass_kg = StringField(_l("Mass shipped (kg), when the unit has no known mass"), render_kw=_NUM, description=NUMBER_HINT)
    shipped_on = StringField(_l("Shipped on"), render_kw=_DATE)


class DealDispatchForm(FlaskForm):
    lot_id = SelectField(_l("Lot"), validate_choice=False)
    quantity = StringField(_l("Quantity shipped"), render_kw=_NUM, description=NUMBER_HINT)
    mass_kg = StringField(_l("Mass shipped (kg), when the unit has no known mass"), render_kw=_NUM, description=NUMBER_HINT)
    shipped_on = StringField(_l("Shipped on"), render_kw=_DATE)


class ComponentForm(Form):
    material = SelectField(_l("Material"), validate_choice=False)
    mass_kg = StringField(_l("Mass per unit (kg)"), render_kw=_NUM)
    recycled_pct = StringField(_l("Recycled share (%)"), render_kw=_NUM)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.material.choices = [("", _l("— none —"))] + footprint.material_choices()


class ProfileForm(FlaskForm):
    components = FieldList(FormField(ComponentForm), min_entries=4, max_entries=12)
    dql = SelectField(_l("Recyclate data quality (DIN SPEC 91446)"), validate_choice=False)
    balance_model = SelectField(_l("How recycled content is checked"), validate_choice=False)
    default_yield_pct = StringField(_l("Default yield (%)"), render_kw=_NUM)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dql.choices = dql_choices()
        self.balance_model.choices = [(k, v) for k, v in MODEL_LABELS.items()]


class PeriodForm(FlaskForm):
    start = StringField(_l("From"), render_kw=_DATE)
    end = StringField(_l("To (inclusive)"), render_kw=_DATE)


class DeclarationForm(FlaskForm):
    claim_id = SelectField(_l("Carbon footprint claim (ISO 14067)"), validate_choice=False)
    kg_co2e_per_unit = StringField(_l("Footprint (kg CO2e per unit)"), render_kw=_NUM, description=NUMBER_HINT)
    note = TextAreaField(_l("Study, boundary and functional unit"))


class FlagReviewForm(FlaskForm):
    note = TextAreaField(_l("What you checked or asked"))


class DeclarationReviewForm(FlaskForm):
    decision = SelectField(_l("Decision"), validate_choice=False, choices=[("confirm", _l("Confirm: the value matches the evidence")),
                                                     ("reject", _l("Reject"))])
    note = TextAreaField(_l("Note"))


class EpcisForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: nothing changes

    start = StringField(_l("From"), render_kw=_DATE)
    end = StringField(_l("To (inclusive)"), render_kw=_DATE)


QR_SIZES = qr.SIZE_LABELS
