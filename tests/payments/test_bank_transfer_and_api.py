"""Bank-transfer page (payee account, reference, amount, how to pay), the admin desk (open transfers by
default, all on request) and the card-payment API without Stripe."""
from __future__ import annotations

import pytest

from tests.fairs.conftest import fair_data, make_listing


@pytest.fixture()
def bank_payment(make_user, make_org):
    from app.fairs import services
    from app.permissions import Actor

    org_user = make_user()
    make_org("fair_organiser", owner=org_user)
    fair = services.create_fair(Actor.for_user(org_user), fair_data())
    user = make_user()
    org = make_org("producer", owner=user)
    listing = make_listing(org)
    a = services.apply(Actor.for_user(user), fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [listing.id]})
    return services.booth_payment(a), user, org_user


def test_bank_transfer_page_shows_the_payee_account_reference_and_how_to_pay(app, client, login, bank_payment,
                                                                             post_form):
    """A booth fee is paid to the fair's organiser: until it adds its account the payer is told so (not
    asked to chase anyone); once it does, the page shows account, amount, reference and the steps."""
    payment, user, org_user = bank_payment
    login(user)
    html = client.get(f"/payments/{payment.id}?lang=en").get_data(as_text=True)
    assert "organiser has not added its bank account" in html and 'data-field="account-number"' not in html
    assert payment.reference in html and "15,000,000" in html
    organiser = app.test_client()
    login(org_user, organiser)
    r = post_form("/payments/account", {"bank": "970436", "account_number": "0071 0012 34567",
                                        "account_name": "Công ty CP Hội chợ Xanh"}, c=organiser)
    assert r.status_code == 302
    html = client.get(f"/payments/{payment.id}?lang=vi").get_data(as_text=True)
    for text in ("CONG TY CP HOI CHO XANH", "00710012345 67".replace(" ", ""), "Vietcombank", payment.reference,
                 "15.000.000", "Cách thanh toán", f"/payments/{payment.id}/vietqr.svg"):
        assert text in html, text


def test_bank_settings_come_from_the_environment(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("BANK_TRANSFER_ACCOUNT_NUMBER", "123456789")
    monkeypatch.setenv("BANK_TRANSFER_BANK", "BIDV")
    monkeypatch.setenv("BANK_TRANSFER_ACCOUNT_NAME", "GREENCONNECT")
    try:
        reloaded = importlib.reload(config)
        assert (reloaded.Config.BANK_TRANSFER_ACCOUNT_NUMBER, reloaded.Config.BANK_TRANSFER_BANK,
                reloaded.Config.BANK_TRANSFER_ACCOUNT_NAME) == ("123456789", "BIDV", "GREENCONNECT")
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_admin_desk_lists_open_transfers_by_default_and_all_on_request(client, login, post_form, bank_payment,
                                                                        make_user):
    from app.payments import services as payments
    from app.permissions import Actor

    payment, _user, _org_user = bank_payment
    admin = make_user(role="admin")
    c = login(admin)
    row = f"<code>{payment.reference}</code>"
    html = c.get("/payments/admin").get_data(as_text=True)
    assert row in html and 'aria-current="page"' in html
    r = post_form(f"/payments/{payment.id}/received", {"note": "VCB 01/12", "next": "/payments/admin"},
                  get_path="/payments/admin", c=c)
    assert r.status_code == 302 and r.headers["Location"].endswith("/payments/admin")
    html = c.get("/payments/admin").get_data(as_text=True)
    assert row not in html and "Không có giao dịch chuyển khoản nào đang chờ tiền." in html
    html = c.get("/payments/admin?status=all").get_data(as_text=True)
    assert row in html
    from app.extensions import db

    db.session.expire_all()
    assert payments.get_for_actor(Actor.for_user(admin), payment.id).status.value == "succeeded"


def test_card_api_without_stripe_is_409(client, token_for, bank_payment):
    payment, user, org_user = bank_payment
    r = client.post(f"/api/v1/payments/{payment.id}/card", headers=token_for(user))
    assert r.status_code == 409 and r.json["error"]["code"] == "conflict"
    assert client.post(f"/api/v1/payments/{payment.id}/card", headers=token_for(org_user)).status_code == 403



def test_a_too_long_confirmation_note_is_refused_by_page_and_api_alike(app, client, login, post_form, token_for,
                                                                       bank_payment):
    """The note is checked by the service's schema (ReceivedInput): the API answers 422 on `note`, the page
    shows the same message, and the transfer stays open (it used to be cut at 200 characters silently)."""
    import html as html_mod

    from app.extensions import db
    from app.payments.models import Payment

    payment, _user, org_user = bank_payment
    login(org_user)
    note = "VCB " + "x" * 200
    api = client.post(f"/api/v1/payments/{payment.id}/received", json={"note": note}, headers=token_for(org_user))
    assert api.status_code == 422
    message = api.get_json()["error"]["fields"]["note"][0]
    page = post_form(f"/payments/{payment.id}/received", {"note": note}, get_path=f"/payments/{payment.id}",
                     follow_redirects=True)
    assert message in html_mod.unescape(page.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Payment, payment.id).status.value != "succeeded"
