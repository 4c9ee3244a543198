"""Column helpers shared by every domain's models."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer
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
