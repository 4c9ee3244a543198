"""Issue 19 item 3: the project types of Decision 21/2025/QĐ-TTg as versioned reference data; banks tag their
offers with them and only known codes are accepted (page and API give the same field message)."""
from __future__ import annotations

import html
import json
import re

import pytest

from tests.test_input_once import page_errors, same_errors


def test_the_taxonomy_file_states_its_source_and_flags_what_it_could_not_verify():
    from app.finance.taxonomy import GREEN_TAXONOMY, TAXONOMY_FILE

    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    assert data == GREEN_TAXONOMY
    assert "21/2025/QĐ-TTg" in data["source"] and "21/2025/QĐ-TTg" in data["source_vi"] and data["version"] == "1"
    assert TAXONOMY_FILE.name == f"green_taxonomy.v{data['version']}.json"
    assert set(data["sectors"]) == {"EN", "TR", "CO", "WA", "AG", "MA", "ES"}
    codes = [t["code"] for t in data["types"]]
    assert len(codes) == len(set(codes)) and len(codes) <= 45
    for t in data["types"]:
        assert re.fullmatch(r"T21\.(EN|TR|CO|WA|AG|MA|ES)\.\d\d", t["code"]) and t["code"].split(".")[1] == t["sector"]
        assert t["vi"].strip() and t["en"].strip() and t["vi"] != t["en"]
        assert t["verified"] is True or len(t["missing"]) > 20, t["code"]
        assert t["name_basis"] in ("decision", "press", "reconstructed")
        if t["name_basis"] == "reconstructed":  # a name we made up from the sector's scope is never verified
            assert t["verified"] is False and "econstructed" in t["missing"] and "(reconstructed name)" in t["en"]
        if t["name_basis"] == "press":
            assert t["name_source"] in data["sources"]
        if t["verified"] is False and t["criteria_summary"]:
            assert "press" in t["criteria_summary"]["en"]  # a criteria text says where it was read


def test_project_types_have_display_names_in_both_languages(app):
    from flask_babel import force_locale

    from app.display import display_name

    with app.test_request_context("/"):
        with force_locale("vi"):
            assert display_name("T21.EN.02", "green_project_type") == "Sản xuất điện mặt trời"
        with force_locale("en"):
            assert display_name("T21.EN.02", "green_project_type") == "Solar power generation"


def _offer_form(**fields):
    return {"title": "Tín dụng xanh điện mặt trời", "product_type": "green_loan", "purposes": ["renewable_energy"],
            "currency": "VND", "labels_match": "any", **fields}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_offers_only_take_known_project_types_on_the_page_and_the_api(bank, login, post_form, token_for, lang):
    from app.extensions import db
    from app.finance.models import FinanceOffer

    user, _org = bank
    client = login(user)
    bad = _offer_form(project_types=["T21.EN.02", "T21.XX.99"])
    form = post_form(f"/finance/manage/new?lang={lang}", bad)
    api = client.post("/api/v1/finance/offers", json=bad, headers={**token_for(user), "Accept-Language": lang})
    assert form.status_code == 422 and api.status_code == 422
    message = api.get_json()["error"]["fields"]["project_types"]
    assert "T21.XX.99" in message[0]
    assert page_errors(form.get_data(as_text=True))["project_types"] == message
    patch_target = client.post("/api/v1/finance/offers", json=_offer_form(), headers=token_for(user)).get_json()["id"]
    r = client.patch(f"/api/v1/finance/offers/{patch_target}", json={"project_types": "nope"}, headers=token_for(user))
    assert r.status_code == 422 and "project_types" in r.get_json()["error"]["fields"]
    assert db.session.get(FinanceOffer, patch_target).project_types == []
    assert db.session.scalar(db.select(db.func.count(FinanceOffer.id))) == 1


def test_a_tagged_offer_shows_project_type_names_not_codes(bank, login, post_form, token_for):
    from app.extensions import db
    from app.finance.models import FinanceOffer

    user, _org = bank
    client = login(user)
    r = post_form("/finance/manage/new?lang=vi", {**_offer_form(project_types=["T21.EN.02", "T21.CO.01"]),
                                                   "action": "publish"})
    assert r.status_code == 302, page_errors(r.get_data(as_text=True))
    offer = db.session.scalar(db.select(FinanceOffer))
    assert offer.project_types == ["T21.EN.02", "T21.CO.01"]
    page = html.unescape(client.get(f"/finance/offers/{offer.id}?lang=vi").get_data(as_text=True))
    assert "Sản xuất điện mặt trời" in page and "Xây mới, cải tạo công trình đạt mục tiêu công trình xanh" in page
    assert "T21.EN.02" not in page
    api = client.get(f"/api/v1/finance/offers/{offer.id}").get_json()
    assert api["project_types"] == ["T21.EN.02", "T21.CO.01"]
    body = client.get("/api/v1/finance/taxonomy?lang=en").get_json()
    solar = next(t for t in body["types"] if t["code"] == "T21.EN.02")
    assert solar["name"] == "Solar power generation" and solar["verified"] is False and solar["missing"]
    assert "21/2025" in body["source"]


OFFER_BAD = {"title": "x", "product_type": "nope", "purposes": ["moon"], "amount_min": "abc", "tenor_min_months": "0",
             "rate_min": "200", "valid_from": "31/02/2030", "project_types": ["T21.XX.01"], "eligible_provinces": ["99"],
             "currency": "XYZ"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_offer_form_and_api_give_the_same_field_errors(bank, login, post_form, token_for, lang):
    from app.extensions import db
    from app.finance.models import FinanceOffer

    user, _org = bank
    client = login(user)
    form = post_form(f"/finance/manage/new?lang={lang}", OFFER_BAD)
    api = client.post("/api/v1/finance/offers", json=OFFER_BAD, headers={**token_for(user), "Accept-Language": lang})
    same_errors(form, api, list(OFFER_BAD))
    assert db.session.scalar(db.select(db.func.count(FinanceOffer.id))) == 0


def test_an_offer_amount_typed_the_vietnamese_way_is_the_same_number_on_page_and_api(bank, login, post_form, token_for):
    from app.extensions import db
    from app.finance.models import FinanceOffer

    user, _org = bank
    client = login(user)
    r = post_form("/finance/manage/new?lang=vi", _offer_form(amount_min="500.000.000", amount_max="20.000.000.000",
                                                             rate_min="6,5"))
    assert r.status_code == 302, page_errors(r.get_data(as_text=True))
    api = client.post("/api/v1/finance/offers", json=_offer_form(amount_min="500.000.000", amount_max=20_000_000_000,
                                                                 rate_min=6.5),
                      headers={**token_for(user), "Accept-Language": "vi"})
    assert api.status_code == 201, api.get_json()
    rows = db.session.execute(db.select(FinanceOffer.amount_min, FinanceOffer.amount_max, FinanceOffer.rate_min)).all()
    assert [tuple(r) for r in rows] == [(500_000_000, 20_000_000_000, 6.5)] * 2


INTEREST_BAD = {"need_purpose": "moon", "need_amount": "abc", "need_timeline": "x" * 201, "share_profile": ["password"]}


def test_interest_form_and_api_give_the_same_field_errors(producer, make_offer, login, post_form, token_for):
    offer = make_offer(purposes=["renewable_energy", "energy_efficiency"])
    user, _org = producer
    client = login(user)
    form = post_form(f"/finance/offers/{offer.id}/interest?lang=en", INTEREST_BAD)
    api = client.post(f"/api/v1/finance/offers/{offer.id}/leads", json=INTEREST_BAD,
                      headers={**token_for(user), "Accept-Language": "en"})
    same_errors(form, api, list(INTEREST_BAD) + ["consent"])


def test_an_offer_saved_unchanged_from_its_edit_form_keeps_its_values(bank, login, make_offer):
    """The edit form shows the stored numbers and dates so that the service reads them back the same."""
    import datetime as dt

    from app.extensions import db
    from tests.conftest import csrf_from

    user, _org = bank
    offer = make_offer(publish=False, valid_from=dt.date(2030, 1, 1), min_years_operating=2,
                       project_types=["T21.EN.02"])
    before = {k: getattr(offer, k) for k in ("amount_min", "amount_max", "rate_min", "rate_max", "tenor_min_months",
                                             "valid_from", "min_years_operating", "project_types", "eligible_kinds",
                                             "labels_match", "currency")}
    client = login(user)
    for lang in ("vi", "en"):
        page = client.get(f"/finance/manage/{offer.id}/edit?lang={lang}").get_data(as_text=True)
        import re

        data = {"csrf_token": csrf_from(page), "action": "save"}
        for tag in re.findall(r"<input[^>]*>", page):  # text inputs as shown (checkboxes only when ticked)
            name, value = re.search(r'name="(\w+)"', tag), re.search(r'value="([^"]*)"', tag)
            if name and value and name.group(1) != "csrf_token" and (
                    'type="checkbox"' not in tag and 'type="radio"' not in tag or "checked" in tag):
                data.setdefault(name.group(1), html.unescape(value.group(1)))
        data["title"] = offer.title
        data["product_type"] = offer.product_type
        data["purposes"] = list(offer.purposes)
        data["project_types"] = list(offer.project_types)
        r = client.post(f"/finance/manage/{offer.id}/edit?lang={lang}", data=data)
        assert r.status_code == 302, page_errors(r.get_data(as_text=True))
        db.session.refresh(offer)
        assert {k: getattr(offer, k) for k in before} == before
