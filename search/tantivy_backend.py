"""Embedded tantivy backend: one index directory per kind, one writer process.

Ranking: ``score = BM25-ish text score x freshness x log2(2 + rank_w)`` where
``rank_w = 2**(1 + claim_weight*claim_strength) - 2`` so the last factor is
exactly ``1 + claim_weight*claim_strength`` (see :class:`search.mapping.Ranking`).

Geo: locations are few distinct points (province centroids).  A radius filter
is a term-set query on the points within the radius (computed in Python from
the indexed points, cached per commit); distance sort walks the points nearest
first (see :mod:`search.tantivy_search`).  Sorting and stable pagination are
in :mod:`search.tantivy_search` too.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Mapping as MappingABC
from datetime import datetime
from pathlib import Path
from typing import Any

from tantivy import Query

from .base import Backend, BulkResult, SearchQuery, SearchResult
from .documents import GEO_KEY, ID_NUM, prepare
from .tantivy_schema import RANK_AT, to_document
from .tantivy_search import TantivySearch
from .tantivy_store import IndexHandle, KindStore
from .understanding import TextPlan

__all__ = ["TantivyBackend"]

_MAX_POINTS = 100_000  # distinct geo points read for radius filters
_MAX_CACHED_TERMS = 200_000  # term lookups kept per kind and commit (then the cache starts again)
log = logging.getLogger(__name__)


class TantivyBackend(Backend):
    """Readers search without locks; the first write in a process takes the writer lock.

    ``heap_bytes`` is the IndexWriter memory budget (split across ``threads``).
    """

    name = "tantivy"

    def __init__(
        self,
        root: str | Path,
        *,
        heap_bytes: int = 256_000_000,
        threads: int = 0,
        index_clock: Callable[[], datetime] | None = None,
    ) -> None:
        """``index_clock``: the time written as ``rank_at`` with each document (default: now)."""
        self.root = Path(root)
        self.index_clock = index_clock
        self.heap_bytes = heap_bytes
        self.threads = threads
        self._stores: dict[str, KindStore] = {}
        self._lock = threading.Lock()
        # Per kind directory: ((physical index, meta.json signature), value) of the last commit seen.
        self._points_cache: dict[Path, tuple[tuple[str, Any], list[str]]] = {}
        self._columns: dict[str, frozenset[str]] = {}
        self._rank_at: dict[Path, tuple[tuple[str, Any], tuple[float, float] | None]] = {}
        # Per kind directory: ((physical index, meta.json signature), {folded term: documents}): term
        # lookups are a pure function of the committed index, so they are kept until the reader reloads.
        self._term_cache: dict[Path, tuple[tuple[str, Any], dict[str, int]]] = {}

    # -- plumbing ----------------------------------------------------------------
    def _store(self, kind: str) -> KindStore:
        with self._lock:
            store = self._stores.get(kind)
            if store is None:
                store = KindStore(self.root, self.mapping(kind), heap_bytes=self.heap_bytes, threads=self.threads)
                self._stores[kind] = store
            return store

    def open_writer(self, kind: str) -> None:
        """Take the writer for ``kind`` now (indexer start-up); raises WriterBusy if held."""
        store = self._store(kind)
        with store.write_lock:
            store.writer()

    def ping(self) -> bool:
        """The embedded engine is up when its directory (or the place for it) exists."""
        return self.root.is_dir() or self.root.parent.is_dir()

    def ensure_index(self, kind: str) -> None:
        store = self._store(kind)
        with store.write_lock:
            store.writer()

    def close(self) -> None:
        for store in self._stores.values():
            with store.write_lock:
                store.release()

    # -- writing -----------------------------------------------------------------
    def _now(self) -> datetime | None:
        return self.index_clock() if self.index_clock is not None else None

    @staticmethod
    def _stored_versions(handle: IndexHandle, ids: list[str]) -> dict[str, int]:
        searcher = handle.index.searcher()
        if not ids or searcher.num_docs == 0:
            return {}
        query = Query.term_set_query(handle.index.schema, "id", ids)
        addrs = [a for _, a in searcher.search(query, len(ids) * 2, count=False).hits]
        nums = searcher.fast_field_values(ID_NUM, addrs)
        versions = searcher.fast_field_values("version", addrs)
        return {str(n): int(v) for n, v in zip(nums, versions)}  # type: ignore[arg-type]

    def bulk_upsert(self, kind: str, docs: Iterable[MappingABC[str, Any]]) -> BulkResult:
        mapping = self.mapping(kind)
        latest: dict[str, dict[str, Any]] = {}
        for doc in docs:
            p = prepare(mapping, doc)
            if p["id"] not in latest or latest[p["id"]]["version"] <= p["version"]:
                latest[p["id"]] = p
        store = self._store(kind)
        result = BulkResult()
        with store.write_lock:
            handle, writer = store.writer()
            stored = self._stored_versions(handle, list(latest))
            for doc_id, p in latest.items():
                if stored.get(doc_id, -1) > p["version"]:
                    result.stale += 1
                    continue
                if doc_id in stored:
                    writer.delete_documents_by_term("id", doc_id)
                writer.add_document(to_document(mapping, p, self._now()))
                result.indexed += 1
            writer.commit()
            handle.refresh()
        return result

    def delete(self, kind: str, ids: Iterable[str]) -> None:
        store = self._store(kind)
        with store.write_lock:
            handle, writer = store.writer()
            for doc_id in ids:
                writer.delete_documents_by_term("id", str(doc_id))
            writer.commit()
            handle.refresh()

    def refresh(self, kind: str) -> None:
        handle = self._store(kind).current()
        if handle is not None:
            handle.refresh()

    def rebuild(self, kind: str, docs: Iterable[MappingABC[str, Any]], *, generation: str | None = None) -> int:
        mapping = self.mapping(kind)
        store = self._store(kind)
        with store.write_lock:
            store.acquire()
            fresh = store.new_physical()
            writer = store.open_writer(fresh)
            versions: dict[str, int] = {}
            for doc in docs:
                p = prepare(mapping, doc)
                seen = versions.get(p["id"])
                if seen is not None:
                    if seen > p["version"]:
                        continue
                    writer.delete_documents_by_term("id", p["id"])
                versions[p["id"]] = p["version"]
                writer.add_document(to_document(mapping, p, self._now()))
            writer.commit()
            fresh.index.reload()
            if generation:
                store.mark(fresh, generation)
            store.drop_writer()
            store.switch(fresh, writer)
        return len(versions)

    # -- reading -----------------------------------------------------------------
    def _live(self, kind: str) -> IndexHandle | None:
        """The live index; None when it is missing or cannot be opened (deleted, corrupted): such an
        index answers nothing and has no generation, so the application reports search as degraded
        and the indexer rebuilds it."""
        try:
            return self._store(kind).current()
        except (OSError, ValueError) as exc:
            log.warning("tantivy index for %s cannot be opened: %s", kind, exc)
            return None

    @staticmethod
    def _readable(handle: IndexHandle) -> bool:
        try:
            handle.refresh()
            handle.index.searcher().search(Query.all_query(), 1, count=True)
        except (OSError, ValueError):
            return False
        return True

    def generation(self, kind: str) -> str | None:
        handle = self._live(kind)
        # a marker on an index whose segments cannot be read vouches for nothing
        return handle.generation if handle is not None and self._readable(handle) else None

    def count(self, kind: str) -> int:
        handle = self._live(kind)
        return 0 if handle is None else handle.index.searcher().num_docs

    def ids_and_versions(self, kind: str) -> dict[str, int]:
        handle = self._live(kind)
        if handle is None:
            return {}
        searcher = handle.index.searcher()
        if searcher.num_docs == 0:
            return {}
        addrs = [a for _, a in searcher.search(Query.all_query(), searcher.num_docs, count=False).hits]
        nums = searcher.fast_field_values(ID_NUM, addrs)
        versions = searcher.fast_field_values("version", addrs)
        return {str(n): int(v) for n, v in zip(nums, versions)}  # type: ignore[arg-type]

    def _run(self, kind: str, fn: Callable[[TantivySearch | None], Any], query: SearchQuery, plan: TextPlan) -> Any:
        """``fn(TantivySearch)`` on the live index; ``fn(None)`` when it does not exist yet or cannot be read
        (deleted, corrupted: such an answer carries no generation, so the app reports it as degraded)."""
        # A rebuild may delete an index between our pointer check and the search; retry once.
        for attempt in range(2):
            handle = self._live(kind)
            if handle is None:
                return fn(None)
            try:
                mapping = self.mapping(kind)
                near = query.near
                points = self.indexed_points(handle) if near is not None and near.radius_km is not None else []
                columns, rank_at_range = self._index_info(handle)
                result = fn(TantivySearch(
                    mapping, handle.index, query, points, columns=columns, rank_at_range=rank_at_range, plan=plan
                ))
                if isinstance(result, SearchResult):
                    result.generation = handle.generation
                return result
            except (OSError, ValueError) as exc:
                if attempt:
                    if self._readable(handle):
                        raise  # the index is fine: a problem of this query
                    log.warning("tantivy index for %s cannot be searched: %s", kind, exc)
                    return fn(None)  # answers nothing and carries no generation: degraded
        raise AssertionError("unreachable")

    def _search_plan(self, kind: str, query: SearchQuery, plan: TextPlan) -> SearchResult:
        return self._run(
            kind,
            lambda ts: SearchResult(ids=[], total=0, facets={n: [] for n in query.facets}) if ts is None else ts.run(),
            query, plan,
        )

    def _count_plan(self, kind: str, query: SearchQuery, plan: TextPlan) -> int:
        return self._run(kind, lambda ts: 0 if ts is None else ts.count(), query, plan)

    def _stored(self, kind: str, query: SearchQuery, plan: TextPlan, size: int, fields: list[str]) -> list[dict[str, str]]:
        return self._run(kind, lambda ts: [] if ts is None else ts.stored(size, fields), query, plan)

    def term_counts(self, kind: str, terms: Iterable[str]) -> dict[str, int]:
        """Documents with each term: the largest count over the text fields (tantivy keeps a
        dictionary per field; deleted documents count until their segment is merged)."""
        terms = list(terms)
        handle = self._live(kind)
        if handle is None:
            return {t: 0 for t in terms}
        sig = (handle.name, handle.meta_sig)
        cached = self._term_cache.get(handle.path.parent)
        if cached is None or cached[0] != sig or len(cached[1]) > _MAX_CACHED_TERMS:
            cached = (sig, {})
            self._term_cache[handle.path.parent] = cached  # replaced, never cleared: readers keep theirs
        known = cached[1]
        missing = [t for t in terms if t not in known]
        if missing:
            searcher = handle.index.searcher()
            fields = [f.name for f in self.mapping(kind).text_fields]
            for t in missing:
                known[t] = max((searcher.doc_freq(f, t) for f in fields), default=0)
        return {t: known[t] for t in terms}

    def _index_info(self, handle: IndexHandle) -> tuple[frozenset[str], tuple[float, float] | None]:
        """The fields of the physical index (read once from its meta.json) and its earliest and latest
        ``rank_at`` (one stats aggregation per commit; None when empty or absent)."""
        columns = self._columns.get(handle.name)
        if columns is None:
            meta = json.loads((handle.path / "meta.json").read_text())
            columns = frozenset(f["name"] for f in meta.get("schema", []))
            self._columns[handle.name] = columns
        rank_at_range = None
        if RANK_AT in columns:
            # One entry per kind (the kind's directory): searches of other kinds keep it, and a
            # concurrent search only ever replaces the entry, never the dict this one reads.
            sig = (handle.name, handle.meta_sig)
            cached = self._rank_at.get(handle.path.parent)
            if cached is not None and cached[0] == sig:
                return columns, cached[1]
            agg = handle.index.searcher().aggregate(Query.all_query(), {"m": {"stats": {"field": RANK_AT}}})
            lo, hi = agg["m"].get("min"), agg["m"].get("max")
            rank_at_range = None if lo is None or hi is None else (float(lo), float(hi))
            self._rank_at[handle.path.parent] = (sig, rank_at_range)
        return columns, rank_at_range

    def indexed_points(self, handle: IndexHandle) -> list[str]:
        """Every distinct indexed point key (cached per commit)."""
        sig = (handle.name, handle.meta_sig)
        cached = self._points_cache.get(handle.path.parent)  # one entry per kind
        if cached is not None and cached[0] == sig:
            return cached[1]
        agg = handle.index.searcher().aggregate(
            Query.all_query(), {"p": {"terms": {"field": GEO_KEY, "size": _MAX_POINTS}}}
        )
        points = [b["key"] for b in agg["p"]["buckets"]]
        self._points_cache[handle.path.parent] = (sig, points)
        return points
