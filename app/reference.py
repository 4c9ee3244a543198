"""Reference data seeded into every database (idempotent): label registry, category taxonomy, …

Domains register seeders with `@reference_seeder`; `flask db upgrade` is followed by
`flask reference seed` in `make run`, and tests seed once per run.
"""
from __future__ import annotations

from collections.abc import Callable

_seeders: list[Callable[[], None]] = []


def reference_seeder(fn: Callable[[], None]) -> Callable[[], None]:
    _seeders.append(fn)
    return fn


def seed_all() -> None:
    from .extensions import db

    for fn in _seeders:
        fn()
    db.session.commit()
