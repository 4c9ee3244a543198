"""Display names: the one place where a code becomes the words a person reads.

Every enum a model stores, every category, unit, label kind, status and audit event has a translated
display name (Vietnamese and English through the catalogues). Domains register theirs from `init_app`:

    register_names(app, OrgKind, KIND_LABELS)           # an enum: keyed by its class
    register_names(app, "unit", UNITS)                  # a family of string codes
    register_names(app, "audit", {"claim.submitted": _l("Claim submitted"), …})

Templates use the `display` filter: `{{ org.kind|display }}` (enum members find their family by class),
`{{ rfq.unit|display("unit") }}`, `{{ e.action|display("audit") }}`. Python code calls
`display_name(value, family)`. A code nobody registered is never shown raw: it is humanised
(`fair_organiser` → "Fair organiser", `claim.submitted` → "Claim submitted") and logged once, and
tests/test_display.py fails on any enum value without a registered name in both languages.
"""
from __future__ import annotations

import enum
import logging
from collections.abc import Mapping

from flask import Flask

from .. import registries

REGISTRY = "display.names"
log = logging.getLogger(__name__)
_warned: set[tuple[str, str]] = set()


def family_of(value) -> str:
    """The family name of an enum member or enum class (its class name, e.g. 'OrgKind')."""
    cls = value if isinstance(value, type) else type(value)
    return f"{cls.__module__.rsplit('.', 2)[-2] if cls.__module__.count('.') >= 2 else ''}.{cls.__name__}".lstrip(".")


def register_names(app: Flask, family, names: Mapping[str, object]) -> None:
    """Display names (lazy strings) for the codes of `family`: an Enum class or a string like 'unit'.
    Several domains may add to one family (e.g. 'audit'); a code registered twice is an error."""
    key = family_of(family) if isinstance(family, type) and issubclass(family, enum.Enum) else str(family)
    reg = registries.of(app)
    current = reg.maps[REGISTRY].setdefault(key, {})
    for k, v in names.items():
        code = str(k.value if isinstance(k, enum.Enum) else k)
        if code in current:
            raise RuntimeError(f"{REGISTRY}: {key} {code!r} is registered twice")
        current[code] = v
    reg.record(REGISTRY, key)


def names_for(family) -> dict[str, object]:
    key = family_of(family) if isinstance(family, type) and issubclass(family, enum.Enum) else str(family)
    return dict(registries.mapping(REGISTRY).get(key, {}))


def families() -> dict[str, dict[str, object]]:
    return {k: dict(v) for k, v in registries.mapping(REGISTRY).items()}


def humanise(code: str) -> str:
    """'fair_organiser' → 'Fair organiser', 'claim.submitted' → 'Claim submitted' (the last resort)."""
    text = str(code).replace(".", " ").replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else ""


def display_name(value, family=None) -> str:
    """The translated display name of `value` (an enum member, or a code of `family`); '' for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, enum.Enum):
        family = family or type(value)
        code = str(value.value)
    else:
        code = str(value)
    if family is None:
        return humanise(code)
    key = family_of(family) if isinstance(family, type) and issubclass(family, enum.Enum) else str(family)
    name = registries.mapping(REGISTRY).get(key, {}).get(code)
    if name is not None:
        return str(name)
    if (key, code) not in _warned:
        _warned.add((key, code))
        log.warning("no display name for %s %r", key, code)
    return humanise(code)


def install(app: Flask) -> None:
    app.jinja_env.filters["display"] = display_name
