"""Listings API: validation, publishing rules, visibility, ownership, pagination, outbox rows."""
from __future__ import annotations

import io

import pytest

from app.catalog.models import Listing, ListingStatus, PriceTier
from app.extensions import db
from tests.catalog.conftest import audit_actions, listing_data, outbox_rows, png_bytes


def test_create_publish_and_read(client, producer, token_for):
    user, org = producer
    from app.catalog.gtin import check_digit

    gtin = "893458801234" + str(check_digit("893458801234"))
    r = client.post("/api/v1/listings", json=listing_data(status="published", gtin=gtin), headers=token_for(user))
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["status"] == "published" and body["gtin"] == gtin and body["price_min"] == 950 and body["price_max"] == 1200
    assert body["category_path"] == ["packaging", "packaging.straws"] and body["organisation"]["id"] == org.id
    assert body["published_at"]
    listing_id = body["id"]
    assert outbox_rows("listing", listing_id)
    assert audit_actions("listing", listing_id) == ["listing.created", "listing.published"]
    # Anyone can read it, without a token.
    pub = client.get(f"/api/v1/listings/{listing_id}")
    assert pub.status_code == 200 and pub.get_json()["title"] == listing_data()["title"]
    assert client.get("/api/v1/listings").get_json()["total"] == 1


def test_bad_input_is_422_with_field_messages_and_nothing_written(client, producer, token_for):
    user, _org = producer
    bad = listing_data(title="x", category="packaging.nope", unit="bag", moq=0, recycled_pct=140, gtin="4006381333932",
                       export_markets=["MARS"], price_tiers=[{"min_qty": 10, "price_vnd": -5}])
    r = client.post("/api/v1/listings", json=bad, headers=token_for(user))
    assert r.status_code == 422
    fields = r.get_json()["error"]["fields"]
    assert {"title", "category", "unit", "moq", "recycled_pct", "export_markets"} <= set(fields)
    # Schema-valid but rule-breaking input is refused by the service, also with field messages.
    r = client.post("/api/v1/listings", json=listing_data(gtin="4006381333932", origin_province="99",
                                                          price_tiers=[{"min_qty": 5000, "price_vnd": 100}]),
                    headers=token_for(user))
    assert r.status_code == 422
    assert {"gtin", "origin_province", "price_tiers"} <= set(r.get_json()["error"]["fields"])
    assert db.session.scalar(db.select(db.func.count(Listing.id))) == 0
    assert db.session.scalar(db.select(db.func.count(PriceTier.id))) == 0
    assert outbox_rows() == []


def test_publishing_rules(client, make_user, make_org, producer, token_for):
    pending_user = make_user()
    make_org("producer", owner=pending_user, status="pending")
    r = client.post("/api/v1/listings", json=listing_data(status="published"), headers=token_for(pending_user))
    assert r.status_code == 403 and db.session.scalar(db.select(db.func.count(Listing.id))) == 0
    # A pending organisation may prepare drafts.
    r = client.post("/api/v1/listings", json=listing_data(), headers=token_for(pending_user))
    assert r.status_code == 201 and r.get_json()["status"] == "draft"
    # Buyers cannot list products.
    buyer = make_user()
    make_org("buyer", owner=buyer)
    assert client.post("/api/v1/listings", json=listing_data(), headers=token_for(buyer)).status_code == 403
    # A listing without price tiers or description cannot be published.
    user, _org = producer
    r = client.post("/api/v1/listings", json=listing_data(price_tiers=[], description=""), headers=token_for(user))
    lid = r.get_json()["id"]
    r = client.patch(f"/api/v1/listings/{lid}", json={"status": "published"}, headers=token_for(user))
    assert r.status_code == 422 and {"price_tiers", "description"} <= set(r.get_json()["error"]["fields"])
    assert db.session.get(Listing, lid).status == ListingStatus.draft


def test_only_the_owning_organisation_edits(client, producer, make_user, make_org, token_for, make_listing, admin, verifier):
    user, org = producer
    listing = make_listing(user)
    colleague = make_user()
    from app.orgs.models import Membership, MemberRole
    from app import clock

    db.session.add(Membership(user_id=colleague.id, organisation_id=org.id, role=MemberRole.member, created_at=clock.now()))
    db.session.commit()
    other = make_user()
    make_org("producer", owner=other)
    url = f"/api/v1/listings/{listing.id}"
    for who in (other, admin, verifier):
        assert client.patch(url, json={"title": "Bị sửa trộm"}, headers=token_for(who)).status_code == 404
        assert client.delete(url, headers=token_for(who)).status_code == 404
        assert client.post(f"{url}/claims", json={}, headers=token_for(who)).status_code in (404, 422)
    assert client.patch(url, json={"title": "Bị sửa trộm"}).status_code == 401
    db.session.expire_all()
    assert db.session.get(Listing, listing.id).title == listing_data()["title"]
    version = db.session.get(Listing, listing.id).version
    before = len(outbox_rows("listing", listing.id))
    # Any member of the organisation may edit.
    r = client.patch(url, json={"title": "Ống hút tre 23 cm", "price_tiers": [{"min_qty": 500, "price_vnd": 1500}]},
                     headers=token_for(colleague))
    assert r.status_code == 200 and r.get_json()["price_min"] == 1500 and r.get_json()["version"] == version + 1
    assert len(outbox_rows("listing", listing.id)) == before + 1
    assert audit_actions("listing", listing.id)[-1] == "listing.updated"


def test_delete_archives_and_hides(client, producer, token_for, make_listing):
    user, org = producer
    listing = make_listing(user)
    r = client.delete(f"/api/v1/listings/{listing.id}", headers=token_for(user))
    assert r.status_code == 204
    assert db.session.get(Listing, listing.id).status == ListingStatus.archived
    assert client.get(f"/api/v1/listings/{listing.id}").status_code == 404
    assert client.get("/api/v1/listings").get_json()["total"] == 0
    # The owner still finds it among archived listings, and can restore it as a draft.
    mine = client.get(f"/api/v1/listings?org={org.id}&status=archived", headers=token_for(user)).get_json()
    assert [i["id"] for i in mine["items"]] == [listing.id]
    r = client.patch(f"/api/v1/listings/{listing.id}", json={"title": "Sửa khi lưu trữ"}, headers=token_for(user))
    assert r.status_code == 409
    r = client.patch(f"/api/v1/listings/{listing.id}", json={"status": "draft"}, headers=token_for(user))
    assert r.status_code == 200 and r.get_json()["status"] == "draft"


def test_visibility_suspended_and_drafts(client, producer, make_listing, admin, token_for):
    user, org = producer
    published = make_listing(user)
    draft = make_listing(user, publish=False)
    assert client.get(f"/api/v1/listings/{draft.id}").status_code == 404
    assert client.get(f"/api/v1/listings/{draft.id}", headers=token_for(user)).status_code == 200
    assert client.get(f"/api/v1/listings/{draft.id}", headers=token_for(admin)).status_code == 200  # staff review
    version = published.version
    before = len(outbox_rows("listing", published.id))
    r = client.post(f"/api/v1/organisations/{org.id}/status", json={"status": "suspended", "reason": "kiểm tra"},
                    headers=token_for(admin))
    assert r.status_code == 200
    # Suspension hides the listings and queues them for the search index (new version).
    assert client.get(f"/api/v1/listings/{published.id}").status_code == 404
    assert client.get("/api/v1/listings").get_json()["total"] == 0
    db.session.expire_all()
    assert db.session.get(Listing, published.id).version == version + 1
    assert len(outbox_rows("listing", published.id)) == before + 1
    assert len(outbox_rows("listing", draft.id)) == 1  # drafts were never indexed


def test_list_pagination_filters_and_sorting(client, producer, make_user, make_org, make_listing, token_for):
    user, org = producer
    prices = [5000, 1200, 9000, 300, 2500]
    for i, p in enumerate(prices):
        make_listing(user, title=f"Hộp bã mía {i}", category="packaging.food_containers" if i % 2 else "packaging.straws",
                     price_tiers=[{"min_qty": 1000, "price_vnd": p}])
    other = make_user()
    other_org = make_org("producer", owner=other)
    make_listing(other, title="Gạo hữu cơ ST25", category="food.rice", unit="kg", moq=100,
                 price_tiers=[{"min_qty": 100, "price_vnd": 45000}])
    r = client.get("/api/v1/listings?per_page=2&page=2").get_json()
    assert r["total"] == 6 and r["pages"] == 3 and r["page"] == 2 and len(r["items"]) == 2
    r = client.get("/api/v1/listings?sort=price&per_page=100").get_json()
    assert [i["price_min"] for i in r["items"]] == sorted(prices + [45000])
    r = client.get("/api/v1/listings?sort=price_desc&per_page=100").get_json()
    assert [i["price_min"] for i in r["items"]] == sorted(prices + [45000], reverse=True)
    assert client.get("/api/v1/listings?category=packaging").get_json()["total"] == 5
    assert client.get("/api/v1/listings?category=packaging.straws").get_json()["total"] == 3
    assert client.get(f"/api/v1/listings?org={other_org.id}").get_json()["total"] == 1
    assert client.get("/api/v1/listings?per_page=500").status_code == 422
    assert client.get("/api/v1/listings?category=nope").status_code == 422
    # Own listings in every status; the status filter applies only to them.
    make_listing(user, publish=False, title="Bản nháp mới")
    assert client.get(f"/api/v1/listings?org={org.id}", headers=token_for(user)).get_json()["total"] == 6
    assert client.get(f"/api/v1/listings?org={org.id}&status=draft", headers=token_for(user)).get_json()["total"] == 1
    assert client.get(f"/api/v1/listings?org={org.id}&status=draft").get_json()["total"] == 5  # public: published only


def test_photo_upload_is_validated_and_resized(client, app, producer, token_for, make_listing):
    user, _org = producer
    listing = make_listing(user)
    url = f"/api/v1/listings/{listing.id}/photos"
    big = png_bytes(size=(3000, 2000))
    r = client.post(url, data={"photo": (io.BytesIO(big), "photo.png")}, headers=token_for(user), content_type="multipart/form-data")
    assert r.status_code == 201, r.get_json()
    photo = r.get_json()["photos"][0]
    img = client.get(photo["url"])
    assert img.status_code == 200
    from PIL import Image

    with Image.open(io.BytesIO(img.data)) as im:
        assert max(im.size) == 1600
    from tests.catalog.conftest import ELF

    r = client.post(url, data={"photo": (io.BytesIO(ELF), "photo.jpg")}, headers=token_for(user), content_type="multipart/form-data")
    assert r.status_code == 422 and "photo" in r.get_json()["error"]["fields"]
    assert len(db.session.get(Listing, listing.id).photos) == 1


def test_labels_api_is_public_and_admin_edits(client, admin, producer, token_for):
    r = client.get("/api/v1/labels")
    assert r.status_code == 200
    codes = {i["code"] for i in r.get_json()["items"]}
    assert {"vn-ecolabel", "fsc", "grs", "usda-organic", "energy-star"} <= codes
    organic = client.get("/api/v1/labels?kind=organic").get_json()["items"]
    assert organic and all(i["kind"] == "organic" for i in organic)
    assert client.get("/api/v1/labels/vn-ecolabel").get_json()["validity_months"] == 36
    user, _org = producer
    body = {"code": "thai-green-label-test", "name_en": "Thai Green Label", "name_vi": "Nhãn xanh Thái Lan", "kind": "eco",
            "issuing_body": "Thailand Environment Institute", "website": "https://www.tei.or.th"}
    assert client.post("/api/v1/labels", json=body, headers=token_for(user)).status_code == 403
    r = client.post("/api/v1/labels", json=body, headers=token_for(admin))
    assert r.status_code == 201
    assert client.post("/api/v1/labels", json=body, headers=token_for(admin)).status_code == 422  # duplicate code
    r = client.patch(f"/api/v1/labels/{r.get_json()['id']}", json={"website": "not a url"}, headers=token_for(admin))
    assert r.status_code == 422 and "website" in r.get_json()["error"]["fields"]
