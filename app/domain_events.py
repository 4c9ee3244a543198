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
