"""Business rules under concurrent requests (issue 13, finding 10), on SQLite and on PostgreSQL.

Each test serves the app in a threaded WSGI server, prepares the rule's state through the services,
then fires N requests at the same moment (a barrier) and checks that the rule held and that every
loser got a 409 with a message — never a 500. Run on PostgreSQL with TEST_DATABASE_URL.
"""
from __future__ import annotations

import datetime as dt

import pytest

from .racing import EN, Call, assert_losers_409, race, served  # noqa: F401  (served: a fixture)


@pytest.fixture()
def producers(make_user, make_org, token_for):
    """producers(n) → [(org, owner, auth headers)] of n approved producers."""

    def do(n: int):
        out = []
        for _ in range(n):
            user = make_user()
            org = make_org("producer", owner=user)
            out.append((org, user, {**token_for(user), **EN}))
        return out

    return do


@pytest.fixture()
def buyer(make_user, make_org, token_for):
    from app.permissions import Actor

    user = make_user()
    org = make_org("buyer", owner=user)
    return Actor.for_user(user), org, {**token_for(user), **EN}


def _rfq(actor, **over):
    from app import clock
    from app.sourcing import services

    data = {"title": "Hộp bã mía 750 ml", "description": "Hộp đựng thức ăn phân huỷ sinh học",
            "category": "packaging.food_containers", "quantity": 50000, "unit": "piece", "frequency": "monthly",
            "target_price_max": 2000, "required_labels": [], "delivery_province": "79",
            "closes_on": (clock.today() + dt.timedelta(days=14)).isoformat(), "visibility": "public",
            "status": "open", **over}
    return services.create_rfq(actor, data)


QUOTE = {"unit_price_vnd": 1600, "quantity": 50000, "lead_time_days": 10, "valid_until": "2099-01-01",
         "incoterm": "DAP", "delivery_terms": "Giao tại kho", "notes": "Đã gồm thùng carton"}


# ------------------------------------------------------------------ sourcing


def test_quote_cap_holds_when_twelve_producers_quote_at_once(served, buyer, producers):
    from app.extensions import db
    from app.sourcing.models import Quote, QuoteStatus, Rfq, RfqStatus

    actor, _org, _h = buyer
    rfq = _rfq(actor, max_quotes=3)
    suppliers = producers(12)
    results = race(served, [Call("POST", f"/api/v1/rfqs/{rfq.id}/quotes", h, QUOTE) for _, _u, h in suppliers])
    assert_losers_409(results, winners=3, message_part="quotes it asked for")
    db.session.expire_all()
    quotes = list(db.session.scalars(db.select(Quote).where(Quote.rfq_id == rfq.id)))
    assert len(quotes) == 3 and all(q.status == QuoteStatus.submitted for q in quotes)
    stored = db.session.get(Rfq, rfq.id)
    assert stored.status == RfqStatus.closed and stored.close_reason == "max_quotes"


def test_one_quote_per_supplier_when_its_people_quote_at_once(served, buyer, make_user, make_org, token_for):
    """Six members of one producer send a quote on the same request at the same moment: one quote."""
    from app.extensions import db
    from app import clock
    from app.orgs.models import MemberRole, Membership
    from app.sourcing.models import Quote

    actor, _org, _h = buyer
    rfq = _rfq(actor)
    owner = make_user()
    org = make_org("producer", owner=owner)
    headers = [{**token_for(owner), **EN}]
    for _ in range(5):
        member = make_user()
        db.session.add(Membership(user_id=member.id, organisation_id=org.id, role=MemberRole.member,
                                  created_at=clock.now()))
        db.session.commit()
        headers.append({**token_for(member), **EN})
    results = race(served, [Call("POST", f"/api/v1/rfqs/{rfq.id}/quotes", h, QUOTE) for h in headers])
    assert_losers_409(results, winners=1, message_part="already quoted")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Quote.id)).where(Quote.rfq_id == rfq.id)) == 1


def test_accepting_four_quotes_at_once_makes_one_deal(served, buyer, producers):
    from app.extensions import db
    from app.permissions import Actor
    from app.sourcing import services
    from app.sourcing.models import Deal, Quote, QuoteStatus

    actor, _org, headers = buyer
    rfq = _rfq(actor)
    quote_ids = []
    for _org, owner, _h in producers(4):
        quote_ids.append(services.submit_quote(Actor.for_user(owner), rfq.id, dict(QUOTE)).id)
    results = race(served, [Call("POST", f"/api/v1/quotes/{qid}/accept", headers, {"reason": ""}) for qid in quote_ids])
    assert_losers_409(results, winners=1, message_part="already been awarded")
    db.session.expire_all()
    deals = list(db.session.scalars(db.select(Deal).where(Deal.rfq_id == rfq.id)))
    assert len(deals) == 1
    states = [q.status for q in db.session.scalars(db.select(Quote).where(Quote.rfq_id == rfq.id))]
    assert states.count(QuoteStatus.accepted) == 1 and states.count(QuoteStatus.declined) == 3


def test_accepting_quotes_from_two_tabs_at_once_flashes_the_loser(served, buyer, producers, make_user, make_org):
    """Pages, not the API: the buyer clicks "accept" on four quotes in four tabs at the same moment. One
    click leads to the deal; the others come back to the quotes page saying the request is awarded."""
    from app.extensions import db
    from app.permissions import Actor
    from app.sourcing import services
    from app.sourcing.models import Deal
    from tests.conftest import PASSWORD

    from .racing import Browser, follow

    actor, _org, _h = buyer
    rfq = _rfq(actor)
    quote_ids = [services.submit_quote(Actor.for_user(owner), rfq.id, dict(QUOTE)).id
                 for _o, owner, _h2 in producers(4)]
    tab = Browser(served).sign_in(actor.user.email, PASSWORD)
    tab.request("GET", "/?lang=en")
    token = tab.csrf(f"/sourcing/requests/{rfq.id}/quotes")
    results = race(served, [Call("POST", f"/sourcing/quotes/{qid}/accept", {"Cookie": tab.cookie},
                                 form={"csrf_token": token, "reason": ""}, keep_headers=True) for qid in quote_ids])
    assert [r[0] for r in results] == [302] * 4, [r[:2] for r in results]
    to_deal = [r for r in results if "/sourcing/deals/" in r[2]["Location"]]
    back = [r for r in results if r[2]["Location"].endswith(f"/sourcing/requests/{rfq.id}/quotes")]
    assert len(to_deal) == 1 and len(back) == 3
    assert "Deal recorded with" in follow(tab, to_deal[0][2])
    for r in back:
        assert "This request has already been awarded." in follow(tab, r[2])
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Deal.id)).where(Deal.rfq_id == rfq.id)) == 1


# ------------------------------------------------------------------ people: one organisation, saved searches


def test_creating_an_organisation_in_three_tabs_at_once_gives_one(served, make_user, token_for):
    from app.extensions import db
    from app.orgs.models import Membership

    user = make_user()
    headers = {**token_for(user), **EN}
    calls = [Call("POST", "/api/v1/organisations", headers,
                  {"kind": "producer", "legal_name": f"Công ty Tre Xanh {i}", "province_code": "79"}) for i in range(3)]
    results = race(served, calls)
    assert_losers_409(results, winners=1, message_part="already belong to an organisation")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Membership.id)).where(Membership.user_id == user.id)) == 1


def test_saved_search_cap_holds_when_four_are_saved_at_once(served, make_user, token_for):
    from app import clock
    from app.extensions import db
    from app.sourcing.models import SavedSearch

    user = make_user()
    for i in range(18):
        db.session.add(SavedSearch(user_id=user.id, name=f"Tìm {i}", params={"q": f"tre {i}"}, created_at=clock.now()))
    db.session.commit()
    headers = {**token_for(user), **EN}
    results = race(served, [Call("POST", "/api/v1/saved-searches", headers, {"name": f"Ống hút {i}",
                                                                          "params": {"q": f"ống hút {i}"}})
                            for i in range(4)])
    assert_losers_409(results, winners=2, message_part="at most 20 saved searches")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(SavedSearch.id)).where(SavedSearch.user_id == user.id)) == 20


def test_registering_one_address_five_times_at_once_gives_one_account_and_the_same_answer(served):
    """Registration never reveals whether an address has an account, not even to requests that race:
    every answer is the same 202, and one account exists."""
    from app.accounts.models import User
    from app.extensions import db

    body = {"email": "song.song@example.vn", "password": "Tre-xanh-2026!", "full_name": "Người Thử", "locale": "vi"}
    results = race(served, [Call("POST", "/api/v1/auth/register", EN, body) for _ in range(5)])
    assert [status for status, _b in results] == [202] * 5, results
    assert all(b == {"email": "song.song@example.vn", "status": "check_email"} for _s, b in results), results
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "song.song@example.vn")) == 1
