"""A visitor searches without accents and with a word no listing has (`tui phan huy sinh hoc`), sees the
relaxed results and the message saying so, opens a listing, presses "Request a quote", signs in, comes
back to the prefilled inquiry and sends it; the supplier sees it (notification and inbox), answers in the
conversation and with a quote; both see the thread. In Vietnamese, without relying on JavaScript."""
from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def _supplier(make_user, make_org):
    from app.catalog.services import create_listing
    from app.permissions import Actor

    user = make_user(email="hop-xanh@example.vn")
    make_org("producer", owner=user, trade_name="Hộp Xanh Sài Gòn", province_code="79")
    actor = Actor.for_user(user)
    cup = create_listing(actor, {  # no listing says "túi" (nor a word one letter away from it)
        "title": "Ly giấy phân huỷ sinh học 350 ml", "category": "packaging.cups", "unit": "piece",
        "description": "Ly giấy tráng PLA, phân huỷ sinh học trong 90 ngày, chịu nhiệt.", "moq": 1000,
        "origin_province": "79", "price_tiers": [{"min_qty": 1000, "price_vnd": 1800}], "status": "published"})
    create_listing(actor, {
        "title": "Ống hút giấy phân hủy sinh học", "category": "packaging.straws", "unit": "piece",
        "description": "Ống hút giấy kraft, phân hủy sinh học, không dùng keo hoá chất.", "moq": 5000,
        "origin_province": "79", "price_tiers": [{"min_qty": 5000, "price_vnd": 250}], "status": "published"})
    return user, cup


def _sign_in_here(page, email):
    """Fill the sign-in form the site sent us to (its `next` brings us back)."""
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()


def test_visitor_finds_relaxed_results_asks_for_a_quote_and_the_supplier_answers(page, browser, live_server, app,
                                                                                 make_user, make_org):
    from app.indexing import Indexer

    supplier, cup = _supplier(make_user, make_org)
    buyer = make_user(email="mua-hang@example.vn", name="Chị Lan")
    make_org("buyer", owner=buyer, trade_name="Chuỗi Cà Phê Hạt Mộc", province_code="1")
    with Indexer(app, wait=True, wait_timeout=30) as ix:
        ix.drain()

    # a visitor searches; no listing has "túi": relaxed results, and the page says so
    page.goto("/search?q=tui+phan+huy+sinh+hoc")
    relaxed = page.locator(".search-relaxed")
    expect(relaxed).to_be_visible()
    expect(relaxed).to_contain_text("tui")
    result = page.locator("article.result h2 a", has_text="Ly giấy phân huỷ sinh học 350 ml")
    expect(result).to_be_visible()
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ly giấy phân huỷ sinh học 350 ml")

    # "Request a quote": sign in first, then back to the same form, prefilled from the listing
    page.get_by_role("link", name="Yêu cầu báo giá").click()
    expect(page).to_have_url(re.compile(r"/account/login\?next="))
    _sign_in_here(page, buyer.email)
    expect(page).to_have_url(re.compile(rf"/sourcing/inquiries/new\?listing={cup.id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Yêu cầu báo giá")
    expect(page.get_by_label("Số lượng")).to_have_value("1000")
    expect(page.locator("#delivery_province")).to_have_value(re.compile(r"^0?1$"))  # Hà Nội, the buyer's province
    expect(page.locator(".facts")).to_contain_text("1.000")  # the minimum order, as Vietnamese writes it
    page.get_by_label("Số lượng").fill("20.000")
    page.get_by_label("Lời nhắn cho nhà cung cấp").fill("Chúng tôi cần 20.000 ly mỗi tháng, giao Hà Nội.")
    page.locator("main form").get_by_role("button", name="Gửi yêu cầu báo giá").click()
    expect(page.locator(".flash, .alert-success").filter(has_text="Đã gửi yêu cầu báo giá")).to_be_visible()
    expect(page.get_by_text("Yêu cầu báo giá trực tiếp")).to_be_visible()
    inquiry_url = page.url

    # the supplier sees it: a notification and the conversation in its inbox; it answers there and quotes
    ctx = browser.new_context(base_url=live_server, locale="vi-VN")
    sp = ctx.new_page()
    sp.goto("/account/login")
    _sign_in_here(sp, supplier.email)
    sp.goto("/notifications")
    expect(sp.get_by_text("Yêu cầu báo giá từ Chuỗi Cà Phê Hạt Mộc", exact=False)).to_be_visible()
    sp.goto("/messages")
    sp.get_by_role("link", name="Chuỗi Cà Phê Hạt Mộc").click()
    expect(sp.get_by_text("Chúng tôi cần 20.000 ly mỗi tháng, giao Hà Nội.")).to_be_visible()
    sp.locator("#body").fill("Chào chị Lan, bên em gửi báo giá 1.650 ₫/ly ngay ạ.")
    sp.locator("main form button[type=submit]").click()
    expect(sp.get_by_text("Chào chị Lan, bên em gửi báo giá 1.650 ₫/ly ngay ạ.")).to_be_visible()
    sp.goto(inquiry_url)
    sp.get_by_role("link", name="Gửi báo giá").click()
    sp.locator("#unit_price_vnd").fill("1.650")
    sp.locator("#lead_time_days").fill("10")
    sp.locator("#valid_until").fill((dt.date.today() + dt.timedelta(days=30)).isoformat())
    sp.locator("main form button[type=submit]").click()
    expect(sp.locator(".flash, .alert-success").filter(has_text="Chuỗi Cà Phê Hạt Mộc")).to_be_visible()
    ctx.close()

    # the buyer sees the answer: the thread with both messages, and the quote
    page.goto("/messages")
    page.get_by_role("link", name="Hộp Xanh Sài Gòn").click()
    expect(page.get_by_text("Chúng tôi cần 20.000 ly mỗi tháng, giao Hà Nội.")).to_be_visible()
    expect(page.get_by_text("Chào chị Lan, bên em gửi báo giá 1.650 ₫/ly ngay ạ.")).to_be_visible()
    page.goto(inquiry_url + "/quotes")
    expect(page.locator("table.quote-compare tbody tr")).to_have_count(1)
    expect(page.locator("table.quote-compare")).to_contain_text("1.650")


def test_buyer_buttons_and_forms_fit_a_phone(page, app, make_user, make_org):
    """At 390 × 844 the listing's buttons, the inquiry form, the inbox and the Saved page need no sideways scrolling."""
    from app.sourcing import services
    from app.permissions import Actor

    supplier, cup = _supplier(make_user, make_org)
    buyer = make_user(email="mua-dien-thoai@example.vn")
    org = make_org("buyer", owner=buyer, province_code="1")
    services.create_rfq(Actor.for_user(buyer), {"title": "Ly giấy 350 ml cho chuỗi cà phê ở Hà Nội", "quantity": 50000,
                                                "unit": "piece", "delivery_province": "1",
                                                "closes_on": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
                                                "status": "open"})
    services.save_listing(Actor.for_user(buyer), cup.id)
    services.message_supplier(Actor.for_user(buyer), cup.organisation_id, {"body": "Chào anh chị"})
    assert org.id
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/account/login")
    _sign_in_here(page, buyer.email)
    for path in (f"/listings/{cup.id}", f"/sourcing/inquiries/new?listing={cup.id}", "/messages", "/saved",
                 f"/producers/{cup.organisation_id}"):
        page.goto(path)
        wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, f"{path} is {wide}px wider than the phone"
    page.goto(f"/listings/{cup.id}")
    expect(page.get_by_role("link", name="Yêu cầu báo giá")).to_be_visible()
