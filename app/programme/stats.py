"""What the statistics page, its CSV files and the API show — read from the newest snapshot only.

`StatsFilter` is the one input schema of the page, the CSV downloads, the drill-down and the API.
Programme officers (`officers.officer_scope`) may drill down to the organisations behind a figure; a
province's officers only inside their province.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import vn
from ..errors import Forbidden, NotFound
from ..extensions import db
from ..pagination import paginate
from ..validation import Choice, Input, Number, Province, load
from . import snapshots
from .definitions import BY_CODE, GROUPS, INDICATORS, Indicator, key_label

MONTHS = 12
TOP_PROVINCES = 10


def _sectors():
    from ..orgs.services import SECTORS

    return SECTORS


class StatsFilter(Input):
    year = Number(integer=True, min=2021, max=2030, message=_l("Choose a year between 2021 and 2030."))
    province = Province(message=_l("Choose one of the 34 provinces."))
    sector = Choice(lambda: list(_sectors()), message=_l("Choose a sector from the list."))


CHARTS = ("trend", "provinces", "breakdown")


@dataclass
class Filters:
    year: int
    province: str
    sector: str

    def args(self, **extra) -> dict:
        out = {"year": self.year}
        if self.province:
            out["province"] = self.province
        if self.sector:
            out["sector"] = self.sector
        out.update({k: v for k, v in extra.items() if v not in (None, "")})
        return out


def read_filters(args: dict, snap) -> Filters:
    raw = {k: v for k, v in args.items() if k in ("year", "province", "sector")}
    data = load(StatsFilter, raw)
    default_year = snap.as_of.year if snap else None
    return Filters(data.get("year") or default_year, data.get("province") or "", data.get("sector") or "")


def target_text(ind: Indicator, year: int) -> str | None:
    t = ind.target_for(year)
    if t is None:
        return None
    from ..l10n import format_number, format_percent

    # the language's percent pattern (Babel); a range puts the sign where the pattern puts it on its upper end
    span = f"{format_number(t.low)}–{format_percent(t.high)}" if t.high else format_percent(t.low)
    return _("%(span)s by %(year)s", span=span, year=t.year)


def indicator_view(snap, ind: Indicator, f: Filters) -> dict:
    """Everything one indicator shows on the page."""
    val = snapshots.value(snap, ind.code, f.year, f.province, f.sector)
    target = ind.target_for(f.year)
    out = {
        "ind": ind, "code": ind.code, "name": str(ind.name), "unit": ind.unit, "value": val,
        "target": target, "target_text": target_text(ind, f.year), "formula": str(ind.formula),
        "source": str(ind.source), "version": ind.version, "measures": snapshots.cell(snap, ind.code, f.year, f.province, f.sector),
    }
    if target is not None and val is not None:
        out["progress"] = {"value": min(val, 100.0), "low": target.low, "high": target.high,
                           "met": val >= target.low}
    if ind.trend:
        out["trend"] = [(m, v) for m, v in snapshots.by_month(snap, ind.code, f.year, f.province, f.sector)]
    if not f.province:
        ranked = snapshots.by_province(snap, ind.code, f.year, f.sector)
        out["provinces"] = [(p, vn.province_name(p), v) for p, v in ranked]
    out["breakdowns"] = [
        {"prefix": g.prefix, "title": str(g.title),
         "rows": [(k, key_label(ind, k), v) for k, v in snapshots.by_key(snap, ind.code, f.year, g.prefix, f.province, f.sector)]}
        for g in ind.key_groups]
    return out


def dashboard(f: Filters, snap) -> dict:
    sections = []
    for group, title in GROUPS.items():
        items = [indicator_view(snap, ind, f) for ind in INDICATORS if ind.group == group]
        if items:
            sections.append({"group": group, "title": str(title), "indicators": items})
    return {"sections": sections}


def chart_rows(snap, code: str, chart: str, f: Filters, prefix: str = "") -> tuple[list[str], list[list]]:
    """The rows a chart draws, for its CSV: header and rows (codes for machines, names for people)."""
    ind = BY_CODE.get(code)
    if ind is None or chart not in CHARTS:
        raise NotFound(_("No such chart."))
    unit = ind.unit
    if chart == "trend":
        if not ind.trend:
            raise NotFound(_("No such chart."))
        rows = [[f"{f.year}-{m:02d}", _num(v)] for m, v in snapshots.by_month(snap, code, f.year, f.province, f.sector)]
        return ["month", unit], rows
    if chart == "provinces":
        rows = [[p, vn.province_name(p), _num(v)] for p, v in snapshots.by_province(snap, code, f.year, f.sector)]
        return ["province_code", "province", unit], rows
    group = next((g for g in ind.key_groups if g.prefix == prefix), None)
    if group is None:
        raise NotFound(_("No such chart."))
    rows = [[k.partition(":")[2], key_label(ind, k), _num(v)]
            for k, v in snapshots.by_key(snap, code, f.year, prefix, f.province, f.sector)]
    return ["code", "name", unit], rows


def _num(v):
    if v is None:
        return ""
    return int(v) if float(v).is_integer() else round(float(v), 2)


def to_csv(header: list[str], rows: list[list], meta: list[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for line in meta:
        w.writerow([f"# {line}"])
    w.writerow(header)
    w.writerows(rows)
    return "\ufeff" + buf.getvalue()  # BOM: spreadsheet programs read the Vietnamese names as UTF-8


def drilldown(actor, snap, code: str, f: Filters, key: str = "", page: int = 1, per_page: int = 25):
    """The organisations behind one figure, for programme officers (a province's officers: their
    province only). Returns (organisations page, effective province)."""
    from ..orgs.models import Organisation
    from .officers import officer_scope

    scope = officer_scope(actor)
    if scope is None:
        raise Forbidden(_("Programme officers only."))
    ind = BY_CODE.get(code)
    if ind is None:
        raise NotFound(_("No such indicator."))
    if key and not any(key.startswith(g.prefix + ":") for g in ind.key_groups):
        raise NotFound(_("No such breakdown."))
    province = f.province
    if scope.province:
        if province and province != scope.province:
            raise Forbidden(_("Your unit sees its own province only."))
        province = scope.province
    ids = snapshots.org_ids(snap, code, f.year, province, f.sector, key)
    stmt = db.select(Organisation).where(Organisation.id.in_(ids or [-1])).order_by(Organisation.legal_name)
    return paginate(stmt, page, per_page), province


def locale() -> str:
    return str(get_locale() or "vi")
