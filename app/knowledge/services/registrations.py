"""Registration for events: capacity, waiting list, promotion, attendance.

Rules
- Signed-in users register for a published event that has not started. While places are free they
  get one (a seat number 1..capacity); when the event is full they join the waiting list, or — if the
  event keeps no waiting list — get a 409 that says it is full.
- No over-booking on either database: registering locks the event row (`app.locking.lock`: `SELECT …
  FOR UPDATE` on PostgreSQL, `BEGIN IMMEDIATE` on SQLite) before counting places, so the next writer
  waits and then sees the event as it is; the unique (event, seat) constraint refuses a second holder
  of a seat whatever happens (409).
- Cancelling (the person, or an editor) frees the place and promotes the first person on the waiting
  list (in the order they joined), who is told in the app and by e-mail. A larger capacity published
  by the editors promotes as many as it can.
- Registering again after cancelling puts the person at the end of the queue.
- Editors mark attendance once the event has started; people registered but not marked are
  "not recorded".
- E-mails (confirmation, waiting list, promotion) and reminders ~24 h before are sent by the job runner
  (`knowledge.mail`, `knowledge.event_reminders`), off the request path.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...errors import Conflict, NotFound
from ...extensions import db
from ...locking import commit_or_conflict
from ...notifications.services import audit, notify
from ...permissions import Actor, require_user
from ...validation import load
from ..models import EventRegistration, ItemStatus, ItemType, KnowledgeItem, RegistrationStatus
from ..timez import fmt
from .content import _lock
from .editors import is_editor, require_editor

BUSY = _l("Many people are registering right now; please try again.")

ACTIVE = (RegistrationStatus.registered, RegistrationStatus.waitlisted)


def get_event(item_id: int, *, public: bool = True) -> KnowledgeItem:
    item = db.session.get(KnowledgeItem, item_id)
    if item is None or item.type != ItemType.event or (public and item.status != ItemStatus.published):
        raise NotFound(_("Event not found."))
    return item


def seats_taken(item_id: int) -> int:
    return db.session.scalar(db.select(db.func.count(EventRegistration.id)).where(
        EventRegistration.item_id == item_id, EventRegistration.status == RegistrationStatus.registered)) or 0


def seats_left(item: KnowledgeItem) -> int:
    return max(0, (item.capacity or 0) - seats_taken(item.id))


def waitlist_length(item_id: int) -> int:
    return db.session.scalar(db.select(db.func.count(EventRegistration.id)).where(
        EventRegistration.item_id == item_id, EventRegistration.status == RegistrationStatus.waitlisted)) or 0


def waitlist_position(reg: EventRegistration) -> int | None:
    if reg.status != RegistrationStatus.waitlisted:
        return None
    ahead = db.session.scalar(db.select(db.func.count(EventRegistration.id)).where(
        EventRegistration.item_id == reg.item_id, EventRegistration.status == RegistrationStatus.waitlisted,
        db.or_(EventRegistration.queued_at < reg.queued_at,
               db.and_(EventRegistration.queued_at == reg.queued_at, EventRegistration.id < reg.id)))) or 0
    return ahead + 1


def registration_of(user_id: int | None, item_id: int) -> EventRegistration | None:
    if not user_id:
        return None
    return db.session.scalar(db.select(EventRegistration).where(EventRegistration.item_id == item_id,
                                                                EventRegistration.user_id == user_id))


def _free_seats(item: KnowledgeItem) -> list[int]:
    taken = set(db.session.scalars(db.select(EventRegistration.seat).where(
        EventRegistration.item_id == item.id, EventRegistration.status == RegistrationStatus.registered,
        EventRegistration.seat.is_not(None))))
    return [n for n in range(1, (item.capacity or 0) + 1) if n not in taken]


def register(actor: Actor, item_id: int) -> EventRegistration:
    require_user(actor)
    get_event(item_id)
    return _register(actor, item_id)


def _register(actor: Actor, item_id: int) -> EventRegistration:
    item = _lock(item_id)
    if item.status != ItemStatus.published or item.type != ItemType.event:
        db.session.rollback()
        raise NotFound(_("Event not found."))
    now = clock.now()
    if item.starts_at is not None and item.starts_at <= now:
        db.session.rollback()
        raise Conflict(_("This event has already started; registration is closed."))
    reg = registration_of(actor.user_id, item.id)
    if reg is not None and reg.status in ACTIVE:
        db.session.rollback()
        return reg
    free = _free_seats(item)
    if free:
        status, seat = RegistrationStatus.registered, free[0]
    elif item.waitlist:
        status, seat = RegistrationStatus.waitlisted, None
    else:
        db.session.rollback()
        raise Conflict(_("This event is full."))
    if reg is None:
        reg = EventRegistration(item_id=item.id, user_id=actor.user_id, created_at=now)
        db.session.add(reg)
    reg.organisation_id = actor.org_id
    reg.status, reg.seat, reg.queued_at, reg.updated_at = status, seat, now, now
    reg.cancelled_at, reg.promoted_at, reg.attended, reg.reminded_at = None, None, None, None
    reg.mail_pending = status.value
    db.session.flush()
    if status == RegistrationStatus.registered:
        notify(actor.user_id, "knowledge_event", _l("You are registered for %(title)s", title=item.title),
               fmt(item.starts_at), f"/knowledge/{item.id}", email=False)  # mailed by knowledge.mail
    else:
        notify(actor.user_id, "knowledge_event", _l("You are on the waiting list for %(title)s", title=item.title),
               _l("We will tell you as soon as a place frees up."), f"/knowledge/{item.id}", email=False)
    audit(actor.user_id, f"knowledge.registration.{status.value}", "knowledge_registration", reg.id,
          {"item_id": item.id}, organisation_id=actor.org_id)
    commit_or_conflict(BUSY)  # the unique seat is the last line behind the event's lock
    return reg


def cancel(actor: Actor, item_id: int, registration_id: int | None = None) -> EventRegistration:
    """The person cancels their own registration (registration_id None), or an editor cancels anyone's."""
    require_user(actor)
    get_event(item_id, public=False)
    if registration_id is not None:
        require_editor(actor)
    return _cancel(actor, item_id, registration_id)


def _cancel(actor: Actor, item_id: int, registration_id: int | None) -> EventRegistration:
    item = _lock(item_id)
    if registration_id is None:
        reg = registration_of(actor.user_id, item.id)
    else:
        reg = db.session.get(EventRegistration, registration_id)
        if reg is not None and reg.item_id != item.id:
            reg = None
    if reg is None or reg.status not in ACTIVE:
        db.session.rollback()
        raise NotFound(_("No registration to cancel."))
    if item.ends_at is not None and item.ends_at <= clock.now():
        db.session.rollback()
        raise Conflict(_("This event is over."))
    now = clock.now()
    freed = reg.status == RegistrationStatus.registered
    reg.status, reg.seat, reg.cancelled_at, reg.updated_at, reg.mail_pending = (
        RegistrationStatus.cancelled, None, now, now, None)
    db.session.flush()
    if reg.user_id != actor.user_id:
        notify(reg.user_id, "knowledge_event", _l("Your registration for %(title)s was cancelled", title=item.title),
               "", f"/knowledge/{item.id}")
    audit(actor.user_id, "knowledge.registration.cancelled", "knowledge_registration", reg.id, {"item_id": item.id})
    if freed:
        fill_seats(item)
    commit_or_conflict(BUSY)  # the unique seat is the last line behind the event's lock
    return reg


def fill_seats(item: KnowledgeItem) -> list[EventRegistration]:
    """Promote people from the waiting list into free places, first come first served (inside the
    caller's unit of work, with the event locked)."""
    free = _free_seats(item)
    if not free or (item.starts_at is not None and item.starts_at <= clock.now()):
        return []
    waiting = list(db.session.scalars(db.select(EventRegistration).where(
        EventRegistration.item_id == item.id, EventRegistration.status == RegistrationStatus.waitlisted)
        .order_by(EventRegistration.queued_at, EventRegistration.id).limit(len(free))))
    now = clock.now()
    for reg, seat in zip(waiting, free):
        reg.status, reg.seat, reg.promoted_at, reg.updated_at = RegistrationStatus.registered, seat, now, now
        reg.mail_pending = "promoted"
        notify(reg.user_id, "knowledge_event", _l("A place is yours: %(title)s", title=item.title),
               _l("A place freed up and you were first on the waiting list: you are now registered (%(when)s).",
                 when=fmt(item.starts_at)), f"/knowledge/{item.id}", email=False)  # mailed by knowledge.mail
        audit(None, "knowledge.registration.promoted", "knowledge_registration", reg.id, {"item_id": item.id})
    db.session.flush()
    return waiting


def registrations(actor: Actor, item_id: int, status: str | None = None) -> list[EventRegistration]:
    require_editor(actor)
    get_event(item_id, public=False)
    stmt = db.select(EventRegistration).where(EventRegistration.item_id == item_id)
    if status:
        stmt = stmt.where(EventRegistration.status == RegistrationStatus(status))
    return list(db.session.scalars(stmt.order_by(EventRegistration.status, EventRegistration.queued_at,
                                                 EventRegistration.id)))


def my_registrations(actor: Actor) -> list[EventRegistration]:
    require_user(actor)
    return list(db.session.scalars(
        db.select(EventRegistration).join(KnowledgeItem, KnowledgeItem.id == EventRegistration.item_id)
        .where(EventRegistration.user_id == actor.user_id, EventRegistration.status.in_(ACTIVE))
        .order_by(KnowledgeItem.starts_at)))


def mark_attendance(actor: Actor, item_id: int, registration_id: int, data: dict) -> EventRegistration:
    """`data`: {"attended": yes/no} (schemas.AttendanceInput)."""
    from ..schemas import AttendanceInput

    require_editor(actor)
    attended = load(AttendanceInput, data)["attended"]
    item = get_event(item_id, public=False)
    reg = db.session.get(EventRegistration, registration_id)
    if reg is None or reg.item_id != item.id:
        raise NotFound(_("Registration not found."))
    if reg.status != RegistrationStatus.registered:
        raise Conflict(_("Only registered participants can be marked."))
    if item.starts_at is None or item.starts_at > clock.now():
        raise Conflict(_("Attendance can be marked once the event has started."))
    reg.attended, reg.attendance_marked_at = bool(attended), clock.now()
    audit(actor.user_id, "knowledge.registration.attendance", "knowledge_registration", reg.id,
          {"attended": bool(attended)})
    db.session.commit()
    return reg


def can_manage(actor: Actor) -> bool:
    return is_editor(actor)
