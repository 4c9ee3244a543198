"""Product carbon footprints of listings and lots, and footprints declared from ISO 14067 studies.

- Listing: the estimate from its trace profile's composition (`app.trace.footprint`).
- Lot: the estimate from the composition it was recorded with, counting as recycled only the share its
  recycled inputs cover, plus its inbound transport legs: for every input bought through a deal whose
  transport was accepted on the platform, the accepted quote's CO2e (committed by the provider, else the
  platform's estimate for that vehicle class) × the input's mass ÷ the shipment's weight. Legs not arranged
  on the platform are listed as not included.
- A declared footprint replaces the estimate once a verifier confirmed it and while the ISO 14067 (carbon)
  claim it refers to is certified — on the lot's production date for a lot, today for the listing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...catalog.models import Listing
from ...errors import Conflict, NotFound, ValidationFailed
from ...extensions import db
from ...labels.models import Claim, ClaimStatus, LabelKind
from ...logistics import shipments
from ...notifications.services import audit, notify_org
from ...permissions import Actor, require_verifier
from ...validation import load
from .. import footprint
from ..models import DeclarationStatus, FootprintDeclaration, InputKind, Lot
from ..schemas import TraceDeclarationInput, TraceDeclarationReviewInput
from . import integrity, profiles
from ._common import writable_listing


@dataclass
class TransportLeg:
    deal_id: int | None
    origin: str | None
    destination: str | None
    provider: str = ""
    vehicle: str = ""
    route_kg: float | None = None
    share: float = 0.0
    co2e_kg: float | None = None        # the whole shipment
    allocated_kg: float | None = None   # this lot's share
    basis: str = ""                     # committed | estimated
    included: bool = False
    input_label: str = ""
    direction: str = "in"               # in (inputs, cradle-to-gate) | out (shipments of the lot)


@dataclass
class LotFootprint:
    estimate: footprint.Footprint
    legs: list[TransportLeg] = field(default_factory=list)
    declared: FootprintDeclaration | None = None
    recycled_scale: float = 1.0

    @property
    def per_unit_kg(self) -> float | None:
        return self.declared.kg_co2e_per_unit if self.declared else self.estimate.per_unit_kg


def was_verified(claim: Claim) -> bool:
    """Verified now, or verified before it expired (an expired claim that was never verified is not)."""
    return claim.status == ClaimStatus.verified or (claim.status == ClaimStatus.expired and claim.reviewed_at is not None)


def valid_on(claim: Claim, day: dt.date) -> bool:
    return was_verified(claim) and claim.valid_from <= day <= claim.valid_until


def confirmed_declaration(listing_id: int, day: dt.date) -> FootprintDeclaration | None:
    rows = db.session.scalars(db.select(FootprintDeclaration).where(
        FootprintDeclaration.listing_id == listing_id, FootprintDeclaration.status == DeclarationStatus.confirmed)
        .order_by(FootprintDeclaration.reviewed_at.desc(), FootprintDeclaration.id.desc()))
    return next((d for d in rows if valid_on(d.claim, day)), None)


def listing_footprint(listing: Listing) -> LotFootprint:
    est = footprint.materials_footprint(profiles.components_of(listing.id))
    return LotFootprint(est, declared=confirmed_declaration(listing.id, clock.today()))


def transport_legs(lot: Lot) -> list[TransportLeg]:
    """Inbound legs (inputs bought through deals) and outbound legs (the lot's own shipments)."""
    legs: list[TransportLeg] = []
    for inp in lot.active_inputs:
        if inp.kind != InputKind.platform or inp.deal_id is None:
            continue
        legs.append(_leg(inp.deal_id, inp.mass_kg, f"{inp.description} ({inp.supplier_name})", "in"))
    from ..models import LotDispatch

    for d in db.session.scalars(db.select(LotDispatch).where(LotDispatch.lot_id == lot.id, LotDispatch.voided_at.is_(None))
                                .order_by(LotDispatch.id)):
        legs.append(_leg(d.deal_id, d.mass_kg, _("Shipment under deal #%(id)s", id=d.deal_id), "out"))
    return legs


def _leg(deal_id: int, mass_kg: float, label: str, direction: str) -> TransportLeg:
    summary = shipments.transport_for_deal(deal_id)
    if not summary or not summary.get("accepted"):
        return TransportLeg(deal_id, summary.get("origin") if summary else None,
                            summary.get("destination") if summary else None, input_label=label, direction=direction)
    acc = summary["accepted"]
    co2 = acc.get("committed_co2e_kg")
    basis = "committed"
    if co2 is None:
        co2, basis = acc.get("estimated_co2e_kg"), "estimated"
    weight = summary.get("weight_kg") or 0
    share = min(1.0, mass_kg / weight) if weight else 0.0
    allocated = None if co2 is None or not weight else co2 * share
    return TransportLeg(deal_id, summary["origin"], summary["destination"], acc.get("provider_name", ""),
                        str(acc.get("vehicle_label") or ""), weight, share, co2, allocated, basis,
                        included=allocated is not None, input_label=label, direction=direction)


def lot_footprint(lot: Lot, cov=None) -> LotFootprint:
    cov = cov or integrity.coverage(lot)
    scale = cov.covered_share if lot.recycled_pct else 1.0
    est = footprint.materials_footprint(list(lot.components or []), recycled_scale=scale)
    legs = transport_legs(lot)
    inbound = sum(leg.allocated_kg for leg in legs if leg.direction == "in" and leg.included)
    est = footprint.with_transport(est, inbound, lot.quantity)
    return LotFootprint(est, legs, confirmed_declaration(lot.listing_id, lot.production_date), scale)


# ------------------------------------------------------------------ declared footprints

def carbon_claims(listing: Listing) -> list[Claim]:
    from ...labels import services as labels

    return [c for c in labels.claims_of_org(listing.organisation_id)
            if c.listing_id in (None, listing.id) and c.label.kind == LabelKind.carbon
            and c.status in (ClaimStatus.submitted, ClaimStatus.verified)]


def declare_footprint(actor: Actor, listing_id, data: dict[str, Any]) -> FootprintDeclaration:
    values = load(TraceDeclarationInput, data)
    listing = writable_listing(actor, listing_id)
    claim = next((c for c in carbon_claims(listing) if c.id == values["claim_id"]), None)
    if claim is None:
        raise ValidationFailed(_("Please correct the highlighted fields."), {"claim_id": [
            _("Choose one of your carbon footprint (ISO 14067) claims for this product.")]})
    value, note = values["kg_co2e_per_unit"], values.get("note") or ""
    decl = FootprintDeclaration(listing_id=listing.id, claim_id=claim.id, kg_co2e_per_unit=float(value), note=note,
                                status=DeclarationStatus.pending, created_at=clock.now(), created_by_id=actor.user_id)
    db.session.add(decl)
    db.session.flush()
    audit(actor.user_id, "trace.footprint_declared", "listing", listing.id,
          {"declaration_id": decl.id, "claim_id": claim.id, "kg_co2e_per_unit": decl.kg_co2e_per_unit},
          listing.organisation_id)
    db.session.commit()
    return decl


def declarations_queue(actor: Actor, *, status: str = "pending") -> list[FootprintDeclaration]:
    require_verifier(actor)
    if status not in DeclarationStatus.__members__:
        raise ValidationFailed(_("Unknown status."), {"status": [_("Unknown status.")]})
    return list(db.session.scalars(db.select(FootprintDeclaration)
                                   .where(FootprintDeclaration.status == DeclarationStatus(status))
                                   .order_by(FootprintDeclaration.created_at, FootprintDeclaration.id).limit(200)))


def pending_declaration_count() -> int:
    return int(db.session.scalar(db.select(db.func.count(FootprintDeclaration.id))
                                 .where(FootprintDeclaration.status == DeclarationStatus.pending)) or 0)


def review_declaration(actor: Actor, declaration_id, decision, note: str = "") -> FootprintDeclaration:
    """A verifier confirms (the value matches the claim's evidence) or rejects a declared footprint
    (TraceDeclarationReviewInput: `decision` and `note`, or the API body as `decision`)."""
    require_verifier(actor)
    values = load(TraceDeclarationReviewInput, decision if isinstance(decision, dict) else
                  {"decision": decision, "note": note})
    decision, note = values["decision"], values.get("note") or ""
    decl = db.session.get(FootprintDeclaration, int(declaration_id)) if str(declaration_id).isdigit() else None
    if decl is None:
        raise NotFound(_("Declaration not found."))
    listing = db.session.get(Listing, decl.listing_id)
    if actor.org_id is not None and actor.org_id == listing.organisation_id:
        raise ValidationFailed(_("You cannot review your own organisation's declarations."), {"decision": [_("Not allowed.")]})
    if decl.status != DeclarationStatus.pending:
        raise Conflict(_("This declaration was already reviewed."))
    if decision == "confirm" and not was_verified(decl.claim):
        raise Conflict(_("Verify the carbon claim itself first."))
    decl.status = DeclarationStatus.confirmed if decision == "confirm" else DeclarationStatus.rejected
    decl.reviewed_at, decl.reviewed_by_id, decl.review_note = clock.now(), actor.user_id, note
    audit(actor.user_id, f"trace.footprint_{decl.status.value}", "listing", listing.id,
          {"declaration_id": decl.id, "note": note}, listing.organisation_id)
    notify_org(listing.organisation, "trace.footprint_reviewed",
               _l("Your declared footprint for %(title)s was %(status)s.", title=listing.title,
                 status=_l("confirmed") if decision == "confirm" else _l("rejected")),
               body=note, url=f"/trace/listings/{listing.id}")
    db.session.commit()
    return decl
