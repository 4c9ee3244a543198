"""Input schemas (owned by the services: the claim, review and label forms and the API hand them the same
dict and get the same field messages back) and output schemas."""
import datetime as dt
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from .. import clock
from ..inputs import Id
from ..orgs.schemas import Website
from ..pagination import PageArgsSchema
from ..validation import Choice, Date, Field, Flag, Input, Number, Text
from .models import ClaimStatus, Label, LabelKind, LabelScope

_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
_WEB = _l("Enter a web address such as https://example.org.")


class LabelRef(Field):
    """A label of the registry, by code or id; the Label is returned (whether it may be claimed is the
    schema's to say)."""

    def _deserialize(self, value, attr, data, **kwargs):
        from ..extensions import db

        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise self.fail(_("Unknown label."))
        ref = value.strip() if isinstance(value, str) else value
        if isinstance(ref, int) or ref.isdigit():
            label = db.session.get(Label, int(ref)) if 0 < int(ref) < 2**31 else None
        else:
            label = db.session.scalar(db.select(Label).where(Label.code == ref[:40]))
        if label is None:
            raise self.fail(_("Unknown label."))
        return label


class ClaimCreateInput(Input):
    """A claim's fields (the evidence file travels beside them). `listing_level`: a claim on a listing
    (product labels) rather than on the organisation (organisation labels)."""

    label = LabelRef(required=True, message=_l("Choose a label."),
                     metadata={"type": "string", "description": "Label code from GET /api/v1/labels"})
    certificate_number = Text(100, required=True, message=_l("Enter the certificate number."))
    issuer = Text(200)
    scope = Text(500)
    valid_from = Date(required=True)
    valid_until = Date(required=True)

    def __init__(self, *args, listing_level: bool = False, **kwargs):
        self.listing_level = listing_level
        super().__init__(*args, **kwargs)

    @validates_schema(skip_on_field_errors=False)
    def _claimable_and_valid(self, data, **kwargs):
        problems: dict[str, list[str]] = {}
        label = data.get("label")
        if label is not None:
            if not label.active:
                problems["label"] = [_("This label is no longer accepted.")]
            elif self.listing_level and label.scope == LabelScope.organisation:
                problems["label"] = [_("This label certifies organisations, not products; add it to your organisation.")]
            elif not self.listing_level and label.scope == LabelScope.product:
                problems["label"] = [_("This label certifies products; add it to a listing.")]
        vf, vu = data.get("valid_from"), data.get("valid_until")
        if vf and vu:
            if vu < vf:
                problems["valid_until"] = [_("The end of validity must be after its start.")]
            elif vu < clock.today():
                problems["valid_until"] = [_("This certificate has already expired.")]
            elif vf > clock.today() + dt.timedelta(days=366):
                problems["valid_from"] = [_("The validity starts too far in the future.")]
            elif label is not None and label.validity_months and (vu - vf).days > label.validity_months * 31 + 31:
                problems["valid_until"] = [_("%(label)s certificates are valid for at most %(n)d months.",
                                             label=label.name_en, n=label.validity_months)]
        if problems:
            raise ValidationError(problems)


class ClaimVerifyInput(Input):
    note = Text(500)


class ClaimRejectInput(Input):
    reason = Text(1000, min_len=5, required=True, message=_l("Give the reason for the rejection."))


class LabelInput(Input):
    """A label of the registry, from the admin form and the API alike. `current`: the label being edited
    (its own code is no clash)."""

    code = Text(40, required=True, metadata={"description": "Lower-case letters, digits and hyphens, e.g. vn-ecolabel"})
    name_en = Text(200, required=True)
    name_vi = Text(200, required=True)
    kind = Choice(enum=LabelKind, required=True, message=_l("Choose a kind."))
    scope = Choice(enum=LabelScope, message=_l("Choose what the label applies to."), load_default=LabelScope.product)
    issuing_body = Text(300, required=True)
    issuing_body_vi = Text(300)
    website = Website(300, message=_WEB)
    certifies_en = Text(5000)
    certifies_vi = Text(5000)
    legal_basis = Text(5000)
    legal_basis_vi = Text(5000)
    verify_url = Website(300, message=_WEB)
    verify_howto = Text(5000)
    verify_howto_vi = Text(5000)
    certificate_hint = Text(200)
    certificate_hint_vi = Text(200)
    validity_months = Number(integer=True, min=1, max=120, message=_l("Enter a number of months between 1 and 120."))
    active = Flag()
    sort_order = Number(integer=True, min=-99999, max=999999, message=_l("Enter a whole number."))

    def __init__(self, *args, current: Label | None = None, **kwargs):
        self.current = current
        super().__init__(*args, **kwargs)

    @post_load
    def _defaults(self, data, **kwargs):
        if "scope" in data and data["scope"] is None:
            data["scope"] = LabelScope.product
        if "sort_order" in data and data["sort_order"] is None:  # a blank field keeps the order
            del data["sort_order"]
        return data

    @validates_schema(skip_on_field_errors=False)
    def _unique_code(self, data, **kwargs):
        from ..extensions import db

        code = data.get("code")
        if not code:
            return
        if not _CODE.match(code):
            raise ValidationError({"code": [_("Use lower-case letters, digits and hyphens.")]})
        clash = db.session.scalar(db.select(Label.id).where(Label.code == code))
        if clash and (self.current is None or clash != self.current.id):
            raise ValidationError({"code": [_("Another label already uses this code.")]})


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


class ClaimListArgsSchema(PageArgsSchema):
    status = fields.String(load_default="submitted", validate=validate.OneOf([s.value for s in ClaimStatus] + ["all"]))
    org = Id()

