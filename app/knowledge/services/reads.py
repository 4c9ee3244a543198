"""Public reads: a published item, its text in the reader's language (Vietnamese when the English is
missing, with a note), and the related content shown on listings, organisation profiles and the home page."""
from __future__ import annotations

from flask_babel import gettext as _

from ... import clock
from ...errors import NotFound
from ...extensions import db
from ...permissions import Actor
from ..models import ItemStatus, ItemType, KnowledgeItem
from ..taxonomy import sectors_for_category
from .editors import is_editor

LOCALIZED = ("title", "summary", "body", "what_changed", "results", "materials")


def get_public(actor: Actor, item_id: int) -> KnowledgeItem:
    """A published item; editors also see drafts and unpublished items (as a preview)."""
    item = db.session.get(KnowledgeItem, item_id)
    if item is None or (item.status != ItemStatus.published and not is_editor(actor)):
        raise NotFound(_("Not found."))
    return item


def localized(obj, field: str, locale: str) -> tuple[str, bool]:
    """(text, fell_back): the English text in English when there is one, else the Vietnamese.
    `obj` is an item or a content dict."""
    get = obj.get if isinstance(obj, dict) else (lambda k, d=None: getattr(obj, k, d))
    vi = get(field) or ""
    if str(locale).startswith("en"):
        en = get(f"{field}_en") or ""
        if en.strip():
            return en, False
        return vi, bool(vi.strip())
    return vi, False


def _published(types=None):
    stmt = db.select(KnowledgeItem).where(KnowledgeItem.status == ItemStatus.published)
    if types:
        stmt = stmt.where(KnowledgeItem.type.in_([ItemType(t) for t in types]))
    return stmt


def related_for_sectors(sectors: list[str], *, types=("guide", "model"), limit: int = 4) -> list[KnowledgeItem]:
    """Published guides and models for these knowledge sectors, newest first (cross-sector ones after)."""
    if not sectors:
        return []
    rows = list(db.session.scalars(_published(types).where(KnowledgeItem.sector.in_(list(sectors)))
                                   .order_by(KnowledgeItem.last_published_at.desc(), KnowledgeItem.id.desc())
                                   .limit(limit)))
    return rows


def related_for_listing(category: str | None, limit: int = 4) -> tuple[list[str], list[KnowledgeItem]]:
    sectors = sectors_for_category(category)
    return sectors, related_for_sectors(sectors, limit=limit)


def models_of_organisation(org_id: int, limit: int = 5) -> list[KnowledgeItem]:
    return list(db.session.scalars(_published(("model",)).where(KnowledgeItem.organisation_id == org_id)
                                   .order_by(KnowledgeItem.last_published_at.desc()).limit(limit)))


def upcoming_events(limit: int = 3) -> list[KnowledgeItem]:
    return list(db.session.scalars(_published(("event",)).where(KnowledgeItem.ends_at > clock.now())
                                   .order_by(KnowledgeItem.starts_at, KnowledgeItem.id).limit(limit)))
