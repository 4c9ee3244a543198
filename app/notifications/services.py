"""Notifications, audit entries and outbox rows: written inside the caller's unit of work.

None of these commit: the calling service commits once, so the change and its side records land
together or not at all.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import LazyString, force_locale

from .. import clock, domain_events
from ..extensions import db
from ..pagination import paginate
from .models import AuditEntry, Notification, NotificationOnce, OutboxEvent


def _locale_of(user_id: int) -> str:
    """The recipient's language: the preference on their account (users.locale), Vietnamese by default."""
    users = db.metadata.tables["users"]
    locale = db.session.scalar(db.select(users.c.locale).where(users.c.id == user_id))
    return locale if locale in _languages() else _default_locale()


def _languages() -> tuple[str, ...]:
    from flask import current_app

    return tuple(current_app.config.get("LANGUAGES", ("vi", "en")))


def _default_locale() -> str:
    from flask import current_app

    return current_app.config.get("BABEL_DEFAULT_LOCALE", "vi")


def later(fn, *args, **kwargs) -> LazyString:
    """A value worked out when the notification is rendered, i.e. in the recipient's locale: pass it as a
    lazy string's argument (`_l("… on %(date)s", date=later(format_date, day))`)."""
    return LazyString(fn, *args, **kwargs)


def render(text, locale: str) -> str:
    """`text` as the recipient reads it: a lazy string (`lazy_gettext`) or a callable is rendered under the
    recipient's locale; a plain string (a person's own words: a message, a reason) is kept as written."""
    if text is None:
        return ""
    with force_locale(locale):
        return str(text() if callable(text) else text)


def notify(user_id: int, kind: str, title, body="", url: str = "", *, email: bool = True,
           locale: str | None = None) -> Notification:
    """An in-app notification for one user, written in the recipient's language: pass `title`/`body` as lazy
    strings (`lazy_gettext`, kwargs included) or callables, and they are rendered under the recipient's
    locale (their account's preference), whoever caused the event. With `email` (the default) the job
    runner also e-mails it, per the user's preference for the kind's category
    (app/notifications/delivery.py), in the same language. `url` is a site path."""
    locale = locale if locale in _languages() else _locale_of(user_id)
    n = Notification(user_id=user_id, kind=kind, title=render(title, locale)[:300], body=render(body, locale),
                     url=url, created_at=clock.now(), email_state="pending" if email else None)
    db.session.add(n)
    return n


def notify_org(organisation, kind: str, title, body="", url: str = "", *, email: bool = True) -> None:
    """`notify` every member of `organisation`, each in their own language."""
    for m in organisation.memberships:
        notify(m.user_id, kind, title, body, url, email=email, locale=getattr(m.user, "locale", None))


def notify_admins(kind: str, title, body="", url: str = "") -> int:
    """Notify every platform administrator, each in their own language (read from the users table: the kit
    imports no domain)."""
    users = db.metadata.tables["users"]
    rows = db.session.execute(db.select(users.c.id, users.c.locale).where(
        users.c.platform_role == "admin", users.c.is_active_account.is_(True))).all()
    for uid, locale in rows:
        notify(uid, kind, title, body, url, locale=locale)
    return len(rows)


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
