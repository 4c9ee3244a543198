"""Periodic fair jobs: meeting reminders ~24 h and ~1 h before each B2B meeting.

`send_meeting_reminders()` runs every 15 minutes (`flask jobs follow`) and is idempotent: each reminder is
sent at most once per meeting (`Meeting.reminded_24h_at` / `reminded_1h_at`, set in the same transaction
as the notifications; e-mails go out after the commit). The 24-hour reminder is only sent for meetings
booked at least a day ahead (a meeting booked this afternoon for tonight gets the 1-hour reminder only);
a meeting that is already within the hour gets the 1-hour reminder and never the 24-hour one.
Meetings of cancelled fairs get no reminder.
"""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock
from ..extensions import db
from ..notifications.services import audit, notify
from .models import Fair, FairStatus, Meeting, MeetingSlot
from .timez import fmt_local

DAY, HOUR = dt.timedelta(hours=24), dt.timedelta(hours=1)


def _due(now: dt.datetime, horizon: dt.timedelta, flag, after: dt.timedelta = dt.timedelta(0)) -> list[Meeting]:
    return list(db.session.scalars(
        db.select(Meeting).join(MeetingSlot, MeetingSlot.id == Meeting.slot_id).join(Fair, Fair.id == Meeting.fair_id)
        .where(Fair.status == FairStatus.published, Meeting.status == "accepted", flag.is_(None),
               MeetingSlot.starts_at > now + after,
               MeetingSlot.starts_at <= now + horizon)
        .order_by(MeetingSlot.starts_at, Meeting.id)))


def send_meeting_reminders(now: dt.datetime | None = None) -> int:
    """Send the due reminders; returns how many meetings were reminded."""
    from ..accounts.models import User
    from ..orgs.models import Organisation

    now = now or clock.now()
    count = 0
    plan = [(m, "1h") for m in _due(now, HOUR, Meeting.reminded_1h_at)]
    plan += [(m, "24h") for m in _due(now, DAY, Meeting.reminded_24h_at, after=HOUR)
             if m.slot.starts_at - m.created_at >= DAY]
    for m, which in plan:
        slot, fair = m.slot, db.session.get(Fair, m.fair_id)
        exhibitor = db.session.get(Organisation, m.exhibitor_org_id)
        visitor_org = db.session.get(Organisation, m.requester_org_id) if m.requester_org_id else None
        requester = db.session.get(User, m.requester_user_id)
        when = fmt_local(slot.starts_at)
        place = " · ".join(x for x in (_("Online") if fair.online else fair.venue, slot.location) if x)
        if which == "1h":
            m.reminded_1h_at = now
            m.reminded_24h_at = m.reminded_24h_at or now  # too late for the day-before reminder
        else:
            m.reminded_24h_at = now
        lead = _l("in about an hour") if which == "1h" else _l("tomorrow")
        # the visitor who booked
        if requester is not None:
            title = _l("Reminder: meeting with %(org)s %(lead)s (%(when)s)", org=exhibitor.display_name if exhibitor else "",
                      lead=lead, when=when)
            body = _l("%(fair)s · %(place)s", fair=fair.name, place=place)
            notify(requester.id, "fair_meeting", title, body, "/fairs/my")  # e-mailed by notifications.deliver
        # the exhibitor's members
        if exhibitor is not None:
            who = (visitor_org.display_name if visitor_org else "") or (requester.email if requester else "")
            title = _l("Reminder: meeting with %(org)s %(lead)s (%(when)s)", org=who, lead=lead, when=when)
            body = (lambda fair=fair, place=place, m=m:  # in each recipient's language
                    _("%(fair)s · %(place)s", fair=fair.name, place=place) + (f"\n{m.message}" if m.message else ""))
            url = f"/fairs/{fair.id}/exhibitors/{exhibitor.id}"
            for membership in exhibitor.memberships:
                notify(membership.user_id, "fair_meeting", title, body, url)
        audit(None, "fair.meeting.reminded", "fair_meeting", m.id, {"reminder": which}, organisation_id=m.exhibitor_org_id)
        count += 1
    db.session.commit()
    return count


def meeting_reminders_job():
    return f"reminded {send_meeting_reminders()}"


fairs_cli = AppGroup("fairs", help="Trade fairs: meeting reminders.")


@fairs_cli.command("remind")
def remind():
    """Send the meeting reminders that are due now."""
    click.echo(f"Reminded {send_meeting_reminders()} meeting(s).")

