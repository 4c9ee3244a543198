"""Reference data for forms and API clients: provinces and wards (2025 administrative units)."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from .. import vn
from ..api import document_errors
from ..errors import NotFound

blp = Blueprint("api_geo", __name__, url_prefix="/api/v1/geo", description="Provinces and wards")


class ProvinceSchema(Schema):
    code = fields.String()
    name = fields.String()
    short_name = fields.String()
    lat = fields.Float()
    lon = fields.Float()


class ProvinceListSchema(Schema):
    items = fields.List(fields.Nested(ProvinceSchema))


class WardSchema(Schema):
    code = fields.String()
    name = fields.String()


class WardListSchema(Schema):
    items = fields.List(fields.Nested(WardSchema))


@blp.route("/provinces")
@blp.response(200, ProvinceListSchema)
def provinces():
    """The 34 provinces and centrally-run cities, with the point used for distances."""
    items = sorted(vn.provinces().values(), key=lambda p: int(p.code))
    return {"items": items}


@blp.route("/provinces/<code>/wards")
@blp.response(200, WardListSchema)
@document_errors(blp, 404)
def wards(code):
    """Wards and communes of one province."""
    p = vn.province(code)
    if p is None:
        raise NotFound("Unknown province.")
    return {"items": [{"code": c, "name": n} for c, n in sorted(vn.wards(p.code).items(), key=lambda kv: kv[1])]}
