"""Event capacity under concurrent requests (issue 13, finding 10), through a served app, on SQLite and
on PostgreSQL: an event without a waiting list never seats more people than it has places, and everyone
else gets a 409 that says it is full."""
from __future__ import annotations

from tests.edge.racing import EN, Call, assert_losers_409, race, served  # noqa: F401  (served: a fixture)


def test_ten_people_registering_for_three_places_at_once(served, make_user, publish, token_for):
    from app.extensions import db
    from app.knowledge.models import EventRegistration

    event = publish("event", capacity=3, waitlist=False)
    calls = [Call("POST", f"/api/v1/knowledge/{event.id}/registrations", {**token_for(make_user()), **EN})
             for _ in range(10)]
    results = race(served, calls)
    assert_losers_409(results, winners=3, message_part="This event is full")
    db.session.expire_all()
    seats = sorted(db.session.scalars(db.select(EventRegistration.seat).where(EventRegistration.item_id == event.id)))
    assert seats == [1, 2, 3]
