"""Retailer posts a sourcing request for compostable food containers with a required label → sees explained
matches → invites two suppliers → both quote → accepts one → the deal is on both dashboards."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

pytest.importorskip("app.catalog.services")
PASSWORD = "Correct-horse-42"  # tests/conftest.py's factory password


def _sign_in(page, email):
    page.goto("/account/login?lang=en")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(password := PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    assert password


def _supplier(make_user, make_org, name, listing_title, province):
    from app import clock
    from app.catalog.services import create_listing
    from app.extensions import db
    from app.labels.models import Claim, ClaimStatus, Label
    from app.permissions import Actor

    user = make_user()
    org = make_org("producer", owner=user, trade_name=name, province_code=province)
    actor = Actor.for_user(user)
    listing = create_listing(actor, {
        "title": listing_title, "description": "Hộp đựng thực phẩm phân huỷ sinh học, compostable food container.",
        "category": "packaging.food_containers", "unit": "piece", "moq": 1000, "origin_province": province,
        "capacity_month": 500000, "price_tiers": [{"min_qty": 1000, "price_vnd": 1900}], "status": "published"})
    label = db.session.scalar(db.select(Label).where(Label.code == "vn-ecolabel"))
    today = clock.today()
    claim = Claim(label_id=label.id, organisation_id=org.id, listing_id=listing.id, certificate_number="NSTVN-2025-01",
                  valid_from=today - dt.timedelta(days=30), valid_until=today + dt.timedelta(days=700),
                  status=ClaimStatus.verified)
    db.session.add(claim)
    db.session.flush()
    from app.catalog.hooks import claim_changed

    claim_changed(claim)
    db.session.commit()
    return user, org


def test_request_matches_invites_quotes_and_deal(page, browser, live_server, app, make_user, make_org):
    from app.extensions import db
    from app.indexing import Indexer
    from app.labels.models import Label
    from app.reference import seed_all

    if not db.session.scalar(db.select(db.func.count(Label.id))):
        seed_all()
    s1, _o1 = _supplier(make_user, make_org, "Bagasse Sài Gòn", "Hộp bã mía 750 ml có nắp", "79")
    s2, _o2 = _supplier(make_user, make_org, "Lá Chuối Xanh", "Hộp bã mía 3 ngăn", "48")
    s3, _o3 = _supplier(make_user, make_org, "Không Nhãn", "Hộp giấy kraft", "1")  # no certified label below
    from app.labels.models import Claim

    db.session.execute(db.delete(Claim).where(Claim.organisation_id == _o3.id))
    db.session.commit()
    buyer = make_user()
    make_org("buyer", owner=buyer, trade_name="Siêu thị Xanh")
    with Indexer(app, wait=True, wait_timeout=30) as ix:
        ix.drain()

    # the retailer posts the request
    _sign_in(page, buyer.email)
    page.goto("/sourcing/requests/new?lang=en")
    page.get_by_label("What do you need?").fill("Compostable food containers 750 ml")
    page.get_by_label("Details").fill("Hộp bã mía có nắp thay hộp xốp cho quầy đồ ăn sẵn")
    page.get_by_label("Category").select_option("packaging.food_containers")
    page.get_by_label("Quantity").fill("50000")
    page.get_by_label("Unit", exact=True).select_option("piece")
    page.get_by_label("Recurring, per month").check()
    page.get_by_label("Target unit price up to (₫)").fill("2500")
    page.locator("input[name=required_labels][value=vn-ecolabel]").check()
    page.get_by_label("Delivery province").select_option("79")
    page.get_by_label("Closing date for quotes").fill((dt.date.today() + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Publish request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compostable food containers 750 ml")
    expect(page.get_by_role("status").filter(has_text="Open")).to_be_visible()
    rfq_url = page.url

    # explained matches: only the two certified suppliers, with the score broken down
    page.get_by_role("link", name="Find suppliers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suppliers who match")
    groups = page.locator("article.match-group")
    expect(groups).to_have_count(2)
    expect(page.get_by_text("Không Nhãn")).to_have_count(0)
    expect(page.locator("table.explain").first.get_by_text("Text relevance")).to_be_visible()
    expect(page.locator("table.explain").first.get_by_text("Distance")).to_be_visible()
    for name in ("Bagasse Sài Gòn", "Lá Chuối Xanh"):
        groups.filter(has_text=name).get_by_role("button", name="Invite to quote").click()
        expect(page.locator(".flash").filter(has_text="invited to quote")).to_be_visible()
    expect(page.locator("article.match-group .badge", has_text="Invited")).to_have_count(2)

    # both suppliers quote
    for user, price in ((s1, "1800"), (s2, "1700")):
        ctx = browser.new_context(base_url=live_server, locale="en-US")
        sp = ctx.new_page()
        _sign_in(sp, user.email)
        sp.goto(rfq_url + "?lang=en")
        expect(sp.get_by_text("You are invited to quote")).to_be_visible()
        sp.get_by_role("link", name="Send a quote").click()
        sp.get_by_label("Unit price (₫)").fill(price)
        sp.get_by_label("Lead time (days)").fill("10")
        sp.get_by_label("Quote valid until").fill((dt.date.today() + dt.timedelta(days=30)).isoformat())
        sp.get_by_label("Delivery term (Incoterms 2020)").select_option("DAP")
        sp.get_by_role("button", name="Send quote").click()
        expect(sp.locator(".flash").filter(has_text="Quote sent")).to_be_visible()
        ctx.close()

    # the retailer compares and accepts Bagasse's quote
    page.goto(rfq_url + "/quotes?lang=en")
    rows = page.locator("table.quote-compare tbody tr")
    expect(rows).to_have_count(2)
    # transport CO2e: pieces without a weight per unit on the listing → "—" with the reason
    expect(rows.first.locator("td.transport-co2e")).to_contain_text("no weight per unit")
    row = rows.filter(has_text="Bagasse Sài Gòn")
    row.get_by_role("link", name="Accept").click()
    # a confirmation step says what accepting commits to (the total) before anything happens
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accept this quote?")
    expect(page.locator(".confirm-total")).to_contain_text("₫")
    page.get_by_label("Message to the other suppliers (optional)").fill("Cảm ơn, lần sau nhé")
    page.get_by_role("button", name="Yes, accept the quote").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Deal between Siêu thị Xanh and Bagasse Sài Gòn")

    page.goto("/dashboard?lang=en")
    expect(page.locator(".sourcing-panel .deals")).to_contain_text("Compostable food containers 750 ml")
    for user, has_deal in ((s1, True), (s2, False)):
        ctx = browser.new_context(base_url=live_server, locale="en-US")
        sp = ctx.new_page()
        _sign_in(sp, user.email)
        sp.goto("/dashboard?lang=en")
        deals = sp.locator(".sourcing-panel .deals")
        if has_deal:
            expect(deals).to_contain_text("Compostable food containers 750 ml")
            expect(deals).to_contain_text("Siêu thị Xanh")
        else:
            expect(deals).to_contain_text("No deals yet.")
        ctx.close()
