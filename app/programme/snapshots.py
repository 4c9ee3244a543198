"""Indicator snapshots: compute every indicator into `programme_facts` (the job and `flask programme
snapshot`), and read them back for pages, CSV and reports. Pages never scan live tables.

A snapshot holds, for each indicator and each year since the platform's first organisation, cells
(year, month, province, sector, key) → measures; "" means all (month 0: the whole year). Each cell is
computed directly from the records (an entity counts once per cell), so distinct counts stay right
when a figure is narrowed to a province or a sector.
"""
from __future__ import annotations

import calendar
import datetime as dt
import time
from collections import defaultdict

from .. import clock
from ..extensions import db
from .data import load
from .definitions import BY_CODE, INDICATORS, Indicator, versions
from .models import Fact, Snapshot

KEEP_SNAPSHOTS = 3
ORG_IDS_CAP = 5000
FIRST_YEAR = 2021  # the programme runs 2021–2030


def _periods(year: int, as_of: dt.date):
    """(month, start, end) for the year (month 0) and each month up to `as_of`."""
    end_year = min(dt.date(year, 12, 31), as_of)
    yield 0, dt.date(year, 1, 1), end_year
    for m in range(1, 13):
        start = dt.date(year, m, 1)
        if start > as_of:
            break
        end = min(dt.date(year, m, calendar.monthrange(year, m)[1]), as_of)
        yield m, start, end


def build_cells(ind: Indicator, records, year: int, month: int):
    """{(province, sector, key): {measure: {entity: value}}, ...}, plus org ids per cell."""
    main = "num" if ind.ratio else "n"  # drill-down lists the organisations counted in the figure
    cells: dict[tuple, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
    orgs: dict[tuple, set] = defaultdict(set)
    for rec in records:
        provinces = ("", rec.province) if rec.province else ("",)
        sectors = ("",) + tuple(rec.sectors or ())
        keys = ("",) if month else ("",) + tuple(rec.keys or ())  # trends need no breakdown
        for p in provinces:
            for s in sectors:
                for k in keys:
                    cell = cells[(p, s, k)]
                    for measure, value in rec.measures.items():
                        prev = cell[measure].get(rec.entity)
                        cell[measure][rec.entity] = value if prev is None else max(prev, value)
                    if month == 0 and rec.org_id is not None and rec.measures.get(main, 0):
                        orgs[(p, s, k)].add(rec.org_id)
    return cells, orgs


def compute_snapshot(as_of: dt.date | None = None, trigger: str = "job", codes: list[str] | None = None) -> Snapshot:
    """Compute every indicator (or `codes`) into a new snapshot, commit it, drop old ones."""
    t0 = time.perf_counter()
    as_of = as_of or clock.today()
    snap = Snapshot(started_at=clock.now(), as_of=as_of, trigger=trigger, definitions=versions())
    db.session.add(snap)
    db.session.flush()
    data = load(as_of)
    first = data.first_day()
    first_year = max(FIRST_YEAR, first.year) if first else as_of.year
    rows = []
    chosen = [BY_CODE[c] for c in codes] if codes else list(INDICATORS)
    for ind in chosen:
        for year in range(first_year, as_of.year + 1):
            for month, start, end in _periods(year, as_of):
                if month and not ind.trend:
                    continue
                cells, orgs = build_cells(ind, ind.compute(data, start, end), year, month)
                for (p, s, k), measures in cells.items():
                    for measure, by_entity in measures.items():
                        ids = None
                        if month == 0:
                            ids = sorted(orgs.get((p, s, k), ()))[:ORG_IDS_CAP]
                        rows.append({"snapshot_id": snap.id, "code": ind.code, "version": ind.version, "year": year,
                                     "month": month, "province": p, "sector": s, "key": k, "measure": measure,
                                     "value": float(sum(by_entity.values())), "org_ids": ids})
    for i in range(0, len(rows), 5000):
        db.session.execute(db.insert(Fact), rows[i:i + 5000])
    snap.fact_count = len(rows)
    snap.finished_at = clock.now()
    snap.duration_ms = int((time.perf_counter() - t0) * 1000)
    old = db.session.scalars(db.select(Snapshot.id).where(Snapshot.finished_at.is_not(None), Snapshot.id != snap.id)
                             .order_by(Snapshot.id.desc()).offset(KEEP_SNAPSHOTS - 1)).all()
    if old:
        db.session.execute(db.delete(Fact).where(Fact.snapshot_id.in_(old)))
        db.session.execute(db.delete(Snapshot).where(Snapshot.id.in_(old)))
    db.session.commit()
    return snap


def latest() -> Snapshot | None:
    return db.session.scalars(db.select(Snapshot).where(Snapshot.finished_at.is_not(None))
                              .order_by(Snapshot.id.desc()).limit(1)).first()


def request_refresh() -> None:
    """Ask the job runner for a snapshot now (an officer's "refresh" button; computed off the request)."""
    pending = db.session.scalar(db.select(Snapshot.id).where(Snapshot.finished_at.is_(None), Snapshot.trigger == "requested"))
    if pending is None:
        db.session.add(Snapshot(started_at=clock.now(), as_of=clock.today(), trigger="requested", definitions={}))
    db.session.commit()


def daily_job() -> str:
    """Compute a snapshot when asked for, or unless one was made today (Vietnam date)."""
    requested = db.session.scalars(db.select(Snapshot).where(Snapshot.finished_at.is_(None), Snapshot.trigger == "requested")).all()
    if requested:
        for row in requested:
            db.session.delete(row)
        db.session.flush()
        snap = compute_snapshot(trigger="manual")
        return f"snapshot {snap.id} (requested): {snap.fact_count} facts in {snap.duration_ms} ms"
    snap = latest()
    if snap is not None and snap.as_of == clock.today() and snap.definitions == versions():
        return f"snapshot {snap.id} of {snap.as_of} is current"
    snap = compute_snapshot(trigger="job")
    return f"snapshot {snap.id}: {snap.fact_count} facts in {snap.duration_ms} ms"


# ---- reading ---------------------------------------------------------------------------------------

def years(snap: Snapshot | None) -> list[int]:
    if snap is None:
        return []
    return list(db.session.scalars(db.select(Fact.year).where(Fact.snapshot_id == snap.id).distinct().order_by(Fact.year)))


def cell(snap: Snapshot, code: str, year: int, province: str = "", sector: str = "", key: str = "",
         month: int = 0) -> dict[str, float]:
    """The measures of one cell ({} when nothing was counted there)."""
    q = db.select(Fact.measure, Fact.value).where(
        Fact.snapshot_id == snap.id, Fact.code == code, Fact.year == year, Fact.month == month,
        Fact.province == province, Fact.sector == sector, Fact.key == key)
    return {m: v for m, v in db.session.execute(q)}


def value(snap: Snapshot, code: str, year: int, province: str = "", sector: str = "", key: str = "") -> float | None:
    ind = BY_CODE[code]
    measures = cell(snap, code, year, province, sector, key)
    if not measures and not ind.ratio:
        return 0
    return ind.value(measures)


def by_month(snap: Snapshot, code: str, year: int, province: str = "", sector: str = "") -> list[tuple[int, float | None]]:
    ind = BY_CODE[code]
    got: dict[int, dict] = defaultdict(dict)
    for month, measure, v in db.session.execute(
            db.select(Fact.month, Fact.measure, Fact.value).where(
                Fact.snapshot_id == snap.id, Fact.code == code, Fact.year == year, Fact.month > 0,
                Fact.province == province, Fact.sector == sector, Fact.key == "")):
        got[month][measure] = v
    last = 12 if year < snap.as_of.year else snap.as_of.month
    return [(m, ind.value(got.get(m, {})) if (got.get(m) or not ind.ratio) else None) for m in range(1, last + 1)]


def by_province(snap: Snapshot, code: str, year: int, sector: str = "") -> list[tuple[str, float]]:
    ind = BY_CODE[code]
    got: dict[str, dict] = defaultdict(dict)
    for province, measure, v in db.session.execute(
            db.select(Fact.province, Fact.measure, Fact.value).where(
                Fact.snapshot_id == snap.id, Fact.code == code, Fact.year == year, Fact.month == 0,
                Fact.province != "", Fact.sector == sector, Fact.key == "")):
        got[province][measure] = v
    out = [(p, ind.value(m)) for p, m in got.items()]
    out = [(p, v) for p, v in out if v is not None]
    return sorted(out, key=lambda pv: (-pv[1], pv[0]))


def by_key(snap: Snapshot, code: str, year: int, prefix: str, province: str = "", sector: str = "") -> list[tuple[str, float]]:
    ind = BY_CODE[code]
    got: dict[str, dict] = defaultdict(dict)
    for key, measure, v in db.session.execute(
            db.select(Fact.key, Fact.measure, Fact.value).where(
                Fact.snapshot_id == snap.id, Fact.code == code, Fact.year == year, Fact.month == 0,
                Fact.province == province, Fact.sector == sector, Fact.key.like(f"{prefix}:%"))):
        got[key][measure] = v
    out = [(k, ind.value(m)) for k, m in got.items()]
    return sorted([(k, v) for k, v in out if v is not None], key=lambda kv: (-kv[1], kv[0]))


def org_ids(snap: Snapshot, code: str, year: int, province: str = "", sector: str = "", key: str = "") -> list[int]:
    ids = db.session.scalars(db.select(Fact.org_ids).where(
        Fact.snapshot_id == snap.id, Fact.code == code, Fact.year == year, Fact.month == 0,
        Fact.province == province, Fact.sector == sector, Fact.key == key).limit(1)).first()
    return list(ids or [])
