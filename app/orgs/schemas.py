from marshmallow import Schema, fields, validate

from ..pagination import PageArgsSchema
from .models import BuyerSegment, OrgKind, OrgSize, OrgStatus
from .. import vn


class OrganisationSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = fields.Function(lambda o: o.kind.value, dump_only=True)
    status = fields.Function(lambda o: o.status.value, dump_only=True)
    legal_name = fields.String(validate=validate.Length(min=2, max=200))
    trade_name = fields.String(validate=validate.Length(max=200))
    tax_code = fields.String(allow_none=True, validate=validate.Length(max=20))
    province_code = fields.String(validate=validate.Length(max=8))
    province_name = fields.Function(lambda o: vn.province_name(o.province_code), dump_only=True)
    ward_code = fields.String(allow_none=True, validate=validate.Length(max=8))
    ward_name = fields.Function(lambda o: vn.ward_name(o.province_code, o.ward_code), dump_only=True)
    address = fields.String(validate=validate.Length(max=300))
    sectors = fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=20))
    size = fields.Method("_size", deserialize="_load_size", allow_none=True)
    buyer_segment = fields.Method("_segment", deserialize="_load_segment", allow_none=True)
    founded_year = fields.Integer(allow_none=True)
    website = fields.String(validate=validate.Length(max=300))
    phone = fields.String(validate=validate.Length(max=32))
    description = fields.String(validate=validate.Length(max=5000))
    description_en = fields.String(validate=validate.Length(max=5000))
    logo_url = fields.Function(lambda o: f"/orgs/{o.id}/logo" if o.logo_path else None, dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    def _size(self, org):
        return org.size.value if org.size else None

    def _segment(self, org):
        return org.buyer_segment.value if org.buyer_segment else None

    def _load_segment(self, value):
        if value is not None and (not isinstance(value, str) or value not in {s.value for s in BuyerSegment}):
            from marshmallow import ValidationError

            raise ValidationError("Must be one of: " + ", ".join(s.value for s in BuyerSegment) + ".")
        return value

    def _load_size(self, value):
        if value is not None and (not isinstance(value, str) or value not in {s.value for s in OrgSize}):
            from marshmallow import ValidationError

            raise ValidationError("Must be one of: micro, small, medium, large.")
        return value


class OrganisationCreateSchema(OrganisationSchema):
    kind_in = fields.String(data_key="kind", required=True, load_only=True,
                            validate=validate.OneOf([k.value for k in OrgKind]))
    legal_name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    province_code = fields.String(required=True, validate=validate.Length(max=8))


class OrgStatusSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in OrgStatus]))
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class OrgListArgsSchema(PageArgsSchema):
    kind = fields.String(validate=validate.OneOf([k.value for k in OrgKind]))
    q = fields.String(load_default="", validate=validate.Length(max=100))


class InvitationSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
