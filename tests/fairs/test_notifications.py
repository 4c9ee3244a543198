"""Fair events reach their people by e-mail (sent by the job runner): application decided, meeting booked and
cancelled, fair dates changed."""
from __future__ import annotations

import datetime as dt


def test_application_decisions_are_emailed(fair, organiser, producer, delivered, outbox):
    from app.fairs import services

    actor, user, org, listings = producer(2)
    a = services.apply(actor, fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [listings[0].id]})
    organiser_user = organiser[1]
    new = delivered(organiser_user.email)
    assert len(new) == 1 and fair.name in new[0]["Subject"]  # the organiser hears of the application
    services.decide(organiser[0], fair.id, a.id, {"decision": "reject", "reason": "Gian hàng đã đủ cho ngành này."})
    mails = delivered(user.email)
    assert len(mails) == 1 and fair.name in mails[0]["Subject"]
    assert "Gian hàng đã đủ cho ngành này." in mails[0].get_content()
    other_actor, other_user, _o, other_listings = producer(1)
    b = services.apply(other_actor, fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [other_listings[0].id]})
    services.decide(organiser[0], fair.id, b.id, {"decision": "approve"})
    approved = delivered(other_user.email)
    assert len(approved) == 1 and fair.name in approved[0]["Subject"]


def test_meeting_booked_and_cancelled_are_emailed(fair, organiser, producer, make_user, make_org, delivered):
    from app.fairs import meetings, services
    from app.permissions import Actor

    actor, ex_user, ex_org, listings = producer(1)
    a = services.apply(actor, fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [listings[0].id]})
    services.decide(organiser[0], fair.id, a.id, {"decision": "approve"})
    start = dt.datetime.combine(fair.starts_on, dt.time(10, 0))
    slot = meetings.add_slot(actor, fair.id, {"starts_at": start, "ends_at": start + dt.timedelta(minutes=30), "location": "Bàn 7"})
    before = len(delivered(ex_user.email))
    visitor = make_user()
    make_org("buyer", owner=visitor, trade_name="Siêu thị Xanh")
    meeting = meetings.book(Actor.for_user(visitor), fair.id, {"slot_id": slot.id, "message": "Bàn về hộp bã mía"})
    booked = delivered(ex_user.email)[before:]
    assert len(booked) == 1 and fair.name in booked[0]["Subject"]
    meetings.cancel_meeting(actor, meeting.id)
    cancelled = [m for m in delivered(visitor.email) if fair.name in m["Subject"]]
    assert len(cancelled) == 1
