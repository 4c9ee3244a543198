"""Property tests of the pure matcher (search/matching.py) over generated catalogues, without Flask."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from search import matching as m

LABELS = ["vn-ecolabel", "fsc", "grs", "ok-compost-home", "vn-organic"]
UNITS = ["piece", "kg"]
CATS = ["packaging", "packaging.straws", "packaging.food_containers", "food.rice"]
WORDS = ["hộp", "bã", "mía", "ống", "hút", "tre", "giấy", "túi", "gạo", "hữu", "cơ", "food", "box", "straw"]
POINTS = [(21.03, 105.85), (10.78, 106.7), (16.05, 108.2), None]

facts_st = st.builds(
    m.ListingFacts,
    listing_id=st.integers(1, 10_000),
    org_id=st.integers(1, 30),
    title=st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join),
    description=st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    category=st.sampled_from(CATS),
    unit=st.sampled_from(UNITS),
    labels=st.frozensets(st.sampled_from(LABELS), max_size=3),
    capacity_month=st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False)),
    moq=st.one_of(st.none(), st.floats(0, 1e4, allow_nan=False)),
    recycled_pct=st.one_of(st.none(), st.integers(0, 100)),
    price_tiers=st.lists(st.tuples(st.floats(1, 1e5, allow_nan=False), st.integers(1, 10**7)), max_size=3).map(tuple),
    location=st.sampled_from(POINTS),
    active=st.booleans(),
    org_checked=st.booleans(),
    response_rate=st.one_of(st.none(), st.floats(0, 1)),
    median_response_hours=st.one_of(st.none(), st.floats(0, 500)),
)
spec_st = st.builds(
    m.RfqSpec,
    text=st.lists(st.sampled_from(WORDS + ["và", "cho"]), max_size=6).map(" ".join),
    category=st.one_of(st.none(), st.sampled_from(CATS)),
    quantity=st.one_of(st.none(), st.floats(1, 1e6, allow_nan=False)),
    unit=st.one_of(st.none(), st.sampled_from(UNITS)),
    price_min=st.one_of(st.none(), st.integers(1, 1000)),
    price_max=st.one_of(st.none(), st.integers(1000, 10**6)),
    required_labels=st.lists(st.sampled_from(LABELS), max_size=2, unique=True).map(tuple),
    preferred_labels=st.lists(st.sampled_from(LABELS), max_size=3, unique=True).map(tuple),
    min_recycled_pct=st.one_of(st.none(), st.integers(0, 100)),
    delivery=st.sampled_from(POINTS),
)


def _unique(catalogue):
    seen, out = set(), []
    for f in catalogue:
        if f.listing_id not in seen:
            seen.add(f.listing_id)
            out.append(f)
    return out


@settings(max_examples=150, deadline=None)
@given(spec=spec_st, catalogue=st.lists(facts_st, max_size=40))
def test_no_match_violates_a_hard_constraint(spec, catalogue):
    for e in m.rank(spec, catalogue):
        f = e.facts
        assert f.active
        assert set(spec.required_labels) <= f.labels
        if spec.min_recycled_pct is not None:
            assert f.recycled_pct is not None and f.recycled_pct >= spec.min_recycled_pct
        if spec.unit:
            assert f.unit == spec.unit
        if spec.quantity is not None and f.capacity_month is not None:
            assert spec.quantity <= f.capacity_month
        if spec.category:
            assert f.category == spec.category or f.category.startswith(spec.category + ".")


@settings(max_examples=150, deadline=None)
@given(spec=spec_st, f=facts_st)
def test_components_sum_to_the_score(spec, f):
    e = m.explain(spec, f)
    assert [c.name for c in e.components] == list(m.WEIGHTS)
    assert sum(round(c.points * 100) for c in e.components) == round(e.score * 100)
    assert round(sum(c.points for c in e.components), 2) == e.score
    for c in e.components:
        assert 0 <= c.points <= c.max_points and round(c.points, 2) == c.points
    assert 0 <= e.score <= 100
    body = e.as_dict()
    assert round(sum(v["points"] for v in body["components"].values()), 2) == body["score"]


@settings(max_examples=100, deadline=None)
@given(spec=spec_st, catalogue=st.lists(facts_st, max_size=40), seed=st.integers(0, 2**32 - 1))
def test_ranking_is_deterministic_and_ordered(spec, catalogue, seed):
    catalogue = _unique(catalogue)
    first = m.rank(spec, catalogue)
    shuffled = list(catalogue)
    random.Random(seed).shuffle(shuffled)
    second = m.rank(spec, shuffled)
    assert [(e.listing_id, e.score) for e in first] == [(e.listing_id, e.score) for e in second]
    keys = [(e.tier, -e.hundredths, e.listing_id) for e in first]
    assert keys == sorted(keys)
    # what the buyer named comes first: no listing that names a product word follows one that does not
    named = [e.names_product for e in first]
    assert named == sorted(named, key=lambda n: n is False)
    groups = m.group_by_supplier(first)
    assert [g.org_id for g in groups] == [g.org_id for g in m.group_by_supplier(second)]
    assert sum(len(g.matches) for g in groups) == len(first)


def test_capacity_missing_is_not_a_violation_but_too_small_is():
    spec = m.RfqSpec(quantity=5000, unit="piece")
    ok = m.ListingFacts(1, 1, unit="piece", capacity_month=None)
    small = m.ListingFacts(2, 1, unit="piece", capacity_month=4999)
    assert m.violations(spec, ok) == [] and m.violations(spec, small) == ["capacity"]


def test_required_label_must_be_certified():
    spec = m.RfqSpec(required_labels=("vn-ecolabel",))
    assert m.violations(spec, m.ListingFacts(1, 1, labels=frozenset({"fsc"}))) == ["required_labels"]
    assert m.violations(spec, m.ListingFacts(1, 1, labels=frozenset({"vn-ecolabel"}))) == []


def test_candidate_queries_filter_what_the_index_can():
    spec = m.RfqSpec(text="hộp bã mía", category="packaging", quantity=100, unit="piece",
                     required_labels=("vn-ecolabel", "fsc"), min_recycled_pct=30)
    qs = m.candidate_queries(spec)
    assert all(q.filters["labels"] == ["fsc"] and q.filters["category"] == ["packaging"] for q in qs)
    assert all(q.ranges["recycled_pct"].gte == 30 and q.sort == "newest" for q in qs)
    # filters only, all words, each word: each without and with the capacity range
    assert [q.text for q in qs] == ["", "", "hop ba mia", "hop ba mia", "hop", "hop", "ba", "ba", "mia", "mia"]
    assert [("capacity_month" in q.ranges) for q in qs] == [False, True] * 5


class _Engine:
    """A fake engine over documents: filters exactly, AND over words, newest first."""

    def __init__(self, docs):
        self.docs = docs
        self.calls = 0

    def search(self, kind, q):
        from search.base import SearchResult

        self.calls += 1
        words = m.tokens(q.text)
        hits = []
        for d in self.docs:
            if "category" in q.filters and not m._in_category(d.category, q.filters["category"][0]):
                continue
            if "labels" in q.filters and q.filters["labels"][0] not in d.labels:
                continue
            ok = True
            for name, r in q.ranges.items():
                v = getattr(d, name)
                ok = ok and v is not None and v >= r.gte
            text = m.word_set(" ".join([d.title, d.title_en, d.description, d.description_en, d.material]))
            if ok and all(w in text for w in words):
                hits.append(d)
        hits.sort(key=lambda d: -d.listing_id)
        return SearchResult(ids=[str(d.listing_id) for d in hits[: q.per_page]], total=len(hits))


@settings(max_examples=100, deadline=None)
@given(spec=spec_st, catalogue=st.lists(facts_st, max_size=40))
def test_retrieval_finds_every_match_when_pages_are_large_enough(spec, catalogue):
    catalogue = [f for f in _unique(catalogue) if f.active]
    engine = _Engine(catalogue)
    ids = set(m.retrieve(engine, "listing", spec, per_query=1000))
    expected = {e.listing_id for e in m.rank(spec, catalogue)}
    assert expected <= ids
    assert engine.calls == 1  # one broad query sufficed


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠĐđ  ,.-_'1áàảãạấầẩẫậíìỉĩịýỳỷỹỵ\u0301\u0300")), max_size=40))
def test_cached_word_folding_equals_the_engine_tokens(text):
    assert m.word_set(text) == frozenset(m.tokens(text))
