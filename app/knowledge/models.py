"""Knowledge hub tables: items (guides, good-practice models, events) with their revisions, editors,
and event registrations.

An item's columns hold its LIVE content — the content of its last published revision (or, for an item
never published, of its first draft, so editors' lists can show it). Every change is a revision
(`knowledge_revisions`): one open revision at a time (draft → in review), and every published
revision is kept, so the history can be read and compared.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Boolean, DateTime, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_mixins import ProvinceCode, TimestampMixin, VersionedMixin


def _enum(e, length: int = 20) -> Enum:
    return Enum(e, native_enum=False, length=length, validate_strings=True)


class ItemType(str, enum.Enum):
    guide = "guide"
    model = "model"  # a good-practice model (case)
    event = "event"  # a training or awareness activity


class ItemStatus(str, enum.Enum):
    """What the public sees: nothing yet (draft), the live revision (published), nothing any more."""

    draft = "draft"
    published = "published"
    unpublished = "unpublished"


class RevisionStatus(str, enum.Enum):
    draft = "draft"
    in_review = "in_review"
    published = "published"


class EventFormat(str, enum.Enum):
    online = "online"
    in_person = "in_person"
    hybrid = "hybrid"


class RegistrationStatus(str, enum.Enum):
    registered = "registered"
    waitlisted = "waitlisted"
    cancelled = "cancelled"


class KnowledgeEditor(db.Model):
    """A user an administrator allowed to write and review knowledge content."""

    __tablename__ = "knowledge_editors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    user = relationship("User", foreign_keys=[user_id])


class KnowledgeItem(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "knowledge_items"
    __table_args__ = (
        Index("ix_knowledge_items_type_status", "type", "status"),
        Index("ix_knowledge_items_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[ItemType] = mapped_column(_enum(ItemType), nullable=False)
    status: Mapped[ItemStatus] = mapped_column(_enum(ItemStatus), default=ItemStatus.draft, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    live_revision: Mapped[int | None] = mapped_column(Integer)  # number of the published revision shown
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # first publication
    last_published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    # ---- live content (see the module docstring) ------------------------------------------------
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    title_en: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    summary: Mapped[str] = mapped_column(String(600), default="", nullable=False)
    summary_en: Mapped[str] = mapped_column(String(600), default="", nullable=False)
    body: Mapped[str] = mapped_column(Text, default="", nullable=False)  # Markdown
    body_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    sector: Mapped[str] = mapped_column(String(30), default="general", nullable=False, index=True)
    topic: Mapped[str | None] = mapped_column(String(30))  # guides
    province_code: Mapped[str | None] = mapped_column(ProvinceCode, index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    # good-practice model (case template)
    what_changed: Mapped[str] = mapped_column(Text, default="", nullable=False)
    what_changed_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    results: Mapped[str] = mapped_column(Text, default="", nullable=False)
    results_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    contact: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    evidence: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # event (naive UTC; entered and shown in Asia/Ho_Chi_Minh)
    event_kind: Mapped[str | None] = mapped_column(String(20))  # training | awareness
    starts_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    event_format: Mapped[EventFormat | None] = mapped_column(_enum(EventFormat))
    place: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    online_url: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    capacity: Mapped[int | None] = mapped_column(Integer)
    waitlist: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    materials: Mapped[str] = mapped_column(Text, default="", nullable=False)  # after the event
    materials_en: Mapped[str] = mapped_column(Text, default="", nullable=False)

    organisation = relationship("Organisation")
    revisions = relationship("KnowledgeRevision", back_populates="item", cascade="all, delete-orphan",
                             order_by="KnowledgeRevision.number")

    @property
    def is_public(self) -> bool:
        return self.status == ItemStatus.published


class KnowledgeRevision(db.Model):
    """One version of an item's content. `contributors` are the users who wrote it: none of them may
    review it."""

    __tablename__ = "knowledge_revisions"
    __table_args__ = (
        UniqueConstraint("item_id", "number", name="uq_knowledge_revisions_item_number"),
        Index("ix_knowledge_revisions_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("knowledge_items.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[RevisionStatus] = mapped_column(_enum(RevisionStatus), default=RevisionStatus.draft, nullable=False)
    content: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    note: Mapped[str] = mapped_column(String(500), default="", nullable=False)  # what changed (author)
    contributors: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    review_note: Mapped[str] = mapped_column(String(1000), default="", nullable=False)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    item = relationship("KnowledgeItem", back_populates="revisions")
    reviewer = relationship("User", foreign_keys=[reviewer_id])
    created_by = relationship("User", foreign_keys=[created_by_id])


class EventRegistration(db.Model):
    """A person's place at an event. `seat` (1..capacity) is set while registered and unique per event,
    so the database itself refuses a second holder of a seat: no over-booking, whatever the race."""

    __tablename__ = "knowledge_registrations"
    __table_args__ = (
        UniqueConstraint("item_id", "user_id", name="uq_knowledge_registrations_item_user"),
        UniqueConstraint("item_id", "seat", name="uq_knowledge_registrations_item_seat"),
        Index("ix_knowledge_registrations_item_status", "item_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("knowledge_items.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    status: Mapped[RegistrationStatus] = mapped_column(_enum(RegistrationStatus), nullable=False)
    seat: Mapped[int | None] = mapped_column(Integer)
    queued_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)  # order of the waiting list
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    promoted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    attended: Mapped[bool | None] = mapped_column(Boolean)
    attendance_marked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # an e-mail the job runner still has to send for this registration: registered | waitlisted | promoted
    mail_pending: Mapped[str | None] = mapped_column(String(20), index=True)

    item = relationship("KnowledgeItem")
    user = relationship("User")
    organisation = relationship("Organisation")
