"""Finance rules under concurrent requests (issue 13, finding 10), through a served app, on SQLite and
on PostgreSQL: one expression of interest (lead) per offer and organisation."""
from __future__ import annotations

from tests.edge.racing import EN, Call, assert_losers_409, race, served  # noqa: F401  (served: a fixture)


def test_one_lead_per_offer_when_five_people_of_a_business_send_interest_at_once(served, producer, make_offer,
                                                                                 make_user, token_for):
    from app import clock
    from app.extensions import db
    from app.finance.models import Lead
    from app.orgs.models import MemberRole, Membership

    owner, org = producer
    offer = make_offer()
    headers = [{**token_for(owner), **EN}]
    for _ in range(4):
        member = make_user()
        db.session.add(Membership(user_id=member.id, organisation_id=org.id, role=MemberRole.member,
                                  created_at=clock.now()))
        db.session.commit()
        headers.append({**token_for(member), **EN})
    body = {"consent": True, "need_purpose": "renewable_energy", "message": "Chúng tôi cần vay"}
    results = race(served, [Call("POST", f"/api/v1/finance/offers/{offer.id}/leads", h, body) for h in headers])
    assert_losers_409(results, winners=1, message_part="already sent your interest")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Lead.id)).where(Lead.offer_id == offer.id,
                                                                     Lead.business_org_id == org.id)) == 1
