"""Organisers edit a fair (dates, deadline, booth types, prices, capacity never below the booths assigned)
and cancel it (applications cancelled, paid fees refunded, exhibitors notified); waitlisted applicants
hear when a booth frees up."""
from __future__ import annotations

import datetime as dt

import pytest


def _titles(user_id):
    from app.extensions import db
    from app.notifications.models import Notification

    return [n.title for n in db.session.scalars(db.select(Notification).where(Notification.user_id == user_id)
                                                 .order_by(Notification.id))]


def _approved(fair, organiser, producer, booth_index=0):
    from app.fairs import services

    actor, user, org, listings = producer(1)
    a = services.apply(actor, fair.id, {"booth_type_id": fair.booth_types[booth_index].id, "listing_ids": [listings[0].id]})
    services.decide(organiser[0], fair.id, a.id, {"decision": "approve"})
    return actor, user, org, a


def test_edit_dates_deadline_prices_and_add_a_booth_type(fair, organiser, producer):
    from app import clock
    from app.fairs import services

    actor, user, org, a = _approved(fair, organiser, producer)
    std = fair.booth_types[0]
    start = clock.today() + dt.timedelta(days=40)
    data = {"starts_on": start, "ends_on": start + dt.timedelta(days=1),
            "application_deadline": dt.datetime.combine(start - dt.timedelta(days=5), dt.time(12, 0)),
            "booth_types": [{"id": std.id, "name": std.name, "price_vnd": 18_000_000, "capacity": 5},
                            {"id": fair.booth_types[1].id, "name": "Gian miễn phí", "price_vnd": 0, "capacity": 1},
                            {"name": "Gian góc 12 m²", "price_vnd": 25_000_000, "capacity": 2}]}
    services.update_fair(organiser[0], fair.id, data)
    fair = services.get_fair(fair.id)
    assert (fair.starts_on, fair.ends_on) == (start, start + dt.timedelta(days=1))
    assert fair.application_deadline == dt.datetime.combine(start - dt.timedelta(days=5), dt.time(5, 0))  # 12:00 ICT
    assert [(b.name, b.price_vnd, b.capacity) for b in fair.booth_types] == [
        (std.name, 18_000_000, 5), ("Gian miễn phí", 0, 1), ("Gian góc 12 m²", 25_000_000, 2)]
    assert services.get_application(a.id).booth_code == "A-01"  # the booth code prefix is kept
    assert services.booth_payment(a).amount == 15_000_000  # a new price is for new applications only
    assert any("New dates" in t or "Lịch mới" in t for t in _titles(user.id))


def test_capacity_never_below_assigned_booths(fair, organiser, producer):
    from app.errors import ValidationFailed
    from app.fairs import services

    _approved(fair, organiser, producer)
    _approved(fair, organiser, producer)
    std = fair.booth_types[0]
    keep_free = {"id": fair.booth_types[1].id, "name": "Gian miễn phí", "price_vnd": 0, "capacity": 1}
    with pytest.raises(ValidationFailed) as exc:
        services.update_fair(organiser[0], fair.id, {"booth_types": [
            {"id": std.id, "name": std.name, "price_vnd": std.price_vnd, "capacity": 1}, keep_free]})
    assert "booth_types" in exc.value.fields
    assert services.get_fair(fair.id).booth_types[0].capacity == 3
    services.update_fair(organiser[0], fair.id, {"booth_types": [
        {"id": std.id, "name": std.name, "price_vnd": std.price_vnd, "capacity": 2}, keep_free]})
    assert services.get_fair(fair.id).booth_types[0].capacity == 2


def test_capacity_cannot_cut_off_an_assigned_booth_number(fair, organiser, producer):
    """Booths 1 and 3 taken, 2 freed: capacity 2 would leave booth 3 outside 1..capacity and let a
    third approval through."""
    from app.errors import ValidationFailed
    from app.fairs import services

    _approved(fair, organiser, producer)
    second = _approved(fair, organiser, producer)[3]
    _approved(fair, organiser, producer)
    services.cancel_application(organiser[0], second.id, {"reason": "đổi"})
    std = fair.booth_types[0]
    with pytest.raises(ValidationFailed):
        services.update_fair(organiser[0], fair.id, {"booth_types": [
            {"id": std.id, "name": std.name, "price_vnd": std.price_vnd, "capacity": 2},
            {"id": fair.booth_types[1].id, "name": "Gian miễn phí", "price_vnd": 0, "capacity": 1}]})


def test_booth_type_with_applications_cannot_be_removed_an_unused_one_can(fair, organiser, producer):
    from app.errors import ValidationFailed
    from app.fairs import services

    _approved(fair, organiser, producer)
    std, free = fair.booth_types
    with pytest.raises(ValidationFailed):
        services.update_fair(organiser[0], fair.id, {"booth_types": [
            {"id": free.id, "name": free.name, "price_vnd": 0, "capacity": 1}]})
    services.update_fair(organiser[0], fair.id, {"booth_types": [
        {"id": std.id, "name": std.name, "price_vnd": std.price_vnd, "capacity": std.capacity}]})
    assert [b.name for b in services.get_fair(fair.id).booth_types] == [std.name]


def test_edit_validates_deadline_and_only_the_organiser_edits(fair, organiser, producer):
    from app.errors import NotFound, ValidationFailed
    from app.fairs import services

    with pytest.raises(ValidationFailed) as exc:
        services.update_fair(organiser[0], fair.id, {"application_deadline": dt.datetime.combine(
            fair.starts_on + dt.timedelta(days=1), dt.time(9, 0))})
    assert "application_deadline" in exc.value.fields
    with pytest.raises(ValidationFailed):
        services.update_fair(organiser[0], fair.id, {"ends_on": fair.starts_on - dt.timedelta(days=1)})
    stranger = producer(0)[0]
    with pytest.raises(NotFound):
        services.update_fair(stranger, fair.id, {"name": "Hội chợ của tôi"})


def test_api_patch_keeps_missing_fields_and_refuses_low_capacity(client, token_for, fair, organiser, producer):
    _approved(fair, organiser, producer)
    _approved(fair, organiser, producer)
    h = token_for(organiser[1])
    r = client.patch(f"/api/v1/fairs/{fair.id}", json={"venue": "Trung tâm Hội chợ Phú Thọ"}, headers=h)
    assert r.status_code == 200, r.json
    assert r.json["venue"] == "Trung tâm Hội chợ Phú Thọ" and r.json["name"] == fair.name
    std, free = r.json["booth_types"]
    r = client.patch(f"/api/v1/fairs/{fair.id}", json={"booth_types": [{"id": std["id"], "capacity": 1}, {"id": free["id"]}]},
                     headers=h)
    assert r.status_code == 422 and "booth_types" in r.json["error"]["fields"], r.json
    r = client.patch(f"/api/v1/fairs/{fair.id}", json={"booth_types": [{"id": std["id"], "price_vnd": 20_000_000},
                                                                      {"id": free["id"]}]}, headers=h)
    assert r.status_code == 200, r.json
    assert [(b["price_vnd"], b["capacity"], b["code_prefix"]) for b in r.json["booth_types"]] == [
        (20_000_000, 3, "A"), (0, 1, "F")]


def test_cancel_fair_refunds_paid_cancels_open_and_notifies(client, fair, organiser, producer, make_user):
    from app.errors import NotFound, ValidationFailed
    from app.extensions import db
    from app.fairs import meetings, services
    from app.payments import services as payments
    from app.permissions import Actor

    paid_actor, paid_user, _o, paid = _approved(fair, organiser, producer)
    payments.mark_received(organiser[0], services.booth_payment(paid).id, {"note": "VCB"})
    unpaid_actor, unpaid_user, _o2, listings = producer(1)
    unpaid = services.apply(unpaid_actor, fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [listings[0].id]})
    visitor = make_user()
    start = dt.datetime.combine(fair.starts_on, dt.time(10, 0))
    slot = meetings.add_slot(paid_actor, fair.id, {"starts_at": start, "ends_at": start + dt.timedelta(minutes=30)})
    meetings.book(Actor.for_user(visitor), fair.id, {"slot_id": slot.id})

    with pytest.raises(NotFound):
        services.cancel_fair(unpaid_actor, fair.id, {"reason": "không"})
    with pytest.raises(ValidationFailed):
        services.cancel_fair(organiser[0], fair.id, {"reason": "  "})
    services.cancel_fair(organiser[0], fair.id, {"reason": "Địa điểm bị thu hồi."})
    db.session.expire_all()
    assert services.get_fair(fair.id).status.value == "cancelled"
    assert {services.get_application(x.id).status.value for x in (paid, unpaid)} == {"cancelled"}
    assert services.get_application(paid.id).booth_number is None
    assert services.booth_payment(paid).status.value == "refunded"
    assert services.booth_payment(unpaid).status.value == "canceled"
    for user in (paid_user, unpaid_user, visitor):
        assert any(fair.name in t for t in _titles(user.id)), user
    # again: nothing changes, nothing is refunded twice
    services.cancel_fair(organiser[0], fair.id, {"reason": "Địa điểm bị thu hồi."})
    assert services.booth_payment(paid).status.value == "refunded"
    # the fair leaves the list but its page explains; nobody can apply any more
    assert fair.name not in client.get("/fairs/").get_data(as_text=True)
    page = client.get(f"/fairs/{fair.id}")
    assert page.status_code == 200 and "fair-cancelled" in page.get_data(as_text=True)
    with pytest.raises(NotFound):
        services.apply(producer(1)[0], fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": []})
    with pytest.raises(Exception):
        services.update_fair(organiser[0], fair.id, {"name": "Hội chợ mới"})


def test_cancel_fair_stripe_refunds_are_idempotent_across_a_retry(app, fair, organiser, producer, monkeypatch):
    """Two card-paid booths; Stripe fails on the second refund, so the cancellation rolls back. The retry
    asks Stripe again for the first refund with the same idempotency key (Stripe answers with the refund it
    already made) and the fair ends cancelled with both payments refunded once."""
    from app.errors import DomainError
    from app.extensions import db
    from app.fairs import services
    from app.payments import services as payments
    from app.payments.models import PaymentProvider, PaymentStatus

    apps = [_approved(fair, organiser, producer)[3] for _ in range(2)]
    pays = []
    for i, a in enumerate(apps):
        p = services.booth_payment(a)
        p.provider, p.stripe_payment_intent_id = PaymentProvider.stripe, f"pi_test_{i}"
        payments._transition(p, PaymentStatus.succeeded, None, "test")
        pays.append(p)
    db.session.commit()
    calls, fail = [], {"pi_test_1": True}

    class Refunds:
        def create(self, params, options):
            calls.append((params["payment_intent"], options["idempotency_key"]))
            if fail.pop(params["payment_intent"], False):
                raise RuntimeError("Stripe is unavailable")
            return type("Refund", (), {"id": "re_" + params["payment_intent"]})()

    fake = type("Client", (), {"v1": type("V1", (), {"refunds": Refunds()})()})()
    monkeypatch.setattr(payments, "stripe_client", lambda: fake)
    with pytest.raises(DomainError) as exc:
        services.cancel_fair(organiser[0], fair.id, {"reason": "Bão lớn"})
    assert exc.value.status == 502
    db.session.rollback()
    db.session.expire_all()
    assert services.get_fair(fair.id).status.value == "published"
    services.cancel_fair(organiser[0], fair.id, {"reason": "Bão lớn"})
    db.session.expire_all()
    assert [services.booth_payment(a).status.value for a in apps] == ["refunded", "refunded"]
    keys = {pi: {k for p_, k in calls if p_ == pi} for pi in ("pi_test_0", "pi_test_1")}
    assert keys == {"pi_test_0": {f"greenconnect-payment-{pays[0].id}-refund"},
                    "pi_test_1": {f"greenconnect-payment-{pays[1].id}-refund"}}


def test_waitlisted_applicants_hear_when_a_booth_frees_up(fair, organiser, producer):
    from app.fairs import services

    booth = fair.booth_types[1]  # the free booth type: capacity 1
    _a, _u, _o, holder = _approved(fair, organiser, producer, booth_index=1)
    w_actor, w_user, _wo, listings = producer(1)
    waiting = services.apply(w_actor, fair.id, {"booth_type_id": booth.id, "listing_ids": [listings[0].id]})
    services.decide(organiser[0], fair.id, waiting.id, {"decision": "waitlist"})
    before = len(_titles(w_user.id))
    services.decide(organiser[0], fair.id, holder.id, {"decision": "reject", "reason": "Không phù hợp chủ đề"})
    titles = _titles(w_user.id)[before:]
    assert len(titles) == 1 and fair.name in titles[0]
    assert any("free" in t or "trống" in t for t in _titles(organiser[1].id))
    # the organiser can now approve from the waiting list
    assert services.decide(organiser[0], fair.id, waiting.id, {"decision": "approve"}).status.value == "approved"
    # cancelling an approved booth also tells the (new) waiting list
    w2_actor, w2_user, _w2o, l2 = producer(1)
    w2 = services.apply(w2_actor, fair.id, {"booth_type_id": booth.id, "listing_ids": [l2[0].id]})
    services.decide(organiser[0], fair.id, w2.id, {"decision": "waitlist"})
    n = len(_titles(w2_user.id))
    services.cancel_application(w_actor, waiting.id, {"reason": "đổi kế hoạch"})
    assert len(_titles(w2_user.id)) == n + 1


def test_edit_and_cancel_pages(client, login, post_form, fair, organiser, producer):
    from app.extensions import db
    from app.fairs import services

    _approved(fair, organiser, producer)
    c = login(organiser[1])
    page = c.get(f"/fairs/{fair.id}/edit?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="booths-0-name"' in html and 'name="booths-2-name"' in html
    assert 'value="Gian tiêu chuẩn 9 m²"' in html
    std, free = fair.booth_types
    form = {"name": fair.name, "name_en": fair.name_en, "description": fair.description,
            "starts_on": fair.starts_on.isoformat(), "ends_on": fair.ends_on.isoformat(), "venue": fair.venue,
            "province_code": "79", "themes": "bao bì xanh", "green_zone": "y", "green_zone_note": "Khu A",
            "application_deadline": "2099-01-01T17:00",
            "booths-0-id": str(std.id), "booths-0-name": std.name, "booths-0-price_vnd": "15000000",
            "booths-0-capacity": "0",
            "booths-1-id": str(free.id), "booths-1-name": free.name, "booths-1-price_vnd": "0", "booths-1-capacity": "1",
            "booths-2-id": "", "booths-2-name": "", "booths-2-price_vnd": "", "booths-2-capacity": ""}
    r = post_form(f"/fairs/{fair.id}/edit", form, c=c)
    assert r.status_code == 422  # capacity 0 and a deadline after the start
    form.update({"application_deadline": f"{fair.starts_on - dt.timedelta(days=3)}T17:00", "booths-0-capacity": "6",
                 "booths-2-name": "Gian đôi", "booths-2-price_vnd": "28000000", "booths-2-capacity": "2"})
    r = post_form(f"/fairs/{fair.id}/edit", form, c=c)
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]
    db.session.expire_all()
    assert [(b.name, b.capacity) for b in services.get_fair(fair.id).booth_types] == [
        (std.name, 6), (free.name, 1), ("Gian đôi", 2)]
    r = post_form(f"/fairs/{fair.id}/cancel", {"reason": ""}, get_path=f"/fairs/{fair.id}/edit", c=c)
    assert r.status_code == 302 and services.get_fair(fair.id).status.value == "published"
    r = post_form(f"/fairs/{fair.id}/cancel", {"reason": "Bão"}, get_path=f"/fairs/{fair.id}/edit", c=c)
    assert r.status_code == 302
    db.session.expire_all()
    assert services.get_fair(fair.id).status.value == "cancelled"
    assert "fair-cancelled" in c.get(f"/fairs/{fair.id}/manage").get_data(as_text=True)
