"""Knowledge content in search: the document builder the indexer uses (kind "knowledge",
search/mappings/knowledge.v1.json) and the hub's search (facets: type, sector, province, topic) on
whichever engine is configured — the same Vietnamese folding and query understanding as listings, so
"nhan sinh thai" finds "Nhãn sinh thái".

Only published items are documents; the live content is indexed (an open draft is not), Markdown as
plain text. Hits are hydrated from SQL: an item unpublished since it was indexed is skipped.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import get_locale

from .. import clock, searching, vn
from ..extensions import db
from ..pagination import SEARCH_WINDOW, check_window
from ..searching import ResultPage, SearchUnavailableError
from .models import ItemStatus, KnowledgeItem
from .render import plain
from .taxonomy import SECTORS, TOPICS, TYPES_PLURAL


def knowledge_document(item: KnowledgeItem | None) -> dict | None:
    if item is None or item.status != ItemStatus.published:
        return None
    org = item.organisation
    bodies = [item.body, item.what_changed, item.results, item.materials, item.place]
    bodies_en = [item.body_en, item.what_changed_en, item.results_en, item.materials_en]
    return {
        "id": str(item.id),
        "version": item.version,
        "type": item.type.value,
        "sector": item.sector,
        "province": item.province_code,
        "topic": item.topic,
        "title": item.title,
        "title_en": item.title_en,
        "summary": item.summary,
        "summary_en": item.summary_en,
        "body": "\n".join(plain(t) for t in bodies if t),
        "body_en": "\n".join(plain(t) for t in bodies_en if t),
        "org_id": str(org.id) if org is not None else None,
        "org_name": org.display_name if org is not None else None,
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "published_at": item.last_published_at or item.published_at or item.created_at,
    }


def knowledge_one(item_id: int):
    return knowledge_document(db.session.get(KnowledgeItem, item_id))


def knowledge_many(ids: list[int]) -> dict[int, dict | None]:
    rows = {i.id: i for i in db.session.scalars(db.select(KnowledgeItem).where(KnowledgeItem.id.in_(ids)))}
    return {i: knowledge_document(rows.get(i)) for i in ids}


def knowledge_all():
    stmt = db.select(KnowledgeItem).where(KnowledgeItem.status == ItemStatus.published).order_by(KnowledgeItem.id)
    for item in db.session.scalars(stmt):
        doc = knowledge_document(item)
        if doc:
            yield doc


def org_changed(org, fields=None) -> None:
    """Model documents carry their organisation's name."""
    from ..notifications.services import enqueue_index

    ids = list(db.session.scalars(db.select(KnowledgeItem.id).where(KnowledgeItem.organisation_id == org.id,
                                                                    KnowledgeItem.status == ItemStatus.published)))
    for item_id in ids:
        db.session.get(KnowledgeItem, item_id).bump_version()
        enqueue_index("knowledge", item_id)


# ------------------------------------------------------------------ searching

# The one "search is unavailable" error of every search (app.searching); the name stays for this domain's views.
KnowledgeSearchUnavailable = SearchUnavailableError

FACETS = {"type": "type", "sector": "sector", "province": "province", "topic": "topic"}
FACET_LABELS = {"type": TYPES_PLURAL, "sector": SECTORS, "topic": TOPICS}


@dataclass
class KnowledgePage(ResultPage):
    """Items are `hit()` dicts of published knowledge items."""


_list = searching.listed


def build_query(args: dict[str, Any]):
    from search import Range, SearchQuery

    filters: dict[str, list[str] | bool] = {}  # `args` were loaded by schemas.KnowledgeSearchArgs
    for name in ("type", "sector", "topic", "province"):
        values = _list(args.get(name))
        if values:
            filters[name] = values
    if args.get("organisation"):
        filters["org_id"] = [str(int(args["organisation"]))]
    ranges = {}
    if args.get("upcoming"):
        ranges["ends_at"] = Range(gte=clock.now())
        filters.setdefault("type", ["event"])
    sort = args.get("sort") or "relevance"
    page, per_page = int(args.get("page") or 1), int(args.get("per_page") or 20)
    check_window(page, per_page, SEARCH_WINDOW)
    return SearchQuery(text=(args.get("q") or "").strip(), filters=filters, ranges=ranges,
                       facets=list(FACETS.values()), sort=sort, page=page, per_page=per_page, highlight=True)


def search_knowledge(args: dict[str, Any], locale: str | None = None, *, brief: bool = False) -> KnowledgePage:
    """Search published knowledge (the one search read path: app.searching); hits hydrated from SQL in
    result order. Raises SearchUnavailableError (503) when the engine cannot answer. `brief`: the hits and
    their total only (a section on another page: no facets, highlights or correction are computed)."""
    locale = locale or str(get_locale() or "vi")
    query = build_query(args)
    if brief:
        query.facets, query.highlight, query.did_you_mean = [], False, False

    def published(ids: list[int]) -> dict[int, KnowledgeItem]:
        rows = db.session.scalars(db.select(KnowledgeItem).where(KnowledgeItem.id.in_(ids)))
        return {i.id: i for i in rows if i.status == ItemStatus.published}

    return searching.run("knowledge", query, hydrate=published, facets=lambda raw: _shape(raw, args),
                         item=lambda row, _pos, result: hit(row, locale, result.highlights.get(str(row.id), {})),
                         page=KnowledgePage)


def hit(item: KnowledgeItem, locale: str, highlights: dict | None = None) -> dict:
    from flask import has_request_context, url_for

    from .services.reads import localized

    title, fell_back = localized(item, "title", locale)
    summary, _fb = localized(item, "summary", locale)
    english = locale.startswith("en")
    return {
        "id": item.id, "type": item.type.value, "title": title, "summary": summary, "sector": item.sector,
        "topic": item.topic, "province": item.province_code, "province_name": vn.province_name(item.province_code),
        "starts_at": item.starts_at.replace(tzinfo=dt.UTC).isoformat() if item.starts_at else None,
        "starts_at_utc": item.starts_at, "event_format": item.event_format.value if item.event_format else None,
        "url": url_for("knowledge.detail", item_id=item.id) if has_request_context() else f"/knowledge/{item.id}",
        "language_fallback": fell_back,
        # highlights of the Vietnamese fields only make sense on Vietnamese pages (or when showing Vietnamese)
        "highlights": (highlights or {}) if (not english or fell_back) else {},
    }


def facet_label(facet: str, value: str) -> str:
    if facet == "province":
        return vn.province_name(value) or value
    return str(FACET_LABELS[facet].get(value, value))


def _shape(raw: dict[str, list[dict]], args: dict[str, Any]) -> dict[str, list[dict]]:
    return searching.shape_facets(raw, args, FACETS, facet_label)
