"""Fairs in the search index (kind "fair", search/mappings/fair.v1.json) and the exhibitor catalogue
search within one fair: the listing index filtered to the listings the exhibitors chose."""
from __future__ import annotations

from typing import Any

from .. import vn
from ..extensions import db
from .models import ApplicationStatus, Fair, FairApplication, FairStatus


def fair_document(fair: Fair | None) -> dict | None:
    if fair is None or fair.status != FairStatus.published:
        return None
    p = vn.province(fair.province_code) if fair.province_code else None
    import datetime as dt

    return {
        "id": str(fair.id),
        "version": fair.version,
        "name": " · ".join(n for n in (fair.name, fair.name_en) if n),
        "description": "\n".join(t for t in (fair.description, fair.description_en, fair.venue, " ".join(fair.themes or [])) if t),
        "province": fair.province_code,
        "location": {"lat": p.lat, "lon": p.lon} if p else None,
        "starts_at": dt.datetime.combine(fair.starts_on, dt.time(0, 0)),
        "published_at": fair.published_at or fair.created_at,
    }


def fair_one(fair_id: int):
    return fair_document(db.session.get(Fair, fair_id))


def fair_many(ids: list[int]) -> dict[int, dict | None]:
    rows = {f.id: f for f in db.session.scalars(db.select(Fair).where(Fair.id.in_(ids)))}
    return {i: fair_document(rows.get(i)) for i in ids}


def fair_all():
    for fair in db.session.scalars(db.select(Fair).where(Fair.status == FairStatus.published).order_by(Fair.id)):
        doc = fair_document(fair)
        if doc:
            yield doc



def exhibitor_listing_ids(fair_id: int) -> dict[int, int]:
    """listing id → exhibitor organisation id, for approved applications."""
    out: dict[int, int] = {}
    for a in db.session.scalars(db.select(FairApplication).where(FairApplication.fair_id == fair_id,
                                                                 FairApplication.status == ApplicationStatus.approved)):
        for lid in a.listing_ids or []:
            out[int(lid)] = a.organisation_id
    return out


def search_exhibitor_listings(fair_id: int, args: dict[str, Any]):
    """A discovery SearchPage over the fair's exhibited listings (text, facets, filters, paging): the
    listing search restricted to them, without sponsored results."""
    from ..discovery import services as discovery

    return discovery.search("listing", args, health=False, only_ids=list(exhibitor_listing_ids(fair_id)),
                            sponsored=False)
