"""A public buyer opens the procurement list of a product group, ticks a certified product, adds it to
a new tender list and exports the list for the tender documents (XLSX read back with openpyxl)."""
from __future__ import annotations

import datetime as dt
import io

from playwright.sync_api import expect

from tests.browser.helpers import login


def test_public_buyer_builds_and_exports_a_tender_list(page, live_server, app, make_user, make_org):
    from openpyxl import load_workbook

    from app import clock
    from app.extensions import db
    from app.labels.models import Claim, ClaimStatus, Label
    from app.orgs.models import BuyerSegment
    from app.reference import seed_all
    from tests.fairs.conftest import make_listing

    if not db.session.scalar(db.select(db.func.count(Label.id))):
        seed_all()
    producer_org = make_org("producer", legal_name="Công ty TNHH Bao Bì Xanh", province_code="79")
    certified = make_listing(producer_org, title="Túi PE tái chế NSTVN", category="packaging.bags")
    plain = make_listing(producer_org, title="Túi giấy chưa chứng nhận", category="packaging.bags")
    label = db.session.scalar(db.select(Label).where(Label.code == "vn-ecolabel"))
    today = clock.today()
    db.session.add(Claim(label_id=label.id, organisation_id=producer_org.id, listing_id=certified.id,
                         certificate_number="QĐ-2026-0777", valid_from=today - dt.timedelta(days=30),
                         valid_until=today + dt.timedelta(days=700), status=ClaimStatus.verified))
    db.session.commit()
    buyer = make_user(email="sotc@example.vn")
    org = make_org("buyer", owner=buyer, legal_name="Sở Tài chính Thành phố")
    org.buyer_segment = BuyerSegment.public_buyer
    db.session.commit()

    login(page, "sotc@example.vn")
    page.goto("/procurement?lang=en")
    page.get_by_role("link", name="Green packaging").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Procurement list")
    expect(page.locator("main")).to_contain_text("QĐ-2026-0777")
    expect(page.locator("main")).not_to_contain_text(plain.title)
    page.get_by_label(certified.title).check()
    page.get_by_label("Title of a new tender list").fill("Bao bì cho cơ quan 2027")
    page.get_by_role("button", name="Add to tender list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bao bì cho cơ quan 2027")
    expect(page.locator("main")).to_contain_text("Criteria for the tender documents")
    expect(page.locator("main")).to_contain_text("NSTVN-01:2023")

    with page.expect_download() as info:
        page.get_by_role("link", name="Export for the tender (XLSX)").click()
    data = open(info.value.path(), "rb").read()
    wb = load_workbook(io.BytesIO(data))
    cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert certified.title in cells and "QĐ-2026-0777" in cells
    assert any("NSTVN-01:2023" in c for c in cells) and any(c.startswith("Legal basis") for c in cells)
