"""Executing one :class:`~search.base.SearchQuery` on a tantivy searcher.

Stable pagination: hits are fetched in engine order over a window that is
grown until it ends strictly past the page's last sort key, then the window is
ordered by (key, id) in Python, so ties never straddle pages differently.

Distance sort walks the indexed points nearest first, using a terms
aggregation for the per-point counts, and reads only the needed points' hits
ordered by id.
"""

from __future__ import annotations

from typing import Any

import tantivy
from tantivy import Occur, Order, Query

from .base import SearchQuery, SearchResult
from .documents import GEO_KEY, ID_NUM
from .geo import haversine_km, parse_point_key
from .highlight import Highlighter
from .mapping import Mapping
from .tantivy_query import QueryBuilder
from .tantivy_schema import WEIGHT_FIELD, kw
from .text import query_tokens

__all__ = ["TantivySearch", "weight_field"]

_WINDOW_SLACK = 16
_MAX_POINTS = 100_000


def weight_field(mapping: Mapping) -> str | None:
    return WEIGHT_FIELD if mapping.ranking.claim_field else None


class TantivySearch:
    """One query execution against one searcher."""

    def __init__(self, mapping: Mapping, index: tantivy.Index, query: SearchQuery, points: list[str]) -> None:
        """``points``: every indexed point key (needed for a radius filter)."""
        self.mapping = mapping
        self.query = query
        self.searcher = index.searcher()
        self.builder = QueryBuilder(mapping, index.schema)
        self.tokens = query_tokens(query.text, prefix=query.prefix)
        self.scored = self.builder.text_query(self.tokens)
        near = query.near
        self.geo = [self.builder.geo_filter(near, points)] if near is not None and near.radius_km is not None else []

    def _filtered(self, skip: str | None = None) -> Query:
        filters = self.builder.filters(self.query, skip=skip) + self.geo
        if not filters:
            return self.scored
        return Query.boolean_query(
            [(Occur.Must, self.scored)]
            + [(Occur.Must, Query.const_score_query(f, 0.0)) for f in filters]
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
            order_by, order, weight = None, Order.Desc, weight_field(self.mapping)
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
        agg = self.searcher.aggregate(base, {"p": {"terms": {"field": GEO_KEY, "size": _MAX_POINTS}}})
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
                    [(Occur.Must, base), (Occur.Must, self.builder.point_query(key))]
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
        if facet.ranges:
            return {"range": {"field": facet.field, "ranges": facet.agg_ranges()}}
        return {"terms": {"field": kw(self.mapping.fields[facet.field]), "size": self.query.facet_size}}

    def _collect(self, aggs: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        return {name: self.mapping.facet(name).values(agg["buckets"]) for name, agg in aggs.items()}

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
