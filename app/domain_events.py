"""In-process hooks between domains, so lower domains (orgs) never import higher ones (catalog…).

A domain registers a handler at import time; the organisation service calls `organisation_status_changed`
inside its unit of work, and handlers only add rows (outbox, notifications) — they never commit.
"""
from __future__ import annotations

from collections.abc import Callable

_org_status_handlers: list[Callable] = []


def on_organisation_status_changed(handler: Callable) -> Callable:
    _org_status_handlers.append(handler)
    return handler


def organisation_status_changed(org) -> None:
    for handler in _org_status_handlers:
        handler(org)


# An object that search indexes changed (called by notifications.services.enqueue_index, inside the
# caller's unit of work): sourcing uses it for reverse matching of listings against requests and
# saved searches. Handlers must not commit and should defer work to commit time.
_indexed_change_handlers: list[Callable] = []


def on_indexed_object_changed(handler: Callable) -> Callable:
    _indexed_change_handlers.append(handler)
    return handler


def indexed_object_changed(kind: str, object_id: int, op: str) -> None:
    for handler in _indexed_change_handlers:
        handler(kind, object_id, op)
