"""One search read path for every searchable kind (listings, organisations, finance offers, logistics
providers, fair exhibitors' catalogues, knowledge content): query → engine → hydrate from SQL → facets →
page, written once.

A domain builds its `search.SearchQuery` from validated arguments, then calls
`run(kind, query, hydrate=…, facets=…)`:

- the engine (`app.indexing.get_backend()`, read-only) answers ids in order, a total, raw facet buckets;
  an engine that cannot answer raises `SearchUnavailableError` (503, `search_unavailable`) — the one
  error for "search is unavailable" on every page and API;
- `hydrate(ids) → {id: item}` reads the current rows from SQL (a few queries per page); ids it leaves out
  (unpublished or suspended since they were indexed) are skipped, so a stale index never shows them;
- `item(row, position, result)` may add per-hit data (highlights, distance);
- `extra(result) → ids` (optional): more ids found from the engine's answer (sponsored results), hydrated
  in the same `hydrate` call as the hits — the caller keeps their rows from its `hydrate`;
- `facets(raw) → {name: [bucket…]}` shapes the engine's buckets for pages and API (`shape_facets` is the
  common shape: value, count, display label, selected; chosen values without hits stay ticked);
- the page (`ResultPage` or a subclass) carries items, total, paging bounded by the engine's window,
  facets, `degraded` (the index that answered is not whole), and the engine's relaxations and
  suggestions.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from .errors import DomainError
from .pagination import SEARCH_WINDOW, Pager


class SearchUnavailableError(DomainError):
    """The search engine cannot answer (down, unreachable, unreadable index): 503 on pages and API."""

    status = 503
    code = "search_unavailable"

    def __init__(self, message: str | None = None, *args, **kwargs) -> None:
        super().__init__(message or _("Search is temporarily unavailable. Please try again shortly."), *args, **kwargs)


@dataclass
class ResultPage(Pager):
    items: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    facets: dict[str, list[dict]] = field(default_factory=dict)
    degraded: str = ""  # the index that answered is not whole (see app.indexing.state)
    relaxed: dict | None = None  # see search.SearchResult
    did_you_mean: str | None = None
    understood: str | None = None
    plan: Any = None  # how the engine read the words (search.SearchResult.plan), for restricted re-runs

    @property
    def reachable(self) -> int:
        return min(self.total, SEARCH_WINDOW)


def engine_search(kind: str, query):
    """The engine's SearchResult for `query`; SearchUnavailableError when it cannot answer."""
    from search import SearchError

    from .indexing import get_backend

    try:
        return get_backend().search(kind, query)
    except (SearchError, OSError) as exc:
        raise SearchUnavailableError() from exc


def run(kind: str, query, /, *, hydrate: Callable[[list[int]], Mapping[int, Any]],
        facets: Callable[[dict[str, list[dict]]], dict[str, list[dict]]] | None = None,
        item: Callable[[Any, int, Any], Any] | None = None, page: type[ResultPage] = ResultPage,
        extra: Callable[[Any], list[int]] | None = None, **page_fields) -> ResultPage:
    """Search `kind`, hydrate the hits (and `extra`'s ids) from SQL in one pass, in engine order, shape the
    facets, return one page."""
    result = engine_search(kind, query)
    ids = [int(i) for i in result.ids]
    wanted = ids
    if extra is not None:
        more = [i for i in extra(result) if i not in set(ids)]
        wanted = ids + more if more else ids
    rows = hydrate(wanted) if wanted else {}
    items = []
    for pos, doc_id in enumerate(ids):
        row = rows.get(doc_id)
        if row is None:  # no longer visible since it was indexed: the outbox will remove it
            continue
        items.append(item(row, pos, result) if item is not None else row)
    return page(items=items, total=result.total, page=query.page, per_page=query.per_page,
                facets=facets(result.facets) if facets is not None else {}, degraded=result.degraded or "",
                relaxed=result.relaxed, did_you_mean=result.did_you_mean, understood=result.understood,
                plan=getattr(result, "plan", None), **page_fields)


def listed(value) -> list[str]:
    """A query argument as a list of strings ("" and None: none)."""
    if value in (None, ""):
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value]) if v not in (None, "")]


def shape_facets(raw: dict[str, list[dict]], args: Mapping[str, Any], names: Mapping[str, str],
                 label: Callable[[str, str], str], *, skip_empty: Iterable[str] = (),
                 keep_selected: bool = True) -> dict[str, list[dict]]:
    """{api name: [{value, count, label, selected}]} from the engine's buckets (`names`: api name → engine
    facet). `label(api_name, value)` gives the display name (never a raw code). Buckets of facets in
    `skip_empty` with no hits are left out unless chosen. With `keep_selected`, a chosen value the engine
    returned no bucket for stays on the form, ticked, so that applying other filters without JavaScript
    keeps it and it can be unticked."""
    skip = set(skip_empty)
    out: dict[str, list[dict]] = {}
    for api_name, engine_name in names.items():
        selected = set(listed(args.get(api_name)))
        values = []
        for b in raw.get(engine_name, []):
            if api_name in skip and not b["count"] and b["value"] not in selected:
                continue
            values.append({"value": b["value"], "count": b["count"], "label": str(label(api_name, b["value"])),
                           "selected": b["value"] in selected})
        if keep_selected:
            shown = {v["value"] for v in values}
            for value in sorted(selected - shown):
                values.append({"value": value, "count": 0, "label": str(label(api_name, value)), "selected": True})
        out[api_name] = values
    return out
