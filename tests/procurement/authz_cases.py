"""Authorization cases for the procurement API (see tests/test_authz_matrix.py): tender lists belong to a
buyer organisation; another organisation's members never see or change them."""
from __future__ import annotations

import datetime as dt

from tests.test_authz_matrix import Case, register


def _qualifying_listing(w):
    from app import clock
    from app.catalog.models import Listing, ListingStatus
    from app.extensions import db
    from app.labels.models import Claim, ClaimStatus, Label
    from app.reference import seed_all

    if not db.session.scalar(db.select(db.func.count(Label.id))):
        seed_all()
    producer = w.make_org("producer")
    listing = Listing(organisation_id=producer.id, title="Túi PE tái chế", category="packaging.bags", unit="piece",
                      status=ListingStatus.published, published_at=clock.now())
    db.session.add(listing)
    db.session.flush()
    label = db.session.scalar(db.select(Label).where(Label.code == "vn-ecolabel"))
    today = clock.today()
    db.session.add(Claim(label_id=label.id, organisation_id=producer.id, listing_id=listing.id, certificate_number="Q-1",
                         valid_from=today - dt.timedelta(days=1), valid_until=today + dt.timedelta(days=100),
                         status=ClaimStatus.verified))
    db.session.commit()
    return listing


def _list(w, with_item=False):
    from app.permissions import Actor
    from app.procurement import services

    tl = services.create_list(Actor.for_user(w.owner), {"title": "Bao bì 2027", "product_group": "packaging"})
    listing = _qualifying_listing(w)
    if with_item:
        services.add_items(Actor.for_user(w.owner), tl.id, {"listing_ids": [listing.id]})
    return tl, listing


def _add(w):
    tl, listing = _list(w)
    return f"/api/v1/procurement/lists/{tl.id}/items", {"listing_ids": [listing.id]}


def _remove(w):
    tl, listing = _list(w, with_item=True)
    return f"/api/v1/procurement/lists/{tl.id}/items/{listing.id}", None


register(
    Case("POST", "/api/v1/procurement/lists",
         lambda w: ("/api/v1/procurement/lists", {"title": "Văn phòng phẩm 2027", "product_group": "packaging"}),
         right="any_user", kind="buyer"),
    Case("POST", "/api/v1/procurement/lists/<int:list_id>/items", _add, kind="buyer", stranger_sees=(404,)),
    Case("DELETE", "/api/v1/procurement/lists/<int:list_id>/items/<int:listing_id>", _remove, kind="buyer",
         stranger_sees=(404,)),
)
