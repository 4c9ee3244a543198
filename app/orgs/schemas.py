import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from .. import vn
from ..pagination import PageArgsSchema
from ..validation import Choice, Codes, Email, Field, Input, Number, Province, Text
from .models import BuyerSegment, OrgKind, OrgSize, OrgStatus

_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)


class TaxCode(Field):
    """A Vietnamese tax code (mã số thuế): 10 digits, or 10 + 3 for a branch (`0101234567-001`)."""

    def _deserialize(self, value, attr, data, **kwargs):
        code = vn.normalise_tax_code(value) if isinstance(value, str) else None
        if code is None:
            raise self.fail()
        return code


class Website(Text):
    """A web address; `example.vn` is read as `https://example.vn`."""

    def _deserialize(self, value, attr, data, **kwargs):
        site = super()._deserialize(value, attr, data, **kwargs)
        if site and not site.lower().startswith(("http://", "https://")):
            site = "https://" + site
        if site and (not _URL.match(site) or len(site) > self.max_len):
            raise self.fail()
        return site


def _sectors():
    from .services import SECTORS

    return list(SECTORS)


class OrganisationInput(Input):
    """An organisation's profile, from the registration and profile forms and the API alike. `current`:
    the organisation being edited (its tax code may stay; its province checks a new ward)."""

    legal_name = Text(200, min_len=2, required=True, message=_l("Enter the legal name."))
    trade_name = Text(200)
    tax_code = TaxCode(message=_l("A tax code (mã số thuế) has 10 digits, or 10 digits + 3 for a branch "
                                  "(0101234567-001)."))
    province_code = Province(required=True, message=_l("Choose one of the 34 provinces."))
    ward_code = Text(100)  # a ward code, or its name (marks optional) resolved within the province
    address = Text(300)
    sectors = Codes(_sectors, max_items=20, message=_l("Unknown sector."))
    size = Choice(enum=OrgSize, message=_l("Choose micro, small, medium or large."))
    buyer_segment = Choice(enum=BuyerSegment, message=_l("Choose one of the buyer segments."))
    founded_year = Number(integer=True, min=1900, max=2100, message=_l("Enter a year between 1900 and this year."))
    website = Website(300, message=_l("Enter a web address such as https://example.vn."))
    phone = Text(32)
    description = Text(5000)
    description_en = Text(5000)

    def __init__(self, *args, current=None, **kwargs):
        self.current = current
        super().__init__(*args, **kwargs)

    @post_load
    def _sorted_sectors(self, data, **kwargs):
        if data.get("sectors") is not None:
            data["sectors"] = sorted(data["sectors"])
        return data

    @validates_schema
    def _against_the_register(self, data, **kwargs):
        from .. import clock
        from ..extensions import db
        from .models import Organisation

        problems: dict[str, list[str]] = {}
        if data.get("founded_year") and data["founded_year"] > clock.today().year:
            problems["founded_year"] = [_("Enter a year between 1900 and this year.")]
        if data.get("tax_code"):
            clash = db.session.scalar(db.select(Organisation.id).where(Organisation.tax_code == data["tax_code"]))
            if clash and (self.current is None or clash != self.current.id):
                problems["tax_code"] = [_("Another organisation already uses this tax code.")]
        province = data.get("province_code", self.current.province_code if self.current is not None else None)
        if data.get("ward_code") and province:
            found, could_be = vn.find_ward(province, data["ward_code"])
            if found:
                data["ward_code"] = found
            elif could_be:
                problems["ward_code"] = [_("Several wards have that name: %(names)s. Type the full name.",
                                           names=", ".join(could_be))]
            else:
                problems["ward_code"] = [_("No ward or commune of that name in the chosen province.")]
        if problems:
            raise ValidationError(problems)


class OrganisationCreateInput(OrganisationInput):
    kind = Choice([k.value for k in OrgKind], required=True, message=_l("Choose a type of organisation."))


class OrgStatusInput(Input):
    status = Choice([s.value for s in OrgStatus], required=True, message=_l("Unknown status."))
    reason = Text(500)


class InvitationInput(Input):
    email = Email(required=True, message=_l("Enter your colleague's e-mail address."))


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


class OrgListArgsSchema(PageArgsSchema):
    kind = fields.String(validate=validate.OneOf([k.value for k in OrgKind]))
    q = fields.String(load_default="", validate=validate.Length(max=100))

