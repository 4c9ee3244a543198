"""Hydration of listing hits from SQL (a fixed handful of queries per page, whatever its size) and
display names for catalog facets. Wired only when the catalog domain is present."""
from __future__ import annotations

from collections import defaultdict

from flask_babel import get_locale

from .. import clock, vn
from ..extensions import db
from .services import object_url, register_facet_labeller, register_hydrator

try:  # the catalog/labels domains are optional for discovery
    from ..catalog.models import Listing, ListingStatus, PriceTier
    from ..catalog.taxonomy import category_name
    from ..labels.models import Claim, ClaimStatus, Label
    from ..orgs.models import Organisation, OrgStatus
except ImportError:  # pragma: no cover - catalog not installed
    Listing = None

_SNIPPET = 400


def hydrate_listings(ids: list[int]) -> dict[int, dict]:
    """{id: item} for the ids that are still published by an approved organisation (SQL is the truth)."""
    if not ids:
        return {}
    cols = (Listing.id, Listing.organisation_id, Listing.title, Listing.title_en, Listing.description,
            Listing.description_en, Listing.category, Listing.origin_province, Listing.moq, Listing.unit,
            Listing.capacity_month, Listing.recycled_pct, Listing.compostable, Listing.biodegradable,
            Listing.export_markets, Listing.material, Listing.published_at,
            Organisation.trade_name, Organisation.legal_name)
    rows = db.session.execute(
        db.select(*cols).join(Organisation, Organisation.id == Listing.organisation_id)
        .where(Listing.id.in_(ids), Listing.status == ListingStatus.published, Organisation.status == OrgStatus.approved)
    ).all()
    if not rows:
        return {}
    found = [r.id for r in rows]
    org_ids = {r.organisation_id for r in rows}
    prices = {lid: (mn, mx) for lid, mn, mx in db.session.execute(
        db.select(PriceTier.listing_id, db.func.min(PriceTier.price_vnd), db.func.max(PriceTier.price_vnd))
        .where(PriceTier.listing_id.in_(found)).group_by(PriceTier.listing_id))}
    today = clock.today()
    own: dict[int, set[str]] = defaultdict(set)
    org_level: dict[int, set[str]] = defaultdict(set)
    for listing_id, org_id, code in db.session.execute(
            db.select(Claim.listing_id, Claim.organisation_id, Label.code).join(Label, Label.id == Claim.label_id)
            .where(Claim.status == ClaimStatus.verified, Claim.valid_until >= today,
                   db.or_(Claim.listing_id.in_(found),
                          db.and_(Claim.listing_id.is_(None), Claim.organisation_id.in_(org_ids))))):
        (own[listing_id] if listing_id is not None else org_level[org_id]).add(code)
    english = str(get_locale() or "vi") == "en"
    out: dict[int, dict] = {}
    for r in rows:
        labels = sorted(own[r.id] | org_level[r.organisation_id])
        mn, mx = prices.get(r.id, (None, None))
        out[r.id] = {
            "id": r.id, "title": r.title, "title_en": r.title_en or None,
            "description": (r.description or "")[:_SNIPPET], "description_en": (r.description_en or "")[:_SNIPPET] or None,
            "org_id": r.organisation_id, "org_name": r.trade_name or r.legal_name,
            "category": r.category, "category_name": category_name(r.category),
            "province": r.origin_province, "province_name": vn.province_name(r.origin_province),
            "location": _location(r.origin_province),
            "price_min": mn, "price_max": mx, "moq": r.moq, "unit": r.unit, "capacity_month": r.capacity_month,
            "recycled_pct": r.recycled_pct, "compostable": bool(r.compostable), "biodegradable": bool(r.biodegradable),
            "export_markets": list(r.export_markets or []), "material": r.material or None,
            "labels": labels, "verified": bool(labels),
            "published_at": r.published_at.isoformat() + "Z" if r.published_at else None,
            "url": object_url("listing", r.id),
        }
        if english and r.title_en:
            out[r.id]["display_title"] = r.title_en
    return out


def _location(code):
    p = vn.province(code)
    return {"lat": p.lat, "lon": p.lon} if p else None


def label_names(codes: list[str]) -> dict[str, str]:
    if not codes:
        return {}
    english = str(get_locale() or "vi") == "en"
    rows = db.session.execute(db.select(Label.code, Label.name_en, Label.name_vi).where(Label.code.in_(codes)))
    return {code: (en if english else vi) or code for code, en, vi in rows}


if Listing is not None:
    register_hydrator("listing", hydrate_listings)
    register_facet_labeller("category", lambda values: {v: category_name(v) for v in values})
    register_facet_labeller("label", label_names)
