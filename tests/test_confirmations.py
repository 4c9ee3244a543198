"""Issue 16.7: consequential actions ask first. Accepting a quote, cancelling a fair and confirming a bank
transfer each go through a confirmation page (a plain form: no JavaScript) that says what will happen —
the amount, who is told — and changes nothing until the person confirms there."""
from __future__ import annotations

from tests.conftest import csrf_from
from tests.fairs.conftest import fair_data, make_listing
from tests.sourcing.conftest import rfq_data


def _quote(make_user, make_org):
    from app.permissions import Actor
    from app.sourcing import services

    buyer_user = make_user()
    make_org("buyer", owner=buyer_user, trade_name="Siêu thị Xanh")
    rfq = services.create_rfq(Actor.for_user(buyer_user), rfq_data(required_labels=[], visibility="public"))
    quotes = []
    for name, price in (("Bagasse Sài Gòn", 1680), ("Lá Chuối Huế", 1900)):
        user = make_user()
        make_org("producer", owner=user, trade_name=name)
        quotes.append(services.submit_quote(Actor.for_user(user), rfq.id, {
            "unit_price_vnd": price, "quantity": 50000, "lead_time_days": 10, "valid_until": "2099-01-01"}))
    return buyer_user, rfq, quotes


def test_accepting_a_quote_asks_first_and_names_the_amount(app, client, login, make_user, make_org):
    from app.extensions import db
    from app.sourcing.models import Deal, QuoteStatus

    buyer_user, rfq, (quote, other) = _quote(make_user, make_org)
    login(buyer_user)
    page = client.get(f"/sourcing/requests/{rfq.id}/quotes?lang=en").get_data(as_text=True)
    assert f'href="/sourcing/quotes/{quote.id}/confirm-accept"' in page  # the list's Accept opens the step

    r = client.get(f"/sourcing/quotes/{quote.id}/confirm-accept?lang=vi")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "84.000.000 ₫" in html  # 50 000 × 1 680 ₫, written the Vietnamese way
    assert "Bagasse Sài Gòn" in html
    assert f'action="/sourcing/quotes/{quote.id}/accept"' in html
    assert db.session.scalar(db.select(db.func.count(Deal.id))) == 0  # looking changes nothing
    assert db.session.get(type(quote), quote.id).status == QuoteStatus.submitted

    r = client.post(f"/sourcing/quotes/{quote.id}/accept", data={"csrf_token": csrf_from(html), "reason": ""})
    assert r.status_code == 302 and "/sourcing/deals/" in r.headers["Location"]
    db.session.expire_all()
    assert db.session.get(type(quote), quote.id).status == QuoteStatus.accepted
    assert db.session.get(type(other), other.id).status == QuoteStatus.declined
    # once accepted, the step says so instead of offering the button again
    html = client.get(f"/sourcing/quotes/{other.id}/confirm-accept?lang=en").get_data(as_text=True)
    assert "can no longer be accepted" in html and "Yes, accept the quote" not in html


def test_only_the_buyer_sees_the_acceptance_step(app, client, login, make_user, make_org):
    buyer_user, rfq, (quote, _other) = _quote(make_user, make_org)
    outsider = make_user()
    make_org("buyer", owner=outsider)
    login(outsider)
    assert client.get(f"/sourcing/quotes/{quote.id}/confirm-accept").status_code == 404


def test_cancelling_a_fair_asks_first_and_says_who_is_told(app, client, login, make_user, make_org):
    from app.extensions import db
    from app.fairs import services
    from app.fairs.models import Fair, FairStatus
    from app.permissions import Actor

    organiser = make_user()
    make_org("fair_organiser", owner=organiser)
    fair = services.create_fair(Actor.for_user(organiser), fair_data())
    for i in range(2):
        user = make_user()
        org = make_org("producer", owner=user)
        listing = make_listing(org, title=f"Ống hút tre {i}")
        services.apply(Actor.for_user(user), fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [listing.id]})
    login(organiser)
    edit = client.get(f"/fairs/{fair.id}/edit?lang=en").get_data(as_text=True)
    assert f'href="/fairs/{fair.id}/cancel"' in edit

    r = client.get(f"/fairs/{fair.id}/cancel?lang=en")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "Cancel the fair?" in html
    assert "will be told: 2" in html
    assert db.session.get(Fair, fair.id).status != FairStatus.cancelled

    r = client.post(f"/fairs/{fair.id}/cancel", data={"csrf_token": csrf_from(html),
                                                       "reason": "Địa điểm không còn sử dụng được"})
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Fair, fair.id).status == FairStatus.cancelled

    other = make_user()
    make_org("fair_organiser", owner=other)
    login(other)
    assert client.get(f"/fairs/{fair.id}/cancel").status_code == 404


def test_confirming_a_bank_transfer_asks_first(app, client, login, make_user, make_org):
    from app.extensions import db
    from app.fairs import services
    from app.payments.models import Payment, PaymentStatus
    from app.permissions import Actor

    organiser = make_user()
    make_org("fair_organiser", owner=organiser)
    fair = services.create_fair(Actor.for_user(organiser), fair_data())
    user = make_user()
    org = make_org("producer", owner=user)
    application = services.apply(Actor.for_user(user), fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [make_listing(org).id]})
    payment = services.booth_payment(application)
    login(organiser)
    assert f'href="/payments/{payment.id}/received"' in client.get(f"/payments/{payment.id}?lang=en").get_data(as_text=True)

    r = client.get(f"/payments/{payment.id}/received?lang=vi")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and payment.reference in html
    from app.l10n import format_vnd

    assert format_vnd(payment.amount, "vi") in html
    assert db.session.get(Payment, payment.id).status == PaymentStatus.requires_payment

    r = client.post(f"/payments/{payment.id}/received", data={"csrf_token": csrf_from(html), "note": "VCB 12/05"})
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Payment, payment.id).status == PaymentStatus.succeeded

    login(user)  # the payer may see the payment, not confirm it
    assert client.get(f"/payments/{payment.id}/received").status_code == 404
