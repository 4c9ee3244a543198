"""Extension points of label pages: higher domains add to them without labels importing them.

- `register_queue_section(app, fn)`: fn(actor) → {"template": "...", ...context} or None; shown at the top of
  the verifiers' queue (trace: lots whose recycled-content claim is not covered, declared footprints).
A failing section is logged and left out.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask

from .. import registries

log = logging.getLogger(__name__)

QUEUE_SECTIONS = "labels.queue_sections"


def register_queue_section(app: Flask, fn: Callable) -> None:
    registries.add(app, QUEUE_SECTIONS, fn, name=registries.name_of(fn))


def queue_sections(actor) -> list[dict]:
    out = []
    for fn in registries.items(QUEUE_SECTIONS):
        try:
            section = fn(actor)
        except Exception:  # noqa: BLE001 - a neighbour's failure must not break the queue
            log.exception("labels queue section %s failed", getattr(fn, "__qualname__", fn))
            continue
        if section:
            out.append(section)
    return out
