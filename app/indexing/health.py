"""Search health: engine reachable? outbox backlog too old?"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Flask, current_app

from .. import clock
from ..extensions import db
from ..notifications.models import OutboxEvent
from .backends import get_backend
from .registry import builders


@dataclass
class Health:
    engine_up: bool = True
    backlog: int = 0
    oldest_age_s: float = 0.0
    failing: int = 0
    reason: str = ""

    @property
    def degraded(self) -> bool:
        return bool(self.reason)


def pending_query():
    return db.select(OutboxEvent).where(OutboxEvent.kind.in_(list(builders())))


_BACKLOG: dict[tuple[str, ...], object] = {}


def outbox_backlog() -> tuple[int, dt.datetime | None, int]:
    kinds = tuple(builders())
    statement = _BACKLOG.get(kinds)
    if statement is None:  # built once per set of kinds (every search page asks)
        statement = _BACKLOG[kinds] = db.select(
            db.func.count(OutboxEvent.id), db.func.min(OutboxEvent.created_at),
            db.func.count(OutboxEvent.last_error)).where(OutboxEvent.kind.in_(list(kinds)))
    row = db.session.execute(statement).one()
    return int(row[0] or 0), row[1], int(row[2] or 0)


def search_health(app: Flask | None = None, *, engine_error: bool = False, ping: bool = True) -> Health:
    """Degraded when the engine cannot be reached or when the oldest outbox row is older than
    SEARCH_DEGRADED_AFTER seconds (default 60: the indexer is stopped or failing)."""
    app = app or current_app
    h = Health()
    if engine_error:
        h.engine_up = False
    elif ping:
        try:
            h.engine_up = bool(get_backend(app).ping())
        except Exception:  # noqa: BLE001
            h.engine_up = False
    try:
        h.backlog, oldest, h.failing = outbox_backlog()
    except Exception:  # noqa: BLE001 - never break a page over a health check
        oldest = None
    if oldest is not None:
        h.oldest_age_s = max(0.0, (clock.now() - oldest).total_seconds())
    if not h.engine_up:
        h.reason = "engine_unreachable"
    elif h.oldest_age_s > float(app.config.get("SEARCH_DEGRADED_AFTER", 60)):
        h.reason = "index_behind"
    return h
