"""sitemap.xml (sitemaps.org 0.9): an index of parts, each at most PER_PART URLs (the protocol allows
50,000), so 100k listings stay well-formed. Only public pages: published listings of approved
organisations, approved organisations' storefronts, the label registry, and the public section pages."""
from __future__ import annotations

import math

from ..catalog.models import Listing, ListingStatus
from ..extensions import db
from ..labels.models import Label
from ..mail import public_url
from ..orgs.models import Organisation, OrgStatus

PER_PART = 10_000


def _listings():
    return (db.select(Listing.id, Listing.updated_at).join(Organisation, Listing.organisation_id == Organisation.id)
            .where(Listing.status == ListingStatus.published, Organisation.status == OrgStatus.approved))


def _orgs():
    return db.select(Organisation.id, Organisation.updated_at).where(Organisation.status == OrgStatus.approved)


def _count(stmt) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(stmt.subquery())) or 0


def parts() -> list[tuple[str, int]]:
    out = [("pages", 1)]
    for kind, stmt in (("listings", _listings()), ("organisations", _orgs())):
        out += [(kind, n) for n in range(1, max(1, math.ceil(_count(stmt) / PER_PART)) + 1)]
    return out


def urls(kind: str, page: int) -> list[tuple[str, str | None]] | None:
    """(loc, lastmod) pairs of one part, or None when there is no such part."""
    if page < 1:
        return None
    if kind == "pages":
        if page != 1:
            return None
        endpoints = ["main.home", "discovery.search_page", "catalog.browse", "labels.registry", "opendata.index",
                     "opendata.api_docs"]
        from flask import current_app

        pages = [(public_url(e), None) for e in endpoints if e in current_app.view_functions]
        labels = db.session.scalars(db.select(Label.code).where(Label.active.is_(True)).order_by(Label.id))
        return pages + [(public_url("labels.label_detail", code=code), None) for code in labels]
    if kind == "listings":
        stmt, endpoint, arg = _listings().order_by(Listing.id), "catalog.detail", "listing_id"
    elif kind == "organisations":
        stmt, endpoint, arg = _orgs().order_by(Organisation.id), "catalog.storefront", "org_id"
    else:
        return None
    rows = db.session.execute(stmt.offset((page - 1) * PER_PART).limit(PER_PART)).all()
    if not rows and page > 1:
        return None
    return [(public_url(endpoint, **{arg: row[0]}), row[1].date().isoformat() if row[1] else None) for row in rows]
