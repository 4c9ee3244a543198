"""Fair rules under concurrent requests (issue 13, finding 10), through a served app, on SQLite and on
PostgreSQL: booth capacity, one application per organisation, one meeting per slot, no two meetings at
once for a visitor, no overlapping slots for an exhibitor. Every loser gets a 409 with a message."""
from __future__ import annotations

import datetime as dt

from tests.edge.racing import EN, Call, assert_losers_409, race, served  # noqa: F401  (served: a fixture)


def _exhibitor(fair, organiser, producer, booth_index=0):
    from app.fairs import services

    actor, user, org, listings = producer(1)
    a = services.apply(actor, fair.id, {"booth_type_id": fair.booth_types[booth_index].id, "listing_ids": [x.id for x in listings]})
    services.decide(organiser[0], fair.id, a.id, {"decision": "approve"})
    return actor, user, org


def _local(fair, hour, minute=0):
    return dt.datetime.combine(fair.starts_on, dt.time(hour, minute))


def test_approving_more_applications_than_booths_at_once(served, fair, organiser, producer, token_for):
    """Capacity 3, six applications approved at the same moment: three booths A-01..A-03, three 409s."""
    from app.extensions import db
    from app.fairs import services
    from app.fairs.models import ApplicationStatus, FairApplication

    booth = fair.booth_types[0]
    assert booth.capacity == 3
    ids = []
    for _ in range(6):
        actor, _u, _o, listings = producer(1)
        ids.append(services.apply(actor, fair.id, {"booth_type_id": booth.id, "listing_ids": [listings[0].id]}).id)
    headers = {**token_for(organiser[1]), **EN}
    body = {"decision": "approve", "reason": ""}
    results = race(served, [Call("POST", f"/api/v1/fairs/{fair.id}/applications/{i}/decision", headers, body)
                            for i in ids])
    assert_losers_409(results, winners=3, message_part="booths of this type are taken")
    db.session.expire_all()
    approved = list(db.session.scalars(db.select(FairApplication).where(
        FairApplication.booth_type_id == booth.id, FairApplication.status == ApplicationStatus.approved)))
    assert sorted(a.booth_number for a in approved) == [1, 2, 3]


def test_one_application_per_organisation_when_two_people_apply_at_once(served, fair, producer, make_user,
                                                                         token_for):
    from app import clock
    from app.extensions import db
    from app.fairs.models import FairApplication
    from app.orgs.models import MemberRole, Membership

    _actor, owner, org, listings = producer(1)
    headers = [{**token_for(owner), **EN}]
    for _ in range(4):
        member = make_user()
        db.session.add(Membership(user_id=member.id, organisation_id=org.id, role=MemberRole.member,
                                  created_at=clock.now()))
        db.session.commit()
        headers.append({**token_for(member), **EN})
    body = {"booth_type_id": fair.booth_types[0].id, "listing_ids": [listings[0].id], "message": ""}
    results = race(served, [Call("POST", f"/api/v1/fairs/{fair.id}/applications", h, body) for h in headers])
    assert_losers_409(results, winners=1, message_part="already has an application")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(FairApplication.id)).where(
        FairApplication.fair_id == fair.id, FairApplication.organisation_id == org.id)) == 1


def test_eight_visitors_booking_one_slot_give_one_meeting(served, fair, organiser, producer, make_user, token_for):
    from app.extensions import db
    from app.fairs import meetings
    from app.fairs.models import Meeting

    ex_actor, _u, _o = _exhibitor(fair, organiser, producer)
    slot = meetings.add_slot(ex_actor, fair.id, {"starts_at": _local(fair, 9), "ends_at": _local(fair, 9, 30)})
    calls = [Call("POST", f"/api/v1/fairs/{fair.id}/meetings", {**token_for(make_user()), **EN},
                  {"slot_id": slot.id, "message": "Xin gặp"}) for _ in range(8)]
    results = race(served, calls)
    assert_losers_409(results, winners=1, message_part="just booked by someone else")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Meeting.id)).where(Meeting.slot_id == slot.id)) == 1


def test_a_visitor_booking_three_overlapping_slots_at_once_gets_one(served, fair, organiser, producer, make_user,
                                                                    token_for):
    """Three exhibitors offer 09:00–09:30; one visitor asks for all three at the same moment."""
    from app.extensions import db
    from app.fairs import meetings
    from app.fairs.models import Meeting

    slots = []
    for i in range(3):
        ex_actor, _u, _o = _exhibitor(fair, organiser, producer, booth_index=0)
        slots.append(meetings.add_slot(ex_actor, fair.id, {"starts_at": _local(fair, 9, 5 * i), "ends_at": _local(fair, 9, 30 + 5 * i)}))
    visitor = make_user()
    headers = {**token_for(visitor), **EN}
    results = race(served, [Call("POST", f"/api/v1/fairs/{fair.id}/meetings", headers, {"slot_id": s.id})
                            for s in slots])
    assert_losers_409(results, winners=1, message_part="already have a meeting at that time")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Meeting.id)).where(Meeting.requester_user_id == visitor.id)) == 1


def test_an_exhibitor_adding_overlapping_slots_at_once_keeps_one(served, fair, organiser, producer, token_for):
    from app.extensions import db
    from app.fairs.models import MeetingSlot

    _actor, user, org = _exhibitor(fair, organiser, producer)
    headers = {**token_for(user), **EN}
    calls = [Call("POST", f"/api/v1/fairs/{fair.id}/slots", headers,
                  {"starts_at": _local(fair, 10, 5 * i).isoformat(), "ends_at": _local(fair, 10, 30 + 5 * i).isoformat(),
                   "location": f"Bàn {i}"}) for i in range(4)]
    results = race(served, calls)
    assert_losers_409(results, winners=1, message_part="overlaps one you already offer")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(MeetingSlot.id)).where(MeetingSlot.organisation_id == org.id)) == 1


def test_buying_a_promotion_twice_at_once_leaves_one_waiting_for_payment(served, producer, token_for):
    from app.extensions import db
    from app.fairs.models import Promotion
    from app.payments.models import Payment

    _actor, user, _org, listings = producer(1)
    headers = {**token_for(user), **EN}
    body = {"listing_id": listings[0].id, "package": "7d"}
    results = race(served, [Call("POST", "/api/v1/promotions", headers, body) for _ in range(4)])
    assert_losers_409(results, winners=1, message_part="already waiting for payment")
    db.session.expire_all()
    promos = list(db.session.scalars(db.select(Promotion.id).where(Promotion.listing_id == listings[0].id)))
    assert len(promos) == 1
    assert db.session.scalar(db.select(db.func.count(Payment.id)).where(Payment.purpose == "promotion")) == 1
