"""Programme end to end: the public statistics page in Vietnamese and English, a filter by province, a
CSV download that matches its chart; a province officer prepares, edits and submits the Appendix II
report, and the DOCX and XLSX downloads read back (python-docx, openpyxl) hold the pre-filled figures."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login


@pytest.fixture()
def programme_data(app, make_user, make_org):
    from app.reference import seed_all
    from app.programme.snapshots import compute_snapshot
    from tests.programme.conftest import World
    from tests.programme.test_statistics import _data, _officer

    seed_all()
    supplier, sm_hn, sm_hcm = _data(World(make_org))
    compute_snapshot(trigger="test")
    officer = _officer(make_user, "79")
    return officer


def _read(download) -> bytes:
    return Path(download.path()).read_bytes()


def test_statistics_page_filter_and_csv(page, programme_data):
    page.goto("/statistics?lang=vi")
    expect(page.get_by_role("heading", name="Thống kê Chương trình", level=1)).to_be_visible()
    expect(page.get_by_text("Siêu thị, trung tâm thương mại mua bao bì thân thiện môi trường").first).to_be_visible()
    page.goto("/statistics?lang=en")
    expect(page.get_by_role("heading", name="Programme statistics", level=1)).to_be_visible()
    card = page.locator("#i-retail_eco_packaging")
    expect(card.locator(".figure")).to_have_text("50%")  # one of the two supermarkets
    # filter by province (no JavaScript needed: a GET form)
    page.get_by_label("Province", exact=True).select_option(label="Hà Nội")
    page.get_by_role("button", name="Show figures").click()
    assert "province=01" in page.url  # the official two-digit code
    expect(page.locator("#i-retail_eco_packaging .figure")).to_have_text("100%")
    page.goto("/statistics?lang=en")
    # the CSV of the deal value by month holds exactly the chart's columns
    chart = page.locator("#i-deal_value svg.chart-columns g.col")
    drawn = [(g.get_attribute("data-month"), g.get_attribute("data-value")) for g in chart.all()]
    with page.expect_download() as info:
        page.locator("#i-deal_value").get_by_role("link", name="CSV — Value of deals, by month").click()
    text = _read(info.value).decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    assert rows[0] == ["month", "vnd"]
    assert [(str(int(r[0][-2:])), float(r[1] or 0)) for r in rows[1:]] == [(m, float(v or 0)) for m, v in drawn]
    assert sum(float(r[1] or 0) for r in rows[1:]) == 7_000_000


def test_province_officer_prepares_edits_submits_and_downloads(page, programme_data):
    from docx import Document
    from openpyxl import load_workbook

    login(page, programme_data.email)
    page.goto("/programme/reports?lang=en")
    expect(page.get_by_role("heading", name="Department of Industry and Trade of Hồ Chí Minh")).to_be_visible()
    from app import clock

    page.get_by_label("Year").select_option(str(clock.today().year))
    page.get_by_role("button", name="Prepare the report").click()
    expect(page.get_by_text("From the platform").first).to_be_visible()
    expect(page.get_by_text("2 giao dịch trị giá 7.000.000 đồng", exact=False)).to_be_visible()
    # edit a pre-filled row: add the difficulties the platform cannot know
    page.locator("#area-7").get_by_role("link", name="Edit").first.click()
    page.get_by_label("Difficulties and proposals").fill("Doanh nghiệp nhỏ còn ít tham gia sàn.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Doanh nghiệp nhỏ còn ít tham gia sàn.")).to_be_visible()
    # add an activity of their own, with funding
    page.get_by_label("Task area", exact=True).select_option("9")
    page.get_by_label("Activity carried out (programme, project, task)").fill("Tập huấn sản xuất sạch hơn cho 40 doanh nghiệp")
    page.get_by_label("Results achieved").fill("40 doanh nghiệp tham gia")
    page.get_by_label("Funding from the state budget (đồng)").fill("1,500,000")
    page.get_by_role("button", name="Add the activity").click()
    expect(page.get_by_text("Tập huấn sản xuất sạch hơn cho 40 doanh nghiệp")).to_be_visible()
    # header, then check and submit (a confirmation step)
    page.get_by_label("Report date").fill("2026-12-05")
    page.get_by_label("Prepared by (name)").fill("Phạm Thị Sở")
    page.get_by_label("Phone", exact=True).fill("028 3829 1234")
    page.get_by_role("button", name="Save the header").click()
    page.get_by_role("link", name="Check and submit").click()
    page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_text("Report submitted to the Ministry of Industry and Trade.")).to_be_visible()
    # the downloads read back with the pre-filled figures and the officer's additions
    with page.expect_download() as info:
        page.get_by_role("link", name="Download DOCX").click()
    doc = Document(io.BytesIO(_read(info.value)))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "2 giao dịch trị giá 7.000.000 đồng" in text and "1 sản phẩm được chứng nhận" in text
    assert "Tập huấn sản xuất sạch hơn cho 40 doanh nghiệp" in text and "1.500.000" in text
    assert "Doanh nghiệp nhỏ còn ít tham gia sàn." in text and "Người lập báo cáo: Phạm Thị Sở" in text
    with page.expect_download() as info:
        page.get_by_role("link", name="Download XLSX").click()
    ws = load_workbook(io.BytesIO(_read(info.value))).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert 1500000 in cells
    assert any("2 giao dịch trị giá 7.000.000 đồng" in str(c) for c in cells)
