"""In a real browser: an organiser enters its bank account, the payer's bank-transfer page shows a VietQR
code that decodes (from the screenshot) to that account, the amount and the reference; a person's
notification settings are honoured, and the unsubscribe link in a mail works without signing in."""
from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import english, login
from tests.fairs.conftest import fair_data, make_listing


def _tlv(text):
    out, i = {}, 0
    while i < len(text):
        n = int(text[i + 2:i + 4])
        out[text[i:i + 2]] = text[i + 4:i + 4 + n]
        i += 4 + n
    return out


@pytest.fixture()
def booth_payment(make_user, make_org):
    from app.fairs import services
    from app.permissions import Actor

    organiser = english(make_user(email="ban-to-chuc@hoichoxanh.vn"))
    make_org("fair_organiser", owner=organiser, legal_name="Công ty CP Hội chợ Xanh")
    fair = services.create_fair(Actor.for_user(organiser), fair_data())
    payer = english(make_user(email="ke-toan@trevietdt.vn"))
    org = make_org("producer", owner=payer, legal_name="Công ty TNHH Tre Việt")
    a = services.apply(Actor.for_user(payer), fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [make_listing(org).id]})
    return services.booth_payment(a), organiser, payer


def test_bank_transfer_page_shows_a_qr_that_decodes_to_amount_and_reference(browser, live_server, page,
                                                                            booth_payment):
    import zxingcpp
    from PIL import Image

    payment, organiser, payer = booth_payment
    login(page, organiser.email)
    page.goto("/payments/account?lang=en")
    page.get_by_label("Bank", exact=True).select_option("970436")
    page.get_by_label("Account number").fill("0071 0012 34567")
    page.get_by_label("Account holder (as the bank shows it)").fill("Công ty CP Hội chợ Xanh")
    page.get_by_role("button", name="Save the account").click()
    expect(page.locator("main")).to_contain_text("CONG TY CP HOI CHO XANH")

    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    payer_page = context.new_page()
    try:
        login(payer_page, payer.email)
        payer_page.goto(f"/payments/{payment.id}?lang=en")
        expect(payer_page.locator('[data-field="reference"]')).to_contain_text(payment.reference)
        expect(payer_page.locator('[data-field="account-number"]')).to_contain_text("0071001234567")
        qr = payer_page.get_by_role("img", name=re.compile("VietQR code"))
        expect(qr).to_be_visible()
        qr.evaluate("img => img.scrollIntoView({block: 'center'})")
        shot = qr.screenshot()
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
        assert len(found) == 1
        fields = _tlv(found[0].text)
        assert int(fields["54"]) == payment.amount and _tlv(fields["62"])["08"] == payment.reference
        assert _tlv(_tlv(fields["38"])["01"]) == {"00": "970436", "01": "0071001234567"}
    finally:
        context.close()


def test_notification_settings_are_honoured_and_unsubscribe_needs_no_sign_in(app, browser, live_server, page,
                                                                             make_user):
    from app.extensions import db
    from app.mail import outbox_messages
    from app.notifications.delivery import deliver_pending, send_digests
    from app.notifications.services import notify

    user = english(make_user(email="nhan-tin@trevietdt.vn"))
    login(page, user.email)
    page.goto("/notifications/settings?lang=en")
    page.get_by_role("group", name=re.compile("Label claims")).get_by_label("Off").check()
    page.get_by_role("group", name=re.compile("Quotes")).get_by_label("Daily digest").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("group", name=re.compile("Quotes")).get_by_label("Daily digest")).to_be_checked()

    notify(user.id, "claim.verified", "Your FSC claim was verified.", url="/claims/1")
    notify(user.id, "sourcing.quote", "New quote from Bao bì Mía Việt", url="/sourcing/requests/1/quotes")
    notify(user.id, "sourcing.deal", "Siêu thị Xanh accepted your quote", url="/sourcing/deals/1")
    db.session.commit()
    deliver_pending()
    assert [m["Subject"] for m in outbox_messages(user.email)] == ["Siêu thị Xanh accepted your quote"]
    send_digests()
    digest = outbox_messages(user.email)[-1]
    assert "New quote from Bao bì Mía Việt" in digest.get_content() and "FSC" not in digest.get_content()
    # all three are on the notifications page
    page.goto("/notifications?lang=en")
    for title in ("Your FSC claim was verified.", "New quote from Bao bì Mía Việt", "Siêu thị Xanh accepted your quote"):
        expect(page.locator("main")).to_contain_text(title)

    # the unsubscribe link of the deal mail, opened in a browser that is not signed in
    link = re.fullmatch(r"<(.+)>", outbox_messages(user.email)[0]["List-Unsubscribe"]).group(1)
    path = "/" + link.split("/", 3)[3]
    anonymous = browser.new_context(base_url=live_server)
    try:
        p = anonymous.new_page()
        p.goto(path + "?lang=en")
        p.get_by_role("button", name="Unsubscribe").click()
        expect(p.locator("main")).to_contain_text("You will no longer receive e-mails about: Deals")
    finally:
        anonymous.close()
    page.goto("/notifications/settings?lang=en")
    expect(page.get_by_role("group", name=re.compile("Deals")).get_by_label("Off")).to_be_checked()
