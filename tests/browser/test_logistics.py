"""A supplier compares transport modes for a shipment, requests quotes from two green providers, the
providers answer, the supplier accepts one and the shipment page shows the transport and its CO2e."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.helpers import english, login, logistics_provider


def test_supplier_compares_requests_and_accepts_green_transport(page, browser, live_server, make_user, make_org):
    supplier = english(make_user(email="supplier@example.vn"))
    make_org("producer", owner=supplier, trade_name="Bao Bì Xanh")
    rail = logistics_provider(make_user, make_org, "Rail Green", ["rail"])
    barge = logistics_provider(make_user, make_org, "Coastal Green", ["coastal_container", "road_electric_truck"])

    # 1. the supplier creates a shipment and compares modes
    login(page, supplier.email)
    page.get_by_role("link", name="Shipments").first.click()
    page.get_by_label("From (province)").select_option(label="Hà Nội")
    page.get_by_label("To (province)").select_option(label="Hồ Chí Minh")
    page.get_by_label("Weight (kg)").fill("10000")
    page.get_by_label("Reference (order, deal or RFQ)").fill("Order 42")
    page.get_by_role("button", name="Compare modes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hà Nội → Hồ Chí Minh")
    compare = page.locator("table.co2-compare")
    # 10 t × 1143.35 km × 1.51 × 34.7 g = 599 kg by rail; × 1.3 × 95.0 g = 1.41 t by articulated truck
    expect(compare.locator("tr[data-class='rail'] td.co2e")).to_contain_text("599 kg")
    expect(compare.locator("tr[data-class='road_diesel_artic'] td.co2e")).to_contain_text("1.41 t")
    expect(compare.locator("tr[data-class='inland_barge']")).to_contain_text("no default factor")
    shipment_url = page.url

    # 2. ask both green providers for a quote
    page.get_by_label("Ask Rail Green for a quote").check()
    page.get_by_label("Ask Coastal Green for a quote").check()
    page.get_by_role("button", name="Request quotes").click()
    expect(page.get_by_role("status")).to_contain_text("Quote requests sent to 2 providers")

    # 3. each provider answers
    for user, cls, price, days, co2 in ((rail, "Freight train", "38000000", "3.5", "580"),
                                        (barge, "Coastal container vessel (feeder, under 1,000 TEU)", "33000000", "5", "660")):
        ctx = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
        p = ctx.new_page()
        login(p, user.email)
        p.get_by_role("link", name="Transport requests").first.click()
        p.get_by_role("link", name="Bao Bì Xanh").click()
        expect(p.locator("table.co2-compare")).to_be_visible()
        p.get_by_label("Vehicle / vessel class").select_option(label=cls)
        p.get_by_label("Price (₫)").fill(price)
        p.get_by_label("Transit time (days)").fill(days)
        p.get_by_label("CO2e you commit to (kg)").fill(co2)
        p.get_by_role("button", name="Send quote").click()
        expect(p.get_by_role("status")).to_contain_text("Your quote was sent")
        ctx.close()

    # 4. the supplier accepts the rail quote; the shipment shows the transport and its CO2e
    page.goto(shipment_url)
    quotes = page.locator("table.quotes")
    expect(quotes.locator("tr[data-provider='Rail Green']")).to_contain_text("580 kg")
    expect(quotes.locator("tr[data-provider='Coastal Green']")).to_contain_text("660 kg")
    page.get_by_role("button", name="Accept the quote of Rail Green").click()
    expect(page.get_by_role("status")).to_contain_text("Transport accepted")
    accepted = page.locator("section.accepted-transport")
    expect(accepted).to_contain_text("Rail Green")
    expect(accepted).to_contain_text("Freight train")
    expect(accepted).to_contain_text("580 kg")  # committed by the provider
    expect(accepted).to_contain_text("599 kg")  # GreenConnect's estimate
    expect(accepted).to_contain_text(re.compile(r"38,000,000 ₫"))
    expect(quotes.locator("tr[data-provider='Coastal Green']")).to_contain_text("Closed")
