"""Trace pages without JavaScript: producers record lots and inputs, ship lots from the deal page, set the
product's trace profile; verifiers see shortfalls; product pages and queues show the trace sections."""
from __future__ import annotations

import datetime as dt
import io
import re

from tests.conftest import csrf_from
from tests.trace.conftest import PDF


def _signed_in(app, login, user):
    return login(user, app.test_client())


def test_record_a_lot_from_the_form(app, chain, login):
    c = chain(until="deal")
    web = _signed_in(app, login, c.maker)
    page = web.get(f"/trace/lots/new?listing_id={c.bottles.id}&lang=en")
    assert page.status_code == 200 and "Record a lot" in page.get_data(as_text=True)
    token = csrf_from(page.get_data(as_text=True))
    bad = web.post("/trace/lots/new?lang=en", data={"csrf_token": token, "listing_id": c.bottles.id, "lot_number": "A B",
                                                    "production_date": "2026-99-01", "quantity": "0"})
    assert bad.status_code == 422
    body = bad.get_data(as_text=True)
    assert "no spaces" in body and "Enter a date such as 12/31/2026 (or 2026-12-31)." in body and "greater than 0" in body
    ok = web.post("/trace/lots/new?lang=vi", data={"csrf_token": token, "listing_id": c.bottles.id, "lot_number": "B-777",
                                           "production_date": dt.date.today().isoformat(), "quantity": "2.000"})
    assert ok.status_code == 302 and "/trace/lots/" in ok.headers["Location"]
    manage = web.get(ok.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "B-777" in manage and "/01/08934567890120/10/B-777" in manage and "2,000 piece" in manage.replace("2.000", "2,000")


def test_outside_input_with_evidence_and_a_correction_from_the_manage_page(app, chain, login):
    c = chain(until="deal")
    from app.trace.services import lots

    lot = lots.record_lot(c.actor("recycler"), c.flakes.id, {"lot_number": "F-7", "production_date": dt.date.today(),
                                                              "quantity": 100})
    web = _signed_in(app, login, c.recycler)
    url = f"/trace/lots/{lot.id}/manage"
    token = csrf_from(web.get(url).get_data(as_text=True))
    r = web.post(f"/trace/lots/{lot.id}/inputs/outside", data={
        "csrf_token": token, "o-supplier_name": "Điểm thu gom Biên Hoà", "o-description": "Chai PET sau tiêu dùng",
        "o-material": "pet", "o-mass_kg": "130", "o-recycled_pct": "100", "o-received_on": dt.date.today().isoformat(),
        "o-evidence": (io.BytesIO(PDF), "phieu-can.pdf")}, content_type="multipart/form-data")
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    assert len(lot.active_inputs) == 1 or lots.get_lot(lot.id).active_inputs
    page = web.get(url + "?lang=en").get_data(as_text=True)
    assert "Điểm thu gom Biên Hoà" in page and "evidence" in page
    evidence = re.search(r'href="(/trace/inputs/\d+/evidence)"', page).group(1)
    assert web.get(evidence).data == PDF
    assert app.test_client().get(evidence).status_code in (302, 401)  # not for anonymous visitors
    # a correction without a reason is refused with a message; with one it is recorded
    no_reason = web.post(f"/trace/lots/{lot.id}/correct", data={"csrf_token": token, "c-quantity": "90"})
    assert no_reason.status_code == 422
    done = web.post(f"/trace/lots/{lot.id}/correct", data={
        "csrf_token": token, "c-production_date": lot.production_date.isoformat(), "c-quantity": "90",
        "c-yield_pct": "85", "c-recycled_pct": "100", "c-reason": "Cân lại sau khi sấy"})
    assert done.status_code == 302
    history = web.get(url + "?lang=en").get_data(as_text=True)
    assert "corrected" in history and "Cân lại sau khi sấy" in history and "quantity: 100.0 → 90.0" in history


def test_ship_a_lot_from_the_deal_page_and_use_it(app, chain, login):
    c = chain(until="flakes")
    supplier = _signed_in(app, login, c.recycler)
    deal_url = f"/sourcing/deals/{c.deal.id}"
    page = supplier.get(deal_url + "?lang=en").get_data(as_text=True)
    assert "Lots shipped under this deal" in page and "F-001" in page
    r = supplier.post(f"/trace/deals/{c.deal.id}/dispatch", data={"csrf_token": csrf_from(page), "lot_id": c.flakes_lot.id,
                                                                  "quantity": "1000", "shipped_on": dt.date.today().isoformat()})
    assert r.status_code == 302
    buyer = _signed_in(app, login, c.maker)
    assert "F-001" in buyer.get(deal_url).get_data(as_text=True)
    from app.trace.services import lots

    lot = lots.record_lot(c.actor("maker"), c.bottles.id, {"lot_number": "B-5", "production_date": dt.date.today(),
                                                            "quantity": 10000})
    manage = buyer.get(f"/trace/lots/{lot.id}/manage?lang=en").get_data(as_text=True)
    d_id = re.search(r'<option value="(\d+)">Lot F-001 of Tái Chế Xanh', manage).group(1)
    added = buyer.post(f"/trace/lots/{lot.id}/inputs", data={"csrf_token": csrf_from(manage), "p-dispatch_id": d_id,
                                                             "p-mass_kg": "150"})
    assert added.status_code == 302
    too_much = buyer.post(f"/trace/lots/{lot.id}/inputs", data={"csrf_token": csrf_from(manage), "p-dispatch_id": d_id,
                                                                "p-mass_kg": "900"})
    assert too_much.status_code == 422 and "850" in too_much.get_data(as_text=True)
    # a stranger cannot post to either
    from app.trace.models import LotDispatch
    from app.extensions import db

    assert db.session.scalar(db.select(db.func.count(LotDispatch.id))) == 1


def test_trace_profile_form_and_listing_section(app, chain, login, client):
    c = chain()
    web = _signed_in(app, login, c.maker)
    url = f"/trace/listings/{c.bottles.id}"
    page = web.get(url + "?lang=en").get_data(as_text=True)
    assert "Composition and checks" in page and "81.1 g" in page  # 0.0811 kg per bottle from the composition
    bad = web.post(url, data={"csrf_token": csrf_from(page), "components-0-material": "pet",
                              "components-0-mass_kg": "-1", "balance_model": "lot", "default_yield_pct": "90"})
    assert bad.status_code == 422
    ok = web.post(url, data={"csrf_token": csrf_from(page), "components-0-material": "pet",
                             "components-0-mass_kg": "0,03", "components-0-recycled_pct": "50",
                             "balance_model": "period", "default_yield_pct": "90"})
    assert ok.status_code == 302
    from app.trace.services import profiles

    p = profiles.profile_for(c.bottles.id)
    assert p.components == [{"material": "pet", "mass_kg": 0.03, "recycled_pct": 50.0}] and p.balance_model.value == "period"
    product = client.get(f"/listings/{c.bottles.id}?lang=en").get_data(as_text=True)
    assert "Traceability and footprint" in product and f"/trace/lots/{c.bottle_lot.id}" in product
    flakes = client.get(f"/listings/{c.flakes.id}?lang=en").get_data(as_text=True)
    assert "DQL 3" in flakes and "DIN SPEC 91446" in flakes


def test_verifiers_see_shortfalls_in_their_queue(app, chain, login, make_user):
    c = chain(bottle_recycled_pct=80)
    verifier = _signed_in(app, login, make_user(role="verifier"))
    queue = verifier.get("/verify?lang=en").get_data(as_text=True)
    assert "1 lots claim more recycled content than their inputs cover" in queue
    page = verifier.get("/trace/verify?lang=en").get_data(as_text=True)
    assert "B-001" in page and "240 / 150 kg" in page
    flag_id = re.search(r'/trace/flags/(\d+)/review', page).group(1)
    r = verifier.post(f"/trace/flags/{flag_id}/review", data={"csrf_token": csrf_from(page), "note": "Đã gọi điện"})
    assert r.status_code == 302
    producer = _signed_in(app, login, c.maker)
    assert producer.get("/trace/verify").status_code == 403
    assert "Đã gọi điện" in producer.get(f"/trace/lots/{c.bottle_lot.id}/manage").get_data(as_text=True)


def test_producer_pages_are_private(app, chain, login, make_user, make_org):
    c = chain()
    other = make_user()
    make_org("producer", owner=other)
    web = _signed_in(app, login, other)
    assert web.get(f"/trace/lots/{c.bottle_lot.id}/manage").status_code == 404
    assert web.get(f"/trace/listings/{c.bottles.id}").status_code == 404
    page = web.get("/trace/my").get_data(as_text=True)
    token = csrf_from(page)
    assert web.post(f"/trace/lots/{c.bottle_lot.id}/void", data={"csrf_token": token, "reason": "phá hoại"}).status_code == 404
    assert app.test_client().get("/trace/my").status_code in (302, 401)


def test_dashboard_panel_and_navigation(app, chain, login):
    c = chain(bottle_recycled_pct=80)
    web = _signed_in(app, login, c.maker)
    dash = web.get("/dashboard?lang=en").get_data(as_text=True)
    assert "1 active lots." in dash and "1 recycled-content shortfalls" in dash
    assert "/trace/my" in dash
