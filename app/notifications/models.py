from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Notification(db.Model):
    """An in-app notification for one user (e-mail copies are sent by the service)."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(60), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, default="", nullable=False)
    url: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # E-mail copy, sent by the job runner (app/notifications/delivery.py), never inside the request:
    # pending → sent | digest (→ sent in the next daily digest) | skipped (preference off, no address);
    # NULL: this notification is in-app only (its domain mails it another way, or it is not worth a mail).
    email_state: Mapped[str | None] = mapped_column(String(10), index=True)
    emailed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class NotificationPreference(db.Model):
    """How one user wants e-mail about one category of notifications: immediately, daily digest or off.
    No row means the category's default (see app/notifications/kinds.py)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "category", name="uq_notification_preferences_user_category"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    category: Mapped[str] = mapped_column(String(40), nullable=False)
    mode: Mapped[str] = mapped_column(String(10), nullable=False)  # immediate | digest | off
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class AuditEntry(db.Model):
    """Who did what to which object, when. Append-only."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(80), nullable=False)
    object_type: Mapped[str] = mapped_column(String(40), nullable=False)
    object_id: Mapped[int | None] = mapped_column(Integer, index=True)
    changes: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)


class OutboxEvent(db.Model):
    """A change that the search index must learn about, written in the same transaction as the change.

    The indexer re-reads the current row for (kind, object_id), so the payload is not needed, and
    rows are deleted only after the engine acknowledged.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)  # listing, organisation, offer, …
    object_id: Mapped[int] = mapped_column(Integer, nullable=False)
    op: Mapped[str] = mapped_column(String(10), nullable=False, default="upsert")  # upsert | delete
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)
    available_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)


class NotificationOnce(db.Model):
    """Keys of reminders already sent (`quote_expiring:12`), so a periodic job tells people once."""

    __tablename__ = "notification_once"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
