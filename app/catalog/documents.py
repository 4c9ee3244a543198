"""Search documents for listings: the one place that decides what a listing looks like in the index.

`listing_document(listing)` → dict, or None when the listing must not be searchable (not published,
or its organisation is not approved: the indexer deletes it then). `listings_for_index()` yields the
documents of every indexable listing for a full rebuild, in id order, with a handful of queries per
batch (Core selects, no ORM objects), so 100k listings take seconds.

claim_strength (0..1) rewards certified claims, by how much a label kind proves about the product and
whether it is about this product or only about its producer:

    w(claim)       = KIND_WEIGHT[label.kind] × (1.0 for a listing claim | 0.5 for an organisation claim)
    claim_strength = 1 − Π over certified labels (1 − w)        (one w per label code, the largest)

so one verified Vietnam Ecolabel gives 0.6, ecolabel + organic 0.84, an ISO 14001 of the producer
alone 0.15; it never exceeds 1 and more independent evidence always raises it. Only claims that are
verified and not past `valid_until` (Claim.is_certified) count.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from .. import clock, vn
from ..extensions import db
from ..labels.models import Claim, ClaimStatus, Label
from ..orgs.models import Organisation, OrgStatus
from .models import Listing, ListingStatus
from .taxonomy import category_path

KIND_WEIGHT = {
    "eco": 0.6, "organic": 0.6, "recycled": 0.5, "compostable": 0.5, "forestry": 0.5,
    "energy": 0.4, "carbon": 0.4, "agriculture": 0.4, "social": 0.3, "management": 0.3,
}
ORG_LEVEL_FACTOR = 0.5


def iso_utc(value: dt.datetime | None) -> str | None:
    """Naive UTC datetime → '2025-07-01T03:04:05Z'."""
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat() + "Z"


def claim_strength(listing_labels: list[tuple[str, str]], org_labels: list[tuple[str, str]]) -> float:
    """(code, kind) pairs of certified claims on the listing and on its organisation → 0..1 (see module doc)."""
    weights: dict[str, float] = {}
    for items, factor in ((listing_labels, 1.0), (org_labels, ORG_LEVEL_FACTOR)):
        for code, kind in items:
            weights[code] = max(weights.get(code, 0.0), KIND_WEIGHT.get(kind, 0.3) * factor)
    remaining = 1.0
    for w in weights.values():
        remaining *= 1.0 - w
    return round(1.0 - remaining, 4)


def _assemble(row: dict, listing_labels: list[tuple[str, str]],
              org_labels: list[tuple[str, str]], org_name: str, org_approved: bool) -> dict:
    province = row["origin_province"]
    p = vn.province(province)
    codes = sorted({c for c, _k in listing_labels} | {c for c, _k in org_labels})
    kinds = sorted({k for _c, k in listing_labels} | {k for _c, k in org_labels})
    return {
        "id": str(row["id"]),
        "version": row["version"],
        "title": row["title"],
        "title_en": row["title_en"] or None,
        "description": row["description"],
        "description_en": row["description_en"] or None,
        "org_id": str(row["organisation_id"]),
        "org_name": org_name,
        "org_verified": bool(org_labels) or org_approved,
        "category": row["category"],
        "category_path": category_path(row["category"]),
        "labels": codes,
        "label_kinds": kinds,
        "verified": bool(codes),
        "claim_strength": claim_strength(listing_labels, org_labels),
        "province": str(province) if province else None,
        "location": {"lat": p.lat, "lon": p.lon} if p else None,
        "price_min": row["price_min"],
        "price_max": row["price_max"],
        "moq": row["moq"],
        "capacity_month": row["capacity_month"],
        "recycled_pct": row["recycled_pct"],
        "compostable": bool(row["compostable"]),
        "biodegradable": bool(row["biodegradable"]),
        "export_markets": list(row["export_markets"] or []),
        "material": row["material"] or None,
        "published_at": iso_utc(row["published_at"]),
        "updated_at": iso_utc(row["updated_at"]),
    }


_ROW_FIELDS = ("id", "version", "organisation_id", "title", "title_en", "description", "description_en", "category",
               "origin_province", "price_min", "price_max", "moq", "capacity_month", "recycled_pct", "compostable", "biodegradable",
               "export_markets", "material", "published_at", "updated_at")


def listing_document(listing: Listing) -> dict | None:
    """The search document of one listing, or None when it must not be in the index."""
    org = listing.organisation
    if listing.status != ListingStatus.published or org is None or org.status != OrgStatus.approved:
        return None
    today = clock.today()
    own = [(c.label.code, c.label.kind.value) for c in listing.claims if c.is_certified(today)]
    org_claims = db.session.scalars(db.select(Claim).where(
        Claim.organisation_id == org.id, Claim.listing_id.is_(None), Claim.status == ClaimStatus.verified,
        Claim.valid_until >= today))
    org_labels = [(c.label.code, c.label.kind.value) for c in org_claims]
    row = {f: getattr(listing, f) for f in _ROW_FIELDS}
    return _assemble(row, own, org_labels, org.display_name, True)


def listing_one(listing_id: int) -> dict | None:
    """The indexer's `build_one`: the current document of one listing (None: not searchable)."""
    listing = db.session.get(Listing, listing_id)
    return listing_document(listing) if listing is not None else None


def listings_for_index(batch_size: int = 2000, *, org_id: int | None = None) -> Iterator[dict]:
    """Documents of all indexable listings (published, organisation approved), in id order.

    One streamed query for the listings (prices are denormalised on the row); per chunk of `batch_size`,
    one query for the claims by `listing_id` range (served by ix_claims_listing_id)."""
    today = clock.today()
    conn = db.session.connection()  # Core execution: no ORM row processing
    labels = {lid: (code, kind.value) for lid, code, kind in conn.execute(db.select(Label.id, Label.code, Label.kind))}
    orgs = {oid: (trade or legal) for oid, trade, legal in conn.execute(
        db.select(Organisation.id, Organisation.trade_name, Organisation.legal_name)
        .where(Organisation.status == OrgStatus.approved))}
    org_labels: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for oid, label_id in conn.execute(db.select(Claim.organisation_id, Claim.label_id).where(
            Claim.listing_id.is_(None), Claim.status == ClaimStatus.verified, Claim.valid_until >= today)):
        org_labels[oid].append(labels[label_id])
    stmt = (db.select(*[getattr(Listing, f) for f in _ROW_FIELDS])
            .join(Organisation, Organisation.id == Listing.organisation_id)
            .where(Listing.status == ListingStatus.published, Organisation.status == OrgStatus.approved)
            .order_by(Listing.id).execution_options(stream_results=True, max_row_buffer=batch_size))
    if org_id is not None:
        stmt = stmt.where(Listing.organisation_id == org_id)
    result = conn.execute(stmt)
    for partition in result.partitions(batch_size):
        rows = [r._asdict() for r in partition]
        lo, hi = rows[0]["id"], rows[-1]["id"]
        own: dict[int, list[tuple[str, str]]] = defaultdict(list)
        # Only the listing_id condition in SQL, so the planner uses ix_claims_listing_id; certified check here.
        for lid, label_id, status, valid_until in conn.execute(
                db.select(Claim.listing_id, Claim.label_id, Claim.status, Claim.valid_until)
                .where(Claim.listing_id.between(lo, hi))):
            if status == ClaimStatus.verified and valid_until >= today:
                own[lid].append(labels[label_id])
        for r in rows:
            oid = r["organisation_id"]
            yield _assemble(r, own.get(r["id"], []), org_labels.get(oid, []), orgs[oid], True)


def listing_documents(ids: list[int]) -> dict[int, dict | None]:
    """The documents of `ids` (None for a listing that must not be in the index), in three queries
    whatever the number of ids: what the indexer builds per outbox batch. Same documents as
    `listing_document`, without its lazy loads and per-listing claim query."""
    out: dict[int, dict | None] = dict.fromkeys(ids)
    if not ids:
        return out
    today = clock.today()
    conn = db.session.connection()
    rows = [r._asdict() for r in conn.execute(
        db.select(*[getattr(Listing, f) for f in _ROW_FIELDS], Organisation.trade_name, Organisation.legal_name)
        .join(Organisation, Organisation.id == Listing.organisation_id)
        .where(Listing.id.in_(ids), Listing.status == ListingStatus.published,
               Organisation.status == OrgStatus.approved))]
    if not rows:
        return out

    def certified(owner, *where) -> dict[int, list[tuple[str, str]]]:
        """(code, kind) of the certified claims, by `owner` (Claim.listing_id or Claim.organisation_id)."""
        found: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for key, code, kind in conn.execute(
                db.select(owner, Label.code, Label.kind).join(Label, Label.id == Claim.label_id)
                .where(*where, Claim.status == ClaimStatus.verified, Claim.valid_until >= today)):
            found[key].append((code, kind.value))
        return found

    own = certified(Claim.listing_id, Claim.listing_id.in_([r["id"] for r in rows]))
    org_labels = certified(Claim.organisation_id, Claim.organisation_id.in_({r["organisation_id"] for r in rows}),
                           Claim.listing_id.is_(None))
    for r in rows:
        trade, legal = r.pop("trade_name"), r.pop("legal_name")
        name = trade or legal
        out[r["id"]] = _assemble(r, own.get(r["id"], []), org_labels.get(r["organisation_id"], []), name, True)
    return out
