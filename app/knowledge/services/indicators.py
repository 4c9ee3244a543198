"""Figures the programme indicators read (issue 17): provinces with awareness activities and
good-practice models recorded. Both count published content only; an unpublished event or model no
longer counts.

- `awareness_provinces(year)`: province code → number of published events (trainings and awareness
  activities) held in that province whose start falls in `year` (Vietnam time); all years when None.
  Online events count for the province an editor gave them (the organising province), if any.
- `models_recorded(year)`: published good-practice models, in total and by sector and province; `year`
  counts those first published that year.
"""
from __future__ import annotations

import datetime as dt

from ...extensions import db
from ..models import ItemStatus, ItemType, KnowledgeItem
from ..timez import to_utc


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return to_utc(dt.datetime(year, 1, 1)), to_utc(dt.datetime(year + 1, 1, 1))


def awareness_provinces(year: int | None = None, kinds: tuple[str, ...] = ("training", "awareness")) -> dict[str, int]:
    stmt = (db.select(KnowledgeItem.province_code, db.func.count(KnowledgeItem.id))
            .where(KnowledgeItem.type == ItemType.event, KnowledgeItem.status == ItemStatus.published,
                   KnowledgeItem.province_code.is_not(None), KnowledgeItem.event_kind.in_(list(kinds)))
            .group_by(KnowledgeItem.province_code))
    if year is not None:
        start, end = _year_bounds(year)
        stmt = stmt.where(KnowledgeItem.starts_at >= start, KnowledgeItem.starts_at < end)
    return {code: n for code, n in db.session.execute(stmt)}


def models_recorded(year: int | None = None) -> dict:
    stmt = (db.select(KnowledgeItem.sector, KnowledgeItem.province_code)
            .where(KnowledgeItem.type == ItemType.model, KnowledgeItem.status == ItemStatus.published))
    if year is not None:
        start, end = _year_bounds(year)
        stmt = stmt.where(KnowledgeItem.published_at >= start, KnowledgeItem.published_at < end)
    by_sector: dict[str, int] = {}
    by_province: dict[str, int] = {}
    total = 0
    for sector, province in db.session.execute(stmt):
        total += 1
        by_sector[sector] = by_sector.get(sector, 0) + 1
        if province:
            by_province[province] = by_province.get(province, 0) + 1
    return {"total": total, "by_sector": by_sector, "by_province": by_province}
