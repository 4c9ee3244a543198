"""Logistics rules under concurrent requests (issue 13, finding 10), through a served app, on SQLite and
on PostgreSQL: one accepted transport quote per shipment, one transport route per deal."""
from __future__ import annotations

from tests.edge.racing import EN, Call, assert_losers_409, race, served  # noqa: F401  (served: a fixture)
from tests.logistics.test_deal_transport import make_deal  # noqa: F401  (a fixture)


def test_accepting_four_transport_quotes_at_once_leaves_one(served, make_user, make_org, make_provider, token_for):
    from app.extensions import db
    from app.logistics import shipments
    from app.logistics.models import QuoteStatus, TransportQuote
    from app.permissions import Actor

    user = make_user()
    make_org("buyer", owner=user)
    actor = Actor.for_user(user)
    providers = [make_provider(f"Đường sắt {i}", provinces=["1", "79"], fleet=[("rail", 5, None)]) for i in range(4)]
    route = shipments.create_route(actor, {"origin": "1", "destination": "79", "weight_kg": 5_000})
    quotes = shipments.request_quotes(actor, route.id, {"provider_ids": [p.id for p, _ in providers]})
    owners = {p.id: owner for p, owner in providers}
    for q in quotes:
        shipments.answer_quote(Actor.for_user(owners[q.provider_id]), q.id,
                               {"vehicle_class": "rail", "price_vnd": 10_000_000, "transit_days": 3,
                                "committed_co2e_kg": 300})
    headers = {**token_for(user), **EN}
    results = race(served, [Call("POST", f"/api/v1/logistics/quotes/{q.id}/accept", headers) for q in quotes])
    assert_losers_409(results, winners=1, message_part="already accepted")
    db.session.expire_all()
    states = [q.status for q in db.session.scalars(db.select(TransportQuote).where(TransportQuote.route_id == route.id))]
    assert states.count(QuoteStatus.accepted) == 1 and states.count(QuoteStatus.closed) == 3


def test_both_parties_arranging_a_deals_transport_at_once_give_one_route(served, make_deal, token_for):
    """Buyer and supplier each press "arrange transport" three times at once: one route, the party that got
    it receives it each time (idempotent), the other party gets 409s."""
    from app.extensions import db
    from app.logistics.models import TransportRoute

    deal, supplier, buyer = make_deal()
    calls = [Call("POST", f"/api/v1/logistics/deals/{deal.id}/route", {**token_for(u), **EN}, {})
             for u in (supplier, buyer, supplier, buyer, supplier, buyer)]
    results = race(served, calls)
    assert_losers_409(results, winners=3, message_part="already arranging the transport")
    winners = {i % 2 for i, (status, _) in enumerate(results) if status < 300}
    assert len(winners) == 1  # all successes went to one party
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(TransportRoute.id)).where(TransportRoute.deal_id == deal.id)) == 1
