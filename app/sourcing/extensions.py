"""Extension points of sourcing pages: other domains add to them without sourcing importing them.

Dependencies are one-way: a higher domain (logistics) imports sourcing's services and registers here
from its `init_app`; sourcing never imports it. When nothing is registered the pages simply lack that part.

- `register_deal_section(app, fn)`: fn(deal, actor) → {"template": "...", ...context} or None; shown on the
  deal page (logistics: the deal's transport and the "Arrange transport" button).
- `register_rfq_section(app, fn)`: fn(rfq, lanes, actor) → {"template": "...", ...} or None; shown on the
  request and quote-comparison pages. `lanes` are `services.ShippingFacts` (origin → delivery province,
  weight) the viewer may see (logistics: providers serving each lane).
- `register_transport_estimator(app, fn)`: fn(facts: ShippingFacts) → {"road": {...}, "best": {...}} or None;
  fills the transport CO2e column of the quote comparison.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask

from .. import registries

log = logging.getLogger(__name__)

DEAL_SECTIONS = "sourcing.deal_sections"
RFQ_SECTIONS = "sourcing.rfq_sections"
TRANSPORT_ESTIMATORS = "sourcing.transport_estimators"



def register_deal_section(app: Flask, fn: Callable) -> None:
    registries.add(app, DEAL_SECTIONS, fn, name=registries.name_of(fn))


def register_rfq_section(app: Flask, fn: Callable) -> None:
    registries.add(app, RFQ_SECTIONS, fn, name=registries.name_of(fn))


def register_transport_estimator(app: Flask, fn: Callable) -> None:
    registries.add(app, TRANSPORT_ESTIMATORS, fn, name=registries.name_of(fn))


def _safe(fn: Callable, *args):
    try:
        return fn(*args)
    except Exception:  # noqa: BLE001 - a neighbour's failure must not break a sourcing page
        log.exception("sourcing extension %s failed", getattr(fn, "__qualname__", fn))
        return None


def deal_sections(deal, actor) -> list[dict]:
    return [s for s in (_safe(fn, deal, actor) for fn in registries.items(DEAL_SECTIONS)) if s]


def rfq_sections(rfq, lanes, actor) -> list[dict]:
    return [s for s in (_safe(fn, rfq, lanes, actor) for fn in registries.items(RFQ_SECTIONS)) if s]


def has_transport_estimator() -> bool:
    return bool(registries.items(TRANSPORT_ESTIMATORS))


def transport_estimate(facts) -> dict | None:
    """The first registered estimator's answer for these shipping facts (None: not estimated)."""
    for fn in registries.items(TRANSPORT_ESTIMATORS):
        result = _safe(fn, facts)
        if result is not None:
            return result
    return None
