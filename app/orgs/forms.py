"""Forms render the pages and carry the CSRF token; the rules are the service's (schemas.OrganisationInput,
OrganisationCreateInput, InvitationInput, OrgStatusInput)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from .. import vn
from .services import KIND_LABELS, SECTORS, SEGMENT_LABELS, SIZE_LABELS


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)


class OrganisationForm(FlaskForm):
    legal_name = StringField(_l("Legal name"), render_kw={"maxlength": 200, "required": True})
    trade_name = StringField(_l("Trade name"), render_kw={"maxlength": 200})
    tax_code = StringField(_l("Tax code (mã số thuế)"), render_kw={"maxlength": 20},
                           description=_l("10 digits, or 10 + 3 digits for a branch, e.g. 0101234567-001"))
    province_code = SelectField(_l("Province / city"), validate_choice=False)
    ward_code = StringField(_l("Ward / commune"), render_kw={"maxlength": 100},
                            description=_l("Its name in the chosen province, e.g. Phường Ba Đình (marks optional)"))
    address = StringField(_l("Street address"), render_kw={"maxlength": 300})
    sectors = MultiCheckboxField(_l("Sectors"))
    size = SelectField(_l("Size"), validate_choice=False)
    buyer_segment = SelectField(_l("Buyer segment (buyers only)"), validate_choice=False,
                                description=_l("Supermarkets and trade centres are counted in the programme's targets."))
    founded_year = StringField(_l("Year founded"), render_kw={"inputmode": "numeric", "maxlength": 4})
    website = StringField(_l("Website"), render_kw={"maxlength": 300, "inputmode": "url"})
    phone = StringField(_l("Phone"), render_kw={"maxlength": 32, "inputmode": "tel"})
    description = TextAreaField(_l("Description (Vietnamese)"), render_kw={"maxlength": 5000})
    description_en = TextAreaField(_l("Description (English, optional)"), render_kw={"maxlength": 5000})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.province_code.choices = [("", _l("— choose —"))] + vn.province_choices()
        self.sectors.choices = [(k, v) for k, v in SECTORS.items()]
        self.size.choices = [("", _l("— choose —"))] + [(k, v) for k, v in SIZE_LABELS.items()]
        self.buyer_segment.choices = [("", _l("— not a buyer —"))] + [(k, v) for k, v in SEGMENT_LABELS.items()]

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "legal_name", "trade_name", "tax_code", "province_code", "ward_code", "address", "sectors",
            "size", "buyer_segment", "founded_year", "website", "phone", "description", "description_en")}


class CreateOrganisationForm(OrganisationForm):
    kind = RadioField(_l("Type of organisation"), validate_choice=False,
                      choices=[(k, v) for k, v in KIND_LABELS.items()])


class LogoForm(FlaskForm):
    logo = FileField(_l("Logo (JPEG or PNG)"))


class InviteForm(FlaskForm):
    email = EmailField(_l("Colleague's e-mail"), render_kw={"maxlength": 254, "required": True})


class StatusForm(FlaskForm):
    status = SelectField(validate_choice=False, choices=[("approved", _l("Approve")), ("suspended", _l("Suspend")), ("pending", _l("Back to review"))])
    reason = StringField(_l("Reason (shown to the organisation)"), render_kw={"maxlength": 500})
