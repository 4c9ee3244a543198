"""The organiser's side of a fair: create, edit (dates, booth types, capacities) and cancel."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...errors import Conflict, ValidationFailed
from ...extensions import db
from ...l10n import format_day
from ...locking import lock_all
from ...notifications.services import audit, enqueue_index, notify, notify_org
from ...payments.models import PaymentStatus
from ...permissions import Actor, require_can_publish, require_org_kind
from ..models import ApplicationStatus, BoothType, Fair, FairApplication, FairStatus
from .applications import _notify_waitlist
from .booth_fees import _settle_payment
from ...validation import load
from ..schemas import FairCancelInput, FairInput
from .reads import (
    _active_applications,
    _fair_url,
    booth_payment,
    booth_usage,
    get_own_fair,
)
from .validation import fair_values


def create_fair(actor: Actor, data: dict[str, Any]) -> Fair:
    require_org_kind(actor, "fair_organiser")
    require_can_publish(actor)
    fields = load(FairInput, data)
    booths = [{k: v for k, v in b.items() if k != "id"} for b in fields.pop("booth_types")]
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
    if not isinstance(data, Mapping):
        load(FairInput, data)  # refused: the fields come as an object
    current = fair_values(fair)
    merged = {**current, **data}
    by_id = {str(b["id"]): b for b in current["booth_types"]}
    rows = merged.get("booth_types")
    if isinstance(rows, list):
        filled = []
        for b in rows:
            old = by_id.get(str(b.get("id"))) if isinstance(b, dict) else None
            # an existing booth type keeps what the caller did not send (its code prefix above all: booth codes stay)
            filled.append({**old, **{k: v for k, v in b.items() if v is not None and (v != "" or k == "name")}}
                          if old else b)
        merged["booth_types"] = filled
    fields = load(FairInput, merged)  # the fair as a whole, with the edit laid over it
    booths = fields.pop("booth_types")
    existing = {b.id: b for b in fair.booth_types}
    # Lock the booth types (as approval does) so a concurrent approval cannot slip past the capacity check.
    if existing:
        lock_all(BoothType, list(existing))
    assigned = dict(db.session.execute(
        db.select(FairApplication.booth_type_id, db.func.max(FairApplication.booth_number))
        .where(FairApplication.fair_id == fair.id, FairApplication.status == ApplicationStatus.approved)
        .group_by(FairApplication.booth_type_id)).all())
    counts = booth_usage(fair)
    in_use = set(db.session.scalars(db.select(FairApplication.booth_type_id).where(FairApplication.fair_id == fair.id)))
    errors: list[str] = []
    kept: set[int] = set()
    plan: list[tuple[BoothType | None, dict]] = []
    for clean in booths:
        bid = clean.pop("id", None)
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
        def when():  # in each recipient's language
            return _("%(start)s – %(end)s", start=format_day(fair.starts_on, fmt="short"),
                     end=format_day(fair.ends_on, fmt="short"))
        for a in _active_applications(fair.id):
            notify_org(a.organisation, "fair", _l("New dates for %(fair)s", fair=fair.name), when,
                       _fair_url(fair.id))
    for booth in freed:
        _notify_waitlist(fair, booth.id)
    enqueue_index("fair", fair.id)
    db.session.commit()
    return fair


def cancel_fair(actor: Actor, fair_id: int, data: dict[str, Any]) -> Fair:
    """Cancel a fair with a `reason` for the exhibitors (FairCancelInput): active applications are cancelled
    and paid booth fees refunded; exhibitors and visitors with meetings are notified. Cancelling twice
    changes nothing."""
    from ..models import Meeting

    fair = get_own_fair(actor, fair_id)
    if fair.status == FairStatus.cancelled:
        return fair
    reason = load(FairCancelInput, data)["reason"]
    fair.status = FairStatus.cancelled
    fair.bump_version()
    refunded = 0
    title = _l("%(fair)s has been cancelled", fair=fair.name)
    for a in _active_applications(fair.id):
        a.status, a.booth_number, a.reason = ApplicationStatus.cancelled, None, reason
        a.decided_at, a.decided_by_id = clock.now(), actor.user_id
        p = booth_payment(a)
        if p is not None and p.status == PaymentStatus.succeeded:
            refunded += 1
            body = _l("%(reason)s Your booth fee of %(amount)s ₫ is being refunded.", reason=reason,
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
