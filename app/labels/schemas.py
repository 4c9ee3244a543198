from marshmallow import Schema, fields, validate

from ..inputs import Id
from ..pagination import PageArgsSchema
from .models import ClaimStatus, LabelKind, LabelScope


class LabelSchema(Schema):
    id = fields.Integer(dump_only=True)
    code = fields.String(validate=validate.Length(min=2, max=40))
    name_en = fields.String(validate=validate.Length(max=200))
    name_vi = fields.String(validate=validate.Length(max=200))
    kind = fields.Function(lambda lab: lab.kind.value, deserialize=lambda v: v,
                           validate=validate.OneOf([k.value for k in LabelKind]))
    scope = fields.Function(lambda lab: lab.scope.value, deserialize=lambda v: v,
                            validate=validate.OneOf([s.value for s in LabelScope]))
    issuing_body = fields.String(validate=validate.Length(max=300))
    website = fields.String(validate=validate.Length(max=300))
    certifies_en = fields.String(validate=validate.Length(max=5000))
    certifies_vi = fields.String(validate=validate.Length(max=5000))
    legal_basis = fields.String(validate=validate.Length(max=5000))
    verify_url = fields.String(validate=validate.Length(max=300))
    verify_howto = fields.String(validate=validate.Length(max=5000))
    certificate_hint = fields.String(validate=validate.Length(max=200))
    issuing_body_vi = fields.String(validate=validate.Length(max=300))
    legal_basis_vi = fields.String(validate=validate.Length(max=5000))
    verify_howto_vi = fields.String(validate=validate.Length(max=5000))
    certificate_hint_vi = fields.String(validate=validate.Length(max=200))
    validity_months = fields.Integer(allow_none=True)
    active = fields.Boolean()
    sort_order = fields.Integer()


class LabelCreateSchema(LabelSchema):
    code = fields.String(required=True, validate=validate.Length(min=2, max=40))
    name_en = fields.String(required=True, validate=validate.Length(min=1, max=200))
    name_vi = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in LabelKind]))
    scope = fields.String(load_default="product", validate=validate.OneOf([s.value for s in LabelScope]))
    issuing_body = fields.String(required=True, validate=validate.Length(min=1, max=300))


class LabelListArgsSchema(Schema):
    kind = fields.String(validate=validate.OneOf([k.value for k in LabelKind]))


class LabelListSchema(Schema):
    items = fields.List(fields.Nested(LabelSchema))


class LabelRefSchema(Schema):
    code = fields.String()
    name_en = fields.String()
    name_vi = fields.String()
    kind = fields.Function(lambda lab: lab.kind.value)


class PublicClaimSchema(Schema):
    """What anyone may see of a claim shown with a listing or an organisation."""

    id = fields.Integer()
    label = fields.Nested(LabelRefSchema)
    level = fields.Function(lambda c: "organisation" if c.listing_id is None else "listing")
    certificate_number = fields.String()
    issuer = fields.String()
    scope = fields.String()
    valid_from = fields.Date()
    valid_until = fields.Date()
    status = fields.Function(lambda c: c.effective_status())
    certified = fields.Function(lambda c: c.is_certified())


class ClaimSchema(PublicClaimSchema):
    """A claim for its organisation and for verifiers."""

    organisation_id = fields.Integer()
    listing_id = Id(allow_none=True)
    stored_status = fields.Function(lambda c: c.status.value)
    rejection_reason = fields.String()
    has_evidence = fields.Boolean()
    evidence_mime = fields.String(allow_none=True)
    evidence_url = fields.Function(lambda c: f"/api/v1/claims/{c.id}/evidence" if c.evidence_path else None)
    expiring_soon = fields.Function(lambda c: c.expiring_soon())
    reviewed_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class ClaimCreateSchema(Schema):
    """Multipart form fields (with an optional `evidence` file: PDF, JPEG or PNG, ≤ 10 MB) or JSON."""

    label = fields.String(required=True, validate=validate.Length(min=1, max=40),
                          metadata={"description": "Label code from GET /api/v1/labels"})
    certificate_number = fields.String(required=True, validate=validate.Length(min=1, max=100))
    issuer = fields.String(load_default="", validate=validate.Length(max=200))
    scope = fields.String(load_default="", validate=validate.Length(max=500))
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(required=True)


class ClaimListArgsSchema(PageArgsSchema):
    status = fields.String(load_default="submitted", validate=validate.OneOf([s.value for s in ClaimStatus] + ["all"]))
    org = Id()


class VerifySchema(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=500))


class RejectSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=5, max=1000))
