"""Knowledge jobs (run by `flask jobs follow`), off the request path:

- `knowledge.mail` (every minute): the e-mails registrations still owe — confirmation, waiting list,
  promotion from the waiting list (`EventRegistration.mail_pending`, set in the same transaction as the
  change; cleared when sent).
- `knowledge.event_reminders` (every 15 minutes): registered participants get an in-app and e-mail
  reminder ~24 h before the event starts (once; `reminded_at`).
Both are idempotent.
"""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import clock, mail
from ..extensions import db
from ..notifications.services import notify
from .models import EventRegistration, ItemStatus, KnowledgeItem, RegistrationStatus
from .timez import fmt

DAY = dt.timedelta(hours=24)


def _place(item: KnowledgeItem) -> str:
    parts = [item.place] if item.place else []
    if item.event_format and item.event_format.value in ("online", "hybrid") and item.online_url:
        parts.append(item.online_url)
    return " · ".join(parts)


def send_registration_mails(limit: int = 200) -> int:
    regs = list(db.session.scalars(db.select(EventRegistration).where(EventRegistration.mail_pending.is_not(None))
                                   .order_by(EventRegistration.id).limit(limit)))
    mails = []
    for reg in regs:
        item, user = reg.item, reg.user
        kind, reg.mail_pending = reg.mail_pending, None
        if item.status != ItemStatus.published or reg.status == RegistrationStatus.cancelled or not user.is_active_account:
            continue
        with force_locale(user.locale or "vi"):
            title_text = item.title_en if (user.locale == "en" and item.title_en) else item.title
            when = fmt(item.starts_at)
            if kind == "promoted":
                subject = _("A place is yours: %(title)s", title=title_text)
                body = _("A place freed up and you were first on the waiting list: you are now registered (%(when)s).",
                         when=when)
            elif kind == "waitlisted":
                subject = _("You are on the waiting list for %(title)s", title=title_text)
                body = _("We will tell you as soon as a place frees up.")
            else:
                subject = _("You are registered for %(title)s", title=title_text)
                body = _("%(when)s · %(place)s", when=when, place=_place(item))
        mails.append((user.email, subject, body, f"/knowledge/{item.id}"))
    db.session.commit()
    mail.send_notifications(mails, what="event registration mail")
    return len(mails)


def send_event_reminders(now: dt.datetime | None = None) -> int:
    now = now or clock.now()
    regs = list(db.session.scalars(
        db.select(EventRegistration).join(KnowledgeItem, KnowledgeItem.id == EventRegistration.item_id)
        .where(EventRegistration.status == RegistrationStatus.registered, EventRegistration.reminded_at.is_(None),
               KnowledgeItem.status == ItemStatus.published, KnowledgeItem.starts_at > now,
               KnowledgeItem.starts_at <= now + DAY)
        .order_by(KnowledgeItem.starts_at, EventRegistration.id)))
    for reg in regs:
        item, user = reg.item, reg.user
        reg.reminded_at = now
        with force_locale(user.locale or "vi"):
            title_text = item.title_en if (user.locale == "en" and item.title_en) else item.title
            subject = _("Reminder: %(title)s starts %(when)s", title=title_text, when=fmt(item.starts_at))
            body = _place(item)
        notify(user.id, "knowledge_event", subject, body, f"/knowledge/{item.id}")  # e-mailed by notifications.deliver
    db.session.commit()
    return len(regs)


def mail_job():
    return f"sent {send_registration_mails()}"


def reminders_job():
    return f"reminded {send_event_reminders()}"


knowledge_cli = AppGroup("knowledge", help="Knowledge hub: editors, event mails and reminders.")


@knowledge_cli.command("remind")
def remind():
    """Send the event reminders that are due now."""
    click.echo(f"Reminded {send_event_reminders()} participant(s).")


@knowledge_cli.command("grant-editor")
@click.argument("email")
def grant_editor_cmd(email):
    """Make the user with EMAIL a knowledge editor (as the platform)."""
    from ..accounts.models import PlatformRole, User
    from ..permissions import Actor
    from .services import grant_editor

    admin = db.session.scalar(db.select(User).where(User.platform_role == PlatformRole.admin).order_by(User.id))
    if admin is None:
        raise click.ClickException("No administrator account exists.")
    editor = grant_editor(Actor(admin), {"email": email})
    click.echo(f"{editor.user.email} is a knowledge editor.")
