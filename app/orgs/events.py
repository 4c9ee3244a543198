"""Events of the organisations domain that higher domains (catalog, finance, logistics…) follow.

Both fire inside the organisation service's unit of work; handlers only add rows (versions, outbox,
notifications) and never commit. Register from your domain's `init_app`:

- `on_organisation_status_changed(app, handler)`: handler(org) after approve / suspend / re-approve
  (e.g. a suspended organisation's listings leave search).
- `on_organisation_profile_changed(app, handler)`: handler(org, changed_fields) when a field that other
  domains copy into their search documents changed (`INDEXED_FIELDS`: name, description, province).
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from .. import registries

# Organisation fields that listing / offer / provider documents carry.
INDEXED_FIELDS = frozenset({"legal_name", "trade_name", "description", "description_en", "province_code"})
STATUS_CHANGED = "orgs.status_changed"
PROFILE_CHANGED = "orgs.profile_changed"



def on_organisation_status_changed(app: Flask, handler: Callable) -> None:
    """Register handler(org)."""
    registries.add(app, STATUS_CHANGED, handler, name=registries.name_of(handler))


def on_organisation_profile_changed(app: Flask, handler: Callable) -> None:
    """Register handler(org, changed_fields: set[str])."""
    registries.add(app, PROFILE_CHANGED, handler, name=registries.name_of(handler))


def organisation_status_changed(org) -> None:
    for handler in registries.items(STATUS_CHANGED):
        handler(org)


def organisation_profile_changed(org, fields: set[str]) -> None:
    for handler in registries.items(PROFILE_CHANGED):
        handler(org, fields)
