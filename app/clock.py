"""The one clock of the application.

All business rules (claim expiry, deadlines, token lifetimes) read time through `now()`, so tests
can move time with `frozen(...)` / `advance(...)` instead of sleeping. Times are naive UTC, which is
how both SQLite and PostgreSQL columns store them here.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

_offset = dt.timedelta(0)
_fixed: dt.datetime | None = None


def now() -> dt.datetime:
    if _fixed is not None:
        return _fixed
    return dt.datetime.now(dt.UTC).replace(tzinfo=None) + _offset


def today() -> dt.date:
    """Today's date in Vietnam (UTC+7): what users mean by 'today'."""
    return (now() + dt.timedelta(hours=7)).date()


def advance(delta: dt.timedelta) -> None:
    global _offset, _fixed
    if _fixed is not None:
        _fixed = _fixed + delta
    else:
        _offset += delta


def reset() -> None:
    global _offset, _fixed
    _offset = dt.timedelta(0)
    _fixed = None


@contextlib.contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    global _fixed
    previous = _fixed
    _fixed = at
    try:
        yield
    finally:
        _fixed = previous
