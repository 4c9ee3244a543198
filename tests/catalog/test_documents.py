"""Search documents, GTIN check digits and the reproducible generator."""
from __future__ import annotations

import random

import pytest

from app.catalog import gtin
from app.catalog.documents import claim_strength, listing_document, listing_documents, listings_for_index
from app.catalog.generator import generate_listings
from app.catalog.models import Listing, PriceTier
from app.extensions import db
from app.orgs.models import OrgStatus

KEYS = {"id", "version", "title", "title_en", "description", "description_en", "org_id", "org_name", "org_verified",
        "category", "category_path", "labels", "label_kinds", "verified", "claim_strength", "province", "location",
        "price_min", "price_max", "moq", "capacity_month", "recycled_pct", "compostable", "biodegradable",
        "export_markets", "material", "published_at", "updated_at"}


def test_document_shape(producer, make_listing):
    user, org = producer
    listing = make_listing(user, recycled_pct=30)
    doc = listing_document(listing)
    assert set(doc) == KEYS
    assert doc["id"] == str(listing.id) and doc["org_id"] == str(org.id) and doc["org_name"] == org.display_name
    assert doc["category_path"] == ["packaging", "packaging.straws"] and doc["province"] == "38"
    assert doc["location"]["lat"] == pytest.approx(19.8, abs=0.5)  # Thanh Hoá
    assert (doc["price_min"], doc["price_max"]) == (950, 1200) and doc["export_markets"] == ["EU", "JP"]
    assert doc["labels"] == [] and doc["verified"] is False and doc["claim_strength"] == 0
    assert doc["published_at"].endswith("Z") and "T" in doc["published_at"]
    assert list(listings_for_index()) == [doc]


def test_not_indexable_listings_have_no_document(producer, make_listing):
    user, org = producer
    draft = make_listing(user, publish=False)
    assert listing_document(draft) is None
    published = make_listing(user)
    org.status = OrgStatus.suspended
    db.session.commit()
    assert listing_document(published) is None
    assert list(listings_for_index()) == []


def test_claim_strength_formula():
    assert claim_strength([], []) == 0
    assert claim_strength([("vn-ecolabel", "eco")], []) == pytest.approx(0.6)
    assert claim_strength([("vn-ecolabel", "eco"), ("usda-organic", "organic")], []) == pytest.approx(0.84)
    assert claim_strength([], [("iso-14001", "management")]) == pytest.approx(0.15)
    # the same label on the listing and the organisation counts once, at the stronger weight
    assert claim_strength([("fsc", "forestry")], [("fsc", "forestry")]) == pytest.approx(0.5)
    many = [(f"l{i}", "eco") for i in range(20)]
    assert 0 < claim_strength(many, many) <= 1


@pytest.mark.parametrize("code,ok", [("4006381333931", True), ("4006381333932", False), ("96385074", True),
                                     ("036000291452", True), ("10614141000415", True), ("8934 5880 1234 2", None),
                                     ("abc", False), ("1234567", False), ("", False), (None, False)])
def test_gtin_check_digit(code, ok):
    if ok is None:  # spaces are ignored; the answer is whatever the digits say
        digits = gtin.normalise(code)
        assert gtin.is_valid(code) == (gtin.check_digit(digits[:-1]) == int(digits[-1]))
    else:
        assert gtin.is_valid(code) is ok


def test_batched_documents_equal_one_by_one_in_fixed_queries(producer, make_org, make_user, make_listing,
                                                              make_claim, verifier):
    """The indexer's batch builder: the same document (or None) as listing_document for every id, in a
    number of queries that does not grow with the batch (no per-listing lazy loads)."""
    from sqlalchemy import event

    user, _ = producer
    listings = [make_listing(user) for _ in range(4)]
    make_claim(user, listings[0], state="verified", verifier=verifier)
    make_claim(user, listings[1], label="fsc")  # not verified: does not count
    make_claim(user, state="verified", verifier=verifier, label="vietgap", certificate_number="ORG-1")
    draft = make_listing(user, publish=False)
    other_user = make_user()
    other = make_org("producer", owner=other_user)
    suspended = make_listing(other_user)
    other.status = OrgStatus.suspended
    db.session.commit()
    ids = [li.id for li in listings] + [draft.id, suspended.id, 10**9]
    expected = {i: (listing_document(db.session.get(Listing, i)) if i != 10**9 else None) for i in ids}
    assert expected[listings[0].id]["claim_strength"] > expected[listings[2].id]["claim_strength"] > 0
    db.session.expire_all()
    statements: list[str] = []

    def listener(*args) -> None:
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        got = listing_documents(ids)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert got == expected
    assert len(statements) <= 3
    from app.indexing import builders

    assert builders()["listing"].build_many is listing_documents  # what the indexer calls per batch


def test_generator_is_deterministic_and_bulk(producer, make_org):
    user, org = producer
    other = make_org("producer", sectors=["agriculture", "food"])
    ids = generate_listings(db.session, 300, seed=11, producers=[org, other])
    db.session.commit()
    first = [(li.title, li.organisation_id, li.moq, [t.price_vnd for t in li.price_tiers])
             for li in db.session.scalars(db.select(Listing).where(Listing.id.in_(ids)).order_by(Listing.id))]
    assert len(first) == 300 and len({t[0] for t in first}) > 20
    assert db.session.scalar(db.select(db.func.count(PriceTier.id))) >= 300
    docs = list(listings_for_index())
    assert len(docs) == 300 and any(d["verified"] for d in docs)
    sample = random.Random(3).sample(docs, 25)
    for d in sample:
        assert listing_document(db.session.get(Listing, int(d["id"]))) == d
    # Same seed, same rows (appended with new ids).
    ids2 = generate_listings(db.session, 300, seed=11, producers=[org, other])
    second = [(li.title, li.organisation_id, li.moq, [t.price_vnd for t in li.price_tiers])
              for li in db.session.scalars(db.select(Listing).where(Listing.id.in_(ids2)).order_by(Listing.id))]
    assert second == first


def test_demo_step_builds_mixed_claim_states(app):
    from collections import Counter

    from app.demo import load_demo
    from app.labels.models import Claim

    summary = load_demo(5, listings=60)
    assert summary["listings"] == 60
    states = Counter(c.effective_status() for c in db.session.scalars(db.select(Claim)))
    assert {"verified", "submitted"} <= set(states) and sum(states.values()) == summary["claims"]
    assert all(c.evidence_path is None or c.evidence_mime == "application/pdf" for c in db.session.scalars(db.select(Claim)))
