"""Extension points of deals: other domains add sections to the deal page without sourcing importing them.

`register_deal_section(fn)`: fn(deal, actor) → {"template": "...", ...context} or None.
Logistics (app/logistics) is wired here when it exposes `transport_for_deal(deal_id)`: the deal page
then shows its transport quotes and CO2e, and the quote comparison its estimate per quote.
"""
from __future__ import annotations

from collections.abc import Callable

_deal_sections: list[Callable] = []


def register_deal_section(fn: Callable) -> Callable:
    _deal_sections.append(fn)
    return fn


def _logistics():
    try:
        from ..logistics import services as logistics
    except ImportError:
        return None
    return logistics if hasattr(logistics, "transport_for_deal") else None


def deal_sections(deal, actor) -> list[dict]:
    out = [s for s in (fn(deal, actor) for fn in _deal_sections) if s]
    logistics = _logistics()
    if logistics is not None:
        try:
            transport = logistics.transport_for_deal(deal.id)
        except Exception:  # noqa: BLE001 - a neighbour's failure must not break the deal page
            transport = None
        out.append({"template": "sourcing/_deal_transport.html", "transport": transport})
    return out


def transport_co2e(quote, km: float | None) -> float | None:
    """Estimated transport CO2e (kg) of a quote, when logistics offers an estimator; otherwise None."""
    logistics = _logistics()
    estimate = getattr(logistics, "estimate_co2e_for_quote", None) if logistics else None
    if estimate is None or km is None:
        return None
    try:
        return estimate(quote, km)
    except Exception:  # noqa: BLE001
        return None
