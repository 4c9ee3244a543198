"""Issue 19 item 3 end to end: a business posts a financing need for a green project and sees the offers that
fit with a reason per criterion; the bank signs in, finds the shared need among those that fit its offers and
answers it in a lead conversation."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login


@pytest.fixture()
def people(app, make_user, make_org):
    from app.finance import services
    from app.permissions import Actor

    bank_user = make_user(email="tin-dung@nganhangmattroi.vn", name="Cán bộ Tín dụng")
    make_org("finance", owner=bank_user, legal_name="Ngân hàng TMCP Mặt Trời", province_code="1")
    services.create_offer(Actor.for_user(bank_user), {
        "title": "Tín dụng xanh điện mặt trời áp mái", "title_en": "Green credit for rooftop solar",
        "product_type": "green_loan", "purposes": ["renewable_energy"], "project_types": ["T21.EN.02"],
        "amount_min": 500_000_000, "amount_max": 20_000_000_000, "tenor_min_months": 12, "tenor_max_months": 96,
        "documents_required": ["environmental_permit"], "publish": True})
    services.create_offer(Actor.for_user(bank_user), {
        "title": "Tín dụng điện gió", "title_en": "Wind power credit", "product_type": "green_loan",
        "purposes": ["renewable_energy"], "project_types": ["T21.EN.01"], "publish": True})
    producer_user = make_user(email="giam-doc@trexanh.vn", name="Giám đốc")
    make_org("producer", owner=producer_user, legal_name="Công ty TNHH Tre Xanh Thanh Hoá", province_code="38",
             sectors=["handicrafts"], size="small", founded_year=2015)
    return bank_user, producer_user


def test_business_posts_a_need_sees_fitting_offers_and_the_bank_sees_and_answers_it(page, browser, live_server,
                                                                                    people):
    bank_user, producer_user = people
    login(page, producer_user.email)
    page.goto("/dashboard?lang=en")
    page.get_by_role("navigation", name="Your workspace").get_by_role("link", name="Financing needs").click()
    expect(page.get_by_text("No financing needs yet.")).to_be_visible()
    page.locator("main").get_by_role("link", name="Post a financing need").first.click()
    page.get_by_label("Project", exact=True).fill("Rooftop solar 250 kWp")
    page.get_by_label("Amount needed (₫)").fill("1,800,000,000")
    page.get_by_label("Repayment period (months)").fill("60")
    page.get_by_label("Purpose of the financing").select_option("renewable_energy")
    page.get_by_label("Project type (national green taxonomy)").select_option("T21.EN.02")
    page.get_by_label("Environmental document").select_option("environmental_registration")
    page.get_by_label("Document number").fill("45/GXN-UBND")
    page.get_by_label("Date issued").fill("2025-09-01")
    page.get_by_label("Issuing agency").fill("UBND xã Hoằng Hoá")
    page.get_by_label("Share this need").check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Rooftop solar 250 kWp")
    expect(page.locator("main")).to_contain_text("1,800,000,000 ₫")
    solar = page.locator("article.fin-match").filter(has_text="Green credit for rooftop solar")
    expect(solar.locator('[data-criterion="project_type"].fin-met')).to_contain_text("Solar power generation")
    expect(solar.locator('[data-criterion="amount"].fin-met')).to_be_visible()
    expect(solar.locator('[data-criterion="evidence"].fin-met')).to_contain_text("45/GXN-UBND")
    expect(page.locator("article.fin-match").filter(has_text="Wind power credit")).to_have_count(0)  # does not fit
    page.get_by_role("link", name="Show all offers with their reasons").click()
    wind = page.locator("article.fin-match").filter(has_text="Wind power credit")
    expect(wind.locator('[data-criterion="project_type"].fin-unmet')).to_contain_text("Wind power generation")

    bank_ctx = browser.new_context(base_url=live_server, locale="vi-VN")
    bank_ctx.set_default_timeout(10_000)
    b = bank_ctx.new_page()
    login(b, bank_user.email)
    b.goto("/dashboard?lang=en")
    b.get_by_role("navigation", name="Your workspace").get_by_role("link", name="Needs that fit").click()
    card = b.locator("article.fin-match").filter(has_text="Rooftop solar 250 kWp")
    expect(card).to_contain_text("Công ty TNHH Tre Xanh Thanh Hoá")
    card.get_by_role("link", name="Rooftop solar 250 kWp").click()
    expect(b.locator('[data-criterion="project_type"].fin-met')).to_be_visible()
    b.get_by_label("Message to the business").fill("Please send your financial statements.")
    b.get_by_role("button", name="Send and open a lead").click()
    expect(b.locator("main")).to_contain_text("Please send your financial statements.")
    bank_ctx.close()
