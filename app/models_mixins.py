"""Column helpers shared by every domain's models."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.types import TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

from . import clock


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=clock.now, onupdate=clock.now, nullable=False
    )


class VersionedMixin:
    """A counter bumped on every change; used as the external version in the search index."""

    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    def bump_version(self) -> None:
        self.version = (self.version or 0) + 1


class ProvinceCode(TypeDecorator):
    """A province code column (VARCHAR(8)): whatever form a value is written or compared in (`1`, `01`,
    `Hà Nội`), the database holds and is queried with the official two-digit code (`app.vn.province_code`).
    Empty strings ("all provinces" in programme facts) and values naming no province pass unchanged."""

    impl = String(8)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or value == "":
            return value
        from . import vn

        return vn.province_code(value) or value
