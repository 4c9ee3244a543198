"""Translating a neutral :class:`~search.mapping.Mapping` into a tantivy schema and documents."""

from __future__ import annotations

from typing import Any

import tantivy

from .documents import GEO_KEY, ID_NUM, RANK_FIELD
from .mapping import FieldDef, Mapping

__all__ = ["TOKENIZER", "WEIGHT_FIELD", "build_schema", "register_tokenizers", "to_document", "kw", "field_type"]

TOKENIZER = "gc_fold"  # simple tokenizer + lowercase + ascii_fold: "Đà Nẵng" -> ["da", "nang"]
WEIGHT_FIELD = "rank_w"  # tantivy multiplies scores by log2(2 + value): value = 2**rank_boost - 2

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
    if mapping.ranking.claim_field:
        sb.add_float_field(WEIGHT_FIELD, fast=True)
    if mapping.geo_field:
        sb.add_text_field(GEO_KEY, tokenizer_name="raw", fast=True)
    return sb.build()


def to_document(mapping: Mapping, prepared: dict[str, Any]) -> tantivy.Document:
    """A tantivy document from the output of :func:`search.documents.prepare`."""
    values: dict[str, Any] = {}
    for name, value in prepared.items():
        fdef = mapping.fields.get(name)
        if fdef is None:
            continue
        if fdef.type == "geo_point":
            continue
        values[name] = value
        if fdef.type == "text" and fdef.keyword:
            values[kw(fdef)] = value
    values[ID_NUM] = prepared[ID_NUM]
    if RANK_FIELD in prepared:
        values[WEIGHT_FIELD] = 2.0 ** prepared[RANK_FIELD] - 2.0
    if GEO_KEY in prepared:
        values[GEO_KEY] = prepared[GEO_KEY]
    return tantivy.Document(**values)
