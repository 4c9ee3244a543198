"""The public statistics page, its CSV files, the API and the officers' drill-down."""
from __future__ import annotations

import csv
import re
import io

from .conftest import NOW, days


def _data(world):
    supplier = world.org("producer", "79", sectors=["packaging"])
    bags = world.listing(supplier)
    world.claim(bags, "vn-ecolabel")
    sm_hn = world.org("buyer", "1", segment="supermarket", sectors=["retail"])
    sm_hcm = world.org("buyer", "79", segment="supermarket", sectors=["retail"])
    world.deal(sm_hn, bags, when=NOW - days(70), total=3_000_000)
    world.deal(sm_hn, bags, when=NOW - days(40), total=4_000_000)
    return supplier, sm_hn, sm_hcm


def _officer(make_user, province=None):
    from app import clock
    from app.extensions import db
    from app.programme.models import Officer, ReportingUnit
    from app.programme.officers import seed_units

    seed_units()
    unit = db.session.scalar(db.select(ReportingUnit).where(
        ReportingUnit.province_code == province if province else ReportingUnit.province_code.is_(None)))
    user = make_user()
    db.session.add(Officer(user_id=user.id, unit_id=unit.id, granted_at=clock.now()))
    db.session.commit()
    return user


def _csv(resp):
    text = resp.get_data(as_text=True).lstrip("\ufeff")
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    return rows[0], rows[1:]


def test_page_before_any_snapshot_says_so(client):
    r = client.get("/statistics")
    assert r.status_code == 200 and "chưa" in r.get_data(as_text=True).lower()


def test_page_in_vietnamese_and_english_with_targets_and_charts(world, snapshot, client):
    _data(world)
    snapshot()
    vi = client.get("/statistics?lang=vi").get_data(as_text=True)
    assert "Thống kê Chương trình" in vi and "Siêu thị, trung tâm thương mại mua bao bì thân thiện môi trường" in vi
    assert "50%" in vi  # one of the two supermarkets
    assert "Mục tiêu quốc gia: 100% vào năm 2030" in vi  # in 2026 the next target year is 2030
    assert "7.000.000 ₫" in vi  # deal value, Vietnamese grouping
    assert vi.count("<svg") >= 5 and "<script" not in vi.split("<main", 1)[-1].split("</main>")[0]  # no JS needed
    en = client.get("/statistics?lang=en").get_data(as_text=True)
    assert "Programme statistics" in en and "Supermarkets and trade centres buying eco-friendly packaging" in en
    assert "7,000,000 ₫" in en and "National target: 100% by 2030" in en
    assert "10–15%" not in en and "20–30% by 2030" in en


def test_filter_by_province_changes_the_figures(world, snapshot, client):
    _data(world)
    snapshot()
    hn = client.get("/statistics?lang=en&year=2026&province=1").get_data(as_text=True)
    assert 'data-value="100.0"' in hn  # Hà Nội's only supermarket bought eco packaging
    hcm = client.get("/statistics?lang=en&year=2026&province=79").get_data(as_text=True)
    assert 'data-value="0.0"' in hcm
    bad = client.get("/statistics?lang=en&province=99&year=1990")
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert "Choose one of the 34 provinces." in page and "Choose a year between 2021 and 2030." in page


def test_every_chart_downloads_as_csv_matching_the_chart(world, snapshot, client):
    from app.programme.snapshots import by_month, by_province, latest

    _data(world)
    snapshot()
    page = client.get("/statistics?lang=en").get_data(as_text=True)
    assert "/statistics/deals/trend.csv?year=2026" in page
    header, rows = _csv(client.get("/statistics/deal_value/trend.csv?year=2026"))
    rows_en = rows
    assert header == ["month", "vnd"]
    snap = latest()
    assert [(r[0], float(r[1] or 0)) for r in rows] == [(f"2026-{m:02d}", float(v or 0))
                                                          for m, v in by_month(snap, "deal_value", 2026)]
    assert sum(float(r[1] or 0) for r in rows) == 7_000_000
    r = client.get("/statistics/retail_eco_packaging/provinces.csv?year=2026")
    assert r.headers["Content-Type"].startswith("text/csv") and "attachment" in r.headers["Content-Disposition"]
    header, rows = _csv(r)
    assert rows == [["1", "Thành phố Hà Nội", "100"], ["79", "Thành phố Hồ Chí Minh", "0"]] or \
        [(row[0], float(row[2])) for row in rows] == [(p, v) for p, v in by_province(snap, "retail_eco_packaging", 2026)]
    header, rows = _csv(client.get("/statistics/certified_listings/breakdown.csv?year=2026&group=k"))
    assert rows == [["eco", "Ecolabel (Type I)", "1"]] or rows[0][0] == "eco"
    # machine-readable whatever the reader's language, and it says so in its header lines
    vi = client.get("/statistics/deal_value/trend.csv?year=2026&lang=vi").get_data(as_text=True)
    assert "# Dữ liệu cho chương trình máy tính: số dùng dấu chấm thập phân" in vi
    assert _csv(client.get("/statistics/deal_value/trend.csv?year=2026&lang=vi"))[1] == rows_en
    assert all(re.fullmatch(r"\d{4}-\d{2}", r[0]) and re.fullmatch(r"\d*(\.\d+)?", r[1]) for r in rows_en)
    assert client.get("/statistics/nope/trend.csv").status_code == 404
    assert client.get("/statistics/deals/pie.csv").status_code == 404


def test_api_gives_the_same_figures(world, snapshot, client):
    _data(world)
    snapshot()
    r = client.get("/api/v1/programme/indicators?year=2026&province=1")
    assert r.status_code == 200
    items = {i["code"]: i for i in r.get_json()["items"]}
    assert items["retail_eco_packaging"]["value"] == 100.0
    assert items["retail_eco_packaging"]["targets"][0] == {"year": 2025, "low": 85.0, "high": None}
    assert items["deal_value"]["value"] == 7_000_000
    assert client.get("/api/v1/programme/indicators?province=99").status_code == 422


def test_drilldown_for_officers_only_and_a_province_officer_stays_in_the_province(world, snapshot, client, login,
                                                                                   make_user, app):
    supplier, sm_hn, sm_hcm = _data(world)
    snapshot()
    url = "/statistics/deals/organisations?year=2026"
    assert client.get(url).status_code in (302, 401)  # signed out: sign in first
    stranger = login(make_user(), app.test_client())
    assert stranger.get(url).status_code == 403
    ministry = login(_officer(make_user), app.test_client())
    page = ministry.get(url + "&lang=en").get_data(as_text=True)
    assert sm_hn.legal_name in page and supplier.legal_name in page and sm_hcm.legal_name not in page
    hcm = login(_officer(make_user, "79"), app.test_client())
    page = hcm.get(url + "&lang=en").get_data(as_text=True)
    assert supplier.legal_name in page and sm_hn.legal_name not in page  # the Hà Nội buyer is not theirs
    assert hcm.get(url + "&province=1").status_code == 403
    stats = hcm.get("/statistics?lang=en").get_data(as_text=True)
    assert "programme officer" in stats and "/statistics/deals/organisations" in stats
    assert "/statistics/deals/organisations" not in client.get("/statistics?lang=en").get_data(as_text=True)


def test_refresh_is_asked_by_ministry_officers_and_done_by_the_job(world, snapshot, make_user, login, app, post_form):
    from app.extensions import db
    from app.programme.models import Snapshot
    from app.programme.snapshots import daily_job, latest

    world.org("producer", "1")
    first = snapshot()
    hcm = login(_officer(make_user, "79"), app.test_client())
    assert post_form("/statistics/refresh", {}, get_path="/statistics", c=hcm).status_code == 403
    ministry = login(_officer(make_user), app.test_client())
    r = post_form("/statistics/refresh", {}, get_path="/statistics", c=ministry)
    assert r.status_code == 302
    assert latest().id == first.id  # nothing computed inside the request
    assert "requested" in daily_job()
    assert latest().id > first.id
    assert db.session.scalar(db.select(db.func.count(Snapshot.id)).where(Snapshot.finished_at.is_(None))) == 0


def test_officer_sees_a_dashboard_panel(make_user, login, app):
    c = login(_officer(make_user, "79"), app.test_client())
    page = c.get("/dashboard?lang=en").get_data(as_text=True)
    assert "Programme officer" in page and "Department of Industry and Trade" in page
