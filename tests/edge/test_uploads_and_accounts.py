"""Issue 13.9: uploads capped in pixels and re-encoded, evidence only ever downloaded; registration that
does not reveal accounts; webhook timestamps checked both ways; per-account login throttling."""
from __future__ import annotations

import hashlib
import hmac
import io
import json
import time

import pytest
from PIL import Image

from app.extensions import db
from tests.catalog.conftest import pdf_bytes, png_bytes
from tests.conftest import PASSWORD


def _upload(data: bytes, name: str):
    from werkzeug.datastructures import FileStorage

    return FileStorage(io.BytesIO(data), filename=name)


def _big_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG", optimize=True)
    return out.getvalue()


def test_images_are_capped_in_pixels_before_decoding(app):
    from app import uploads
    from app.errors import ValidationFailed

    bomb = _big_png(12_000, 6_000)  # 72 megapixels in a few kilobytes
    assert len(bomb) < 200_000
    for store in (lambda: uploads.store_image(_upload(bomb, "a.png"), "t"),
                  lambda: uploads.store_document(_upload(bomb, "a.png"), "t")):
        with pytest.raises(ValidationFailed) as err:
            store()
        assert "24" in str(err.value.fields)  # "at most 24 megapixels"
    ok = uploads.store_image(_upload(png_bytes((2000, 1000)), "ok.png"), "t")
    assert ok.mime == "image/jpeg"


def test_evidence_polyglots_are_neutralised(app):
    from app import uploads

    html = b"<html><script>alert(document.domain)</script></html>"
    pdf = pdf_bytes() + html  # a PDF that is also an HTML page
    stored = uploads.store_document(_upload(pdf, "certificate.html"), "t")
    body = uploads.absolute_path(stored.path).read_bytes()
    assert stored.mime == "application/pdf" and stored.path.endswith(".pdf")
    assert b"<script>" not in body and body.rstrip().endswith(b"%%EOF")
    png = png_bytes() + html  # an image with a payload after its end
    stored = uploads.store_document(_upload(png, "x.png"), "t")
    assert b"<script>" not in uploads.absolute_path(stored.path).read_bytes()
    assert uploads.download_name("certificate.html", "application/pdf") == "certificate.pdf"
    assert uploads.download_name("..\\..\\evil.svg", "image/png") == "evil.png"


def test_evidence_is_served_only_as_an_attachment(app, client, make_user, make_org, login, actor_for, token_for):
    from app.labels import services as labels
    from app.labels.evidence import as_upload

    owner = make_user()
    org = make_org("producer", owner=owner)
    import datetime as dt

    from app import clock

    today = clock.today()
    data = {"label": "vietgap", "certificate_number": "VG-2025-0001", "issuer": "Bộ Nông nghiệp và Môi trường",
            "valid_from": (today - dt.timedelta(days=30)).isoformat(),
            "valid_until": (today + dt.timedelta(days=365)).isoformat()}
    claim = labels.submit_claim(actor_for(owner), org.id, data, as_upload(pdf_bytes(), "giay-chung-nhan.html"))
    verifier = make_user(role="verifier")
    for c, headers in ((login(verifier, app.test_client()), None), (client, token_for(verifier))):
        url = f"/claims/{claim.id}/evidence" if headers is None else f"/api/v1/claims/{claim.id}/evidence"
        r = c.get(url, headers=headers)
        assert r.status_code == 200
        assert r.headers["Content-Type"] == "application/pdf"
        assert r.headers["Content-Disposition"].startswith("attachment;")
        assert "giay-chung-nhan.pdf" in r.headers["Content-Disposition"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in r.headers["Content-Security-Policy"]


def test_registration_does_not_reveal_existing_accounts(client, make_user, post_form, outbox):
    from app.accounts.models import User

    make_user(email="taken@example.vn", name="Chủ tài khoản")
    new = client.post("/api/v1/auth/register", json={"email": "new@example.vn", "password": PASSWORD})
    taken = client.post("/api/v1/auth/register", json={"email": "Taken@Example.vn", "password": PASSWORD})
    assert new.status_code == taken.status_code == 202
    assert set(new.json) == set(taken.json) == {"email", "status"}
    assert taken.json == {"email": "taken@example.vn", "status": "check_email"}
    page = post_form("/account/register", {"email": "taken@example.vn", "password": PASSWORD, "confirm": PASSWORD})
    assert page.status_code == 200 and "taken@example.vn" in page.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 2
    [confirm] = outbox("new@example.vn")
    notices = outbox("taken@example.vn")
    assert len(notices) == 2 and "/account/confirm/" not in notices[0].as_string()
    assert "/account/forgot" in notices[0].get_body(preferencelist=("plain",)).get_content()
    weak = client.post("/api/v1/auth/register", json={"email": "taken@example.vn", "password": "short"})
    assert weak.status_code == 422  # input problems are still reported: they reveal nothing


def _signed(app, payload: bytes, at: int) -> str:
    secret = app.config["STRIPE_WEBHOOK_SECRET"]
    sig = hmac.new(secret.encode(), f"{at}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={at},v1={sig}"


@pytest.mark.parametrize("offset, accepted", [(0, True), (-60, True), (250, True), (400, False), (-400, False),
                                              (10**6, False)])
def test_webhook_timestamps_are_checked_in_both_directions(app, client, offset, accepted):
    app.config["STRIPE_WEBHOOK_SECRET"] = "whsec_test_tolerance"
    try:
        payload = json.dumps({"id": f"evt_{offset}", "object": "event", "type": "ping.unknown", "data": {"object": {}}}).encode()
        r = client.post("/payments/stripe/webhook", data=payload, content_type="application/json",
                        headers={"Stripe-Signature": _signed(app, payload, int(time.time()) + offset)})
        assert (r.status_code == 200) == accepted, (offset, r.status_code, r.get_data(as_text=True))
        if not accepted:
            assert r.status_code == 400
    finally:
        app.config["STRIPE_WEBHOOK_SECRET"] = ""


def test_login_is_throttled_per_account_across_addresses(app, client, make_user, post_form):
    from app.extensions import limiter

    make_user(email="victim@example.vn")
    limit = int(app.config["LOGIN_ACCOUNT_RATE_LIMIT"].split()[0])
    statuses = []
    for i in range(limit + 1):  # each attempt from a different address: the per-address limit never trips
        r = client.post("/api/v1/auth/tokens", json={"email": "victim@example.vn", "password": f"wrong-{i}"},
                        environ_base={"REMOTE_ADDR": f"10.0.{i // 200}.{i % 200 + 1}"})
        statuses.append(r.status_code)
    assert statuses[:limit] == [401] * limit and statuses[-1] == 429
    # the form is limited on the same account key; another account is not affected
    r = post_form("/account/login", {"email": "victim@example.vn", "password": PASSWORD})
    assert r.status_code == 429
    make_user(email="other@example.vn")
    assert client.post("/api/v1/auth/tokens", json={"email": "other@example.vn", "password": PASSWORD},
                       environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 201
    limiter.reset()


def test_login_limits_live_in_the_shared_store(app):
    """With RATELIMIT_STORAGE_URI=redis://… every worker counts in the same keys; the key functions are
    what make that work: one key per address and one per normalised account."""
    from app.accounts.views import login_account_key

    with app.test_request_context("/account/login", method="POST", data={"email": " Victim@Example.VN "}):
        assert login_account_key() == "login-account:victim@example.vn"
    with app.test_request_context("/api/v1/auth/tokens", method="POST", json={"email": "VICTIM@example.vn"}):
        assert login_account_key() == "login-account:victim@example.vn"
    with app.test_request_context("/api/v1/auth/tokens", method="POST", data="[" * 100_000,
                                  content_type="application/json"):
        assert login_account_key() == "login-account:-"  # never parses hostile bodies unsafely
