"""Search of published logistics providers on the configured engine (facets: mode, province,
certification, cold chain); items are hydrated from SQL in hit order."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from .. import searching, vn
from ..extensions import db
from ..pagination import SEARCH_WINDOW, check_window
from ..searching import ResultPage
from . import factors
from .models import LogisticsProfile
from .services import CERTIFICATIONS, is_public, provider_item


@dataclass
class ProviderPage(ResultPage):
    """Items are provider dicts (`services.provider_item`) of published providers."""


SEARCH_FACETS = {"mode": "modes", "province": "provinces", "certification": "certifications", "cold_chain": "cold_chain"}


def search_providers(args: dict[str, Any]) -> ProviderPage:
    """Search published providers (the one search read path: app.searching); items hydrated from SQL in hit
    order. Raises SearchUnavailableError (503) when the engine cannot answer."""
    from search import SearchQuery

    filters: dict[str, list[str] | bool] = {}
    for api_name, engine_name in SEARCH_FACETS.items():
        value = args.get(api_name)
        if api_name == "cold_chain":
            if value:
                filters[engine_name] = True
        elif value and api_name == "province":  # `1` and `01` filter alike
            filters[engine_name] = [vn.province_code(v) or v for v in searching.listed(value)]
        elif value:
            filters[engine_name] = searching.listed(value)
    page, per_page = int(args.get("page") or 1), int(args.get("per_page") or 20)
    check_window(page, per_page, SEARCH_WINDOW)
    query = SearchQuery(text=(args.get("q") or "").strip(), filters=filters, facets=list(SEARCH_FACETS.values()),
                        page=page, per_page=per_page, sort="relevance")
    return searching.run("provider", query, hydrate=_public_providers, facets=_facets, page=ProviderPage)


def _public_providers(ids: list[int]) -> dict[int, dict]:
    rows = db.session.scalars(
        db.select(LogisticsProfile).options(selectinload(LogisticsProfile.organisation), selectinload(LogisticsProfile.fleet))
        .where(LogisticsProfile.organisation_id.in_(ids)))
    return {p.organisation_id: provider_item(p) for p in rows if is_public(p)}


def _facets(raw: dict[str, list[dict]]) -> dict[str, list[dict]]:
    facets = {}
    for api_name, engine_name in SEARCH_FACETS.items():
        buckets = raw.get(engine_name, [])
        if api_name == "cold_chain":
            buckets = [b for b in buckets if b["value"] in ("true", "1", "True")]
            facets[api_name] = [{"value": "true", "count": b["count"], "label": str(_("Cold chain"))} for b in buckets]
            continue
        facets[api_name] = [{"value": b["value"], "count": b["count"], "label": facet_label(api_name, b["value"])}
                            for b in buckets]
    return facets


def facet_label(facet: str, value: str) -> str:
    if facet == "mode":
        return str(factors.MODE_LABELS.get(value, value))
    if facet == "province":
        return vn.province_name(value) or value
    if facet == "certification":
        return str(CERTIFICATIONS.get(value, value))
    return value
