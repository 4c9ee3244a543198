"""Logistics on sourcing pages, through `app.sourcing.extensions` (registered by `logistics.init_app`;
sourcing never imports logistics):

- the deal page's transport section: the accepted transport (provider, price, transit time, CO2e
  committed and estimated) for both parties, and the "Arrange transport" form;
- the transport CO2e column of the quote comparison: road (average diesel HGV) and the lowest-emission
  class with a default factor, for the quoted quantity's weight;
- on request pages, the providers serving each origin → delivery lane (`match_providers`).
"""
from __future__ import annotations

from typing import Any

from ..errors import NotFound, ValidationFailed
from ..sourcing import services as sourcing
from . import factors, services, shipments

ROAD_BASELINE = "road_diesel_hgv"  # DESNZ "all HGVs, average laden": the neutral road reference
MAX_HINT_PROVIDERS = 5


def _item(ce: factors.ClassEstimate | None) -> dict[str, Any] | None:
    if ce is None or ce.co2e_kg is None:
        return None
    return {"vehicle_class": ce.vehicle_class, "label": ce.label, "mode": ce.mode, "mode_label": ce.mode_label,
            "distance_km": ce.distance_km, "co2e_kg": ce.co2e_kg, "text": factors.format_co2e(ce.co2e_kg)}


def estimate_for_shipping(facts: sourcing.ShippingFacts) -> dict[str, Any] | None:
    """Road and lowest-emission estimates from the factor file, or None when the weight or a province is
    unknown or out of range."""
    if facts.weight_kg is None or not facts.origin:
        return None
    try:
        est = factors.estimate(facts.weight_kg, facts.origin, facts.destination)
    except ValidationFailed:
        return None
    road = _item(est.by_class(ROAD_BASELINE))
    if road is None:
        return None
    return {"road": road, "best": _item(est.best), "weight_kg": est.weight_kg,
            "great_circle_km": round(est.great_circle_km, 1), "factors_version": est.factors_version}


def rfq_providers(rfq, lanes, actor) -> dict[str, Any] | None:
    out = []
    for lane in lanes:
        try:
            matches = services.match_providers(lane.weight_kg, lane.origin, lane.destination)
        except ValidationFailed:
            continue
        out.append({"lane": lane, "matches": matches[:MAX_HINT_PROVIDERS], "more": max(0, len(matches) - MAX_HINT_PROVIDERS)})
    if not out:
        return None
    return {"template": "logistics/_rfq_providers.html", "provider_lanes": out}


def deal_transport(deal, actor) -> dict[str, Any] | None:
    """Only the deal's parties see (and arrange) its transport."""
    try:
        facts = sourcing.deal_shipping(actor, deal.id)
    except NotFound:
        return None
    from .forms import ArrangeTransportForm

    route = shipments.deal_route(actor, deal.id)
    return {"template": "logistics/_deal_transport.html", "transport": shipments.transport_for_deal(deal.id),
            "shipping": facts, "deal_route": route, "arranges": route is not None and route.organisation_id == actor.org_id,
            "can_arrange": actor.org is not None and actor.org.kind.value in shipments.SHIPPER_KINDS,
            "arrange_form": ArrangeTransportForm(), "estimate": estimate_for_shipping(facts)}
