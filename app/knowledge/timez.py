"""Event times: stored naive UTC, entered and shown in Vietnam time (Asia/Ho_Chi_Minh)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def to_utc(value) -> dt.datetime:
    """A datetime (aware, or naive meaning Vietnam time) or an ISO string → naive UTC. ValueError if bad."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if not isinstance(value, dt.datetime):
        raise ValueError("not a date and time")
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN)
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def local(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC).astimezone(VN) if value is not None else None


def fmt(value: dt.datetime | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    v = local(value)
    return v.strftime(pattern) if v else ""


def local_input(value: dt.datetime | None) -> str:
    """For <input type="datetime-local">: Vietnam wall time."""
    return fmt(value, "%Y-%m-%dT%H:%M")
