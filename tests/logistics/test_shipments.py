"""Routes, provider matching, transport quotes and the deal hooks."""
from __future__ import annotations

import pytest

from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.logistics import services, shipments
from app.logistics.models import QuoteStatus
from app.permissions import Actor


@pytest.fixture()
def shipper(make_user, make_org):
    user = make_user()
    org = make_org("producer", owner=user, trade_name="Bao bì Xanh")
    return Actor.for_user(user), org


def test_matching_ranks_by_emissions_then_certifications(make_provider):
    # Hà Nội → HCMC, 10 t. Rail default: 599.08 kg; articulated diesel truck: 1412.04 kg.
    rail, _ = make_provider("Đường sắt", provinces=["1", "79"], fleet=[("rail", 20, None)])
    truck, _ = make_provider("Xe tải A", provinces=["1", "79"], fleet=[("road_diesel_artic", 20, None)])
    truck_cert, _ = make_provider("Xe tải B", provinces=["1", "79"], fleet=[("road_diesel_artic", 5, None)],
                                  certifications=["iso14001", "glec_iso14083"])
    make_provider("Chỉ miền Nam", provinces=["79", "92"], fleet=[("rail", 1, None)])  # does not serve Hà Nội
    corridor, _ = make_provider("Hành lang", provinces=["48"], corridors=[["79", "1"]], fleet=[("road_electric_truck", 3, None)])
    small, _ = make_provider("Nhỏ", provinces=["1", "79"], fleet=[("rail", 1, None)], capacity_tonnes_month=5)
    matches = services.match_providers(10_000, "1", "79")
    names = [m.organisation.display_name for m in matches]
    assert names == ["Đường sắt", "Xe tải B", "Xe tải A", "Hành lang"]  # no default for e-trucks → last
    assert matches[0].co2e_kg == pytest.approx(599.08, abs=0.01)
    assert matches[1].co2e_kg == pytest.approx(1412.04, abs=0.01)
    assert matches[3].co2e_kg is None and matches[3].factor_basis == "none"
    assert "Nhỏ" in [m.organisation.display_name for m in services.match_providers(5_000, "1", "79")]
    cold = services.match_providers(10_000, "1", "79", cold_chain=True)
    assert cold == []


def test_full_quote_flow(shipper, make_provider, make_user):
    actor, org = shipper
    rail, rail_owner = make_provider("Đường sắt", provinces=["1", "79"], fleet=[("rail", 20, None)])
    truck, truck_owner = make_provider("Xe tải", provinces=["1", "79"], fleet=[("road_diesel_artic", 20, None)])
    route = shipments.create_route(actor, {"origin": "1", "destination": "79", "weight_kg": 10_000,
                                           "reference": "Đơn 42"})
    quotes = shipments.request_quotes(actor, route.id, {"provider_ids": [rail.id, truck.id], "message": "Giao trong 5 ngày"})
    assert {q.status for q in quotes} == {QuoteStatus.requested}
    assert shipments.request_quotes(actor, route.id, {"provider_ids": [rail.id]}) == []  # already asked: no duplicate
    rail_actor, truck_actor = Actor.for_user(rail_owner), Actor.for_user(truck_owner)
    rail_q = next(q for q in quotes if q.provider_id == rail.id)
    truck_q = next(q for q in quotes if q.provider_id == truck.id)
    # the provider sees the route, a stranger does not
    assert shipments.get_route(rail_actor, route.id).id == route.id
    with pytest.raises(NotFound):
        shipments.get_route(Actor.for_user(make_user()), route.id)
    with pytest.raises(NotFound):  # a provider cannot answer another provider's request
        shipments.answer_quote(truck_actor, rail_q.id, {})
    with pytest.raises(ValidationFailed) as exc:
        shipments.answer_quote(rail_actor, rail_q.id, {"vehicle_class": "rail", "price_vnd": -5, "transit_days": 3,
                                                       "committed_co2e_kg": 550})
    assert "price_vnd" in exc.value.fields
    with pytest.raises(Conflict):  # not answered yet
        shipments.accept_quote(actor, rail_q.id)
    shipments.answer_quote(rail_actor, rail_q.id, {"vehicle_class": "rail", "price_vnd": 38_000_000,
                                                   "transit_days": 3.5, "committed_co2e_kg": 550})
    shipments.answer_quote(truck_actor, truck_q.id, {"vehicle_class": "road_diesel_artic", "price_vnd": 45_000_000,
                                                     "transit_days": 2, "committed_co2e_kg": 1400})
    assert rail_q.estimated_co2e_kg == pytest.approx(599.08, abs=0.01)
    assert truck_q.estimated_co2e_kg == pytest.approx(1412.04, abs=0.01)
    with pytest.raises(Forbidden):
        shipments.accept_quote(rail_actor, rail_q.id)
    shipments.accept_quote(actor, rail_q.id)
    assert rail_q.status == QuoteStatus.accepted and truck_q.status == QuoteStatus.closed
    assert route.accepted_quote.id == rail_q.id
    with pytest.raises(Conflict):
        shipments.accept_quote(actor, truck_q.id)
    with pytest.raises(Conflict):
        shipments.request_quotes(actor, route.id, {"provider_ids": [truck.id]})
    # a route is attached only to a deal the shipper is a party to (tests/logistics/test_deal_transport.py)
    assert shipments.transport_for_deal(7) is None
    with pytest.raises(NotFound):
        shipments.attach_transport_to_deal(actor, route.id, 7)
    with pytest.raises(NotFound):
        shipments.attach_transport_to_deal(rail_actor, route.id, 8)


def test_route_validation_and_permissions(shipper, make_user, make_org, make_provider):
    actor, org = shipper
    with pytest.raises(ValidationFailed) as exc:
        shipments.create_route(actor, {"origin": "1", "destination": "nowhere", "weight_kg": -1})
    assert {"weight_kg", "destination"} <= set(exc.value.fields)
    logistics_user = make_user()
    make_org("logistics", owner=logistics_user)
    with pytest.raises(Forbidden):
        shipments.create_route(Actor.for_user(logistics_user), {"origin": "1", "destination": "79", "weight_kg": 5})
    pending_user = make_user()
    make_org("buyer", owner=pending_user, status="pending")
    with pytest.raises(Forbidden):
        shipments.create_route(Actor.for_user(pending_user), {"origin": "1", "destination": "79", "weight_kg": 5})
    route = shipments.create_route(actor, {"origin": "79", "destination": "79", "weight_kg": 300})
    est = shipments.route_estimate(route)
    assert est.same_province and est.by_class("road_diesel_van").distance_km == 30.0
    hidden, _ = make_provider("Ẩn", published=False)
    with pytest.raises(ValidationFailed):
        shipments.request_quotes(actor, route.id, {"provider_ids": [hidden.id]})


def test_api_flow(client, token_for, make_user, make_org, make_provider):
    user = make_user()
    make_org("buyer", owner=user)
    rail, rail_owner = make_provider("Đường sắt", provinces=["1", "79"], fleet=[("rail", 20, None)])
    h = token_for(user)
    r = client.post("/api/v1/logistics/routes", json={"origin": "1", "destination": "79", "weight_kg": 10000}, headers=h)
    assert r.status_code == 201, r.json
    route_id = r.json["id"]
    detail = client.get(f"/api/v1/logistics/routes/{route_id}", headers=h).json
    assert detail["matches"][0]["provider_id"] == rail.id
    assert detail["matches"][0]["co2e_kg"] == pytest.approx(599.08, abs=0.01)
    rail_row = next(x for x in detail["estimate"]["results"] if x["vehicle_class"] == "rail")
    assert rail_row["co2e_kg"] == pytest.approx(599.08, abs=0.01)
    r = client.post(f"/api/v1/logistics/routes/{route_id}/quotes", json={"provider_ids": [rail.id]}, headers=h)
    assert r.status_code == 201
    quote_id = r.json["items"][0]["id"]
    ph = token_for(rail_owner)
    inbox = client.get("/api/v1/logistics/quotes", headers=ph).json["items"]
    assert [q["id"] for q in inbox] == [quote_id]
    r = client.post(f"/api/v1/logistics/quotes/{quote_id}/answer", headers=ph,
                    json={"vehicle_class": "rail", "price_vnd": 38000000, "transit_days": 3.5, "committed_co2e_kg": 560})
    assert r.status_code == 200 and r.json["status"] == "quoted"
    r = client.post(f"/api/v1/logistics/quotes/{quote_id}/accept", headers=h)
    assert r.status_code == 200 and r.json["status"] == "accepted"
    detail = client.get(f"/api/v1/logistics/routes/{route_id}", headers=h).json
    assert detail["accepted"]["committed_co2e_kg"] == 560 and detail["accepted"]["provider_name"] == "Đường sắt"
    # the provider sees the route without the matches
    assert client.get(f"/api/v1/logistics/routes/{route_id}", headers=ph).json["matches"] == []
    assert client.get(f"/api/v1/logistics/routes/{route_id}", headers=token_for(make_user())).status_code == 404


def test_two_simultaneous_accepts_leave_one_transport(app, shipper, make_provider):
    """Two browser tabs accepting different quotes for one shipment at the same moment: the route row is
    locked (app.locking, both databases), so the second accept waits and then sees the first."""
    import threading

    from app.extensions import db

    actor, org = shipper
    providers = [make_provider(f"Nhà vận tải {i}", provinces=["1", "79"], fleet=[("rail", 5, None)]) for i in range(2)]
    route = shipments.create_route(actor, {"origin": "1", "destination": "79", "weight_kg": 5_000})
    quotes = shipments.request_quotes(actor, route.id, {"provider_ids": [p.id for p, _ in providers]})
    for (prov, owner), q in zip(providers, sorted(quotes, key=lambda q: q.provider_id)):
        shipments.answer_quote(Actor.for_user(owner), q.id, {"vehicle_class": "rail", "price_vnd": 10_000_000,
                                                             "transit_days": 3, "committed_co2e_kg": 300})
    ids, user_id = [q.id for q in quotes], actor.user.id
    db.session.remove()
    barrier, outcomes = threading.Barrier(2), []

    def accept(quote_id):
        with app.app_context():
            from app.accounts.models import User

            me = Actor.for_user(db.session.get(User, user_id))
            barrier.wait()
            try:
                shipments.accept_quote(me, quote_id)
                outcomes.append("accepted")
            except Conflict:
                outcomes.append("conflict")

    threads = [threading.Thread(target=accept, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["accepted", "conflict"]
    from app.logistics.models import TransportQuote

    statuses = db.session.scalars(db.select(TransportQuote.status).where(TransportQuote.id.in_(ids))).all()
    assert sorted(s.value for s in statuses) == ["accepted", "closed"]
