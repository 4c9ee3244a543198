"""Issue 6 acceptance from a deal: a supplier with an accepted deal compares modes, requests quotes from
two green providers, accepts one, and the deal shows transport and its CO2e (to both parties)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import english, login, logistics_provider

pytest.importorskip("app.catalog.services")


def _deal(make_user, make_org):
    """Bao Bì Xanh (Hà Nội) sells 10 t of bagasse pulp, delivered to Hồ Chí Minh, to Siêu thị Xanh."""
    from app import clock
    from app.catalog.services import create_listing
    from app.permissions import Actor
    from app.sourcing import services

    supplier = english(make_user(email="supplier@example.vn"))
    sorg = make_org("producer", owner=supplier, trade_name="Bao Bì Xanh", province_code="1")
    sa = Actor.for_user(supplier)
    listing = create_listing(sa, {"title": "Bột bã mía", "description": "Bột giấy bã mía cho hộp đựng thực phẩm.",
                                  "category": "packaging.food_containers", "unit": "kg", "moq": 1000,
                                  "origin_province": "1", "price_tiers": [{"min_qty": 1000, "price_vnd": 9000}],
                                  "status": "published"})
    buyer = english(make_user(email="retailer@example.vn"))
    make_org("buyer", owner=buyer, trade_name="Siêu thị Xanh", province_code="79")
    ba = Actor.for_user(buyer)
    rfq = services.create_rfq(ba, {"title": "Bagasse pulp 10 t", "quantity": 10000, "unit": "kg",
                                   "delivery_province": "79", "visibility": "invited", "status": "open",
                                   "closes_on": clock.today() + dt.timedelta(days=10)})
    services.invite_supplier(ba, rfq.id, sorg.id)
    quote = services.submit_quote(sa, rfq.id, {"unit_price_vnd": 9000, "quantity": 10000, "lead_time_days": 7,
                                               "listing_id": listing.id,
                                               "valid_until": (clock.today() + dt.timedelta(days=20)).isoformat()})
    return services.accept_quote(ba, quote.id), supplier, buyer


def test_supplier_arranges_green_transport_from_the_deal(page, browser, live_server, make_user, make_org):
    deal, supplier, buyer = _deal(make_user, make_org)
    rail = logistics_provider(make_user, make_org, "Rail Green", ["rail"])
    coastal = logistics_provider(make_user, make_org, "Coastal Green", ["coastal_container", "road_electric_truck"])

    # 1. the supplier opens the accepted deal and arranges transport: the route comes from the deal
    login(page, supplier.email)
    page.goto("/sourcing/deals")
    page.get_by_role("link", name=re.compile("Bagasse pulp 10 t")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Deal between Siêu thị Xanh and Bao Bì Xanh")
    section = page.locator("section.deal-transport")
    expect(section).to_contain_text("No transport quote for this deal yet.")
    expect(section.get_by_label("Weight of the goods (kg)")).to_have_count(0)  # 10,000 kg: known from the deal
    deal_url = page.url
    section.get_by_role("button", name="Arrange transport").click()

    # 2. compare modes: Hà Nội → Hồ Chí Minh, 10 t
    expect(page.get_by_role("heading", level=1)).to_have_text("Hà Nội → Hồ Chí Minh")
    compare = page.locator("table.co2-compare")
    # 10 t × 1143.35 km × 1.51 × 34.7 g = 599 kg by rail; × 1.3 × 95.0 g = 1.41 t by articulated truck
    expect(compare.locator("tr[data-class='rail'] td.co2e")).to_contain_text("599 kg")
    expect(compare.locator("tr[data-class='road_diesel_artic'] td.co2e")).to_contain_text("1.41 t")
    shipment_url = page.url

    # 3. ask both green providers for a quote
    page.get_by_label("Ask Rail Green for a quote").check()
    page.get_by_label("Ask Coastal Green for a quote").check()
    page.get_by_role("button", name="Request quotes").click()
    expect(page.get_by_role("status")).to_contain_text("Quote requests sent to 2 providers")

    # 4. each provider answers
    for user, cls, price, days, co2 in ((rail, "Freight train", "38000000", "3.5", "580"),
                                        (coastal, "Coastal container vessel (feeder, under 1,000 TEU)", "33000000", "5", "660")):
        ctx = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
        p = ctx.new_page()
        login(p, user.email)
        p.get_by_role("link", name="Transport requests").first.click()
        p.get_by_role("link", name="Bao Bì Xanh").click()
        p.get_by_label("Vehicle / vessel class").select_option(label=cls)
        p.get_by_label("Price (₫)").fill(price)
        p.get_by_label("Transit time (days)").fill(days)
        p.get_by_label("CO2e you commit to (kg)").fill(co2)
        p.get_by_role("button", name="Send quote").click()
        expect(p.get_by_role("status")).to_contain_text("Your quote was sent")
        ctx.close()

    # 5. the supplier accepts the rail quote
    page.goto(shipment_url)
    page.get_by_role("button", name="Accept the quote of Rail Green").click()
    expect(page.get_by_role("status")).to_contain_text("Transport accepted")

    # 6. the deal shows the transport and its CO2e, to the supplier and to the buyer
    page.get_by_role("link", name=f"Deal #{deal.id}").click()
    expect(page).to_have_url(re.compile(re.escape(deal_url.split("?")[0])))
    for pg in (page, None):
        if pg is None:
            ctx = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
            pg = ctx.new_page()
            login(pg, buyer.email)
            pg.goto(deal_url)
        section = pg.locator("section.deal-transport")
        expect(section.locator(".transport-provider")).to_have_text("Rail Green")
        expect(section.locator(".transport-price")).to_contain_text(re.compile(r"38,000,000 ₫"))
        expect(section.locator(".transport-transit")).to_have_text("3.5 days")
        expect(section.locator(".transport-co2e-committed")).to_have_text("580 kg")
        expect(section.locator(".transport-co2e-estimated")).to_have_text("599 kg")
        expect(section.get_by_role("button", name="Arrange transport")).to_have_count(0)
    ctx.close()
