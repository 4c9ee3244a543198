"""Helpers shared by the finance services."""
from __future__ import annotations

import datetime as dt

from flask_babel import get_locale


def _locale() -> str:
    try:
        return str(get_locale() or "vi")
    except Exception:  # noqa: BLE001 - outside a request
        return "vi"


def _jsonable(v):
    if hasattr(v, "value"):
        return v.value
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v
