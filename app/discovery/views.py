"""The HTML search page (/search): works without JavaScript; static/js/search.js adds autocomplete."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, render_template, request, url_for

from .. import vn
from ..errors import ValidationFailed
from ..pagination import SEARCH_WINDOW, paged
from ..validation import load_what_is_valid
from . import services
from .schemas import ListingSearchArgs, OrganisationSearchArgs

bp = Blueprint("discovery", __name__)

_MULTI = ("category", "label", "label_kind", "province", "export_market", "org_kind", "sector")


def _args(schema) -> tuple[dict, dict]:
    raw: dict = {}
    for key in request.args:
        values = [v for v in request.args.getlist(key) if v != ""]
        if not values or key in ("lang", "page"):  # the page is read by `paged` (last page when too deep)
            continue
        raw[key] = values if key in _MULTI else values[-1]
    return load_what_is_valid(schema, raw, unknown="exclude")  # a wrong filter is shown, the rest searched


def _search_page(kind: str, args: dict):
    return paged(lambda n: services.search(kind, {**args, "page": n}), args["per_page"], window=SEARCH_WINDOW)


def _render(kind: str, schema, template: str):
    args, errors = _args(schema)
    page, unavailable = None, False
    try:
        page = _search_page(kind, args)
    except services.SearchUnavailableError:
        unavailable = True
    except ValidationFailed as exc:
        errors.update(exc.fields or {})
        args = schema.load({"q": args.get("q", "")})
        page = _search_page(kind, args)
    if request.args.get("partial") == "1" and template == "discovery/search.html":
        template = "discovery/_results.html"  # instant results (static/js/search.js) replace this part only
    return render_template(
        template, kind=kind, search_url=_url_builder(request.endpoint), args=args, page=page, errors=errors, unavailable=unavailable,
        degraded=unavailable or bool(page and page.degraded), degraded_reason=page.degraded if page else "",
        sorts=services.SORT_LABELS,
        facet_labels=services.FACET_LABELS, thresholds=services.THRESHOLDS,
        province_choices=vn.province_choices(), label_names=services.facet_value_labels("label"),
        sections=services.search_sections(kind, args) if page is not None else [],
    )


def _url_builder(endpoint: str):
    """search_url(set={k: v}, toggle=(k, v), remove=[k]) → this page's URL with those changes;
    multi-valued facets are kept (the foundation pager flattens them). Changing a filter resets the page."""

    def build(set: dict | None = None, toggle: tuple | None = None, remove: list | None = None) -> str:
        items = [(k, (vn.province_code(v) or v) if k in ("province", "near") else v)  # links carry `01`, not `1`
                 for k, v in request.args.items(multi=True) if v != "" and k not in ("lang",)]
        items = list(dict.fromkeys(items))
        if "page" not in (set or {}):
            items = [(k, v) for k, v in items if k != "page"]
        items = [(k, v) for k, v in items if k not in (set or {}) and k not in (remove or [])]
        if toggle:
            key, value = toggle[0], str(toggle[1])
            if (key, value) in items:
                items.remove((key, value))
            else:
                items.append((key, value))
        for k, v in (set or {}).items():
            if v not in (None, ""):
                items.append((k, str(v)))
        query = urlencode(items)
        return url_for(endpoint) + (f"?{query}" if query else "")

    return build


@bp.route("/search")
def search_page():
    return _render("listing", ListingSearchArgs(), "discovery/search.html")


@bp.route("/search/organisations")
def organisations_page():
    return _render("organisation", OrganisationSearchArgs(), "discovery/organisations.html")


def home_search_box() -> dict:
    return {"template": "discovery/_home_search.html"}
