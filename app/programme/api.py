"""/api/v1/programme: the indicators of the newest snapshot (the same figures as the statistics page)."""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..api import document_errors
from ..errors import NotFound
from . import snapshots, stats
from .definitions import INDICATORS, UNITS

blp = Blueprint("api_programme", __name__, url_prefix="/api/v1/programme",
                description="Programme indicators against the national targets")


class TargetSchema(Schema):
    year = fields.Integer()
    low = fields.Float()
    high = fields.Float(allow_none=True)


class IndicatorSchema(Schema):
    code = fields.String()
    version = fields.Integer()
    name = fields.String()
    unit = fields.String()
    value = fields.Float(allow_none=True)
    formula = fields.String()
    source = fields.String()
    targets = fields.List(fields.Nested(TargetSchema))
    by_month = fields.List(fields.List(fields.Raw()), metadata={"description": "[[month, value], …]"})


class IndicatorListSchema(Schema):
    as_of = fields.Date()
    year = fields.Integer()
    province = fields.String()
    sector = fields.String()
    items = fields.List(fields.Nested(IndicatorSchema))


@blp.route("/indicators")
@blp.arguments(stats.StatsFilter, location="query", as_kwargs=True)
@blp.response(200, IndicatorListSchema)
@document_errors(blp, 404, 422)
def indicators(**_args):
    """Every indicator for a year (default: this year), nationally or for one province and/or sector."""
    snap = snapshots.latest()
    if snap is None:
        raise NotFound("No figures have been computed yet.")
    f = stats.read_filters(request.args, snap)
    items = []
    for ind in INDICATORS:
        items.append({"code": ind.code, "version": ind.version, "name": str(ind.name), "unit": UNITS[ind.unit] or ind.unit,
                      "value": snapshots.value(snap, ind.code, f.year, f.province, f.sector),
                      "formula": str(ind.formula), "source": str(ind.source),
                      "targets": [{"year": t.year, "low": t.low, "high": t.high} for t in ind.targets],
                      "by_month": [[m, v] for m, v in snapshots.by_month(snap, ind.code, f.year, f.province, f.sector)]
                      if ind.trend else []})
    return {"as_of": snap.as_of, "year": f.year, "province": f.province, "sector": f.sector, "items": items}
