"""Document builders: how the indexer builds the documents of each kind from SQL.

Each domain that owns a searchable kind registers its builder from its `init_app`:
`register_document_builder(app, "listing", build_one, build_all, build_many)`. Indexing knows kinds
only through this registry (it imports no domain).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from flask import Flask

from .. import registries

BuildOne = Callable[[int], "dict | None"]
BuildAll = Callable[[], Iterable[dict]]
BuildMany = Callable[[list[int]], "dict[int, dict | None]"]
REGISTRY = "indexing.document_builders"


@dataclass
class DocumentBuilder:
    kind: str
    build_one: BuildOne
    build_all: BuildAll
    build_many: BuildMany | None = None

    def many(self, ids: list[int]) -> dict[int, dict | None]:
        if self.build_many is not None:
            return self.build_many(ids)
        return {i: self.build_one(i) for i in ids}


def register_document_builder(app: Flask, kind: str, build_one: BuildOne, build_all: BuildAll,
                              build_many: BuildMany | None = None) -> None:
    """Declare how the indexer builds `kind` documents (the kind needs a search/mappings file).
    `build_one(id)` re-reads the current row and returns the document, or None when the object must not
    be searchable; `build_all()` yields every searchable document; `build_many(ids)` is the batched
    `build_one` (optional)."""
    registries.put(app, REGISTRY, kind, DocumentBuilder(kind, build_one, build_all, build_many))


def builders(app: Flask | None = None) -> Mapping[str, DocumentBuilder]:
    """kind → builder, for the current app (or `app`)."""
    return registries.mapping(REGISTRY, app)
