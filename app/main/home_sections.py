"""Extension points for the home page and the per-kind dashboard.

Domains register providers at import time; each provider returns template fragments to include and
the context they need, so main/ never imports a domain's internals.
"""
from __future__ import annotations

from collections.abc import Callable

_home: list[Callable[[], dict | None]] = []
_dashboard: list[Callable[[object], dict | None]] = []
_profile: list[Callable[[object, object], dict | None]] = []


def register_home_section(fn: Callable[[], dict | None]) -> Callable:
    _home.append(fn)
    return fn


def register_dashboard_panel(fn: Callable[[object], dict | None]) -> Callable:
    """fn(actor) → {"template": "...", ...context} or None when not relevant to this actor."""
    _dashboard.append(fn)
    return fn


def home_sections() -> list[dict]:
    return [s for s in (fn() for fn in _home) if s]


def dashboard_panels(actor) -> list[dict]:
    return [p for p in (fn(actor) for fn in _dashboard) if p]


def register_profile_section(fn: Callable[[object, object], dict | None]) -> Callable:
    """fn(organisation, actor) → {"template": "...", ...context} or None; shown on the public profile."""
    _profile.append(fn)
    return fn


def profile_sections(org, actor) -> list[dict]:
    return [s for s in (fn(org, actor) for fn in _profile) if s]
