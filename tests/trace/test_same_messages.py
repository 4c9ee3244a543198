"""Trace input is validated once, in the services' schemas (issue 14): a page and the API given the same bad
input refuse it with the same field messages, in Vietnamese and English, and change nothing; masses are
read and written in the user's convention (`849,5` kg in Vietnamese)."""
from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest

from tests.test_input_once import page_errors
from tests.trace.conftest import PDF


def _page(r, prefix: str = "") -> dict[str, list[str]]:
    """The page's field messages, named as the API names them (without the form's prefix)."""
    return {k.removeprefix(prefix): v for k, v in page_errors(r.get_data(as_text=True)).items()}


def _same(page, api, fields, prefix=""):
    assert page.status_code == 422 and api.status_code == 422, (page.status_code, api.get_json())
    from_api = api.get_json()["error"]["fields"]
    assert set(from_api) == set(fields), from_api
    shown = _page(page, prefix)
    assert {f: shown.get(f) for f in fields} == {f: from_api[f] for f in fields}


def _tomorrow() -> str:
    from app import clock

    return (clock.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_recording_a_lot_page_and_api_give_the_same_field_errors(app, chain, login, post_form, token_for, lang):
    from app.extensions import db
    from app.trace.models import Lot

    c = chain(until="deal")
    web = login(c.maker, app.test_client())
    bad = {"listing_id": str(c.bottles.id), "lot_number": "Lô 1", "production_date": "31/31/2025", "expiry_date": "mai",
           "quantity": "0", "recycled_pct": "140", "yield_pct": "0", "dql": "7", "note": "x" * 501}
    page = post_form(f"/trace/lots/new?lang={lang}", bad, get_path=f"/trace/lots/new?lang={lang}", c=web)
    api = web.post("/api/v1/trace/lots", json={**bad, "listing_id": c.bottles.id},
                   headers={**token_for(c.maker), "Accept-Language": lang})
    _same(page, api, [k for k in bad if k != "listing_id"])
    assert db.session.scalar(db.select(db.func.count(Lot.id))) == 0


def test_an_outside_input_is_refused_alike_and_nothing_is_stored(app, chain, login, post_form, token_for):
    from app.extensions import db

    c = chain(until="flakes")
    lot = c.flakes_lot
    web = login(c.recycler, app.test_client())
    manage = f"/trace/lots/{lot.id}/manage?lang=en"
    bad = {"supplier_name": "", "description": "x" * 201, "material": "unobtainium", "mass_kg": "abc",
           "recycled_pct": "101", "dql": "0", "received_on": _tomorrow()}
    page = post_form(f"/trace/lots/{lot.id}/inputs/outside?lang=en", {f"o-{k}": v for k, v in bad.items()},
                     get_path=manage, c=web, content_type="multipart/form-data")
    api = web.post(f"/api/v1/trace/lots/{lot.id}/inputs", data={"kind": "outside", **bad},
                   headers={**token_for(c.recycler), "Accept-Language": "en"}, content_type="multipart/form-data")
    _same(page, api, [*bad, "evidence"], prefix="o-")
    db.session.expire_all()
    assert len(lot.active_inputs) == 1 and lot.version == 2  # the chain's own input; no event added
    ok = {"supplier_name": "Điểm thu gom Biên Hoà", "description": "Chai PET sau tiêu dùng", "material": "pet",
          "mass_kg": "1.234,5", "recycled_pct": "100", "received_on": dt.date.today().isoformat()}
    r = post_form(f"/trace/lots/{lot.id}/inputs/outside?lang=vi", {
        **{f"o-{k}": v for k, v in ok.items()}, "o-evidence": (io.BytesIO(PDF), "phieu-can.pdf")},
        get_path=f"/trace/lots/{lot.id}/manage?lang=vi", c=web, content_type="multipart/form-data")
    assert r.status_code == 302, _page(r)
    db.session.expire_all()
    assert sorted(i.mass_kg for i in lot.active_inputs) == [1200, 1234.5]  # vi: 1.234,5 kg = 1 234.5 kg


@pytest.mark.parametrize(("lang", "left"), [("vi", "849,5"), ("en", "849.5")])
def test_more_than_a_shipment_holds_is_refused_alike_in_the_users_language(app, chain, login, post_form, token_for,
                                                                          lang, left):
    """What a race loser is told too (tests/trace/test_races.py): how many kg are left, translated, with the
    number written the user's way."""
    from app.extensions import db
    from app.trace.services import lots

    c = chain(bottle_input_kg=150.5)
    lot = lots.record_lot(c.actor("maker"), c.bottles.id, {"lot_number": "B-9", "production_date": dt.date.today(),
                                                            "quantity": 100})
    web = login(c.maker, app.test_client())
    manage = f"/trace/lots/{lot.id}/manage?lang={lang}"
    too_much = {"dispatch_id": str(c.dispatch.id), "mass_kg": "900"}
    page = post_form(f"/trace/lots/{lot.id}/inputs?lang={lang}", {f"p-{k}": v for k, v in too_much.items()},
                     get_path=manage, c=web)
    api = web.post(f"/api/v1/trace/lots/{lot.id}/inputs", json={"dispatch_id": c.dispatch.id, "mass_kg": 900},
                   headers={**token_for(c.maker), "Accept-Language": lang})
    _same(page, api, ["mass_kg"], prefix="p-")
    db.session.expire_all()
    expected = {"vi": f"Chuyến giao này chỉ còn {left} kg để sử dụng.",
                "en": f"Only {left} kg of this shipment are left to use."}[lang]
    assert api.get_json()["error"]["fields"]["mass_kg"] == [expected]
    assert lot.active_inputs == [] and lot.version == 1


def test_a_correction_is_refused_alike_and_changes_nothing(app, chain, login, post_form, token_for):
    from app.extensions import db
    from app.trace.services import lots

    c = chain()
    lot = c.bottle_lot
    web = login(c.maker, app.test_client())
    manage = f"/trace/lots/{lot.id}/manage?lang=vi"
    form = post_form(f"/trace/lots/{lot.id}/correct?lang=vi", {
        "c-production_date": lot.production_date.isoformat(), "c-quantity": "-1", "c-yield_pct": "90",
        "c-recycled_pct": "50", "c-expiry_date": (lot.production_date - dt.timedelta(days=1)).isoformat(),
        "c-reason": "sai"}, get_path=manage, c=web)
    api = web.post(f"/api/v1/trace/lots/{lot.id}/corrections", json={
        "quantity": "-1", "expiry_date": (lot.production_date - dt.timedelta(days=1)).isoformat(), "reason": "sai"},
        headers={**token_for(c.maker), "Accept-Language": "vi"})
    _same(form, api, ["quantity", "expiry_date", "reason"], prefix="c-")
    db.session.expire_all()
    assert (lot.quantity, lot.expiry_date, lot.version) == (10000, None, 2)
    assert [e.kind for e in lots.events_of(lot)] == ["recorded", "input_added"]
    # the page shows the lot's numbers the user's way and reads them back unchanged
    page = html.unescape(web.get(manage).get_data(as_text=True))
    assert re.search(r'name="c-quantity"[^>]*value="10000"', page) or 'value="10000" name="c-quantity"' in page
    done = post_form(f"/trace/lots/{lot.id}/correct?lang=vi", {
        "c-production_date": lot.production_date.isoformat(), "c-quantity": "9.500", "c-yield_pct": "90",
        "c-recycled_pct": "50", "c-reason": "Đếm lại số chai"}, get_path=manage, c=web)
    assert done.status_code == 302
    assert lots.events_of(lot)[-1].data == {"quantity": [10000.0, 9500.0]}  # only what changed


def test_profile_and_period_messages_are_the_schemas(app, chain, login, post_form, token_for):
    from app.extensions import db
    from app.trace.services import profiles

    c = chain()
    web = login(c.maker, app.test_client())
    url = f"/trace/listings/{c.bottles.id}?lang=en"
    bad = {"balance_model": "weekly", "default_yield_pct": "0", "dql": "9"}
    page = post_form(url, bad, c=web)
    api = web.put(f"/api/v1/trace/listings/{c.bottles.id}", json=bad, headers={**token_for(c.maker), "Accept-Language": "en"})
    _same(page, api, list(bad))
    db.session.expire_all()
    assert profiles.profile_for(c.bottles.id).default_yield_pct == 90
    # a composition row the schema refuses: the API's message is the one above the page's table
    rows = [{"material": "pet", "mass_kg": "0,025", "recycled_pct": "50"}, {"material": "pet", "mass_kg": "-1"}]
    api = app.test_client().put(f"/api/v1/trace/listings/{c.bottles.id}", json={"components": rows},
                                headers={**token_for(c.maker), "Accept-Language": "vi"})
    message = api.get_json()["error"]["fields"]["components"]
    assert api.status_code == 422 and message == [
        "Dòng 2: chọn vật liệu, khối lượng mỗi đơn vị lớn hơn 0 kg và tỷ lệ tái chế từ 0 đến 100 %."], message
    page = post_form(f"/trace/listings/{c.bottles.id}?lang=vi", {
        "components-0-material": "pet", "components-0-mass_kg": "0,025", "components-0-recycled_pct": "50",
        "components-1-material": "pet", "components-1-mass_kg": "-1", "balance_model": "lot", "default_yield_pct": "90"},
        c=web)
    assert page.status_code == 422 and message[0] in html.unescape(page.get_data(as_text=True))
    db.session.expire_all()
    assert len(profiles.profile_for(c.bottles.id).components) == 2  # 25 g PET + 2 g PP, as the chain set them
    # a period ending before it starts: the API's field message is what the page flashes
    period = {"start": "2030-02-01", "end": "1/1/2030"}
    api = app.test_client().post(f"/api/v1/trace/listings/{c.bottles.id}/periods", json=period,
                                 headers={**token_for(c.maker), "Accept-Language": "en"})
    assert api.status_code == 422 and api.get_json()["error"]["fields"] == {
        "end": ["The period must end on or after its start."]}
    r = post_form(f"/trace/listings/{c.bottles.id}/periods?lang=en", period, get_path=url, c=web)
    assert r.status_code == 302
    assert "The period must end on or after its start." in html.unescape(web.get(url).get_data(as_text=True))
    assert profiles.periods_of(c.bottles.id) == []


@pytest.mark.parametrize(("lang", "says"), [
    ("vi", "Liên kết không phải GS1 Digital Link hợp lệ:"), ("en", "The link is not a valid GS1 Digital Link:")])
def test_the_resolver_says_why_a_code_is_not_valid_in_the_readers_language(client, lang, says):
    """A scanned code with a wrong check digit or a malformed path: a 404 page whose reason is in the
    reader's language (the parser's messages are translated, not the library's English)."""
    for path in ("/01/08934567890121/10/B-001", "/01/abc", "/01/" + "9" * 3000):
        r = client.get(f"{path}?lang={lang}")
        assert r.status_code == 404
        page = html.unescape(r.get_data(as_text=True))
        assert says in page
        reason = re.search(r'<span class="mono">(.*?)</span>', page, re.S).group(1)
        if lang == "vi":
            assert reason and not re.search(r"\b(the|is|of|digit|check)\b", reason, re.I), reason
