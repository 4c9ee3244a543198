"""Extension points of deals: other domains add sections to the deal page without sourcing importing them.

`register_deal_section(fn)`: fn(deal, actor) → {"template": "...", ...context} or None.
Logistics is wired here when app.logistics.shipments (or .services) exposes `transport_for_deal(deal_id)`: the deal page
then shows its transport quotes and CO2e, and the quote comparison its estimate per quote.
"""
from __future__ import annotations

from collections.abc import Callable

_deal_sections: list[Callable] = []


def register_deal_section(fn: Callable) -> Callable:
    _deal_sections.append(fn)
    return fn


def _logistics():
    """The logistics module exposing `transport_for_deal(deal_id)`, when installed."""
    import importlib

    for name in ("app.logistics.shipments", "app.logistics.services"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(mod, "transport_for_deal"):
            return mod
    return None


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
