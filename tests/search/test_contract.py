"""One contract, every engine: the same queries must give the same hits and counts."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from search import MAX_RESULT_WINDOW, Backend, Near, Range, SearchQuery, SearchResult
from search.geo import haversine_km

from .data import DOCS, FILLER, NOW, PROVINCES, counts, oracle


def run(backend: Backend, **kw: Any) -> SearchResult:
    kw.setdefault("per_page", 200)
    return backend.search("listing", SearchQuery(now=NOW, **kw))


def ids(backend: Backend, text: str, **kw: Any) -> set[str]:
    return set(run(backend, text=text, **kw).ids)


def facet(result: SearchResult, name: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in result.facets[name]}


# -- matching ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("da nang", {"1"}),
        ("Đà Nẵng", {"1"}),
        (unicodedata.normalize("NFD", "Đà Nẵng"), {"1"}),
        ("ĐÀ NẴNG", {"1"}),
        ("dua tre", {"5"}),
        ("đũa", {"5"}),
        ("huy", {"2", "6"}),
        ("huỷ", {"2", "6"}),  # tone mark on y
        ("hủy", {"2", "6"}),  # tone mark on u
        ("hoa binh", {"8"}),
        ("hoà bình", {"8"}),
        ("Hòa Bình", {"8"}),
        ("tui giay kraft", {"3"}),
    ],
)
def test_folding_both_directions(loaded: Backend, text: str, expected: set[str]) -> None:
    assert ids(loaded, text) == expected


def test_all_words_must_match(loaded: Backend) -> None:
    assert ids(loaded, "ống hút tre") == {"1"}
    assert ids(loaded, "ống hút") == {"1", "11", "12"}


def test_typo_tolerance_scales_with_word_length(loaded: Backend) -> None:
    assert ids(loaded, "kraff") == {"3"}  # 5 letters: one edit
    assert ids(loaded, "krfat") == {"3"}  # transposition counts as one edit
    assert ids(loaded, "tothbrusj") == {"7"}  # 9 letters: two edits
    assert ids(loaded, "tothbrsh") == set()  # 8 letters: one edit only
    assert ids(loaded, "tre") == {"1", "5", "7"}
    assert ids(loaded, "tr") == {"1", "5", "7"}  # a short word the index lacks: a letter missing
    assert ids(loaded, "tra") == set()  # ... but not a wrong letter in a 3-letter syllable
    assert run(loaded, text="tra").did_you_mean == "tre"
    assert ids(loaded, "krxxt") == set()


def test_prefix_search_for_the_last_word(loaded: Backend) -> None:
    assert ids(loaded, "ống hú", prefix=True) == {"1", "11", "12"}
    assert ids(loaded, "hop ba m", prefix=True) == {"2"}
    # A trailing space ends the word: "m" must match as a word, nothing has it with "hộp bã", and the
    # relaxed query drops it.
    res = run(loaded, text="hop ba m ", prefix=True)
    assert set(res.ids) == {"2"} and res.relaxed == {"dropped": ["m"], "query": "hộp bã", "matched": 2, "of": 3}


def test_suggest_titles_as_you_type(loaded: Backend) -> None:
    assert loaded.suggest("listing", "hộp bã m") == ["Hộp bã mía phân huỷ"]
    assert loaded.suggest("listing", "mang boc") == ["Màng bọc sáp ong"]  # duplicates collapse
    assert loaded.suggest("listing", "zzz") == []


def test_highlights_keep_accents_and_are_html_safe(loaded: Backend) -> None:
    res = run(loaded, text="da nang", highlight=True)
    assert res.highlights["1"]["title"] == "Ống hút tre <mark>Đà</mark> <mark>Nẵng</mark>"
    res = run(loaded, text="kraft", highlight=True)
    desc = res.highlights["3"]["description"]
    assert "<mark>kraft</mark>" in desc
    assert "<script>" not in desc and "&lt;script&gt;" in desc


# -- relevance --------------------------------------------------------------------------
def test_title_match_outranks_description_match(loaded: Backend) -> None:
    res = run(loaded, text="tre")
    assert set(res.ids) == {"1", "5", "7"}
    assert res.ids[-1] == "7"  # "tre" only in its description
    assert res.scores == sorted(res.scores, reverse=True)


def test_claim_strength_and_freshness_boost(loaded: Backend) -> None:
    assert run(loaded, text="mang boc sap ong").ids == ["10", "9"]  # stronger claim first
    assert run(loaded, text="ong hut co bang").ids == ["12", "11"]  # fresher first


# -- filters and facets -----------------------------------------------------------------
FACETS = ["province", "category", "labels", "export_markets", "verified", "material", "price"]


def test_facets_without_selection_count_the_matches(loaded: Backend) -> None:
    res = run(loaded, facets=FACETS)
    assert res.total == len(DOCS)
    assert facet(res, "province") == counts(DOCS, "province")
    assert facet(res, "category") == counts(DOCS, "category_path")
    assert facet(res, "labels") == counts(DOCS, "labels")
    assert facet(res, "verified") == counts(DOCS, "verified")
    assert facet(res, "material") == counts(DOCS, "material")
    assert facet(res, "price") == derived_price_buckets(DOCS)
    values = [v["count"] for v in res.facets["province"]]
    assert values == sorted(values, reverse=True)


def test_disjunctive_facets(loaded: Backend) -> None:
    filters = {"province": ["48", "92"], "labels": ["fsc"]}
    res = run(loaded, filters=filters, facets=["province", "labels", "category", "export_markets"])
    expected = oracle(DOCS, filters=filters)
    assert sorted(res.ids, key=int) == [d["id"] for d in expected] and res.total == len(expected)
    # A facet ignores its own selection, but applies every other filter.
    assert facet(res, "province") == counts(oracle(DOCS, filters={"labels": ["fsc"]}), "province")
    assert facet(res, "labels") == counts(oracle(DOCS, filters={"province": ["48", "92"]}), "labels")
    assert facet(res, "category") == counts(expected, "category_path")
    assert facet(res, "export_markets") == counts(expected, "export_markets")


def test_text_and_facets_combine(loaded: Backend) -> None:
    res = run(loaded, text="thung carton", filters={"export_markets": ["JP"]}, facets=["export_markets", "province"])
    expected = oracle(FILLER, filters={"export_markets": ["JP"]})
    assert res.total == len(expected) == 45
    assert facet(res, "export_markets") == counts(FILLER, "export_markets")
    assert facet(res, "province") == counts(expected, "province")


def test_hierarchical_category(loaded: Backend) -> None:
    res = run(loaded, filters={"category": ["packaging"]}, facets=["category"])
    expected = oracle(DOCS, filters={"category": ["packaging"]})
    assert res.total == len(expected) and set(res.ids) == {d["id"] for d in expected}
    assert facet(res, "category") == counts(DOCS, "category_path")  # own selection ignored
    res = run(loaded, filters={"category": ["packaging.straws"], "province": ["92"]}, facets=["category"])
    assert set(res.ids) == {"11", "12"}
    assert facet(res, "category") == counts(oracle(DOCS, filters={"province": ["92"]}), "category_path")


@pytest.mark.parametrize(
    "ranges",
    [
        {"price_min": ("lte", 2000)},
        {"price_min": ("gte", 20_000), "moq": ("lte", 100.0)},
        {"recycled_pct": ("gte", 50.0)},
        {"recycled_pct": ("lt", 30.0)},
        {"price_min": ("gt", 1000)},
    ],
)
def test_range_filters(loaded: Backend, ranges: dict[str, tuple[str, float]]) -> None:
    res = run(loaded, ranges={f: Range(**{op: v}) for f, (op, v) in ranges.items()})
    expected = oracle(DOCS, ranges=ranges)
    assert set(res.ids) == {d["id"] for d in expected} and res.total == len(expected)


def derived_price_buckets(docs: list[dict[str, Any]]) -> dict[str, int]:
    """The price buckets of ``docs`` computed here from the documents (the engine only counts ladder steps)."""
    from search import load_mapping

    f = load_mapping("listing").facet("price")
    steps = [{"key": r.key, "doc_count": sum(1 for d in docs if d.get("price_min") is not None
                                              and (r.gte is None or d["price_min"] >= r.gte)
                                              and (r.lt is None or d["price_min"] < r.lt))} for r in f.ranges]
    return {b["value"]: b["count"] for b in f.values(steps)}


def test_price_facet_ignores_its_own_range(loaded: Backend) -> None:
    res = run(loaded, ranges={"price_min": Range(gte=50_000, lte=199_999)}, filters={"verified": True},
              facets=["price", "verified"])
    assert res.ids == ["4"]
    verified = oracle(DOCS, filters={"verified": True})
    assert facet(res, "price") == derived_price_buckets(verified)  # the price range itself is ignored
    assert sum(facet(res, "price").values()) == len(verified)
    assert facet(res, "verified") == {"true": 1}


def _in(bucket: dict[str, Any], price: float) -> bool:
    return (bucket["from"] is None or price >= bucket["from"]) and (bucket["to"] is None or price < bucket["to"])


def test_price_buckets_follow_the_data(make_backend: Any, engine: str) -> None:
    """100 prices spread from 10 000 to 1 000 000 ₫: at most six buckets with round boundaries, every listing in
    exactly one, counts adding up to the total; a range filter on a bucket's bounds finds exactly its listings."""
    import random

    from .data import _doc

    rng = random.Random(16)
    prices = [int(10 ** rng.uniform(4, 6)) for _ in range(99)] + [1_000_000]
    docs = [_doc(1000 + i, f"Sản phẩm {i}", price_min=p) for i, p in enumerate(prices)]
    docs.append(_doc(2000, "Giá liên hệ", price_min=None))  # no price: in no bucket
    backend = make_backend(engine)
    backend.ensure_index("listing")
    backend.bulk_upsert("listing", docs)
    backend.refresh("listing")
    res = run(backend, facets=["price"])
    buckets = res.facets["price"]
    assert 2 <= len(buckets) <= 6
    assert buckets[0]["from"] is None and buckets[-1]["to"] is None  # "under …" and "… and more"
    for b in buckets:
        for edge in (b["from"], b["to"]):
            if edge is not None:  # 1, 2 or 5 times a power of ten, within the data
                assert str(edge).rstrip("0") in ("1", "2", "5") and 10_000 <= edge <= 1_000_000
    for a, b in zip(buckets, buckets[1:]):
        assert a["to"] == b["from"]
    for p in prices:
        assert sum(_in(b, p) for b in buckets) == 1
    assert [b["count"] for b in buckets] == [sum(_in(b, p) for p in prices) for b in buckets]
    assert sum(b["count"] for b in buckets) == len(prices) == res.total - 1
    assert max(b["count"] for b in buckets) < 60  # spread out, not one bucket holding everything
    for b in buckets:  # the page's filter for a bucket: min/max, both inclusive, on whole đồng
        hi = None if b["to"] is None else b["to"] - 1
        found = run(backend, ranges={"price_min": Range(gte=b["from"], lte=hi)}, facets=["price"])
        assert found.total == b["count"]
        assert found.facets["price"] == buckets  # the facet ignores its own range


def test_price_buckets_of_one_price_and_of_nothing(make_backend: Any, engine: str) -> None:
    from .data import _doc

    backend = make_backend(engine)
    backend.ensure_index("listing")
    backend.bulk_upsert("listing", [_doc(1, "Một giá", price_min=35_000), _doc(2, "Cùng giá", price_min=35_000)])
    backend.refresh("listing")
    assert run(backend, facets=["price"]).facets["price"] == [
        {"value": "20000-50000", "count": 2, "from": 20000, "to": 50000}]
    assert run(backend, text="khongcogi", facets=["price"]).facets["price"] == []


def test_boolean_filters(loaded: Backend) -> None:
    assert ids(loaded, "", filters={"verified": True}) == {d["id"] for d in oracle(DOCS, filters={"verified": True})}
    assert ids(loaded, "", filters={"compostable": True}) == {"1"}
    assert ids(loaded, "", filters={"biodegradable": True, "province": ["92"]}) == {"6"}


# -- geo --------------------------------------------------------------------------------
def test_geo_radius(loaded: Backend) -> None:
    lat, lon = 16.0, 108.0  # near Đà Nẵng
    res = run(loaded, near=Near(lat, lon, 150), facets=["province"])
    expected = oracle(DOCS, near=(lat, lon, 150))
    assert {d["province"] for d in expected} == {"48"}
    assert set(res.ids) == {d["id"] for d in expected} and facet(res, "province") == {"48": len(expected)}
    assert run(loaded, near=Near(lat, lon, 700)).total == len(oracle(DOCS, near=(lat, lon, 700)))
    assert run(loaded, near=Near(0.0, 0.0, 10)).ids == []


def test_distance_sort_pages(loaded: Backend) -> None:
    lat, lon = PROVINCES["1"]
    expected = [
        d["id"]
        for d in sorted(DOCS, key=lambda d: (haversine_km(lat, lon, d["location"]["lat"], d["location"]["lon"]), int(d["id"])))
    ]
    got: list[str] = []
    for page in range(1, 12):
        res = run(loaded, sort="distance", near=Near(lat, lon), page=page, per_page=11)
        got += res.ids
        assert res.total == len(DOCS)
        assert res.scores == sorted(res.scores)
    assert got == expected


# -- sorting and pagination ---------------------------------------------------------------
SORT_KEYS = {
    "price_asc": lambda d: (d["price_min"], int(d["id"])),
    "price_desc": lambda d: (-d["price_min"], int(d["id"])),
    "newest": lambda d: (-int(d["published_at"][:10].replace("-", "")), int(d["id"])),
}


@pytest.mark.parametrize("sort", list(SORT_KEYS))
def test_sorts_paginate_stably(loaded: Backend, sort: str) -> None:
    expected = [d["id"] for d in sorted(DOCS, key=SORT_KEYS[sort])]
    got: list[str] = []
    for page in range(1, 16):
        got += run(loaded, sort=sort, page=page, per_page=7).ids
    assert got == expected


def test_relevance_pages_never_repeat_or_skip(loaded: Backend) -> None:
    full = run(loaded, text="thung carton", per_page=200)
    assert full.total == len(FILLER)
    got: list[str] = []
    for page in range(1, 20):
        res = run(loaded, text="thung carton", page=page, per_page=5)
        got += res.ids
    assert got == full.ids and len(set(got)) == len(FILLER)
    # Ties are broken by id: equal scores appear in increasing id order.
    pairs = list(zip(full.scores, map(int, full.ids)))
    assert pairs == sorted(pairs, key=lambda p: (-p[0], p[1]))


def test_count_and_ids_and_versions(loaded: Backend) -> None:
    assert loaded.count("listing") == len(DOCS)
    assert loaded.ids_and_versions("listing") == {d["id"]: 1 for d in DOCS}


def test_bad_queries_are_rejected(loaded: Backend) -> None:
    with pytest.raises(ValueError):
        run(loaded, filters={"no_such_field": ["x"]})
    with pytest.raises(ValueError):
        run(loaded, sort="distance")


@pytest.mark.parametrize("page, per_page", [(501, 20), (99_999_999, 20), (2**63, 1000), (11, 1000)])
def test_pages_past_the_result_window_never_reach_the_engine(loaded: Backend, monkeypatch: pytest.MonkeyPatch,
                                                             page: int, per_page: int) -> None:
    """Issue 13.1: `?page=99999999` made tantivy's top-K collector allocate page × per_page slots and
    abort the worker. Every engine answers such a page with the total and facets, without hits, and the
    engine itself is only ever asked for pages inside the window."""
    asked: list[int] = []
    engine_search = type(loaded)._search_plan

    def spy(self: Backend, kind: str, query: SearchQuery, plan) -> SearchResult:
        asked.append(query.offset + query.per_page)
        return engine_search(self, kind, query, plan)

    monkeypatch.setattr(type(loaded), "_search_plan", spy)
    whole = run(loaded, text="thung carton", facets=["province"])
    deep = run(loaded, text="thung carton", facets=["province"], page=page, per_page=per_page, highlight=True)
    assert deep.ids == [] and deep.scores == [] and deep.highlights == {}
    assert deep.total == whole.total == len(FILLER)
    assert facet(deep, "province") == facet(whole, "province")
    assert max(asked) <= MAX_RESULT_WINDOW

