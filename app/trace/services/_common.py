"""Checks shared by the trace services (input is read by the schemas in `app/trace/schemas.py`)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ... import clock
from ...catalog import services as catalog
from ...catalog.models import Listing, ListingStatus
from ...errors import Conflict, NotFound
from ...extensions import db
from ...orgs.models import OrgKind
from ...permissions import Actor, require_member_of, require_org_kind
from ..models import Lot, LotEvent

KG_PER_UNIT = {"kg": 1.0, "tonne": 1000.0}


def require_producer(actor: Actor) -> None:
    require_org_kind(actor, OrgKind.producer.value)


def own_listing(actor: Actor, listing_id) -> Listing:
    """A listing of the actor's (producer) organisation; 404 for anyone else."""
    require_producer(actor)
    try:
        listing_id = int(listing_id)
    except (TypeError, ValueError):
        raise NotFound(_("Listing not found.")) from None
    listing = catalog.get_own_listing(actor, listing_id)
    return listing


def writable_listing(actor: Actor, listing_id) -> Listing:
    listing = own_listing(actor, listing_id)
    if listing.status == ListingStatus.archived:
        raise Conflict(_("Restore the listing to a draft before recording traceability data."))
    return listing


def get_lot(lot_id) -> Lot:
    try:
        lot = db.session.get(Lot, int(lot_id))
    except (TypeError, ValueError):
        lot = None
    if lot is None:
        raise NotFound(_("Lot not found."))
    return lot


def own_lot(actor: Actor, lot_id) -> Lot:
    lot = get_lot(lot_id)
    require_member_of(actor, lot.organisation_id)
    return lot


def unit_mass_kg(listing: Listing, components: list[dict]) -> float | None:
    """The mass of one unit: kg and tonne are masses; otherwise the composition's total, else the listing's
    shipping weight per unit; None when none is known."""
    if listing.unit in KG_PER_UNIT:
        return KG_PER_UNIT[listing.unit]
    total = sum(float(c.get("mass_kg") or 0) for c in components or [])
    if total > 0:
        return round(total, 6)
    return listing.unit_weight_kg


def add_event(lot: Lot, actor: Actor | None, kind: str, data: dict[str, Any] | None = None, reason: str = "",
              org_id: int | None = None) -> LotEvent:
    """Append an event to a lot's log (in the caller's unit of work)."""
    ev = LotEvent(lot_id=lot.id, organisation_id=org_id or lot.organisation_id, kind=kind, data=data or {},
                  reason=reason[:500], user_id=actor.user_id if actor else None, created_at=clock.now())
    db.session.add(ev)
    return ev
