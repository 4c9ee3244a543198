"""Translating mappings, documents and queries into Elasticsearch/OpenSearch JSON.

Analysis: ``gc_fold`` = standard tokenizer + lowercase + asciifolding (folds
Vietnamese marks and đ→d); ``gc_prefix`` adds an edge n-gram filter and backs
the ``.prefix`` subfield of autocomplete fields.  Queries arrive pre-folded
(:mod:`search.text`), so both engines see identical terms.

Relevance: ``function_score`` multiplies the text score by the freshness
window weight and by ``rank_boost = 1 + claim_weight*claim_strength``, the
same formula as the tantivy backend.  Facets of selected filters use the
classic layout: those filters go to ``post_filter`` and each facet
aggregation filters by every post filter except its own.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from .base import Range, SearchQuery
from .documents import GEO_KEY, ID_NUM, RANK_FIELD, freshness_windows, iso, parse_date
from .mapping import FieldDef, Mapping
from .understanding import Alt, Slot, Term, TextPlan, completes_in

__all__ = ["index_body", "to_source", "search_body", "count_body", "stored_body", "plan_clause", "parse_facets"]

TIE_BREAKER = 0.3
PREFIX_BOOST = 0.5  # the same constants as the tantivy backend (search/tantivy_query.py)
FUZZY_BOOST = 0.3
MAX_EXPANSIONS = 200
_NUMERIC = {"integer": "long", "float": "double", "boolean": "boolean", "date": "date", "geo_point": "geo_point"}


def index_body(mapping: Mapping, *, shards: int = 1, replicas: int = 0) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for f in mapping.fields.values():
        if f.type == "text":
            spec: dict[str, Any] = {"type": "text", "analyzer": "gc_fold"}
            sub: dict[str, Any] = {}
            if f.keyword:
                sub["kw"] = {"type": "keyword"}
            if f.autocomplete:
                sub["prefix"] = {"type": "text", "analyzer": "gc_prefix", "search_analyzer": "gc_fold"}
            if sub:
                spec["fields"] = sub
            props[f.name] = spec
        elif f.type == "keyword":
            props[f.name] = {"type": "keyword"}
        else:
            props[f.name] = {"type": _NUMERIC[f.type]}
    props[ID_NUM] = {"type": "long"}
    if mapping.ranking.claim_field:
        props[RANK_FIELD] = {"type": "double"}
    if mapping.geo_field:
        props[GEO_KEY] = {"type": "keyword"}
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "analysis": {
                "filter": {"gc_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20}},
                "analyzer": {
                    "gc_fold": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
                    "gc_prefix": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "gc_edge"],
                    },
                },
            },
        },
        "mappings": {"dynamic": "strict", "properties": props},
    }


def to_source(prepared: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready ``_source`` from :func:`search.documents.prepare` output."""
    return {k: iso(v) if isinstance(v, datetime) else v for k, v in prepared.items()}


def _kw(f: FieldDef) -> str:
    return f"{f.name}.kw" if f.type == "text" else f.name


def _bound(f: FieldDef, value: float | str | datetime) -> Any:
    return iso(parse_date(value)) if f.type == "date" else value  # type: ignore[arg-type]


def plan_clause(mapping: Mapping, plan: TextPlan) -> dict[str, Any]:
    """The same tree as the tantivy backend: must(slots), dis-max of alternatives, all terms of an
    alternative, dis-max of fields per term; exact = BM25, typo and completion = constant scores."""
    if not plan.slots:
        return {"match_all": {}}
    nothing = {"bool": {"must_not": [{"match_all": {}}]}}
    if plan.min_match is not None:  # relaxed: slots worth at least min_match words
        should = [q for q in (_slot(mapping, s) for s in plan.weighted()) if q is not None]
        if len(should) < plan.min_match:
            return nothing
        return {"bool": {"should": should, "minimum_should_match": plan.min_match}}
    must, should = [], []
    for slot in plan.slots:
        q = _slot(mapping, slot)
        if q is None:
            if slot.optional:
                continue
            return nothing
        (should if slot.optional else must).append(q)  # optional: scores if present
    if not should and len(must) == 1:
        return must[0]
    return {"bool": {"must": must, "should": should}} if should else {"bool": {"must": must}}


def _slot(mapping: Mapping, slot: Slot) -> dict[str, Any] | None:
    alts = [q for q in (_alt(mapping, a) for a in slot.alts) if q is not None]
    if not alts:
        return None
    return alts[0] if len(alts) == 1 else {"dis_max": {"queries": alts, "tie_breaker": 0.0}}


def _alt(mapping: Mapping, alt: Alt) -> dict[str, Any] | None:
    if alt.field is not None:
        f = mapping.fields.get(alt.field)
        if f is None or not f.filterable:
            return None
        return {"constant_score": {"filter": {"terms": {_kw(f): list(alt.values)}}, "boost": alt.boost}}
    if alt.phrase:
        text = " ".join(t.text for t in alt.terms)
        per_field = [{"match_phrase": {f.name: {"query": text, "boost": f.weight}}} for f in mapping.text_fields]
        return {"dis_max": {"queries": per_field, "tie_breaker": TIE_BREAKER, "boost": alt.boost}}
    parts = []
    for term in alt.terms:
        per_field = [q for q in (_plan_term(f, term) for f in mapping.text_fields) if q is not None]
        if not per_field:
            return None
        parts.append(per_field[0] if len(per_field) == 1 else {"dis_max": {"queries": per_field, "tie_breaker": TIE_BREAKER}})
    if not parts:
        return None
    if len(parts) == 1 and alt.boost == 1.0:
        return parts[0]
    return {"bool": {"must": parts, "boost": alt.boost}}


def _plan_term(f: FieldDef, term: Term) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if term.exact:
        clauses.append({"term": {f.name: {"value": term.text, "boost": f.weight}}})
    if term.fuzzy:
        fuzzy = {"value": term.text, "fuzziness": term.fuzzy, "prefix_length": 0, "transpositions": True,
                 "max_expansions": MAX_EXPANSIONS}
        clauses.append({"constant_score": {"filter": {"fuzzy": {f.name: fuzzy}}, "boost": f.weight * FUZZY_BOOST}})
    if term.variants:
        clauses.append({"constant_score": {"filter": {"terms": {f.name: sorted(term.variants)}},
                                           "boost": f.weight * FUZZY_BOOST}})
    if term.prefix and completes_in(f.weight, f.autocomplete, term):
        if term.completions is None:
            clauses.append({"constant_score": {"filter": {"prefix": {f.name: term.text}}, "boost": f.weight * PREFIX_BOOST}})
        elif term.completions:
            clauses.append({"constant_score": {"filter": {"terms": {f.name: sorted(term.completions)}},
                                               "boost": f.weight * PREFIX_BOOST}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses}}


def count_body(mapping: Mapping, q: SearchQuery, plan: TextPlan) -> dict[str, Any]:
    filters = list(_filters(mapping, q).values())
    if q.near is not None and q.near.radius_km is not None and mapping.geo_field:
        filters.append({"geo_distance": {"distance": f"{q.near.radius_km}km", mapping.geo_field: {"lat": q.near.lat, "lon": q.near.lon}}})
    return {"query": {"bool": {"must": [plan_clause(mapping, plan)], "filter": filters}}}


def stored_body(mapping: Mapping, plan: TextPlan, size: int, fields: list[str]) -> dict[str, Any]:
    return {
        "size": size,
        "_source": fields,
        "query": _scored(mapping, plan_clause(mapping, plan), datetime.now(timezone.utc)),
        "sort": [{"_score": {"order": "desc"}}, {ID_NUM: {"order": "asc"}}],
    }


def value_filter(mapping: Mapping, name: str, values: list[str] | bool | str) -> dict[str, Any]:
    f = mapping.filter_field(name)
    if f.type == "boolean":
        if not isinstance(values, bool):
            raise ValueError(f"filter {name!r} takes True or False")
        return {"term": {f.name: values}}
    vals = [values] if isinstance(values, str) else [str(v) for v in values]
    if not vals:
        raise ValueError(f"filter {name!r} has no values")
    return {"terms": {_kw(f): vals}}


def range_filter(mapping: Mapping, name: str, rng: Range) -> dict[str, Any]:
    f = mapping.range_field(name)
    spec = {op: _bound(f, v) for op, v in (("gte", rng.gte), ("gt", rng.gt), ("lte", rng.lte), ("lt", rng.lt)) if v is not None}
    return {"range": {f.name: spec}}


def _filters(mapping: Mapping, q: SearchQuery) -> dict[str, dict[str, Any]]:
    out = {n: value_filter(mapping, n, v) for n, v in q.filters.items()}
    out.update({n: range_filter(mapping, n, r) for n, r in q.ranges.items()})
    return out


def _facet_agg(mapping: Mapping, name: str, size: int) -> dict[str, Any]:
    facet = mapping.facet(name)
    if facet.ranges:
        return {"range": {"field": facet.field, "ranges": facet.agg_ranges()}}
    return {"terms": {"field": _kw(mapping.fields[facet.field]), "size": size}}


def search_body(mapping: Mapping, q: SearchQuery, plan: TextPlan) -> dict[str, Any]:
    filters = _filters(mapping, q)
    faceted = {mapping.facet_selection_key(n) for n in q.facets}
    post = {k: v for k, v in filters.items() if k in faceted}
    query_filters = [v for k, v in filters.items() if k not in faceted]
    if q.near is not None and q.near.radius_km is not None and mapping.geo_field:
        query_filters.append(
            {"geo_distance": {"distance": f"{q.near.radius_km}km", mapping.geo_field: {"lat": q.near.lat, "lon": q.near.lon}}}
        )
    query: dict[str, Any] = {"bool": {"must": [plan_clause(mapping, plan)], "filter": query_filters}}
    body: dict[str, Any] = {
        "from": q.offset,
        "size": q.per_page,
        "track_total_hits": True,
        "_source": False,
        "sort": _sort(mapping, q),
    }
    if q.sort == "relevance":
        query = _scored(mapping, query, q.clock())
    body["query"] = query
    if post:
        body["post_filter"] = {"bool": {"filter": list(post.values())}}
    if q.facets:
        aggs = {}
        for name in q.facets:
            own = mapping.facet_selection_key(name)
            others = [v for k, v in post.items() if k != own]
            aggs[name] = {
                "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
                "aggs": {"v": _facet_agg(mapping, name, q.facet_size)},
            }
        body["aggs"] = aggs
    if q.highlight and plan.slots:
        body["highlight"] = {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "encoder": "html",
            "fields": {name: {"fragment_size": 160, "number_of_fragments": 1} for name in mapping.highlight_fields},
        }
    return body


def _scored(mapping: Mapping, query: dict[str, Any], now: datetime) -> dict[str, Any]:
    functions: list[dict[str, Any]] = []
    fname = mapping.ranking.freshness_field
    for since, until, factor in freshness_windows(mapping, now):
        if since is None or factor == 1.0:
            continue
        rng: dict[str, Any] = {"gte": iso(since)}
        if until is not None:
            rng["lt"] = iso(until)
        functions.append({"filter": {"range": {fname: rng}}, "weight": factor})
    if mapping.ranking.claim_field:
        functions.append({"field_value_factor": {"field": RANK_FIELD, "missing": 1.0}})
    if not functions:
        return query
    return {"function_score": {"query": query, "functions": functions, "score_mode": "multiply", "boost_mode": "multiply"}}


def _sort(mapping: Mapping, q: SearchQuery) -> list[dict[str, Any]]:
    tie = {ID_NUM: {"order": "asc"}}
    if q.sort == "relevance":
        return [{"_score": {"order": "desc"}}, tie]
    if q.sort == "distance":
        assert q.near is not None and mapping.geo_field
        geo = {mapping.geo_field: {"lat": q.near.lat, "lon": q.near.lon}, "order": "asc", "unit": "km"}
        return [{"_geo_distance": geo}, tie]
    field, direction = mapping.sorts[q.sort]
    return [{field: {"order": direction, "missing": "_last"}}, tie]


def parse_facets(mapping: Mapping, aggs: dict[str, Any], names: list[str]) -> dict[str, list[dict[str, Any]]]:
    return {name: mapping.facet(name).values(aggs[name]["v"]["buckets"]) for name in names}
