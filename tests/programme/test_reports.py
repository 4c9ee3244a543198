"""The annual Appendix II report: prepared from the platform's figures, edited, submitted, exported as
DOCX/XLSX (read back), seen by the ministry and consolidated; reminders from 1 December."""
from __future__ import annotations

import datetime as dt
import html
import io

import pytest

from .conftest import NOW, days
from .test_statistics import _data, _officer


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _xlsx_cells(data: bytes) -> list:
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).active
    return [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]


def _prepared(world, snapshot, make_user, login, app, post_form):
    _data(world)
    snapshot()
    user = _officer(make_user, "79")
    c = login(user, app.test_client())
    r = post_form("/programme/reports", {"year": "2026"}, get_path="/programme/reports", c=c)
    assert r.status_code == 302
    return c, user, r.headers["Location"]


def test_officer_prepares_edits_submits_and_exports(world, snapshot, make_user, login, app, post_form):
    from app.extensions import db
    from app.programme.models import Report, ReportStatus

    c, user, url = _prepared(world, snapshot, make_user, login, app, post_form)
    page = c.get(url + "?lang=vi").get_data(as_text=True)
    assert "Sở Công Thương Thành phố Hồ Chí Minh" in page
    report = db.session.scalar(db.select(Report))
    # Hồ Chí Minh City: one supplier with 1 certified listing and 2 deals worth 7,000,000 đồng
    assert "1 sản phẩm được chứng nhận" in " ".join(r.results for r in report.rows if r.area == 6)
    assert all(r.source == "platform" for r in report.rows)
    prefilled = len(report.rows)
    assert "2 giao dịch trị giá 7.000.000 đồng" in " ".join(r.results for r in report.rows if r.area == 7)
    # the officer corrects a platform row and adds one of their own, funding typed the Vietnamese way
    row7 = next(r for r in report.rows if r.area == 7)
    r = post_form(f"/programme/reports/rows/{row7.id}/edit?lang=vi",
                  {"area": "7", "activity": row7.activity, "results": row7.results + " Đã kiểm tra.",
                   "difficulties": "Doanh nghiệp nhỏ còn ít tham gia.", "funding_state": "", "funding_other": ""},
                  get_path=f"/programme/reports/rows/{row7.id}/edit", c=c)
    assert r.status_code == 302
    r = post_form(f"/programme/reports/{report.id}/rows?lang=vi",
                  {"area": "9", "activity": "Tập huấn sản xuất sạch hơn cho 40 doanh nghiệp",
                   "results": "40 doanh nghiệp tham gia", "difficulties": "", "funding_state": "1.500.000",
                   "funding_other": "250.000"}, get_path=url, c=c)
    assert r.status_code == 302
    # bad input: the same messages as the service's schema, nothing added
    r = post_form(f"/programme/reports/{report.id}/rows?lang=en",
                  {"area": "16", "activity": "x", "results": "", "difficulties": "", "funding_state": "-5",
                   "funding_other": "abc"}, get_path=url, c=c)
    assert r.status_code == 422
    bad = r.get_data(as_text=True)
    assert "Choose one of the 15 task areas." in bad and "Describe the activity" in bad and "Enter an amount in đồng" in bad
    db.session.expire_all()
    assert len(db.session.get(Report, report.id).rows) == prefilled + 1  # the bad row was not added
    # header, then submit (confirmation page first)
    r = post_form(f"/programme/reports/{report.id}/header",
                  {"report_date": "2026-12-05", "preparer_name": "Phạm Thị Sở", "preparer_phone": "028 3829 1234",
                   "preparer_email": "so@congthuong.hcm.vn"}, get_path=url, c=c)
    assert r.status_code == 302
    assert "Submit the report" in c.get(f"/programme/reports/{report.id}/submit?lang=en").get_data(as_text=True)
    r = post_form(f"/programme/reports/{report.id}/submit", {}, get_path=f"/programme/reports/{report.id}/submit", c=c)
    assert r.status_code == 302
    db.session.expire_all()
    report = db.session.get(Report, report.id)
    assert report.status == ReportStatus.submitted and report.submitted_by_id == user.id
    # submitted: no more changes
    r = post_form(f"/programme/reports/{report.id}/rows", {"area": "9", "activity": "Thêm sau khi nộp"},
                  get_path=url, c=c)
    assert r.status_code == 409

    docx = c.get(f"/programme/reports/{report.id}/appendix-ii.docx")
    assert docx.status_code == 200 and docx.mimetype.endswith("wordprocessingml.document")
    text = _docx_text(docx.data)
    assert "Phụ lục II" in text and "Sở Công Thương Thành phố Hồ Chí Minh" in text
    assert "2 giao dịch trị giá 7.000.000 đồng" in text and "1 sản phẩm được chứng nhận" in text
    assert "Tập huấn sản xuất sạch hơn cho 40 doanh nghiệp" in text and "1.500.000" in text
    assert "Người lập báo cáo: Phạm Thị Sở" in text and "Ngày báo cáo: 05/12/2026" in text
    xlsx = c.get(f"/programme/reports/{report.id}/appendix-ii.xlsx")
    assert xlsx.status_code == 200
    cells = _xlsx_cells(xlsx.data)
    assert 1500000 in cells and 250000 in cells
    assert any("2 giao dịch trị giá 7.000.000 đồng" in str(v) for v in cells)
    assert "Khó khăn, đề xuất" in cells and "Ngân sách nhà nước" in cells


def test_submit_refuses_an_incomplete_report(world, snapshot, make_user, login, app, post_form):
    from app.extensions import db
    from app.programme.models import Report, ReportStatus

    c, _user, url = _prepared(world, snapshot, make_user, login, app, post_form)
    report = db.session.scalar(db.select(Report))
    post_form(f"/programme/reports/{report.id}/header", {"report_date": "", "preparer_name": "", "preparer_phone": "",
                                                         "preparer_email": ""}, get_path=url, c=c)
    r = post_form(f"/programme/reports/{report.id}/submit?lang=en", {}, get_path=f"/programme/reports/{report.id}/submit", c=c)
    assert r.status_code == 422
    assert "Enter the preparer's name." in html.unescape(r.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == ReportStatus.draft


def test_who_sees_and_changes_which_report(world, snapshot, make_user, login, app, post_form):
    from app.extensions import db
    from app.programme.models import Report

    c, _user, url = _prepared(world, snapshot, make_user, login, app, post_form)
    report = db.session.scalar(db.select(Report))
    other_province = login(_officer(make_user, "1"), app.test_client())
    assert other_province.get(url).status_code == 404
    assert other_province.get(f"/programme/reports/{report.id}/appendix-ii.docx").status_code == 404
    stranger = login(make_user(), app.test_client())
    assert stranger.get("/programme/reports").status_code == 403
    assert stranger.get(url).status_code == 404
    ministry = login(_officer(make_user), app.test_client())
    assert ministry.get(url).status_code == 200  # reads every unit's report
    r = post_form(f"/programme/reports/{report.id}/rows", {"area": "9", "activity": "Ghi thay đơn vị khác"},
                  get_path=url, c=ministry)
    assert r.status_code == 403
    assert other_province.get("/programme/reports/national/2026").status_code == 403


def test_ministry_sees_submissions_and_the_consolidated_national_report(world, snapshot, make_user, login, app,
                                                                        post_form):
    from app.extensions import db
    from app.programme.models import Report

    c, _user, url = _prepared(world, snapshot, make_user, login, app, post_form)
    report = db.session.scalar(db.select(Report))
    post_form(f"/programme/reports/{report.id}/rows", {"area": "14", "activity": "Hội thảo tín dụng xanh",
                                                       "funding_state": "2.000.000"}, get_path=url, c=c)
    post_form(f"/programme/reports/{report.id}/header", {"report_date": "2026-12-01", "preparer_name": "Phạm Thị Sở",
                                                         "preparer_phone": "028 1", "preparer_email": ""},
              get_path=url, c=c)
    ministry = login(_officer(make_user), app.test_client())
    page = ministry.get("/programme/reports?year=2026&lang=en").get_data(as_text=True)
    assert "0 of 35 units have submitted." in page and "Not started" in page
    post_form(f"/programme/reports/{report.id}/submit", {}, get_path=f"/programme/reports/{report.id}/submit", c=c)
    page = ministry.get("/programme/reports?year=2026&lang=en").get_data(as_text=True)
    assert "1 of 35 units have submitted." in page
    national = ministry.get("/programme/reports/national/2026?lang=vi").get_data(as_text=True)
    assert "Hội thảo tín dụng xanh" in national and "Sở Công Thương Thành phố Hồ Chí Minh" in national
    assert "2.000.000 ₫" in national
    text = _docx_text(ministry.get("/programme/reports/national/2026/appendix-ii.docx").data)
    assert "[Sở Công Thương Thành phố Hồ Chí Minh] Hội thảo tín dụng xanh" in text
    assert "ngân sách nhà nước 2.000.000 đồng" in text
    cells = _xlsx_cells(ministry.get("/programme/reports/national/2026/appendix-ii.xlsx").data)
    assert 2000000 in cells


def test_reminders_from_1_december_to_units_that_have_not_submitted(world, snapshot, make_user, login, app, post_form):
    from app import clock
    from app.extensions import db
    from app.notifications.models import Notification
    from app.programme.models import Report, ReportStatus
    from app.programme.reports import reminders_job

    hcm = _officer(make_user, "79")
    hn = _officer(make_user, "1")
    ministry = _officer(make_user)
    assert reminders_job() == "not reminder season"  # 15 June
    with clock.frozen(dt.datetime(2026, 11, 30, 10)):
        assert reminders_job() == "not reminder season"  # 30 November, 17:00 in Vietnam
    world.org("producer", "79")
    snapshot()
    # Hà Nội has submitted
    from app.programme.models import ReportingUnit

    unit_hn = db.session.scalar(db.select(ReportingUnit).where(ReportingUnit.province_code == "1"))
    db.session.add(Report(unit_id=unit_hn.id, year=2026, status=ReportStatus.submitted, submitted_at=NOW))
    db.session.commit()
    with clock.frozen(dt.datetime(2026, 12, 1, 2)):
        assert reminders_job() == "2 unit(s) reminded"  # Hồ Chí Minh City and the ministry's unit
        assert reminders_job() == "0 unit(s) reminded"  # once a day
    with clock.frozen(dt.datetime(2026, 12, 2, 2)):
        assert reminders_job() == "2 unit(s) reminded"
    to = {n.user_id: n for n in db.session.scalars(db.select(Notification).where(Notification.kind == "programme.report_reminder"))}
    assert set(to) == {hcm.id, ministry.id} and hn.id not in to
    assert "15" in to[hcm.id].title and to[hcm.id].url == "/programme/reports"


def test_api_twins_use_the_same_rules(world, snapshot, make_user, token_for, client):
    from app.extensions import db
    from app.programme.models import Report

    _data(world)
    snapshot()
    user = _officer(make_user, "79")
    auth = {**token_for(user), "Accept-Language": "en"}
    r = client.post("/api/v1/programme/reports", json={"year": 2026}, headers=auth)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["unit"] == "Sở Công Thương Thành phố Hồ Chí Minh" and body["status"] == "draft"
    assert any("2 giao dịch trị giá 7.000.000 đồng" in row["results"] for row in body["rows"])
    rid = body["id"]
    assert client.post("/api/v1/programme/reports", json={"year": 2026}, headers=auth).get_json()["id"] == rid
    bad = client.post(f"/api/v1/programme/reports/{rid}/rows", json={"area": "16", "activity": "x", "funding_state": -5},
                      headers=auth)
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"area", "activity", "funding_state"}
    assert bad.get_json()["error"]["fields"]["area"] == ["Choose one of the 15 task areas."]
    row = client.post(f"/api/v1/programme/reports/{rid}/rows",
                      json={"area": "9", "activity": "Tập huấn", "funding_state": "1,500,000"}, headers=auth)
    assert row.status_code == 201 and row.get_json()["funding_state"] == 1500000
    assert client.post(f"/api/v1/programme/reports/{rid}/submit", json={}, headers=auth).status_code == 200
    assert client.patch(f"/api/v1/programme/reports/{rid}", json={"preparer_name": "Khác"}, headers=auth).status_code == 409
    db.session.expire_all()
    assert db.session.get(Report, rid).status.value == "submitted"
    other = _officer(make_user, "1")
    assert client.get(f"/api/v1/programme/reports/{rid}", headers=token_for(other)).status_code == 404


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_incomplete_report_is_refused_alike_by_the_page_and_the_api(world, snapshot, make_user, login, app, post_form,
                                                                       token_for, lang):
    """Submitting checks the report with the service's schema (ReportCompleteInput): the confirmation page lists
    exactly the API's field messages, in the user's language, and the report stays a draft."""
    import re

    from app.extensions import db
    from app.programme.models import Report, ReportStatus

    c, user, url = _prepared(world, snapshot, make_user, login, app, post_form)
    report = db.session.scalar(db.select(Report))
    post_form(f"/programme/reports/{report.id}/header", {"report_date": "", "preparer_name": "", "preparer_phone": "",
                                                         "preparer_email": ""}, get_path=url, c=c)
    page = post_form(f"/programme/reports/{report.id}/submit?lang={lang}", {},
                     get_path=f"/programme/reports/{report.id}/submit?lang={lang}", c=c)
    api = c.post(f"/api/v1/programme/reports/{report.id}/submit", json={},
                 headers={**token_for(user), "Accept-Language": lang})
    assert page.status_code == 422 and api.status_code == 422
    fields = api.get_json()["error"]["fields"]
    assert set(fields) == {"report_date", "preparer_name", "preparer_phone"}
    alert = re.search(r'<div class="alert alert-error" role="alert">(.*?)</div>', page.get_data(as_text=True), re.S).group(1)
    shown = [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", alert, re.S)]
    assert sorted(shown) == sorted(m for ms in fields.values() for m in ms)
    assert ("Nhập họ tên người lập báo cáo." if lang == "vi" else "Enter the preparer's name.") in shown
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == ReportStatus.draft


def test_prefilled_rows_never_put_a_bare_dash_where_a_figure_is_missing(world, snapshot, make_user, login, app,
                                                                       post_form):
    """A supermarket that bought no product through the platform yet has no eco-labelled share: the row says
    so in words instead of "…; — sản phẩm họ mua mang nhãn sinh thái…"."""
    from app.extensions import db
    from app.programme.models import Report

    _prepared(world, snapshot, make_user, login, app, post_form)
    report = db.session.scalar(db.select(Report))
    texts = [r.results for r in report.rows]
    assert texts
    for text in texts:
        assert "; — " not in text and not text.startswith("— ") and "(— " not in text, text
