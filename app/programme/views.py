"""Public statistics page (charts, filters, CSV of every chart) and the officers' drill-down."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import vn
from ..errors import ValidationFailed
from ..extensions import db
from ..l10n import format_number, format_percent, format_vnd
from ..pagination import paged
from ..web import actor
from . import charts, snapshots, stats
from .definitions import BY_CODE
from .officers import officer_scope

bp = Blueprint("programme", __name__, url_prefix="/statistics")


@bp.app_template_filter("figure")
def figure(value, unit: str = "count") -> str:
    """A figure as the locale writes it, with its unit ('12,5%', '130.200.000 ₫', '83 kg CO2e')."""
    if value is None:
        return "—"
    if unit == "percent":
        return format_percent(value)
    if unit == "vnd":
        return format_vnd(value)
    if unit == "kg":
        return f"{format_number(round(value, 1))} kg CO2e"
    return format_number(int(value) if float(value).is_integer() else round(value, 1))


def _filter_form_context(snap, f: stats.Filters | None, errors: dict | None = None) -> dict:
    from ..orgs.services import SECTORS

    years = snapshots.years(snap) or ([snap.as_of.year] if snap else [])
    return {"years": years, "provinces": vn.province_choices(), "sectors": list(SECTORS.items()), "f": f,
            "errors": errors or {}}


@bp.route("")
def statistics():
    snap = snapshots.latest()
    scope = officer_scope(actor())
    if snap is None:
        return render_template("programme/statistics.html", snap=None, scope=scope, **_filter_form_context(None, None))
    try:
        f = stats.read_filters(request.args, snap)
    except ValidationFailed as exc:
        ctx = _filter_form_context(snap, stats.Filters(snap.as_of.year, "", ""), exc.fields)
        return render_template("programme/statistics.html", snap=snap, scope=scope, board=None, **ctx), 422
    board = stats.dashboard(f, snap)
    for section in board["sections"]:
        for item in section["indicators"]:
            p = item.get("progress")
            item["bar"] = charts.progress(p["value"], p["low"], p["high"]) if p else None
            has_trend = any(v is not None for _, v in item.get("trend") or [])
            item["columns"] = charts.columns(item["trend"]) if has_trend else None
            item["ranked"] = charts.ranked(item["provinces"], unit=item["unit"]) if item.get("provinces") else None
            for b in item["breakdowns"]:
                b["chart"] = charts.ranked(b["rows"], unit=item["unit"]) if b["rows"] else None
    return render_template("programme/statistics.html", snap=snap, scope=scope, board=board,
                           **_filter_form_context(snap, f))


@bp.route("/<code>/<chart>.csv")
def chart_csv(code, chart):
    snap = snapshots.latest()
    if snap is None or code not in BY_CODE:
        abort(404)
    f = stats.read_filters(request.args, snap)
    header, rows = stats.chart_rows(snap, code, chart, f, request.args.get("group", ""))
    ind = BY_CODE[code]
    meta = [str(ind.name), f"{_('Year')}: {f.year}",
            f"{_('Province')}: {vn.province_name(f.province) if f.province else _('All provinces')}",
            f"{_('Sector')}: {f.sector or _('All sectors')}",
            f"{_('Snapshot')}: {snap.as_of.isoformat()} (v{ind.version})", str(ind.source),
            _("Data for programs: numbers with a dot as the decimal sign and no thousands separator, "
              "months as YYYY-MM, dates as YYYY-MM-DD.")]
    body = stats.to_csv(header, rows, meta)
    name = f"{code}-{chart}{'-' + request.args.get('group') if chart == 'breakdown' else ''}-{f.year}"
    if f.province:
        name += f"-p{f.province}"
    if f.sector:
        name += f"-{f.sector}"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@bp.route("/<code>/organisations")
@login_required
def drilldown(code):
    snap = snapshots.latest()
    if snap is None or code not in BY_CODE:
        abort(404)
    f = stats.read_filters(request.args, snap)
    key = request.args.get("key", "")
    result = {}

    def fetch(n):
        page, province = stats.drilldown(actor(), snap, code, f, key, page=n)
        result["province"] = province
        return page

    page = paged(fetch, 25)
    ind = BY_CODE[code]
    from .definitions import key_label

    return render_template("programme/drilldown.html", ind=ind, page=page, f=f, snap=snap,
                           province=result.get("province"), key=key, key_name=key_label(ind, key) if key else "",
                           value=snapshots.value(snap, code, f.year, result.get("province") or "", f.sector, key))


@bp.route("/refresh", methods=["POST"])
@login_required
def refresh():
    """Ask for fresh figures now: the job runner computes them on its next round (within minutes)."""
    from .snapshots import request_refresh

    scope = officer_scope(actor())
    if scope is None or not scope.ministry:
        abort(403)
    request_refresh()
    flash(_("Fresh figures were requested; they appear within a few minutes."), "success")
    return redirect(url_for("programme.statistics"))


def officer_panel(a):
    scope = officer_scope(a)
    if scope is None:
        return None
    return {"template": "programme/_panel.html", "scope": scope}
