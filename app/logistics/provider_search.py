"""Search of published logistics providers on the configured engine (facets: mode, province,
certification, cold chain); items are hydrated from SQL in hit order."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from .. import vn
from ..errors import DomainError
from ..extensions import db
from ..pagination import SEARCH_WINDOW, Pager, check_window
from . import factors
from .models import LogisticsProfile
from .services import CERTIFICATIONS, is_public, provider_item


class ProviderSearchUnavailable(DomainError):
    status = 503
    code = "search_unavailable"


@dataclass
class ProviderPage(Pager):
    items: list[dict]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[dict]] = field(default_factory=dict)
    degraded: bool = False  # the index that answered is not whole (see app.indexing.state)

    @property
    def reachable(self) -> int:
        return min(self.total, SEARCH_WINDOW)


SEARCH_FACETS = {"mode": "modes", "province": "provinces", "certification": "certifications", "cold_chain": "cold_chain"}


def search_providers(args: dict[str, Any]) -> ProviderPage:
    """Search published providers on the configured engine; items hydrated from SQL in hit order."""
    from search import SearchError, SearchQuery

    from ..indexing import get_backend

    filters: dict[str, list[str] | bool] = {}
    for api_name, engine_name in SEARCH_FACETS.items():
        value = args.get(api_name)
        if api_name == "cold_chain":
            if value:
                filters[engine_name] = True
        elif value:
            filters[engine_name] = [str(v) for v in (value if isinstance(value, list) else [value])]
    page, per_page = int(args.get("page") or 1), int(args.get("per_page") or 20)
    check_window(page, per_page, SEARCH_WINDOW)
    query = SearchQuery(text=(args.get("q") or "").strip(), filters=filters, facets=list(SEARCH_FACETS.values()),
                        page=page, per_page=per_page, sort="relevance")
    try:
        result = get_backend().search("provider", query)
    except (SearchError, OSError) as exc:
        raise ProviderSearchUnavailable(_("Search is temporarily unavailable. Please try again shortly.")) from exc
    ids = [int(i) for i in result.ids]
    rows = {p.organisation_id: p for p in db.session.scalars(
        db.select(LogisticsProfile).options(selectinload(LogisticsProfile.organisation), selectinload(LogisticsProfile.fleet))
        .where(LogisticsProfile.organisation_id.in_(ids)))} if ids else {}
    items = [provider_item(rows[i]) for i in ids if i in rows and is_public(rows[i])]
    facets = {}
    for api_name, engine_name in SEARCH_FACETS.items():
        buckets = result.facets.get(engine_name, [])
        if api_name == "cold_chain":
            buckets = [b for b in buckets if b["value"] in ("true", "1", "True")]
            facets[api_name] = [{"value": "true", "count": b["count"], "label": str(_("Cold chain"))} for b in buckets]
            continue
        facets[api_name] = [{"value": b["value"], "count": b["count"], "label": facet_label(api_name, b["value"])}
                            for b in buckets]
    return ProviderPage(items, result.total, page, per_page, facets, degraded=bool(result.degraded))


def facet_label(facet: str, value: str) -> str:
    if facet == "mode":
        return str(factors.MODE_LABELS.get(value, value))
    if facet == "province":
        return vn.province_name(value) or value
    if facet == "certification":
        return str(CERTIFICATIONS.get(value, value))
    return value
