"""The real `stripe` library against `localstripe`: PaymentIntent in VND confirmed with a test card,
the signed webhook fulfils once; replays, late/out-of-order events and bad signatures change nothing;
cancelling a paid booth refunds it."""
from __future__ import annotations

import json
import time

import pytest

from tests.fairs.conftest import fair_data, make_listing
from tests.payments.conftest import post_webhook, sign


def _wait_for(predicate, timeout=20.0):
    from app.extensions import db

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _audits(action, payment_id):
    from app.extensions import db
    from app.notifications.models import AuditEntry

    return db.session.scalar(db.select(db.func.count(AuditEntry.id)).where(
        AuditEntry.action == action, AuditEntry.object_type == "payment", AuditEntry.object_id == payment_id))


@pytest.fixture()
def booth_application(stripe_on, make_user, make_org):
    from app.fairs import services
    from app.permissions import Actor

    org_user = make_user()
    make_org("fair_organiser", owner=org_user)
    organiser = Actor.for_user(org_user)
    fair = services.create_fair(organiser, fair_data())
    user = make_user()
    org = make_org("producer", owner=user)
    producer = Actor.for_user(user)
    listings = [make_listing(org, title=f"Túi giấy kraft {i}") for i in range(2)]
    application = services.apply(producer, fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [x.id for x in listings]})
    return organiser, producer, fair, application


def _pay_with_test_card(intent_id):
    import stripe

    pm = stripe.PaymentMethod.create(type="card", card={"number": "4242424242424242", "exp_month": 12,
                                                        "exp_year": 2034, "cvc": "123"})
    stripe.PaymentIntent.modify(intent_id, payment_method=pm.id)
    return stripe.PaymentIntent.confirm(intent_id)


def test_payment_intent_webhook_fulfils_once_and_is_replay_safe(stripe_on, booth_application, client, login):
    import stripe

    from app.extensions import db
    from app.fairs import services
    from app.payments import services as payments
    from app.payments.models import Payment, PaymentProvider, PaymentStatus, StripeEvent

    organiser, producer, fair, application = booth_application
    payment = services.booth_payment(application)
    assert payment.provider == PaymentProvider.stripe

    # The pay page creates the PaymentIntent (amount in whole VND) and hands the client secret to Stripe.js.
    login(producer.user)
    page = client.get(f"/payments/{payment.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="payment-element"' in html and "data-client-secret=" in html, html[html.find("<main"):]
    assert "https://js.stripe.com" in page.headers["Content-Security-Policy"]
    db.session.expire_all()
    payment = db.session.get(Payment, payment.id)
    intent = stripe.PaymentIntent.retrieve(payment.stripe_payment_intent_id)
    assert (intent.amount, intent.currency) == (15_000_000, "vnd")
    assert intent.metadata["payment_id"] == str(payment.id)
    # Opening the page again reuses the intent.
    client.get(f"/payments/{payment.id}")
    db.session.expire_all()
    assert db.session.get(Payment, payment.id).stripe_payment_intent_id == intent.id

    confirmed = _pay_with_test_card(intent.id)
    assert confirmed.status == "succeeded"
    assert _wait_for(lambda: db.session.get(Payment, payment.id).status == PaymentStatus.succeeded), \
        "the signed webhook from localstripe did not arrive"
    events = db.session.scalars(db.select(StripeEvent).where(StripeEvent.payment_id == payment.id)).all()
    assert [(e.type, e.outcome) for e in events] == [("payment_intent.succeeded", "applied")]
    assert _audits("payment.fulfilled", payment.id) == 1

    # Replay of the same event (same id, freshly and correctly signed): a no-op 200.
    replay = json.dumps({"id": events[0].event_id, "object": "event", "type": "payment_intent.succeeded",
                         "created": int(time.time()), "data": {"object": intent.to_dict()}}).encode()
    status, body = post_webhook(stripe_on["webhook_url"], replay, sign(replay))
    assert (status, body["outcome"]) == (200, "duplicate")

    # A late, out-of-order failure for the same intent (a new event id) never undoes the payment.
    late = json.dumps({"id": "evt_late_failure_1", "object": "event", "type": "payment_intent.payment_failed",
                       "created": int(time.time()), "data": {"object": {**intent.to_dict(), "status": "requires_payment_method"}}}).encode()
    status, body = post_webhook(stripe_on["webhook_url"], late, sign(late))
    assert (status, body["outcome"]) == (200, "ignored_transition")
    processing = json.dumps({"id": "evt_late_processing_1", "object": "event", "type": "payment_intent.processing",
                             "created": int(time.time()), "data": {"object": intent.to_dict()}}).encode()
    assert post_webhook(stripe_on["webhook_url"], processing, sign(processing))[1]["outcome"] == "ignored_transition"

    # A bad signature is refused with 400 and recorded nowhere.
    forged = json.dumps({"id": "evt_forged_1", "object": "event", "type": "payment_intent.succeeded",
                         "created": int(time.time()), "data": {"object": intent.to_dict()}}).encode()
    status, _body = post_webhook(stripe_on["webhook_url"], forged, sign(forged, secret="whsec_wrong"))
    assert status == 400
    status, _body = post_webhook(stripe_on["webhook_url"], replay, "t=1,v1=deadbeef")
    assert status == 400
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(StripeEvent.id)).where(StripeEvent.event_id == "evt_forged_1")) == 0
    assert db.session.get(Payment, payment.id).status == PaymentStatus.succeeded
    assert _audits("payment.fulfilled", payment.id) == 1

    # Syncing from Stripe (the browser's return) is idempotent too.
    payments.sync_from_stripe(payment.id)
    assert _audits("payment.fulfilled", payment.id) == 1

    # Cancelling the paid booth refunds it through Stripe, once.
    services.decide(organiser, fair.id, application.id, {"decision": "approve"})
    services.cancel_application(organiser, application.id, {"reason": "Hội chợ đổi sơ đồ gian hàng"})
    db.session.expire_all()
    p = db.session.get(Payment, payment.id)
    assert p.status == PaymentStatus.refunded and p.stripe_refund_id.startswith("re_")
    refunds = stripe.Refund.list(payment_intent=intent.id) if hasattr(stripe.Refund, "list") else None
    if refunds is not None:
        assert len([r for r in refunds.data if r.payment_intent == intent.id]) == 1
    assert _audits("payment.status", payment.id) == 2  # succeeded, refunded


def test_stripe_return_url_comes_from_base_url_not_the_request_host(stripe_on, booth_application, client, login, app):
    """The address Stripe sends the payer back to is built from BASE_URL: a request naming another Host
    (a forged header, a proxy passing it through) cannot send the payer to that host."""
    import re

    from app.fairs import services

    _organiser, producer, _fair, application = booth_application
    payment = services.booth_payment(application)
    login(producer.user)
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    client.set_cookie(cookie.key, cookie.value, domain="evil.example")  # the browser signed in on that host
    page = client.get(f"/payments/{payment.id}", headers={"Host": "evil.example"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    return_url = re.search(r'data-return-url="([^"]+)"', html).group(1)
    assert return_url == app.config["BASE_URL"].rstrip("/") + f"/payments/{payment.id}/return"
    assert "evil" not in return_url


def test_amount_mismatch_is_not_fulfilled(stripe_on, booth_application):
    from app.extensions import db
    from app.fairs import services
    from app.payments.models import Payment, PaymentStatus

    _o, producer, _fair, application = booth_application
    payment = services.booth_payment(application)
    p, _secret = __import__("app.payments.services", fromlist=["start_stripe"]).start_stripe(producer, payment.id)
    forged = json.dumps({"id": "evt_cheap_1", "object": "event", "type": "payment_intent.succeeded", "created": int(time.time()),
                         "data": {"object": {"id": p.stripe_payment_intent_id, "object": "payment_intent", "amount": 1000,
                                             "currency": "vnd", "status": "succeeded"}}}).encode()
    status, body = post_webhook(stripe_on["webhook_url"], forged, sign(forged))
    assert (status, body["outcome"]) == (200, "amount_mismatch")
    db.session.expire_all()
    assert db.session.get(Payment, payment.id).status == PaymentStatus.requires_payment


def test_webhook_without_configured_secret_refuses(client):
    r = client.post("/payments/stripe/webhook", data=b"{}", headers={"Stripe-Signature": "t=1,v1=x"},
                    content_type="application/json")
    assert r.status_code == 400


def test_card_api_returns_one_intent_and_cancelling_the_fair_refunds_it(stripe_on, booth_application, client,
                                                                         token_for):
    """An API client starts a card payment (client secret + publishable key), twice: one PaymentIntent.
    After paying, cancelling the fair refunds the booth fee through Stripe."""
    import stripe

    from app.extensions import db
    from app.fairs import services
    from app.payments.models import Payment, PaymentStatus

    organiser, producer, fair, application = booth_application
    payment = services.booth_payment(application)
    h = token_for(producer.user)
    r1 = client.post(f"/api/v1/payments/{payment.id}/card", headers=h)
    assert r1.status_code == 200, r1.json
    assert r1.json["publishable_key"] == "pk_test_greenconnect" and r1.json["client_secret"]
    assert r1.json["idempotency_key"] == f"greenconnect-payment-{payment.id}-create-intent"
    r2 = client.post(f"/api/v1/payments/{payment.id}/card", headers=h)
    assert r2.json["client_secret"] == r1.json["client_secret"]
    assert client.post(f"/api/v1/payments/{payment.id}/card", headers=token_for(organiser.user)).status_code == 403
    db.session.expire_all()
    intent_id = db.session.get(Payment, payment.id).stripe_payment_intent_id
    assert _pay_with_test_card(intent_id).status == "succeeded"
    assert _wait_for(lambda: db.session.get(Payment, payment.id).status == PaymentStatus.succeeded)
    # paid: starting again is refused
    assert client.post(f"/api/v1/payments/{payment.id}/card", headers=h).status_code == 409

    r = client.post(f"/api/v1/fairs/{fair.id}/cancel", json={"reason": "Bão số 9"}, headers=token_for(organiser.user))
    assert r.status_code == 200 and r.json["status"] == "cancelled"
    db.session.expire_all()
    p = db.session.get(Payment, payment.id)
    assert p.status == PaymentStatus.refunded and p.stripe_refund_id.startswith("re_")
    refunds = stripe.Refund.list(payment_intent=intent_id) if hasattr(stripe.Refund, "list") else None
    if refunds is not None:
        assert len([x for x in refunds.data if x.payment_intent == intent_id]) == 1
    # the charge.refunded webhook that follows changes nothing more
    assert client.post(f"/api/v1/fairs/{fair.id}/cancel", json={"reason": "Bão số 9"},
                       headers=token_for(organiser.user)).status_code == 200
    assert _audits("payment.status", payment.id) == 2  # succeeded, refunded
