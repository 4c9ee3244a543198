"""Event registrations: places then the waiting list, no over-booking under concurrency (SQLite and
PostgreSQL), cancellation promotes the first on the waiting list (in-app and by e-mail from the job),
a full event without waiting list is a 409, reminders once, attendance, the .ics file."""
from __future__ import annotations

import datetime as dt
import threading

import pytest


def _actor(user):
    from app.permissions import Actor

    return Actor.for_user(user)


def test_places_then_waiting_list_then_promotion(app, make_user, publish, outbox):
    from app import clock
    from app.extensions import db
    from app.knowledge import jobs, services
    from app.notifications.models import Notification

    event = publish("event", capacity=2)
    a, b, c = make_user(), make_user(), make_user()
    assert services.register(_actor(a), event.id).status.value == "registered"
    assert services.register(_actor(b), event.id).status.value == "registered"
    rc = services.register(_actor(c), event.id)
    assert rc.status.value == "waitlisted" and services.waitlist_position(rc) == 1
    assert services.register(_actor(a), event.id).status.value == "registered"  # again: the same registration
    assert services.seats_taken(event.id) == 2
    assert jobs.send_registration_mails() == 3  # confirmation, confirmation, waiting list
    assert "registered" in outbox(a.email)[-1]["Subject"].lower() or "đăng ký" in outbox(a.email)[-1]["Subject"].lower()

    services.cancel(_actor(b), event.id)
    db.session.expire_all()
    promoted = services.registration_of(c.id, event.id)
    assert promoted.status.value == "registered" and promoted.promoted_at is not None
    assert services.seats_taken(event.id) == 2
    titles = list(db.session.scalars(db.select(Notification.title).where(Notification.user_id == c.id)))
    assert any(event.title in t for t in titles if "chỗ" in t or "place" in t.lower())
    assert outbox(c.email)[-1]["Subject"] != ""  # nothing sent on the request path beyond the earlier mails
    before = len(outbox(c.email))
    assert jobs.send_registration_mails() == 1
    mails = outbox(c.email)
    assert len(mails) == before + 1 and "/knowledge/" in mails[-1].get_body(("plain",)).get_content()
    assert jobs.send_registration_mails() == 0  # once

    # registering again after cancelling goes to the end of the queue
    d = make_user()
    services.register(_actor(d), event.id)
    again = services.register(_actor(b), event.id)
    assert again.status.value == "waitlisted" and services.waitlist_position(again) == 2
    with clock.frozen(event.starts_at + dt.timedelta(minutes=5)):
        from app.errors import Conflict

        with pytest.raises(Conflict):
            services.register(_actor(make_user()), event.id)


def test_full_event_without_waiting_list_is_409(app, client, make_user, publish, token_for):
    event = publish("event", capacity=1, waitlist=False)
    first = client.post(f"/api/v1/knowledge/{event.id}/registrations", headers=token_for(make_user()))
    assert first.status_code == 201 and first.json["status"] == "registered"
    second = client.post(f"/api/v1/knowledge/{event.id}/registrations", headers=token_for(make_user()))
    assert second.status_code == 409 and second.json["error"]["code"] == "conflict"


def test_concurrent_registrations_never_overbook(app, make_user, publish):
    """Eight people register at once for three places: three get a place, five the waiting list."""
    from app.extensions import db
    from app.knowledge import services
    from app.knowledge.models import EventRegistration

    event = publish("event", capacity=3)
    user_ids = [make_user().id for _ in range(8)]
    barrier = threading.Barrier(len(user_ids))
    results: list[str] = []

    def register(uid):
        with app.app_context():
            from app.accounts.models import User
            from app.errors import Conflict

            a = _actor(db.session.get(User, uid))
            barrier.wait()
            try:
                results.append(services.register(a, event.id).status.value)
            except Conflict:
                results.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register, args=(u,)) for u in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    db.session.expire_all()
    regs = db.session.scalars(db.select(EventRegistration).where(EventRegistration.item_id == event.id)).all()
    placed = [r for r in regs if r.status.value == "registered"]
    assert len(placed) == 3 == results.count("registered")
    assert sorted(r.seat for r in placed) == [1, 2, 3]
    assert results.count("waitlisted") == 5 and len(regs) == 8


def test_reminders_once_and_attendance(app, make_user, editors, publish, delivered):
    from app import clock
    from app.errors import Conflict
    from app.knowledge import jobs, services

    event = publish("event", days=3, capacity=5)
    user = make_user()
    reg = services.register(_actor(user), event.id)
    assert jobs.send_event_reminders() == 0  # three days ahead: not yet
    with clock.frozen(event.starts_at - dt.timedelta(hours=20)):
        assert jobs.send_event_reminders() == 1
        assert jobs.send_event_reminders() == 0
    assert any("Nhắc" in m["Subject"] or "Reminder" in m["Subject"] for m in delivered(user.email))
    with pytest.raises(Conflict):  # not before the event
        services.mark_attendance(_actor(editors[0]), event.id, reg.id, {"attended": True})
    with clock.frozen(event.starts_at + dt.timedelta(minutes=30)):
        assert services.mark_attendance(_actor(editors[0]), event.id, reg.id, {"attended": True}).attended is True


def test_ics_file(app, client, publish):
    from icalendar import Calendar

    event = publish("event")
    r = client.get(f"/knowledge/{event.id}/event.ics")
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    cal = Calendar.from_ical(r.data)
    ev = next(iter(cal.walk("VEVENT")))
    assert ev.decoded("dtstart").replace(tzinfo=None) == event.starts_at
    assert str(ev.get("summary")) == event.title and "Sở Công Thương" in str(ev.get("location"))
    assert f"/knowledge/{event.id}" in str(ev.get("url"))
