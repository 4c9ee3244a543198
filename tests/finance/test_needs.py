"""Issue 19 item 3: a business posts a financing need (amount, tenor, purpose, green-taxonomy project type,
environmental evidence, consent), sees the offers that fit with a reason per criterion; banks see only the
consented needs that fit their offers, are told about them by the job runner and can answer them."""
from __future__ import annotations

import html

import pytest

from tests.finance.authz_cases import NEED
from tests.test_input_once import page_errors, same_errors


def _actor(user):
    from app.permissions import Actor

    return Actor.for_user(user)


def _need(user, **fields):
    from app.finance import services

    return services.create_need(_actor(user), {**NEED, **fields})


@pytest.fixture()
def solar_offer(make_offer):
    return make_offer(project_types=["T21.EN.02"], documents_required=["environmental_permit"])


def test_a_business_posts_a_need_in_its_own_number_format_and_lists_edits_and_closes_it(producer, login, post_form):
    from app.extensions import db
    from app.finance.models import FinancingNeed, NeedStatus

    user, org = producer
    client = login(user)
    empty = html.unescape(client.get("/finance/needs?lang=vi").get_data(as_text=True))
    assert "Chưa có nhu cầu vốn nào." in empty and "/finance/needs/new" in empty
    form = {k: v for k, v in NEED.items() if k != "consent"}
    r = post_form("/finance/needs/new?lang=vi", {**form, "amount": "1.800.000.000", "consent": "y"})
    assert r.status_code == 302, page_errors(r.get_data(as_text=True))
    need = db.session.scalar(db.select(FinancingNeed))
    assert (need.amount, need.tenor_months, need.project_type, need.consent) == (1_800_000_000, 60, "T21.EN.02", True)
    listing = html.unescape(client.get("/finance/needs?lang=vi").get_data(as_text=True))
    assert need.title in listing and "1.800.000.000 ₫" in listing
    r = post_form(f"/finance/needs/{need.id}/edit?lang=en", {**form, "amount": "2,000,000,000", "consent": ""})
    assert r.status_code == 302, page_errors(r.get_data(as_text=True))
    db.session.refresh(need)
    assert need.amount == 2_000_000_000 and need.consent is False
    r = post_form(f"/finance/needs/{need.id}/close", {}, get_path=f"/finance/needs/{need.id}")
    assert r.status_code == 302
    db.session.refresh(need)
    assert need.status == NeedStatus.closed


NEED_BAD = {"title": "x", "amount": "abc", "tenor_months": "0", "purpose": "moon", "project_type": "T21.XX.01",
            "evidence_kind": "environmental_permit", "evidence_number": "", "evidence_date": "2099-01-01",
            "evidence_agency": ""}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_need_form_and_api_give_the_same_field_errors_and_unknown_codes_are_refused(producer, login, post_form,
                                                                                   token_for, lang):
    from app.extensions import db
    from app.finance.models import FinancingNeed

    user, _org = producer
    client = login(user)
    form = post_form(f"/finance/needs/new?lang={lang}", NEED_BAD)
    api = client.post("/api/v1/finance/needs", json=NEED_BAD, headers={**token_for(user), "Accept-Language": lang})
    same_errors(form, api, ["title", "amount", "tenor_months", "purpose", "project_type", "evidence_number",
                            "evidence_date", "evidence_agency"])
    assert db.session.scalar(db.select(db.func.count(FinancingNeed.id))) == 0
    need = _need(user)
    r = client.patch(f"/api/v1/finance/needs/{need.id}", json={"project_type": "T99"}, headers=token_for(user))
    assert r.status_code == 422 and list(r.get_json()["error"]["fields"]) == ["project_type"]


def test_matching_gives_a_reason_per_criterion(producer, make_offer, solar_offer):
    from app.finance import services

    user, _org = producer
    wind = make_offer(title="Tín dụng điện gió", project_types=["T21.EN.01"], amount_min=5_000_000_000)
    need = _need(user, evidence_kind="", evidence_number="", evidence_date="", evidence_agency="")
    _n, fits = services.matches_for_need(_actor(user), need.id)
    by_offer = {f.offer.id: f for f in fits}
    solar = {c.code: c for c in by_offer[solar_offer.id].criteria}
    assert solar["project_type"].status == "met" and "Sản xuất điện mặt trời" in solar["project_type"].detail
    assert solar["amount"].status == "met" and solar["tenor"].status == "met" and solar["purpose"].status == "met"
    # the solar offer asks for the environmental permit: a need without evidence does not meet it
    assert solar["evidence"].status == "unmet" and solar["evidence"].fix
    windc = {c.code: c for c in by_offer[wind.id].criteria}
    assert windc["project_type"].status == "unmet" and "Sản xuất điện gió" in windc["project_type"].detail
    assert windc["amount"].status == "unmet" and "5.000.000.000" in windc["amount"].detail
    assert windc["evidence"].status == "unknown"  # the wind offer does not require it
    services.update_need(_actor(user), need.id, {k: NEED[k] for k in ("evidence_kind", "evidence_number",
                                                                       "evidence_date", "evidence_agency")})
    _n, fits = services.matches_for_need(_actor(user), need.id)
    assert fits[0].offer.id == solar_offer.id and fits[0].fits
    evidence = {c.code: c for c in fits[0].criteria}["evidence"]
    assert evidence.status == "met" and "123/GXN-STNMT" in evidence.detail


def test_the_need_page_shows_fitting_offers_with_reasons(producer, login, solar_offer):
    user, _org = producer
    need = _need(user)
    page = html.unescape(login(user).get(f"/finance/needs/{need.id}?lang=vi").get_data(as_text=True))
    assert solar_offer.title in page and "Đạt:" in page and "T21.EN.02" not in page
    assert "Sản xuất điện mặt trời" in page


def test_banks_see_only_consented_open_needs_that_fit_their_offers(bank, producer, login, token_for, solar_offer,
                                                                    make_user, make_org):
    b_user, _b = bank
    p_user, _p = producer
    hidden = _need(p_user, title="Dự án chưa đồng ý chia sẻ", consent=False)
    shared = _need(p_user, title="Điện mặt trời áp mái nhà xưởng")
    bc = login(b_user)
    headers = token_for(b_user)
    listing = html.unescape(bc.get("/finance/needs/matching?lang=vi").get_data(as_text=True))
    assert shared.title in listing and hidden.title not in listing
    api = bc.get("/api/v1/finance/needs", headers=headers).get_json()
    assert [n["id"] for n in api["items"]] == [shared.id]
    # nothing about a need without consent: 404 by id, on the page and the API, like a need that does not exist
    assert bc.get(f"/finance/needs/{hidden.id}").status_code == 404
    assert bc.get(f"/api/v1/finance/needs/{hidden.id}", headers=headers).status_code == 404
    assert bc.get(f"/api/v1/finance/needs/{shared.id}", headers=headers).status_code == 200
    # another business never sees it, consent or not; nor does a bank none of whose offers fits it
    other = make_user()
    make_org("buyer", owner=other)
    assert login(other, bc).get(f"/finance/needs/{shared.id}").status_code == 404
    other_bank = make_user()
    make_org("finance", owner=other_bank)
    from app.finance import services as fs

    fs.create_offer(_actor(other_bank), {"title": "Tín dụng điện gió", "product_type": "green_loan",
                                         "purposes": ["renewable_energy"], "project_types": ["T21.EN.01"],
                                         "publish": True})
    assert login(other_bank, bc).get(f"/finance/needs/{shared.id}").status_code == 404
    assert bc.get(f"/api/v1/finance/needs/{shared.id}", headers=token_for(other_bank)).status_code == 404
    # closing or withdrawing consent hides it again
    from app.finance import services

    services.update_need(_actor(p_user), shared.id, {"consent": False})
    assert login(b_user, bc).get(f"/finance/needs/{shared.id}").status_code == 404
    assert bc.get("/api/v1/finance/needs", headers=headers).get_json()["items"] == []


def test_the_job_tells_each_bank_once_about_a_fitting_shared_need(bank, producer, solar_offer, outbox):
    from app.extensions import db
    from app.finance.services import notify_need_matches
    from app.notifications.delivery import deliver_pending
    from app.notifications.models import Notification

    b_user, _b = bank
    p_user, _p = producer
    _need(p_user, consent=False)
    assert notify_need_matches() == 0  # no consent: the bank hears nothing
    need = _need(p_user, title="Điện mặt trời 250 kWp")
    assert notify_need_matches() == 1
    assert notify_need_matches() == 0  # once
    notes = list(db.session.scalars(db.select(Notification).where(Notification.user_id == b_user.id,
                                                                  Notification.kind == "finance.need_match")))
    assert len(notes) == 1 and notes[0].url == f"/finance/needs/{need.id}" and solar_offer.title in notes[0].title
    deliver_pending()
    assert any(need.title in m.get_body(preferencelist=("plain",)).get_content() for m in outbox(b_user.email))


def test_a_bank_answers_a_need_and_the_business_sees_the_conversation(bank, producer, login, post_form, solar_offer):
    from app.extensions import db
    from app.finance.models import Lead, LeadMessage

    b_user, _b = bank
    p_user, p_org = producer
    need = _need(p_user)
    bc = login(b_user)
    page = html.unescape(bc.get(f"/finance/needs/{need.id}?lang=vi").get_data(as_text=True))
    assert need.title in page and p_org.display_name in page and "Đạt:" in page
    r = post_form(f"/finance/needs/{need.id}/respond", {"offer_id": str(solar_offer.id),
                                                        "body": "Mời anh chị gửi báo cáo tài chính."}, c=bc)
    assert r.status_code == 302
    lead = db.session.scalar(db.select(Lead))
    assert lead.need_id == need.id and lead.business_org_id == p_org.id
    assert [m.body for m in db.session.scalars(db.select(LeadMessage))] == ["Mời anh chị gửi báo cáo tài chính."]
    thread = html.unescape(login(p_user, bc).get(f"/finance/leads/{lead.id}").get_data(as_text=True))
    assert "Mời anh chị gửi báo cáo tài chính." in thread


def test_the_bank_reads_the_fit_in_neutral_words_without_the_business_advice(bank, producer, login, solar_offer):
    b_user, _b = bank
    p_user, _p = producer
    need = _need(p_user, title="Điện mặt trời áp mái")
    for path in (f"/finance/needs/{need.id}?lang=vi", "/finance/needs/matching?lang=vi"):
        page = html.unescape(login(b_user).get(path).get_data(as_text=True))
        criteria = page.split('class="fin-criteria"', 1)[1].split("</ul>", 1)[0]
        assert "Số tiền 1.800.000.000 ₫" in criteria and "của bạn" not in criteria, path
        assert "Cách khắc phục" not in page, path  # advice is for the business, not the bank
    from app.finance import services

    services.update_need(_actor(p_user), need.id, {"evidence_kind": "", "evidence_number": "", "evidence_date": "",
                                                   "evidence_agency": ""})
    owner = html.unescape(login(p_user).get(f"/finance/needs/{need.id}?lang=vi&all=1").get_data(as_text=True))
    assert "Cách khắc phục" in owner and "nhu cầu chưa có" in owner  # the business still reads how to fix its need


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_refused_need_form_keeps_every_project_type_to_choose_from(producer, login, post_form, lang):
    from app.finance.taxonomy import PROJECT_TYPES

    user, _org = producer
    login(user)
    r = post_form(f"/finance/needs/new?lang={lang}", NEED_BAD)
    assert r.status_code in (400, 422)
    page = r.get_data(as_text=True)
    select = page.split('name="project_type"', 1)[1].split("</select>", 1)[0]
    assert select.count("<option") == len(PROJECT_TYPES) + 1
