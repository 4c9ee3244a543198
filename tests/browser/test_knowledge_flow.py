"""Knowledge hub end to end: an editor writes a guide, a good-practice model and an event; a second editor
reviews and publishes each; a producer registers for the event; search finds the guide by an accent-less
query (hub and product search); the event's province counts for the programme indicator (through the
knowledge service: the programme indicators registry is not on main yet)."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login


@pytest.fixture()
def people(app, make_user, make_org):
    from app.knowledge import services
    from app.permissions import Actor

    admin = make_user(role="admin")
    writer = make_user(email="bien-tap@kienthuc.vn", name="Biên Tập Viết")
    reviewer = make_user(email="duyet-bai@kienthuc.vn", name="Biên Tập Duyệt")
    for u in (writer, reviewer):
        services.grant_editor(Actor.for_user(admin), {"email": u.email})
    producer = make_user(email="chu@baobixanh.vn", name="Chủ Bao Bì Xanh")
    make_org("producer", owner=producer, legal_name="Công ty TNHH Bao Bì Xanh Đà Nẵng", province_code="48")
    return writer, reviewer, producer


def _sign_in(page, email):
    login(page, email)
    page.goto("/knowledge/editor/?lang=en")


def _write(page, kind: str, fields: dict, selects: dict) -> str:
    page.goto("/knowledge/editor/?lang=en")
    page.get_by_role("link", name={"guide": "New guide", "model": "New good-practice model", "event": "New event"}[kind]).click()
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in selects.items():
        page.get_by_label(label, exact=True).select_option(value)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".kn-rev-status [data-status]")).to_have_text("Draft")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".kn-rev-status [data-status]")).to_have_text("In review")
    return page.url


def _publish(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash-success")).to_contain_text("Published.")
    expect(page.get_by_role("link", name="View the published page")).to_be_visible()


def test_editors_publish_producer_registers_search_finds(app, page, browser, live_server, people):
    from app import clock
    from app.indexing import Indexer
    from app.knowledge import services

    writer, reviewer, producer = people
    _sign_in(page, writer.email)
    guide_url = _write(page, "guide", {
        "Title (Vietnamese)": "Hướng dẫn thiết kế bao bì giấy đạt nhãn sinh thái",
        "Title (English)": "Designing paper packaging for the ecolabel",
        "Text (Vietnamese, Markdown)": "## Các bước\n\n1. Chọn giấy tái chế\n2. Kiểm tra mực in",
    }, {"Sector": "paper", "Topic": "eco_design"})
    model_url = _write(page, "model", {
        "Title (Vietnamese)": "Hộp bã mía thay hộp xốp tại bếp ăn công nghiệp",
        "What changed (Vietnamese, Markdown)": "Thay toàn bộ hộp xốp bằng hộp bã mía.",
        "Measured results (Vietnamese, Markdown)": "Giảm 1,2 tấn rác xốp mỗi tháng.",
        "Contact": "Phòng Môi trường, 0236 000 0000",
    }, {"Sector": "food", "Province / city": "48"})
    start = (clock.now() + dt.timedelta(days=7, hours=7)).replace(hour=8, minute=30)  # Vietnam wall time
    event_url = _write(page, "event", {
        "Title (Vietnamese)": "Tập huấn sản xuất sạch hơn cho doanh nghiệp Đà Nẵng",
        "Starts (Vietnam time)": start.strftime("%Y-%m-%dT%H:%M"),
        "Ends (Vietnam time)": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "Venue": "Hội trường Sở Công Thương, 2 Quang Trung, Đà Nẵng",
        "Places": "30",
    }, {"Sector": "food", "Province / city": "48", "Kind of event": "training", "Format": "in_person"})
    # the author cannot publish their own work
    page.goto(guide_url)
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)

    rctx = browser.new_context(base_url=live_server, locale="vi-VN")
    rctx.set_default_timeout(10_000)
    rp = rctx.new_page()
    _sign_in(rp, reviewer.email)
    expect(rp.locator(".kn-desk")).to_contain_text("Hướng dẫn thiết kế bao bì giấy")
    for url in (guide_url, model_url, event_url):
        _publish(rp, url)
    rctx.close()

    with Indexer(app, wait=True, wait_timeout=30) as ix:
        ix.drain()

    # a producer finds the event and registers
    pctx = browser.new_context(base_url=live_server, locale="vi-VN")
    pctx.set_default_timeout(10_000)
    p = pctx.new_page()
    login(p, producer.email)
    p.goto("/knowledge/?lang=en&type=event")
    p.locator("article.kn-hit").get_by_role("link", name="Tập huấn sản xuất sạch hơn cho doanh nghiệp Đà Nẵng").click()
    expect(p.locator(".kn-places")).to_contain_text("30 of 30 left")
    p.get_by_role("button", name="Register").click()
    expect(p.locator(".kn-reg-status")).to_have_text("You are registered.")
    expect(p.locator(".kn-places")).to_contain_text("29 of 30 left")
    expect(p.get_by_role("link", name="Add to calendar (.ics)")).to_be_visible()

    # search finds the guide without accents, in the hub and on the product search page
    p.goto("/knowledge/?lang=en")
    p.get_by_label("Search the knowledge hub").fill("huong dan thiet ke bao bi giay")
    p.get_by_role("button", name="Search", exact=True).click()
    hit = p.locator("article.kn-hit").first
    expect(hit).to_contain_text("Designing paper packaging for the ecolabel")
    expect(p.locator('[data-facet="sector"]')).to_contain_text("Paper")
    p.goto("/search?q=bao+bi+giay+nhan+sinh+thai&lang=en")
    expect(p.locator(".kn-search-section")).to_contain_text("Designing paper packaging for the ecolabel")
    p.goto("/knowledge/my-events")
    expect(p.locator("main")).to_contain_text("Tập huấn sản xuất sạch hơn")
    pctx.close()

    # the programme indicator: the event's province (Đà Nẵng, 48) has an awareness activity
    with app.app_context():
        year = (services.get_item(int(event_url.rstrip("/").rsplit("/", 1)[1])).starts_at + dt.timedelta(hours=7)).year
        assert services.awareness_provinces(year) == {"48": 1}
        assert services.models_recorded()["by_province"] == {"48": 1}
