"""Sourcing fixtures: a fresh tantivy index per test, the in-process indexer, catalogue factories."""
from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("app.catalog.services")


@pytest.fixture(autouse=True)
def _reference_data(app):
    """The label registry (re-seeded when an earlier test's clean-up removed it)."""
    from app.extensions import db
    from app.labels.models import Label
    from app.reference import seed_all

    if not db.session.scalar(db.select(db.func.count(Label.id))):
        seed_all()


@pytest.fixture()
def certify():
    """certify(org_or_listing_org_id, code, listing_id=None, valid_days=365, status="verified") → Claim."""
    from app import clock
    from app.extensions import db
    from app.labels.models import Claim, ClaimStatus, Label

    def do(org_id: int, code: str, listing_id: int | None = None, valid_days: int = 365, status: str = "verified"):
        label = db.session.scalar(db.select(Label).where(Label.code == code))
        today = clock.today()
        claim = Claim(label_id=label.id, organisation_id=org_id, listing_id=listing_id, certificate_number=f"C-{code}",
                      valid_from=today - dt.timedelta(days=30), valid_until=today + dt.timedelta(days=valid_days),
                      status=ClaimStatus(status))
        db.session.add(claim)
        db.session.flush()
        from app.catalog.hooks import claim_changed

        claim_changed(claim)
        db.session.commit()
        return claim

    return do


@pytest.fixture()
def producer(make_user, make_org):
    """producer(**org fields) → (actor, org): the owner's actor of a new approved producer."""
    from app.permissions import Actor

    def do(**fields):
        user = make_user()
        fields.setdefault("tax_code", None)
        org = make_org("producer", owner=user, **{k: v for k, v in fields.items() if v is not None})
        return Actor.for_user(user), org

    return do


@pytest.fixture()
def buyer(make_user, make_org):
    from app.permissions import Actor

    def do(**fields):
        user = make_user()
        org = make_org("buyer", owner=user, **fields)
        return Actor.for_user(user), org, user

    return do


LISTING = {"title": "Hộp bã mía 750 ml có nắp", "description": "Hộp đựng thức ăn từ bã mía, phân huỷ sinh học.",
           "category": "packaging.food_containers", "unit": "piece", "moq": 1000, "origin_province": "79",
           "capacity_month": 200000, "price_tiers": [{"min_qty": 1000, "price_vnd": 1800}, {"min_qty": 50000, "price_vnd": 1500}],
           "status": "published"}


@pytest.fixture()
def listing():
    from app.catalog.services import create_listing

    def do(actor, **over):
        data = dict(LISTING)
        data.update(over)
        return create_listing(actor, data)

    return do


def rfq_data(**over) -> dict:
    from app import clock

    data = {"title": "Hộp đựng thực phẩm phân huỷ sinh học", "description": "hộp bã mía compostable food containers",
            "category": "packaging.food_containers", "quantity": 50000, "unit": "piece", "frequency": "monthly",
            "target_price_max": 2000, "required_labels": ["vn-ecolabel"], "delivery_province": "79",
            "closes_on": (clock.today() + dt.timedelta(days=14)).isoformat(), "visibility": "public", "status": "open"}
    data.update(over)
    return data
