"""What a paid purpose grants. Domains register a purpose from their `init_app`:

    register_purpose(app, Purpose("booth", on_succeeded=..., on_refunded=..., can_confirm=..., back_url=...))

`on_succeeded(payment)` runs inside the payment's unit of work, at most once per payment (guarded by
`Payment.fulfilled_at` under a row lock); it must not commit.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

from .. import registries


def _never(actor, payment) -> bool:  # noqa: ARG001
    return False


@dataclass(frozen=True)
class Purpose:
    kind: str
    on_succeeded: Callable[[object], None]
    on_refunded: Callable[[object], None] | None = None
    # Who, besides platform admins, may confirm a bank transfer / read the payment (e.g. the fair's organiser).
    can_confirm: Callable[[object, object], bool] = _never
    back_url: Callable[[object], str] | None = None
    label: object = ""
    # Who receives the money: payee(payment) → the organisation's id, or None for the platform (the default).
    payee: Callable[[object], int | None] | None = None


REGISTRY = "payments.purposes"


def register_purpose(app: Flask, purpose: Purpose) -> None:
    registries.put(app, REGISTRY, purpose.kind, purpose)


def get_purpose(kind: str) -> Purpose | None:
    return registries.mapping(REGISTRY).get(kind)


def purposes() -> dict[str, Purpose]:
    return dict(registries.mapping(REGISTRY))
