from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (JSON, BigInteger, Boolean, Date, DateTime, Enum, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_mixins import ProvinceCode, TimestampMixin, VersionedMixin


def _enum(e, length: int = 20) -> Enum:
    return Enum(e, native_enum=False, length=length, validate_strings=True)


class FairStatus(str, enum.Enum):
    draft = "draft"
    published = "published"
    cancelled = "cancelled"


class ApplicationStatus(str, enum.Enum):
    submitted = "submitted"
    approved = "approved"
    waitlisted = "waitlisted"
    rejected = "rejected"
    cancelled = "cancelled"


# The statuses of an application that holds (or waits for) a booth, as SQL for the partial unique index.
ACTIVE_SQL = "status IN ('submitted', 'approved', 'waitlisted')"


class PromotionStatus(str, enum.Enum):
    pending_payment = "pending_payment"
    active = "active"
    cancelled = "cancelled"


class Fair(TimestampMixin, VersionedMixin, db.Model):
    """A trade fair. Dates are the fair's local (Vietnam) calendar days; the deadline is naive UTC."""

    __tablename__ = "fairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_en: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    starts_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    online: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    venue: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    province_code: Mapped[str | None] = mapped_column(ProvinceCode, index=True)
    themes: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    categories: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    application_deadline: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    green_zone: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    green_zone_note: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    status: Mapped[FairStatus] = mapped_column(_enum(FairStatus), default=FairStatus.published, nullable=False, index=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    organiser = relationship("Organisation")
    booth_types = relationship("BoothType", back_populates="fair", cascade="all, delete-orphan", order_by="BoothType.id")

    @property
    def is_public(self) -> bool:
        return self.status == FairStatus.published


class BoothType(db.Model):
    __tablename__ = "fair_booth_types"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    name_en: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    price_vnd: Mapped[int] = mapped_column(BigInteger, nullable=False)
    capacity: Mapped[int] = mapped_column(Integer, nullable=False)
    green_zone: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    code_prefix: Mapped[str] = mapped_column(String(6), default="B", nullable=False)

    fair = relationship("Fair", back_populates="booth_types")


class FairApplication(TimestampMixin, db.Model):
    """A producer's application for a booth, with the listings it will show. `booth_number` is set
    on approval, unique per booth type and within 1..capacity (the database refuses a second holder)."""

    __tablename__ = "fair_applications"
    __table_args__ = (
        UniqueConstraint("booth_type_id", "booth_number", name="uq_fair_applications_booth"),
        Index("ix_fair_applications_fair_status", "fair_id", "status"),
        # The last line behind apply()'s lock: one active application per organisation and fair.
        Index("uq_fair_applications_fair_org_active", "fair_id", "organisation_id", unique=True,
              sqlite_where=text(ACTIVE_SQL), postgresql_where=text(ACTIVE_SQL)),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), nullable=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    booth_type_id: Mapped[int] = mapped_column(ForeignKey("fair_booth_types.id", ondelete="CASCADE"), index=True, nullable=False)
    listing_ids: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    message: Mapped[str] = mapped_column(String(1000), default="", nullable=False)
    status: Mapped[ApplicationStatus] = mapped_column(_enum(ApplicationStatus), default=ApplicationStatus.submitted, nullable=False)
    reason: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    booth_number: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    fair = relationship("Fair")
    organisation = relationship("Organisation")
    booth_type = relationship("BoothType")

    @property
    def booth_code(self) -> str:
        if self.booth_number is None or self.booth_type is None:
            return ""
        return f"{self.booth_type.code_prefix}-{self.booth_number:02d}"


class FairBookmark(db.Model):
    __tablename__ = "fair_bookmarks"
    __table_args__ = (UniqueConstraint("user_id", "application_id", name="uq_fair_bookmarks_user_exhibitor"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True, nullable=False)
    application_id: Mapped[int] = mapped_column(ForeignKey("fair_applications.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class MeetingSlot(db.Model):
    """A time an exhibitor offers for a B2B meeting (naive UTC; shown in Asia/Ho_Chi_Minh)."""

    __tablename__ = "fair_meeting_slots"
    __table_args__ = (Index("ix_fair_meeting_slots_fair_org", "fair_id", "organisation_id", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), nullable=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    location: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    meeting = relationship("Meeting", back_populates="slot", uselist=False, viewonly=True)


class Meeting(db.Model):
    """A booked slot. `slot_id` is unique: one meeting per slot, enforced by the database."""

    __tablename__ = "fair_meetings"
    __table_args__ = (UniqueConstraint("slot_id", name="uq_fair_meetings_slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("fair_meeting_slots.id", ondelete="CASCADE"), nullable=False)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True, nullable=False)
    exhibitor_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    requester_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    requester_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(String(1000), default="", nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    # requested → accepted by the exhibitor (b2match's flow); a declined request is deleted (the slot frees up).
    # Meetings booked before requests existed were confirmed at once: the column's server default.
    status: Mapped[str] = mapped_column(String(10), default="requested", server_default="accepted", nullable=False)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Reminders sent by the `fairs.meeting_reminders` job (each at most once).
    reminded_24h_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reminded_1h_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    slot = relationship("MeetingSlot", back_populates="meeting")


class FairLead(db.Model):
    """A sign of interest in an exhibitor at a fair: a page view, a bookmark or a meeting request."""

    __tablename__ = "fair_leads"
    __table_args__ = (Index("ix_fair_leads_fair_org", "fair_id", "exhibitor_org_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), nullable=False)
    exhibitor_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # view | bookmark | meeting
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    visitor_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class Promotion(TimestampMixin, db.Model):
    """A sponsored placement of a listing for `days` days, active from payment until `ends_at`
    (exclusive, naive UTC)."""

    __tablename__ = "promotions"
    __table_args__ = (
        Index("ix_promotions_active", "status", "starts_at", "ends_at"),
        # The last line behind promotions.buy()'s lock: one promotion waiting for payment per listing.
        Index("uq_promotions_listing_pending", "listing_id", unique=True,
              sqlite_where=text("status = 'pending_payment'"), postgresql_where=text("status = 'pending_payment'")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True, nullable=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    package: Mapped[str] = mapped_column(String(20), nullable=False)
    days: Mapped[int] = mapped_column(Integer, nullable=False)
    price_vnd: Mapped[int] = mapped_column(BigInteger, nullable=False)
    status: Mapped[PromotionStatus] = mapped_column(_enum(PromotionStatus), default=PromotionStatus.pending_payment, nullable=False)
    starts_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
