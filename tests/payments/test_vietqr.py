"""Payable bank transfers: payee accounts checked when entered (NAPAS banks), a VietQR code on every
bank-transfer page that a banking app reads as the right account, amount and reference (decoded here with
zxing-cpp and checked field by field, CRC included), and a PDF receipt built by the job runner."""
from __future__ import annotations

import binascii
import io
from html import unescape

import pytest

from tests.fairs.conftest import fair_data, make_listing


def tlv(text: str) -> dict[str, str]:
    """EMVCo TLV: two-digit id, two-digit length, value."""
    out, i = {}, 0
    while i < len(text):
        tag, n = text[i:i + 2], int(text[i + 2:i + 4])
        out[tag] = text[i + 4:i + 4 + n]
        i += 4 + n
    return out


def crc_ok(text: str) -> bool:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over everything up to and including "6304"."""
    return text[-8:-4] == "6304" and f"{binascii.crc_hqx(text[:-4].encode(), 0xFFFF):04X}" == text[-4:]


def decode(png: bytes) -> str:
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    return found[0].text


@pytest.fixture()
def booth(make_user, make_org):
    from app.fairs import services
    from app.permissions import Actor

    org_user = make_user()
    organiser = make_org("fair_organiser", owner=org_user, legal_name="Công ty CP Hội chợ Xanh")
    fair = services.create_fair(Actor.for_user(org_user), fair_data())
    user = make_user()
    org = make_org("producer", owner=user, legal_name="Công ty TNHH Tre Việt Đồng Tháp", tax_code="0312345678")
    a = services.apply(Actor.for_user(user), fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [make_listing(org).id]})
    return services.booth_payment(a), user, org_user, organiser


def _save_account(org_user, **over):
    from app.payments import payees
    from app.permissions import Actor

    data = {"bank": "970436", "account_number": "0071001234567", "account_name": "Công ty CP Hội chợ Xanh", **over}
    return payees.save(Actor.for_user(org_user), Actor.for_user(org_user).org_id, data)


def test_the_qr_on_the_page_decodes_to_the_payee_amount_and_reference(app, client, login, booth):
    payment, user, org_user, _organiser = booth
    _save_account(org_user)
    login(user)
    page = client.get(f"/payments/{payment.id}").get_data(as_text=True)
    assert f"/payments/{payment.id}/vietqr.svg" in page and "VietQR" in page
    svg = client.get(f"/payments/{payment.id}/vietqr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    png = client.get(f"/payments/{payment.id}/vietqr.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    text = decode(png.data)
    assert crc_ok(text)
    fields = tlv(text)
    account = tlv(fields["38"])
    beneficiary = tlv(account["01"])
    assert fields["00"] == "01" and fields["01"] == "12"  # dynamic: with an amount
    assert account["00"] == "A000000727" and account["02"] == "QRIBFTTA"
    assert beneficiary == {"00": "970436", "01": "0071001234567"}  # Vietcombank's BIN, the organiser's account
    assert fields["53"] == "704" and fields["58"] == "VN"
    assert int(fields["54"]) == payment.amount == 15_000_000
    assert tlv(fields["62"])["08"] == payment.reference
    assert app.test_client().get(f"/payments/{payment.id}/vietqr.png").status_code == 302  # sign in first


def test_a_tampered_payload_fails_its_crc(app):
    from app.payments import vietqr

    text = vietqr.payload("970418", "12010000123456", 350_000, "GC-2026-000007")
    assert crc_ok(text) and vietqr.parse(text)["amount"] == 350_000
    forged = text.replace("5406350000", "5406950000")
    assert forged != text and not crc_ok(forged)
    with pytest.raises(vietqr.InvalidPayload):
        vietqr.parse(forged)
    with pytest.raises(vietqr.InvalidPayload):
        vietqr.payload("970418", "12010000123456", 0, "GC-2026-000007")


def test_payee_account_is_checked_when_entered(app, login, post_form, booth, make_user):
    from app.payments import payees

    _payment, _user, org_user, organiser = booth
    client = login(org_user)
    r = post_form("/payments/account?lang=en", {"bank": "999999", "account_number": "12-34",
                                                "account_name": "Công ty <script>"},
                  get_path="/payments/account?lang=en", c=client)
    html = unescape(r.get_data(as_text=True))
    assert r.status_code == 422
    assert "Choose the bank from the list." in html and "6 to 19 digits or letters" in html
    assert "as the bank shows it" in html and payees.account(organiser.id) is None
    r = post_form("/payments/account", {"bank": "970415", "account_number": "1080 2222 3333",
                                        "account_name": "  Công ty CP  Hội chợ Xanh "}, c=client)
    assert r.status_code == 302
    row = payees.account(organiser.id)
    assert (row.bank_bin, row.account_number, row.account_name) == ("970415", "108022223333", "CONG TY CP HOI CHO XANH")
    page = client.get("/payments/account").get_data(as_text=True)
    assert "VietinBank" in page and "108022223333" in page
    # the platform's account is for administrators only
    assert client.get("/payments/platform-account").status_code == 403


def test_platform_fees_are_paid_to_the_platform_account(app, client, login, make_user, make_org, post_form):
    from app.fairs import promotions
    from app.permissions import Actor
    from app.payments import services as payments_services

    user = make_user()
    org = make_org("producer", owner=user)
    listing = make_listing(org)
    promo = promotions.buy(Actor.for_user(user), {"listing_id": listing.id, "package": "7d"})
    payment = payments_services.payments_for("promotion", [promo.id])[promo.id]
    login(user)
    html = unescape(client.get(f"/payments/{payment.id}?lang=en").get_data(as_text=True))
    assert "platform's bank account is not set up" in html and "organiser" not in html
    admin = make_user(role="admin")
    admin_client = app.test_client()
    login(admin, admin_client)
    r = post_form("/payments/platform-account", {"bank": "970418", "account_number": "12010000123456",
                                                 "account_name": "Công ty CP Kết Nối Xanh"}, c=admin_client)
    assert r.status_code == 302
    text = decode(client.get(f"/payments/{payment.id}/vietqr.png").data)
    assert tlv(tlv(tlv(text)["38"])["01"]) == {"00": "970418", "01": "12010000123456"}
    assert int(tlv(text)["54"]) == 350_000 and tlv(tlv(text)["62"])["08"] == payment.reference


def test_receipt_pdf_is_built_by_the_job_once_the_money_arrived(app, client, login, booth, post_form, make_user,
                                                                 make_org):
    from pypdf import PdfReader

    from app.payments import receipts, services
    from app.permissions import Actor

    payment, user, org_user, _organiser = booth
    _save_account(org_user)
    login(user)
    assert client.get(f"/payments/{payment.id}/receipt.pdf").status_code == 404  # not paid yet
    services.mark_received(Actor.for_user(org_user), payment.id, {"note": "VCB 30/11"})
    page = client.get(f"/payments/{payment.id}?lang=en").get_data(as_text=True)
    assert "receipt is being prepared" in page  # not built inside the organiser's request
    assert receipts.build_pending() == 1 and receipts.build_pending() == 0
    page = client.get(f"/payments/{payment.id}?lang=en").get_data(as_text=True)
    assert f"/payments/{payment.id}/receipt.pdf" in page
    r = client.get(f"/payments/{payment.id}/receipt.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf" and r.data.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.data)).pages)
    for expected in ("BIÊN NHẬN THANH TOÁN", "Payment receipt", payment.reference, "15.000.000 ₫", "15,000,000 ₫",
                     "Công ty TNHH Tre Việt Đồng Tháp", "0312345678", "Công ty CP Hội chợ Xanh", "0071001234567",
                     "Vietcombank", "Số tiền đã thanh toán", "Amount paid"):
        assert expected in text, expected
    assert "Hạn mức" not in text  # a payment's amount, never a credit "limit" (another domain's wording)
    import re

    paid_at = re.search(r"(\d{2})/(\d{2})/(\d{4}) (\d{2}):(\d{2}) \(UTC\+7\)", text)
    assert paid_at, text  # the receipt's dates are dd/mm/yyyy in Vietnam time
    other = make_user()
    make_org("producer", owner=other)
    assert login(other, app.test_client()).get(f"/payments/{payment.id}/receipt.pdf").status_code == 404
