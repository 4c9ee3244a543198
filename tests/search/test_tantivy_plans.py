"""The tantivy execution plans (search/tantivy_search.py) against brute force on a corpus with many
score and sort-key ties: bounded relevance re-rank (both bounds), field sorts re-read per key group,
facet counts through combination columns, and the fallback for indexes built without those columns."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from search import SearchQuery
from search.synthetic import RARE_WORDS, generate_listings
from search.tantivy_backend import TantivyBackend

INDEXED_AT = datetime(2025, 6, 1, tzinfo=timezone.utc)
N = 3000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[TantivyBackend, list[dict]]:
    docs = list(generate_listings(N, seed=11, now=INDEXED_AT))
    rng = random.Random(3)
    for d in docs:  # coarse prices and dates: large tie groups for every sort
        d["price_min"] = rng.choice([1000, 2000, 5000])
        d["published_at"] = (INDEXED_AT - timedelta(days=rng.choice([1, 10, 60, 400]))).isoformat()
    backend = TantivyBackend(tmp_path_factory.mktemp("plans"), index_clock=lambda: INDEXED_AT)
    backend.rebuild("listing", docs[: N // 2])  # two commits: several segments, id order != doc order
    backend.bulk_upsert("listing", list(reversed(docs[N // 2 :])))
    yield backend, docs
    backend.close()


def _top(backend: TantivyBackend, **kw) -> tuple[list[str], list[float], int]:
    """The first 1000 hits in one page (the largest page): the reference order for small pages."""
    res = backend.search("listing", SearchQuery(per_page=1000, **kw))
    return res.ids, res.scores, res.total


@pytest.mark.parametrize("text", ["xanh", "tre", "hop ba mia", "tui", "", RARE_WORDS[0]])
@pytest.mark.parametrize("now", [INDEXED_AT + timedelta(days=45), INDEXED_AT - timedelta(days=5)])
def test_relevance_pages_equal_the_full_ranking(corpus, text: str, now: datetime) -> None:
    """Later clock: tight bound (indexed factors >= today's); earlier clock: widened bound."""
    backend, _ = corpus
    ids, scores, total = _top(backend, text=text, now=now)
    assert len(ids) == min(total, 1000)
    pairs = list(zip(scores, map(int, ids)))
    assert pairs == sorted(pairs, key=lambda p: (-p[0], p[1]))
    for per_page in (7, 20):
        got: list[str] = []
        for page in range(1, 300 // per_page + 2):
            got += backend.search("listing", SearchQuery(text=text, page=page, per_page=per_page, now=now)).ids
        assert got == ids[: len(got)]


def test_relevance_uses_todays_freshness(corpus) -> None:
    """A document indexed inside the 30-day window but 45 days old at query time scores with 1.15."""
    backend, _ = corpus
    early = dict(zip(*_top(backend, text=RARE_WORDS[0], now=INDEXED_AT)[:2]))
    late = dict(zip(*_top(backend, text=RARE_WORDS[0], now=INDEXED_AT + timedelta(days=45))[:2]))
    ratios = {round(early[i] / late[i], 4) for i in early}
    assert {round(1.3 / 1.15, 4), round(1.15, 4), 1.0} >= ratios and len(ratios) > 1


@pytest.mark.parametrize("sort, key", [
    ("price_asc", lambda d: (d["price_min"], int(d["id"]))),
    ("price_desc", lambda d: (-d["price_min"], int(d["id"]))),
    ("newest", lambda d: (-datetime.fromisoformat(d["published_at"]).timestamp(), int(d["id"]))),
])
def test_field_sorts_page_exactly_through_tie_groups(corpus, sort: str, key) -> None:
    backend, docs = corpus
    expected = [d["id"] for d in sorted(docs, key=key)]
    for page, per_page in ((1, 20), (37, 20), (74, 40), (150, 20), (151, 20)):
        res = backend.search("listing", SearchQuery(sort=sort, page=page, per_page=per_page))
        assert res.total == N
        assert res.ids == expected[(page - 1) * per_page : page * per_page]


def test_multi_valued_facets_count_each_value(corpus) -> None:
    backend, docs = corpus
    res = backend.search("listing", SearchQuery(text="tui", facets=["labels", "export_markets", "category"]))
    matching, _, total = _top(backend, text="tui")
    assert len(matching) == total
    for facet, field in (("labels", "labels"), ("export_markets", "export_markets"), ("category", "category_path")):
        counts: dict[str, int] = {}
        for d in docs:
            if d["id"] in matching:
                for v in d[field]:
                    counts[v] = counts.get(v, 0) + 1
        assert {v["value"]: v["count"] for v in res.facets[facet]} == counts


def test_indexes_without_the_new_columns_answer_the_same(corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index built by an earlier version (no rank_at/fresh_ts/combination columns) takes the
    older plans; same hits, order and facet counts."""
    backend, _ = corpus
    handle = backend._live("listing")
    assert handle is not None
    columns, _ = backend._index_info(handle)
    old = frozenset(c for c in columns if c not in ("rank_at", "fresh_ts") and not c.endswith("__combo"))
    now = INDEXED_AT - timedelta(days=5)  # the old plan applies today's factors on top of claim-only weights
    query = dict(text="tui", facets=["labels", "export_markets", "price"], per_page=50, now=now)
    new = backend.search("listing", SearchQuery(**query))
    monkeypatch.setattr(backend, "_index_info", lambda h: (old, None))
    older = backend.search("listing", SearchQuery(**query))
    assert older.facets == new.facets and older.total == new.total
    assert set(older.ids) <= set(_top(backend, text="tui", now=now)[0])


@pytest.fixture(scope="module")
def fine_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[TantivyBackend, list[dict]]:
    """Many distinct sort keys with small ties: a page spans several keys, so the keys strictly
    inside a page (ordered in Python) and the boundary keys (re-read by id) are both exercised."""
    docs = list(generate_listings(600, seed=5, now=INDEXED_AT))
    rng = random.Random(9)
    for d in docs:
        d["price_min"] = rng.randint(1, 80) * 1000
        d["published_at"] = (INDEXED_AT - timedelta(days=rng.randint(1, 120))).isoformat()
    backend = TantivyBackend(tmp_path_factory.mktemp("fine"), index_clock=lambda: INDEXED_AT)
    backend.rebuild("listing", docs[:300])
    backend.bulk_upsert("listing", list(reversed(docs[300:])))
    yield backend, docs
    backend.close()


@pytest.mark.parametrize("sort, key", [
    ("price_asc", lambda d: (d["price_min"], int(d["id"]))),
    ("price_desc", lambda d: (-d["price_min"], int(d["id"]))),
    ("newest", lambda d: (-datetime.fromisoformat(d["published_at"]).timestamp(), int(d["id"]))),
])
def test_field_sorts_with_many_small_tie_groups(fine_corpus, sort: str, key) -> None:
    backend, docs = fine_corpus
    expected = [d["id"] for d in sorted(docs, key=key)]
    for page in range(1, 14):
        res = backend.search("listing", SearchQuery(sort=sort, page=page, per_page=50))
        assert res.ids == expected[(page - 1) * 50 : page * 50], (sort, page)


class _CountingIndex:
    """A tantivy index whose searchers count their aggregations."""

    def __init__(self, index, calls: list[str]) -> None:
        self._index, self._calls = index, calls

    def __getattr__(self, name: str):
        return getattr(self._index, name)

    def searcher(self):
        index, calls = self._index, self._calls

        class _Searcher:
            def __getattr__(self, name: str):
                return getattr(searcher, name)

            def aggregate(self, query, aggs):
                calls.append(next(iter(aggs)))
                return searcher.aggregate(query, aggs)

        searcher = index.searcher()
        return _Searcher()


def test_index_statistics_are_cached_per_kind(tmp_path: Path) -> None:
    """Searching another kind keeps a kind's rank_at range and points: the stats aggregation over the
    whole index runs once per commit, not once per search whenever two kinds alternate."""
    backend = TantivyBackend(tmp_path, index_clock=lambda: INDEXED_AT)
    backend.rebuild("listing", list(generate_listings(50, seed=2, now=INDEXED_AT)))
    backend.rebuild("offer", [{"id": str(i), "version": 1, "title": f"vay xanh {i}", "org_id": "1", "org_name": "Bank",
                               "published_at": (INDEXED_AT - timedelta(days=i)).isoformat()} for i in range(1, 20)])
    calls: list[str] = []
    for kind in ("listing", "offer"):
        handle = backend._live(kind)
        handle.index = _CountingIndex(handle.index, calls)
    for _ in range(3):
        for kind in ("listing", "offer"):
            backend.search(kind, SearchQuery(text="xanh", now=INDEXED_AT))
    assert calls.count("m") == 2  # one rank_at stats aggregation per kind
    backend.close()
