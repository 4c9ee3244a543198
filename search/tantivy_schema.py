"""Translating a neutral :class:`~search.mapping.Mapping` into a tantivy schema and documents."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import tantivy

from .documents import GEO_KEY, ID_NUM, RANK_FIELD
from .mapping import FieldDef, Mapping

__all__ = ["TOKENIZER", "WEIGHT_FIELD", "FRESH_FIELD", "RANK_AT", "COMBO_SEP", "combo", "build_schema", "freshness_steps", "step_factor", "register_tokenizers", "to_document", "kw", "field_type"]

TOKENIZER = "gc_fold"  # simple tokenizer + lowercase + ascii_fold: "Đà Nẵng" -> ["da", "nang"]
# tantivy multiplies scores by log2(2 + value) (``weight_by_field``): value = 2**(rank_boost x freshness) - 2,
# freshness being the document's factor at the time it was indexed (``rank_at``), see tantivy_search.
WEIGHT_FIELD = "rank_w"
# The freshness field as integer seconds (date fast fields cannot be read by ``fast_field_values``).
FRESH_FIELD = "fresh_ts"
RANK_AT = "rank_at"  # when ``rank_w`` was computed (integer seconds)
# Multi-valued keyword fields also get a single-valued "combination" column (the sorted values joined
# by COMBO_SEP): a terms aggregation over it reads one ordinal per document, several times faster
# than over the multi-valued column, and per-value counts are the sums over the combinations.
COMBO_SEP = "\x1f"


def combo(fdef: FieldDef) -> str:
    """The combination column of a multi-valued keyword field."""
    return f"{fdef.name}__combo"


def _fresh(mapping: Mapping) -> bool:
    return bool(mapping.ranking.freshness_field and mapping.ranking.freshness)


def freshness_steps(mapping: Mapping, now_ts: float) -> list[tuple[float, float]]:
    """[(since_ts, factor)] newest window first; the last has since -inf (factor 1).

    The same windows as :func:`search.documents.freshness_windows`, in epoch seconds.
    """
    rk = mapping.ranking
    steps = [(now_ts - max_age * 86400.0, factor) for max_age, factor in rk.freshness]
    return steps + [(-float("inf"), 1.0)]


def step_factor(steps: list[tuple[float, float]], ts: int | None) -> float:
    """The freshness factor of a document published at ``ts`` (None: oldest window)."""
    if ts is None:
        return 1.0
    for since, factor in steps:
        if ts >= since:
            return factor
    return 1.0

_FAST_TYPES: dict[str, tantivy.FieldType] = {
    "integer": tantivy.FieldType.Integer,
    "float": tantivy.FieldType.Float,
    "date": tantivy.FieldType.Date,
    "boolean": tantivy.FieldType.Boolean,
}


def kw(fdef: FieldDef) -> str:
    """The tantivy field holding exact values of ``fdef`` (keyword twin of a text field)."""
    return f"{fdef.name}__kw" if fdef.type == "text" else fdef.name


def field_type(fdef: FieldDef) -> tantivy.FieldType:
    return _FAST_TYPES[fdef.type]


def register_tokenizers(index: tantivy.Index) -> None:
    """Register the folding analyzer; needed on every opened index before writing."""
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    index.register_tokenizer(TOKENIZER, analyzer)


def build_schema(mapping: Mapping) -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for f in mapping.fields.values():
        if f.type == "text":
            sb.add_text_field(f.name, stored=f.stored, tokenizer_name=TOKENIZER)
            if f.keyword:
                sb.add_text_field(kw(f), tokenizer_name="raw", fast=True)
        elif f.type == "keyword":
            sb.add_text_field(f.name, stored=f.stored, tokenizer_name="raw", fast=True)
            if f.multi:
                sb.add_text_field(combo(f), tokenizer_name="raw", fast=True, index_option="basic")
        elif f.type == "integer":
            sb.add_integer_field(f.name, stored=f.stored, indexed=True, fast=True)
        elif f.type == "float":
            sb.add_float_field(f.name, stored=f.stored, indexed=True, fast=True)
        elif f.type == "boolean":
            sb.add_boolean_field(f.name, stored=f.stored, indexed=True, fast=True)
        elif f.type == "date":
            sb.add_date_field(f.name, stored=f.stored, indexed=True, fast=True)
        # geo_point: represented by GEO_KEY (the point's "lat,lon"), see search.geo.
    sb.add_integer_field(ID_NUM, indexed=True, fast=True)
    if mapping.ranking.claim_field or _fresh(mapping):
        sb.add_float_field(WEIGHT_FIELD, fast=True)
    if _fresh(mapping):
        sb.add_integer_field(FRESH_FIELD, fast=True)
        sb.add_integer_field(RANK_AT, fast=True)
    if mapping.geo_field:
        sb.add_text_field(GEO_KEY, tokenizer_name="raw", fast=True)
    return sb.build()


def to_document(mapping: Mapping, prepared: dict[str, Any], now: datetime | None = None) -> tantivy.Document:
    """A tantivy document from the output of :func:`search.documents.prepare`.

    ``now``: the indexing time used for the freshness part of ``rank_w`` (default: the clock).
    """
    values: dict[str, Any] = {}
    for name, value in prepared.items():
        fdef = mapping.fields.get(name)
        if fdef is None:
            continue
        if fdef.type == "geo_point":
            continue
        values[name] = value
        if fdef.type == "keyword" and fdef.multi and value:
            values[combo(fdef)] = COMBO_SEP.join(sorted(value))
        if fdef.type == "text" and fdef.keyword:
            values[kw(fdef)] = value
    values[ID_NUM] = prepared[ID_NUM]
    boost = prepared.get(RANK_FIELD, 1.0)
    if _fresh(mapping):
        at = int((now or datetime.now(timezone.utc)).timestamp())
        published = prepared.get(mapping.ranking.freshness_field)  # type: ignore[arg-type]
        ts = None if published is None else int(published.timestamp())
        if ts is not None:
            values[FRESH_FIELD] = ts
        values[RANK_AT] = at
        boost *= step_factor(freshness_steps(mapping, at), ts)
    if mapping.ranking.claim_field or _fresh(mapping):
        values[WEIGHT_FIELD] = 2.0**boost - 2.0
    if GEO_KEY in prepared:
        values[GEO_KEY] = prepared[GEO_KEY]
    return tantivy.Document(**values)
