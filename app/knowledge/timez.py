"""Event times: stored naive UTC, entered and shown in Vietnam time (Asia/Ho_Chi_Minh)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ..validation import (
    vietnam_time_to_utc as to_utc,  # one reading of Vietnam time for every domain
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
__all__ = ["VN", "fmt", "local", "local_input", "to_utc"]


def local(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC).astimezone(VN) if value is not None else None


def fmt(value: dt.datetime | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    v = local(value)
    return v.strftime(pattern) if v else ""


def local_input(value: dt.datetime | None) -> str:
    """For <input type="datetime-local">: Vietnam wall time."""
    return fmt(value, "%Y-%m-%dT%H:%M")
