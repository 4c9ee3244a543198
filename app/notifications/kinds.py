"""Notification categories: what a person chooses e-mail for (immediately, daily digest, off).

A notification's `kind` is a code such as `claim.verified` or `fair_meeting`; each domain registers,
from its `init_app`, the categories its kinds belong to, with a translated name a person reads on the
preferences page and in unsubscribe links:

    register_notification_category(app, "claims", _l("Label claims"), "claim.", order=20)

A kind belongs to the category with the longest matching prefix (a prefix ending in "." or "_" matches
the kinds that start with it; any other prefix matches the kind exactly). Kinds of no registered category
are "other" (e-mailed immediately by default).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask
from flask_babel import lazy_gettext as _l

from .. import registries

REGISTRY = "notifications.categories"
MODES = ("immediate", "digest", "off")
OTHER = "other"


@dataclass(frozen=True)
class Category:
    code: str
    label: object  # a lazy translated string
    prefixes: tuple[str, ...] = field(default=())
    order: int = 100
    default: str = "immediate"
    help: object = ""


def register_notification_category(app: Flask, code: str, label, *prefixes: str, order: int = 100,
                                   default: str = "immediate", help="") -> None:
    """Kinds starting with one of `prefixes` are e-mailed per the user's choice for `code` (default `default`)."""
    if default not in MODES:
        raise ValueError(f"default must be one of {MODES}")
    registries.put(app, REGISTRY, code, Category(code, label, tuple(prefixes), order, default, help))


def _other() -> Category:
    return Category(OTHER, _l("Other notifications"), (), 1000, "immediate")


def categories(app: Flask | None = None) -> list[Category]:
    """Registered categories in display order, then "other"."""
    cats = sorted(registries.mapping(REGISTRY, app).values(), key=lambda c: (c.order, c.code))
    return [*cats, _other()]


def category_codes() -> list[str]:
    return [c.code for c in categories()]


def category(code: str) -> Category | None:
    return next((c for c in categories() if c.code == code), None)


def _matches(prefix: str, kind: str) -> bool:
    return kind.startswith(prefix) if prefix.endswith((".", "_")) else kind == prefix


def category_of(kind: str) -> Category:
    best, best_len = None, -1
    for c in categories():
        for p in c.prefixes:
            if _matches(p, kind) and len(p) > best_len:
                best, best_len = c, len(p)
    return best or _other()
