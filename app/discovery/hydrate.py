"""Hydration of listing hits from SQL (a fixed handful of queries per page, whatever its size) and
display names for catalog facets (registered by `discovery.init_app`)."""
from __future__ import annotations

from collections import defaultdict

from flask_babel import get_locale

from .. import clock, vn
from ..display import display_name
from ..extensions import db
from ..catalog.models import Listing, ListingPhoto, ListingStatus, PriceTier
from ..catalog.taxonomy import category_name
from ..labels.models import Claim, ClaimStatus, Label
from ..labels.services import KIND_LABELS
from ..orgs.models import Organisation, OrgStatus
from .services import object_url

_SNIPPET = 400


_STATEMENTS: dict[str, object] = {}


def _statements() -> dict[str, object]:
    """The hydration queries, built once: Core selects with expanding IN parameters (building and
    compiling them per page cost more than running them)."""
    if not _STATEMENTS:
        ids, found, orgs = (db.bindparam(n, expanding=True) for n in ("ids", "found", "orgs"))
        cols = (Listing.id, Listing.organisation_id, Listing.title, Listing.title_en, Listing.description,
                Listing.description_en, Listing.category, Listing.origin_province, Listing.moq, Listing.unit,
                Listing.capacity_month, Listing.recycled_pct, Listing.compostable, Listing.biodegradable,
                Listing.export_markets, Listing.material, Listing.published_at,
                Organisation.trade_name, Organisation.legal_name, Listing.status,
                Organisation.status.label("org_status"))
        _STATEMENTS.update(
            rows=db.select(*cols).join(Organisation, Organisation.id == Listing.organisation_id)
            .where(Listing.id.in_(ids)),
            prices=db.select(PriceTier.listing_id, db.func.min(PriceTier.price_vnd), db.func.max(PriceTier.price_vnd))
            .where(PriceTier.listing_id.in_(found)).group_by(PriceTier.listing_id),
            photos=db.select(ListingPhoto.listing_id, db.func.min(ListingPhoto.id))
            .where(ListingPhoto.listing_id.in_(found)).group_by(ListingPhoto.listing_id),
            own=db.select(Claim.listing_id, Claim.status, Claim.valid_until, Label.code)
            .join(Label, Label.id == Claim.label_id).where(Claim.listing_id.in_(found)),
            org=db.select(Claim.organisation_id, Claim.status, Claim.valid_until, Label.code)
            .join(Label, Label.id == Claim.label_id)
            .where(Claim.listing_id.is_(None), Claim.organisation_id.in_(orgs)),
        )
    return _STATEMENTS


def hydrate_listings(ids: list[int]) -> dict[int, dict]:
    """{id: item} for the ids that are still published by an approved organisation (SQL is the truth)."""
    if not ids:
        return {}
    st = _statements()
    conn = db.session.connection()
    # Status checks in Python: in SQL they tempt SQLite's planner away from the primary key.
    rows = [r for r in conn.execute(st["rows"], {"ids": list(ids)})
            if r.status == ListingStatus.published and r.org_status == OrgStatus.approved]
    if not rows:
        return {}
    found = [r.id for r in rows]
    org_ids = sorted({r.organisation_id for r in rows})
    prices = {lid: (mn, mx) for lid, mn, mx in conn.execute(st["prices"], {"found": found})}
    photos = dict(conn.execute(st["photos"], {"found": found}).all())  # listing id → its first photo (the card's thumbnail)
    today = clock.today()
    own: dict[int, set[str]] = defaultdict(set)
    org_level: dict[int, set[str]] = defaultdict(set)
    # Certified = verified and not expired; checked in Python so the id indexes drive both lookups.
    for listing_id, status, until, code in conn.execute(st["own"], {"found": found}):
        if status == ClaimStatus.verified and until >= today:
            own[listing_id].add(code)
    for org_id, status, until, code in conn.execute(st["org"], {"orgs": org_ids}):
        if status == ClaimStatus.verified and until >= today:
            org_level[org_id].add(code)
    english = str(get_locale() or "vi") == "en"
    # display names once per distinct value on the page (each is a catalogue lookup)
    categories = {c: category_name(c) for c in {r.category for r in rows}}
    provinces = {p: (vn.province_name(p), _location(p)) for p in {r.origin_province for r in rows}}
    out: dict[int, dict] = {}
    for r in rows:
        labels = sorted(own[r.id] | org_level[r.organisation_id])
        mn, mx = prices.get(r.id, (None, None))
        out[r.id] = {
            "id": r.id, "title": r.title, "title_en": r.title_en or None,
            "description": (r.description or "")[:_SNIPPET], "description_en": (r.description_en or "")[:_SNIPPET] or None,
            "org_id": r.organisation_id, "org_name": r.trade_name or r.legal_name,
            "category": r.category, "category_name": categories[r.category],
            "province": r.origin_province, "province_name": provinces[r.origin_province][0],
            "location": dict(provinces[r.origin_province][1] or {}) or None,
            "price_min": mn, "price_max": mx, "moq": r.moq, "unit": r.unit, "capacity_month": r.capacity_month,
            "recycled_pct": r.recycled_pct, "compostable": bool(r.compostable), "biodegradable": bool(r.biodegradable),
            "export_markets": list(r.export_markets or []), "material": r.material or None,
            "labels": labels, "verified": bool(labels),
            "published_at": r.published_at.isoformat() + "Z" if r.published_at else None,
            "url": object_url("listing", r.id),
            "photo_id": photos.get(r.id),
        }
        if english and r.title_en:
            out[r.id]["display_title"] = r.title_en
    return out


def _location(code):
    p = vn.province(code)
    return {"lat": p.lat, "lon": p.lon} if p else None


_label_cache: dict = {"at": 0.0, "names": {}}


def label_names(codes: list[str]) -> dict[str, str]:
    """Label registry names (reference data: re-read at most once a minute per process)."""
    import time

    if not codes:
        return {}
    age = time.monotonic() - _label_cache["at"]
    if age > 60 or (age > 5 and any(c not in _label_cache["names"] for c in codes)):
        _label_cache["names"] = {code: (en, vi) for code, en, vi in
                                 db.session.execute(db.select(Label.code, Label.name_en, Label.name_vi))}
        _label_cache["at"] = time.monotonic()
    english = str(get_locale() or "vi") == "en"
    names = _label_cache["names"]
    return {c: (names[c][0] if english else names[c][1]) or c for c in codes if c in names}


def category_labels(values: list[str]) -> dict[str, str]:
    return {v: category_name(v) for v in values}


def label_kind_labels(values: list[str]) -> dict[str, str]:
    return {v: str(KIND_LABELS.get(v, v)) for v in values}


def market_names(values: list[str]) -> dict[str, str]:
    """Export market codes (EU, JP, ASEAN…) → their names in the reader's language, from the display registry."""
    return {v: display_name(v, "market") for v in values}
