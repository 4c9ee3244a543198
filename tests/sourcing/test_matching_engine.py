"""Matching through the real stack: catalogue in SQL → outbox → search engine → candidates → SQL re-check.

A random catalogue (seeded) is built with the catalog's services, claims in every state, suspended
and draft listings; hypothesis then generates requests. Engine retrieval must lose nothing that a
brute-force pass over SQL finds, never return a violation (also with a stale index), and give the
same ranking on tantivy and on the OpenSearch-compatible backend.
"""
from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import matching as m
from tests.sourcing.conftest import rfq_data

WORDS = ["hộp", "bã mía", "ống hút", "tre", "giấy", "túi", "kraft", "phân huỷ", "compostable", "food", "box"]
CATS = ["packaging.food_containers", "packaging.straws", "packaging.bags"]
LABELS = ["vn-ecolabel", "fsc", "ok-compost-home", "grs"]


def _catalogue(seed, producer, listing, certify, make_org):
    from app.extensions import db
    from app.orgs.models import OrgStatus

    rng = random.Random(seed)
    ids = []
    orgs = [producer(trade_name=f"NCC {i}", province_code=rng.choice(["79", "1", "48", "38"]),
                     tax_code=f"01012345{i:02d}" if rng.random() < 0.5 else None) for i in range(6)]
    for n in range(30):
        actor, org = rng.choice(orgs)
        words = rng.sample(WORDS, 3)
        item = listing(actor, title=" ".join(words), description=" ".join(rng.sample(WORDS, 4)),
                       category=rng.choice(CATS), unit=rng.choice(["piece", "piece", "kg"]),
                       capacity_month=rng.choice([None, 1000, 20000, 100000]), moq=rng.choice([100, 1000]),
                       recycled_pct=rng.choice([None, 0, 40, 90]),
                       price_tiers=[{"min_qty": 1, "price_vnd": rng.randint(500, 5000)}],
                       status=rng.choice(["published"] * 5 + ["draft"]))
        ids.append(item.id)
        for code in rng.sample(LABELS, rng.randint(0, 2)):
            state = rng.choice(["verified", "verified", "submitted", "expired"])
            certify(org.id, code, item.id, valid_days=-5 if state == "expired" else 200,
                    status="verified" if state == "expired" else state)
    if rng.random() < 0.9:  # an organisation-level certificate
        certify(orgs[0][1].id, "fsc")
    suspended = orgs[1][1]
    suspended.status = OrgStatus.suspended
    db.session.commit()
    return ids


spec_st = st.fixed_dictionaries({
    "title": st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    "category": st.one_of(st.just(""), st.sampled_from(CATS + ["packaging"])),
    "quantity": st.sampled_from([50, 500, 5000, 50000]),
    "unit": st.sampled_from(["piece", "kg"]),
    "required_labels": st.lists(st.sampled_from(LABELS), max_size=2, unique=True),
    "preferred_labels": st.lists(st.sampled_from(LABELS), max_size=2, unique=True),
    "min_recycled_pct": st.sampled_from(["", 30, 80]),
    "delivery_province": st.sampled_from(["79", "1", "48"]),
    "target_price_max": st.sampled_from(["", 1000, 3000]),
})


@pytest.mark.parametrize("seed", [7, 2025])
def test_engine_matches_equal_brute_force_and_never_violate(seed, app, producer, buyer, listing, certify, make_org, sync):
    from app.catalog.models import Listing
    from app.extensions import db
    from app.sourcing import services
    from app.sourcing.matching import listing_facts, match_rfq, spec_for

    _catalogue(seed, producer, listing, certify, make_org)
    sync()
    ba, borg, _u = buyer()
    everything = listing_facts(list(db.session.scalars(db.select(Listing.id))))

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(spec=spec_st)
    def check(spec):
        rfq = services.create_rfq(ba, rfq_data(description="", **spec))
        page = match_rfq(rfq, limit=1000, per_supplier=1000)
        got = [(e.listing_id, e.score) for g in page.groups for e in g.matches]
        expected_rank = m.rank(spec_for(rfq), everything.values())
        assert sorted(got, key=lambda x: x[0]) == sorted([(e.listing_id, e.score) for e in expected_rank], key=lambda x: x[0])
        for g in page.groups:
            for e in g.matches:
                assert not m.violations(spec_for(rfq), everything[e.listing_id])
                assert round(sum(c.points for c in e.components), 2) == e.score

    check()


def test_stale_index_never_leaks_a_violation(app, producer, buyer, listing, certify, sync):
    """The index still says "certified" after the claim expired: SQL re-check drops the listing."""
    from app import clock
    from app.sourcing import services
    from app.sourcing.matching import match_rfq

    pa, porg = producer()
    good = listing(pa)
    certify(porg.id, "vn-ecolabel", good.id, valid_days=3)
    sync()
    ba, _org, _u = buyer()
    rfq = services.create_rfq(ba, rfq_data(closes_on=(clock.today() + dt.timedelta(days=30)).isoformat()))
    assert [e.listing_id for g in match_rfq(rfq).groups for e in g.matches] == [good.id]
    clock.advance(dt.timedelta(days=5))  # the claim expires; no indexer run
    assert match_rfq(rfq).groups == []


def test_same_results_on_both_backends(app, producer, buyer, listing, certify, make_org, sync, tmp_path):
    osmem = pytest.importorskip("osmem_server")
    from app.catalog.documents import listings_for_index
    from app.sourcing import services
    from app.sourcing.matching import match_rfq
    from search import backend_from_url

    _catalogue(11, producer, listing, certify, make_org)
    sync()
    server = osmem.OsmemServer.start(japanese=False)
    try:
        other = backend_from_url(f"opensearch+{server.url}?prefix=match{random.randrange(10**6)}")
        other.rebuild("listing", listings_for_index())
        ba, _org, _u = buyer()
        for spec in ({"title": "hộp bã mía", "required_labels": []},
                     {"title": "ống hút tre", "category": "packaging.straws", "required_labels": [], "quantity": 500},
                     {"title": "túi giấy kraft", "category": "", "required_labels": ["fsc"], "unit": "piece"}):
            rfq = services.create_rfq(ba, rfq_data(description="", **spec))
            a = match_rfq(rfq, limit=100)
            b = match_rfq(rfq, backend=other, limit=100)
            assert [(g.org_id, [(e.listing_id, e.score) for e in g.matches]) for g in a.groups] == \
                   [(g.org_id, [(e.listing_id, e.score) for e in g.matches]) for g in b.groups]
            assert a.total == b.total
        other.close()
    finally:
        server.close()
