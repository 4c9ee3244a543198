"""Programme: indicator snapshots (computed by a job; pages read only these), reporting units, programme
officers and the annual Appendix II reports."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, BigInteger, Date, DateTime, Enum, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_mixins import ProvinceCode, TimestampMixin


def _enum(e: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(e, native_enum=False, length=length, validate_strings=True)


class Snapshot(db.Model):
    """One computation of every indicator (daily job or on demand). The newest complete one is shown."""

    __tablename__ = "programme_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    as_of: Mapped[dt.date] = mapped_column(Date, nullable=False)  # Vietnam date the figures describe
    trigger: Mapped[str] = mapped_column(String(20), default="job", nullable=False)  # job | manual | test
    definitions: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)  # code → version
    fact_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


class Fact(db.Model):
    """One cell of an indicator's cube: a measure for (year, month, province, sector, key).

    Empty strings mean "all" (month 0 = the whole year). `org_ids` (whole-year cells only) are the
    organisations behind the figure, for programme officers' drill-down; never shown publicly."""

    __tablename__ = "programme_facts"
    __table_args__ = (
        Index("ix_programme_facts_lookup", "snapshot_id", "code", "year", "province", "sector"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("programme_snapshots.id", ondelete="CASCADE"), nullable=False)
    code: Mapped[str] = mapped_column(String(40), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    month: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    province: Mapped[str] = mapped_column(ProvinceCode, default="", nullable=False)
    sector: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    key: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    measure: Mapped[str] = mapped_column(String(20), nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    org_ids: Mapped[list | None] = mapped_column(JSON)


class UnitKind(str, enum.Enum):
    ministry = "ministry"  # a unit of the Ministry of Industry and Trade
    province = "province"  # a provincial Department of Industry and Trade


class ReportingUnit(db.Model):
    """A unit that reports each year on Appendix II: a ministry unit or a provincial Department of
    Industry and Trade (scoped to its province)."""

    __tablename__ = "programme_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[UnitKind] = mapped_column(_enum(UnitKind), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_en: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    province_code: Mapped[str | None] = mapped_column(ProvinceCode, unique=True)
    email: Mapped[str] = mapped_column(String(254), default="", nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    def display_name(self, locale: str | None = "vi") -> str:
        return (self.name_en or self.name) if locale == "en" else self.name


class Officer(db.Model):
    """A programme officer: a person of a reporting unit. A ministry unit's officers see the whole
    country and the submissions; a province's officers see their province."""

    __tablename__ = "programme_officers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey("programme_units.id", ondelete="CASCADE"), index=True, nullable=False)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    user = relationship("User", foreign_keys=[user_id])
    unit = relationship("ReportingUnit")


class ReportStatus(str, enum.Enum):
    draft = "draft"
    submitted = "submitted"


class Report(TimestampMixin, db.Model):
    """A unit's annual report on the plan's Appendix II template, for one year."""

    __tablename__ = "programme_reports"
    __table_args__ = (UniqueConstraint("unit_id", "year", name="uq_programme_reports_unit_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("programme_units.id", ondelete="CASCADE"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus), default=ReportStatus.draft, nullable=False)
    report_date: Mapped[dt.date | None] = mapped_column(Date)
    preparer_name: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    preparer_phone: Mapped[str] = mapped_column(String(32), default="", nullable=False)
    preparer_email: Mapped[str] = mapped_column(String(254), default="", nullable=False)
    prefilled_snapshot_id: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    unit = relationship("ReportingUnit")
    rows = relationship("ReportRow", back_populates="report", cascade="all, delete-orphan",
                        order_by="[ReportRow.area, ReportRow.position, ReportRow.id]")


class ReportRow(db.Model):
    """One activity row under one of the 15 task areas: what was done, results, difficulties and
    proposals, funding (VND) from the state budget and from other sources. `source` tells rows the
    platform pre-filled from its data ("platform") from rows the officer wrote ("officer")."""

    __tablename__ = "programme_report_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("programme_reports.id", ondelete="CASCADE"), index=True, nullable=False)
    area: Mapped[int] = mapped_column(Integer, nullable=False)  # 1…15
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    activity: Mapped[str] = mapped_column(Text, default="", nullable=False)
    results: Mapped[str] = mapped_column(Text, default="", nullable=False)
    difficulties: Mapped[str] = mapped_column(Text, default="", nullable=False)
    funding_state: Mapped[int | None] = mapped_column(BigInteger)
    funding_other: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(10), default="officer", nullable=False)

    report = relationship("Report", back_populates="rows")


class ReminderLog(db.Model):
    """A reminder sent to a unit for a year's report (at most one per unit, year and day)."""

    __tablename__ = "programme_reminders"
    __table_args__ = (UniqueConstraint("unit_id", "year", "sent_on", name="uq_programme_reminders_unit_year_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("programme_units.id", ondelete="CASCADE"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    sent_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    recipients: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
