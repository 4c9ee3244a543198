"""Matching a request against the catalogue: candidates from the search engine, facts from SQL.

1. `search.matching.retrieve` asks the engine for candidates with the hard constraints it can
   express as filters (category, a required label, recycled content, capacity ≥ quantity — and
   once without the capacity range, so suppliers who gave no capacity are found too).
2. `listing_facts(ids)` re-reads those listings from SQL in a few bulk queries: status, the
   organisation's status, certified claims (listing and organisation level), price tiers,
   capacity, location, responsiveness. A stale index can therefore never leak a violation.
3. `search.matching.rank` drops violations, scores with the fixed weights and orders.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from flask_babel import force_locale
from flask_babel import gettext as _

from search import matching as m
from search.text import tokens

from .. import clock, vn
from ..extensions import db
from ..orgs.models import Organisation, OrgStatus
from .models import Rfq

PER_QUERY = 150


@lru_cache(maxsize=512)
def generic_terms(category: str | None, province_code: str | None) -> frozenset[str]:
    """Folded words of a request that do not name a product: the names (Vietnamese and English) of its
    category and the category's ancestors, and the delivery province's name."""
    from ..catalog.taxonomy import CATEGORIES, category_path

    texts = []
    for code in category_path(category) if category in CATEGORIES else []:
        for locale in ("vi", "en"):
            with force_locale(locale):
                texts.append(str(CATEGORIES[code]))
    p = vn.province(province_code)
    if p is not None:
        texts.append(p.short_name)
    return frozenset(t for text in texts for t in tokens(text))


def spec_for(rfq: Rfq) -> m.RfqSpec:
    p = vn.province(rfq.delivery_province)
    return m.RfqSpec(
        text=" ".join(t for t in (rfq.title, rfq.description) if t), category=rfq.category or None,
        title=rfq.title or "", generic_terms=generic_terms(rfq.category or None, rfq.delivery_province),
        quantity=rfq.quantity, unit=rfq.unit, price_min=rfq.target_price_min, price_max=rfq.target_price_max,
        required_labels=tuple(rfq.required_labels or ()), preferred_labels=tuple(rfq.preferred_labels or ()),
        min_recycled_pct=rfq.min_recycled_pct, delivery=(p.lat, p.lon) if p else None,
    )


def listing_facts(ids: list[int]) -> dict[int, m.ListingFacts]:
    """Current facts of listings from SQL (a handful of queries however many ids)."""
    from ..catalog.models import Listing, ListingStatus, PriceTier
    from ..labels.models import Claim, ClaimStatus, Label
    from .services import responsiveness

    if not ids:
        return {}
    today = clock.today()
    out: dict[int, m.ListingFacts] = {}
    rows = []
    for chunk in (ids[i:i + 900] for i in range(0, len(ids), 900)):
        rows += db.session.execute(
            db.select(Listing.id, Listing.organisation_id, Listing.title, Listing.title_en, Listing.description,
                      Listing.description_en, Listing.material, Listing.category, Listing.unit, Listing.capacity_month,
                      Listing.moq, Listing.recycled_pct, Listing.origin_province, Listing.status,
                      Organisation.status.label("org_status"), Organisation.tax_code, Organisation.province_code)
            .join(Organisation, Organisation.id == Listing.organisation_id).where(Listing.id.in_(chunk))).all()
    if not rows:
        return {}
    listing_ids = [r.id for r in rows]
    org_ids = sorted({r.organisation_id for r in rows})
    codes = {lid: code for lid, code in db.session.execute(db.select(Label.id, Label.code))}
    tiers: dict[int, list] = defaultdict(list)
    own: dict[int, set] = defaultdict(set)
    for chunk in (listing_ids[i:i + 900] for i in range(0, len(listing_ids), 900)):
        for lid, q, p in db.session.execute(db.select(PriceTier.listing_id, PriceTier.min_qty, PriceTier.price_vnd)
                                            .where(PriceTier.listing_id.in_(chunk))):
            tiers[lid].append((q, p))
        # filter status/validity in Python: with them in SQL, SQLite picks the (status, valid_until)
        # index and scans every verified claim instead of using the listing_id index
        for lid, label_id, status, until in db.session.execute(db.select(
                Claim.listing_id, Claim.label_id, Claim.status, Claim.valid_until).where(Claim.listing_id.in_(chunk))):
            if status == ClaimStatus.verified and until >= today:
                own[lid].add(codes[label_id])
    org_labels: dict[int, set] = defaultdict(set)
    for oid, label_id, status, until in db.session.execute(db.select(
            Claim.organisation_id, Claim.label_id, Claim.status, Claim.valid_until).where(
            Claim.organisation_id.in_(org_ids), Claim.listing_id.is_(None))):
        if status == ClaimStatus.verified and until >= today:
            org_labels[oid].add(codes[label_id])
    resp = responsiveness(org_ids)
    for r in rows:
        province = vn.province(r.origin_province) or vn.province(r.province_code)
        stats = resp.get(r.organisation_id)
        out[r.id] = m.ListingFacts(
            listing_id=r.id, org_id=r.organisation_id, title=r.title or "", title_en=r.title_en or "",
            description=r.description or "", description_en=r.description_en or "", material=r.material or "",
            category=r.category or "", unit=r.unit or "", labels=frozenset(own[r.id] | org_labels[r.organisation_id]),
            capacity_month=r.capacity_month, moq=r.moq, recycled_pct=r.recycled_pct,
            price_tiers=tuple(sorted(tiers[r.id])), location=(province.lat, province.lon) if province else None,
            active=r.status == ListingStatus.published and r.org_status == OrgStatus.approved,
            org_checked=r.org_status == OrgStatus.approved and bool(r.tax_code),
            response_rate=stats["response_rate"] if stats else None,
            median_response_hours=stats["median_hours"] if stats else None,
        )
    return out


@dataclass
class MatchPage:
    groups: list[m.SupplierGroup]
    total: int
    orgs: dict[int, Organisation]
    titles: dict[int, str]
    degraded: bool = False


def match_rfq(rfq: Rfq, *, backend=None, limit: int = 60, per_supplier: int = 3) -> MatchPage:
    """Explained matches of a request, grouped by supplier (the buyer's own organisation excluded)."""
    from search import SearchError

    from ..indexing import get_backend

    spec = spec_for(rfq)
    backend = backend or get_backend()
    try:
        ids = m.retrieve(backend, "listing", spec, per_query=PER_QUERY)
        incomplete = bool(backend.index_problem("listing")) if hasattr(backend, "index_problem") else False
    except (SearchError, OSError):
        return MatchPage([], 0, {}, {}, degraded=True)
    facts = [f for f in listing_facts(ids).values() if f.org_id != rfq.buyer_org_id]
    ranked = m.rank(spec, facts)
    groups = m.group_by_supplier(ranked[: limit * per_supplier], per_supplier=per_supplier)[:limit]
    org_ids = [g.org_id for g in groups]
    orgs = {o.id: o for o in db.session.scalars(db.select(Organisation).where(Organisation.id.in_(org_ids)))} if org_ids else {}
    titles = {e.listing_id: e.facts.title for g in groups for e in g.matches}
    return MatchPage(groups, len(ranked), orgs, titles, degraded=incomplete)


def component_label(name: str) -> str:
    return {
        "text": _("Text relevance"), "labels": _("Preferred labels"), "capacity": _("Capacity fit"),
        "price": _("Price fit"), "distance": _("Distance"), "verification": _("Supplier verification"),
        "responsiveness": _("Responsiveness"),
    }.get(name, name)


def match_item(e: m.Explained) -> dict:
    """The API shape of one explained match."""
    body = e.as_dict()
    return {"listing_id": e.listing_id, "org_id": e.facts.org_id, "title": e.facts.title, "score": body["score"],
            "names_product": body["names_product"], "explanation": body["components"]}
