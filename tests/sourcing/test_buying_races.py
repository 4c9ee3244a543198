"""A buyer's buttons pressed several times at once (double clicks, two tabs, two colleagues): one inquiry
per listing and buyer, one conversation per buyer and supplier — the others get a clear 409 or join the
same conversation, never a 500. Served app, parallel HTTP requests (tests/edge/racing.py)."""
from __future__ import annotations

from tests.edge.racing import EN, Call, assert_losers_409, race, served  # noqa: F401  (served: a fixture)


def _supplier_listing(make_user, make_org):
    from app.catalog.services import create_listing
    from app.permissions import Actor

    user = make_user()
    org = make_org("producer", owner=user)
    return org, create_listing(Actor.for_user(user), {
        "title": "Ly giấy 350 ml", "description": "Ly giấy tráng PLA, phân huỷ sinh học.",
        "category": "packaging.cups", "unit": "piece", "moq": 1000, "origin_province": "79",
        "price_tiers": [{"min_qty": 1000, "price_vnd": 900}], "status": "published"})


def test_one_inquiry_when_the_button_is_pressed_five_times_at_once(served, make_user, make_org, token_for):
    from app.extensions import db
    from app.sourcing.models import Rfq

    _org, item = _supplier_listing(make_user, make_org)
    buyer = make_user()
    make_org("buyer", owner=buyer)
    h = {**token_for(buyer), **EN}
    body = {"listing_id": item.id, "quantity": 2000, "delivery_province": "79"}
    results = race(served, [Call("POST", "/api/v1/inquiries", h, body) for _ in range(5)])
    assert_losers_409(results, winners=1, message_part="already asked this supplier")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Rfq.id)).where(Rfq.source_listing_id == item.id)) == 1


def test_first_messages_sent_at_once_make_one_conversation(served, make_user, make_org, token_for):
    from app.extensions import db
    from app.sourcing.models import Message, Thread

    org, _item = _supplier_listing(make_user, make_org)
    buyer = make_user()
    make_org("buyer", owner=buyer)
    h = {**token_for(buyer), **EN}
    results = race(served, [Call("POST", f"/api/v1/suppliers/{org.id}/messages", h, {"body": f"Xin chào {i}"})
                            for i in range(4)])
    codes = sorted(status for status, *_rest in results)
    assert all(c in (201, 409) for c in codes) and codes.count(201) >= 1, results
    db.session.expire_all()
    threads = list(db.session.scalars(db.select(Thread).where(Thread.supplier_org_id == org.id)))
    assert len(threads) == 1
    sent = db.session.scalar(db.select(db.func.count(Message.id)).where(Message.thread_id == threads[0].id))
    assert sent == codes.count(201)
