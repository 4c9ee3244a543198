"""Supply–demand matching: a sourcing request (RFQ) against listings, with an explained score.

Engine-neutral and free of the Flask app, so it can be property-tested on its own:

* :func:`violations` — the hard constraints.  A candidate with any violation is never a match.
* :func:`explain` — the score of one candidate, as fixed-weight components in points with two
  decimals.  Each component is rounded first (to integer hundredths of a point) and the score is
  their sum, so the parts always add up exactly to the score shown.
* :func:`rank` — hard-filter, score and order candidates deterministically (score desc, listing
  id asc), and group them by supplier (suppliers ordered by their best listing, then id).
* :func:`candidate_queries` / :func:`retrieve` — candidate retrieval through any
  :class:`~search.base.Backend`: hard constraints that the index can express become filters, the
  rest is re-checked by the caller from SQL.  Engine scores never enter the explained score:
  text relevance is computed here from folded tokens, so both engines give the same result.

Weights (points, sum 100)::

    text 30 · preferred labels 15 · capacity 10 · price 15 · distance 15 · verification 10 ·
    responsiveness 5

A component the buyer did not ask about (no preferred labels, no target price, no quantity, no
delivery province) gets its full weight for every candidate: it does not change the order.

What the buyer named comes first.  The request's *product words* are the words of its title that
say more than its category (the category's own name, the delivery province, sizes and units are
taken out: :attr:`RfqSpec.generic_terms`); when the title only repeats the category, the
description's words.  A listing that names at least one product word in its title, English title
or material ranks above every listing that only shares the category, whatever the other
components say (:attr:`Explained.names_product`, shown in the text component's explanation as
``product_terms`` / ``named_terms``); the score orders listings within each of the two tiers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .base import Range, SearchQuery
from .text import nfc, tokens

_WORD = re.compile(r"[^\W_]+")
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

__all__ = [
    "WEIGHTS", "COMPONENTS", "RfqSpec", "ListingFacts", "Explained", "SupplierGroup",
    "violations", "explain", "rank", "text_fraction", "query_terms", "unit_price_at",
    "candidate_queries", "broad_query", "retrieve", "haversine_km", "MAX_DISTANCE_KM", "product_terms",
]

WEIGHTS: dict[str, int] = {
    "text": 30,
    "labels": 15,
    "capacity": 10,
    "price": 15,
    "distance": 15,
    "verification": 10,
    "responsiveness": 5,
}
COMPONENTS: tuple[str, ...] = tuple(WEIGHTS)
MAX_DISTANCE_KM = 1650.0  # about Hà Giang → Cà Mau: beyond this the distance component is 0
# Where a query word is found: title counts most (the same order as the engines' field weights).
FIELD_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("title", 1.0), ("title_en", 0.8), ("material", 0.7), ("description", 0.5), ("description_en", 0.4),
)
STOPWORDS = frozenset({
    "a", "an", "and", "for", "of", "the", "to", "with", "in", "or", "per", "by",
    "cho", "va", "cua", "voi", "cac", "nhung", "mot", "loai", "can", "mua", "de", "la", "hoac",
})
# Where a listing names its product (descriptions talk about many things: they do not name it).
PRODUCT_FIELDS: tuple[str, ...] = ("title", "title_en", "material")
# Sizes and units say which variant, not which product ("750 ml", "20 cm", "8 oz").
MEASURE_WORDS = frozenset({"ml", "cl", "lit", "litre", "liter", "cm", "mm", "kg", "gr", "gram", "oz", "inch", "micron"})


@dataclass(frozen=True)
class RfqSpec:
    """What the buyer asks for.  Prices are VND per ``unit``; ``delivery`` is (lat, lon)."""

    text: str = ""
    category: str | None = None
    title: str = ""  # the request's title: where the buyer names the product (``text`` holds title + description)
    generic_terms: frozenset[str] = frozenset()  # folded words that do not name a product (category name, place)
    quantity: float | None = None
    unit: str | None = None
    price_min: int | None = None
    price_max: int | None = None
    required_labels: tuple[str, ...] = ()
    preferred_labels: tuple[str, ...] = ()
    min_recycled_pct: int | None = None
    delivery: tuple[float, float] | None = None


@dataclass(frozen=True)
class ListingFacts:
    """What the matcher knows about one listing, read from SQL (never from a possibly stale index).

    ``labels``: codes of *certified* claims only (verified, not past validity), of the listing or
    of its organisation.  ``active``: the listing is published and its organisation approved.
    ``price_tiers``: (min_qty, VND per unit), any order.  ``response_rate`` 0..1 and
    ``median_response_hours`` come from real events; None when the supplier has no history.
    """

    listing_id: int
    org_id: int
    title: str = ""
    title_en: str = ""
    description: str = ""
    description_en: str = ""
    material: str = ""
    category: str = ""
    unit: str = ""
    labels: frozenset[str] = frozenset()
    capacity_month: float | None = None
    moq: float | None = None
    recycled_pct: float | None = None
    price_tiers: tuple[tuple[float, int], ...] = ()
    location: tuple[float, float] | None = None
    active: bool = True
    org_checked: bool = False  # approved with a tax code checked by the programme
    response_rate: float | None = None
    median_response_hours: float | None = None


@dataclass(frozen=True)
class Component:
    name: str
    points: float  # two decimals
    max_points: int
    detail: dict[str, Any]


@dataclass(frozen=True)
class Explained:
    facts: ListingFacts
    score: float
    components: tuple[Component, ...]

    @property
    def listing_id(self) -> int:
        return self.facts.listing_id

    @property
    def hundredths(self) -> int:
        return sum(round(c.points * 100) for c in self.components)

    @property
    def names_product(self) -> bool | None:
        """True: the listing names a product word of the request; False: it only shares the category
        (or other words); None: the request names nothing beyond its category."""
        detail = self.components[0].detail
        if not detail.get("product_terms"):
            return None
        return bool(detail.get("named_terms"))

    @property
    def tier(self) -> int:
        """0 ranks first: listings that name the product, or every listing when nothing is named."""
        return 1 if self.names_product is False else 0

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.tier, -self.hundredths, self.listing_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "names_product": self.names_product,
            "components": {c.name: {"points": c.points, "max": c.max_points, **c.detail} for c in self.components},
        }


@dataclass
class SupplierGroup:
    org_id: int
    score: float  # of its best listing
    matches: list[Explained] = field(default_factory=list)
    tier: int = 0  # of its best listing (see Explained.tier)


# ------------------------------------------------------------------ hard constraints

def _in_category(category: str, wanted: str) -> bool:
    return category == wanted or category.startswith(wanted + ".")


def violations(spec: RfqSpec, f: ListingFacts) -> list[str]:
    """Every hard constraint the listing breaks (empty list = acceptable)."""
    out: list[str] = []
    if not f.active:
        out.append("inactive")
    missing = [code for code in spec.required_labels if code not in f.labels]
    if missing:
        out.append("required_labels")
    if spec.min_recycled_pct is not None and (f.recycled_pct is None or f.recycled_pct < spec.min_recycled_pct):
        out.append("recycled_pct")
    if spec.unit and f.unit != spec.unit:
        out.append("unit")
    if spec.quantity is not None and f.capacity_month is not None:
        if f.unit != spec.unit or spec.quantity > f.capacity_month:
            out.append("capacity")
    if spec.category and not _in_category(f.category, spec.category):
        out.append("category")
    return out


# ------------------------------------------------------------------ components

def query_terms(text: str, max_terms: int = 12) -> list[str]:
    """Distinct folded words of the request text, without stop words, in order."""
    out: list[str] = []
    for t in tokens(text or ""):
        if t in STOPWORDS or (len(t) < 2 and not t.isdigit()) or t in out:
            continue
        out.append(t)
        if len(out) >= max_terms:
            break
    return out


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> tuple[str, ...]:
    return tuple(tokens(word))


@lru_cache(maxsize=20_000)
def word_set(text: str) -> frozenset[str]:
    """The set of :func:`search.text.tokens` of ``text``, folding each distinct word once (cached)."""
    out: set[str] = set()
    for w in _WORD.findall(_MARKS.sub("", nfc(text))):
        out.update(_fold_word(w))
    return frozenset(out)


def _is_measure(term: str) -> bool:
    return term in MEASURE_WORDS or any(ch.isdigit() for ch in term)


def product_terms(spec: RfqSpec) -> list[str]:
    """The words with which the request names its product: its title's words that are not generic
    (category name, place), not stop words, not sizes or units; when the title has none, the same
    from the whole request text (title + description)."""
    def named(text: str) -> list[str]:
        return [t for t in query_terms(text) if t not in spec.generic_terms and not _is_measure(t)]

    return (named(spec.title) if spec.title else []) or named(spec.text)


def _product_words(f: ListingFacts) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for name in PRODUCT_FIELDS:
        out |= word_set(getattr(f, name) or "")
    return out


def _field_tokens(f: ListingFacts) -> list[tuple[float, frozenset[str]]]:
    return [(w, word_set(getattr(f, name) or "")) for name, w in FIELD_WEIGHTS]


def text_fraction(terms: Sequence[str], f: ListingFacts) -> tuple[float, list[str]]:
    """Mean over query words of the best field weight where the word occurs (0..1), and the words found."""
    if not terms:
        return 1.0, []
    fields = _field_tokens(f)
    total, found = 0.0, []
    for t in terms:
        best = max((w for w, toks in fields if t in toks), default=0.0)
        if best:
            found.append(t)
        total += best
    return total / len(terms), found


def unit_price_at(tiers: Iterable[tuple[float, int]], quantity: float | None) -> int | None:
    """The tier price that applies to ``quantity`` (the first tier below the first break)."""
    ordered = sorted(tiers)
    if not ordered:
        return None
    if quantity is None:
        return ordered[0][1]
    price = ordered[0][1]
    for min_qty, p in ordered:
        if quantity >= min_qty:
            price = p
    return price


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    r = 6371.0
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(h)))


def _fractions(spec: RfqSpec, f: ListingFacts, terms: Sequence[str],
               named: Sequence[str] = ()) -> dict[str, tuple[float, dict[str, Any]]]:
    out: dict[str, tuple[float, dict[str, Any]]] = {}
    # text relevance, and whether the listing names the product the buyer named
    frac, found = text_fraction(terms, f)
    words = _product_words(f) if named else frozenset()
    out["text"] = (frac, {"matched_terms": found, "terms": list(terms), "product_terms": list(named),
                          "named_terms": [t for t in named if t in words]})
    # preferred labels (soft)
    if spec.preferred_labels:
        have = sorted(set(spec.preferred_labels) & f.labels)
        out["labels"] = (len(have) / len(set(spec.preferred_labels)), {"matched": have, "wanted": sorted(set(spec.preferred_labels))})
    else:
        out["labels"] = (1.0, {"not_requested": True})
    # capacity fit (and minimum order)
    if spec.quantity is None:
        out["capacity"] = (1.0, {"not_requested": True})
    elif f.moq is not None and spec.quantity < f.moq:
        out["capacity"] = (0.0, {"below_moq": True, "moq": f.moq})
    elif f.capacity_month is None:
        out["capacity"] = (0.4, {"capacity_unknown": True})
    else:
        ratio = spec.quantity / f.capacity_month if f.capacity_month else 1.0
        out["capacity"] = (1.0 if ratio <= 0.5 else 0.75, {"capacity_month": f.capacity_month, "share": round(ratio, 3)})
    # price fit
    price = unit_price_at(f.price_tiers, spec.quantity)
    if spec.price_max is None and spec.price_min is None:
        out["price"] = (1.0, {"not_requested": True, "unit_price": price})
    elif price is None:
        out["price"] = (0.0, {"unit_price": None})
    elif spec.price_max is None or price <= spec.price_max:
        out["price"] = (1.0, {"unit_price": price, "within_target": True})
    else:
        over = (price - spec.price_max) / spec.price_max if spec.price_max > 0 else 1.0
        out["price"] = (max(0.0, 1.0 - over), {"unit_price": price, "over_target_pct": round(over * 100, 1)})
    # distance from supplier to the delivery province
    if spec.delivery is None:
        out["distance"] = (1.0, {"not_requested": True})
    elif f.location is None:
        out["distance"] = (0.0, {"km": None})
    else:
        km = haversine_km(f.location, spec.delivery)
        out["distance"] = (max(0.0, 1.0 - km / MAX_DISTANCE_KM), {"km": round(km, 1)})
    # supplier verification: programme-checked organisation + certified claims
    certified = len(f.labels)
    out["verification"] = (0.5 * bool(f.org_checked) + 0.5 * min(1.0, certified / 2),
                           {"org_checked": bool(f.org_checked), "certified_labels": certified})
    # responsiveness from real events
    if f.response_rate is None:
        out["responsiveness"] = (0.5, {"no_history": True})
    else:
        hours = f.median_response_hours
        speed = 1.0 if hours is not None and hours <= 24 else 0.6 if hours is not None and hours <= 72 else 0.3
        out["responsiveness"] = (max(0.0, min(1.0, f.response_rate)) * speed,
                                 {"response_rate": round(f.response_rate, 3),
                                  "median_hours": None if hours is None else round(hours, 1)})
    return out


def explain(spec: RfqSpec, f: ListingFacts, terms: Sequence[str] | None = None,
            named: Sequence[str] | None = None) -> Explained:
    """The explained score of one listing (whether or not it passes the hard constraints)."""
    terms = query_terms(spec.text) if terms is None else terms
    named = product_terms(spec) if named is None else named
    parts = _fractions(spec, f, terms, named)
    components = []
    total = 0
    for name in COMPONENTS:
        frac, detail = parts[name]
        frac = min(1.0, max(0.0, frac))
        hundredths = int(round(WEIGHTS[name] * frac * 100))
        total += hundredths
        components.append(Component(name, hundredths / 100, WEIGHTS[name], detail))
    return Explained(f, total / 100, tuple(components))


def is_relevant(spec: RfqSpec, e: Explained, terms: Sequence[str]) -> bool:
    """A listing is about the request when it is in the asked category, or shares a word with it."""
    if spec.category or not terms:
        return True
    return bool(e.components[0].detail["matched_terms"])


def rank(spec: RfqSpec, candidates: Iterable[ListingFacts], *, limit: int | None = None) -> list[Explained]:
    """Acceptable, relevant candidates, best first: listings that name the requested product before
    those that do not, then by score; ties by listing id (deterministic)."""
    terms = query_terms(spec.text)
    named = product_terms(spec)
    seen: set[int] = set()
    out = []
    for f in candidates:
        if f.listing_id in seen or violations(spec, f):
            continue
        seen.add(f.listing_id)
        e = explain(spec, f, terms, named)
        if is_relevant(spec, e, terms):
            out.append(e)
    out.sort(key=lambda e: e.sort_key)
    return out[:limit] if limit is not None else out


def group_by_supplier(ranked: Sequence[Explained], *, per_supplier: int | None = None) -> list[SupplierGroup]:
    groups: dict[int, SupplierGroup] = {}
    for e in ranked:
        g = groups.get(e.facts.org_id)
        if g is None:
            g = groups[e.facts.org_id] = SupplierGroup(e.facts.org_id, e.score, tier=e.tier)
        if per_supplier is None or len(g.matches) < per_supplier:
            g.matches.append(e)
    return sorted(groups.values(), key=lambda g: (g.tier, -round(g.score * 100), g.org_id))


# ------------------------------------------------------------------ candidate retrieval

def _filters(spec: RfqSpec) -> tuple[dict[str, list[str] | bool], dict[str, Range]]:
    filters: dict[str, list[str] | bool] = {}
    if spec.category:
        filters["category"] = [spec.category]
    if spec.required_labels:
        filters["labels"] = [sorted(spec.required_labels)[0]]
    ranges: dict[str, Range] = {}
    if spec.min_recycled_pct is not None:
        ranges["recycled_pct"] = Range(gte=float(spec.min_recycled_pct))
    return filters, ranges


def _query(spec: RfqSpec, text: str, capacity: bool, per_query: int) -> SearchQuery:
    filters, ranges = _filters(spec)
    if capacity and spec.quantity is not None:
        ranges["capacity_month"] = Range(gte=float(spec.quantity))
    # "newest" (published_at desc, then id) is the same order on every engine, so a truncated page
    # holds the same listings on tantivy and on Elasticsearch/OpenSearch (BM25 orders would differ).
    return SearchQuery(text=text, filters=filters, ranges=ranges, facets=[], sort="newest", per_page=per_query)


def retrieval_terms(spec: RfqSpec, max_terms: int = 4) -> list[str]:
    """The words asked of the engine: the product words first (so a long request cannot crowd
    them out), then the request's other words."""
    out: list[str] = []
    for t in product_terms(spec) + query_terms(spec.text):
        if t not in out:
            out.append(t)
    return out[:max_terms]


def candidate_queries(spec: RfqSpec, *, per_query: int = 200, max_terms: int = 4) -> list[SearchQuery]:
    """The engine queries of :func:`retrieve`, broadest first (it stops early when a page is complete).

    Filters: the category (with descendants), one required label (the index's ``labels`` holds
    certified labels only; the others are re-checked), recycled content ≥ minimum.  Capacity: a
    range filter drops listings *without* a capacity (missing values never match a range on
    either engine), and a supplier who gave none must still be found, so a query runs without the
    ``capacity_month ≥ quantity`` range and, when its page is truncated, once more with it (so that
    suppliers who can deliver are not crowded out); too-small capacities are removed by
    :func:`violations`.  Text: the engines require every word of a query, so after the
    all-words query each request word is asked alone.
    """
    terms = retrieval_terms(spec, max_terms)
    texts = [""] + ([" ".join(terms)] if terms else []) + (terms if len(terms) > 1 else [])
    out = []
    for text in texts:
        out.append(_query(spec, text, False, per_query))
        if spec.quantity is not None:
            out.append(_query(spec, text, True, per_query))
    return out


def broad_query(spec: RfqSpec, *, per_query: int = 200) -> SearchQuery:
    """Every filter the index can apply, no text and no capacity range, newest first."""
    return _query(spec, "", False, per_query)


def retrieve(backend: Any, kind: str, spec: RfqSpec, *, per_query: int = 200, max_terms: int = 4) -> list[int]:
    """Candidate listing ids (sorted, distinct) from the engine.

    1. The broad query (filters only): when everything it matches fits in one page, that is the
       complete candidate set.  With a category it is kept (anything in the category is relevant).
    2. The all-words query; when it is truncated, the listings with every word already fill the
       page and single words are not asked.
    3. Otherwise each word alone.
    Each truncated query is repeated with the capacity range.
    """
    ids: set[int] = set()

    def run(text: str) -> tuple[list[int], bool]:
        res = backend.search(kind, _query(spec, text, False, per_query))
        found = [int(i) for i in res.ids]
        truncated = res.total > per_query
        if truncated and spec.quantity is not None:
            found += [int(i) for i in backend.search(kind, _query(spec, text, True, per_query)).ids]
        return found, truncated

    terms = retrieval_terms(spec, max_terms)
    found, truncated = run("")
    if not truncated:
        return sorted(set(found))
    if spec.category or not terms:
        ids.update(found)
    if terms:
        found, truncated = run(" ".join(terms))
        ids.update(found)
        if not truncated and len(terms) > 1:
            for t in terms:
                ids.update(run(t)[0])
    return sorted(ids)
