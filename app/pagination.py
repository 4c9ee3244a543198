"""Paging, bounded in one place for every list of the site (HTML and API, SQL and search).

- **API** lists load their query string with `PageArgsSchema` (or a subclass): `page` and `per_page`
  out of range, or a page ending past the list's window, is a 422 with a field message.
- **HTML** lists call `paged(fetch, per_page)`: a missing or malformed `?page=` is page 1, a page past
  the last one shows the last page (never an error, never an unbounded query).
- **Services** page SQL with `paginate(stmt, page, per_page)`, which refuses (422) a page past the
  window whatever the caller, so a forgotten check can never turn into a huge OFFSET or an integer the
  database cannot bind.
- Search engines bound their own window (`search.MAX_RESULT_WINDOW`, enforced in `search.Backend.search`);
  search pages use `SEARCH_WINDOW` here so the pager never links past it.

Mix `Pager` into a result class that has `total`, `page` and `per_page` (e.g. a dataclass). A search
that cannot page past a window overrides `reachable`.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from flask import request
from flask_babel import format_number
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from search import MAX_RESULT_WINDOW as SEARCH_WINDOW

from .errors import ValidationFailed

MAX_PER_PAGE = 100
# Rows a SQL list can be paged to (offset + per_page). Deeper than anyone reads; shallow enough that
# OFFSET stays cheap and every page number fits the database's integers.
SQL_WINDOW = 100_000

__all__ = ["MAX_PER_PAGE", "SQL_WINDOW", "SEARCH_WINDOW", "Pager", "PageArgsSchema", "SearchPageArgsSchema",
           "check_window", "last_page", "paged", "paginate", "requested_page"]


class Pager:
    total: int
    page: int
    per_page: int

    @property
    def reachable(self) -> int:
        """How many results the pages can reach (all of them unless the engine caps the window)."""
        return self.total

    @property
    def pages(self) -> int:
        return page_count(self.reachable, self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def page_count(total: int, per_page: int, window: int | None = None) -> int:
    """Pages needed for `total` results (0 when there are none), at most what `window` reaches."""
    reachable = min(total, window) if window else total
    return max(1, math.ceil(reachable / per_page)) if reachable > 0 else 0


def last_page(per_page: int, window: int = SQL_WINDOW) -> int:
    """The deepest page number whose results all lie inside `window`."""
    return max(1, window // per_page)


def window_error(window: int) -> str:
    return _("Results past the first %(n)s cannot be paged to; narrow the list with a filter or search.",
             n=format_number(window))


def check_window(page: int, per_page: int, window: int = SQL_WINDOW) -> None:
    """Raise ValidationFailed (422, field messages) unless the page lies inside the window. (The API
    caps `per_page` at MAX_PER_PAGE in its schema; internal callers such as the CLI may ask for more.)"""
    if not 1 <= per_page <= window:
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"per_page": [_("Between 1 and %(n)d.", n=MAX_PER_PAGE)]})
    if page < 1 or page > last_page(per_page, window):
        raise ValidationFailed(window_error(window), {"page": [window_error(window)]})


def paginate(stmt, page: int, per_page: int, *, window: int = SQL_WINDOW):
    """`db.paginate` of a select, bounded: a page past `window` is a 422, never a huge OFFSET."""
    from .extensions import db

    check_window(page, per_page, window)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def requested_page(per_page: int, window: int = SQL_WINDOW, arg: str = "page") -> int:
    """The page asked for in the query string: 1 when absent or not a positive number, at most the
    deepest page inside the window."""
    raw = request.args.get(arg, "")
    if not raw.isascii() or not raw.isdigit():
        return 1
    if len(raw) > 12:  # far past any window; do not convert a million digits
        return last_page(per_page, window)
    return min(max(1, int(raw)), last_page(per_page, window))


class _Paged(Protocol):
    pages: int


P = TypeVar("P", bound=_Paged)


def paged(fetch: Callable[[int], P], per_page: int, *, window: int = SQL_WINDOW, arg: str = "page") -> P:
    """One page of an HTML list: `fetch(page)` for the requested page; when that is past the last page,
    the last page instead (a bookmark to page 40 of a list that shrank to 3 shows page 3)."""
    page = requested_page(per_page, window, arg)
    result = fetch(page)
    last = min(result.pages or 0, last_page(per_page, window))
    if last and page > last:
        result = fetch(last)
    return result


class PageArgsSchema(Schema):
    """`page` and `per_page` of every paginated API list. Subclasses add their filters; a search list
    sets `WINDOW = SEARCH_WINDOW`."""

    WINDOW = SQL_WINDOW

    page = fields.Integer(load_default=1, validate=validate.Range(min=1),
                          metadata={"description": "1-based page number; page × per_page is bounded "
                                                   "(see the 422 answer)."})
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))

    @validates_schema
    def _inside_window(self, data: dict[str, Any], **kwargs) -> None:
        page, per_page = data.get("page", 1), data.get("per_page", 20)
        if page > last_page(per_page, self.WINDOW):
            raise ValidationError(window_error(self.WINDOW), "page")


class SearchPageArgsSchema(PageArgsSchema):
    WINDOW = SEARCH_WINDOW
