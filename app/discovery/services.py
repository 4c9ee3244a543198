"""Discovery: turn validated search arguments into a SearchQuery, run it through the one search read path
(app.searching: engine → hydrate from SQL in result order → facets → page) and shape facets for the API and
the HTML page; sponsored results are added by registered providers.

Request-independent: the API, the HTML view and bench/search.py all call `search()`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import registries, searching, vn
from ..errors import ValidationFailed
from ..indexing import builders, get_backend, search_health
from ..pagination import SEARCH_WINDOW, check_window
from ..searching import ResultPage, SearchUnavailableError  # noqa: F401  (the one "search unavailable" error)

MAX_RESULT_WINDOW = SEARCH_WINDOW  # deepest reachable hit (search.MAX_RESULT_WINDOW)


# API argument name → engine facet/filter name, per kind. Facets are returned under the API names.
FACETS: dict[str, dict[str, str]] = {
    "listing": {
        "category": "category", "label": "labels", "label_kind": "label_kinds", "verified": "verified",
        "province": "province", "price": "price", "export_market": "export_markets",
    },
    "organisation": {"org_kind": "org_kind", "verified": "verified", "province": "province", "sector": "labels"},
}
# Threshold filters offered with counts ("MOQ at most X", "recycled content at least X").
THRESHOLDS = {
    "moq_max": {"field": "moq", "values": [100, 500, 1000, 5000, 10000], "op": "lte"},
    "recycled_min": {"field": "recycled_pct", "values": [10, 30, 50, 80, 100], "op": "gte"},
}
SORTS = ("relevance", "price_asc", "price_desc", "newest", "distance")
SORT_LABELS = {
    "relevance": _l("Best match"), "price_asc": _l("Price: low to high"), "price_desc": _l("Price: high to low"),
    "newest": _l("Newest"), "distance": _l("Nearest"),
}
FACET_LABELS = {
    "category": _l("Category"), "label": _l("Label"), "label_kind": _l("Label type"), "verified": _l("Verified"),
    "province": _l("Province"), "price": _l("Price (lowest, per the listing's unit)"), "export_market": _l("Export market"),
    "org_kind": _l("Organisation type"), "sector": _l("Sector"),
    "price_min": _l("Lowest price"), "price_max": _l("Highest price"),
    "moq_max": _l("Minimum order at most"), "recycled_min": _l("Recycled content at least"),
}
# The price filter is a range of whole đồng, both ends included: price_min ≤ price ≤ price_max. The price
# facet's buckets follow the data (search.buckets: nice 1-2-5 boundaries, at most six, half-open
# [from, to)); choosing one sets price_min=from, price_max=to - 1. The fixed buckets of earlier versions
# ("price=50k-200k" in old links and saved searches) still work: they are read as the same ranges.
LEGACY_PRICE_BUCKETS: dict[str, tuple[int | None, int | None]] = {
    "lt50k": (None, 49_999), "50k-200k": (50_000, 199_999), "200k-1m": (200_000, 999_999),
    "1m-5m": (1_000_000, 4_999_999), "gte5m": (5_000_000, None),
}


def price_range(value: str) -> tuple[int | None, int | None]:
    """(price_min, price_max), both inclusive, of a price bucket: an old fixed key ("50k-200k") or a facet
    value ("50000-200000", "-50000", "1000000-"). ValueError for anything else."""
    if value in LEGACY_PRICE_BUCKETS:
        return LEGACY_PRICE_BUCKETS[value]
    from search.buckets import parse_bucket_key

    lo, hi = parse_bucket_key(value)
    if (lo is not None and lo < 0) or (hi is not None and hi <= (lo or 0)):
        raise ValueError(value)
    return lo, None if hi is None else hi - 1


def price_bucket_label(lo: int | None, hi: int | None) -> str:
    """'Dưới 50.000 ₫', '50.000 ₫ – 200.000 ₫', 'Từ 1.000.000 ₫ trở lên' (bounds of a [lo, hi) bucket)."""
    from ..l10n import format_vnd

    if lo is None and hi is None:
        return _("Any price")
    if lo is None:
        return _("Under %(amount)s", amount=format_vnd(hi))
    if hi is None:
        return _("%(amount)s and more", amount=format_vnd(lo))
    return _("%(low)s – %(high)s", low=format_vnd(lo), high=format_vnd(hi))

# Extension points, filled from init_app (discovery's own, and other domains' such as fairs):
# facet name → fn(values) → {value: display label} (province, category, label…);
FACET_LABELLERS = "discovery.facet_labellers"
# kind → fn(ids) → {id: item dict}; default: the current documents from SQL (see `_hydrate`);
HYDRATORS = "discovery.hydrators"
# sponsored slots: fn(kind, query, result) → ids (in order) of items shown apart from organic results, from
# the engine's answer to the page's query (its total, its plan); hydrated with the page's hits in one pass.
SPONSORED_PROVIDERS = "discovery.sponsored_providers"
SPONSORED_LABEL = "Được tài trợ / Sponsored"
# sections of the search page from other domains (e.g. knowledge hub results for the same words):
# fn(kind, args) → {"template": ..., **context} or None.
SEARCH_SECTIONS = "discovery.search_sections"


def register_facet_labeller(app: Flask, facet: str, fn: Callable[[list[str]], dict[str, str]]) -> None:
    registries.put(app, FACET_LABELLERS, facet, fn)


def facet_value_labels(facet: str) -> Callable[[list[str]], dict[str, str]]:
    """Display names for a facet's raw values (e.g. label codes → label names); identity if none."""
    return registries.mapping(FACET_LABELLERS).get(facet, lambda values: {v: v for v in values})


def register_hydrator(app: Flask, kind: str, fn: Callable[[list[int]], dict[int, dict]]) -> None:
    registries.put(app, HYDRATORS, kind, fn)


def register_sponsored_provider(app: Flask, fn: Callable[[str, Any, Any], list[int]]) -> None:
    registries.add(app, SPONSORED_PROVIDERS, fn, name=registries.name_of(fn))


def register_search_section(app: Flask, fn: Callable[[str, dict], "dict | None"]) -> None:
    """Add a section to the search pages: fn(kind, args) → {"template": ..., **context} or None. A section
    that fails is left out (the search results never depend on it)."""
    registries.add(app, SEARCH_SECTIONS, fn, name=registries.name_of(fn))


def search_sections(kind: str, args: dict) -> list[dict]:
    from flask import current_app

    out = []
    for fn in registries.items(SEARCH_SECTIONS):
        try:
            section = fn(kind, args)
        except Exception:  # noqa: BLE001 - another domain's section must not break the search page
            current_app.logger.exception("search section %s failed", registries.name_of(fn))
            continue
        if section:
            out.append(section)
    return out


def province_labels(values: list[str]) -> dict[str, str]:
    return {v: vn.province_name(v) or v for v in values}


@dataclass
class SearchPage(ResultPage):
    kind: str = "listing"
    sponsored: list[dict] = field(default_factory=list)
    without_filters: int | None = None  # nothing with the filters: results without them


def _bool_arg(value) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("1", "true", "yes", "on")


def build_query(kind: str, args: dict[str, Any], *, facets: bool = True, highlight: bool = True):
    """SearchQuery from validated arguments (see schemas.ListingSearchArgs)."""
    from search import Near, Range, SearchQuery, load_mapping

    mapping = load_mapping(kind)
    names = FACETS[kind]
    filters: dict[str, list[str] | bool] = {}
    ranges: dict[str, Range] = {}
    for api_name, engine_name in names.items():
        if api_name == "price":
            continue
        value = args.get(api_name)
        if api_name == "verified":
            flag = _bool_arg(value)
            if flag:  # "verified only"; unticked means "any"
                filters[engine_name] = True
            continue
        if value:
            filters[engine_name] = [str(v) for v in (value if isinstance(value, list) else [value])]
    if kind == "listing":
        lo, hi = args.get("price_min"), args.get("price_max")
        if args.get("price") and lo is None and hi is None:  # an old link or a facet value (schemas read it too)
            try:
                lo, hi = price_range(args["price"])
            except ValueError:
                raise ValidationFailed(_("Unknown price range."), {"price": [_("Unknown price range.")]}) from None
        if lo is not None or hi is not None:
            ranges["price_min"] = Range(gte=lo, lte=hi)
        for name, spec in THRESHOLDS.items():
            if args.get(name) is not None:
                ranges[spec["field"]] = Range(**{spec["op"]: float(args[name])})
        if args.get("org"):
            filters["org_id"] = [str(args["org"])]
    near = None
    if args.get("near"):
        p = vn.province(args["near"])
        if p is None:
            raise ValidationFailed(_("Unknown province."), {"near": [_("Unknown province.")]})
        near = Near(p.lat, p.lon, float(args["radius_km"]) if args.get("radius_km") else None)
    sort = args.get("sort") or "relevance"
    if sort == "price":
        sort = "price_asc"
    if sort == "distance" and near is None:
        raise ValidationFailed(_("Choose a province to sort by distance."),
                               {"near": [_("Required when sorting by distance.")]})
    if sort not in SORTS or (sort not in ("relevance", "distance") and sort not in mapping.sorts):
        raise ValidationFailed(_("Unknown sort order."), {"sort": [_("Unknown sort order.")]})
    page, per_page = int(args.get("page") or 1), int(args.get("per_page") or 20)
    check_window(page, per_page, SEARCH_WINDOW)
    facet_names = [n for n in names.values() if _has_facet(mapping, n)] if facets else []
    if facets and kind == "listing":
        facet_names += [spec["field"] for spec in THRESHOLDS.values() if spec["field"] in mapping.facets]
    return SearchQuery(
        text=(args.get("q") or "").strip(), filters=filters, ranges=ranges, facets=facet_names, sort=sort,
        page=page, per_page=per_page, near=near, highlight=highlight, prefix=bool(args.get("prefix")),
    )


def _has_facet(mapping, name: str) -> bool:
    try:
        mapping.facet(name)
        return True
    except ValueError:
        return False


def search(kind: str, args: dict[str, Any], *, health: bool = True, only_ids: list[int] | None = None,
           sponsored: bool = True) -> SearchPage:
    """Run a search through the one read path (app.searching); raise SearchUnavailableError (503) when the
    engine cannot answer. `only_ids` restricts it to those objects (e.g. a fair's exhibited listings);
    `sponsored=False` leaves out sponsored results."""
    if only_ids is not None and not only_ids:
        return SearchPage(kind=kind, page=int(args.get("page") or 1), per_page=int(args.get("per_page") or 20))
    query = build_query(kind, args)
    if only_ids is not None:
        query.filters["id"] = [str(i) for i in sorted(only_ids)]

    def decorate(row: dict, pos: int, result) -> dict:
        item = dict(row)
        item["highlights"] = result.highlights.get(str(item["id"]), {})
        if query.sort == "distance" and pos < len(result.scores):
            item["distance_km"] = round(result.scores[pos], 1)
        elif query.near is not None and item.get("location"):
            loc = item["location"]
            item["distance_km"] = round(vn.distance_km(query.near.lat, query.near.lon, loc["lat"], loc["lon"]), 1)
        return item

    rows: dict[int, dict] = {}
    sponsored_ids: list[int] = []

    def hydrate_page(ids: list[int]) -> dict[int, dict]:
        rows.update(hydrate(kind, ids))
        return rows

    def find_sponsored(result) -> list[int]:
        for provider in registries.items(SPONSORED_PROVIDERS):
            sponsored_ids.extend(int(i) for i in provider(kind, query, result) or [])
        return sponsored_ids

    page = searching.run(kind, query, hydrate=hydrate_page, item=decorate, extra=find_sponsored if sponsored else None,
                         facets=lambda raw: shape_facets(kind, raw, args), page=SearchPage, kind=kind)
    if not page.total and (query.filters or query.ranges or query.near) and query.text:
        page.without_filters = _count_without_filters(kind, query)
    if health and not page.degraded:
        page.degraded = search_health(ping=False).reason  # it just answered
    # sponsored results: the providers' ids, hydrated with the hits (still visible ones only)
    page.sponsored = [dict(rows[i], highlights={}, sponsored=True, sponsored_label=SPONSORED_LABEL)
                      for i in sponsored_ids if i in rows]
    return page


def _count_without_filters(kind: str, query) -> int | None:
    """Results of the same words with no filter (offered on an empty page: never a dead end)."""
    from dataclasses import replace

    from search import SearchError

    kept = {k: v for k, v in query.filters.items() if k == "id"}  # a restriction to some objects stays
    try:
        return get_backend().search(kind, replace(query, filters=kept, ranges={}, near=None, facets=[], page=1,
                                                  per_page=1, highlight=False, sort="relevance")).total
    except (SearchError, OSError):
        return None


def hydrate(kind: str, ids: list[int]) -> dict[int, dict]:
    """{id: public item} for the hits still visible, read from SQL by the kind's registered hydrator (a few
    queries per page), else by its document builder. Used for organic and sponsored results alike."""
    if not ids:
        return {}
    fn = registries.mapping(HYDRATORS).get(kind)
    return fn(ids) if fn is not None else _hydrate(kind, ids)


def _hydrate(kind: str, ids: list[int]) -> dict[int, dict]:
    """Current documents from SQL (the same builder the indexer uses), as public items."""
    docs = builders()[kind].many(ids)
    return {i: public_item(kind, d) for i, d in docs.items() if d}


_PRIVATE = {"version", "claim_strength", "category_path"}


def public_item(kind: str, doc: dict) -> dict:
    item = {k: v for k, v in doc.items() if k not in _PRIVATE}
    item["id"] = int(doc["id"])
    if "province" in doc:
        item["province_name"] = vn.province_name(doc.get("province"))
    for key in ("published_at", "updated_at"):
        if hasattr(item.get(key), "isoformat"):
            item[key] = item[key].isoformat()
    item["url"] = object_url(kind, item["id"])
    return item


def object_url(kind: str, object_id: int) -> str:
    from flask import current_app, url_for

    candidates = {
        "listing": [("catalog.listing_detail", "listing_id"), ("catalog.detail", "listing_id"),
                    ("catalog.listing", "listing_id")],
        "organisation": [("orgs.public_profile", "org_id"), ("orgs.profile", "org_id"), ("orgs.view", "org_id")],
    }.get(kind, [])
    endpoints = current_app.view_functions
    for endpoint, arg in candidates:
        if endpoint in endpoints:
            try:
                return url_for(endpoint, **{arg: object_id})
            except Exception:  # noqa: BLE001 - wrong argument name: try the next one
                continue
    return ""


def shape_facets(kind: str, raw: dict[str, list[dict]], args: dict[str, Any]) -> dict[str, list[dict]]:
    """The engine's facet buckets for pages and API: display labels, selection, category tree order,
    price bands, thresholds ("MOQ at most X") as cumulative counts."""
    out: dict[str, list[dict]] = {}
    for api_name, engine_name in FACETS[kind].items():
        if engine_name not in raw:
            continue
        selected = args.get(api_name)
        selected = {str(s) for s in (selected if isinstance(selected, list) else [selected])} if selected not in (None, "") else set()
        buckets = raw[engine_name]
        if api_name == "verified":
            flag = _bool_arg(args.get("verified"))
            buckets = [b for b in buckets if b["value"] in ("true", "1", "True")]
            out[api_name] = [{"value": "true", "count": b["count"], "label": _("Verified claims only"),
                              "selected": bool(flag)} for b in buckets]
            continue
        labeller = registries.mapping(FACET_LABELLERS).get(api_name)
        labels = labeller([b["value"] for b in buckets]) if labeller else {}
        values = []
        for b in buckets:
            v = {"value": b["value"], "count": b["count"], "selected": b["value"] in selected}
            if api_name == "price":
                v["from"], v["to"] = b.get("from"), b.get("to")
                v["label"] = price_bucket_label(v["from"], v["to"])
                chosen = (args.get("price_min"), args.get("price_max"))
                v["selected"] = chosen != (None, None) and chosen == price_range(b["value"])
                v["price_min"], v["price_max"] = price_range(b["value"])
            else:
                v["label"] = labels.get(b["value"], b["value"])
            if api_name == "category":
                v["depth"] = b["value"].count(".")
                v["parent"] = b["value"].rsplit(".", 1)[0] if "." in b["value"] else None
            values.append(v)
        if api_name == "category":
            values.sort(key=lambda v: v["value"])  # tree order: parents before children
        out[api_name] = values
    for name, spec in THRESHOLDS.items():
        if kind != "listing" or spec["field"] not in raw:
            continue
        buckets = raw[spec["field"]]
        chosen = args.get(name)
        values = []
        for threshold in spec["values"]:
            if spec["op"] == "lte":
                count = sum(b["count"] for b in buckets if b.get("to") is not None and b["to"] <= threshold)
            else:
                count = sum(b["count"] for b in buckets if b.get("from") is not None and b["from"] >= threshold)
            values.append({"value": str(threshold), "count": count, "label": str(threshold),
                           "selected": chosen is not None and float(chosen) == threshold})
        out[name] = values
    return out


def suggest(q: str, kind: str = "listing", size: int = 8) -> list[str]:
    from search import SearchError

    q = (q or "").strip()
    if not q:
        return []
    try:
        return get_backend().suggest(kind, q, size=size)
    except (SearchError, OSError) as exc:
        raise SearchUnavailableError() from exc


def indexed_kinds() -> list[str]:
    return [k for k in builders() if k in FACETS]
