"""Extension points of the catalog pages, filled from other domains' `init_app`:
`register_listing_section(app, fn)` — fn(listing, actor) → {"template": ..., **context} or None, shown at
the end of a listing's page (e.g. the knowledge hub's "guides for this sector");
`register_listing_action(app, fn)` — same signature, shown beside the listing's price and facts (e.g.
sourcing's "Request a quote" / "Message the supplier" / "Save" buttons).
A section or action that fails is left out: the listing page never depends on it."""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app

from .. import registries

LISTING_SECTIONS = "catalog.listing_sections"
LISTING_ACTIONS = "catalog.listing_actions"


def register_listing_section(app: Flask, fn: Callable) -> None:
    registries.add(app, LISTING_SECTIONS, fn, name=registries.name_of(fn))


def register_listing_action(app: Flask, fn: Callable) -> None:
    registries.add(app, LISTING_ACTIONS, fn, name=registries.name_of(fn))


def listing_actions(listing, actor) -> list[dict]:
    return listing_sections(listing, actor, registry=LISTING_ACTIONS)


def listing_sections(listing, actor, *, registry: str = LISTING_SECTIONS) -> list[dict]:
    out = []
    for fn in registries.items(registry):
        try:
            section = fn(listing, actor)
        except Exception:  # noqa: BLE001
            current_app.logger.exception("listing section %s failed", registries.name_of(fn))
            continue
        if section:
            out.append(section)
    return out
