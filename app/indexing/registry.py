"""Document builders: how the indexer builds the documents of each kind from SQL."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..extensions import db

BuildOne = Callable[[int], "dict | None"]
BuildAll = Callable[[], Iterable[dict]]
BuildMany = Callable[[list[int]], "dict[int, dict | None]"]


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


_BUILDERS: dict[str, DocumentBuilder] = {}
_optional_wired = False


def register_document_builder(kind: str, build_one: BuildOne, build_all: BuildAll,
                              build_many: BuildMany | None = None) -> None:
    """Declare how the indexer builds `kind` documents (the kind needs a search/mappings file)."""
    _BUILDERS[kind] = DocumentBuilder(kind, build_one, build_all, build_many)


def builders() -> dict[str, DocumentBuilder]:
    _wire_optional()
    return dict(_BUILDERS)


def _wire_optional() -> None:
    """Domains that may not exist yet (catalog) are wired when their module is importable."""
    global _optional_wired
    if _optional_wired:
        return
    _optional_wired = True
    try:
        from ..catalog import documents as catalog_documents  # noqa: F401
    except ImportError:
        return
    if "listing" not in _BUILDERS:
        _register_listings(catalog_documents)


def _register_listings(mod) -> None:
    from ..catalog.models import Listing

    def one(listing_id: int):
        listing = db.session.get(Listing, listing_id)
        return mod.listing_document(listing) if listing is not None else None

    register_document_builder("listing", one, mod.listings_for_index, mod.listing_documents)
