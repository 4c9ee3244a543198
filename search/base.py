"""The one search interface the app talks to, whatever the engine.

Backends: :class:`search.tantivy_backend.TantivyBackend` (embedded, default) and
:class:`search.elastic.ElasticBackend` (Elasticsearch or OpenSearch).  Create
them with :func:`search.backend_from_url`.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping as MappingABC
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Literal

from .mapping import Mapping, load_mapping

__all__ = [
    "SearchError",
    "SearchUnavailable",
    "WriterBusy",
    "Range",
    "Near",
    "SearchQuery",
    "SearchResult",
    "BulkResult",
    "Backend",
    "Sort",
    "MAX_RESULT_WINDOW",
]

# The deepest hit a page may reach (offset + per_page), on every engine: Elasticsearch's default
# ``index.max_result_window``.  Engines allocate their top-K collector for offset + per_page hits, so
# an unbounded page is a memory bomb (tantivy aborts the process); :meth:`Backend.search` answers a
# page past the window with its total and facets but no hits, without ever asking the engine for it.
MAX_RESULT_WINDOW = 10_000

Sort = Literal["relevance", "price_asc", "price_desc", "newest", "distance", "starts_soon"]
# Field sorts other than relevance/distance read the field and direction from the mapping's "sorts".
SORTS: tuple[str, ...] = ("relevance", "price_asc", "price_desc", "newest", "distance", "starts_soon")


class SearchError(Exception):
    """Base class of every error raised by :mod:`search`."""


class SearchUnavailable(SearchError):
    """The engine cannot be reached or answered with a server error ("search degraded")."""


class WriterBusy(SearchError):
    """Another process (or backend object) already holds the index writer."""


@dataclass(frozen=True)
class Range:
    """A numeric or date range; ``None`` bounds are open.  Dates: ISO strings or datetimes."""

    gte: float | str | datetime | None = None
    gt: float | str | datetime | None = None
    lte: float | str | datetime | None = None
    lt: float | str | datetime | None = None


@dataclass(frozen=True)
class Near:
    """A point; with ``radius_km`` also a distance filter."""

    lat: float
    lon: float
    radius_km: float | None = None


@dataclass
class SearchQuery:
    """What to search for.

    ``filters`` maps a filter name to accepted values (OR within a name, AND
    across names); a ``bool`` value filters a boolean field.  ``category``
    matches the category or any descendant.  ``ranges`` maps a numeric/date
    field to a :class:`Range`.  Facet counts of a facet ignore that facet's own
    selection (``filters[name]``, or ``ranges[field]`` for a range facet).
    ``page`` is 1-based; pages past :data:`MAX_RESULT_WINDOW` come back empty.  ``prefix`` treats the last word as still being typed.
    ``now`` fixes the clock used by freshness ranking (tests, reproducible runs).
    ``did_you_mean=False``: no correction is looked for when nothing matches (a caller that shows none,
    e.g. a side section, saves the stored reads it costs).
    """

    text: str = ""
    filters: dict[str, list[str] | bool] = field(default_factory=dict)
    ranges: dict[str, Range] = field(default_factory=dict)
    facets: list[str] = field(default_factory=list)
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 20
    near: Near | None = None
    prefix: bool = False
    highlight: bool = False
    facet_size: int = 100
    now: datetime | None = None
    did_you_mean: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def within_window(self) -> bool:
        """The page ends at or before :data:`MAX_RESULT_WINDOW`."""
        return self.offset + self.per_page <= MAX_RESULT_WINDOW

    def validate(self) -> None:
        if self.page < 1 or not 1 <= self.per_page <= 1000:
            raise ValueError("page must be >= 1 and per_page within 1..1000")
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}")
        if self.sort == "distance" and self.near is None:
            raise ValueError("sort=distance needs near=Near(lat, lon)")

    def clock(self) -> datetime:
        return self.now or datetime.now(timezone.utc)


@dataclass
class SearchResult:
    """A page of hits in order.

    ``facets[name]`` is a list of ``{"value": str, "count": int}`` (count
    descending, then value); range buckets add ``"from"``/``"to"`` and keep the
    mapping's bucket order.  ``highlights[id][field]`` is HTML-safe text with
    matches wrapped in ``<mark>``.  ``scores`` are engine scores for relevance
    sorts, distances in km for ``distance`` and empty for other sorts.

    ``generation`` is the marker of the physical index that answered (written by
    :meth:`Backend.rebuild`); ``None`` when the index is missing, unreadable or was never
    built whole (created empty by a write).  ``degraded`` says why the answer may be
    incomplete; the engine leaves it empty and the application, which knows the generation
    it expects, fills it (see ``app.indexing.state``).
    """

    ids: list[str]
    total: int
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    highlights: dict[str, dict[str, str]] = field(default_factory=dict)
    scores: list[float] = field(default_factory=list)
    # Query understanding (search.understanding): set when nothing matched every word and the hits
    # match fewer ({"dropped": [words], "query": kept words, "matched": n, "of": m}); a correction
    # from the index's words when nothing matched at all; the query as read when Telex/VNI
    # leftovers were undone.
    relaxed: dict[str, Any] | None = None
    did_you_mean: str | None = None
    understood: str | None = None
    generation: str | None = None
    degraded: str = ""
    # The text plan that answered (search.understanding.TextPlan: strict, a typo reading or relaxed): the
    # same reading of the words can be run again, restricted, with :meth:`Backend.search_plan`.
    plan: Any = None


@dataclass
class BulkResult:
    """How many documents were written and how many were older than the stored version."""

    indexed: int = 0
    stale: int = 0


class Backend(abc.ABC):
    """The engine-neutral interface.  Every method is safe to call from threads.

    ``kind`` is a mapping name (``listing``, ``organisation``, ...).  Documents
    are dicts with string ``id`` (a string of an integer) and integer ``version``.
    """

    name: str = "backend"

    def mapping(self, kind: str) -> Mapping:
        return load_mapping(kind)

    @abc.abstractmethod
    def ping(self) -> bool:
        """True when the engine answers."""

    @abc.abstractmethod
    def ensure_index(self, kind: str) -> None:
        """Create the index (and alias/pointer) for ``kind`` if it does not exist."""

    @abc.abstractmethod
    def bulk_upsert(self, kind: str, docs: Iterable[MappingABC[str, Any]]) -> BulkResult:
        """Insert or replace documents; a stored document with a higher version wins."""

    @abc.abstractmethod
    def delete(self, kind: str, ids: Iterable[str]) -> None:
        """Remove documents by id (missing ids are ignored)."""

    @abc.abstractmethod
    def refresh(self, kind: str) -> None:
        """Make every acknowledged write visible to searches."""

    @abc.abstractmethod
    def count(self, kind: str) -> int:
        """Number of searchable documents."""

    @abc.abstractmethod
    def ids_and_versions(self, kind: str) -> dict[str, int]:
        """Every stored id with its version (for consistency checks against SQL)."""

    def search(self, kind: str, query: SearchQuery) -> SearchResult:
        """Run a query; see :class:`SearchQuery` and :mod:`search.understanding` (the same stages on
        every engine: strict, typo retry, relaxation, did-you-mean).

        The result window is bounded here, for every engine and every caller: a page that would end
        past :data:`MAX_RESULT_WINDOW` never reaches the engine's collector; it is answered with the
        query's total and facets (from a one-hit probe) and no ids.
        """
        from .understanding import run_search

        query.validate()
        if query.within_window:
            return run_search(self, kind, query)
        probe = replace(query, page=1, per_page=1, highlight=False)
        found = run_search(self, kind, probe)
        return SearchResult(ids=[], total=found.total, facets=found.facets, relaxed=found.relaxed,
                            did_you_mean=found.did_you_mean, understood=found.understood,
                            generation=found.generation, plan=found.plan)

    def search_plan(self, kind: str, query: SearchQuery, plan: Any) -> SearchResult:
        """One page of ``query`` read as ``plan`` — the :attr:`SearchResult.plan` of an earlier search —
        in one engine call, without the understanding stages (``query.text`` is ignored): e.g. the same
        words, as the page read them, restricted to some ids. Bounded by the same result window."""
        query.validate()
        if not query.within_window:
            probe = self._search_plan(kind, replace(query, page=1, per_page=1, highlight=False), plan)
            return SearchResult(ids=[], total=probe.total, facets=probe.facets, generation=probe.generation, plan=plan)
        result = self._search_plan(kind, query, plan)
        result.plan = plan
        return result

    def suggest(self, kind: str, prefix: str, size: int = 8) -> list[str]:
        """Distinct values of the kind's suggest field (title) matching as-you-type."""
        from .understanding import run_suggest

        return run_suggest(self, kind, prefix, size)

    # -- engine primitives used by search.understanding -----------------------------------------
    @abc.abstractmethod
    def term_counts(self, kind: str, terms: Iterable[str]) -> dict[str, int]:
        """Documents containing each folded term in some text field (0 when absent)."""

    @abc.abstractmethod
    def _search_plan(self, kind: str, query: SearchQuery, plan: Any) -> SearchResult:
        """One page (with facets and highlights) of ``query`` whose text is the plan
        (:class:`search.understanding.TextPlan`); ``query.text`` is ignored."""

    @abc.abstractmethod
    def _count_plan(self, kind: str, query: SearchQuery, plan: Any) -> int:
        """How many documents match the plan and every filter of ``query``."""

    @abc.abstractmethod
    def _stored(self, kind: str, query: SearchQuery, plan: Any, size: int, fields: list[str]) -> list[dict[str, str]]:
        """Stored text ``fields`` of the ``size`` best matches of the plan (relevance order)."""

    @abc.abstractmethod
    def rebuild(self, kind: str, docs: Iterable[MappingABC[str, Any]], *, generation: str | None = None) -> int:
        """Build a new physical index from ``docs``, then switch to it atomically.

        Returns the number of documents indexed.  Searches keep working on the
        old index until the switch.  ``generation`` is written with the new index as its
        marker (see :meth:`generation`): only a rebuild makes an index whole.
        """

    @abc.abstractmethod
    def generation(self, kind: str) -> str | None:
        """The marker of the live index of ``kind``: the ``generation`` its last rebuild wrote.

        ``None`` when there is no index, it cannot be read, or it was created empty by a
        write (never rebuilt) — an index its owner cannot vouch for.  Raises
        :class:`SearchUnavailable` only when the engine itself does not answer.
        """

    def close(self) -> None:
        """Release connections, writers and locks."""
