"""Programme fixtures: builders of constructed platform data with known answers (rows written directly,
so each test states exactly what exists), and the reporting units / officers."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

NOW = dt.datetime(2026, 6, 15, 5, 0)  # 12:00 in Vietnam, 15 June 2026
TODAY = dt.date(2026, 6, 15)
_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _labels_and_clock(app):
    from app import clock
    from app.extensions import db
    from app.labels.models import Label
    from app.reference import seed_all

    if not db.session.scalar(db.select(db.func.count(Label.id))):
        seed_all()
    with clock.frozen(NOW):
        yield


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class World:
    """Small helpers that write rows as they would stand after the real workflows."""

    def __init__(self, make_org):
        self.make_org = make_org

    def org(self, kind="producer", province="79", segment=None, sectors=(), status="approved"):
        from app.extensions import db
        from app.orgs.models import BuyerSegment

        org = self.make_org(kind, status=status, province_code=province, sectors=list(sectors))
        if segment:
            org.buyer_segment = BuyerSegment(segment)
            db.session.commit()
        return org

    def listing(self, org, category="packaging.bags", status="published", published=NOW - days(200)):
        from app.catalog.models import Listing, ListingStatus
        from app.extensions import db

        n = next(_seq)
        lst = Listing(organisation_id=org.id, title=f"Sản phẩm {n}", category=category, unit="piece",
                      status=ListingStatus(status), published_at=published if status == "published" else None)
        db.session.add(lst)
        db.session.commit()
        return lst

    def claim(self, listing, code="vn-ecolabel", status="verified", valid_from=TODAY - days(400),
              valid_until=TODAY + days(400)):
        from app.extensions import db
        from app.labels.models import Claim, ClaimStatus, Label

        label = db.session.scalar(db.select(Label).where(Label.code == code))
        c = Claim(label_id=label.id, organisation_id=listing.organisation_id, listing_id=listing.id,
                  certificate_number=f"VN-{next(_seq)}", valid_from=valid_from, valid_until=valid_until,
                  status=ClaimStatus(status))
        db.session.add(c)
        db.session.commit()
        return c

    def deal(self, buyer, listing, when=NOW - days(60), status="active", total=1_000_000):
        from app.extensions import db
        from app.sourcing.models import Deal, DealStatus, Quote, QuoteStatus, Rfq, RfqStatus

        rfq = Rfq(buyer_org_id=buyer.id, title="Cần mua", quantity=100, unit="piece", delivery_province="79",
                  closes_on=when.date() + days(10), status=RfqStatus.awarded, opened_at=when - days(5))
        db.session.add(rfq)
        db.session.flush()
        q = Quote(rfq_id=rfq.id, supplier_org_id=listing.organisation_id, listing_id=listing.id, unit_price_vnd=10_000,
                  quantity=100, lead_time_days=7, valid_until=when.date() + days(30), status=QuoteStatus.accepted,
                  created_at=when - days(2))
        db.session.add(q)
        db.session.flush()
        deal = Deal(rfq_id=rfq.id, quote_id=q.id, buyer_org_id=buyer.id, supplier_org_id=listing.organisation_id,
                    listing_id=listing.id, quantity=100, unit="piece", unit_price_vnd=10_000, total_vnd=total,
                    delivery_province="79", agreed_at=when, status=DealStatus(status))
        db.session.add(deal)
        db.session.commit()
        return deal


@pytest.fixture()
def world(make_org):
    return World(make_org)


@pytest.fixture()
def snapshot():
    """snapshot() → the newest snapshot, computed now as of TODAY."""
    from app.programme.snapshots import compute_snapshot

    def do(as_of=TODAY):
        return compute_snapshot(as_of, trigger="test")

    return do
