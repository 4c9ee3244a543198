"""Fair times: stored naive UTC, entered and shown in Vietnam time (Asia/Ho_Chi_Minh, UTC+7)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def parse_local(value) -> dt.datetime:
    """A datetime (aware, or naive meaning Vietnam time) or ISO string → naive UTC. ValueError if bad."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(23, 59))
    if not isinstance(value, dt.datetime):
        raise ValueError("not a datetime")
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN)
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def to_local(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone(VN)


def fmt_local(value: dt.datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    v = to_local(value)
    return v.strftime(fmt) if v else ""
