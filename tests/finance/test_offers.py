"""Offers: draft → published → closed, validation, visibility, outbox rows in the same transaction,
and search (facets: product type, purpose, amount, province) through the indexer."""
from __future__ import annotations

import datetime as dt

API = "/api/v1/finance/offers"


def outbox_rows(kind="offer"):
    from app.extensions import db
    from app.notifications.models import OutboxEvent

    return list(db.session.scalars(db.select(OutboxEvent.object_id).where(OutboxEvent.kind == kind)))


def test_lifecycle_and_outbox(client, bank, token_for):
    h = token_for(bank[0])
    r = client.post(API, headers=h, json={"title": "Thuê tài chính xe tải điện", "product_type": "green_leasing",
                                          "purposes": ["clean_transport"], "amount_min": 300_000_000,
                                          "amount_max": 5_000_000_000, "rate_text": "cố định 7,9%/năm 12 tháng đầu",
                                          "tenor_max_months": 60, "eligible_sizes": ["small", "medium"]})
    assert r.status_code == 201, r.json
    offer = r.json
    assert offer["status"] == "draft" and outbox_rows() == [offer["id"]]
    assert client.get(f"{API}/{offer['id']}").status_code == 404  # drafts are private
    r = client.post(f"{API}/{offer['id']}/publish", headers=h)
    assert r.status_code == 200 and r.json["status"] == "published" and r.json["published_at"]
    assert client.get(f"{API}/{offer['id']}").status_code == 200
    r = client.patch(f"{API}/{offer['id']}", headers=h, json={"rate_min": 7.9})
    assert r.status_code == 200 and r.json["rate_min"] == 7.9
    r = client.post(f"{API}/{offer['id']}/close", headers=h)
    assert r.json["status"] == "closed"
    assert client.patch(f"{API}/{offer['id']}", headers=h, json={"title": "Mới"}).status_code == 409
    assert len(outbox_rows()) == 4
    mine = client.get(API, headers=h, query_string={"mine": "true"}).json
    assert [o["id"] for o in mine["items"]] == [offer["id"]]


def test_validation(client, bank, token_for, make_user, make_org):
    h = token_for(bank[0])
    r = client.post(API, headers=h, json={"title": "Gói vay", "product_type": "green_loan",
                                          "purposes": ["renewable_energy"], "amount_min": 5, "amount_max": 1,
                                          "valid_from": "2025-10-01", "valid_until": "2025-09-01",
                                          "required_labels": ["no-such-label"], "eligible_provinces": ["999"]})
    assert r.status_code == 422
    fields = r.json["error"]["fields"]
    assert {"amount_max", "valid_until", "required_labels", "eligible_provinces"} <= set(fields)
    # only financial institutions post offers
    producer = make_user()
    make_org("producer", owner=producer)
    r = client.post(API, headers=token_for(producer), json={"title": "Gói vay", "product_type": "green_loan",
                                                            "purposes": ["renewable_energy"]})
    assert r.status_code == 403


def test_pending_institution_cannot_publish(client, make_user, make_org, token_for):
    user = make_user()
    make_org("finance", owner=user, status="pending")
    r = client.post(API, headers=token_for(user), json={"title": "Gói vay", "product_type": "green_loan",
                                                        "purposes": ["renewable_energy"], "publish": True})
    assert r.status_code == 403


def test_other_bank_cannot_edit(client, bank, make_offer, make_user, make_org, token_for):
    offer = make_offer()
    draft = make_offer(publish=False)
    rival = make_user()
    make_org("finance", owner=rival)
    h = token_for(rival)
    assert client.patch(f"{API}/{offer.id}", headers=h, json={"title": "Bị sửa"}).status_code == 403
    assert client.patch(f"{API}/{draft.id}", headers=h, json={"title": "Bị sửa"}).status_code == 404
    assert client.post(f"{API}/{offer.id}/close", headers=h).status_code == 403


def test_search_with_facets_through_the_indexer(client, app, bank, make_offer, sync, make_user, make_org):
    from app import clock

    solar = make_offer()
    trucks = make_offer(title="Thuê tài chính xe tải điện", title_en="Electric truck leasing",
                        product_type="green_leasing", purposes=["clean_transport"], amount_min=300_000_000,
                        amount_max=4_000_000_000, eligible_provinces=["79", "1"])
    circular = make_offer(title="Vay vốn kinh tế tuần hoàn cho SME", product_type="green_credit_line",
                          purposes=["circular_economy", "sustainable_packaging"], amount_min=None,
                          amount_max=150_000_000_000, eligible_provinces=["38"])
    expired = make_offer(title="Gói cũ", valid_until=clock.today() + dt.timedelta(days=1))
    make_offer(title="Bản nháp xe điện", publish=False)
    stats = sync()
    assert stats.indexed >= 4, stats
    body = client.get(API).json
    assert {o["id"] for o in body["items"]} == {solar.id, trucks.id, circular.id, expired.id}
    facets = {k: {v["value"]: v["count"] for v in vals} for k, vals in body["facets"].items()}
    assert facets["product_type"] == {"green_loan": 2, "green_leasing": 1, "green_credit_line": 1}
    assert facets["purpose"]["renewable_energy"] == 2 and facets["purpose"]["clean_transport"] == 1
    assert facets["amount"] == {"1b-5b": 1, "20b-100b": 2, "gte100b": 1}
    assert facets["province"] == {"all": 2, "79": 1, "01": 1, "38": 1}
    ids = lambda **q: {o["id"] for o in client.get(API, query_string=q).json["items"]}  # noqa: E731
    assert ids(q="xe tai dien") == {trucks.id}  # accent-insensitive
    assert ids(purpose="circular_economy") == {circular.id}
    assert ids(province="79") == {solar.id, trucks.id, expired.id}  # nationwide offers count
    assert ids(province="38") == {solar.id, circular.id, expired.id}
    # `1` and a name read as the official code: the same offers, and the facet ticks `01` (no stray `1` row)
    for typed in ("1", "01", "ha noi"):
        body = client.get(API, query_string={"province": typed}).json
        assert {o["id"] for o in body["items"]} == {solar.id, trucks.id, expired.id}, typed
        assert [v["value"] for v in body["facets"]["province"] if v["selected"]] == ["01"], typed
    assert ids(amount="1b-5b") == {trucks.id}
    assert ids(need_amount=100_000_000_000) == {circular.id}
    assert ids(need_amount=200_000_000) == {circular.id}  # the others have a higher minimum
    # expired offers vanish without an outbox row; closed ones after the indexer ran
    with clock.frozen(clock.now() + dt.timedelta(days=3)):
        assert expired.id not in ids()
    from app.finance import services
    from app.permissions import Actor

    services.close_offer(Actor.for_user(bank[0]), trucks.id)
    sync()
    assert trucks.id not in ids()
    # a suspended institution's offers leave search
    admin = make_user(role="admin")
    from app.orgs.services import set_status

    set_status(Actor.for_user(admin), bank[1].id, {"status": "suspended", "reason": "kiểm tra"})
    sync()
    assert ids() == set()


def test_html_pages_for_bank(app, bank, login, post_form, make_offer):
    from app.extensions import db
    from app.finance.models import FinanceOffer

    c = login(bank[0])
    r = post_form("/finance/manage/new", {"title": "Tín dụng xanh nông nghiệp", "product_type": "green_loan",
                                          "purposes": ["sustainable_agriculture"], "currency": "VND",
                                          "amount_min": "100000000", "amount_max": "3000000000",
                                          "eligible_sizes": ["micro", "small"], "required_labels": ["vietgap"],
                                          "labels_match": "any", "min_years_operating": "2", "action": "publish"},
                  c=c)
    assert r.status_code == 302, r.get_data(as_text=True)
    offer = db.session.scalar(db.select(FinanceOffer))
    assert offer.status.value == "published" and offer.required_labels == ["vietgap"]
    assert c.get("/finance/manage").status_code == 200
    assert "Tín dụng xanh nông nghiệp" in c.get("/finance/manage").get_data(as_text=True)
    r = post_form(f"/finance/manage/{offer.id}/close", {}, get_path=f"/finance/offers/{offer.id}", c=c)
    assert r.status_code == 302
    db.session.refresh(offer)
    assert offer.status.value == "closed"


def test_renaming_the_institution_reindexes_its_published_offers(bank, make_offer):
    from app.extensions import db
    from app.notifications.models import OutboxEvent
    from app.orgs.services import update_organisation
    from app.permissions import Actor

    offer = make_offer()
    rows = lambda: db.session.scalar(db.select(db.func.count(OutboxEvent.id)).where(  # noqa: E731
        OutboxEvent.kind == "offer", OutboxEvent.object_id == offer.id))
    version, before = offer.version, rows()
    update_organisation(Actor.for_user(bank[0]), bank[1].id, {"trade_name": "Quỹ Xanh"})
    db.session.refresh(offer)
    assert rows() == before + 1 and offer.version > version
