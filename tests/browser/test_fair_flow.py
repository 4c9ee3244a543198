"""Organiser creates a fair → producer applies with two listings and pays the booth fee (bank
transfer reference, confirmed by the organiser) → organiser approves → the public fair page lists the
exhibitor → a buyer requests a B2B meeting, the exhibitor accepts it, and the buyer gets the .ics link."""
from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.fairs.conftest import make_listing


def _sign_in(page, email):
    page.goto("/account/login?lang=en")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.locator("main")).to_be_visible()


def _en(path: str) -> str:
    return path + ("&" if "?" in path else "?") + "lang=en"


def _sign_out(page):
    page.locator("header").get_by_role("button", name="Sign out").click()


def test_fair_apply_pay_approve_meet(page, live_server, app, make_user, make_org):
    from app import clock

    organiser = make_user(email="btc@example.vn")
    make_org("fair_organiser", owner=organiser, legal_name="Công ty CP Hội chợ Xanh")
    producer = make_user(email="nsx@example.vn")
    producer_org = make_org("producer", owner=producer, legal_name="Công ty TNHH Tre Xanh", trade_name="Tre Xanh")
    make_listing(producer_org, title="Ống hút tre Thanh Hoá")
    make_listing(producer_org, title="Hộp bã mía 500 ml", category="packaging.food_containers")
    buyer = make_user(email="mua@example.vn")
    make_org("buyer", owner=buyer, legal_name="Siêu thị Xanh")
    today = clock.today()
    first_day = today + dt.timedelta(days=30)

    # 1. The organiser creates the fair.
    _sign_in(page, "btc@example.vn")
    page.goto("/fairs/new?lang=en")
    page.get_by_label("Name (Vietnamese)").fill("Hội chợ Sản phẩm Xanh Việt Nam 2026")
    page.get_by_label("First day").fill(first_day.isoformat())
    page.get_by_label("Last day").fill((first_day + dt.timedelta(days=2)).isoformat())
    page.get_by_label("Venue").fill("SECC, 799 Nguyễn Văn Linh")
    page.get_by_label("Province / city").select_option("79")
    page.get_by_label("Application deadline (Vietnam time)").fill(f"{(today + dt.timedelta(days=20)).isoformat()}T17:00")
    page.get_by_label("Has a green zone").check()
    page.get_by_label("Booth type 1: name").fill("Gian khu xanh 9 m²")
    page.get_by_label("Booth type 1: price (VND)").fill("15000000")
    page.get_by_label("Booth type 1: number of booths").fill("10")
    page.get_by_role("button", name="Publish the fair").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications")
    fair_path = page.get_by_role("link", name="Public page").get_attribute("href")
    _sign_out(page)

    # 2. The producer applies with two listings; the booth fee page shows the bank-transfer reference.
    _sign_in(page, "nsx@example.vn")
    page.goto(_en(fair_path))
    page.get_by_role("link", name="Apply for a booth").click()
    page.get_by_label("Gian khu xanh 9 m²", exact=False).check()
    page.get_by_label("Ống hút tre Thanh Hoá").check()
    page.get_by_label("Hộp bã mía 500 ml").check()
    page.get_by_role("button", name="Send application").click()
    expect(page.locator(".amount")).to_have_text("15,000,000 ₫")  # the page is in English
    reference = page.locator("[data-field=reference]").inner_text()
    assert reference.startswith("GC-")
    _sign_out(page)

    # 3. The organiser marks the transfer received and approves the application.
    _sign_in(page, "btc@example.vn")
    page.goto(_en(fair_path.rstrip("/") + "/manage"))
    row = page.locator("tr", has_text="Tre Xanh")
    row.get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Mark as received").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Has this transfer arrived?")
    page.get_by_role("button", name="Yes, the money has arrived").click()
    expect(page.locator(".badge-payment-succeeded").first).to_be_visible()
    page.goto(_en(fair_path.rstrip("/") + "/manage"))
    row = page.locator("tr", has_text="Tre Xanh")
    row.get_by_label("Decision").select_option("approve")
    row.get_by_role("button", name="Save decision").click()
    expect(page.locator("tr", has_text="Tre Xanh")).to_contain_text("A-01")
    _sign_out(page)

    # 4. The public fair page lists the exhibitor; the exhibitor offers a meeting slot.
    page.goto(_en(fair_path))
    expect(page.locator(".exhibitors")).to_contain_text("Tre Xanh")
    _sign_in(page, "nsx@example.vn")
    page.goto(_en(fair_path))
    page.locator(".exhibitors").get_by_role("link", name="Tre Xanh").click()
    page.get_by_label("Start (Vietnam time)").fill(f"{first_day.isoformat()}T10:00")
    page.get_by_role("button", name="Add slot").click()
    expect(page.locator(".slots")).to_contain_text("10:00")
    exhibitor_url = page.url.split("?")[0]
    _sign_out(page)

    # 5. A buyer books the slot and gets a calendar file.
    _sign_in(page, "mua@example.vn")
    page.goto(_en(exhibitor_url))
    page.get_by_role("button", name="Request this meeting").click()
    expect(page.locator(".meetings")).to_contain_text("10:00")
    expect(page.locator(".meetings")).to_contain_text("Waiting for the exhibitor to accept")
    expect(page.locator(".meetings")).to_contain_text("Tre Xanh")  # the counterpart, the fair and the place
    _sign_out(page)

    # 6. The exhibitor accepts the request; the buyer's meeting is confirmed.
    _sign_in(page, "nsx@example.vn")
    page.goto(_en(exhibitor_url))
    page.locator(".meetings .meeting").first.get_by_role("button", name="Accept").click()
    expect(page.locator(".meetings")).to_contain_text("Confirmed")
    _sign_out(page)
    _sign_in(page, "mua@example.vn")
    page.goto("/fairs/my?lang=en")
    expect(page.locator(".meetings")).to_contain_text("Confirmed")
    ics = page.get_by_role("link", name="Add to calendar (.ics)").get_attribute("href")
    body = page.request.get(ics).text()
    assert "BEGIN:VEVENT" in body and "DTSTART:" in body
