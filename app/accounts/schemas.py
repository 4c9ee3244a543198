from marshmallow import Schema, fields, validate


class TokenRequestSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=1024))
    name = fields.String(load_default="api", validate=validate.Length(max=80))


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


class RegisterSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=1024))
    full_name = fields.String(load_default="", validate=validate.Length(max=120))
    locale = fields.String(load_default="vi", validate=validate.OneOf(["vi", "en"]))


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
