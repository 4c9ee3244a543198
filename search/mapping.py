"""Engine-neutral index definitions, loaded from ``search/mappings/<kind>.v<N>.json``.

A mapping names each document field with a neutral type (``text``, ``keyword``,
``integer``, ``float``, ``boolean``, ``date``, ``geo_point``) and a few flags:

* ``stored`` – returned by the engine (used for highlighting and suggestions);
* ``weight`` – text relevance boost of a ``text`` field;
* ``keyword`` – a ``text`` field that also gets an exact keyword variant
  (filterable and facetable under the field's own name);
* ``autocomplete`` – a ``text`` field matched by prefix in as-you-type mode
  (edge n-grams on Elasticsearch/OpenSearch, term-dictionary prefix on tantivy);
* ``highlight`` – snippets with ``<mark>`` are produced for it;
* ``multi`` – a keyword list;
* ``facet`` – counted as a terms facet under the field's name.

``facets`` adds named facets over another field (``category`` → ``category_path``),
fixed range buckets, or ``derived`` range buckets that follow the data (:mod:`search.buckets`); ``filter_aliases`` maps filter names to fields; ``ranking`` and
``sorts`` describe relevance blending and the named sort orders.  Backends
translate this into their own schema; the app never sees engine specifics.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from .buckets import merge_buckets, nice_ladder

__all__ = ["FieldDef", "FacetDef", "RangeBucket", "Ranking", "Mapping", "load_mapping", "available_kinds"]

MAPPINGS_DIR = Path(__file__).with_name("mappings")
FieldType = Literal["text", "keyword", "integer", "float", "boolean", "date", "geo_point"]
_TYPES = {"text", "keyword", "integer", "float", "boolean", "date", "geo_point"}


@dataclass(frozen=True)
class FieldDef:
    name: str
    type: FieldType
    stored: bool = False
    weight: float = 1.0
    keyword: bool = False
    autocomplete: bool = False
    highlight: bool = False
    multi: bool = False
    facet: bool = False

    @property
    def filterable(self) -> bool:
        """Exact-value filters apply to keyword, boolean and text+keyword fields."""
        return self.type in ("keyword", "boolean") or self.keyword

    @property
    def numeric(self) -> bool:
        return self.type in ("integer", "float", "date")


@dataclass(frozen=True)
class RangeBucket:
    key: str
    gte: float | None = None
    lt: float | None = None


@dataclass(frozen=True)
class FacetDef:
    """A named facet: terms over ``field`` or, with ``ranges``, range buckets."""

    name: str
    field: str
    ranges: tuple[RangeBucket, ...] = ()
    hierarchical: bool = False
    # derived (> 0): ``ranges`` is a ladder of nice steps (search.buckets) that values() merges into at
    # most this many buckets following the data; the selection is a range of the field.
    derived: int = 0

    def agg_ranges(self) -> list[dict[str, Any]]:
        """The range buckets in aggregation syntax (Elasticsearch's, which tantivy also reads)."""
        out: list[dict[str, Any]] = []
        for b in self.ranges:
            r: dict[str, Any] = {"key": b.key}
            if b.gte is not None:
                r["from"] = b.gte
            if b.lt is not None:
                r["to"] = b.lt
            out.append(r)
        return out

    def values(self, buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Engine buckets as ``{"value", "count"}``: range facets in mapping order (with
        ``from``/``to``), terms facets by count descending then value, empty buckets dropped."""
        if self.ranges:
            by_key = {b["key"]: int(b["doc_count"]) for b in buckets}
            if self.derived:
                edges = [int(r.gte) for r in self.ranges[1:] if r.gte is not None]
                return merge_buckets(edges, [by_key.get(r.key, 0) for r in self.ranges], self.derived)
            return [{"value": r.key, "count": by_key.get(r.key, 0), "from": r.gte, "to": r.lt} for r in self.ranges]
        values = [
            {"value": str(b.get("key_as_string", b["key"])), "count": int(b["doc_count"])}
            for b in buckets
            if b["doc_count"] > 0
        ]
        return sorted(values, key=lambda v: (-v["count"], v["value"]))


@dataclass(frozen=True)
class Ranking:
    """Relevance blending: ``score = text * (1 + claim_weight*claim) * freshness``.

    ``freshness`` is a step function of the document's age: the factor of the
    first bucket whose ``max_age_days`` covers the age, else 1.
    """

    claim_field: str | None = None
    claim_weight: float = 0.0
    freshness_field: str | None = None
    freshness: tuple[tuple[float, float], ...] = ()  # (max_age_days, factor), ascending

    @property
    def max_freshness(self) -> float:
        return max((f for _, f in self.freshness), default=1.0)


@dataclass(frozen=True)
class Mapping:
    kind: str
    version: int
    fields: dict[str, FieldDef]
    facets: dict[str, FacetDef]
    filter_aliases: dict[str, str]
    ranking: Ranking
    sorts: dict[str, tuple[str, str]]
    geo_field: str | None = None
    suggest_field: str | None = None

    @property
    def text_fields(self) -> list[FieldDef]:
        return [f for f in self.fields.values() if f.type == "text"]

    @property
    def highlight_fields(self) -> list[str]:
        return [f.name for f in self.fields.values() if f.highlight]

    def filter_field(self, name: str) -> FieldDef:
        """The field an exact-value filter or terms facet called ``name`` targets."""
        target = self.filter_aliases.get(name, name)
        if name in self.facets and not self.facets[name].ranges:
            target = self.facets[name].field
        fdef = self.fields.get(target)
        if fdef is None or not fdef.filterable:
            raise ValueError(f"{self.kind}: unknown filter {name!r}")
        return fdef

    def range_field(self, name: str) -> FieldDef:
        fdef = self.fields.get(name)
        if fdef is None or not fdef.numeric:
            raise ValueError(f"{self.kind}: {name!r} is not a numeric or date field")
        return fdef

    def facet(self, name: str) -> FacetDef:
        """The facet called ``name``: declared in ``facets`` or a field with ``facet: true``."""
        if name in self.facets:
            return self.facets[name]
        fdef = self.fields.get(name)
        if fdef is None or not fdef.facet:
            raise ValueError(f"{self.kind}: unknown facet {name!r}")
        return FacetDef(name=name, field=name)

    def facet_selection_key(self, name: str) -> str:
        """The filter (or range) key whose selection a facet ignores when counting."""
        fdef = self.facet(name)
        return fdef.field if fdef.ranges else name


def _parse(raw: dict[str, Any]) -> Mapping:
    fields: dict[str, FieldDef] = {}
    for name, spec in raw["fields"].items():
        if spec["type"] not in _TYPES:
            raise ValueError(f"field {name}: unknown type {spec['type']!r}")
        fields[name] = FieldDef(name=name, **spec)
    for required in ("id", "version"):
        if required not in fields:
            raise ValueError(f"mapping {raw['kind']} lacks the {required!r} field")
    facets = {name: _facet(name, spec) for name, spec in raw.get("facets", {}).items()}
    rk = raw.get("ranking", {})
    ranking = Ranking(
        claim_field=rk.get("claim_field"),
        claim_weight=float(rk.get("claim_weight", 0.0)),
        freshness_field=rk.get("freshness_field"),
        freshness=tuple(sorted((float(b["max_age_days"]), float(b["factor"])) for b in rk.get("freshness", ()))),
    )
    return Mapping(
        kind=raw["kind"],
        version=int(raw["version"]),
        fields=fields,
        facets=facets,
        filter_aliases=dict(raw.get("filter_aliases", {})),
        ranking=ranking,
        sorts={k: (v[0], v[1]) for k, v in raw.get("sorts", {}).items()},
        geo_field=raw.get("geo_field"),
        suggest_field=raw.get("suggest_field"),
    )


def _facet(name: str, spec: dict[str, Any]) -> FacetDef:
    derived = spec.get("derived")
    if derived:
        # {"max_buckets": 6, "low": 1000, "high": 1e12}: ladder steps below low, between each pair of
        # nice boundaries, and from high up.
        edges = nice_ladder(float(derived["low"]), float(derived["high"]))
        steps = [RangeBucket(key="s0", lt=edges[0])]
        steps += [RangeBucket(key=f"s{i}", gte=a, lt=b) for i, (a, b) in enumerate(zip(edges, edges[1:]), start=1)]
        steps.append(RangeBucket(key=f"s{len(edges)}", gte=edges[-1]))
        return FacetDef(name=name, field=spec["field"], ranges=tuple(steps), derived=int(derived["max_buckets"]))
    return FacetDef(
        name=name,
        field=spec["field"],
        ranges=tuple(RangeBucket(**b) for b in spec.get("ranges", ())),
        hierarchical=spec.get("hierarchical", False),
    )


def available_kinds() -> list[str]:
    """Every kind that has at least one mapping file."""
    return sorted({p.name.split(".")[0] for p in MAPPINGS_DIR.glob("*.v*.json")})


@lru_cache(maxsize=None)
def load_mapping(kind: str, version: int | None = None) -> Mapping:
    """Load ``<kind>.v<version>.json``; the highest version when ``version`` is None."""
    if version is None:
        versions = sorted(int(p.name.split(".v")[1].split(".")[0]) for p in MAPPINGS_DIR.glob(f"{kind}.v*.json"))
        if not versions:
            raise ValueError(f"no mapping for kind {kind!r}")
        version = versions[-1]
    path = MAPPINGS_DIR / f"{kind}.v{version}.json"
    return _parse(json.loads(path.read_text(encoding="utf-8")))
