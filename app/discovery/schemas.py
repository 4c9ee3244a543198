"""Query-string schemas of the discovery endpoints (types and bounds; rules live in services)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from .. import vn
from ..inputs import Id
from ..pagination import SearchPageArgsSchema
from ..validation import Number
from .services import SORTS, price_range

_CODE = validate.Length(min=1, max=60)


def _province(value: str) -> None:
    if vn.province(value) is None:
        raise ValidationError("Unknown province code.")


class _ProvinceCode(fields.String):
    """A province by code with or without the leading zero (`01`, `1`) or by name; loaded as the official
    two-digit code, so `province=1` and `province=01` filter alike on every engine."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", _province)
        kwargs.setdefault("metadata", {"description": "Province code (01 or 1) or name; answered as 01"})
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        return vn.province_code(text) or text  # an unknown value fails `validate` afterwards


class _PagedSearchArgs(SearchPageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    prefix = fields.Boolean(load_default=False, metadata={
        "description": "true while the user is typing: the last word of q also matches longer words "
                       "(`kraf` → kraft; with marks typed only consistent ones: `giấ` → giấy, not giá)."})
    near = _ProvinceCode(metadata={"description": "Province code (01 or 1) or name: search around its seat."})
    radius_km = fields.Float(validate=validate.Range(min=1, max=2000))
    sort = fields.String(load_default="relevance", validate=validate.OneOf((*SORTS, "price")))

    @validates_schema
    def _check(self, data, **kwargs):
        if data.get("radius_km") is not None and not data.get("near"):
            raise ValidationError("radius_km needs near.", "radius_km")
        if data.get("sort") == "distance" and not data.get("near"):
            raise ValidationError("sort=distance needs near.", "sort")


def _price_bucket(value: str) -> None:
    try:
        price_range(value)
    except ValueError:
        raise ValidationError(str(_l("Unknown price range."))) from None


class ListingSearchArgs(_PagedSearchArgs):
    category = fields.List(fields.String(validate=_CODE), validate=validate.Length(max=20))
    label = fields.List(fields.String(validate=_CODE), validate=validate.Length(max=20))
    label_kind = fields.List(fields.String(validate=_CODE), validate=validate.Length(max=10))
    province = fields.List(_ProvinceCode(), validate=validate.Length(max=34))
    export_market = fields.List(fields.String(validate=_CODE), validate=validate.Length(max=20))
    verified = fields.Boolean(allow_none=True, metadata={"description": "true: only listings with verified claims."})
    price = fields.String(validate=_price_bucket, metadata={
        "description": "a price facet value (`50000-200000`: from 50 000 up to, not including, 200 000 ₫; "
                       "`-50000`, `1000000-`) or an old fixed bucket (`50k-200k`); read as price_min/price_max, "
                       "which win when given"})
    price_min = Number(money=True, min=0, max=10**12, message=_l("Enter a whole number of đồng (0 or more)."),
                       metadata={"description": "lowest listed unit price, in đồng, included (vi `50.000` = 50 000)"})
    price_max = Number(money=True, min=0, max=10**12, message=_l("Enter a whole number of đồng (0 or more)."),
                       metadata={"description": "highest listed unit price, in đồng, included"})
    moq_max = fields.Float(validate=validate.Range(min=0))
    recycled_min = fields.Float(validate=validate.Range(min=0, max=100))
    org = Id()

    @validates_schema
    def _check_price(self, data, **kwargs):
        lo, hi = data.get("price_min"), data.get("price_max")
        if lo is not None and hi is not None and hi < lo:
            raise ValidationError(str(_l("The highest price must not be below the lowest.")), "price_max")

    @post_load
    def _price_as_range(self, data, **kwargs):
        """`price` (a bucket) becomes price_min/price_max, so pages, saved searches and alerts see one form."""
        bucket = data.pop("price", None)
        if bucket and data.get("price_min") is None and data.get("price_max") is None:
            lo, hi = price_range(bucket)
            data.update({k: v for k, v in (("price_min", lo), ("price_max", hi)) if v is not None})
        return data


class OrganisationSearchArgs(_PagedSearchArgs):
    sort = fields.String(load_default="relevance", validate=validate.OneOf(("relevance", "newest", "distance")))
    org_kind = fields.List(fields.String(validate=_CODE), validate=validate.Length(max=5))
    province = fields.List(_ProvinceCode(), validate=validate.Length(max=34))
    sector = fields.List(fields.String(validate=_CODE), validate=validate.Length(max=20))
    verified = fields.Boolean(allow_none=True)


class SuggestArgs(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={
        "description": "what is typed so far: the last word is a prefix (same understanding as search)"})
    kind = fields.String(load_default="listing", validate=validate.OneOf(["listing", "organisation"]))
    size = fields.Integer(load_default=8, validate=validate.Range(min=1, max=20))


class FacetValueSchema(Schema):
    value = fields.String()
    label = fields.String()
    count = fields.Integer()
    selected = fields.Boolean()
    depth = fields.Integer(metadata={"description": "category: 0 for a top-level category"})
    parent = fields.String(allow_none=True)
    from_ = fields.Float(data_key="from", attribute="from", allow_none=True)
    to = fields.Float(allow_none=True)
    price_min = fields.Integer(allow_none=True, metadata={
        "description": "price facet: the price_min filter that selects this bucket (from, included)"})
    price_max = fields.Integer(allow_none=True, metadata={
        "description": "price facet: the price_max filter that selects this bucket (to - 1: whole đồng, included)"})


class RelaxedSchema(Schema):
    dropped = fields.List(fields.String(), metadata={
        "description": "words the best result does without (no listing has every word)"})
    query = fields.String(metadata={"description": "the words the best result matches"})
    matched = fields.Integer(metadata={"description": "how many of the query's words the best result matches"})
    of = fields.Integer(metadata={"description": "how many words the query has"})


class SearchResultBodySchema(Schema):
    items = fields.List(fields.Dict())
    total = fields.Integer()
    relaxed = fields.Nested(RelaxedSchema, allow_none=True, metadata={
        "description": "set when nothing matched every word: the results match the most words any listing has, "
                       "ranked by score"})
    did_you_mean = fields.String(allow_none=True, metadata={
        "description": "when nothing was found: a query made of words the index has"})
    understood = fields.String(allow_none=True, metadata={
        "description": "the query as read when typed with Telex/VNI keys left on (`hoopj giaays` → hộp giấy)"})
    without_filters = fields.Integer(allow_none=True, metadata={
        "description": "when filters left nothing: how many results the words have without them"})
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValueSchema)))
    degraded = fields.Boolean()
    sponsored = fields.List(fields.Dict())


class SuggestBodySchema(Schema):
    items = fields.List(fields.String())
