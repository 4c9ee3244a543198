from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .services import KIND_LABELS, SCOPE_LABELS


class ClaimForm(FlaskForm):
    label = SelectField(_l("Label or certification"), validators=[DataRequired(_l("Choose a label."))])
    certificate_number = StringField(_l("Certificate number"), validators=[DataRequired(_l("Enter the certificate number.")), Length(max=100)])
    issuer = StringField(_l("Certification body"), validators=[Length(max=200)],
                         description=_l("Who issued the certificate, e.g. Control Union, QUACERT."))
    scope = StringField(_l("Scope"), validators=[Length(max=500)],
                        description=_l("Products or sites the certificate covers, as written on it."))
    valid_from = StringField(_l("Valid from"), render_kw={"type": "date"}, validators=[DataRequired(_l("Enter a date (YYYY-MM-DD)."))])
    valid_until = StringField(_l("Valid until"), render_kw={"type": "date"}, validators=[DataRequired(_l("Enter a date (YYYY-MM-DD)."))])
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
    note = StringField(_l("Note for the audit log (optional)"), validators=[Length(max=500)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason (shown to the organisation)"),
                           validators=[DataRequired(_l("Give the reason for the rejection.")), Length(min=5, max=1000)])


class LabelForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)],
                       description=_l("Lower-case letters, digits and hyphens, e.g. vn-ecolabel."))
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=[(k, v) for k, v in KIND_LABELS.items()])
    scope = SelectField(_l("Applies to"), choices=[(k, v) for k, v in SCOPE_LABELS.items()])
    issuing_body = StringField(_l("Issuing body (English)"), validators=[DataRequired(), Length(max=300)])
    issuing_body_vi = StringField(_l("Issuing body (Vietnamese)"), validators=[Length(max=300)])
    website = StringField(_l("Website"), validators=[Length(max=300)])
    certifies_vi = TextAreaField(_l("What it certifies (Vietnamese)"), validators=[Length(max=5000)])
    certifies_en = TextAreaField(_l("What it certifies (English)"), validators=[Length(max=5000)])
    legal_basis = TextAreaField(_l("Legal basis and standards (English)"), validators=[Length(max=5000)])
    legal_basis_vi = TextAreaField(_l("Legal basis and standards (Vietnamese)"), validators=[Length(max=5000)])
    verify_url = StringField(_l("Public certificate registry (URL)"), validators=[Length(max=300)])
    verify_howto = TextAreaField(_l("How to check a certificate (English)"), validators=[Length(max=5000)])
    verify_howto_vi = TextAreaField(_l("How to check a certificate (Vietnamese)"), validators=[Length(max=5000)])
    certificate_hint = StringField(_l("Certificate number format (English)"), validators=[Length(max=200)])
    certificate_hint_vi = StringField(_l("Certificate number format (Vietnamese)"), validators=[Length(max=200)])
    validity_months = StringField(_l("Usual validity (months)"), validators=[Optional(), Length(max=4)])
    sort_order = StringField(_l("Sort order"), validators=[Optional(), Length(max=6)])
    active = BooleanField(_l("Accepted for new claims"), default=True)

    FIELDS = ("code", "name_vi", "name_en", "kind", "scope", "issuing_body", "website", "certifies_vi", "certifies_en",
              "legal_basis", "verify_url", "verify_howto", "certificate_hint", "validity_months", "sort_order", "active",
              "issuing_body_vi", "legal_basis_vi", "verify_howto_vi", "certificate_hint_vi")

    def data_for_service(self) -> dict:
        data = {f: getattr(self, f).data for f in self.FIELDS}
        if not data["sort_order"]:
            data.pop("sort_order")
        return data
