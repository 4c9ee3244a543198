"""Forms render the pages and carry the CSRF token; every rule is the services' (schemas.ClaimCreateInput,
ClaimRejectInput, ClaimVerifyInput, LabelInput), so a page and the API refuse the same input the same way."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from .services import KIND_LABELS, SCOPE_LABELS


class ClaimForm(FlaskForm):
    label = SelectField(_l("Label or certification"), validate_choice=False, render_kw={"required": True})
    certificate_number = StringField(_l("Certificate number"), render_kw={"required": True, "maxlength": 100})
    issuer = StringField(_l("Certification body"), render_kw={"maxlength": 200}, description=_l("Who issued the certificate, e.g. Control Union, QUACERT."))
    scope = StringField(_l("Scope"), render_kw={"maxlength": 500}, description=_l("Products or sites the certificate covers, as written on it."))
    valid_from = StringField(_l("Valid from"), render_kw={"type": "date", "required": True})
    valid_until = StringField(_l("Valid until"), render_kw={"type": "date", "required": True})
    evidence = FileField(_l("Evidence (certificate as PDF, JPEG or PNG, at most 10 MB)"),
                         render_kw={"accept": "application/pdf,image/jpeg,image/png"},
                         description=_l("Required before a verifier can verify the claim."))

    def set_labels(self, labels, locale: str, listing_level: bool) -> None:
        groups: dict[str, list] = {}
        for lab in labels:
            if listing_level and lab.scope.value == "organisation":
                continue
            if not listing_level and lab.scope.value == "product":
                continue
            groups.setdefault(str(KIND_LABELS[lab.kind.value]), []).append((lab.code, lab.name(locale)))
        self.label.choices = {"": [("", _l("— choose —"))], **groups}

    def data_for_service(self) -> dict:
        return {f: getattr(self, f).data for f in ("label", "certificate_number", "issuer", "scope", "valid_from", "valid_until")}


class EvidenceForm(FlaskForm):
    evidence = FileField(_l("Evidence (certificate as PDF, JPEG or PNG, at most 10 MB)"),
                         render_kw={"accept": "application/pdf,image/jpeg,image/png"})


class VerifyForm(FlaskForm):
    note = StringField(_l("Note for the audit log (optional)"), render_kw={"maxlength": 500})


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason (shown to the organisation)"), render_kw={"required": True, "maxlength": 1000})


class LabelForm(FlaskForm):
    code = StringField(_l("Code"), render_kw={"required": True, "maxlength": 40}, description=_l("Lower-case letters, digits and hyphens, e.g. vn-ecolabel."))
    name_vi = StringField(_l("Name (Vietnamese)"), render_kw={"required": True, "maxlength": 200})
    name_en = StringField(_l("Name (English)"), render_kw={"required": True, "maxlength": 200})
    kind = SelectField(_l("Kind"), validate_choice=False, choices=[(k, v) for k, v in KIND_LABELS.items()])
    scope = SelectField(_l("Applies to"), validate_choice=False, choices=[(k, v) for k, v in SCOPE_LABELS.items()])
    issuing_body = StringField(_l("Issuing body (English)"), render_kw={"required": True, "maxlength": 300})
    issuing_body_vi = StringField(_l("Issuing body (Vietnamese)"))
    website = StringField(_l("Website"))
    certifies_vi = TextAreaField(_l("What it certifies (Vietnamese)"))
    certifies_en = TextAreaField(_l("What it certifies (English)"))
    legal_basis = TextAreaField(_l("Legal basis and standards (English)"))
    legal_basis_vi = TextAreaField(_l("Legal basis and standards (Vietnamese)"))
    verify_url = StringField(_l("Public certificate registry (URL)"))
    verify_howto = TextAreaField(_l("How to check a certificate (English)"))
    verify_howto_vi = TextAreaField(_l("How to check a certificate (Vietnamese)"))
    certificate_hint = StringField(_l("Certificate number format (English)"))
    certificate_hint_vi = StringField(_l("Certificate number format (Vietnamese)"))
    validity_months = StringField(_l("Usual validity (months)"), render_kw={"inputmode": "numeric"})
    sort_order = StringField(_l("Sort order"), render_kw={"inputmode": "numeric"})
    active = BooleanField(_l("Accepted for new claims"), default=True)

    FIELDS = ("code", "name_vi", "name_en", "kind", "scope", "issuing_body", "website", "certifies_vi", "certifies_en",
              "legal_basis", "verify_url", "verify_howto", "certificate_hint", "validity_months", "sort_order", "active",
              "issuing_body_vi", "legal_basis_vi", "verify_howto_vi", "certificate_hint_vi")

    def data_for_service(self) -> dict:
        return {f: getattr(self, f).data for f in self.FIELDS}
