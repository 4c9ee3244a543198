"""Fair times: stored naive UTC, entered and shown in Vietnam time (Asia/Ho_Chi_Minh, UTC+7)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ..validation import vietnam_time_to_utc

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def parse_local(value) -> dt.datetime:
    """A datetime (aware, or naive meaning Vietnam time) or ISO string → naive UTC. ValueError if bad."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(23, 59))  # a bare date means the end of that day
    return vietnam_time_to_utc(value)


def to_local(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone(VN)


def fmt_local(value: dt.datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    v = to_local(value)
    return v.strftime(fmt) if v else ""
