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


# ---- annual Appendix II reports (the same service as the pages) ------------------------------------------

from ..api import BEARER, auth_required, input_body  # noqa: E402
from . import reports  # noqa: E402


class ReportRowSchema(Schema):
    id = fields.Integer()
    area = fields.Integer()
    position = fields.Integer()
    activity = fields.String()
    results = fields.String()
    difficulties = fields.String()
    funding_state = fields.Integer(allow_none=True, metadata={"description": "đồng"})
    funding_other = fields.Integer(allow_none=True, metadata={"description": "đồng"})
    source = fields.String(metadata={"description": "platform (pre-filled) or officer"})


class ReportSchema(Schema):
    id = fields.Integer()
    year = fields.Integer()
    unit = fields.Function(lambda r: r.unit.name)
    province_code = fields.Function(lambda r: r.unit.province_code)
    status = fields.Function(lambda r: r.status.value)
    report_date = fields.Date(allow_none=True)
    preparer_name = fields.String()
    preparer_phone = fields.String()
    preparer_email = fields.String()
    submitted_at = fields.DateTime(allow_none=True)
    rows = fields.List(fields.Nested(ReportRowSchema))


class ReportListSchema(Schema):
    items = fields.List(fields.Nested(ReportSchema))


class ReportCreateInput(reports._YearInput):
    pass


@blp.route("/reports", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, ReportListSchema)
@document_errors(blp, 401, 403)
@auth_required
def report_list(actor):
    """The officer's unit's Appendix II reports, newest year first."""
    return {"items": reports.unit_reports(actor)}


@blp.route("/reports", methods=["POST"])
@input_body(blp, ReportCreateInput)
@blp.doc(security=BEARER)
@blp.response(201, ReportSchema)
@document_errors(blp, 401, 403, 409, 422)
@auth_required
def report_prepare(actor, body):
    """Prepare the unit's report for a year, pre-filled from the newest snapshot (the existing one if any)."""
    return reports.prepare(actor, body)


@blp.route("/reports/<int:report_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, ReportSchema)
@document_errors(blp, 401, 404)
@auth_required
def report_detail(actor, report_id):
    """A report (the unit's officers; the ministry's officers read every unit's)."""
    return reports.get_report(actor, report_id)


@blp.route("/reports/<int:report_id>", methods=["PATCH"])
@input_body(blp, reports.ReportHeaderInput)
@blp.doc(security=BEARER)
@blp.response(200, ReportSchema)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def report_header(actor, body, report_id):
    """Change the header: report date, preparer's name, phone, e-mail (fields left out keep their value)."""
    return reports.update_header(actor, report_id, body)


@blp.route("/reports/<int:report_id>/rows", methods=["POST"])
@input_body(blp, reports.ReportRowInput)
@blp.doc(security=BEARER)
@blp.response(201, ReportRowSchema)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def report_add_row(actor, body, report_id):
    """Add an activity under one of the 15 task areas (funding in đồng)."""
    return reports.add_row(actor, report_id, body)


@blp.route("/reports/rows/<int:row_id>", methods=["PUT"])
@input_body(blp, reports.ReportRowInput)
@blp.doc(security=BEARER)
@blp.response(200, ReportRowSchema)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def report_update_row(actor, body, row_id):
    """Replace an activity row (pre-filled rows too)."""
    return reports.update_row(actor, row_id, body)


@blp.route("/reports/rows/<int:row_id>", methods=["DELETE"])
@blp.doc(security=BEARER)
@blp.response(204)
@document_errors(blp, 401, 403, 404, 409)
@auth_required
def report_delete_row(actor, row_id):
    """Remove an activity row."""
    reports.delete_row(actor, row_id)
    return ""


@blp.route("/reports/<int:report_id>/submit", methods=["POST"])
@input_body(blp, reports.ReportSubmitInput)
@blp.doc(security=BEARER)
@blp.response(200, ReportSchema)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def report_submit(actor, body, report_id):
    """Submit the report to the ministry (complete header and at least one activity); then read-only."""
    return reports.submit(actor, report_id, body)
