"""Events of the organisations domain that higher domains (catalog, finance, logistics…) follow.

`organisation_profile_changed(org, fields)` fires inside `orgs.services.update_organisation`'s unit of
work when a field that other domains copy into their search documents changed (name, description,
province), so that they re-index their objects. Handlers only add rows (versions, outbox); they never
commit. Status changes (approve/suspend) go through `app.domain_events.organisation_status_changed`.
"""
from __future__ import annotations

from collections.abc import Callable

# Organisation fields that listing / offer / provider documents carry.
INDEXED_FIELDS = frozenset({"legal_name", "trade_name", "description", "description_en", "province_code"})

_profile_handlers: list[Callable] = []


def on_organisation_profile_changed(handler: Callable) -> Callable:
    """Register handler(org, changed_fields: set[str])."""
    _profile_handlers.append(handler)
    return handler


def organisation_profile_changed(org, fields: set[str]) -> None:
    for handler in _profile_handlers:
        handler(org, fields)
