"""Turning app documents into what the engines index, the same way for every engine."""

from __future__ import annotations

from collections.abc import Mapping as MappingABC
from datetime import datetime, timedelta, timezone
from typing import Any

from .geo import point_key
from .mapping import Mapping
from .text import nfc

__all__ = ["prepare", "parse_date", "iso", "freshness_windows", "id_number", "RANK_FIELD", "ID_NUM", "GEO_KEY"]

# Derived fields added by the backends (never sent by the app).
ID_NUM = "id_num"  # integer form of the id: numeric tie-break for stable pagination
RANK_FIELD = "rank_boost"  # 1 + claim_weight * claim_strength
GEO_KEY = "geo_key"  # "lat,lon" of the geo field, for grouping by point


def id_number(doc_id: str) -> int:
    """The integer behind an id; ids are strings of non-negative integers."""
    if not isinstance(doc_id, str) or not doc_id.isdigit():
        raise ValueError(f"document ids must be strings of digits, got {doc_id!r}")
    return int(doc_id)


def parse_date(value: str | datetime) -> datetime:
    """An aware UTC datetime from an ISO-8601 string or a datetime (naive = UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def iso(value: datetime) -> str:
    """ISO-8601 UTC with microseconds and a Z suffix (what the HTTP engines get)."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def prepare(mapping: Mapping, doc: MappingABC[str, Any]) -> dict[str, Any]:
    """Validate and normalise one document; adds the derived fields.

    Text is NFC-composed, keyword lists are de-duplicated, ``None`` values and
    unknown fields are dropped, dates become aware UTC datetimes.
    """
    out: dict[str, Any] = {}
    for name, fdef in mapping.fields.items():
        value = doc.get(name)
        if value is None or value == []:
            continue
        if fdef.type == "text":
            out[name] = nfc(str(value))
        elif fdef.type == "keyword":
            if fdef.multi:
                values = [value] if isinstance(value, str) else list(value)
                out[name] = list(dict.fromkeys(nfc(str(v)) for v in values))
            else:
                out[name] = nfc(str(value))
        elif fdef.type == "integer":
            out[name] = int(value)
        elif fdef.type == "float":
            out[name] = float(value)
        elif fdef.type == "boolean":
            out[name] = bool(value)
        elif fdef.type == "date":
            out[name] = parse_date(value)
        elif fdef.type == "geo_point":
            out[name] = {"lat": float(value["lat"]), "lon": float(value["lon"])}
    if "id" not in out or "version" not in out:
        raise ValueError(f"{mapping.kind} document needs id and version: {doc.get('id')!r}")
    out[ID_NUM] = id_number(out["id"])
    rk = mapping.ranking
    if rk.claim_field:
        out[RANK_FIELD] = 1.0 + rk.claim_weight * float(out.get(rk.claim_field, 0.0))
    if mapping.geo_field and mapping.geo_field in out:
        loc = out[mapping.geo_field]
        out[GEO_KEY] = point_key(loc["lat"], loc["lon"])
    return out


def freshness_windows(mapping: Mapping, now: datetime) -> list[tuple[datetime | None, datetime | None, float]]:
    """Disjoint ``[since, until)`` windows of the freshness field with their factors.

    The last window (older than every bucket) has factor 1.  Empty when the
    mapping has no freshness ranking.
    """
    rk = mapping.ranking
    if not rk.freshness_field or not rk.freshness:
        return []
    windows: list[tuple[datetime | None, datetime | None, float]] = []
    until: datetime | None = None
    for max_age, factor in rk.freshness:
        since = now - timedelta(days=max_age)
        windows.append((since, until, factor))
        until = since
    windows.append((None, until, 1.0))
    return windows
