"""Cross-domain reactions of the catalog (registered by `catalog.init_app`; run inside the caller's
transaction).

- A claim changed → its listing (or, for an organisation-level claim, every published listing of the
  organisation) gets a new version and an outbox row, because labels/verified/claim_strength changed.
- An organisation's status changed (approved/suspended/pending) → same for its published listings,
  so suspended organisations disappear from search.
- An organisation's name, description or province changed → same, since listing documents carry them.
"""
from __future__ import annotations

from ..extensions import db
from ..notifications.services import enqueue_index
from .models import Listing, ListingStatus


def reindex_org_listings(org_id: int) -> int:
    ids = list(db.session.scalars(db.select(Listing.id).where(Listing.organisation_id == org_id,
                                                              Listing.status == ListingStatus.published)))
    if ids:
        db.session.execute(db.update(Listing).where(Listing.id.in_(ids)).values(version=Listing.version + 1)
                           .execution_options(synchronize_session="fetch"))
        for listing_id in ids:
            enqueue_index("listing", listing_id)
    return len(ids)


def claim_changed(claim) -> None:
    if claim.listing_id is not None:
        listing = db.session.get(Listing, claim.listing_id)
        if listing is not None:
            listing.bump_version()
            enqueue_index("listing", listing.id)
    else:
        reindex_org_listings(claim.organisation_id)


def org_status_changed(org) -> None:
    reindex_org_listings(org.id)


def org_profile_changed(org, fields) -> None:
    reindex_org_listings(org.id)
