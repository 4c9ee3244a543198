"""E-mail copies of in-app notifications, sent by the job runner (never inside the user's request).

`notify()` saves the in-app notification with `email_state="pending"` in the caller's transaction. The
job `notifications.deliver` (every minute) reads the recipient's preference for the notification's
category (app/notifications/kinds.py) and either sends the mail now, keeps it for the daily digest
(`notifications.digest`) or skips it. Every mail carries a one-click unsubscribe link (RFC 8058
`List-Unsubscribe` + `List-Unsubscribe-Post`) that works without signing in: a signed token naming the
user and the category. All links are built from BASE_URL.
"""
from __future__ import annotations

from flask import current_app, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from .. import clock
from ..extensions import db
from .kinds import MODES, OTHER, categories, category_of
from .models import Notification, NotificationPreference

ALL = "*"  # an unsubscribe token for every category (daily digests)
BATCH = 200


# ---------------------------------------------------------------- preferences

def preferences(user_id: int) -> dict[str, str]:
    """category code → mode for this user (the category's default where the user chose nothing)."""
    chosen = {p.category: p.mode for p in db.session.scalars(
        db.select(NotificationPreference).where(NotificationPreference.user_id == user_id))}
    return {c.code: chosen.get(c.code, c.default) for c in categories()}


def mode_for(user_id: int, kind: str, _cache: dict | None = None) -> str:
    prefs = _cache.get(user_id) if _cache is not None else None
    if prefs is None:
        prefs = preferences(user_id)
        if _cache is not None:
            _cache[user_id] = prefs
    return prefs.get(category_of(kind).code, "immediate")


def _set(user_id: int, code: str, mode: str) -> None:
    row = db.session.scalar(db.select(NotificationPreference).where(
        NotificationPreference.user_id == user_id, NotificationPreference.category == code))
    if row is None:
        row = NotificationPreference(user_id=user_id, category=code, mode=mode, updated_at=clock.now())
        db.session.add(row)
    else:
        row.mode, row.updated_at = mode, clock.now()


def save_preferences(user_id: int, data) -> dict[str, str]:
    """Validate `{category: mode}` (a form's or an API body's dict) and store it. Categories not named keep
    their setting."""
    from ..validation import Choice, Input, load

    message = _("Choose immediately, daily digest or off.")
    schema = Input.from_dict({c.code: Choice(MODES, message=message) for c in categories()})
    clean = load(schema, data, partial=True)
    for code, mode in clean.items():
        _set(user_id, code, mode)
    db.session.commit()
    return preferences(user_id)


# ---------------------------------------------------------------- unsubscribe tokens

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="notifications.unsubscribe")


def unsubscribe_token(user_id: int, category: str) -> str:
    return _serializer().dumps([user_id, category])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        user_id, code = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(code, str):
        return None
    if code != ALL and code not in {c.code for c in categories()}:
        return None
    return user_id, code


def _user(user_id: int):
    """The recipient's address, locale and state, read from the users table (the kit imports no domain)."""
    users = db.metadata.tables["users"]
    return db.session.execute(db.select(users.c.id, users.c.email, users.c.locale, users.c.is_active_account,
                                        users.c.email_confirmed_at).where(users.c.id == user_id)).first()


def unsubscribe(token: str) -> tuple[object, str] | None:
    """Turn e-mail off for the token's category (or every category). → (user row, category code) or None."""
    found = read_unsubscribe_token(token)
    if found is None:
        return None
    user = _user(found[0])
    if user is None:
        return None
    codes = [c.code for c in categories()] if found[1] == ALL else [found[1]]
    for code in codes:
        _set(user.id, code, "off")
    db.session.commit()
    return user, found[1]


# ---------------------------------------------------------------- sending

def _can_mail(user) -> bool:
    return bool(user and user.email and user.is_active_account and user.email_confirmed_at)


def _headers(unsubscribe_url: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _claim(n_id: int, state: str) -> bool:
    """Move one notification out of `pending` (a second runner cannot send it again)."""
    res = db.session.execute(db.update(Notification)
                             .where(Notification.id == n_id, Notification.email_state == "pending")
                             .values(email_state=state, emailed_at=clock.now() if state == "sent" else None))
    return res.rowcount == 1


def _send_one(user, n: Notification) -> None:
    from ..mail import public_link, public_url, send

    code = category_of(n.kind).code
    unsub = public_url("notifications.unsubscribe", token=unsubscribe_token(user.id, code))
    with force_locale(user.locale or "vi"):
        send(user.email, n.title, "notification", title=n.title, body=n.body,
             url=public_link(n.url) if n.url else "", unsubscribe_url=unsub,
             settings_url=public_url("notifications.settings"), category=category_of(n.kind).label,
             headers=_headers(unsub))


def _in_request(fn):
    if has_request_context():
        return fn()
    with current_app.test_request_context("/"):
        return fn()


def deliver_pending() -> str:
    """Send (or keep for the digest, or skip) every pending e-mail copy. Idempotent; safe to run twice."""
    counts = {"sent": 0, "digest": 0, "skipped": 0, "failed": 0}
    prefs: dict = {}

    def run():
        last_id = 0
        while True:
            rows = db.session.scalars(db.select(Notification).where(
                Notification.email_state == "pending", Notification.id > last_id)
                .order_by(Notification.id).limit(BATCH)).all()
            if not rows:
                break
            for n in rows:
                last_id = n.id
                user = _user(n.user_id)
                mode = mode_for(n.user_id, n.kind, prefs) if _can_mail(user) else "off"
                state = {"immediate": "sent", "digest": "digest"}.get(mode, "skipped")
                if not _claim(n.id, state):
                    continue
                db.session.commit()
                if state == "sent":
                    try:
                        _send_one(user, n)
                    except Exception:  # noqa: BLE001 - retried on the next run
                        current_app.logger.exception("notification mail to user %s failed", n.user_id)
                        db.session.execute(db.update(Notification).where(Notification.id == n.id)
                                           .values(email_state="pending", emailed_at=None))
                        db.session.commit()
                        counts["failed"] += 1
                        continue
                counts[state] += 1

    _in_request(run)
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def send_digests() -> str:
    """One mail per user with every notification kept for the digest since the last one."""
    from ..mail import public_link, public_url, send

    sent = 0

    def run():
        nonlocal sent
        user_ids = db.session.scalars(db.select(Notification.user_id)
                                      .where(Notification.email_state == "digest").distinct()).all()
        for uid in user_ids:
            user = _user(uid)
            rows = db.session.scalars(db.select(Notification).where(
                Notification.user_id == uid, Notification.email_state == "digest")
                .order_by(Notification.created_at, Notification.id)).all()
            prefs = preferences(uid)
            keep = [n for n in rows if _can_mail(user) and prefs.get(category_of(n.kind).code) != "off"]
            now = clock.now()
            ids = [n.id for n in rows]
            db.session.execute(db.update(Notification).where(Notification.id.in_(ids))
                               .values(email_state="skipped"))
            if keep:
                db.session.execute(db.update(Notification).where(Notification.id.in_([n.id for n in keep]))
                                   .values(email_state="sent", emailed_at=now))
            db.session.commit()
            if not keep:
                continue
            unsub = public_url("notifications.unsubscribe", token=unsubscribe_token(uid, ALL))
            items = [{"title": n.title, "body": n.body, "url": public_link(n.url) if n.url else "",
                      "category": category_of(n.kind).label, "created_at": n.created_at} for n in keep]
            try:
                with force_locale(user.locale or "vi"):
                    send(user.email, _("GreenConnect: %(n)d new notifications", n=len(keep)), "notification_digest",
                         items=items, unsubscribe_url=unsub, settings_url=public_url("notifications.settings"),
                         headers=_headers(unsub))
            except Exception:  # noqa: BLE001 - back into the next digest
                current_app.logger.exception("digest to user %s failed", uid)
                db.session.execute(db.update(Notification).where(Notification.id.in_([n.id for n in keep]))
                                   .values(email_state="digest", emailed_at=None))
                db.session.commit()
                continue
            sent += 1

    _in_request(run)
    return f"{sent} digest(s)"


__all__ = ["ALL", "OTHER", "deliver_pending", "preferences", "save_preferences", "send_digests",
           "unsubscribe", "unsubscribe_token", "read_unsubscribe_token"]
