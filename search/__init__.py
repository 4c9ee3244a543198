"""GreenConnect search: engine-neutral indexing and querying.

    from search import backend_from_url, SearchQuery
    backend = backend_from_url(os.environ.get("SEARCH_URL"), default_dir="instance/search")
    result = backend.search("listing", SearchQuery(text="ống hút tre", facets=["category"]))

URL schemes:

* ``None`` / ``""`` – tantivy in ``default_dir``;
* ``tantivy:///abs/path`` – tantivy in that directory (``?heap_mb=256&threads=2``);
* ``http(s)://host:9200`` – Elasticsearch through the official ``elasticsearch``
  client (an OpenSearch server behind such a URL is detected and spoken to in
  plain JSON through the same client's transport);
* ``opensearch+http(s)://host:9200`` – OpenSearch through ``opensearch-py``.

``?prefix=gc`` names the indexes/aliases (``gc_listing``) on the HTTP engines.
This package imports nothing from the Flask app.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

from .base import (
    MAX_RESULT_WINDOW,
    Backend,
    BulkResult,
    Near,
    Range,
    SearchError,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
    WriterBusy,
)
from .mapping import available_kinds, load_mapping
from .text import fold, tokens

__all__ = [
    "backend_from_url",
    "MAX_RESULT_WINDOW",
    "Backend",
    "BulkResult",
    "Near",
    "Range",
    "SearchError",
    "SearchQuery",
    "SearchResult",
    "SearchUnavailable",
    "WriterBusy",
    "available_kinds",
    "load_mapping",
    "fold",
    "tokens",
]


def backend_from_url(url: str | None, *, default_dir: str | Path = "instance/search") -> Backend:
    """The backend for ``url`` (see the module docstring for the schemes)."""
    if not url:
        from .tantivy_backend import TantivyBackend

        return TantivyBackend(Path(default_dir).resolve())
    parts = urlsplit(url)
    params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    scheme = parts.scheme.lower()
    if scheme == "tantivy":
        from .tantivy_backend import TantivyBackend

        if not parts.path.startswith("/"):
            raise ValueError("tantivy URLs need an absolute path: tantivy:///abs/path")
        return TantivyBackend(
            parts.path,
            heap_bytes=int(params.get("heap_mb", "256")) * 1_000_000,
            threads=int(params.get("threads", "0")),
        )
    if scheme in ("http", "https", "opensearch+http", "opensearch+https"):
        from .elastic import ElasticBackend

        flavour = "opensearch" if scheme.startswith("opensearch+") else "elasticsearch"
        base = urlunsplit((scheme.removeprefix("opensearch+"), parts.netloc, parts.path, "", ""))
        return ElasticBackend.connect(base, client=flavour, prefix=params.get("prefix", "gc"))
    raise ValueError(f"unsupported SEARCH_URL scheme: {scheme!r}")
