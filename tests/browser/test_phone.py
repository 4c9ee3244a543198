"""Issue 16.6: phone first. On a 390 × 844 screen (where most Vietnamese business users read) the header
collapses behind a menu that works without JavaScript, search shows its results first with the filters in a
collapsible panel, nothing is wider than the screen, and what a thumb presses is at least 44 px tall — on
search, a listing, a dashboard and a form."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


@pytest.fixture()
def demo(app):
    from app.demo import load_demo
    from app.indexing import Indexer

    load_demo(seed=5, listings=24)
    with Indexer(app, wait=True, wait_timeout=30) as ix:
        ix.drain()


@pytest.fixture()
def phone(browser, live_server, request):
    """A phone-sized page with JavaScript off: everything here must work without it."""
    context = browser.new_context(base_url=live_server, locale="vi-VN", viewport=PHONE, java_script_enabled=False,
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


def _sign_in(page, email):
    from app.demo import DEMO_PASSWORD

    page.goto("/account/login?lang=vi")
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/dashboard")


def _fits(page, where):
    # against the phone's width, not window.innerWidth: on a mobile viewport the browser widens the layout
    # viewport to whatever the page needs (zooming out), so innerWidth grows with an overflowing page
    screen = PHONE["width"]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= screen, f"{where}: page is {width} px wide on a {screen} px screen (scrolls sideways)"
    wide = page.evaluate("""(screen) => [...document.querySelectorAll('main *, header *')]
        .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > screen + 1; })
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')).slice(0, 5)""", screen)
    assert not wide, f"{where}: wider than the screen: {wide}"


def _touch_targets(page, where, selector):
    small = page.evaluate("""(sel) => [...document.querySelectorAll(sel)]
        .filter(e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                       return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && r.height < 44; })
        .map(e => (e.textContent || e.value || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 30))""", selector)
    assert not small, f"{where}: touch targets under 44 px: {small}"


def test_header_collapses_behind_a_menu_that_needs_no_javascript(phone, demo, live_server):
    page = phone
    page.goto("/?lang=vi")
    menu = page.locator("header details.site-menu")
    search_link = page.locator("header .main-nav a[href='/search']")
    expect(search_link).to_be_hidden()  # navigation waits behind the menu
    header_height = page.evaluate("() => document.querySelector('header').getBoundingClientRect().height")
    assert header_height <= 80, header_height  # one row, not a third of the screen
    _touch_targets(page, "header", "header summary, header .lang-switch a, header .brand")
    page.locator("header summary.menu-button").click()
    expect(menu).to_have_attribute("open", "")
    expect(search_link).to_be_visible()
    _touch_targets(page, "menu", "header .main-nav a, header .header-tools a")
    _fits(page, "home with the menu open")
    search_link.click()
    page.wait_for_url("**/search")


def test_search_shows_results_first_and_filters_in_a_panel(phone, demo):
    page = phone
    page.goto("/search?lang=vi")
    first = page.locator("#search-results article.result").first
    expect(first).to_be_visible()
    top = first.bounding_box()["y"]
    assert top < PHONE["height"], f"the first result starts {top:.0f} px down, below the first screen"
    facets = page.locator(".filter-panel .facets")
    expect(facets).to_be_hidden()
    page.screenshot(path="/tmp/phone-search.png")
    _fits(page, "search")
    _touch_targets(page, "search", "main .search-bar button, main .filter-toggle, main .result h2 a")
    page.locator("summary.filter-toggle").click()
    expect(facets).to_be_visible()
    _fits(page, "search with filters open")
    # a filter applied without JavaScript keeps the panel reachable and the results first
    page.locator(".facets fieldset[data-facet=category] input").first.check()
    page.locator(".facets button[type=submit]").click()
    page.wait_for_url("**/search?**")
    expect(page.locator("#search-results article.result").first).to_be_visible()
    assert page.locator("#search-results article.result").first.bounding_box()["y"] < PHONE["height"]
    # the result card: thumbnail, price per unit, minimum order with its unit
    card = page.locator("#search-results article.result").first
    expect(card.locator(".result-thumb")).to_be_visible()
    expect(card.locator(".facts-line")).to_contain_text("/")


def test_results_with_long_label_names_fit_a_phone(phone, demo):
    """Results carrying a long label name ("Nhãn sinh thái Việt Nam (trước đây: Nhãn Xanh Việt Nam)") wrap
    the badge instead of making the page scroll sideways (a visitor narrowing to that label, or searching
    "hop ba mia" on the demo, saw a 572 px page on a 390 px phone)."""
    page = phone
    page.goto("/search?lang=vi")
    choice = page.locator(".facets label.check", has_text="Nhãn sinh thái Việt Nam").first
    box = choice.locator("input")
    page.goto(f"/search?lang=vi&{box.get_attribute('name')}={box.get_attribute('value')}")
    badges = page.locator("#search-results .labels .badge", has_text="trước đây")
    expect(badges.first).to_be_visible()
    _fits(page, "search narrowed to a label with a long name")


def test_listing_dashboard_and_form_fit_a_phone(phone, demo):
    page = phone
    page.goto("/search?lang=vi")
    page.locator("#search-results article.result h2 a").first.click()
    page.wait_for_url("**/listings/*")
    _fits(page, "listing")
    _touch_targets(page, "listing", "main .btn")

    _sign_in(page, "producer1@demo.greenconnect.local")
    _fits(page, "dashboard")
    _touch_targets(page, "dashboard", "main .btn, header summary")
    page.goto("/my/listings/new")
    _fits(page, "new listing form")
    _touch_targets(page, "new listing form", "main input[type=text], main select, main button, main .btn")
    page.goto("/sourcing/requests?lang=vi")
    _fits(page, "requests")


def _scroll_below_header(page, selector):
    """Scroll so that the element's top sits just under the (sticky) collapsed header, as a reader would."""
    page.evaluate("""(sel) => { const e = document.querySelector(sel);
        const header = document.querySelector('header').getBoundingClientRect().bottom;
        window.scrollBy(0, e.getBoundingClientRect().top - header - 8); }""", selector)


def _fully_visible(page, where, selector):
    """Every corner and the centre of the element are on screen and not covered (by the header or anything)."""
    hidden = page.evaluate("""(sel) => { const e = document.querySelector(sel); const r = e.getBoundingClientRect();
        const pts = [[r.left + 2, r.top + 2], [r.right - 2, r.top + 2], [r.left + 2, r.bottom - 2],
                     [r.right - 2, r.bottom - 2], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
        return pts.filter(([x, y]) => { const hit = document.elementFromPoint(x, y);
            return !(x >= 0 && y >= 0 && x <= window.innerWidth && y <= window.innerHeight && hit && (hit === e || e.contains(hit))); })
          .map(([x, y]) => [Math.round(x), Math.round(y)]); }""", selector)
    assert not hidden, f"{where}: parts of {selector} are off screen or covered at {hidden}"


def test_bank_transfer_qr_is_whole_under_the_collapsed_header(phone, make_user, make_org):
    from app.fairs import services
    from app.payments import payees
    from app.permissions import Actor
    from tests.fairs.conftest import fair_data, make_listing

    organiser = make_user(email="ban-to-chuc@hoichoxanh.vn")
    org = make_org("fair_organiser", owner=organiser, legal_name="Công ty CP Hội chợ Xanh")
    payees.save(Actor.for_user(organiser), org.id, {"bank": "970436", "account_number": "0071001234567",
                                                     "account_name": "Công ty CP Hội chợ Xanh"})
    fair = services.create_fair(Actor.for_user(organiser), fair_data())
    payer = make_user(email="ke-toan@trevietdt.vn")
    payer_org = make_org("producer", owner=payer, legal_name="Công ty TNHH Tre Việt")
    a = services.apply(Actor.for_user(payer), fair.id, {"booth_type_id": fair.booth_types[0].id,
                                                        "listing_ids": [make_listing(payer_org).id]})
    payment = services.booth_payment(a)

    page = phone
    from tests.browser.helpers import login

    login(page, payer.email)
    page.goto(f"/payments/{payment.id}?lang=vi")
    qr = page.locator(".vietqr img")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 200 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box  # scannable, on screen
    _fits(page, "bank transfer")
    _scroll_below_header(page, ".vietqr img")
    _fully_visible(page, "bank transfer", ".vietqr img")
    page.screenshot(path="/tmp/phone-vietqr.png")
    _scroll_below_header(page, "[data-field=reference]")
    _fully_visible(page, "bank transfer", "[data-field=reference]")
    # what is copied into the banking app keeps one line each (a number broken in two is misread)
    for field in ("account-number", "amount", "reference"):
        lines = page.evaluate("""(sel) => { const e = document.querySelector(sel).firstElementChild || document.querySelector(sel);
            const r = e.getBoundingClientRect(); const st = getComputedStyle(e); const lh = parseFloat(st.lineHeight);
            return r.height / (isNaN(lh) ? parseFloat(st.fontSize) * 1.2 : lh); }""",
                              f"[data-field={field}]")
        assert lines < 1.6, f"bank transfer: {field} wraps over {lines:.1f} lines"
    expect(page.locator("[data-field=amount]")).to_have_text(re.compile(r"^[\d.]+ ₫$"))
    expect(page.locator(".bank-account")).to_contain_text("Số tiền")  # the amount, not a credit "limit"


def test_more_pages_fit_a_phone(phone, demo, app):
    """Statistics, a procurement list, a knowledge guide and a public trace page: nothing wider than the screen;
    search with its filter panel open (price buckets and the free price range) too."""
    from app.extensions import db
    from app.knowledge.models import ItemStatus, ItemType, KnowledgeItem
    from app.procurement.demo import EMAIL as PUBLIC_BUYER
    from app.procurement.models import TenderList
    from app.programme.snapshots import compute_snapshot

    compute_snapshot(trigger="test")
    page = phone
    page.goto("/search?lang=vi")
    page.locator("summary.filter-toggle").click()
    expect(page.locator(".facet-price .price-range input").first).to_be_visible()
    _fits(page, "search with the price filter")
    _touch_targets(page, "price range", ".facet-price .price-range input")
    page.goto("/statistics?lang=vi")
    _fits(page, "statistics")
    guide = db.session.scalars(db.select(KnowledgeItem.id).where(KnowledgeItem.type == ItemType.guide,
                                                                KnowledgeItem.status == ItemStatus.published)).first()
    assert guide is not None
    page.goto(f"/knowledge/{guide}?lang=vi")
    _fits(page, "knowledge guide")
    page.goto("/01/09520000000011/10/B-2026-001?lang=vi")
    expect(page.locator("main h1")).to_be_visible()
    _fits(page, "trace page")
    _sign_in(page, PUBLIC_BUYER)
    tl = db.session.scalars(db.select(TenderList.id)).first()
    page.goto(f"/procurement/lists/{tl}?lang=vi")
    expect(page.locator("main h1")).to_be_visible()
    _fits(page, "procurement list")
    page.goto("/procurement?lang=vi")
    _fits(page, "procurement")


def test_green_finance_pages_fit_a_phone(phone, demo, app):
    """Finance offers (purpose badges such as "Renewable energy (e.g. rooftop solar)" in English) and a
    financing need's page (the taxonomy's long term "Project type (national green taxonomy)" beside its value)
    stayed wider than a 390 px phone."""
    from app.extensions import db
    from app.finance.models import FinancingNeed

    page = phone
    for lang in ("en", "vi"):
        page.goto(f"/finance/offers?lang={lang}")
        expect(page.locator("main h1")).to_be_visible()
        _fits(page, f"finance offers ({lang})")
    need = db.session.scalars(db.select(FinancingNeed).order_by(FinancingNeed.id)).first()
    assert need is not None
    _sign_in(page, db.session.get(type(need.organisation.memberships[0].user), need.created_by_id).email)
    for lang in ("vi", "en"):
        page.goto(f"/finance/needs/{need.id}?lang={lang}")
        expect(page.locator("main h1")).to_be_visible()
        _fits(page, f"financing need ({lang})")
