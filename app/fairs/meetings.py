"""B2B meetings at a fair, bookmarks and leads.

- An exhibitor (approved application) publishes slots (start/end in Vietnam time, stored naive UTC,
  5–180 minutes, inside the fair's days, not overlapping its own slots).
- A signed-in visitor requests a free slot; the exhibitor accepts or declines (b2match's flow). The request
  holds the slot: `fair_meetings.slot_id` is unique, so two requests for one slot give one meeting and one
  409. Nobody is in two meetings at once, across fairs: a visitor cannot request a slot that overlaps one of
  their meetings (requested or accepted), and an exhibitor cannot accept a meeting that overlaps another of
  its organisation's meetings — the refusal names the other meeting.
- Bookmarks, meeting requests and exhibitor page views are recorded as leads per exhibitor.
- `ics(meeting)` is an RFC 5545 calendar file (UTC times, CRLF lines, folded at 75 octets).
"""
from __future__ import annotations


from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..errors import Conflict, NotFound
from ..accounts.models import User
from ..extensions import db
from ..locking import lock
from ..notifications.services import audit, notify, notify_org
from ..permissions import Actor, require_user
from .models import Fair, FairApplication, FairBookmark, FairLead, Meeting, MeetingSlot
from .services import exhibitor_application, get_public_fair, is_organiser
from ..validation import load
from .schemas import MAX_MINUTES, MIN_MINUTES, MeetingInput, ReasonInput, SlotInput  # noqa: F401  (the limits too)
from .timez import fmt_local

SLOT_TAKEN = _l("This slot was just booked by someone else. Please choose another.")


def record_lead(fair_id: int, exhibitor_org_id: int, kind: str, actor: Actor | None = None) -> None:
    """Adds a lead row to the caller's unit of work (no commit)."""
    if actor is not None and actor.org_id == exhibitor_org_id:
        return  # the exhibitor looking at itself is not interest
    db.session.add(FairLead(fair_id=fair_id, exhibitor_org_id=exhibitor_org_id, kind=kind,
                            user_id=actor.user_id if actor else None, visitor_org_id=actor.org_id if actor else None,
                            created_at=clock.now()))


def record_view(actor: Actor, fair_id: int, exhibitor_org_id: int) -> None:
    record_lead(fair_id, exhibitor_org_id, "view", actor if actor.is_authenticated else None)
    db.session.commit()


# ------------------------------------------------------------------ slots

def add_slot(actor: Actor, fair_id: int, data: dict) -> MeetingSlot:
    """Offer a meeting slot (exhibitors of the fair): SlotInput (start, and end or length in minutes, on the
    fair's days; an optional place)."""
    require_user(actor)
    fair = get_public_fair(actor, fair_id)
    if actor.org_id is None or exhibitor_application(fair.id, actor.org_id) is None:
        raise NotFound(_("Only exhibitors of this fair can offer meeting slots."))
    values = load(SlotInput(fair=fair), data)
    start, end, location = values["starts_at"], values["ends_at"], values["location"]
    # An exhibitor's slots never overlap, also when two are added at once: decided under its application's lock.
    booth = exhibitor_application(fair.id, actor.org_id)
    if booth is None or lock(FairApplication, booth.id) is None:
        raise NotFound(_("Only exhibitors of this fair can offer meeting slots."))
    overlap = db.session.scalar(db.select(MeetingSlot.id).where(
        MeetingSlot.fair_id == fair.id, MeetingSlot.organisation_id == actor.org_id,
        MeetingSlot.starts_at < end, MeetingSlot.ends_at > start))
    if overlap:
        raise Conflict(_("This slot overlaps one you already offer."))
    slot = MeetingSlot(fair_id=fair.id, organisation_id=actor.org_id, starts_at=start, ends_at=end,
                       location=location, created_at=clock.now())
    db.session.add(slot)
    db.session.flush()
    audit(actor.user_id, "fair.slot.created", "fair_meeting_slot", slot.id, {"fair_id": fair.id},
          organisation_id=actor.org_id)
    db.session.commit()
    return slot


def slots_for(fair_id: int, org_id: int | None = None, *, free_only: bool = False) -> list[MeetingSlot]:
    stmt = db.select(MeetingSlot).where(MeetingSlot.fair_id == fair_id)
    if org_id is not None:
        stmt = stmt.where(MeetingSlot.organisation_id == org_id)
    if free_only:
        stmt = stmt.where(~db.exists().where(Meeting.slot_id == MeetingSlot.id), MeetingSlot.starts_at > clock.now())
    return list(db.session.scalars(stmt.order_by(MeetingSlot.starts_at, MeetingSlot.id)))


# ------------------------------------------------------------------ meetings

def book(actor: Actor, fair_id: int, data: dict) -> Meeting:
    """Request a meeting in a free slot (MeetingInput: `slot_id`, an optional `message`)."""
    require_user(actor)
    fair = get_public_fair(actor, fair_id)
    values = load(MeetingInput, data)
    message = values.get("message") or ""
    slot = db.session.get(MeetingSlot, values["slot_id"])
    if slot is None or slot.fair_id != fair.id:
        raise NotFound(_("Slot not found."))
    if actor.org_id == slot.organisation_id:
        raise Conflict(_("You cannot book a meeting with your own organisation."))
    if slot.starts_at <= clock.now():
        raise Conflict(_("This slot has already started."))
    # One meeting per slot and no two meetings at once for the visitor, also when requests arrive together:
    # decided under the slot's and the visitor's locks (fair_meetings.slot_id unique is the last line).
    if lock(MeetingSlot, slot.id) is None:
        raise NotFound(_("Slot not found."))
    lock(User, actor.user_id)
    if db.session.scalar(db.select(Meeting.id).where(Meeting.slot_id == slot.id)) is not None:
        raise Conflict(str(SLOT_TAKEN))
    clash = _clash(slot, user_id=actor.user_id, org_id=actor.org_id)
    if clash is not None:
        raise Conflict(_clash_message(clash))
    meeting = Meeting(slot_id=slot.id, fair_id=fair.id, exhibitor_org_id=slot.organisation_id,
                      requester_user_id=actor.user_id, requester_org_id=actor.org_id,
                      message=message, created_at=clock.now())
    db.session.add(meeting)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(str(SLOT_TAKEN)) from None
    record_lead(fair.id, slot.organisation_id, "meeting", actor)
    audit(actor.user_id, "fair.meeting.booked", "fair_meeting", meeting.id, {"slot_id": slot.id},
          organisation_id=actor.org_id)
    from ..orgs.models import Organisation

    exhibitor = db.session.get(Organisation, slot.organisation_id)
    who = (actor.org.display_name if actor.org else "") or getattr(actor.user, "email", "")
    notify_org(exhibitor, "fair_meeting", _l("Meeting request at %(fair)s from %(who)s", fair=fair.name, who=who),
               _l("%(when)s · accept or decline it on your exhibitor page.", when=fmt_local(slot.starts_at)),
               f"/fairs/{fair.id}/exhibitors/{slot.organisation_id}")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(str(SLOT_TAKEN)) from None
    return meeting


def _clash(slot: MeetingSlot, *, user_id: int | None = None, org_id: int | None = None,
           exclude: int | None = None, accepted_only: bool = False) -> Meeting | None:
    """Another meeting (any fair) overlapping `slot` in which this person or organisation takes part."""
    who = []
    if user_id is not None:
        who.append(Meeting.requester_user_id == user_id)
    if org_id is not None:
        who += [Meeting.requester_org_id == org_id, Meeting.exhibitor_org_id == org_id]
    stmt = (db.select(Meeting).join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
            .where(db.or_(*who), MeetingSlot.starts_at < slot.ends_at, MeetingSlot.ends_at > slot.starts_at))
    if exclude is not None:
        stmt = stmt.where(Meeting.id != exclude)
    if accepted_only:
        stmt = stmt.where(Meeting.status == "accepted")
    return db.session.scalars(stmt.order_by(MeetingSlot.starts_at).limit(1)).first()


def _clash_message(other: Meeting, *, as_exhibitor: bool = False) -> str:
    """Names the meeting in the way: who meets whom, at which fair, when."""
    from ..orgs.models import Organisation

    fair = db.session.get(Fair, other.fair_id)
    exhibitor = db.session.get(Organisation, other.exhibitor_org_id)
    requester = db.session.get(Organisation, other.requester_org_id) if other.requester_org_id else None
    user = db.session.get(User, other.requester_user_id)
    visitor = requester.display_name if requester else (user.full_name or user.email if user else "")
    when = f"{fmt_local(other.slot.starts_at)}–{fmt_local(other.slot.ends_at, '%H:%M')}"
    names = {"a": visitor, "b": exhibitor.display_name if exhibitor else "", "fair": fair.name if fair else "", "when": when}
    if as_exhibitor:
        return _("Your organisation already has a meeting at that time (%(a)s with %(b)s, %(fair)s, %(when)s). "
                 "Decline this request or cancel the other meeting first.", **names)
    return _("You already have a meeting at that time (%(a)s with %(b)s, %(fair)s, %(when)s). "
             "Choose another slot or cancel that meeting first.", **names)


def _place(m: Meeting) -> str:
    fair = db.session.get(Fair, m.fair_id)
    return " · ".join(x for x in ((_("Online") if fair.online else fair.venue) if fair else "", m.slot.location) if x)


def _exhibitor_member(actor: Actor, meeting_id: int) -> Meeting:
    m = get_meeting_for(actor, meeting_id)
    if actor.org_id != m.exhibitor_org_id:
        raise NotFound(_("Meeting not found."))
    return m


def accept_meeting(actor: Actor, meeting_id: int) -> Meeting:
    """The exhibitor accepts a request — unless its organisation already meets someone then (any fair)."""
    from ..orgs.models import Organisation

    m = _exhibitor_member(actor, meeting_id)
    if m.status == "accepted":
        return m
    if m.slot.starts_at <= clock.now():
        raise Conflict(_("This meeting has already started."))
    lock(MeetingSlot, m.slot_id)
    clash = _clash(m.slot, org_id=m.exhibitor_org_id, exclude=m.id, accepted_only=True)
    if clash is not None:
        raise Conflict(_clash_message(clash, as_exhibitor=True))
    m.status, m.decided_at = "accepted", clock.now()
    fair = db.session.get(Fair, m.fair_id)
    exhibitor = db.session.get(Organisation, m.exhibitor_org_id)
    notify(m.requester_user_id, "fair_meeting",
           _l("%(org)s accepted your meeting at %(fair)s", org=exhibitor.display_name if exhibitor else "", fair=fair.name),
           _l("%(when)s · %(place)s", when=fmt_local(m.slot.starts_at), place=_place(m)), "/fairs/my")
    audit(actor.user_id, "fair.meeting.accepted", "fair_meeting", m.id, {"slot_id": m.slot_id},
          organisation_id=actor.org_id)
    db.session.commit()
    return m


def decline_meeting(actor: Actor, meeting_id: int, data: dict | None = None) -> None:
    """The exhibitor declines a request (an optional `reason`, ReasonInput); the slot is free again and the
    visitor is told (with the reason)."""
    from ..orgs.models import Organisation

    m = _exhibitor_member(actor, meeting_id)
    if m.status != "requested":
        raise Conflict(_("Only a request can be declined; cancel an accepted meeting instead."))
    reason = load(ReasonInput, data).get("reason") or ""
    fair = db.session.get(Fair, m.fair_id)
    exhibitor = db.session.get(Organisation, m.exhibitor_org_id)
    notify(m.requester_user_id, "fair_meeting",
           _l("%(org)s declined your meeting request at %(fair)s", org=exhibitor.display_name if exhibitor else "",
             fair=fair.name),
           reason or _l("You can request another free slot."), f"/fairs/{fair.id}/exhibitors/{m.exhibitor_org_id}")
    audit(actor.user_id, "fair.meeting.declined", "fair_meeting", m.id, {"slot_id": m.slot_id, "reason": reason},
          organisation_id=actor.org_id)
    db.session.delete(m)
    db.session.commit()


def get_meeting_for(actor: Actor, meeting_id: int) -> Meeting:
    require_user(actor)
    m = db.session.get(Meeting, meeting_id)
    if m is None or not (m.requester_user_id == actor.user_id or actor.org_id == m.exhibitor_org_id or actor.is_admin):
        raise NotFound(_("Meeting not found."))
    return m


def cancel_meeting(actor: Actor, meeting_id: int) -> None:
    """The visitor who booked it or the exhibitor cancels (admins may too); the other party is notified."""
    from ..orgs.models import Organisation

    m = get_meeting_for(actor, meeting_id)
    slot = m.slot
    if slot.starts_at <= clock.now():
        raise Conflict(_("This meeting has already started and can no longer be cancelled."))
    fair = db.session.get(Fair, m.fair_id)
    when = fmt_local(slot.starts_at)
    title = _l("Meeting at %(fair)s on %(when)s cancelled", fair=fair.name, when=when)
    exhibitor = db.session.get(Organisation, m.exhibitor_org_id)
    by_requester = m.requester_user_id == actor.user_id
    by_exhibitor = actor.org_id == m.exhibitor_org_id and not by_requester
    if not by_requester:
        notify(m.requester_user_id, "fair_meeting", title, exhibitor.display_name if exhibitor else "")
    if not by_exhibitor and exhibitor is not None:
        who = (actor.org.display_name if actor.org else "") or getattr(actor.user, "email", "")
        notify_org(exhibitor, "fair_meeting", title, who)
    audit(actor.user_id, "fair.meeting.cancelled", "fair_meeting", m.id, {"slot_id": m.slot_id},
          organisation_id=actor.org_id)
    db.session.delete(m)  # the slot is free again
    db.session.commit()


def meetings_of_user(user_id: int) -> list[Meeting]:
    return list(db.session.scalars(db.select(Meeting).join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
                                   .where(Meeting.requester_user_id == user_id).order_by(MeetingSlot.starts_at)))


def meeting_rows(meetings: list[Meeting], *, side: str) -> list[dict]:
    """Meetings as a list shows them: the counterpart (the exhibitor for the visitor, the visitor's
    organisation and person for the exhibitor), the fair and the place."""
    from ..orgs.models import Organisation

    rows = []
    for m in meetings:
        fair = db.session.get(Fair, m.fair_id)
        if side == "visitor":
            org = db.session.get(Organisation, m.exhibitor_org_id)
            counterpart, person = (org.display_name if org else ""), ""
        else:
            org = db.session.get(Organisation, m.requester_org_id) if m.requester_org_id else None
            user = db.session.get(User, m.requester_user_id)
            counterpart = org.display_name if org else (user.full_name or user.email if user else "")
            person = (user.full_name or user.email) if user and org else ""
        rows.append({"meeting": m, "counterpart": counterpart, "person": person, "fair": fair, "place": _place(m)})
    return rows


def meetings_of_exhibitor(fair_id: int, org_id: int) -> list[Meeting]:
    return list(db.session.scalars(db.select(Meeting).join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
                                   .where(Meeting.fair_id == fair_id, Meeting.exhibitor_org_id == org_id)
                                   .order_by(MeetingSlot.starts_at)))


def _escape(text: str) -> str:
    return (text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF + space (never inside a UTF-8 char)."""
    out, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def ics(meeting: Meeting, host: str = "greenconnect.vn") -> str:
    from ..orgs.models import Organisation

    slot = meeting.slot
    fair = db.session.get(Fair, meeting.fair_id)
    exhibitor = db.session.get(Organisation, meeting.exhibitor_org_id)
    fmt = "%Y%m%dT%H%M%SZ"
    location = " · ".join(x for x in (fair.venue if not fair.online else "Online", slot.location) if x)
    summary = _("B2B meeting: %(org)s", org=exhibitor.display_name if exhibitor else "")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//GreenConnect//Fairs//VI", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.id}@{host}",
        f"DTSTAMP:{meeting.created_at.strftime(fmt)}",
        f"DTSTART:{slot.starts_at.strftime(fmt)}",
        f"DTEND:{slot.ends_at.strftime(fmt)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(location)}",
        f"DESCRIPTION:{_escape(fair.name + (chr(10) + meeting.message if meeting.message else ''))}",
        "STATUS:CONFIRMED" if meeting.status == "accepted" else "STATUS:TENTATIVE",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


# ------------------------------------------------------------------ bookmarks

def toggle_bookmark(actor: Actor, fair_id: int, application_id: int) -> bool:
    """Bookmark an exhibitor (or remove the bookmark); returns whether it is now bookmarked."""
    require_user(actor)
    fair = get_public_fair(actor, fair_id)
    a = db.session.get(FairApplication, application_id)
    if a is None or a.fair_id != fair.id or a.status.value != "approved":
        raise NotFound(_("Exhibitor not found."))
    existing = db.session.scalar(db.select(FairBookmark).where(FairBookmark.user_id == actor.user_id,
                                                               FairBookmark.application_id == a.id))
    if existing:
        db.session.delete(existing)
        db.session.commit()
        return False
    db.session.add(FairBookmark(fair_id=fair.id, application_id=a.id, user_id=actor.user_id, created_at=clock.now()))
    record_lead(fair.id, a.organisation_id, "bookmark", actor)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return True


def bookmarked_ids(user_id: int | None, fair_id: int) -> set[int]:
    if not user_id:
        return set()
    return set(db.session.scalars(db.select(FairBookmark.application_id).where(FairBookmark.user_id == user_id,
                                                                               FairBookmark.fair_id == fair_id)))


def organiser_can_see(actor: Actor, fair) -> bool:
    return is_organiser(actor, fair) or actor.is_admin
