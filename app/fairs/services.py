"""Fairs and applications.

Rules
- Fair-organiser organisations (approved) create fairs with booth types (price in VND, capacity).
- Approved producers apply before the deadline with 1–10 of their published listings; one active
  application (submitted, approved or waitlisted) per fair. A booth fee is a `payments` Payment
  (purpose "booth"), paid by card (Stripe) or by bank transfer.
- The organiser approves (assigns a booth), waitlists or rejects with a reason. Approval locks the
  booth type row (`SELECT … FOR UPDATE` on PostgreSQL; a write on SQLite, which serialises writers),
  counts the approved booths and takes the lowest free number in 1..capacity; a unique constraint on
  (booth type, number) refuses a second holder. Capacity is never exceeded.
- Rejecting or cancelling a paid application refunds the booth fee; an unpaid one is cancelled.
  When an approved booth frees up this way, the waitlisted applicants of that booth type are told.
- The organiser edits a fair (dates, deadline, booth types, prices, capacities). A booth type's
  capacity never drops below the booths already assigned (nor below the highest assigned number, so
  numbers stay within 1..capacity); a booth type with active applications cannot be removed. New
  prices apply to new applications only. Exhibitors are told when the dates change.
- The organiser cancels a fair: every active application is cancelled, paid booth fees are refunded
  through the payments service (Stripe refunds carry an idempotency key, so a retried cancellation
  never refunds twice), exhibitors and visitors with meetings are notified.
"""
from __future__ import annotations

import time
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError, OperationalError

from .. import clock, vn
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..extensions import db
from ..notifications.services import audit, enqueue_index, notify, notify_org
from ..orgs.models import Organisation
from ..payments import services as payments
from ..payments.models import PaymentStatus
from ..permissions import Actor, require_can_publish, require_member_of, require_org_kind, require_user
from . import listings as listing_data
from .models import ApplicationStatus, BoothType, Fair, FairApplication, FairStatus
from .timez import parse_local

ACTIVE = (ApplicationStatus.submitted, ApplicationStatus.approved, ApplicationStatus.waitlisted)
MAX_LISTINGS = 10
MAX_BOOTH_TYPES = 10


# ------------------------------------------------------------------ validation

def clean_fair(data: dict[str, Any]) -> tuple[dict, list[dict]]:
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def err(f, m):
        errors.setdefault(f, []).append(m)

    name = str(data.get("name") or "").strip()
    if not 3 <= len(name) <= 200:
        err("name", _("Enter the fair's name (3–200 characters)."))
    out["name"] = name
    for f, limit in (("name_en", 200), ("description", 5000), ("description_en", 5000), ("venue", 300),
                     ("green_zone_note", 500)):
        v = str(data.get(f) or "").strip()
        if len(v) > limit:
            err(f, _("At most %(n)d characters.", n=limit))
        out[f] = v
    out["online"] = bool(data.get("online"))
    out["green_zone"] = bool(data.get("green_zone"))
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if not starts:
        err("starts_on", _("Enter the first day."))
    if not ends:
        err("ends_on", _("Enter the last day."))
    if starts and ends and ends < starts:
        err("ends_on", _("The last day cannot be before the first day."))
    out["starts_on"], out["ends_on"] = starts, ends
    province = (data.get("province_code") or "") or None
    if province and vn.province(province) is None:
        err("province_code", _("Unknown province."))
    out["province_code"] = province
    if not out["online"] and (not out["venue"] or not province):
        err("venue", _("Enter the venue and province, or mark the fair as online."))
    try:
        deadline = parse_local(data.get("application_deadline")) if data.get("application_deadline") else None
    except (ValueError, TypeError):
        deadline = None
        err("application_deadline", _("Enter a date and time."))
    if deadline is None and "application_deadline" not in errors:
        err("application_deadline", _("Enter the application deadline."))
    out["application_deadline"] = deadline
    for f in ("themes", "categories"):
        values = data.get(f) or []
        if isinstance(values, str):
            values = [v for v in (s.strip() for s in values.split(",")) if v]
        values = [str(v).strip()[:60] for v in values if str(v).strip()]
        if len(values) > 20:
            err(f, _("At most %(n)d items.", n=20))
        out[f] = list(dict.fromkeys(values))
    booths = []
    raw = data.get("booth_types") or []
    if not raw:
        err("booth_types", _("Add at least one booth type."))
    if len(raw) > MAX_BOOTH_TYPES:
        err("booth_types", _("At most %(n)d items.", n=MAX_BOOTH_TYPES))
    for b in raw[:MAX_BOOTH_TYPES]:
        bname = str(b.get("name") or "").strip()
        try:
            price, capacity = int(b.get("price_vnd")), int(b.get("capacity"))
        except (TypeError, ValueError):
            err("booth_types", _("Each booth type needs a name, a price in VND and a capacity."))
            continue
        if not bname or len(bname) > 120 or price < 0 or price > 10_000_000_000 or not 1 <= capacity <= 5000:
            err("booth_types", _("Each booth type needs a name, a price in VND and a capacity."))
            continue
        prefix = "".join(c for c in str(b.get("code_prefix") or "").upper() if c.isalnum())[:6] or chr(ord("A") + len(booths))
        booths.append({"name": bname, "name_en": str(b.get("name_en") or "").strip()[:120], "price_vnd": price,
                       "capacity": capacity, "green_zone": bool(b.get("green_zone")), "code_prefix": prefix})
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    return out, booths


# ------------------------------------------------------------------ reads

def get_fair(fair_id: int) -> Fair:
    fair = db.session.get(Fair, fair_id)
    if fair is None:
        raise NotFound(_("Fair not found."))
    return fair


def is_organiser(actor: Actor, fair: Fair) -> bool:
    return actor.is_authenticated and actor.org_id == fair.organiser_id


def get_public_fair(actor: Actor, fair_id: int) -> Fair:
    fair = get_fair(fair_id)
    if fair.is_public or is_organiser(actor, fair) or actor.is_admin:
        return fair
    raise NotFound(_("Fair not found."))


def get_visible_fair(actor: Actor, fair_id: int) -> Fair:
    """For the fair page: published fairs, and cancelled ones (so links in notifications still explain)."""
    fair = get_fair(fair_id)
    if fair.status == FairStatus.cancelled:
        return fair
    return get_public_fair(actor, fair_id)


def get_own_fair(actor: Actor, fair_id: int) -> Fair:
    """The organiser's fair (admins may manage too); others get 404."""
    require_user(actor)
    fair = get_fair(fair_id)
    if not (is_organiser(actor, fair) or actor.is_admin):
        raise NotFound(_("Fair not found."))
    return fair


def list_fairs(*, q: str = "", upcoming: bool = False, organiser_id: int | None = None, page: int = 1, per_page: int = 20):
    stmt = db.select(Fair)
    if organiser_id is None:
        stmt = stmt.where(Fair.status == FairStatus.published)
    else:
        stmt = stmt.where(Fair.organiser_id == organiser_id)
    if upcoming:
        stmt = stmt.where(Fair.ends_on >= clock.today())
    if q.strip():
        like = f"%{q.strip()}%"
        stmt = stmt.where(db.or_(Fair.name.ilike(like), Fair.name_en.ilike(like), Fair.venue.ilike(like)))
    stmt = stmt.order_by(Fair.starts_on.asc(), Fair.id.asc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def get_application(application_id: int, fair_id: int | None = None) -> FairApplication:
    a = db.session.get(FairApplication, application_id)
    if a is None or (fair_id is not None and a.fair_id != fair_id):
        raise NotFound(_("Application not found."))
    return a


def get_application_for(actor: Actor, application_id: int, fair_id: int | None = None) -> FairApplication:
    require_user(actor)
    a = get_application(application_id, fair_id)
    if actor.org_id != a.organisation_id and not is_organiser(actor, a.fair) and not actor.is_admin:
        raise NotFound(_("Application not found."))
    return a


def applications_of_fair(actor: Actor, fair_id: int, status: str | None = None) -> list[FairApplication]:
    fair = get_own_fair(actor, fair_id)
    stmt = db.select(FairApplication).where(FairApplication.fair_id == fair.id)
    if status:
        if status not in ApplicationStatus.__members__:
            raise ValidationFailed(_("Unknown status."), {"status": [_("Unknown status.")]})
        stmt = stmt.where(FairApplication.status == ApplicationStatus(status))
    return list(db.session.scalars(stmt.order_by(FairApplication.created_at, FairApplication.id)))


def applications_of_org(org_id: int) -> list[FairApplication]:
    return list(db.session.scalars(db.select(FairApplication).where(FairApplication.organisation_id == org_id)
                                   .order_by(FairApplication.id.desc())))


def active_application(fair_id: int, org_id: int) -> FairApplication | None:
    return db.session.scalar(db.select(FairApplication).where(
        FairApplication.fair_id == fair_id, FairApplication.organisation_id == org_id,
        FairApplication.status.in_(ACTIVE)))


def exhibitors(fair_id: int) -> list[FairApplication]:
    return list(db.session.scalars(db.select(FairApplication).join(Organisation, Organisation.id == FairApplication.organisation_id)
                                   .where(FairApplication.fair_id == fair_id, FairApplication.status == ApplicationStatus.approved)
                                   .order_by(Organisation.trade_name, Organisation.legal_name)))


def exhibitor_application(fair_id: int, org_id: int) -> FairApplication | None:
    return db.session.scalar(db.select(FairApplication).where(
        FairApplication.fair_id == fair_id, FairApplication.organisation_id == org_id,
        FairApplication.status == ApplicationStatus.approved))


def booth_usage(fair: Fair) -> dict[int, int]:
    rows = db.session.execute(db.select(FairApplication.booth_type_id, db.func.count(FairApplication.id))
                              .where(FairApplication.fair_id == fair.id, FairApplication.status == ApplicationStatus.approved)
                              .group_by(FairApplication.booth_type_id))
    return {bt: n for bt, n in rows}


def booth_payment(application: FairApplication):
    return payments.payments_for("booth", [application.id]).get(application.id)


# ------------------------------------------------------------------ fairs

def fair_values(fair: Fair) -> dict[str, Any]:
    """The fair as input for `clean_fair` (the deadline in Vietnam time), booth types with their ids."""
    from .timez import to_local

    return {"name": fair.name, "name_en": fair.name_en, "description": fair.description,
            "description_en": fair.description_en, "starts_on": fair.starts_on, "ends_on": fair.ends_on,
            "online": fair.online, "venue": fair.venue, "province_code": fair.province_code,
            "themes": list(fair.themes or []), "categories": list(fair.categories or []),
            "application_deadline": to_local(fair.application_deadline), "green_zone": fair.green_zone,
            "green_zone_note": fair.green_zone_note,
            "booth_types": [{"id": b.id, "name": b.name, "name_en": b.name_en, "price_vnd": b.price_vnd,
                             "capacity": b.capacity, "green_zone": b.green_zone, "code_prefix": b.code_prefix}
                            for b in fair.booth_types]}


def _check_deadline(fields: dict[str, Any]) -> None:
    if fields["application_deadline"] and fields["starts_on"] and \
            fields["application_deadline"].date() > fields["starts_on"]:
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"application_deadline": [_("The deadline must be before the fair starts.")]})


def create_fair(actor: Actor, data: dict[str, Any]) -> Fair:
    require_org_kind(actor, "fair_organiser")
    require_can_publish(actor)
    fields, booths = clean_fair(data)
    _check_deadline(fields)
    fair = Fair(organiser_id=actor.org_id, status=FairStatus.published, published_at=clock.now(), **fields)
    fair.booth_types = [BoothType(**b) for b in booths]
    db.session.add(fair)
    db.session.flush()
    audit(actor.user_id, "fair.created", "fair", fair.id, {"name": fair.name, "booth_types": len(booths)},
          organisation_id=actor.org_id)
    enqueue_index("fair", fair.id)
    db.session.commit()
    return fair


def update_fair(actor: Actor, fair_id: int, data: dict[str, Any]) -> Fair:
    """Edit a fair. Keys missing from `data` keep their value; `booth_types` (when given) is the full list:
    entries with an `id` update that booth type, entries without add one, booth types left out are removed
    (only when no active application uses them)."""
    fair = get_own_fair(actor, fair_id)
    if fair.status == FairStatus.cancelled:
        raise Conflict(_("This fair was cancelled and can no longer be edited."))
    current = fair_values(fair)
    merged = {**current, **{k: v for k, v in data.items() if k in FAIR_FIELDS}}
    by_id = {b["id"]: b for b in current["booth_types"]}
    filled = []
    for b in merged.get("booth_types") or []:
        old = by_id.get(_int_or_none(b.get("id"))) if isinstance(b, dict) else None
        # an existing booth type keeps what the caller did not send (its code prefix above all: booth codes stay)
        filled.append({**old, **{k: v for k, v in b.items() if v is not None and (k != "code_prefix" or v)}} if old else b)
    merged["booth_types"] = filled
    fields, booths = clean_fair(merged)
    _check_deadline(fields)
    raw = list(merged.get("booth_types") or [])[:MAX_BOOTH_TYPES]
    existing = {b.id: b for b in fair.booth_types}
    # Lock the booth types (as approval does) so a concurrent approval cannot slip past the capacity check.
    if existing:
        db.session.execute(db.update(BoothType).where(BoothType.id.in_(list(existing)))
                           .values(capacity=BoothType.capacity))
    assigned = dict(db.session.execute(
        db.select(FairApplication.booth_type_id, db.func.max(FairApplication.booth_number))
        .where(FairApplication.fair_id == fair.id, FairApplication.status == ApplicationStatus.approved)
        .group_by(FairApplication.booth_type_id)).all())
    counts = booth_usage(fair)
    in_use = set(db.session.scalars(db.select(FairApplication.booth_type_id).where(FairApplication.fair_id == fair.id)))
    errors: list[str] = []
    kept: set[int] = set()
    plan: list[tuple[BoothType | None, dict]] = []
    for given, clean in zip(raw, booths):
        bid = _int_or_none(given.get("id")) if isinstance(given, dict) else None
        if bid is not None and bid not in existing:
            errors.append(_("Unknown booth type."))
            continue
        booth = existing.get(bid) if bid is not None else None
        if booth is not None:
            kept.add(booth.id)
            floor = max(counts.get(booth.id, 0), assigned.get(booth.id) or 0)
            if clean["capacity"] < floor:
                errors.append(_("%(booth)s: at least %(n)d booths, because booths up to number %(n)d are already "
                                "assigned.", booth=clean["name"], n=floor))
        plan.append((booth, clean))
    for bid, booth in existing.items():
        if bid not in kept and bid in in_use:  # any application, even a closed one, keeps its booth type
            errors.append(_("%(booth)s has applications and cannot be removed.", booth=booth.name))
    if errors:
        db.session.rollback()
        raise ValidationFailed(_("Please correct the highlighted fields."), {"booth_types": errors})
    old_dates = (fair.starts_on, fair.ends_on)
    changes: dict[str, Any] = {}
    for key, value in fields.items():
        if getattr(fair, key) != value:
            before = getattr(fair, key)
            changes[key] = [before.isoformat() if hasattr(before, "isoformat") else before,
                            value.isoformat() if hasattr(value, "isoformat") else value]
            setattr(fair, key, value)
    freed: list[BoothType] = []
    new_list = []
    for booth, clean in plan:
        if booth is None:
            booth = BoothType(**clean)
            changes.setdefault("booth_types_added", []).append(clean["name"])
        else:
            if clean["capacity"] > booth.capacity:
                freed.append(booth)
            for key, value in clean.items():
                if getattr(booth, key) != value:
                    changes.setdefault("booth_types", {}).setdefault(str(booth.id), {})[key] = [getattr(booth, key), value]
                    setattr(booth, key, value)
        new_list.append(booth)
    removed = [b.name for bid, b in existing.items() if bid not in kept]
    if removed:
        changes["booth_types_removed"] = removed
    fair.booth_types = new_list
    if not changes:
        db.session.rollback()
        return fair
    fair.bump_version()
    audit(actor.user_id, "fair.updated", "fair", fair.id, changes, organisation_id=fair.organiser_id)
    if (fair.starts_on, fair.ends_on) != old_dates:
        when = _("%(start)s – %(end)s", start=fair.starts_on.strftime("%d/%m/%Y"), end=fair.ends_on.strftime("%d/%m/%Y"))
        for a in _active_applications(fair.id):
            notify_org(a.organisation, "fair", _("New dates for %(fair)s", fair=fair.name), when,
                       _fair_url(fair.id))
    for booth in freed:
        _notify_waitlist(fair, booth.id)
    enqueue_index("fair", fair.id)
    db.session.commit()
    return fair


def _int_or_none(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


FAIR_FIELDS = ("name", "name_en", "description", "description_en", "starts_on", "ends_on", "online", "venue",
               "province_code", "themes", "categories", "application_deadline", "green_zone", "green_zone_note",
               "booth_types")


def cancel_fair(actor: Actor, fair_id: int, reason: str = "") -> Fair:
    """Cancel a fair: active applications are cancelled and paid booth fees refunded; exhibitors and
    visitors with meetings are notified. Cancelling twice changes nothing."""
    from .models import Meeting

    fair = get_own_fair(actor, fair_id)
    if fair.status == FairStatus.cancelled:
        return fair
    reason = (reason or "").strip()[:500]
    if not reason:
        raise ValidationFailed(_("Tell the exhibitors why the fair is cancelled."),
                               {"reason": [_("Tell the exhibitors why the fair is cancelled.")]})
    fair.status = FairStatus.cancelled
    fair.bump_version()
    refunded = 0
    title = _("%(fair)s has been cancelled", fair=fair.name)
    for a in _active_applications(fair.id):
        a.status, a.booth_number, a.reason = ApplicationStatus.cancelled, None, reason
        a.decided_at, a.decided_by_id = clock.now(), actor.user_id
        p = booth_payment(a)
        if p is not None and p.status == PaymentStatus.succeeded:
            refunded += 1
            body = _("%(reason)s Your booth fee of %(amount)s ₫ is being refunded.", reason=reason,
                     amount=f"{p.amount:,}".replace(",", "."))
        else:
            body = reason
        _settle_payment(actor, a, "fair_cancelled")
        notify_org(a.organisation, "fair_application", title, body, _fair_url(fair.id))
    for m in db.session.scalars(db.select(Meeting).where(Meeting.fair_id == fair.id)):
        notify(m.requester_user_id, "fair_meeting", title, reason, _fair_url(fair.id))
    audit(actor.user_id, "fair.cancelled", "fair", fair.id, {"reason": reason, "refunds": refunded},
          organisation_id=fair.organiser_id)
    enqueue_index("fair", fair.id)
    db.session.commit()
    return fair


def _active_applications(fair_id: int) -> list[FairApplication]:
    return list(db.session.scalars(db.select(FairApplication).where(
        FairApplication.fair_id == fair_id, FairApplication.status.in_(ACTIVE)).order_by(FairApplication.id)))


def _fair_url(fair_id: int) -> str:
    from flask import has_request_context, url_for

    return url_for("fairs.detail", fair_id=fair_id) if has_request_context() else f"/fairs/{fair_id}"


def _notify_waitlist(fair: Fair, booth_type_id: int) -> int:
    """A booth of this type is free again: tell the waitlisted applicants (and the organiser) once per event."""
    waiting = list(db.session.scalars(db.select(FairApplication).where(
        FairApplication.fair_id == fair.id, FairApplication.booth_type_id == booth_type_id,
        FairApplication.status == ApplicationStatus.waitlisted).order_by(FairApplication.created_at, FairApplication.id)))
    for a in waiting:
        notify_org(a.organisation, "fair_application",
                   _("A booth is free again at %(fair)s", fair=fair.name),
                   _("You are on the waiting list for %(booth)s; the organiser can now approve your application.",
                     booth=a.booth_type.name), _fair_url(fair.id))
    if waiting:
        notify_org(fair.organiser, "fair_application", _("A booth is free again at %(fair)s", fair=fair.name),
                   _("%(n)d waitlisted application(s) can now be approved.", n=len(waiting)))
    return len(waiting)


# ------------------------------------------------------------------ applications

def apply(actor: Actor, fair_id: int, booth_type_id: int, listing_ids: list[int], message: str = "") -> FairApplication:
    require_org_kind(actor, "producer")
    require_can_publish(actor)
    fair = get_public_fair(actor, fair_id)
    if not fair.is_public:
        raise NotFound(_("Fair not found."))
    if clock.now() > fair.application_deadline:
        raise Conflict(_("Applications for this fair closed on %(date)s.", date=fair.application_deadline.strftime("%d/%m/%Y")))
    booth = next((b for b in fair.booth_types if b.id == booth_type_id), None)
    errors: dict[str, list[str]] = {}
    if booth is None:
        errors["booth_type_id"] = [_("Choose a booth type of this fair.")]
    ids = list(dict.fromkeys(int(i) for i in (listing_ids or [])))
    if not 1 <= len(ids) <= MAX_LISTINGS:
        errors["listing_ids"] = [_("Choose between 1 and %(n)d of your published listings.", n=MAX_LISTINGS)]
    else:
        _ok, bad = listing_data.own_published_ids(actor.org_id, ids)
        if bad:
            errors["listing_ids"] = [_("Only your own published listings can be shown at a fair.")]
    if len(message or "") > 1000:
        errors["message"] = [_("At most %(n)d characters.", n=1000)]
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    if active_application(fair.id, actor.org_id) is not None:
        raise Conflict(_("Your organisation already has an application for this fair."))
    app_ = FairApplication(fair_id=fair.id, organisation_id=actor.org_id, booth_type_id=booth.id, listing_ids=ids,
                           message=(message or "").strip(), status=ApplicationStatus.submitted)
    db.session.add(app_)
    db.session.flush()
    if booth.price_vnd > 0:
        payments.create_payment(actor, "booth", app_.id, actor.org_id, booth.price_vnd,
                                _("Booth fee: %(fair)s – %(booth)s", fair=fair.name, booth=booth.name))
    audit(actor.user_id, "fair.application.submitted", "fair_application", app_.id,
          {"fair_id": fair.id, "booth_type_id": booth.id, "listing_ids": ids}, organisation_id=actor.org_id)
    notify_org(fair.organiser, "fair_application", _("New application for %(fair)s", fair=fair.name),
               actor.org.display_name)
    db.session.commit()
    return app_


def decide(actor: Actor, fair_id: int, application_id: int, decision: str, reason: str = "") -> FairApplication:
    """approve | waitlist | reject (with a reason). Approval assigns a booth within capacity."""
    if decision not in ("approve", "waitlist", "reject"):
        raise ValidationFailed(_("Unknown decision."), {"decision": [_("Unknown decision.")]})
    fair = get_own_fair(actor, fair_id)
    if decision == "reject" and not (reason or "").strip():
        raise ValidationFailed(_("Give the producer a reason."), {"reason": [_("Give the producer a reason.")]})
    if decision == "approve":
        return _approve_with_retry(actor, fair.id, application_id)
    a = get_application(application_id, fair.id)
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
    a.reason = (reason or "").strip()[:500]
    a.decided_at, a.decided_by_id = clock.now(), actor.user_id
    audit(actor.user_id, f"fair.application.{a.status.value}", "fair_application", a.id, {"reason": a.reason},
          organisation_id=fair.organiser_id)
    _notify_decision(a)
    db.session.commit()
    return a


def _approve_with_retry(actor: Actor, fair_id: int, application_id: int, attempts: int = 8) -> FairApplication:
    for attempt in range(attempts):
        try:
            return _approve(actor, fair_id, application_id)
        except OperationalError:  # SQLite "database is locked" under concurrent writers: try again
            db.session.rollback()
            if attempt == attempts - 1:
                raise Conflict(_("The booth plan is busy; please try again."))
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _approve(actor: Actor, fair_id: int, application_id: int) -> FairApplication:
    a = get_application(application_id, fair_id)
    if a.status == ApplicationStatus.approved:
        return a
    if a.status not in (ApplicationStatus.submitted, ApplicationStatus.waitlisted):
        raise Conflict(_("This application is already closed."))
    # Lock the booth type: FOR UPDATE on PostgreSQL; the UPDATE takes SQLite's write lock.
    db.session.execute(db.update(BoothType).where(BoothType.id == a.booth_type_id).values(capacity=BoothType.capacity))
    booth = db.session.execute(db.select(BoothType).where(BoothType.id == a.booth_type_id).with_for_update()
                               .execution_options(populate_existing=True)).scalar_one()
    a = db.session.execute(db.select(FairApplication).where(FairApplication.id == a.id).with_for_update()
                           .execution_options(populate_existing=True)).scalar_one()
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
    try:
        db.session.commit()
    except IntegrityError:  # another approval took the same booth number first
        db.session.rollback()
        raise Conflict(_("That booth was just taken; please try again.")) from None
    return a


def cancel_application(actor: Actor, application_id: int, reason: str = "") -> FairApplication:
    """The applicant withdraws, or the organiser cancels a booth; a paid fee is refunded."""
    a = get_application_for(actor, application_id)
    if a.status not in ACTIVE:
        raise Conflict(_("This application is already closed."))
    organiser = is_organiser(actor, a.fair) or actor.is_admin
    if not organiser:
        require_member_of(actor, a.organisation_id)
    was_approved = a.status == ApplicationStatus.approved
    a.status, a.booth_number = ApplicationStatus.cancelled, None
    a.reason = (reason or "").strip()[:500]
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


def _settle_payment(actor: Actor, a: FairApplication, reason: str) -> None:
    p = booth_payment(a)
    if p is None:
        return
    if p.status == PaymentStatus.succeeded:
        payments.refund(p, actor.user_id, reason)
    elif p.is_open:
        payments.cancel_open(p, actor.user_id, "application_closed")


def _notify_decision(a: FairApplication) -> None:
    titles = {
        ApplicationStatus.approved: _("Your booth at %(fair)s is confirmed (%(booth)s)", fair=a.fair.name, booth=a.booth_code),
        ApplicationStatus.waitlisted: _("Your application for %(fair)s is on the waiting list", fair=a.fair.name),
        ApplicationStatus.rejected: _("Your application for %(fair)s was not accepted", fair=a.fair.name),
        ApplicationStatus.cancelled: _("Your application for %(fair)s was cancelled", fair=a.fair.name),
    }
    if a.status in titles:
        notify_org(a.organisation, "fair_application", titles[a.status], a.reason)


# ------------------------------------------------------------------ payments of booth fees

def _booth_paid(payment) -> None:
    a = db.session.get(FairApplication, payment.object_id)
    if a is None:
        return
    audit(None, "fair.application.paid", "fair_application", a.id, {"payment_id": payment.id},
          organisation_id=a.organisation_id)
    if a.status not in ACTIVE:  # money arrived for a closed application: give it back
        payments.refund(payment, None, "application closed before payment arrived")
        return
    notify_org(a.fair.organiser, "fair_payment", _("Booth fee paid for %(fair)s", fair=a.fair.name),
               a.organisation.display_name)


def _can_confirm_booth(actor: Actor, payment) -> bool:
    a = db.session.get(FairApplication, payment.object_id)
    return bool(a and actor.is_authenticated and actor.org_id == a.fair.organiser_id)


def _booth_back_url(payment) -> str:
    from flask import url_for

    a = db.session.get(FairApplication, payment.object_id)
    return url_for("fairs.detail", fair_id=a.fair_id) if a else ""


def register_payment_purpose() -> None:
    from ..payments.registry import Purpose, register_purpose

    register_purpose(Purpose("booth", on_succeeded=_booth_paid, can_confirm=_can_confirm_booth,
                             back_url=_booth_back_url))


register_payment_purpose()


def org_name(org_id: int) -> str:
    org = db.session.get(Organisation, org_id)
    return org.display_name if org else ""


def forbid_unless_organiser(actor: Actor, fair: Fair) -> None:
    if not is_organiser(actor, fair) and not actor.is_admin:
        raise Forbidden(_("Only the organiser can do this."))
