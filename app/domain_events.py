"""Kit-level events: "an object that search indexes changed".

`notifications.services.enqueue_index(kind, id)` (called inside the caller's unit of work for every
change to an indexed object) fires `indexed_object_changed(kind, id, op)`; domains follow it with
`on_indexed_object_changed(app, handler)` from their `init_app` (sourcing: reverse matching of listings
against requests and saved searches). Handlers must not commit and should defer work to commit time.
Events of one domain live in that domain (e.g. `app.orgs.events`, `app.labels.services.events`).
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from . import registries

INDEXED_OBJECT_CHANGED = "events.indexed_object_changed"


def on_indexed_object_changed(app: Flask, handler: Callable[[str, int, str], None]) -> None:
    registries.add(app, INDEXED_OBJECT_CHANGED, handler, name=registries.name_of(handler))


def indexed_object_changed(kind: str, object_id: int, op: str) -> None:
    for handler in registries.items(INDEXED_OBJECT_CHANGED):
        handler(kind, object_id, op)
