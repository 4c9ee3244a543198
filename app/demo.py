"""Reproducible demo data. `load_demo(seed)` always builds the same platform for the same seed.

Domains register steps from their `init_app` with `register_demo_step(app, order, fn)`: orgs (order 0)
creates the people and organisations, catalog (20) labels/listings/claims, sourcing (50) requests, …
Each step gets (rng, ctx) where ctx holds what earlier steps made; a step may add counts to
`ctx["summary"]`, which `flask demo load` prints.
"""
from __future__ import annotations

import random
from collections.abc import Callable

from flask import Flask

from . import registries
from .extensions import db

DEMO_PASSWORD = "XanhXanh2025!"
REGISTRY = "demo.steps"


def register_demo_step(app: Flask, order: int, fn: Callable[[random.Random, dict], None]) -> None:
    """fn(rng, ctx) adds demo rows (never commits); steps run by ascending `order`."""
    registries.add(app, REGISTRY, (order, fn), name=f"{order}: {registries.name_of(fn)}")


def load_demo(seed: int, listings: int = 300) -> dict[str, int]:
    rng = random.Random(seed)
    ctx: dict = {"listings": listings, "summary": {}}
    for _order, step in sorted(registries.items(REGISTRY), key=lambda s: s[0]):
        step(rng, ctx)
    db.session.commit()
    return dict(ctx["summary"])
