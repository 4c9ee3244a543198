"""Extension points of the catalog pages, filled from other domains' `init_app`:
`register_listing_section(app, fn)` — fn(listing, actor) → {"template": ..., **context} or None, shown at
the end of a listing's page (e.g. the knowledge hub's "guides for this sector"). A section that fails is
left out: the listing page never depends on it."""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app

from .. import registries

LISTING_SECTIONS = "catalog.listing_sections"


def register_listing_section(app: Flask, fn: Callable) -> None:
    registries.add(app, LISTING_SECTIONS, fn, name=registries.name_of(fn))


def listing_sections(listing, actor) -> list[dict]:
    out = []
    for fn in registries.items(LISTING_SECTIONS):
        try:
            section = fn(listing, actor)
        except Exception:  # noqa: BLE001
            current_app.logger.exception("listing section %s failed", registries.name_of(fn))
            continue
        if section:
            out.append(section)
    return out
