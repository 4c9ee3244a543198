"""Producer lists a product with a photo and an evidence-backed claim → verifier verifies it → the public
page shows the verified badge; once the certificate's validity date has passed the badge shows expired."""
from __future__ import annotations

import datetime as dt
import io

from PIL import Image
from playwright.sync_api import expect

from app import clock
from app.labels.evidence import make_pdf
from tests.conftest import PASSWORD


def _sign_in(page, email):
    page.goto("/account/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/dashboard")


def test_listing_claim_verify_badge_then_expired(page, browser, live_server, app, make_user, make_org, tmp_path):
    producer = make_user(email="tre-xanh@example.vn")
    org = make_org("producer", owner=producer, legal_name="Công ty TNHH Ống hút Tre Thanh Hoá", province_code="38")
    verifier = make_user(email="tham-dinh@example.vn", role="verifier")
    photo = tmp_path / "ong-hut-tre.png"
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (120, 170, 90)).save(buf, "PNG")
    photo.write_bytes(buf.getvalue())
    evidence = tmp_path / "giay-chung-nhan.pdf"
    evidence.write_bytes(make_pdf(["Giay chung nhan Nhan sinh thai Viet Nam", "So: 123/QD-BNNMT"]))

    # 1. The producer creates a draft listing with a photo.
    _sign_in(page, producer.email)
    page.goto("/my/listings/new")
    page.locator("#title").fill("Ống hút tre tự nhiên 20 cm")
    page.locator("#category").select_option("packaging.straws")
    page.locator("#material").fill("tre tầm vông")
    page.locator("#origin_province").select_option("38")
    page.locator("#unit").select_option("piece")
    page.locator("#moq").fill("1000")
    page.locator("#tier_qty_1").fill("1000")
    page.locator("#tier_price_1").fill("1.200")
    page.locator("#description").fill("Ống hút tre luộc, sấy khô, không hoá chất, tái sử dụng được.")
    page.locator("#photo").set_input_files(str(photo))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/my/listings/*/edit")
    listing_id = int(page.url.split("/my/listings/")[1].split("/")[0])
    expect(page.locator(".photo-grid img")).to_have_count(1)

    # 2. …adds a claim with its certificate as evidence…
    page.locator(f'a[href="/my/listings/{listing_id}/claims/new"]').click()
    today = clock.today()
    page.locator("#label").select_option("vn-ecolabel")
    page.locator("#certificate_number").fill("123/QĐ-BNNMT")
    page.locator("#valid_from").fill((today - dt.timedelta(days=30)).isoformat())
    page.locator("#valid_until").fill((today + dt.timedelta(days=60)).isoformat())
    page.locator("#evidence").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi thẩm định").click()
    page.wait_for_url(f"**/my/listings/{listing_id}/edit*")
    expect(page.locator('[data-claim-status="submitted"]')).to_be_visible()

    # 3. …and publishes it. The public page shows the claim as pending, not verified.
    page.locator('button[value="published"]').click()
    expect(page.locator('[data-listing-status="published"]')).to_be_visible()
    public = browser.new_context(base_url=live_server, locale="vi-VN").new_page()
    public.goto(f"/listings/{listing_id}")
    expect(public.get_by_role("heading", level=1)).to_have_text("Ống hút tre tự nhiên 20 cm")
    expect(public.locator('[data-claim-status="submitted"]')).to_be_visible()
    expect(public.locator('[data-claim-status="verified"]')).to_have_count(0)

    # 4. The verifier opens the queue, views the evidence and verifies.
    page.context.clear_cookies()
    _sign_in(page, verifier.email)
    page.goto("/verify")
    page.locator("table a", has_text="Nhãn sinh thái Việt Nam").first.click()
    expect(page.locator(".evidence-viewer a[download]")).to_be_visible()  # evidence is only ever downloaded
    page.locator('form[action$="/verify"] button[type=submit]').click()
    page.wait_for_url("**/verify")

    # 5. The public page now shows the verified badge.
    public.reload()
    expect(public.locator('[data-claim-status="verified"]')).to_be_visible()
    expect(public.locator(".badge-verified")).to_contain_text("Đã xác minh")

    # 6. After the validity date the badge shows expired (computed from the date; no job needed).
    clock.advance(dt.timedelta(days=61))
    public.reload()
    expect(public.locator('[data-claim-status="expired"]')).to_be_visible()
    expect(public.locator('[data-claim-status="verified"]')).to_have_count(0)
    public.context.close()
