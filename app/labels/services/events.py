"""Claim listeners: other domains follow claim changes inside the unit of work.

Register from your domain's `init_app` with `on_claim_changed(app, fn)`; fn(claim) runs whenever a claim
changes (submitted, verified, rejected, expired, withdrawn…) and must not commit.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from ... import registries
from ..models import Claim

CLAIM_CHANGED = "labels.claim_changed"


def on_claim_changed(app: Flask, fn: Callable[[Claim], None]) -> None:
    registries.add(app, CLAIM_CHANGED, fn, name=registries.name_of(fn))


def _changed(claim: Claim) -> None:
    for fn in registries.items(CLAIM_CHANGED):
        fn(claim)
