from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField

from .. import vn
from ..orgs.forms import MultiCheckboxField
from ..orgs.services import KIND_LABELS, SECTORS, SIZE_LABELS
from .models import LEAD_PIPELINE
from .services import CONSENT_LABEL, EVIDENCE_LABELS, LEAD_STATUS_LABELS, NEED_CONSENT_LABEL
from ..l10n import NUMBER_HINT
from .taxonomy import (CURRENCIES, DOCUMENT_TYPES, PRODUCT_TYPES, PURPOSES, SHAREABLE_PROFILE_FIELDS, SIZE_HELP,
                       TAXONOMY_HELP, project_type_choices)

OFFER_FIELDS = ("title", "title_en", "description", "description_en", "product_type", "purposes", "project_types", "currency",
                "amount_min", "amount_max", "rate_min", "rate_max", "rate_text", "tenor_min_months",
                "tenor_max_months", "collateral", "documents_required", "documents_note", "eligible_kinds",
                "eligible_sectors", "eligible_sizes", "eligible_provinces", "required_labels", "labels_match",
                "min_years_operating", "min_certified_share", "valid_from", "valid_until")


class OfferForm(FlaskForm):
    """Renders the offer's fields and checks CSRF; the rules are the service's (`schemas.OfferInput`)."""

    title = StringField(_l("Title (Vietnamese)"), render_kw={"required": True, "maxlength": 200})
    title_en = StringField(_l("Title (English, optional)"), render_kw={"maxlength": 200})
    description = TextAreaField(_l("Description (Vietnamese)"), render_kw={"maxlength": 5000})
    description_en = TextAreaField(_l("Description (English, optional)"), render_kw={"maxlength": 5000})
    product_type = SelectField(_l("Financial product type"), choices=[(k, v) for k, v in PRODUCT_TYPES.items()],
                               validate_choice=False)
    purposes = MultiCheckboxField(_l("Eligible purposes"), choices=[(k, v) for k, v in PURPOSES.items()],
                                  description=TAXONOMY_HELP, validate_choice=False)
    project_types = MultiCheckboxField(_l("Green-taxonomy project types financed"), validate_choice=False,
                                       description=_l("Project types of Decision 21/2025/QĐ-TTg. Types whose official "
                                                      "wording could not be checked yet are marked as such."))
    currency = SelectField(_l("Currency"), choices=[(c, c) for c in CURRENCIES], validate_choice=False)
    amount_min = StringField(_l("Minimum amount"), render_kw={"inputmode": "decimal"}, description=NUMBER_HINT)
    amount_max = StringField(_l("Maximum amount"), render_kw={"inputmode": "decimal"})
    rate_min = StringField(_l("Interest rate from (% per year)"), render_kw={"inputmode": "decimal"})
    rate_max = StringField(_l("Interest rate to (% per year)"), render_kw={"inputmode": "decimal"})
    rate_text = StringField(_l("Interest rate as text"), render_kw={"maxlength": 200},
                            description=_l("e.g. \"base rate − 1.5%\" or \"fixed 7.2% for 12 months\""))
    tenor_min_months = StringField(_l("Tenor from (months)"), render_kw={"inputmode": "numeric"})
    tenor_max_months = StringField(_l("Tenor to (months)"), render_kw={"inputmode": "numeric"})
    collateral = TextAreaField(_l("Collateral"), render_kw={"maxlength": 2000})
    documents_required = MultiCheckboxField(_l("Documents required"),
                                            choices=[(k, v) for k, v in DOCUMENT_TYPES.items()], validate_choice=False)
    documents_note = TextAreaField(_l("Other document requirements"), render_kw={"maxlength": 2000})
    eligible_kinds = MultiCheckboxField(_l("Organisation types (none ticked: all)"),
                                        choices=[(k, v) for k, v in KIND_LABELS.items()], validate_choice=False)
    eligible_sectors = MultiCheckboxField(_l("Sectors (none ticked: all)"), choices=[(k, v) for k, v in SECTORS.items()],
                                          validate_choice=False)
    eligible_sizes = MultiCheckboxField(_l("Enterprise sizes (none ticked: all)"),
                                        choices=[(k, v) for k, v in SIZE_LABELS.items()], description=SIZE_HELP,
                                        validate_choice=False)
    eligible_provinces = SelectMultipleField(_l("Provinces (none selected: nationwide)"), validate_choice=False)
    required_labels = MultiCheckboxField(_l("Required verified labels"), validate_choice=False)
    labels_match = RadioField(_l("Labels needed"), default="any", validate_choice=False,
                              choices=[("any", _l("Any one of them")), ("all", _l("All of them"))])
    min_years_operating = StringField(_l("Minimum years in operation"), render_kw={"inputmode": "numeric"})
    min_certified_share = StringField(_l("Minimum share of certified listings (%)"), render_kw={"inputmode": "numeric"})
    valid_from = StringField(_l("Valid from"), render_kw={"type": "date"})
    valid_until = StringField(_l("Valid until"), render_kw={"type": "date"})

    def __init__(self, *args, label_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.eligible_provinces.choices = vn.province_choices()
        self.required_labels.choices = list(label_choices)
        self.project_types.choices = project_type_choices()

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in OFFER_FIELDS}


class InterestForm(FlaskForm):
    """Renders the interest form and checks CSRF; the rules are the service's (`schemas.InterestInput`)."""

    need_purpose = SelectField(_l("Purpose of the financing"), validate_choice=False,
                               choices=[("", _l("— choose —"))] + [(k, v) for k, v in PURPOSES.items()])
    need_amount = StringField(_l("Amount needed (VND)"), render_kw={"inputmode": "decimal"}, description=NUMBER_HINT)
    need_timeline = StringField(_l("Timeline"), render_kw={"maxlength": 200},
                                description=_l("e.g. \"disbursement by March, repay over 5 years\""))
    message = TextAreaField(_l("Message to the institution"), render_kw={"maxlength": 3000})
    share_profile = MultiCheckboxField(_l("Profile data to share"), validate_choice=False,
                                       choices=[(k, v) for k, v in SHAREABLE_PROFILE_FIELDS.items()])
    claim_ids = MultiCheckboxField(_l("Verified claims to share"), validate_choice=False)
    document_ids = MultiCheckboxField(_l("Documents to share"), validate_choice=False)
    consent = BooleanField(CONSENT_LABEL)

    def data_for_service(self) -> dict:
        return {"need_purpose": self.need_purpose.data, "need_amount": self.need_amount.data,
                "need_timeline": self.need_timeline.data, "message": self.message.data,
                "share_profile": self.share_profile.data, "claim_ids": self.claim_ids.data,
                "document_ids": self.document_ids.data, "consent": bool(self.consent.data)}


class DocumentForm(FlaskForm):
    title = StringField(_l("Title"), render_kw={"maxlength": 200})
    doc_type = SelectField(_l("Type"), choices=[(k, v) for k, v in DOCUMENT_TYPES.items()], validate_choice=False)
    file = FileField(_l("File (PDF, JPEG or PNG, at most 10 MB)"))


class LeadStatusForm(FlaskForm):
    status = SelectField(_l("Move to"), choices=[(s, LEAD_STATUS_LABELS[s]) for s in LEAD_PIPELINE],
                         validate_choice=False)
    note = TextAreaField(_l("Note (private, optional)"), render_kw={"maxlength": 3000})


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Private note"), render_kw={"required": True, "maxlength": 3000})


class ConfirmForm(FlaskForm):
    """A button-only form (CSRF token)."""


NEED_FIELDS = ("title", "description", "amount", "tenor_months", "purpose", "project_type", "evidence_kind",
               "evidence_number", "evidence_date", "evidence_agency", "consent")


class NeedForm(FlaskForm):
    """Renders a financing need's fields and checks CSRF; the rules are the service's (`schemas.NeedInput`)."""

    title = StringField(_l("Project"), render_kw={"required": True, "maxlength": 200},
                        description=_l("e.g. \"Rooftop solar 250 kWp on the factory roof\""))
    description = TextAreaField(_l("What the money is for"), render_kw={"maxlength": 3000})
    amount = StringField(_l("Amount needed (₫)"), render_kw={"required": True, "inputmode": "decimal"},
                         description=NUMBER_HINT)
    tenor_months = StringField(_l("Repayment period (months)"), render_kw={"required": True, "inputmode": "numeric"})
    purpose = SelectField(_l("Purpose of the financing"), validate_choice=False,
                          choices=[("", _l("— choose —"))] + [(k, v) for k, v in PURPOSES.items()])
    project_type = SelectField(_l("Project type (national green taxonomy)"), validate_choice=False,
                               description=TAXONOMY_HELP)
    evidence_kind = SelectField(_l("Environmental document"), validate_choice=False)
    evidence_number = StringField(_l("Document number"), render_kw={"maxlength": 100})
    evidence_date = StringField(_l("Date issued"), render_kw={"type": "date"})
    evidence_agency = StringField(_l("Issuing agency"), render_kw={"maxlength": 200},
                                  description=_l("e.g. \"Department of Agriculture and Environment of Đồng Nai\""))
    evidence_file = FileField(_l("Scan of the document (PDF, JPEG or PNG, at most 10 MB, optional)"))
    consent = BooleanField(NEED_CONSENT_LABEL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.project_type.choices = [("", _l("— choose —"))] + project_type_choices()
        self.evidence_kind.choices = [("", _l("— none yet —"))] + [(k, v) for k, v in EVIDENCE_LABELS.items()]

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in NEED_FIELDS}
        data["consent"] = bool(self.consent.data)
        return data


class NeedResponseForm(FlaskForm):
    offer_id = SelectField(_l("Your offer"), validate_choice=False)
    body = TextAreaField(_l("Message to the business"), render_kw={"maxlength": 3000, "required": True})
