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
AFTER_INDEX = "indexing.after_index"
AfterIndex = Callable[[dict[int, dict]], None]


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


def register_after_index(app: Flask, kind: str, fn: AfterIndex) -> None:
    """Work that follows a change of `kind` once it is committed and indexed, off the user's request
    (e.g. reverse matching of new listings to saved searches and open requests): the indexer calls
    `fn({id: document})` with the documents it just wrote, inside its own transaction, just before it
    deletes their outbox rows and commits. `fn` must not commit; it may add rows (notifications…).
    A failing `fn` is logged and its new rows dropped; the index write stands."""
    registries.add(app, AFTER_INDEX, (kind, fn), name=f"{kind}: {registries.name_of(fn)}")


def after_index_hooks(kind: str, app: Flask | None = None) -> list[AfterIndex]:
    return [fn for k, fn in registries.items(AFTER_INDEX, app) if k == kind]
