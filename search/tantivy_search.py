"""Executing one :class:`~search.base.SearchQuery` on a tantivy searcher.

Every order is total: ties are broken by numeric id, so pages never repeat or skip a hit.

Relevance: ``score = text x claim x freshness``.  Freshness is a step function of the document's age
at query time, which no static column holds; so ``rank_w`` (``weight_by_field``) stores the claim
factor times the freshness factor *at indexing time* (``rank_at``) and tantivy returns the best ``M``
candidates by that score in one pass.  Factors only decrease as documents age, so for a query clock
not earlier than every ``rank_at`` the indexed score is an upper bound of the true one; the true score
of each candidate is recomputed in Python (``fresh_ts``/``rank_at`` fast fields) and the page is exact
as soon as its last true score is strictly above the ``M``-th indexed score (no other document can
reach it); otherwise ``M`` grows and the search reruns, until the bound holds or every hit is a
candidate.  With an earlier clock (tests that fix ``now``) the bound is multiplied by the largest
factor, which stays exact at the price of more candidates.  Indexes built before these columns existed
use the older plan (window-filtered copies of the text query under a boolean OR) until rebuilt.

Field sorts (price, newest): tantivy orders by the fast field and returns just the page; the sort
keys per position are the same whatever the tie order. Keys strictly inside the page have all their
hits on the page and are ordered by id in Python; the first and last keys (whose ties may continue
before or after the page) are re-read as groups ordered by id (``offset`` within the group from one
count), which gives the exact (key, id) order without reading the hits before the page.

Distance sort walks the indexed points nearest first, using a terms aggregation for the per-point
counts, and reads only the needed points' hits ordered by id.
"""

from __future__ import annotations

import os
import threading
from array import array
from bisect import bisect_left, bisect_right
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from itertools import repeat
from typing import Any

import tantivy
from tantivy import Occur, Order, Query

from .base import SearchQuery, SearchResult
from .documents import GEO_KEY, ID_NUM, freshness_windows
from .geo import haversine_km, parse_point_key
from .highlight import Highlighter
from .mapping import Mapping
from .tantivy_query import QueryBuilder
from .tantivy_schema import (
    COMBO_SEP,
    FRESH_FIELD,
    RANK_AT,
    WEIGHT_FIELD,
    combo,
    field_type,
    freshness_steps,
    kw,
    step_factor,
)
from .understanding import Matcher, TextPlan

__all__ = ["TantivySearch", "weight_field"]

_MAX_POINTS = 100_000
_MAX_COMBOS = 10_000  # distinct value combinations read per multi-valued facet (more: plain terms agg)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# First candidate window of the relevance re-rank (beyond the page: room for the tie group at its end),
# then x4 while small and x2 from _BIG_WINDOW hits (large windows cost tantivy and Python time).
_DEEP = 2000  # hits needed from which a page counts as deep (see _relevance)
_MIN_SLACK = 500
_BIG_WINDOW = 5000
_FACET_THREADS = max(1, min(4, os.cpu_count() or 1))


_pool: ThreadPoolExecutor | None = None
_pool_pid = 0
_pool_lock = threading.Lock()


def _facet_pool() -> ThreadPoolExecutor:
    """Threads for facet aggregations, which tantivy runs without the GIL: they overlap with the page
    query on another core.  One pool per process (created after a fork, never inherited)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=_FACET_THREADS, thread_name_prefix="tantivy-facets")
            _pool_pid = os.getpid()
        return _pool


def weight_field(mapping: Mapping) -> str | None:
    return WEIGHT_FIELD if mapping.ranking.claim_field else None


def _must(query: Query, filters: list[Query]) -> Query:
    if not filters:
        return query
    return Query.boolean_query(
        [(Occur.Must, query)] + [(Occur.Must, Query.const_score_query(f, 0.0)) for f in filters]
    )


class TantivySearch:
    """One query execution against one searcher."""

    def __init__(
        self,
        mapping: Mapping,
        index: tantivy.Index,
        query: SearchQuery,
        points: list[str],
        *,
        columns: frozenset[str] | None = None,
        rank_at_range: tuple[float, float] | None = None,
        plan: TextPlan | None = None,
    ) -> None:
        """``points``: every indexed point key (needed for a radius filter).

        ``columns``: the fields of this physical index (None: every field of the current schema);
        ``rank_at_range``: the earliest and latest ``rank_at`` of the index (None: unknown).
        """
        self.mapping = mapping
        self.query = query
        self.searcher = index.searcher()
        self.builder = QueryBuilder(mapping, index.schema)
        if plan is None:  # direct use (tests, tools): the strict plan of the query text
            from .understanding import analyse

            fields = [f.name for f in mapping.text_fields]
            plan = analyse(query.text, prefix=query.prefix, counts=lambda terms: {
                t: max((self.searcher.doc_freq(f, t) for f in fields), default=0) for t in terms}).plan()
        self.plan = plan
        self.scored = self.builder.plan_query(plan)
        self.columns = columns
        self.rank_at_range = rank_at_range
        near = query.near
        self.geo = [self.builder.geo_filter(near, points)] if near is not None and near.radius_km is not None else []
        self._filters = self.builder.filters(query) + self.geo
        self._base = _must(self.scored, self._filters)

    def _filtered(self, skip: str | None = None) -> Query:
        if skip is None:
            return self._base
        return _must(self.scored, self.builder.filters(self.query, skip=skip) + self.geo)

    def run(self) -> SearchResult:
        q = self.query
        # Facets do not depend on the page: their aggregations run on pool threads meanwhile.
        pending = self._start_facets()
        try:
            result = self._page()
        finally:
            facets = self._finish_facets(pending)
        if result.total == 0:  # nothing matches: every facet without a selection is empty
            for name in pending[0]:
                facets[name] = self.mapping.facet(name).values([])
        result.facets = {name: facets[name] for name in q.facets}
        return result

    def count(self) -> int:
        """Documents matching the text and every filter."""
        return self.searcher.search(self._base, 1, count=True).count or 0

    def stored(self, size: int, fields: list[str]) -> list[dict[str, str]]:
        """Stored ``fields`` of the ``size`` best matches (text score x indexed claim/freshness weight)."""
        hits = self.searcher.search(self._base, size, count=False, weight_by_field=weight_field(self.mapping)).hits
        out = []
        for _, addr in hits:
            doc = self.searcher.doc(addr)
            out.append({name: doc.get_first(name) or "" for name in fields})
        return out

    def _page(self) -> SearchResult:
        q = self.query
        if q.sort == "distance":
            ids, scores, total, addrs = self._by_distance()
        elif q.sort == "relevance":
            ids, scores, total, addrs = self._relevance()
        else:
            ids, scores, total, addrs = self._by_field()
        result = SearchResult(ids=ids, total=total, scores=scores)
        if q.highlight and self.plan.slots and ids:
            result.highlights = self._highlights(ids, addrs)
        return result

    # -- ordering ----------------------------------------------------------------
    def _has(self, column: str) -> bool:
        return self.columns is None or column in self.columns

    def _relevance(self) -> tuple[list[str], list[float], int, list[tantivy.DocAddress]]:
        q = self.query
        rk = self.mapping.ranking
        fresh = bool(rk.freshness_field and rk.freshness)
        if fresh and not self._has(RANK_AT):
            return self._relevance_boolean()
        weight = WEIGHT_FIELD if (fresh or rk.claim_field) and self._has(WEIGHT_FIELD) else None
        need = q.offset + q.per_page
        bound = 1.0
        if fresh:
            now_ts = q.clock().timestamp()
            now_steps = freshness_steps(self.mapping, now_ts)
            if self.rank_at_range is None or now_ts < self.rank_at_range[1]:
                bound = rk.max_freshness  # indexed factors may be below today's: widen the bound
            at_steps: dict[int, list[tuple[float, float]]] = {}
        # Deep pages of frequent words usually end inside a large group of equal scores; starting with
        # a wide window answers them in one pass instead of two (each pass scores every hit).
        m = need + max(need // 4, _MIN_SLACK) if need < _DEEP else need * 4
        total: int | None = None
        addrs: list[tantivy.DocAddress] = []
        final = array("f")
        while True:
            # Hits before len(addrs) are the same as in the previous pass (same searcher, total order).
            res = self.searcher.search(
                self._base, m - len(addrs), count=total is None, weight_by_field=weight, offset=len(addrs)
            )
            if total is None:
                total = res.count or 0
            hits = res.hits
            new_addrs = [a for _, a in hits]
            new_final = array("f", [s for s, _ in hits])
            if fresh and hits:
                self._refresh_scores(new_final, new_addrs, now_steps, at_steps)
            addrs += new_addrs
            final += new_final
            # The scores by rank (whatever the order of equal scores); nearly sorted already.
            desc = sorted(final, reverse=True)
            last = float(hits[-1][0]) if hits else 0.0
            if len(addrs) < m or (len(desc) >= need and desc[need - 1] > bound * last):
                break
            m *= 4 if m < _BIG_WINDOW else 2
        if len(desc) <= q.offset:
            return [], [], total, []
        # Only hits scored between the page's first and last scores can be on it; the ones above its
        # first score come before it whatever their ids. Order those by (score desc, id asc).
        top, bottom = desc[q.offset], desc[min(need, len(desc)) - 1]
        above = bisect_left(desc, -top, key=float.__neg__)
        cands = [i for i, s in enumerate(final) if bottom <= s <= top]
        nums: list[Any] = self.searcher.fast_field_values(ID_NUM, [addrs[i] for i in cands])
        # One integer key per hit: float32 bits are monotonic for scores >= 0.
        bits = array("I", array("f", [final[i] for i in cands]).tobytes())
        keys = [((0xFFFFFFFF - b) << 64) | n for b, n in zip(bits, nums)]  # type: ignore[operator]
        order = sorted(range(len(cands)), key=keys.__getitem__)[q.offset - above : need - above]
        return [str(nums[j]) for j in order], [final[cands[j]] for j in order], total, [addrs[cands[j]] for j in order]

    def _refresh_scores(self, final: array, addrs: list[tantivy.DocAddress], now_steps, at_steps) -> None:
        """Replace indexed freshness factors by today's where they differ.

        Only documents published inside a window boundary crossed between the earliest indexing time
        and now (or the other way round for an earlier clock) can differ: found with one bisect each.
        """
        published = self.searcher.fast_field_values(FRESH_FIELD, addrs)
        lo, hi = self.rank_at_range or (0.0, float("inf"))
        now_ts = now_steps[0][0] + self.mapping.ranking.freshness[0][0] * 86400.0
        lo, hi = min(lo, now_ts), max(hi, now_ts)
        spans: list[list[float]] = []
        for max_age, _ in self.mapping.ranking.freshness:
            start, end = lo - max_age * 86400.0, hi - max_age * 86400.0 + 1.0
            if spans and start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        edges = sorted(x for span in spans for x in span)
        if None in published:
            published = [-1 if t is None else t for t in published]
        inside = [i for i, p in enumerate(map(bisect_right, repeat(edges), published)) if p & 1]
        if not inside:
            return
        indexed_at = self.searcher.fast_field_values(RANK_AT, [addrs[i] for i in inside])
        for i, at in zip(inside, indexed_at):
            ts = published[i]
            steps = at_steps.get(at)
            if steps is None:
                steps = at_steps[at] = freshness_steps(self.mapping, float(at or 0))
            now_f, then_f = step_factor(now_steps, ts), step_factor(steps, ts)
            if now_f != then_f:
                final[i] = final[i] / then_f * now_f

    def _relevance_boolean(self) -> tuple[list[str], list[float], int, list[tantivy.DocAddress]]:
        """Indexes without ``fresh_ts``: freshness as boosted window copies of the query (slower)."""
        q = self.query
        query = self.builder.ranked(self.scored, self._filters, q.clock())
        need = q.offset + q.per_page
        window = need + 16
        while True:
            res = self.searcher.search(query, window, count=True, weight_by_field=weight_field(self.mapping))
            hits = res.hits
            if len(hits) < window or hits[need - 1][0] != hits[-1][0]:
                break
            window *= 4
        addrs = [a for _, a in hits]
        nums = self.searcher.fast_field_values(ID_NUM, addrs)
        rows = sorted(zip(hits, nums), key=lambda r: (-r[0][0], r[1]))[q.offset : need]
        return [str(n) for _, n in rows], [float(h[0]) for h, _ in rows], res.count or 0, [h[1] for h, _ in rows]

    def _by_field(self) -> tuple[list[str], list[float], int, list[tantivy.DocAddress]]:
        q = self.query
        field, direction = self.mapping.sorts[q.sort]
        fdef = self.mapping.fields[field]
        order = Order.Asc if direction == "asc" else Order.Desc
        res = self.searcher.search(
            self._base, q.per_page, count=True, order_by_field=field, order=order, offset=q.offset
        )
        total = res.count or 0
        groups: list[list[Any]] = []  # [key, addresses of that key's hits on the page]
        for key, addr in res.hits:
            if groups and groups[-1][0] == key:
                groups[-1][1].append(addr)
            else:
                groups.append([key, [addr]])
        if not groups:
            return [], [], total, []
        # Position of the first key's group: everything strictly before it in (key) order.
        first = groups[0][0]
        exists = Query.exists_query(field)
        if first is None:
            before_q = _must(self._base, [exists])
        else:
            before_q = _must(self._base, [self._key_range(fdef, first, order, strict=True)])
        before = self.searcher.search(before_q, 1, count=True).count or 0
        ids: list[str] = []
        addrs: list[tantivy.DocAddress] = []
        start = q.offset - before
        last = len(groups) - 1
        for i, (key, page_addrs) in enumerate(groups):
            if 0 < i < last:
                # A key strictly between the page's first and last keys has all its hits on this
                # page: order them by id here instead of asking the engine again.
                nums = self.searcher.fast_field_values(ID_NUM, page_addrs)
                for n, a in sorted(zip(nums, page_addrs), key=lambda na: na[0]):
                    ids.append(str(n))
                    addrs.append(a)
                continue
            # The first and last keys may continue before/after the page: re-read them by id.
            if key is None:
                group_q = self._base.and_must_not_match(exists)
            else:
                group_q = _must(self._base, [self._key_range(fdef, key, order, strict=False)])
            hits = self.searcher.search(
                group_q, len(page_addrs), count=False, order_by_field=ID_NUM, order=Order.Asc, offset=start
            ).hits
            ids += [str(n) for n, _ in hits]
            addrs += [a for _, a in hits]
            start = 0
        return ids, [], total, addrs

    def _key_range(self, fdef: Any, key: Any, order: Order, *, strict: bool) -> Query:
        """Documents whose sort key equals ``key`` (strict=False) or sorts strictly before it."""
        ftype = field_type(fdef)
        value = _EPOCH + timedelta(microseconds=key // 1000) if fdef.type == "date" else key
        if not strict:
            return Query.range_query(self.builder.schema, fdef.name, ftype, value, value, True, True)
        if order == Order.Asc:
            return Query.range_query(self.builder.schema, fdef.name, ftype, None, value, True, False)
        return Query.range_query(self.builder.schema, fdef.name, ftype, value, None, False, True)

    def _by_distance(self) -> tuple[list[str], list[float], int, list[tantivy.DocAddress]]:
        q = self.query
        assert q.near is not None
        base = self._base
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
    def _start_facets(self) -> tuple[list[str], list[Future]]:
        """One aggregation for every facet without a selection, one per selected facet (which ignores
        its own selection), each submitted to the facet pool; returns the unselected facets' names
        (emptied by ``run`` when nothing matches) and the pending aggregations."""
        q = self.query
        shared: list[str] = []
        own: list[tuple[str, str]] = []
        for name in q.facets:
            key = self.mapping.facet_selection_key(name)
            if key in q.filters or key in q.ranges:
                own.append((name, key))
            else:
                shared.append(name)
        jobs: list[tuple[Query, list[str]]] = [(self._filtered(), shared)] if shared else []
        jobs += [(self._filtered(skip=key), [name]) for name, key in own]
        if not jobs:
            return shared, []
        pool = _facet_pool()
        return shared, [pool.submit(self._aggregate, query, names) for query, names in jobs]

    def _finish_facets(self, pending: tuple[list[str], list[Future]]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        error: BaseException | None = None
        for future in pending[1]:  # wait for all of them, even after a failure
            try:
                out.update(future.result())
            except BaseException as exc:  # noqa: BLE001 - re-raised below
                error = error or exc
        if error is not None:
            raise error
        return out

    def _aggregate(self, query: Query, names: list[str]) -> dict[str, list[dict[str, Any]]]:
        aggs: dict[str, Any] = {}
        combos: dict[str, str] = {}  # facet name -> combination column
        for name in names:
            facet = self.mapping.facet(name)
            fdef = self.mapping.fields[facet.field]
            if facet.ranges:
                aggs[name] = {"range": {"field": facet.field, "ranges": facet.agg_ranges()}}
            elif fdef.type == "keyword" and fdef.multi and self._has(combo(fdef)):
                combos[name] = combo(fdef)
                aggs[name] = {"terms": {"field": combos[name], "size": _MAX_COMBOS}}
            else:
                aggs[name] = self._plain_terms(name)
        raw = self.searcher.aggregate(query, aggs)
        out: dict[str, list[dict[str, Any]]] = {}
        for name, agg in raw.items():
            buckets = agg["buckets"]
            if name in combos:
                if agg.get("sum_other_doc_count"):  # too many combinations: count per value instead
                    buckets = self.searcher.aggregate(query, {name: self._plain_terms(name)})[name]["buckets"]
                else:
                    buckets = self._explode(buckets)
            out[name] = self.mapping.facet(name).values(buckets)
        return out

    def _plain_terms(self, name: str) -> dict[str, Any]:
        field = self.mapping.fields[self.mapping.facet(name).field]
        return {"terms": {"field": kw(field), "size": self.query.facet_size}}

    def _explode(self, buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Per-value counts from counts per combination; the ``facet_size`` largest."""
        counts: dict[str, int] = {}
        for b in buckets:
            n = int(b["doc_count"])
            for value in str(b["key"]).split(COMBO_SEP):
                counts[value] = counts.get(value, 0) + n
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: self.query.facet_size]
        return [{"key": k, "doc_count": n} for k, n in top]

    # -- highlighting --------------------------------------------------------------
    def _highlights(self, ids: list[str], addrs: list[tantivy.DocAddress]) -> dict[str, dict[str, str]]:
        hl = Highlighter(matcher=Matcher.of(self.plan))
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
