"""Fair fixtures: an organiser with a published fair, producers with published listings."""
from __future__ import annotations

import datetime as dt

import pytest


def make_listing(org, title="Ống hút tre tự nhiên", category="packaging.straws", price=1500, **fields):
    from app import clock
    from app.catalog.models import Listing, ListingStatus, PriceTier
    from app.extensions import db
    from app.notifications.services import enqueue_index

    listing = Listing(organisation_id=org.id, title=title, category=category, unit="piece",
                      description="Sản phẩm xanh, phân huỷ sinh học, làm tại Việt Nam.", status=ListingStatus.published,
                      published_at=clock.now(), **fields)
    listing.price_tiers = [PriceTier(min_qty=100, price_vnd=price)]
    db.session.add(listing)
    db.session.flush()
    enqueue_index("listing", listing.id)
    db.session.commit()
    return listing


def fair_data(**over):
    from app import clock

    today = clock.today()
    data = {
        "name": "Hội chợ Sản phẩm Xanh Việt Nam 2026", "name_en": "Vietnam Green Products Fair 2026",
        "description": "Hội chợ sản phẩm xanh", "starts_on": today + dt.timedelta(days=30),
        "ends_on": today + dt.timedelta(days=32), "venue": "SECC, 799 Nguyễn Văn Linh", "province_code": "79",
        "application_deadline": dt.datetime.combine(today + dt.timedelta(days=20), dt.time(17, 0)),
        "green_zone": True, "green_zone_note": "Khu A", "themes": ["bao bì xanh"],
        "booth_types": [{"name": "Gian tiêu chuẩn 9 m²", "price_vnd": 15_000_000, "capacity": 3, "code_prefix": "A"},
                        {"name": "Gian miễn phí", "price_vnd": 0, "capacity": 1, "code_prefix": "F"}],
    }
    data.update(over)
    return data


@pytest.fixture()
def organiser(make_user, make_org):
    from app.permissions import Actor

    user = make_user()
    org = make_org("fair_organiser", owner=user)
    return Actor.for_user(user), user, org


@pytest.fixture()
def fair(organiser):
    from app.fairs import services

    return services.create_fair(organiser[0], fair_data())


@pytest.fixture()
def producer(make_user, make_org):
    """producer() → (actor, user, org, [listing, listing])"""
    from app.permissions import Actor

    def do(n_listings: int = 2):
        user = make_user()
        org = make_org("producer", owner=user)
        listings = [make_listing(org, title=f"Hộp bã mía {org.id}-{i}", category="packaging.food_containers")
                    for i in range(n_listings)]
        return Actor.for_user(user), user, org, listings

    return do


@pytest.fixture()
def search_sync(app, tmp_path):
    """A fresh tantivy index for the test; search_sync() drains the outbox like `flask search sync`."""
    from app.indexing import Indexer, close_backends

    old = app.config["SEARCH_URL"]
    close_backends(app)
    app.config["SEARCH_URL"] = f"tantivy://{tmp_path / 'index'}"

    def run():
        with Indexer(app) as ix:
            return ix.drain(500)

    yield run
    close_backends(app)
    app.config["SEARCH_URL"] = old
