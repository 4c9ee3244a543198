"""Claim listeners: other domains register here to follow claim changes inside the unit of work."""
from __future__ import annotations

from collections.abc import Callable

from ..models import Claim

_claim_listeners: list[Callable[[Claim], None]] = []


def on_claim_changed(fn: Callable[[Claim], None]) -> Callable[[Claim], None]:
    """Register fn(claim), called inside the unit of work whenever a claim changes (never commits)."""
    _claim_listeners.append(fn)
    return fn


def _changed(claim: Claim) -> None:
    for fn in _claim_listeners:
        fn(claim)
