"""Building tantivy queries from a :class:`~search.base.SearchQuery`."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

import tantivy
from tantivy import Occur, Query

from .base import Near, Range, SearchQuery
from .documents import GEO_KEY, freshness_windows, parse_date
from .geo import haversine_km, parse_point_key
from .mapping import FieldDef, Mapping
from .tantivy_schema import field_type, kw
from .text import QueryTokens, edit_distance_for

__all__ = ["QueryBuilder", "FUZZY_BOOST", "PREFIX_BOOST", "FIELD_TIE_BREAKER", "FUZZY_SKIP_DF"]

FUZZY_BOOST = 0.3  # typo matches score a constant, kept below most exact BM25 scores
PREFIX_BOOST = 0.5  # as-you-type matches of the last word
FIELD_TIE_BREAKER = 0.3  # dis-max: best field + 0.3 x the others
# Typo policy: a word whose exact (folded) form is in at least this many documents of some text field is
# a real word the user typed correctly, so no typo expansion is run for it (a fuzzy expansion of a common
# word unions many large posting lists and is the costliest part of such queries).  Below it, words of
# 5+ letters also match within 1 edit (2 from 9 letters).  Small corpora (tests, young deployments) are
# therefore always typo-tolerant, like the HTTP engines.
FUZZY_SKIP_DF = 500


def _filter(q: Query) -> Query:
    """A non-scoring clause."""
    return Query.const_score_query(q, 0.0)


def _and(scored: Query, filters: list[Query]) -> Query:
    if not filters:
        return scored
    return Query.boolean_query([(Occur.Must, scored)] + [(Occur.Must, _filter(f)) for f in filters])


def _bound(fdef: FieldDef, value: float | str | datetime) -> float | int | datetime:
    if fdef.type == "date":
        return parse_date(value) if isinstance(value, (str, datetime)) else value
    if isinstance(value, (str, datetime)):
        raise ValueError(f"{fdef.name}: numeric bound expected, got {value!r}")
    return float(value)


class QueryBuilder:
    """Translates the neutral query model into tantivy queries for one mapping."""

    def __init__(self, mapping: Mapping, schema: tantivy.Schema) -> None:
        self.mapping = mapping
        self.schema = schema

    # -- text --------------------------------------------------------------------
    def fuzzy_flags(self, tokens: QueryTokens, searcher: tantivy.Searcher | None) -> list[bool]:
        """Which words get a typo expansion (see FUZZY_SKIP_DF); all eligible ones without a searcher."""
        flags = []
        for term in tokens.terms:
            fuzzy = bool(edit_distance_for(term))
            if fuzzy and searcher is not None:
                fuzzy = all(searcher.doc_freq(f.name, term) < FUZZY_SKIP_DF for f in self.mapping.text_fields)
            flags.append(fuzzy)
        return flags

    def text_query(self, tokens: QueryTokens, fuzzy: list[bool] | None = None) -> Query:
        """All words must match (each in some text field); the last may be a prefix.

        ``fuzzy[i]`` says whether word ``i`` also matches by typo (default: every word of 5+ letters).
        """
        if not tokens.terms:
            return Query.const_score_query(Query.all_query(), 1.0)
        groups: list[tuple[Occur, Query]] = []
        for i, term in enumerate(tokens.terms):
            as_prefix = tokens.last_is_prefix and i == len(tokens.terms) - 1
            typo = fuzzy[i] if fuzzy is not None else True
            per_field = [self._field_term(f, term, as_prefix, typo) for f in self.mapping.text_fields]
            groups.append((Occur.Must, Query.disjunction_max_query(per_field, FIELD_TIE_BREAKER)))
        return Query.boolean_query(groups)

    def _field_term(self, fdef: FieldDef, term: str, as_prefix: bool, typo: bool = True) -> Query:
        """Exact term, plus a typo match for longer words and a prefix match while typing."""
        name, weight = fdef.name, fdef.weight
        clauses = [Query.boost_query(Query.term_query(self.schema, name, term), weight)]
        dist = edit_distance_for(term) if typo else 0
        if dist:
            fuzzy = Query.fuzzy_term_query(self.schema, name, term, dist, True, False)
            clauses.append(Query.boost_query(fuzzy, weight * FUZZY_BOOST))
        if as_prefix and fdef.autocomplete:
            prefix = Query.fuzzy_term_query(self.schema, name, term, 0, True, True)
            clauses.append(Query.boost_query(prefix, weight * PREFIX_BOOST))
        if len(clauses) == 1:
            return clauses[0]
        return Query.boolean_query([(Occur.Should, q) for q in clauses])

    def ranked(self, scored: Query, filters: list[Query], now: datetime) -> Query:
        """``scored`` filtered, multiplied by the freshness factor of each document.

        Freshness windows are disjoint, so OR-ing ``scored AND window_i`` boosted
        by ``factor_i`` gives every document exactly one factor.
        """
        windows = freshness_windows(self.mapping, now)
        if not windows:
            return _and(scored, filters)
        fname = self.mapping.ranking.freshness_field
        assert fname is not None
        fdef = self.mapping.fields[fname]
        parts: list[tuple[Occur, Query]] = []
        for since, until, factor in windows:
            if since is None:  # oldest window, and documents without the date
                assert until is not None
                newer = Query.range_query(self.schema, fname, field_type(fdef), until, None, True, True)
                part = _and(scored, filters).and_must_not_match(newer)
            else:
                window = Query.range_query(self.schema, fname, field_type(fdef), since, until, True, until is None)
                part = Query.boost_query(_and(scored, filters + [window]), factor)
            parts.append((Occur.Should, part))
        return Query.boolean_query(parts)

    # -- filters -------------------------------------------------------------------
    def value_filter(self, name: str, values: list[str] | bool | str) -> Query:
        fdef = self.mapping.filter_field(name)
        if fdef.type == "boolean":
            if not isinstance(values, bool):
                raise ValueError(f"filter {name!r} takes True or False")
            return Query.term_query(self.schema, fdef.name, values)
        vals = [values] if isinstance(values, str) else [str(v) for v in values]
        if not vals:
            raise ValueError(f"filter {name!r} has no values")
        return Query.term_set_query(self.schema, kw(fdef), vals)

    def range_filter(self, name: str, rng: Range) -> Query:
        fdef = self.mapping.range_field(name)
        lower, incl_lower = (rng.gte, True) if rng.gte is not None else (rng.gt, False)
        upper, incl_upper = (rng.lte, True) if rng.lte is not None else (rng.lt, False)
        lo = None if lower is None else _bound(fdef, lower)
        hi = None if upper is None else _bound(fdef, upper)
        if fdef.type == "integer":
            # Integer fields need integer bounds: turn them into inclusive ones.
            if lo is not None:
                lo = math.ceil(lo) if incl_lower else math.floor(lo) + 1
                incl_lower = True
            if hi is not None:
                hi = math.floor(hi) if incl_upper else math.ceil(hi) - 1
                incl_upper = True
        return Query.range_query(
            self.schema, fdef.name, field_type(fdef), lo, hi, incl_lower or lo is None, incl_upper or hi is None
        )

    def geo_filter(self, near: Near, points: Iterable[str]) -> Query:
        """Documents whose point lies within ``near.radius_km`` (points: every indexed key)."""
        assert near.radius_km is not None
        inside = [k for k in points if haversine_km(near.lat, near.lon, *parse_point_key(k)) <= near.radius_km]
        if not inside:
            return Query.empty_query()
        return Query.term_set_query(self.schema, GEO_KEY, inside)

    def filters(self, query: SearchQuery, *, skip: str | None = None) -> list[Query]:
        """Every filter of ``query`` except the selection called ``skip`` (a filter or range key)."""
        out = [self.value_filter(n, v) for n, v in query.filters.items() if n != skip]
        out += [self.range_filter(n, r) for n, r in query.ranges.items() if n != skip]
        return out

    def point_query(self, key: str) -> Query:
        return Query.term_query(self.schema, GEO_KEY, key)
