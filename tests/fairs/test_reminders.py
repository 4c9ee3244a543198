"""Meeting reminders (~24 h and ~1 h before, once each, both parties, by e-mail and in the app) and
cancelling a meeting through the API (parties only; the other party is told)."""
from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture()
def booked(fair, organiser, producer, make_user, make_org):
    """An exhibitor's slot at 10:00 (Vietnam time) on the first day, booked 30 days ahead by a buyer."""
    from app.fairs import meetings, services
    from app.permissions import Actor

    actor, ex_user, ex_org, listings = producer(1)
    a = services.apply(actor, fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [listings[0].id]})
    services.decide(organiser[0], fair.id, a.id, {"decision": "approve"})
    start = dt.datetime.combine(fair.starts_on, dt.time(10, 0))
    slot = meetings.add_slot(actor, fair.id, {"starts_at": start, "ends_at": start + dt.timedelta(minutes=30), "location": "Bàn 7"})
    buyer = make_user()
    buyer_org = make_org("buyer", owner=buyer)
    meeting = meetings.book(Actor.for_user(buyer), fair.id, {"slot_id": slot.id, "message": "Bàn về hộp bã mía"})
    meetings.accept_meeting(actor, meeting.id)  # only accepted meetings are reminded
    return meeting, slot, (actor, ex_user, ex_org), (buyer, buyer_org)


def _reminders(to):
    from app.mail import outbox_messages
    from app.notifications.delivery import deliver_pending

    deliver_pending()  # the job runner e-mails the reminders' notifications
    return [m["Subject"] for m in outbox_messages(to) if "Reminder" in m["Subject"] or "Nhắc" in m["Subject"]]


def test_reminders_once_each_24h_and_1h_before(booked):
    from app import clock
    from app.fairs.jobs import send_meeting_reminders
    from app.jobs import jobs

    meeting, slot, (_a, ex_user, _o), (buyer, buyer_org) = booked
    assert jobs()["fairs.meeting_reminders"].every == dt.timedelta(minutes=15)
    assert send_meeting_reminders(slot.starts_at - dt.timedelta(hours=30)) == 0
    assert send_meeting_reminders(slot.starts_at - dt.timedelta(hours=23, minutes=50)) == 1
    assert send_meeting_reminders(slot.starts_at - dt.timedelta(hours=23, minutes=35)) == 0  # once
    assert len(_reminders(buyer.email)) == 1 and len(_reminders(ex_user.email)) == 1
    assert buyer_org.display_name in _reminders(ex_user.email)[0]
    assert send_meeting_reminders(slot.starts_at - dt.timedelta(minutes=55)) == 1
    assert send_meeting_reminders(slot.starts_at - dt.timedelta(minutes=40)) == 0
    assert send_meeting_reminders(slot.starts_at + dt.timedelta(minutes=5)) == 0
    assert len(_reminders(buyer.email)) == 2 and len(_reminders(ex_user.email)) == 2
    with clock.frozen(slot.starts_at - dt.timedelta(minutes=30)):
        from app.extensions import db
        from app.notifications.models import Notification

        kinds = db.session.scalars(db.select(Notification.kind).where(Notification.user_id == buyer.id)).all()
        assert kinds.count("fair_meeting") == 3  # accepted, then the two reminders


def test_late_bookings_get_only_the_1h_reminder_and_cancelled_fairs_none(booked, organiser):
    from app.extensions import db
    from app.fairs import services
    from app.fairs.jobs import send_meeting_reminders

    meeting, slot, _ex, (buyer, _bo) = booked
    meeting.created_at = slot.starts_at - dt.timedelta(hours=5)  # booked the same day
    db.session.commit()
    assert send_meeting_reminders(slot.starts_at - dt.timedelta(hours=4)) == 0
    assert send_meeting_reminders(slot.starts_at - dt.timedelta(minutes=30)) == 1
    assert len(_reminders(buyer.email)) == 1
    # a cancelled fair sends nothing
    meeting.reminded_1h_at = None
    db.session.commit()
    services.cancel_fair(organiser[0], meeting.fair_id, {"reason": "Hoãn vô thời hạn"})
    assert send_meeting_reminders(slot.starts_at - dt.timedelta(minutes=20)) == 0


def test_api_cancel_meeting_by_a_party_frees_the_slot_and_tells_the_other(client, token_for, booked, make_user):
    from app import clock
    from app.extensions import db
    from app.fairs.models import Meeting
    from app.notifications.models import Notification

    meeting, slot, (_a, ex_user, _o), (buyer, _bo) = booked
    meeting_id, fair_id, slot_id = meeting.id, meeting.fair_id, slot.id
    assert client.post(f"/api/v1/meetings/{meeting.id}/cancel", headers=token_for(make_user())).status_code == 404
    with clock.frozen(slot.starts_at + dt.timedelta(minutes=1)):
        r = client.post(f"/api/v1/meetings/{meeting.id}/cancel", headers=token_for(buyer))
        assert r.status_code == 409
    r = client.post(f"/api/v1/meetings/{meeting_id}/cancel", headers=token_for(buyer))
    assert r.status_code == 204
    db.session.expire_all()
    assert db.session.get(Meeting, meeting_id) is None
    titles = db.session.scalars(db.select(Notification.title).where(Notification.user_id == ex_user.id)).all()
    assert any("cancel" in t.lower() or "huỷ" in t.lower() or "hủy" in t.lower() for t in titles)
    free = client.get(f"/api/v1/fairs/{fair_id}/slots?free=true").json
    assert slot_id in [s["id"] for s in free]
