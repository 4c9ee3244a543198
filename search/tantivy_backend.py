"""Embedded tantivy backend: one index directory per kind, one writer process.

Ranking: ``score = BM25-ish text score x freshness x log2(2 + rank_w)`` where
``rank_w = 2**(1 + claim_weight*claim_strength) - 2`` so the last factor is
exactly ``1 + claim_weight*claim_strength`` (see :class:`search.mapping.Ranking`).

Stable pagination: hits are fetched in engine order over a window that is
grown until it ends strictly past the page's last sort key, then the window is
ordered by (key, id) in Python, so ties never straddle pages differently.

Geo: locations are few distinct points (province centroids).  A radius filter
is a term-set query on the points within the radius (computed in Python from
the indexed points); distance sort walks the points nearest first, using a
terms aggregation for the per-point counts, and reads each needed point's
hits ordered by id.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping as MappingABC
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Order, Query

from .base import Backend, BulkResult, SearchQuery, SearchResult, SearchUnavailable
from .documents import GEO_KEY, ID_NUM, prepare
from .geo import haversine_km, parse_point_key
from .highlight import Highlighter
from .mapping import Mapping
from .tantivy_query import QueryBuilder
from .tantivy_schema import WEIGHT_FIELD, kw, to_document
from .tantivy_store import IndexHandle, KindStore
from .text import query_tokens

__all__ = ["TantivyBackend"]

_WINDOW_SLACK = 16


class TantivyBackend(Backend):
    """Readers search without locks; the first write in a process takes the writer lock.

    ``heap_bytes`` is the IndexWriter memory budget (split across ``threads``).
    """

    name = "tantivy"

    def __init__(self, root: str | Path, *, heap_bytes: int = 256_000_000, threads: int = 0) -> None:
        self.root = Path(root)
        self.heap_bytes = heap_bytes
        self.threads = threads
        self._stores: dict[str, KindStore] = {}
        self._lock = threading.Lock()
        self._points_cache: dict[tuple[str, Any], list[str]] = {}

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
                writer.add_document(to_document(mapping, p))
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

    def rebuild(self, kind: str, docs: Iterable[MappingABC[str, Any]]) -> int:
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
                writer.add_document(to_document(mapping, p))
            writer.commit()
            fresh.index.reload()
            store.drop_writer()
            store.switch(fresh, writer)
        return len(versions)

    # -- reading -----------------------------------------------------------------
    def _live(self, kind: str) -> IndexHandle | None:
        try:
            return self._store(kind).current()
        except (OSError, ValueError) as exc:
            raise SearchUnavailable(f"tantivy index for {kind} cannot be opened: {exc}") from exc

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

    def search(self, kind: str, query: SearchQuery) -> SearchResult:
        query.validate()
        # A rebuild may delete an index between our pointer check and the search; retry once.
        for attempt in range(2):
            handle = self._live(kind)
            if handle is None:
                return SearchResult(ids=[], total=0, facets={name: [] for name in query.facets})
            try:
                return _Search(self, self.mapping(kind), handle, query).run()
            except ValueError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def indexed_points(self, handle: IndexHandle) -> list[str]:
        """Every distinct indexed point key (cached per commit)."""
        key = (handle.name, handle.meta_sig)
        points = self._points_cache.get(key)
        if points is None:
            agg = handle.index.searcher().aggregate(
                Query.all_query(), {"p": {"terms": {"field": GEO_KEY, "size": 100_000}}}
            )
            points = [b["key"] for b in agg["p"]["buckets"]]
            self._points_cache = {key: points}
        return points

    def suggest(self, kind: str, prefix: str, size: int = 8) -> list[str]:
        mapping = self.mapping(kind)
        field = mapping.suggest_field
        tokens = query_tokens(prefix, prefix=True)
        handle = self._live(kind)
        if handle is None or field is None or not tokens.terms:
            return []
        builder = QueryBuilder(mapping, handle.index.schema)
        searcher = handle.index.searcher()
        hits = searcher.search(builder.text_query(tokens), size * 4, count=False, weight_by_field=_weight(mapping)).hits
        out: list[str] = []
        for _, addr in hits:
            title = searcher.doc(addr).get_first(field)
            if title and title not in out:
                out.append(title)
                if len(out) == size:
                    break
        return out


def _weight(mapping: Mapping) -> str | None:
    return WEIGHT_FIELD if mapping.ranking.claim_field else None


class _Search:
    """One query execution against one searcher."""

    def __init__(self, backend: TantivyBackend, mapping: Mapping, handle: IndexHandle, query: SearchQuery) -> None:
        self.backend = backend
        self.mapping = mapping
        self.handle = handle
        self.query = query
        self.searcher = handle.index.searcher()
        self.builder = QueryBuilder(mapping, handle.index.schema)
        self.tokens = query_tokens(query.text, prefix=query.prefix)
        self.scored = self.builder.text_query(self.tokens)
        near = query.near
        self.geo = (
            [self.builder.geo_filter(near, backend.indexed_points(handle))]
            if near is not None and near.radius_km is not None
            else []
        )

    def _filtered(self, skip: str | None = None) -> Query:
        filters = self.builder.filters(self.query, skip=skip) + self.geo
        if not filters:
            return self.scored
        return Query.boolean_query(
            [(tantivy.Occur.Must, self.scored)]
            + [(tantivy.Occur.Must, Query.const_score_query(f, 0.0)) for f in filters]
        )

    def run(self) -> SearchResult:
        q = self.query
        if q.sort == "distance":
            ids, scores, total, addrs = self._by_distance()
        else:
            ids, scores, total, addrs = self._ranked()
        result = SearchResult(ids=ids, total=total, scores=scores)
        result.facets = self._facets()
        if q.highlight and self.tokens.terms:
            result.highlights = self._highlights(ids, addrs)
        return result

    # -- ordering ----------------------------------------------------------------
    def _ranked(self) -> tuple[list[str], list[float], int, list[tantivy.DocAddress]]:
        q = self.query
        if q.sort == "relevance":
            query = self.builder.ranked(self.scored, self.builder.filters(q) + self.geo, q.clock())
            order_by, order, weight = None, Order.Desc, _weight(self.mapping)
        else:
            field, direction = self.mapping.sorts[q.sort]
            query = self._filtered()
            order_by, order, weight = field, (Order.Asc if direction == "asc" else Order.Desc), None
        need = q.offset + q.per_page
        window = need + _WINDOW_SLACK
        total = 0
        while True:
            res = self.searcher.search(
                query, window, count=True, order_by_field=order_by, order=order, weight_by_field=weight
            )
            hits = res.hits
            total = res.count or 0
            if len(hits) < window or len(hits) <= need or hits[need - 1][0] != hits[-1][0]:
                break
            window *= 4
        addrs = [a for _, a in hits]
        nums = self.searcher.fast_field_values(ID_NUM, addrs)
        sign = -1 if order == Order.Desc else 1
        rows = sorted(
            zip(hits, nums),
            key=lambda r: (r[0][0] is None, sign * r[0][0] if r[0][0] is not None else 0, r[1]),
        )[q.offset : need]
        ids = [str(n) for _, n in rows]
        scores = [float(h[0]) for h, _ in rows] if q.sort == "relevance" else []
        return ids, scores, total, [h[1] for h, _ in rows]

    def _by_distance(self) -> tuple[list[str], list[float], int, list[tantivy.DocAddress]]:
        q = self.query
        assert q.near is not None
        base = self._filtered()
        agg = self.searcher.aggregate(base, {"p": {"terms": {"field": GEO_KEY, "size": 100_000}}})
        groups = sorted(
            ((haversine_km(q.near.lat, q.near.lon, *parse_point_key(b["key"])), b["key"], b["doc_count"])
             for b in agg["p"]["buckets"]),
        )
        total = sum(g[2] for g in groups)
        start, stop = q.offset, q.offset + q.per_page
        ids: list[str] = []
        scores: list[float] = []
        addrs: list[tantivy.DocAddress] = []
        seen = 0
        for dist, key, count in groups:
            if seen + count > start and seen < stop:
                lo = max(0, start - seen)
                hi = min(count, stop - seen)
                part = Query.boolean_query(
                    [(tantivy.Occur.Must, base), (tantivy.Occur.Must, self.builder.point_query(key))]
                )
                hits = self.searcher.search(part, hi - lo, count=False, order_by_field=ID_NUM, order=Order.Asc, offset=lo).hits
                ids += [str(n) for n, _ in hits]
                scores += [dist] * len(hits)
                addrs += [a for _, a in hits]
            seen += count
            if seen >= stop:
                break
        return ids, scores, total, addrs

    # -- facets ------------------------------------------------------------------
    def _facets(self) -> dict[str, list[dict[str, Any]]]:
        q = self.query
        out: dict[str, list[dict[str, Any]]] = {}
        shared: dict[str, dict[str, Any]] = {}
        own: list[tuple[str, str]] = []
        for name in q.facets:
            key = self.mapping.facet_selection_key(name)
            if key in q.filters or key in q.ranges:
                own.append((name, key))
            else:
                shared[name] = self._agg(name)
        if shared:
            out.update(self._collect(self.searcher.aggregate(self._filtered(), shared)))
        for name, key in own:
            out.update(self._collect(self.searcher.aggregate(self._filtered(skip=key), {name: self._agg(name)})))
        return {name: out[name] for name in q.facets}

    def _agg(self, name: str) -> dict[str, Any]:
        facet = self.mapping.facet(name)
        fdef = self.mapping.fields[facet.field]
        if facet.ranges:
            ranges = []
            for b in facet.ranges:
                r: dict[str, Any] = {"key": b.key}
                if b.gte is not None:
                    r["from"] = b.gte
                if b.lt is not None:
                    r["to"] = b.lt
                ranges.append(r)
            return {"range": {"field": facet.field, "ranges": ranges}}
        return {"terms": {"field": kw(fdef), "size": self.query.facet_size}}

    def _collect(self, aggs: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for name, agg in aggs.items():
            facet = self.mapping.facet(name)
            if facet.ranges:
                out[name] = [
                    {"value": b.key, "count": int(bucket["doc_count"]), "from": b.gte, "to": b.lt}
                    for b, bucket in zip(facet.ranges, agg["buckets"])
                ]
            else:
                values = [
                    {"value": str(b.get("key_as_string", b["key"])), "count": int(b["doc_count"])}
                    for b in agg["buckets"]
                    if b["doc_count"] > 0
                ]
                out[name] = sorted(values, key=lambda v: (-v["count"], v["value"]))
        return out

    # -- highlighting --------------------------------------------------------------
    def _highlights(self, ids: list[str], addrs: list[tantivy.DocAddress]) -> dict[str, dict[str, str]]:
        hl = Highlighter(self.tokens)
        fields = self.mapping.highlight_fields
        out: dict[str, dict[str, str]] = {}
        for doc_id, addr in zip(ids, addrs):
            doc = self.searcher.doc(addr)
            marks: dict[str, str] = {}
            for name in fields:
                text = doc.get_first(name)
                if text:
                    marked = hl.highlight(text)
                    if marked:
                        marks[name] = marked
            if marks:
                out[doc_id] = marks
        return out
