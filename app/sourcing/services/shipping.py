"""Shipping facts of deals and quotes, for logistics.

Logistics depends on sourcing, never the other way round: it calls these functions (plain values
out, permission checks inside) and plugs its pages into sourcing through `sourcing.extensions`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import gettext as _

from ...errors import NotFound
from ...extensions import db
from ...permissions import Actor, require_user
from ..models import Deal, Quote
from ._common import _units

KG_PER_UNIT = {"kg": 1.0, "tonne": 1000.0}  # units that are a weight convert directly


@dataclass(frozen=True)
class ShippingFacts:
    """What moving the goods of a deal or quote involves: origin and destination provinces, the weight
    (None when it cannot be derived, with `weight_note` saying why)."""

    origin: str | None
    destination: str
    quantity: float
    unit: str
    weight_kg: float | None
    weight_note: str = ""
    deal_id: int | None = None
    buyer_org_id: int | None = None
    supplier_org_id: int | None = None
    title: str = ""


def shipment_weight_kg(quantity: float | None, unit: str | None, unit_weight_kg: float | None = None
                       ) -> tuple[float | None, str]:
    """The weight rule: kg and tonne convert directly; any other unit uses the listing's optional
    `unit_weight_kg`; otherwise the weight is unknown → (None, reason)."""
    try:
        qty = float(quantity)
    except (TypeError, ValueError):
        return None, _("No quantity.")
    if not math.isfinite(qty) or qty <= 0:
        return None, _("No quantity.")
    if unit in KG_PER_UNIT:
        return round(qty * KG_PER_UNIT[unit], 3), ""
    if unit_weight_kg:
        return round(qty * float(unit_weight_kg), 3), ""
    units = _units()
    return None, _("Weight unknown: the quantity is in %(unit)s and the listing gives no weight per unit.",
                   unit=str(units.get(unit, unit)))


def _listings_shipping(ids: list[int]) -> dict[int, tuple[str | None, float | None]]:
    """{listing id: (origin province, unit weight in kg)}."""
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    from ...catalog.models import Listing

    return {r.id: (r.origin_province, r.unit_weight_kg) for r in db.session.execute(
        db.select(Listing.id, Listing.origin_province, Listing.unit_weight_kg).where(Listing.id.in_(ids)))}


def quotes_shipping(quotes: list[Quote]) -> dict[int, ShippingFacts]:
    """{quote id: facts}: origin (the quoted listing's province, else the supplier's), the request's
    delivery province and the weight of the quoted quantity. No permission check: the caller already
    decided the viewer sees these quotes."""
    listings = _listings_shipping([q.listing_id for q in quotes])
    out = {}
    for q in quotes:
        origin, unit_weight = listings.get(q.listing_id, (None, None))
        weight, note = shipment_weight_kg(q.quantity, q.rfq.unit, unit_weight)
        out[q.id] = ShippingFacts(origin or q.supplier.province_code, q.rfq.delivery_province, q.quantity, q.rfq.unit,
                                  weight, note, buyer_org_id=q.rfq.buyer_org_id, supplier_org_id=q.supplier_org_id,
                                  title=q.rfq.title)
    return out


def is_deal_party(actor: Actor, deal_id: int | None) -> bool:
    """True when the actor's organisation is the buyer or the supplier of the deal (admins are not)."""
    if deal_id is None or not actor.is_authenticated or actor.org_id is None:
        return False
    deal = db.session.get(Deal, deal_id)
    return deal is not None and actor.org_id in (deal.buyer_org_id, deal.supplier_org_id)


def deal_shipping(actor: Actor, deal_id: int) -> ShippingFacts:
    """The shipping facts of a deal, for one of its parties only (anyone else: 404)."""
    require_user(actor)
    try:
        deal_id = int(deal_id)
    except (TypeError, ValueError):
        raise NotFound(_("Deal not found.")) from None
    if not is_deal_party(actor, deal_id):
        raise NotFound(_("Deal not found."))
    deal = db.session.get(Deal, deal_id)
    listing_origin, unit_weight = _listings_shipping([deal.listing_id]).get(deal.listing_id, (None, None))
    weight, note = shipment_weight_kg(deal.quantity, deal.unit, unit_weight)
    return ShippingFacts(listing_origin or deal.supplier.province_code, deal.delivery_province, deal.quantity,
                         deal.unit, weight, note, deal_id=deal.id, buyer_org_id=deal.buyer_org_id,
                         supplier_org_id=deal.supplier_org_id, title=deal.rfq.title)
