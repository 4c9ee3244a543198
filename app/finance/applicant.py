"""What the eligibility engine knows about an organisation, read from the orgs, labels and catalog
domains. A domain that is not available (not installed, table missing) gives "unknown", never an error."""
from __future__ import annotations

import datetime as dt
import logging

from ..extensions import db
from .eligibility import Applicant

log = logging.getLogger(__name__)


def _claims(org_id: int, today: dt.date):
    """(certified label codes, pending label codes, certified listing ids, has certified org-level claim)
    or None when the labels domain is unavailable."""
    try:
        from ..labels.models import Claim, ClaimStatus
    except ImportError:
        return None
    try:
        claims = list(db.session.scalars(db.select(Claim).where(
            Claim.organisation_id == org_id, Claim.status.in_([ClaimStatus.verified, ClaimStatus.submitted]))))
    except Exception:  # noqa: BLE001 - table missing in a partial deployment
        log.warning("finance: claims unavailable", exc_info=True)
        db.session.rollback()
        return None
    certified = {c.label.code for c in claims if c.is_certified(today)}
    pending = {c.label.code for c in claims if c.status == ClaimStatus.submitted and c.valid_until >= today}
    certified_listings = {c.listing_id for c in claims if c.listing_id is not None and c.is_certified(today)}
    org_level = any(c.listing_id is None and c.is_certified(today) for c in claims)
    return certified, pending, certified_listings, org_level


def _listings(org_id: int) -> list[int] | None:
    """Ids of the organisation's published listings, or None when the catalog is unavailable."""
    try:
        from ..catalog.models import Listing, ListingStatus
    except ImportError:
        return None
    try:
        return list(db.session.scalars(db.select(Listing.id).where(
            Listing.organisation_id == org_id, Listing.status == ListingStatus.published)))
    except Exception:  # noqa: BLE001
        log.warning("finance: listings unavailable", exc_info=True)
        db.session.rollback()
        return None


def applicant_for(org, today: dt.date) -> Applicant:
    claims = _claims(org.id, today)
    listing_ids = _listings(org.id)
    published = certified = None
    if listing_ids is not None and claims is not None:
        published = len(listing_ids)
        _c, _p, certified_listings, org_level = claims
        certified = published if org_level else len(set(listing_ids) & certified_listings)
    return Applicant(
        kind=org.kind.value,
        size=org.size.value if org.size else None,
        sectors=tuple(org.sectors or ()),
        province_code=org.province_code,
        founded_year=org.founded_year,
        certified_labels=frozenset(claims[0]) if claims is not None else None,
        pending_labels=frozenset(claims[1]) if claims is not None else frozenset(),
        published_listings=published,
        certified_listings=certified,
    )


def certified_claims(org_id: int, today: dt.date) -> list:
    """The organisation's certified claims (what it may share with a bank)."""
    try:
        from ..labels.models import Claim, ClaimStatus
    except ImportError:
        return []
    claims = db.session.scalars(db.select(Claim).where(Claim.organisation_id == org_id,
                                                       Claim.status == ClaimStatus.verified).order_by(Claim.id))
    return [c for c in claims if c.is_certified(today)]


def label_names(codes, locale: str | None = "vi") -> dict[str, str]:
    codes = list(codes or [])
    if not codes:
        return {}
    try:
        from ..labels.models import Label
    except ImportError:
        return {}
    return {lb.code: lb.name(locale) for lb in db.session.scalars(db.select(Label).where(Label.code.in_(codes)))}


def label_choices(locale: str | None = "vi") -> list[tuple[str, str]]:
    try:
        from ..labels.models import Label
    except ImportError:
        return []
    try:
        return [(lb.code, lb.name(locale)) for lb in db.session.scalars(
            db.select(Label).where(Label.active.is_(True)).order_by(Label.sort_order, Label.code))]
    except Exception:  # noqa: BLE001
        db.session.rollback()
        return []
