"""Input schemas (owned by the services: the account pages and the API hand them the same dict) and output
schemas."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..validation import Choice, Field, Input, Text

LOCALES = ["vi", "en"]


class Password(Field):
    """A password as typed (never stripped), at most 1,024 characters."""

    blank_value = ""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or len(value) > 1024:
            raise self.fail()
        return value


class AccountEmail(Field):
    """An e-mail address for a new account, normalised (lower case) as the account stores it."""

    def _deserialize(self, value, attr, data, **kwargs):
        from email_validator import EmailNotValidError, validate_email

        if not isinstance(value, str) or len(value) > 254:
            raise self.fail()
        try:
            return validate_email(value.strip(), check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            raise self.fail() from None


def _strong_enough(data, field: str, confirm: str | None = None) -> None:
    from .services import check_password_strength

    problems: dict[str, list[str]] = {}
    if data.get(field):
        weak = check_password_strength(data[field])
        if weak:
            problems[field] = [str(m) for m in weak]
    if confirm and data.get(field) and data.get(confirm) is not None and data[confirm] != data[field]:
        problems[confirm] = [_("The passwords do not match.")]
    if problems:
        raise ValidationError(problems)


class SignInInput(Input):
    email = Text(254, required=True, message=_l("Enter your e-mail."))
    password = Password(required=True, message=_l("Enter your password."), load_only=True)


class TokenRequestInput(SignInInput):
    name = Text(80, load_default="api", metadata={"description": "A name to recognise the token by"})


class SignUpInput(Input):
    """Registration (the page also sends `confirm`, the password repeated)."""

    email = AccountEmail(required=True, message=_l("Enter a valid e-mail address, e.g. ten@congty.vn."))
    password = Password(required=True, message=_l("Choose a password."), load_only=True)
    confirm = Password(load_only=True, message=_l("The passwords do not match."))
    full_name = Text(120)
    locale = Choice(LOCALES, load_default="vi", message=_l("Choose vi or en."))

    @validates_schema(skip_on_field_errors=False)
    def _strong(self, data, **kwargs):
        _strong_enough(data, "password", "confirm")


class ForgotInput(Input):
    email = Text(254, required=True, message=_l("Enter your e-mail."))


class ResetInput(Input):
    password = Password(required=True, message=_l("Choose a password."))
    confirm = Password(message=_l("The passwords do not match."))

    @validates_schema(skip_on_field_errors=False)
    def _strong(self, data, **kwargs):
        _strong_enough(data, "password", "confirm")


class PasswordChangeInput(Input):
    current_password = Password(required=True, message=_l("Enter your current password."))
    new_password = Password(required=True, message=_l("Choose a password."))

    @validates_schema(skip_on_field_errors=False)
    def _strong(self, data, **kwargs):
        _strong_enough(data, "new_password")


class UserProfileInput(Input):
    full_name = Text(120)
    phone = Text(32)
    locale = Choice(LOCALES, message=_l("Choose vi or en."))


class TokenSchema(Schema):
    token = fields.String(required=True)
    token_type = fields.String(dump_default="bearer")
    expires_in_days = fields.Integer()


class ApiTokenInfoSchema(Schema):
    """One of the caller's tokens (the secret itself is never shown again after it is issued)."""

    id = fields.Integer()
    name = fields.String()
    created_at = fields.DateTime()
    expires_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    status = fields.Method("_status", metadata={
        "description": "active | revoked (by you, or by a password change or reset) | expired"})

    def _status(self, token) -> str:
        from .. import clock

        return token.status(clock.now())


class RegistrationSchema(Schema):
    email = fields.String(metadata={"description": "The normalised address to check for our e-mail"})
    status = fields.String(metadata={"description": "Always `check_email`"})


class MembershipSchema(Schema):
    organisation_id = fields.Integer()
    organisation_name = fields.Function(lambda m: m.organisation.display_name)
    organisation_kind = fields.Function(lambda m: m.organisation.kind.value)
    role = fields.Function(lambda m: m.role.value)


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String(dump_only=True)
    full_name = fields.String(validate=validate.Length(max=120))
    phone = fields.String(validate=validate.Length(max=32))
    locale = fields.String(validate=validate.OneOf(["vi", "en"]))
    email_confirmed = fields.Boolean(dump_only=True)
    platform_role = fields.Function(lambda u: u.platform_role.value, dump_only=True)
    membership = fields.Nested(MembershipSchema, dump_only=True, allow_none=True)
