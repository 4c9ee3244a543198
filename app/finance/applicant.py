"""What the eligibility engine knows about an organisation, read from the orgs, labels and catalog
domains (finance REQUIRES them)."""
from __future__ import annotations

import datetime as dt

from ..catalog.models import Listing, ListingStatus
from ..extensions import db
from ..labels.models import Claim, ClaimStatus, Label
from .eligibility import Applicant


def _claims(org_id: int, today: dt.date):
    """(certified label codes, pending label codes, certified listing ids, has certified org-level claim)."""
    claims = list(db.session.scalars(db.select(Claim).where(
        Claim.organisation_id == org_id, Claim.status.in_([ClaimStatus.verified, ClaimStatus.submitted]))))
    certified = {c.label.code for c in claims if c.is_certified(today)}
    pending = {c.label.code for c in claims if c.status == ClaimStatus.submitted and c.valid_until >= today}
    certified_listings = {c.listing_id for c in claims if c.listing_id is not None and c.is_certified(today)}
    org_level = any(c.listing_id is None and c.is_certified(today) for c in claims)
    return certified, pending, certified_listings, org_level


def _listings(org_id: int) -> list[int]:
    """Ids of the organisation's published listings."""
    return list(db.session.scalars(db.select(Listing.id).where(
        Listing.organisation_id == org_id, Listing.status == ListingStatus.published)))


def applicant_for(org, today: dt.date) -> Applicant:
    labels, pending, certified_listings, org_level = _claims(org.id, today)
    listing_ids = _listings(org.id)
    published = len(listing_ids)
    certified = published if org_level else len(set(listing_ids) & certified_listings)
    return Applicant(
        kind=org.kind.value,
        size=org.size.value if org.size else None,
        sectors=tuple(org.sectors or ()),
        province_code=org.province_code,
        founded_year=org.founded_year,
        certified_labels=frozenset(labels),
        pending_labels=frozenset(pending),
        published_listings=published,
        certified_listings=certified,
    )


def certified_claims(org_id: int, today: dt.date) -> list:
    """The organisation's certified claims (what it may share with a bank)."""
    claims = db.session.scalars(db.select(Claim).where(Claim.organisation_id == org_id,
                                                       Claim.status == ClaimStatus.verified).order_by(Claim.id))
    return [c for c in claims if c.is_certified(today)]


def label_names(codes, locale: str | None = "vi") -> dict[str, str]:
    codes = list(codes or [])
    if not codes:
        return {}
    return {lb.code: lb.name(locale) for lb in db.session.scalars(db.select(Label).where(Label.code.in_(codes)))}


def label_choices(locale: str | None = "vi") -> list[tuple[str, str]]:
    return [(lb.code, lb.name(locale)) for lb in db.session.scalars(
        db.select(Label).where(Label.active.is_(True)).order_by(Label.sort_order, Label.code))]
