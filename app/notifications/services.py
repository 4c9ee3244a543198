"""Notifications, audit entries and outbox rows: written inside the caller's unit of work.

None of these commit: the calling service commits once, so the change and its side records land
together or not at all.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from .. import clock, domain_events
from ..extensions import db
from ..pagination import paginate
from .models import AuditEntry, Notification, NotificationOnce, OutboxEvent


def notify(user_id: int, kind: str, title: str, body: str = "", url: str = "", *, email: bool = True) -> Notification:
    """An in-app notification for one user; with `email` (the default) the job runner also e-mails it,
    per the user's preference for the kind's category (app/notifications/delivery.py). `url` is a site path."""
    n = Notification(user_id=user_id, kind=kind, title=title, body=body, url=url, created_at=clock.now(),
                     email_state="pending" if email else None)
    db.session.add(n)
    return n


def notify_org(organisation, kind: str, title: str, body: str = "", url: str = "", *, email: bool = True) -> None:
    for m in organisation.memberships:
        notify(m.user_id, kind, title, body, url, email=email)


def notify_admins(kind: str, title: str, body: str = "", url: str = "") -> int:
    """Notify every platform administrator (read from the users table: the kit imports no domain)."""
    users = db.metadata.tables["users"]
    ids = db.session.scalars(db.select(users.c.id).where(users.c.platform_role == "admin",
                                                         users.c.is_active_account.is_(True))).all()
    for uid in ids:
        notify(uid, kind, title, body, url)
    return len(ids)


def first_time(key: str) -> bool:
    """True the first time `key` is seen (the key is recorded in the caller's unit of work): lets a periodic
    job send a reminder once per object without a column of its own."""
    if db.session.get(NotificationOnce, key) is not None:
        return False
    db.session.add(NotificationOnce(key=key, created_at=clock.now()))
    return True


def audit(actor_user_id: int | None, action: str, obj_type: str, obj_id: int | None,
          changes: dict[str, Any] | None = None, organisation_id: int | None = None) -> AuditEntry:
    e = AuditEntry(actor_user_id=actor_user_id, organisation_id=organisation_id, action=action,
                   object_type=obj_type, object_id=obj_id, changes=changes or {}, created_at=clock.now())
    db.session.add(e)
    return e


def audit_value(v):
    """A value as it is stored in an audit entry's `changes` (JSON): enums by value, dates in ISO format."""
    if hasattr(v, "value"):
        return v.value
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def enqueue_index(kind: str, object_id: int, op: str = "upsert") -> None:
    """Record that `kind/object_id` changed; the indexer re-reads it from SQL later."""
    now = clock.now()
    db.session.add(OutboxEvent(kind=kind, object_id=object_id, op=op, created_at=now, available_at=now))
    domain_events.indexed_object_changed(kind, object_id, op)


def unread_count(user_id: int) -> int:
    return db.session.scalar(
        db.select(db.func.count(Notification.id)).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    ) or 0


def list_for(user_id: int, page: int = 1, per_page: int = 20):
    return paginate(
        db.select(Notification).where(Notification.user_id == user_id).order_by(Notification.created_at.desc(), Notification.id.desc()),
        page, per_page,
    )


def mark_all_read(user_id: int) -> None:
    db.session.execute(
        db.update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=clock.now())
    )
    db.session.commit()
