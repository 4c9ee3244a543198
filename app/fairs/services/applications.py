"""Applications of producers for a booth: apply, decide (approve with a booth number, waitlist, reject), cancel."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...errors import Conflict, NotFound
from ...extensions import db
from ...l10n import format_day
from ...locking import commit_or_conflict, flush_or_conflict, lock
from ...notifications.services import audit, enqueue_index, notify_org
from ...payments import services as payments
from ...permissions import (
    Actor,
    require_can_publish,
    require_member_of,
    require_org_kind,
)
from ..models import ApplicationStatus, BoothType, Fair, FairApplication
from ...validation import load
from ..schemas import ApplicationInput, DecisionInput, ReasonInput
from .booth_fees import _settle_payment
from .reads import (
    ACTIVE,
    _fair_url,
    active_application,
    get_application,
    get_application_for,
    get_own_fair,
    get_public_fair,
    is_organiser,
)

ALREADY_APPLIED = _l("Your organisation already has an application for this fair.")


def _notify_waitlist(fair: Fair, booth_type_id: int) -> int:
    """A booth of this type is free again: tell the waitlisted applicants (and the organiser) once per event."""
    waiting = list(db.session.scalars(db.select(FairApplication).where(
        FairApplication.fair_id == fair.id, FairApplication.booth_type_id == booth_type_id,
        FairApplication.status == ApplicationStatus.waitlisted).order_by(FairApplication.created_at, FairApplication.id)))
    for a in waiting:
        notify_org(a.organisation, "fair_application",
                   _l("A booth is free again at %(fair)s", fair=fair.name),
                   _l("You are on the waiting list for %(booth)s; the organiser can now approve your application.",
                     booth=a.booth_type.name), _fair_url(fair.id))
    if waiting:
        notify_org(fair.organiser, "fair_application", _l("A booth is free again at %(fair)s", fair=fair.name),
                   _l("%(n)d waitlisted application(s) can now be approved.", n=len(waiting)))
    return len(waiting)


def apply(actor: Actor, fair_id: int, data: dict) -> FairApplication:
    """Apply for a booth (ApplicationInput: `booth_type_id`, 1–10 `listing_ids` of the organisation's own
    published listings, an optional `message`); the booth fee becomes a payment."""
    require_org_kind(actor, "producer")
    require_can_publish(actor)
    fair = get_public_fair(actor, fair_id)
    if not fair.is_public:
        raise NotFound(_("Fair not found."))
    if clock.now() > fair.application_deadline:
        raise Conflict(_("Applications for this fair closed on %(date)s.", date=format_day(fair.application_deadline, fmt="short")))
    values = load(ApplicationInput(fair=fair, org_id=actor.org_id), data)
    booth = next(b for b in fair.booth_types if b.id == values["booth_type_id"])
    ids, message = values["listing_ids"], values.get("message") or ""
    # One active application per organisation and fair, also when two are sent at once (the fair's lock;
    # a partial unique index is the last line).
    lock(Fair, fair.id)
    if active_application(fair.id, actor.org_id) is not None:
        raise Conflict(str(ALREADY_APPLIED))
    app_ = FairApplication(fair_id=fair.id, organisation_id=actor.org_id, booth_type_id=booth.id, listing_ids=ids,
                           message=message, status=ApplicationStatus.submitted)
    db.session.add(app_)
    flush_or_conflict(ALREADY_APPLIED)
    if booth.price_vnd > 0:
        payments.create_payment(actor, "booth", app_.id, actor.org_id, booth.price_vnd,
                                _("Booth fee: %(fair)s – %(booth)s", fair=fair.name, booth=booth.name))
    audit(actor.user_id, "fair.application.submitted", "fair_application", app_.id,
          {"fair_id": fair.id, "booth_type_id": booth.id, "listing_ids": ids}, organisation_id=actor.org_id)
    notify_org(fair.organiser, "fair_application", _l("New application for %(fair)s", fair=fair.name),
               actor.org.display_name)
    commit_or_conflict(ALREADY_APPLIED)
    return app_


def decide(actor: Actor, fair_id: int, application_id: int, data: dict) -> FairApplication:
    """DecisionInput: approve | waitlist | reject (with a reason). Approval assigns a booth within capacity."""
    fair = get_own_fair(actor, fair_id)
    values = load(DecisionInput, data)
    decision, reason = values["decision"], values.get("reason") or ""
    if decision == "approve":
        return _approve(actor, fair.id, application_id)
    a = lock(FairApplication, get_application(application_id, fair.id).id)
    if a.status not in (ApplicationStatus.submitted, ApplicationStatus.waitlisted, ApplicationStatus.approved):
        raise Conflict(_("This application is already closed."))
    if decision == "waitlist":
        if a.status == ApplicationStatus.approved:
            raise Conflict(_("Cancel the booth first."))
        a.status = ApplicationStatus.waitlisted
    else:
        freed = a.status == ApplicationStatus.approved
        a.status, a.booth_number = ApplicationStatus.rejected, None
        _settle_payment(actor, a, reason)
        if freed:
            db.session.flush()
            _notify_waitlist(fair, a.booth_type_id)
            enqueue_index("fair", fair.id)
    a.reason = reason
    a.decided_at, a.decided_by_id = clock.now(), actor.user_id
    audit(actor.user_id, f"fair.application.{a.status.value}", "fair_application", a.id, {"reason": a.reason},
          organisation_id=fair.organiser_id)
    _notify_decision(a)
    db.session.commit()
    return a


def _approve(actor: Actor, fair_id: int, application_id: int) -> FairApplication:
    a = get_application(application_id, fair_id)
    if a.status == ApplicationStatus.approved:
        return a
    if a.status not in (ApplicationStatus.submitted, ApplicationStatus.waitlisted):
        raise Conflict(_("This application is already closed."))
    # Booth capacity: approvals of one booth type are decided one at a time under its lock (app.locking).
    booth = lock(BoothType, a.booth_type_id)
    a = lock(FairApplication, a.id)
    if a.status not in (ApplicationStatus.submitted, ApplicationStatus.waitlisted):
        db.session.rollback()
        if a.status == ApplicationStatus.approved:
            return a
        raise Conflict(_("This application is already closed."))
    taken = set(db.session.scalars(db.select(FairApplication.booth_number).where(
        FairApplication.booth_type_id == booth.id, FairApplication.status == ApplicationStatus.approved,
        FairApplication.booth_number.is_not(None))))
    free = [n for n in range(1, booth.capacity + 1) if n not in taken]
    if not free:
        db.session.rollback()
        raise Conflict(_("All %(n)d booths of this type are taken. Waitlist the application instead.", n=booth.capacity))
    a.status, a.booth_number, a.reason = ApplicationStatus.approved, free[0], ""
    a.decided_at, a.decided_by_id = clock.now(), actor.user_id
    audit(actor.user_id, "fair.application.approved", "fair_application", a.id, {"booth": a.booth_code},
          organisation_id=actor.org_id)
    _notify_decision(a)
    enqueue_index("fair", fair_id)
    commit_or_conflict(_("That booth was just taken; please try again."))  # the unique booth number, last line
    return a


def cancel_application(actor: Actor, application_id: int, data: dict | None = None) -> FairApplication:
    """The applicant withdraws, or the organiser cancels a booth (an optional `reason`, ReasonInput); a paid
    fee is refunded."""
    found = get_application_for(actor, application_id)
    reason = load(ReasonInput, data).get("reason") or ""
    a = lock(FairApplication, found.id)
    if a.status not in ACTIVE:
        raise Conflict(_("This application is already closed."))
    organiser = is_organiser(actor, a.fair) or actor.is_admin
    if not organiser:
        require_member_of(actor, a.organisation_id)
    was_approved = a.status == ApplicationStatus.approved
    a.status, a.booth_number = ApplicationStatus.cancelled, None
    a.reason = reason
    a.decided_at, a.decided_by_id = clock.now(), actor.user_id
    _settle_payment(actor, a, reason or "cancelled")
    audit(actor.user_id, "fair.application.cancelled", "fair_application", a.id,
          {"by": "organiser" if organiser else "applicant", "reason": a.reason}, organisation_id=a.organisation_id)
    _notify_decision(a)
    if was_approved:
        db.session.flush()
        _notify_waitlist(a.fair, a.booth_type_id)
        enqueue_index("fair", a.fair_id)
    db.session.commit()
    return a


def _notify_decision(a: FairApplication) -> None:
    titles = {
        ApplicationStatus.approved: _l("Your booth at %(fair)s is confirmed (%(booth)s)", fair=a.fair.name, booth=a.booth_code),
        ApplicationStatus.waitlisted: _l("Your application for %(fair)s is on the waiting list", fair=a.fair.name),
        ApplicationStatus.rejected: _l("Your application for %(fair)s was not accepted", fair=a.fair.name),
        ApplicationStatus.cancelled: _l("Your application for %(fair)s was cancelled", fair=a.fair.name),
    }
    if a.status in titles:
        notify_org(a.organisation, "fair_application", titles[a.status], a.reason)
