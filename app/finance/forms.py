from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, FloatField, IntegerField, RadioField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from .. import vn
from ..orgs.forms import MultiCheckboxField
from ..orgs.services import KIND_LABELS, SECTORS, SIZE_LABELS
from .models import LEAD_PIPELINE
from .services import CONSENT_LABEL, LEAD_STATUS_LABELS
from .taxonomy import (CURRENCIES, DOCUMENT_TYPES, PRODUCT_TYPES, PURPOSES, SHAREABLE_PROFILE_FIELDS, SIZE_HELP,
                       TAXONOMY_HELP)

OFFER_FIELDS = ("title", "title_en", "description", "description_en", "product_type", "purposes", "currency",
                "amount_min", "amount_max", "rate_min", "rate_max", "rate_text", "tenor_min_months",
                "tenor_max_months", "collateral", "documents_required", "documents_note", "eligible_kinds",
                "eligible_sectors", "eligible_sizes", "eligible_provinces", "required_labels", "labels_match",
                "min_years_operating", "min_certified_share", "valid_from", "valid_until")


class OfferForm(FlaskForm):
    title = StringField(_l("Title (Vietnamese)"), validators=[DataRequired(_l("Enter a title.")), Length(max=200)])
    title_en = StringField(_l("Title (English, optional)"), validators=[Length(max=200)])
    description = TextAreaField(_l("Description (Vietnamese)"), validators=[Length(max=5000)])
    description_en = TextAreaField(_l("Description (English, optional)"), validators=[Length(max=5000)])
    product_type = SelectField(_l("Product type"), choices=[(k, v) for k, v in PRODUCT_TYPES.items()])
    purposes = MultiCheckboxField(_l("Eligible purposes"), choices=[(k, v) for k, v in PURPOSES.items()],
                                  description=TAXONOMY_HELP)
    currency = SelectField(_l("Currency"), choices=[(c, c) for c in CURRENCIES])
    amount_min = IntegerField(_l("Minimum amount"), validators=[Optional(), NumberRange(min=0)])
    amount_max = IntegerField(_l("Maximum amount"), validators=[Optional(), NumberRange(min=0)])
    rate_min = FloatField(_l("Interest rate from (% per year)"), validators=[Optional()])
    rate_max = FloatField(_l("Interest rate to (% per year)"), validators=[Optional()])
    rate_text = StringField(_l("Interest rate as text"), validators=[Length(max=200)],
                            description=_l("e.g. \"base rate − 1.5%\" or \"fixed 7.2% for 12 months\""))
    tenor_min_months = IntegerField(_l("Tenor from (months)"), validators=[Optional()])
    tenor_max_months = IntegerField(_l("Tenor to (months)"), validators=[Optional()])
    collateral = TextAreaField(_l("Collateral"), validators=[Length(max=2000)])
    documents_required = MultiCheckboxField(_l("Documents required"),
                                            choices=[(k, v) for k, v in DOCUMENT_TYPES.items()])
    documents_note = TextAreaField(_l("Other document requirements"), validators=[Length(max=2000)])
    eligible_kinds = MultiCheckboxField(_l("Organisation types (none ticked: all)"),
                                        choices=[(k, v) for k, v in KIND_LABELS.items()])
    eligible_sectors = MultiCheckboxField(_l("Sectors (none ticked: all)"), choices=[(k, v) for k, v in SECTORS.items()])
    eligible_sizes = MultiCheckboxField(_l("Enterprise sizes (none ticked: all)"),
                                        choices=[(k, v) for k, v in SIZE_LABELS.items()], description=SIZE_HELP)
    eligible_provinces = SelectMultipleField(_l("Provinces (none selected: nationwide)"))
    required_labels = MultiCheckboxField(_l("Required verified labels"))
    labels_match = RadioField(_l("Labels needed"), default="any",
                              choices=[("any", _l("Any one of them")), ("all", _l("All of them"))])
    min_years_operating = IntegerField(_l("Minimum years in operation"), validators=[Optional()])
    min_certified_share = IntegerField(_l("Minimum share of certified listings (%)"), validators=[Optional()])
    valid_from = DateField(_l("Valid from"), validators=[Optional()])
    valid_until = DateField(_l("Valid until"), validators=[Optional()])

    def __init__(self, *args, label_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.eligible_provinces.choices = vn.province_choices()
        self.required_labels.choices = list(label_choices)

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in OFFER_FIELDS}


class InterestForm(FlaskForm):
    need_purpose = SelectField(_l("Purpose of the financing"),
                               choices=[("", _l("— choose —"))] + [(k, v) for k, v in PURPOSES.items()])
    need_amount = IntegerField(_l("Amount needed (VND)"), validators=[Optional(), NumberRange(min=1)])
    need_timeline = StringField(_l("Timeline"), validators=[Length(max=200)],
                                description=_l("e.g. \"disbursement by March, repay over 5 years\""))
    message = TextAreaField(_l("Message to the institution"), validators=[Length(max=3000)])
    share_profile = MultiCheckboxField(_l("Profile data to share"),
                                       choices=[(k, v) for k, v in SHAREABLE_PROFILE_FIELDS.items()])
    claim_ids = MultiCheckboxField(_l("Verified claims to share"), coerce=int)
    document_ids = MultiCheckboxField(_l("Documents to share"), coerce=int)
    consent = BooleanField(CONSENT_LABEL)

    def data_for_service(self) -> dict:
        return {"need_purpose": self.need_purpose.data, "need_amount": self.need_amount.data,
                "need_timeline": self.need_timeline.data, "message": self.message.data,
                "share_profile": self.share_profile.data, "claim_ids": self.claim_ids.data,
                "document_ids": self.document_ids.data, "consent": bool(self.consent.data)}


class DocumentForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Length(max=200)])
    doc_type = SelectField(_l("Type"), choices=[(k, v) for k, v in DOCUMENT_TYPES.items()])
    file = FileField(_l("File (PDF, JPEG or PNG, at most 10 MB)"))


class LeadStatusForm(FlaskForm):
    status = SelectField(_l("Move to"), choices=[(s, LEAD_STATUS_LABELS[s]) for s in LEAD_PIPELINE])
    note = TextAreaField(_l("Note (private, optional)"), validators=[Length(max=3000)])


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Private note"), validators=[DataRequired(_l("Write a note.")), Length(max=3000)])


class ConfirmForm(FlaskForm):
    """A button-only form (CSRF token)."""
