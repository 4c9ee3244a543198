"""Per-application registries: the one place where domains plug into the edge kit and into each other.

Every registry lives on the Flask app (`app.extensions["greenconnect"]`) and is filled only by the
domains' `init_app(app)`, which `create_app` calls from its `DOMAINS` list. Importing a module
registers nothing, two apps built with different domains share nothing, and an app built without a
domain has none of its pages, API, navigation, jobs, document builders or hooks.

Domains do not call this module directly: they use the typed registration functions of the kit
(`app.web.add_nav`, `app.indexing.register_document_builder`, `app.jobs.register_job`, …), which all
take the app as their first argument; readers take the registry from `current_app`.

While a domain's `init_app` runs, everything it registers is also recorded under the domain's name
(`brought(app)`), with its blueprints, API blueprints and CLI groups: `flask domains` prints it, and
tests check that removing a domain from `DOMAINS` removes exactly what it brought.
"""
from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from flask import Flask, current_app

EXTENSION = "greenconnect"


class Registries:
    """All registries of one app: ordered lists and keyed maps, by registry name."""

    def __init__(self) -> None:
        self.lists: dict[str, list] = defaultdict(list)
        self.maps: dict[str, dict] = defaultdict(dict)
        self.loading: str | None = None  # the domain whose init_app is running
        self.brought: dict[str, dict[str, list[str]]] = {}  # domain → what → names

    def record(self, what: str, name: str) -> None:
        if self.loading is not None:
            self.brought.setdefault(self.loading, {}).setdefault(what, []).append(name)

    def is_empty(self) -> bool:
        return not any(self.lists.values()) and not any(self.maps.values())


def of(app: Flask | None = None) -> Registries:
    """The registries of `app` (default: the current app)."""
    app = app if app is not None else current_app._get_current_object()
    reg = app.extensions.get(EXTENSION)
    if reg is None:
        reg = app.extensions[EXTENSION] = Registries()
    return reg


def name_of(fn) -> str:
    """How a registered function is listed in `brought` (module.qualname)."""
    return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', repr(fn))}".lstrip(".")


def add(app: Flask, registry: str, item, *, name: str) -> None:
    """Append `item` to an ordered registry (`name` describes it in `brought`, see `name_of`)."""
    reg = of(app)
    reg.lists[registry].append(item)
    reg.record(registry, name)


def put(app: Flask, registry: str, key: str, value) -> None:
    """Register `value` under `key`; registering the same key twice is a programming error."""
    reg = of(app)
    if key in reg.maps[registry]:
        raise RuntimeError(f"{registry}: {key!r} is registered twice")
    reg.maps[registry][key] = value
    reg.record(registry, key)


def items(registry: str, app: Flask | None = None) -> tuple:
    """The entries of an ordered registry, in registration order."""
    reg = of(app)
    return tuple(reg.lists[registry]) if registry in reg.lists else ()


def mapping(registry: str, app: Flask | None = None) -> Mapping:
    """A read-only view of a keyed registry."""
    reg = of(app)
    return MappingProxyType(reg.maps[registry]) if registry in reg.maps else MappingProxyType({})


def brought(app: Flask | None = None) -> dict[str, dict[str, list[str]]]:
    """domain → {"blueprints": [...], "api": [...], "cli": [...], "<registry>": [...]}, in DOMAINS order."""
    return {d: {k: list(v) for k, v in what.items()} for d, what in of(app).brought.items()}


@contextlib.contextmanager
def loading(app: Flask, domain: str) -> Iterator[None]:
    """Run a domain's init_app: record what it registers, including blueprints and CLI groups."""
    reg = of(app)
    blueprints, commands = set(app.blueprints), set(app.cli.commands)
    reg.loading = domain
    reg.brought.setdefault(domain, {})
    try:
        yield
    finally:
        reg.loading = None
    what = reg.brought[domain]
    api = set(what.get("api", ()))
    first = {"blueprints": [b for b in app.blueprints if b not in blueprints and b not in api],
             "api": what.pop("api", []), "cli": sorted(set(app.cli.commands) - commands)}
    reg.brought[domain] = {k: v for k, v in {**first, **what}.items() if v}
