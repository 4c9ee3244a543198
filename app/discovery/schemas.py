"""Query-string schemas of the discovery endpoints (types and bounds; rules live in services)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .. import vn
from ..inputs import Id
from ..pagination import SearchPageArgsSchema
from .services import SORTS

_CODE = validate.Length(min=1, max=60)


def _province(value: str) -> None:
    if vn.province(value) is None:
        raise ValidationError("Unknown province code.")


class _PagedSearchArgs(SearchPageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    prefix = fields.Boolean(load_default=False, metadata={
        "description": "true while the user is typing: the last word of q also matches longer words "
                       "(`kraf` → kraft; with marks typed only consistent ones: `giấ` → giấy, not giá)."})
    near = fields.String(validate=_province, metadata={"description": "Province code: search around its seat."})
    radius_km = fields.Float(validate=validate.Range(min=1, max=2000))
    sort = fields.String(load_default="relevance", validate=validate.OneOf((*SORTS, "price")))

    @validates_schema
    def _check(self, data, **kwargs):
        if data.get("radius_km") is not None and not data.get("near"):
            raise ValidationError("radius_km needs near.", "radius_km")
        if data.get("sort") == "distance" and not data.get("near"):
            raise ValidationError("sort=distance needs near.", "sort")


class ListingSearchArgs(_PagedSearchArgs):
    category = fields.List(fields.String(validate=_CODE), validate=validate.Length(max=20))
    label = fields.List(fields.String(validate=_CODE), validate=validate.Length(max=20))
    label_kind = fields.List(fields.String(validate=_CODE), validate=validate.Length(max=10))
    province = fields.List(fields.String(validate=_province), validate=validate.Length(max=34))
    export_market = fields.List(fields.String(validate=_CODE), validate=validate.Length(max=20))
    verified = fields.Boolean(allow_none=True, metadata={"description": "true: only listings with verified claims."})
    price = fields.String(validate=validate.OneOf(["lt50k", "50k-200k", "200k-1m", "1m-5m", "gte5m"]))
    price_min = fields.Integer(validate=validate.Range(min=0))
    price_max = fields.Integer(validate=validate.Range(min=0))
    moq_max = fields.Float(validate=validate.Range(min=0))
    recycled_min = fields.Float(validate=validate.Range(min=0, max=100))
    org = Id()


class OrganisationSearchArgs(_PagedSearchArgs):
    sort = fields.String(load_default="relevance", validate=validate.OneOf(("relevance", "newest", "distance")))
    org_kind = fields.List(fields.String(validate=_CODE), validate=validate.Length(max=5))
    province = fields.List(fields.String(validate=_province), validate=validate.Length(max=34))
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
