"""Issue 18 acceptance: a recycler lists PET flakes and records a lot of them → a bottle maker buys them through
a deal → the recycler ships the lot under the deal → the bottle maker records a lot of bottles with that input
→ the QR code on the lot's page decodes to its GS1 Digital Link → opening it shows the chain, the
certifications valid on the production date, the transport CO2e and the footprint with its sources; a lot
claiming more recycled content than its inputs cover shows the shortfall and no badge."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from playwright.sync_api import expect

from app import clock
from app.labels.evidence import make_pdf
from tests.browser.helpers import english, login

zxingcpp = pytest.importorskip("zxingcpp")


def _services_setup(make_user, make_org):
    """People, the bottle listing with its composition and GTIN, and the bottle maker's certificates."""
    from app.catalog.services import create_listing
    from app.labels import services as labels
    from app.logistics.services import save_profile
    from app.permissions import Actor
    from app.trace.services import profiles
    from tests.trace.conftest import pdf

    recycler = english(make_user(email="recycler@example.vn"))
    make_org("producer", owner=recycler, trade_name="Tái Chế Xanh", province_code="75")
    maker = english(make_user(email="bottles@example.vn"))
    morg = make_org("producer", owner=maker, trade_name="Chai Xanh", province_code="79")
    ma = Actor.for_user(maker)
    bottles = create_listing(ma, {"title": "Chai PET 500 ml", "title_en": "500 ml PET bottle",
                                  "description": "Chai nước 500 ml, 50 % PET tái chế.", "category": "packaging.bottles",
                                  "unit": "piece", "moq": 1000, "recycled_pct": 50, "origin_province": "79",
                                  "gtin": "8934567890120", "price_tiers": [{"min_qty": 1000, "price_vnd": 1500}],
                                  "status": "published"})
    profiles.save_profile(ma, bottles.id, {"components": [{"material": "pet", "mass_kg": 0.025, "recycled_pct": 50},
                                                          {"material": "pp", "mass_kg": 0.002, "recycled_pct": 0}],
                                           "default_yield_pct": 90})
    verifier = Actor.for_user(make_user(role="verifier"))
    today = clock.today()
    for label, number, start, end in (("grs", "GRS-2026-001", today - dt.timedelta(days=90), today + dt.timedelta(days=200)),
                                      ("vn-ecolabel", "ECO-LATER", today + dt.timedelta(days=2), today + dt.timedelta(days=400))):
        claim = labels.submit_claim(ma, morg.id, {"label": label, "certificate_number": number, "issuer": "Vinacert",
                                                  "valid_from": start, "valid_until": end}, pdf(), listing_id=bottles.id)
        labels.verify_claim(verifier, claim.id)
    carrier = make_user(email="carrier@example.vn")
    make_org("logistics", owner=carrier, trade_name="Xe Điện Nam Bộ", province_code="75")
    save_profile(Actor.for_user(carrier), {"provinces": ["75", "79"], "published": True,
                                           "fleet": [{"vehicle_class": "road_electric_truck", "count": 3}]})
    return recycler, maker, carrier, bottles


def _deal_and_transport(recycler, maker, carrier, flakes_id):
    """The bottle maker buys 1 t of flakes through a sourcing deal; the recycler's transport is accepted."""
    from app.logistics import shipments
    from app.permissions import Actor
    from app.sourcing import services as sourcing

    ra, ma, ca = Actor.for_user(recycler), Actor.for_user(maker), Actor.for_user(carrier)
    today = clock.today()
    rfq = sourcing.create_rfq(ma, {"title": "Recycled PET flakes 1 t", "quantity": 1000, "unit": "kg",
                                   "delivery_province": "79", "status": "open", "closes_on": today + dt.timedelta(days=9)})
    quote = sourcing.submit_quote(ra, rfq.id, {"unit_price_vnd": 18000, "quantity": 1000, "lead_time_days": 3,
                                               "listing_id": flakes_id, "valid_until": (today + dt.timedelta(days=9)).isoformat()})
    deal = sourcing.accept_quote(ma, quote.id)
    route = shipments.create_route_for_deal(ra, deal.id)
    tq = shipments.request_quotes(ra, route.id, {"provider_ids": [carrier.membership.organisation_id]})[0]
    shipments.answer_quote(ca, tq.id, {"vehicle_class": "road_electric_truck", "price_vnd": 3_000_000, "transit_days": 1,
                                       "committed_co2e_kg": 12.0})
    shipments.accept_quote(ra, tq.id)
    return deal


def _choose_shipment(form, text):
    value = form.locator("option", has_text=text).first.get_attribute("value")
    form.get_by_label("Lot received under a deal").select_option(value)


def test_flakes_to_bottles_to_a_scanned_trace_page(page, browser, live_server, app, make_user, make_org, tmp_path,
                                                   monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", live_server + "/")  # the QR codes point at this server
    recycler, maker, carrier, bottles = _services_setup(make_user, make_org)
    today = clock.today()
    receipt = tmp_path / "phieu-can.pdf"
    receipt.write_bytes(make_pdf(["Phieu can chai PET 1.200 kg"]))

    # 1. the recycler lists PET flakes…
    login(page, recycler.email)
    page.goto("/my/listings/new?lang=en")
    page.locator("#title").fill("Recycled PET flakes")
    page.locator("#category").select_option("recycled.plastics")
    page.locator("#material").fill("PET")
    page.locator("#recycled_pct").fill("100")
    page.locator("#origin_province").select_option("75")
    page.locator("#unit").select_option("kg")
    page.locator("#moq").fill("100")
    page.locator("#tier_qty_1").fill("100")
    page.locator("#tier_price_1").fill("18.000")
    page.locator("#description").fill("Clean flakes from post-consumer bottles.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/my/listings/*/edit")
    flakes_id = int(page.url.split("/my/listings/")[1].split("/")[0])
    page.locator('button[value="published"]').click()
    expect(page.locator('[data-listing-status="published"]')).to_be_visible()

    # …records a lot of them, with the collected bottles as an outside input and its weighbridge receipt
    page.goto(f"/trace/lots/new?listing_id={flakes_id}")
    page.get_by_label("Lot number").fill("F-001")
    page.get_by_label("Production date").fill((today - dt.timedelta(days=6)).isoformat())
    page.get_by_label("Quantity produced").fill("1000")
    page.get_by_label("Yield (%)").fill("85")
    page.get_by_label("Recyclate data quality (DIN SPEC 91446)").select_option("3")
    page.get_by_role("button", name="Record the lot").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("lot F-001")
    outside = page.locator("form.outside-input")
    outside.get_by_label("Supplier").fill("HTX Thu gom Dĩ An")
    outside.get_by_label("What it is").fill("Post-consumer PET bottles")
    outside.get_by_label("Material").select_option("pet")
    outside.get_by_label("Mass used (kg)").fill("1200")
    outside.get_by_label("Recycled share of this input (%)").fill("100")
    outside.get_by_label("Received on").fill((today - dt.timedelta(days=7)).isoformat())
    outside.get_by_label("Evidence (PDF, JPEG or PNG)").set_input_files(str(receipt))
    outside.get_by_role("button", name="Add input").click()
    expect(page.locator(".flashes")).to_contain_text("Input added.")
    expect(page.locator(".trace-coverage")).to_contain_text("covered by recycled inputs received")

    # 2. the bottle maker buys them through a deal (transport accepted); the recycler ships the lot under it
    deal = _deal_and_transport(recycler, maker, carrier, flakes_id)
    page.goto(f"/sourcing/deals/{deal.id}")
    section = page.locator("section.deal-lots")
    section.get_by_label("Quantity shipped").fill("1000")
    section.get_by_role("button", name="Ship this lot under the deal").click()
    expect(page.locator("section.deal-lots")).to_contain_text("Lot F-001")

    # 3. the bottle maker records a lot of bottles with that input
    page.context.clear_cookies()
    login(page, maker.email)
    page.goto(f"/trace/lots/new?listing_id={bottles.id}")
    page.get_by_label("Lot number").fill("B-001")
    page.get_by_label("Production date").fill((today - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Quantity produced").fill("10000")
    page.get_by_role("button", name="Record the lot").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("lot B-001")
    platform = page.locator("form.platform-input")
    _choose_shipment(platform, "Lot F-001 of Tái Chế Xanh")
    platform.get_by_label("Mass used (kg)").fill("150")
    platform.get_by_role("button", name="Add input").click()
    expect(page.locator(".recycled-badge").first).to_contain_text("50% recycled content")

    # 4. scan the QR code of the lot's page
    src = page.locator("img.qr-image").get_attribute("src")
    png = page.request.get(live_server + src).body()
    from PIL import Image

    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert decoded == [live_server + "/01/08934567890120/10/B-001"]
    scan = browser.new_context(base_url=live_server, locale="en-US", viewport={"width": 390, "height": 844},
                               java_script_enabled=False)  # a phone, no JavaScript
    phone = scan.new_page()
    phone.goto(decoded[0] + "?lang=en")
    expect(phone.get_by_role("heading", level=1)).to_have_text("500 ml PET bottle")
    expect(phone.locator(".producer")).to_have_text("Chai Xanh")
    expect(phone.locator(".province")).to_have_text("Hồ Chí Minh")
    expect(phone.locator(".recycled-badge").first).to_be_visible()
    # the chain: the flakes lot with its own trace link, one level up
    expect(phone.locator(".trace-input")).to_contain_text("Tái Chế Xanh")
    # certifications valid on the production date (the eco-label only starts later)
    expect(phone.locator(".valid-certifications")).to_contain_text("GRS-2026-001")
    expect(phone.locator(".valid-certifications")).not_to_contain_text("ECO-LATER")
    expect(phone.locator(".invalid-certifications")).to_contain_text("ECO-LATER")
    # transport CO2e: 150 kg of a 1,000 kg shipment of 12.0 kg CO2e = 1.8 kg
    expect(phone.locator(".transport-leg.leg-in .leg-co2e")).to_have_text("1.800 kg CO2e")
    # the footprint with its sources: 0.08113 kg of materials + 0.00018 kg of transport per bottle = 81.3 g
    expect(phone.locator(".footprint-figure")).to_contain_text("81.3 g CO2e")
    expect(phone.locator(".footprint-table")).to_contain_text("row 4088 (ID 19_505_5140_15_1")
    expect(phone.locator(".source-cite")).to_contain_text("ghg-conversion-factors-2025-flat-format.xlsx")
    phone.locator(".input-trace-link").click()
    expect(phone.locator(".lot-number")).to_have_text("Lot F-001")
    expect(phone.locator(".dql").first).to_contain_text("DQL 3")

    # 5. a lot claiming more recycled content than its inputs cover
    page.goto(f"/trace/lots/new?listing_id={bottles.id}")
    page.get_by_label("Lot number").fill("B-002")
    page.get_by_label("Production date").fill(today.isoformat())
    page.get_by_label("Quantity produced").fill("10000")
    page.get_by_label("Recycled content claimed (%)").fill("80")
    page.get_by_role("button", name="Record the lot").click()
    platform = page.locator("form.platform-input")
    _choose_shipment(platform, "Lot F-001")
    platform.get_by_label("Mass used (kg)").fill("100")
    platform.get_by_role("button", name="Add input").click()
    expect(page.locator(".shortfall")).to_be_visible()
    phone.goto("/01/08934567890120/10/B-002?lang=en")
    expect(phone.locator(".shortfall")).to_contain_text("claims 80% recycled content")
    expect(phone.locator(".recycled-badge")).to_have_count(0)
    scan.close()
