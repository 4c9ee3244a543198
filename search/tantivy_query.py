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
from .understanding import Alt, Slot, Term, TextPlan, completes_in

__all__ = ["QueryBuilder", "FUZZY_BOOST", "PREFIX_BOOST", "FIELD_TIE_BREAKER"]

FUZZY_BOOST = 0.3  # typo matches score a constant, kept below most exact BM25 scores
PREFIX_BOOST = 0.5  # as-you-type matches of the last word
FIELD_TIE_BREAKER = 0.3  # dis-max: best field + 0.3 x the others
# Which words are matched by typo or as prefixes is decided by search.understanding (both engines).


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

    # -- query plans (search.understanding) ----------------------------------------------------
    def plan_query(self, plan: TextPlan) -> Query:
        """Every slot must match; a slot is the best of its alternatives (dis-max)."""
        if not plan.slots:
            return Query.const_score_query(Query.all_query(), 1.0)
        if plan.min_match is not None:  # relaxed: slots worth at least min_match words
            should = [(Occur.Should, q) for q in (self._slot(s) for s in plan.weighted()) if q is not None]
            if len(should) < plan.min_match:
                return Query.empty_query()
            return Query.boolean_query(should, plan.min_match)
        musts: list[tuple[Occur, Query]] = []
        for slot in plan.slots:
            q = self._slot(slot)
            if q is None:
                if slot.optional:
                    continue
                return Query.empty_query()
            musts.append((Occur.Should if slot.optional else Occur.Must, q))  # optional: scores if present
        return musts[0][1] if len(musts) == 1 else Query.boolean_query(musts)

    def _slot(self, slot: Slot) -> Query | None:
        alts = [q for q in (self._alt(a) for a in slot.alts) if q is not None]
        if not alts:
            return None
        return alts[0] if len(alts) == 1 else Query.disjunction_max_query(alts, 0.0)

    def _alt(self, alt: Alt) -> Query | None:
        if alt.field is not None:
            fdef = self.mapping.fields.get(alt.field)
            if fdef is None or not fdef.filterable:
                return None
            return Query.const_score_query(Query.term_set_query(self.schema, kw(fdef), list(alt.values)), alt.boost)
        if alt.phrase:
            words = [t.text for t in alt.terms]
            per_field = [Query.boost_query(Query.phrase_query(self.schema, f.name, words), f.weight)
                         for f in self.mapping.text_fields]
            return Query.boost_query(Query.disjunction_max_query(per_field, FIELD_TIE_BREAKER), alt.boost)
        parts = []
        for term in alt.terms:
            per_field = [q for q in (self._plan_term(f, term) for f in self.mapping.text_fields) if q is not None]
            if not per_field:
                return None
            parts.append(Query.disjunction_max_query(per_field, FIELD_TIE_BREAKER))
        if not parts:
            return None
        q = parts[0] if len(parts) == 1 else Query.boolean_query([(Occur.Must, p) for p in parts])
        return q if alt.boost == 1.0 else Query.boost_query(q, alt.boost)

    def _plan_term(self, fdef: FieldDef, term: Term) -> Query | None:
        """Exact (BM25), typo (constant, FUZZY_BOOST) and completion (constant, PREFIX_BOOST) matches."""
        name, weight = fdef.name, fdef.weight
        clauses = []
        if term.exact:
            clauses.append(Query.boost_query(Query.term_query(self.schema, name, term.text), weight))
        if term.fuzzy:
            fuzzy = Query.fuzzy_term_query(self.schema, name, term.text, term.fuzzy, True, False)
            clauses.append(Query.boost_query(fuzzy, weight * FUZZY_BOOST))
        if term.variants:
            variants = Query.term_set_query(self.schema, name, sorted(term.variants))
            clauses.append(Query.boost_query(variants, weight * FUZZY_BOOST))
        if term.prefix and completes_in(fdef.weight, fdef.autocomplete, term):
            if term.completions is None:
                prefix = Query.fuzzy_term_query(self.schema, name, term.text, 0, True, True)
            elif term.completions:
                prefix = Query.term_set_query(self.schema, name, sorted(term.completions))
            else:
                prefix = None
            if prefix is not None:
                clauses.append(Query.boost_query(prefix, weight * PREFIX_BOOST))
        if not clauses:
            return None
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
