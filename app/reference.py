"""Reference data seeded into every database (idempotent): label registry, category taxonomy, …

Domains register seeders from their `init_app` with `register_seeder(app, fn)`; `flask db upgrade` is
followed by `flask reference seed` in `make run`, and tests seed once per run.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from . import registries

REGISTRY = "reference.seeders"


def register_seeder(app: Flask, fn: Callable[[], None]) -> None:
    """fn() inserts or updates reference rows (idempotent; never commits)."""
    registries.add(app, REGISTRY, fn, name=registries.name_of(fn))


def seed_all() -> None:
    from .extensions import db

    for fn in registries.items(REGISTRY):
        fn()
    db.session.commit()
