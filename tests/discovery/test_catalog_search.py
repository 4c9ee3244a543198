"""Listings from the catalog domain end to end: service write → outbox → indexer → API, hydrated from SQL."""
from __future__ import annotations

import pytest

pytest.importorskip("app.catalog.documents")

API = "/api/v1/listings/search"


def _listing(actor, **over):
    from app.catalog.services import create_listing

    data = {"title": "Ống hút tre tự nhiên 20 cm", "description": "Ống hút tre luộc, sấy khô, không hoá chất.",
            "category": "packaging.straws", "unit": "piece", "moq": 1000, "origin_province": "38",
            "price_tiers": [{"min_qty": 1000, "price_vnd": 900}, {"min_qty": 10000, "price_vnd": 700}],
            "export_markets": ["EU"], "status": "published"}
    data.update(over)
    return create_listing(actor, data)


def test_catalog_listing_is_searchable_and_hydrated(app, client, make_user, make_org, sync, search_url):
    from app.catalog.services import set_status
    from app.indexing import check, get_backend
    from app.permissions import Actor

    user = make_user()
    org = make_org("producer", owner=user, trade_name="Tre Xanh Thanh Hoá")
    actor = Actor.for_user(user)
    listing = _listing(actor)
    draft = _listing(actor, title="Ống hút tre bản nháp", status="draft")
    sync()
    body = client.get(API, query_string={"q": "ong hut tre"}).json
    assert [i["id"] for i in body["items"]] == [listing.id]
    item = body["items"][0]
    assert item["org_name"] == "Tre Xanh Thanh Hoá" and item["org_id"] == org.id
    assert item["price_min"] == 700 and item["price_max"] == 900 and item["province_name"] == "Thanh Hóa"
    assert item["category_name"] and "<mark>" in item["highlights"]["title"]
    assert {v["value"] for v in body["facets"]["category"]} == {"packaging", "packaging.straws"}
    page = client.get("/search?q=ong+hut+tre").get_data(as_text=True)
    assert "Tre Xanh Thanh Hoá" in page and "<mark>" in page
    assert check(get_backend(app)) == []
    set_status(actor, listing.id, "archived")
    sync()
    assert client.get(API, query_string={"q": "ong hut tre"}).json["total"] == 0
    assert draft.id and check(get_backend(app)) == []


def test_renamed_organisation_listing_is_found_by_its_new_name(app, client, make_user, make_org, sync, search_url):
    from app.orgs.services import update_organisation
    from app.permissions import Actor

    user = make_user()
    org = make_org("producer", owner=user, trade_name="Tre Xanh Thanh Hoá")
    actor = Actor.for_user(user)
    listing = _listing(actor)
    sync()
    assert client.get(API, query_string={"q": "Mây Vàng"}).json["total"] == 0

    update_organisation(actor, org.id, {"trade_name": "Mây Vàng Ninh Bình"})
    sync()
    body = client.get(API, query_string={"q": "may vang"}).json
    assert [i["id"] for i in body["items"]] == [listing.id]
    old = client.get(API, query_string={"q": "Tre Xanh Thanh Hoá"}).json
    assert old["total"] == 0 or old["relaxed"]  # no longer matches every word


def test_organisation_profile_change_reindexes_only_for_indexed_fields(app, make_user, make_org):
    from app.extensions import db
    from app.notifications.models import OutboxEvent
    from app.orgs.services import update_organisation
    from app.permissions import Actor

    user = make_user()
    org = make_org("producer", owner=user, trade_name="Tre Xanh Thanh Hoá")
    actor = Actor.for_user(user)
    listing = _listing(actor)

    def listing_rows():
        return db.session.scalar(db.select(db.func.count(OutboxEvent.id)).where(
            OutboxEvent.kind == "listing", OutboxEvent.object_id == listing.id))

    version, before = listing.version, listing_rows()
    update_organisation(actor, org.id, {"website": "https://tre-xanh.vn"})
    assert listing_rows() == before
    update_organisation(actor, org.id, {"description": "Ống hút và đồ dùng từ tre."})
    db.session.refresh(listing)
    assert listing_rows() == before + 1 and listing.version > version
