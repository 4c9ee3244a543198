"""Each indicator on constructed data with a known answer, including the edge cases the plan's wording
implies (expired claims don't count, non-eco packaging doesn't count, cancelled deals don't count)."""
from __future__ import annotations

import datetime as dt

from .conftest import NOW, TODAY, days


def test_retail_eco_packaging_share_counts_only_certified_packaging_in_the_last_12_months(world, snapshot):
    from app.programme.snapshots import by_province, org_ids, value

    producer = world.org("producer", "79", sectors=["packaging"])
    eco_bags = world.listing(producer, "packaging.bags")
    world.claim(eco_bags, "vn-ecolabel")
    plain_bags = world.listing(producer, "packaging.bags")  # no certification
    lapsed = world.listing(producer, "packaging.cups")  # certified only until 100 days ago
    world.claim(lapsed, "vn-ecolabel", valid_until=TODAY - days(100))
    eco_rice = world.listing(producer, "food.rice")
    world.claim(eco_rice, "vn-organic")

    a = world.org("buyer", "1", segment="supermarket", sectors=["retail"])  # counts
    b = world.org("buyer", "79", segment="supermarket")  # bought non-eco packaging
    c = world.org("buyer", "79", segment="trade_centre")  # its deal was cancelled
    d = world.org("buyer", "79", segment="supermarket")  # bought 13 months ago
    e = world.org("buyer", "79", segment="trade_centre")  # bought after the certification lapsed
    f = world.org("buyer", "79", segment="supermarket")  # bought certified rice, not packaging
    horeca = world.org("buyer", "79", segment="horeca")  # not in the segment counted
    world.deal(a, eco_bags, when=NOW - days(60))
    world.deal(b, plain_bags, when=NOW - days(60))
    world.deal(c, eco_bags, when=NOW - days(30), status="cancelled")
    world.deal(d, eco_bags, when=NOW - days(400))
    world.deal(e, lapsed, when=NOW - days(20))
    world.deal(f, eco_rice, when=NOW - days(20))
    world.deal(horeca, eco_bags, when=NOW - days(20))

    snap = snapshot()
    assert value(snap, "retail_eco_packaging", 2026) == round(100 / 6, 1)  # 1 of 6
    assert value(snap, "retail_eco_packaging", 2026, province="1") == 100.0
    assert value(snap, "retail_eco_packaging", 2026, province="79") == 0.0
    assert value(snap, "retail_eco_packaging", 2026, sector="retail") == 100.0
    assert dict(by_province(snap, "retail_eco_packaging", 2026)) == {"01": 100.0, "79": 0.0}
    assert org_ids(snap, "retail_eco_packaging", 2026) == [a.id]
    # a completed deal counts like an active one; the share moves when c's next deal is completed
    world.deal(c, eco_bags, when=NOW - days(3), status="completed")
    assert value(snapshot(), "retail_eco_packaging", 2026) == round(200 / 6, 1)


def test_retail_eco_packaging_without_any_supermarket_is_unknown_not_zero(world, snapshot):
    from app.programme.snapshots import value

    world.org("buyer", "79", segment="horeca")
    assert value(snapshot(), "retail_eco_packaging", 2026) is None


def test_ecolabelled_share_of_distinct_products_sourced_by_retailers(world, snapshot):
    from app.programme.snapshots import value

    p = world.org("producer", "79")
    l1 = world.listing(p, "household.cleaning")
    world.claim(l1, "vn-ecolabel")
    l2 = world.listing(p, "household.cleaning")
    world.claim(l2, "vn-ecolabel", status="expired", valid_until=TODAY - days(1))  # expired yesterday
    l3 = world.listing(p, "packaging.bags")
    world.claim(l3, "grs")  # recycled content: certified, but not an eco-label
    l4 = world.listing(p, "household.kitchen")
    world.claim(l4, "vn-ecolabel")
    l5 = world.listing(p, "household.kitchen")
    world.claim(l5, "eu-ecolabel", status="withdrawn")
    sm = world.org("buyer", "79", segment="supermarket")
    tc = world.org("buyer", "1", segment="trade_centre")
    chain = world.org("buyer", "79", segment="convenience_chain")
    world.deal(sm, l1)
    world.deal(tc, l1)  # the same product from a second retailer: one product
    world.deal(sm, l2)
    world.deal(tc, l3)
    world.deal(sm, l4, status="cancelled")  # withdrawn deal: not sourced
    world.deal(tc, l5)
    world.deal(chain, l4)  # convenience chains are not in the target's population

    snap = snapshot()
    assert value(snap, "retail_ecolabel_skus", 2026) == 25.0  # l1 of l1, l2, l3, l5
    assert value(snap, "retail_ecolabel_skus", 2026, province="1") == 33.3  # l1 of l1, l3, l5
    assert value(snap, "retail_ecolabel_skus", 2026, province="79") == 50.0  # l1 of l1, l2

def test_certified_listings_by_kind_and_share(world, snapshot):
    from app.programme.snapshots import by_key, org_ids, value

    p1 = world.org("producer", "79", sectors=["packaging"])
    p2 = world.org("producer", "48", sectors=["textiles"])
    a = world.listing(p1)
    world.claim(a, "vn-ecolabel")
    b = world.listing(p1)
    world.claim(b, "vn-ecolabel")
    world.claim(b, "grs")
    expired = world.listing(p2)
    world.claim(expired, "vn-ecolabel", valid_until=TODAY - days(1))  # verified, but past its date
    pending = world.listing(p2)
    world.claim(pending, "vn-ecolabel", status="submitted")
    withdrawn = world.listing(p2)
    world.claim(withdrawn, "vn-ecolabel", status="withdrawn")
    draft = world.listing(p2, status="draft")
    world.claim(draft, "vn-ecolabel")
    future = world.listing(p2)
    world.claim(future, "vn-ecolabel", valid_from=TODAY + days(5))

    snap = snapshot()
    assert value(snap, "certified_listings", 2026) == 2
    assert dict(by_key(snap, "certified_listings", 2026, "k")) == {"k:eco": 2, "k:recycled": 1}
    assert value(snap, "certified_listings", 2026, province="48") == 0
    assert value(snap, "certified_listings", 2026, sector="packaging") == 2
    assert value(snap, "certified_listing_share", 2026) == round(100 * 2 / 6, 1)  # 6 published listings
    assert value(snap, "certified_listing_share", 2026, province="79") == 100.0
    assert org_ids(snap, "certified_listings", 2026) == [p1.id]
    # a year earlier (as of 31 Dec 2025) the same claims were valid: the expired one counted then
    assert value(snap, "certified_listings", 2025) == 3


def test_connections_withdrawn_deals_do_not_count_and_a_deal_counts_once_nationally(world, snapshot):
    from app.programme.snapshots import by_month, by_province, value

    supplier = world.org("producer", "79")
    lst = world.listing(supplier)
    hn = world.org("buyer", "1")
    hcm = world.org("buyer", "79")
    world.deal(hn, lst, when=dt.datetime(2026, 3, 10, 3), total=5_000_000)
    world.deal(hcm, lst, when=dt.datetime(2026, 5, 2, 3), status="completed", total=2_000_000)
    world.deal(hcm, lst, when=dt.datetime(2026, 5, 20, 3), status="cancelled", total=9_000_000)

    snap = snapshot()
    assert value(snap, "deals", 2026) == 2
    assert value(snap, "deal_value", 2026) == 7_000_000
    assert dict(by_province(snap, "deals", 2026)) == {"79": 2, "01": 1}  # both parties' provinces
    assert value(snap, "deal_value", 2026, province="79") == 7_000_000
    assert value(snap, "deal_value", 2026, province="1") == 5_000_000
    trend = dict(by_month(snap, "deals", 2026))
    assert trend == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1, 6: 0}
    # requests and quotes: each deal above came from one request and one accepted quote
    assert value(snap, "rfqs", 2026) == 3
    assert value(snap, "quotes", 2026) == 3


def test_finance_offers_and_leads_by_purpose_and_taxonomy_sector(world, snapshot):
    from app.extensions import db
    from app.finance.models import FinanceOffer, Lead, OfferStatus
    from app.programme.snapshots import by_key, value

    bank = world.org("finance", "1")
    business = world.org("producer", "79")

    def offer(status, purposes, **kw):
        o = FinanceOffer(organisation_id=bank.id, title="Vay xanh", product_type="loan", purposes=purposes,
                         status=OfferStatus(status), published_at=NOW - days(30) if status != "draft" else None, **kw)
        db.session.add(o)
        db.session.commit()
        return o

    live = offer("published", ["renewable_energy", "energy_efficiency"])
    offer("published", ["water"], valid_until=TODAY - days(1))  # past its validity
    offer("draft", ["water"])
    offer("closed", ["water"], closed_at=NOW - days(2))
    db.session.add(Lead(offer_id=live.id, finance_org_id=bank.id, business_org_id=business.id,
                        need_purpose="renewable_energy", consent_text="đồng ý", consent_given_at=NOW,
                        created_at=NOW - days(3)))
    db.session.commit()

    snap = snapshot()
    assert value(snap, "finance_offers", 2026) == 1
    assert dict(by_key(snap, "finance_offers", 2026, "p")) == {"p:renewable_energy": 1, "p:energy_efficiency": 1}
    assert dict(by_key(snap, "finance_offers", 2026, "t")) == {"t:energy": 1}  # one offer, one sector
    assert value(snap, "finance_leads", 2026) == 1
    assert value(snap, "finance_leads", 2026, province="79") == 1
    assert dict(by_key(snap, "finance_leads", 2026, "t")) == {"t:energy": 1}


def test_fairs_exhibitors_and_meetings(world, snapshot):
    from app.extensions import db
    from app.fairs.models import (ApplicationStatus, BoothType, Fair, FairApplication, FairStatus, Meeting,
                                  MeetingSlot)
    from app.programme.snapshots import value

    organiser = world.org("fair_organiser", "79")
    ex1, ex2, ex3 = (world.org("producer", p) for p in ("79", "1", "48"))
    visitor = world.org("buyer", "1")

    def fair(province, starts, status="published"):
        f = Fair(organiser_id=organiser.id, name="Hội chợ xanh", starts_on=starts, ends_on=starts + days(2),
                 province_code=province, application_deadline=NOW - days(40), status=FairStatus(status))
        db.session.add(f)
        db.session.flush()
        bt = BoothType(fair_id=f.id, name="Tiêu chuẩn", price_vnd=1_000_000, capacity=10)
        db.session.add(bt)
        db.session.flush()
        return f, bt

    f1, bt1 = fair("48", TODAY - days(20))
    fair("1", TODAY - days(10), status="cancelled")
    f3, bt3 = fair("48", dt.date(2025, 11, 1))
    for org, status in ((ex1, "approved"), (ex2, "approved"), (ex3, "rejected")):
        db.session.add(FairApplication(fair_id=f1.id, organisation_id=org.id, booth_type_id=bt1.id,
                                       status=ApplicationStatus(status)))
    db.session.add(FairApplication(fair_id=f3.id, organisation_id=ex1.id, booth_type_id=bt3.id,
                                   status=ApplicationStatus.approved))
    slot = MeetingSlot(fair_id=f1.id, organisation_id=ex1.id, starts_at=dt.datetime.combine(f1.starts_on, dt.time(2)),
                       ends_at=dt.datetime.combine(f1.starts_on, dt.time(2, 30)), created_at=NOW - days(30))
    db.session.add(slot)
    db.session.flush()
    db.session.add(Meeting(slot_id=slot.id, fair_id=f1.id, exhibitor_org_id=ex1.id,
                           requester_user_id=visitor.memberships[0].user_id, requester_org_id=visitor.id,
                           created_at=NOW - days(25)))
    db.session.commit()

    snap = snapshot()
    assert value(snap, "fairs", 2026) == 1  # the cancelled fair does not count
    assert value(snap, "exhibitors", 2026) == 2  # the rejected application does not count
    assert value(snap, "exhibitors", 2026, province="48") == 2  # counted where the fair is held
    assert value(snap, "meetings", 2026) == 1
    assert value(snap, "fairs", 2025) == 1 and value(snap, "exhibitors", 2025) == 1


def test_transport_and_co2e_avoided_against_the_road_baseline(world, snapshot):
    from app import vn
    from app.extensions import db
    from app.logistics import factors
    from app.logistics.models import QuoteStatus, TransportQuote, TransportRoute
    from app.programme.snapshots import by_key, cell, value

    shipper = world.org("producer", "92")
    carrier = world.org("logistics", "92")
    route = TransportRoute(organisation_id=shipper.id, origin="92", destination="79", weight_kg=10_000,
                           created_at=NOW - days(10))
    db.session.add(route)
    db.session.flush()
    db.session.add(TransportQuote(route_id=route.id, provider_id=carrier.id, status=QuoteStatus.accepted,
                                  requested_at=NOW - days(10), vehicle_class="inland_barge", committed_co2e_kg=50.0,
                                  decided_at=NOW - days(8)))
    other = TransportRoute(organisation_id=shipper.id, origin="92", destination="79", weight_kg=5_000,
                           created_at=NOW - days(10))
    db.session.add(other)
    db.session.flush()
    db.session.add(TransportQuote(route_id=other.id, provider_id=carrier.id, status=QuoteStatus.quoted,
                                  requested_at=NOW - days(10), vehicle_class="inland_barge", committed_co2e_kg=20.0))
    db.session.commit()

    # the road baseline by hand: 10 t × great-circle km × road circuity × 125.2 g/tkm (DESNZ 2025, all HGVs diesel)
    t = factors.table()
    km = vn.province_distance_km("92", "79") * t.circuity["road"]
    baseline = round(10 * km * t.classes["road_diesel_hgv"].factor / 1000, 2)
    assert t.classes["road_diesel_hgv"].factor == 125.2
    snap = snapshot()
    assert value(snap, "transport", 2026) == 1  # the merely quoted transport is not arranged
    assert value(snap, "co2e_avoided", 2026) == round(baseline - 50.0, 2)
    assert cell(snap, "co2e_avoided", 2026)["baseline"] == baseline
    assert dict(by_key(snap, "transport", 2026, "m")) == {"m:inland_waterway": 1}


def test_provinces_with_participating_organisations(world, snapshot):
    from app.programme.snapshots import by_key, value

    world.org("producer", "1")
    world.org("buyer", "79")
    world.org("producer", "79")
    world.org("producer", "48", status="pending")  # not approved: its province does not count
    snap = snapshot()
    assert value(snap, "provinces", 2026) == 2
    assert value(snap, "provinces", 2026, province="79") == 1
    assert dict(by_key(snap, "provinces", 2026, "o")) == {"o:producer": 2, "o:buyer": 1}


def test_snapshot_job_runs_daily_and_keeps_the_last_three(world, snapshot):
    from app import clock
    from app.extensions import db
    from app.programme.models import Snapshot
    from app.programme.snapshots import daily_job, latest

    world.org("producer", "1")
    assert "facts" in daily_job()
    assert "is current" in daily_job()  # once a day
    for _ in range(4):
        snapshot()
    assert db.session.scalar(db.select(db.func.count(Snapshot.id))) == 3
    clock.advance(dt.timedelta(days=1))
    first = latest().id
    daily_job()
    assert latest().id > first and latest().as_of == TODAY + dt.timedelta(days=1)


def test_definitions_are_complete_and_cite_the_plan():
    from app.programme.definitions import INDICATORS

    codes = [i.code for i in INDICATORS]
    assert len(codes) == len(set(codes))
    for ind in INDICATORS:
        assert ind.version >= 1 and str(ind.name) and str(ind.formula) and str(ind.source)
        assert ind.unit in {"percent", "count", "vnd", "kg", "provinces"}
        assert ind.kind in {"flow", "stock", "window"}
    by = {i.code: i for i in INDICATORS}
    assert [(t.year, t.low, t.high) for t in by["retail_eco_packaging"].targets] == [(2025, 85, None), (2030, 100, None)]
    assert [(t.year, t.low, t.high) for t in by["retail_ecolabel_skus"].targets] == [(2025, 10, 15), (2030, 20, 30)]
    assert by["retail_ecolabel_skus"].target_for(2027).year == 2030


def test_provinces_running_awareness_activities_against_34(world, snapshot):
    from app.extensions import db
    from app.knowledge.models import ItemStatus, ItemType, KnowledgeItem
    from app.programme.snapshots import by_province, value

    world.org("producer", "79")

    def event(province, when, kind="awareness", status="published"):
        db.session.add(KnowledgeItem(type=ItemType.event, status=ItemStatus(status), title="Tuần lễ tiêu dùng xanh",
                                     province_code=province, event_kind=kind, starts_at=when,
                                     created_at=NOW, updated_at=NOW))
        db.session.commit()

    event("79", NOW - days(30))
    event("79", NOW - days(10), kind="training")  # the same province twice: counted once
    event("1", NOW - days(5), kind="training")
    event("48", NOW - days(5), status="draft")  # not published
    event("31", NOW + days(30))  # next month: not yet in the period up to today
    event("92", dt.datetime(2025, 5, 1))  # last year
    snap = snapshot()
    assert value(snap, "awareness_provinces", 2026) == round(100 * 2 / 34, 1)
    assert value(snap, "awareness_provinces", 2025) == round(100 / 34, 1)
    assert value(snap, "awareness_provinces", 2026, province="79") == 100.0
    assert value(snap, "awareness_provinces", 2026, province="48") == 0.0
    ranked = by_province(snap, "awareness_provinces", 2026)
    assert len(ranked) == 34 and {p for p, v in ranked if v == 100.0} == {"79", "01"}
