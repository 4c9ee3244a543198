"""Transport of sourcing deals (issue 6 from a deal) and transport CO2e in the quote comparison (issue 5).

Hand-computed figures (app/logistics/data/emission_factors.v1.json; great-circle distances between
province seats): Hà Nội (1) → Hồ Chí Minh (79) 1,143.35 km, Đà Nẵng (48) → Hồ Chí Minh 608.02 km.
co2e_kg = t × great-circle km × circuity × g/tkm / 1000, with road HGV average 125.2 g (circuity 1.3),
rail 34.7 g (1.51), coastal container 45.1 g (1.3).
"""
from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("app.catalog.services")

from app.errors import Conflict, NotFound, ValidationFailed  # noqa: E402
from app.logistics import deals, shipments  # noqa: E402
from app.permissions import Actor  # noqa: E402
from app.sourcing import services as sourcing  # noqa: E402


@pytest.fixture()
def make_deal(make_user, make_org):
    """make_deal(unit, quantity, listing={...}, supplier_province, delivery) → (deal, supplier user, buyer user)."""
    from app import clock
    from app.catalog.services import create_listing

    def do(unit="tonne", quantity=2, listing=None, supplier_province="48", delivery="79", listing_province=None):
        supplier = make_user()
        sorg = make_org("producer", owner=supplier, trade_name="Bã Mía Đà Nẵng", province_code=supplier_province)
        sa = Actor.for_user(supplier)
        listing_id = None
        if listing is not False:
            data = {"title": "Bột bã mía", "description": "Hộp đựng thức ăn từ bã mía, phân huỷ sinh học.", "category": "packaging.food_containers", "unit": unit, "moq": 1,
                    "origin_province": listing_province or supplier_province,
                    "price_tiers": [{"min_qty": 1, "price_vnd": 1500}], "status": "published"}
            data.update(listing or {})
            listing_id = create_listing(sa, data).id
        buyer = make_user()
        make_org("buyer", owner=buyer, trade_name="Siêu thị Xanh", province_code=delivery)
        ba = Actor.for_user(buyer)
        rfq = sourcing.create_rfq(ba, {"title": "Hộp bã mía", "quantity": quantity, "unit": unit,
                                       "delivery_province": delivery, "visibility": "invited", "status": "open",
                                       "closes_on": clock.today() + dt.timedelta(days=10)})
        sourcing.invite_supplier(ba, rfq.id, sorg.id)
        quote = sourcing.submit_quote(sa, rfq.id, {
            "unit_price_vnd": 1500, "quantity": quantity, "lead_time_days": 7, "listing_id": listing_id,
            "valid_until": (clock.today() + dt.timedelta(days=20)).isoformat()})
        deal = sourcing.accept_quote(ba, quote.id)
        return deal, supplier, buyer

    return do


# ------------------------------------------------------------------ the weight rule

def test_weight_rule():
    assert sourcing.shipment_weight_kg(1200, "kg") == (1200.0, "")
    assert sourcing.shipment_weight_kg(2.5, "tonne") == (2500.0, "")
    assert sourcing.shipment_weight_kg(2.5, "tonne", 7.0) == (2500.0, "")  # a weight unit ignores unit_weight_kg
    assert sourcing.shipment_weight_kg(50_000, "piece", 0.025) == (1250.0, "")
    weight, why = sourcing.shipment_weight_kg(50_000, "piece")
    assert weight is None and why  # the reason shown instead of a figure
    assert sourcing.shipment_weight_kg(0, "kg")[0] is None
    assert sourcing.shipment_weight_kg(None, "kg")[0] is None


def test_deal_shipping_facts_from_listing(make_deal, make_user, make_org):
    deal, supplier, buyer = make_deal(unit="box", quantity=400, listing={"unit_weight_kg": 12.5},
                                      supplier_province="48", listing_province="1")
    for user in (supplier, buyer):
        facts = sourcing.deal_shipping(Actor.for_user(user), deal.id)
        assert (facts.origin, facts.destination, facts.weight_kg) == ("01", "79", 5000.0)  # the listing's province
    stranger = make_user()
    make_org("producer", owner=stranger)
    with pytest.raises(NotFound):
        sourcing.deal_shipping(Actor.for_user(stranger), deal.id)
    with pytest.raises(NotFound):
        sourcing.deal_shipping(Actor.for_user(make_user(role="admin")), deal.id)  # parties only
    # no listing: the supplier's province; pieces without a unit weight: unknown
    deal2, s2, _b2 = make_deal(unit="piece", quantity=1000, listing=False, supplier_province="48")
    facts = sourcing.deal_shipping(Actor.for_user(s2), deal2.id)
    assert facts.origin == "48" and facts.weight_kg is None and facts.weight_note


# ------------------------------------------------------------------ arranging a deal's transport

def test_party_arranges_transport_and_both_see_it(make_deal, make_provider, make_user, make_org):
    deal, supplier, buyer = make_deal(unit="tonne", quantity=2, supplier_province="48")
    sa, ba = Actor.for_user(supplier), Actor.for_user(buyer)
    rail, rail_owner = make_provider("Đường sắt Xanh", provinces=["48", "79"], fleet=[("rail", 5, None)])
    coastal, coastal_owner = make_provider("Tàu ven biển", provinces=["48", "79"], fleet=[("coastal_container", 2, None)])
    stranger = make_user()
    make_org("producer", owner=stranger)
    xa = Actor.for_user(stranger)

    with pytest.raises(NotFound):
        shipments.create_route_for_deal(xa, deal.id)
    route = shipments.create_route_for_deal(sa, deal.id)
    assert (route.origin, route.destination, route.weight_kg, route.deal_id) == ("48", "79", 2000.0, deal.id)
    assert route.organisation_id == deal.supplier_org_id
    assert shipments.create_route_for_deal(sa, deal.id).id == route.id  # idempotent for the arranging party
    with pytest.raises(Conflict):
        shipments.create_route_for_deal(ba, deal.id)  # the other party follows it instead
    assert shipments.get_route(ba, route.id).id == route.id  # read-only for the buyer
    with pytest.raises(NotFound):
        shipments.request_quotes(ba, route.id, {"provider_ids": [rail.id]})
    for fn in (lambda: shipments.get_route(xa, route.id), lambda: shipments.transport_for_deal(deal.id, xa),
               lambda: shipments.deal_route(xa, deal.id)):
        with pytest.raises(NotFound):
            fn()

    quotes = shipments.request_quotes(sa, route.id, {"provider_ids": [rail.id, coastal.id]})
    rail_q = next(q for q in quotes if q.provider_id == rail.id)
    coastal_q = next(q for q in quotes if q.provider_id == coastal.id)
    shipments.answer_quote(Actor.for_user(rail_owner), rail_q.id, {
        "vehicle_class": "rail", "price_vnd": 9_000_000, "transit_days": 2.5, "committed_co2e_kg": 60})
    shipments.answer_quote(Actor.for_user(coastal_owner), coastal_q.id, {
        "vehicle_class": "coastal_container", "price_vnd": 8_000_000, "transit_days": 4, "committed_co2e_kg": 70})
    with pytest.raises(NotFound):  # the buyer does not accept on the supplier's shipment
        shipments.accept_quote(ba, rail_q.id)
    shipments.accept_quote(sa, rail_q.id)
    for actor in (sa, ba):
        t = shipments.transport_for_deal(deal.id, actor)
        acc = t["accepted"]
        assert acc["provider_name"] == "Đường sắt Xanh" and acc["price_vnd"] == 9_000_000
        assert acc["transit_days"] == 2.5 and acc["committed_co2e_kg"] == 60
        assert acc["estimated_co2e_kg"] == pytest.approx(63.72, abs=0.01)  # 2 t × 608.02 km × 1.51 × 34.7 g


def test_unknown_weight_is_asked_and_routes_link_only_own_deals(make_deal, make_user, make_org):
    deal, supplier, buyer = make_deal(unit="piece", quantity=1000, listing=False)
    sa = Actor.for_user(supplier)
    with pytest.raises(ValidationFailed) as exc:
        shipments.create_route_for_deal(sa, deal.id)
    assert "weight_kg" in exc.value.fields
    route = shipments.create_route_for_deal(sa, deal.id, {"weight_kg": "850"})
    assert route.weight_kg == 850.0

    # a plain route may be linked only to a deal of the shipper's organisation
    other_deal, other_supplier, _ = make_deal(unit="kg", quantity=500)
    stranger_route = shipments.create_route(sa, {"origin": "1", "destination": "79", "weight_kg": 100})
    with pytest.raises(NotFound):
        shipments.attach_transport_to_deal(sa, stranger_route.id, other_deal.id)
    with pytest.raises(ValidationFailed) as exc:
        shipments.create_route(sa, {"origin": "1", "destination": "79", "weight_kg": 100, "deal_id": other_deal.id})
    assert "deal_id" in exc.value.fields
    with pytest.raises(Conflict):  # one route per deal
        shipments.attach_transport_to_deal(sa, stranger_route.id, deal.id)
    oa = Actor.for_user(other_supplier)
    own = shipments.create_route(oa, {"origin": "48", "destination": "79", "weight_kg": 500})
    assert shipments.attach_transport_to_deal(oa, own.id, other_deal.id).deal_id == other_deal.id


def test_deal_page_and_endpoints(client, app, login, token_for, post_form, make_deal, make_provider, make_user,
                                 make_org):
    from tests.conftest import csrf_from

    deal, supplier, buyer = make_deal(unit="tonne", quantity=2)
    rail, rail_owner = make_provider("Đường sắt Xanh", provinces=["48", "79"], fleet=[("rail", 5, None)])
    stranger = make_user()
    make_org("producer", owner=stranger)
    url = f"/sourcing/deals/{deal.id}?lang=en"
    sc = login(supplier)
    page = sc.get(url).get_data(as_text=True)
    assert "Arrange transport" in page and "No transport quote for this deal yet." in page
    assert 'name="weight_kg"' not in page  # known from the deal: not asked
    admin_page = login(make_user(role="admin"), c=app.test_client()).get(url).get_data(as_text=True)
    assert "Deal between" in admin_page and "Arrange transport" not in admin_page

    # a stranger can neither see the deal nor arrange its transport (404), through pages or the API
    xc = login(stranger, c=app.test_client())
    assert xc.get(url).status_code == 404
    token = csrf_from(xc.get("/logistics/shipments").get_data(as_text=True))
    assert xc.post(f"/logistics/deals/{deal.id}/transport", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/api/v1/logistics/deals/{deal.id}/route", json={},
                       headers=token_for(stranger)).status_code == 404
    assert client.get(f"/api/v1/logistics/deals/{deal.id}/transport", headers=token_for(stranger)).status_code == 404

    # the supplier arranges it from the deal page → the shipment page compares modes
    r = sc.post(f"/logistics/deals/{deal.id}/transport", data={"csrf_token": csrf_from(page)})
    assert r.status_code == 302 and "/logistics/shipments/" in r.headers["Location"]
    route = shipments.deal_route(Actor.for_user(supplier), deal.id)
    shipment = sc.get(r.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "co2-compare" in shipment and "Ask Đường sắt Xanh for a quote" in shipment
    q = shipments.request_quotes(Actor.for_user(supplier), route.id, {"provider_ids": [rail.id]})[0]
    shipments.answer_quote(Actor.for_user(rail_owner), q.id, {"vehicle_class": "rail", "price_vnd": 9_000_000,
                                                              "transit_days": 2.5, "committed_co2e_kg": 60})
    shipments.accept_quote(Actor.for_user(supplier), q.id)
    bc = login(buyer, c=app.test_client())
    for c in (sc, bc):
        html = c.get(url).get_data(as_text=True)
        assert "Đường sắt Xanh" in html and "9,000,000" in html and "2.5 days" in html  # English page: English digits
        assert "60 kg" in html and "64 kg" in html  # committed, estimated (63.72 kg)
        assert "Arrange transport" not in html
    assert bc.get(f"/logistics/shipments/{route.id}").status_code == 200  # read-only for the buyer
    body = client.get(f"/api/v1/logistics/deals/{deal.id}/transport", headers=token_for(buyer)).json
    assert body["accepted"]["provider_name"] == "Đường sắt Xanh" and body["accepted"]["committed_co2e_kg"] == 60
    r = client.post(f"/api/v1/logistics/deals/{deal.id}/route", json={}, headers=token_for(buyer))
    assert r.status_code == 409


def test_unknown_weight_is_asked_on_the_deal_page(app, login, make_deal):
    from tests.conftest import csrf_from

    deal, supplier, _buyer = make_deal(unit="piece", quantity=1000, listing=False)
    sc = login(supplier)
    page = sc.get(f"/sourcing/deals/{deal.id}?lang=en").get_data(as_text=True)
    assert 'name="weight_kg"' in page and "no weight per unit" in page
    r = sc.post(f"/logistics/deals/{deal.id}/transport", data={"csrf_token": csrf_from(page)})
    assert r.status_code == 302 and f"/sourcing/deals/{deal.id}" in r.headers["Location"]
    r = sc.post(f"/logistics/deals/{deal.id}/transport", data={"csrf_token": csrf_from(page), "weight_kg": "850"})
    assert "/logistics/shipments/" in r.headers["Location"]
    assert shipments.deal_route(Actor.for_user(supplier), deal.id).weight_kg == 850.0


# ------------------------------------------------------------------ quote comparison (issue 5)

def test_quote_comparison_transport_co2e(app, client, login, make_user, make_org, make_provider, token_for):
    from app import clock
    from app.catalog.services import create_listing

    buyer = make_user()
    make_org("buyer", owner=buyer, province_code="79")
    ba = Actor.for_user(buyer)
    rfq = sourcing.create_rfq(ba, {"title": "Hộp bã mía", "quantity": 50_000, "unit": "piece",
                                   "delivery_province": "79", "visibility": "invited", "status": "open",
                                   "closes_on": clock.today() + dt.timedelta(days=10)})
    quotes, suppliers = {}, {}
    for name, province, unit_weight in (("Hà Nội Xanh", "1", 0.025), ("Không Cân", "48", None)):
        user = make_user()
        org = make_org("producer", owner=user, trade_name=name, province_code=province)
        listing = create_listing(Actor.for_user(user), {
            "title": "Hộp bã mía 750 ml", "description": "Hộp đựng thức ăn từ bã mía, phân huỷ sinh học.", "category": "packaging.food_containers", "unit": "piece", "moq": 1000,
            "origin_province": province, "unit_weight_kg": unit_weight,
            "price_tiers": [{"min_qty": 1000, "price_vnd": 1500}], "status": "published"})
        sourcing.invite_supplier(ba, rfq.id, org.id)
        suppliers[name] = user
        quotes[name] = sourcing.submit_quote(Actor.for_user(user), rfq.id, {
            "unit_price_vnd": 1500, "quantity": 50_000, "lead_time_days": 7, "listing_id": listing.id,
            "valid_until": (clock.today() + dt.timedelta(days=20)).isoformat()})
    make_provider("Đường sắt Bắc Nam", provinces=["1", "79"], fleet=[("rail", 5, None)])

    _rfq, compared = sourcing.compare_quotes(ba, rfq.id)
    rows = {r["quote"].supplier.display_name: r for r in compared}
    known = rows["Hà Nội Xanh"]
    assert known["shipping"].weight_kg == 1250.0  # 50,000 pieces × 0.025 kg
    # road: 1.25 t × 1,143.35 km × 1.3 × 125.2 g = 232.62 kg; lowest: rail 1.25 × 1,143.35 × 1.51 × 34.7 = 74.89 kg
    assert known["transport"]["road"]["co2e_kg"] == pytest.approx(232.62, abs=0.01)
    assert known["transport"]["best"]["vehicle_class"] == "rail"
    assert known["transport"]["best"]["co2e_kg"] == pytest.approx(74.89, abs=0.01)
    unknown = rows["Không Cân"]
    assert unknown["transport"] is None and unknown["shipping"].weight_kg is None

    html = login(buyer).get(f"/sourcing/requests/{rfq.id}/quotes?lang=en").get_data(as_text=True)
    assert "Road (average truck): 233 kg" in html and "Lowest, Freight train: 75 kg" in html
    assert "no weight per unit" in html  # "—" with the reason
    assert "Green transport on this route" in html and "Đường sắt Bắc Nam" in html
    detail = login(buyer).get(f"/sourcing/requests/{rfq.id}?lang=en").get_data(as_text=True)
    assert "Đường sắt Bắc Nam" in detail  # providers serving Hà Nội → Hồ Chí Minh, as a hint

    # the API twin answers the same comparison
    r = client.get(f"/api/v1/rfqs/{rfq.id}/quotes/comparison", headers={**token_for(buyer), "Accept-Language": "en"})
    assert r.status_code == 200, r.json
    assert r.json["rfq_id"] == rfq.id
    api = {row["quote"]["supplier_name"]: row for row in r.json["rows"]}
    assert set(api) == {"Hà Nội Xanh", "Không Cân"}
    assert api["Hà Nội Xanh"]["weight_kg"] == 1250.0
    assert api["Hà Nội Xanh"]["transport"]["road"]["co2e_kg"] == pytest.approx(232.62, abs=0.01)
    assert api["Hà Nội Xanh"]["transport"]["best"]["label"] == "Freight train"
    assert api["Hà Nội Xanh"]["distance_km"] == known["km"] and api["Hà Nội Xanh"]["transport_note"] == ""
    assert api["Hà Nội Xanh"]["origin_province_name"] and api["Hà Nội Xanh"]["destination_province"] == "79"
    assert api["Không Cân"]["transport"] is None and "no weight per unit" in api["Không Cân"]["transport_note"]
    # a supplier sees only its own quote; an organisation that was not invited sees nothing (404)
    r = client.get(f"/api/v1/rfqs/{rfq.id}/quotes/comparison", headers=token_for(suppliers["Không Cân"]))
    assert [row["quote"]["supplier_name"] for row in r.json["rows"]] == ["Không Cân"]
    stranger = make_user()
    make_org("producer", owner=stranger)
    assert client.get(f"/api/v1/rfqs/{rfq.id}/quotes/comparison", headers=token_for(stranger)).status_code == 404
    assert client.get(f"/api/v1/rfqs/{rfq.id}/quotes/comparison").status_code == 401


def test_estimator_same_province_and_out_of_range():
    same = deals.estimate_for_shipping(sourcing.ShippingFacts("79", "79", 500, "kg", 500.0))
    # 0.5 t × 30 km local delivery × 125.2 g = 1.88 kg; only road classes within one province
    assert same["road"]["co2e_kg"] == pytest.approx(1.88, abs=0.01) and same["best"]["mode"] == "road"
    assert deals.estimate_for_shipping(sourcing.ShippingFacts("1", "79", 5e6, "kg", 5e6)) is None  # > 1,000 t
    assert deals.estimate_for_shipping(sourcing.ShippingFacts("1", "79", 1, "piece", None)) is None


def test_listing_unit_weight_through_the_api(client, make_user, make_org, token_for):
    user = make_user()
    make_org("producer", owner=user)
    h = token_for(user)
    body = {"title": "Hộp bã mía 750 ml", "description": "Hộp đựng thức ăn từ bã mía.", "unit": "box",
            "category": "packaging.food_containers", "moq": 10, "origin_province": "79", "unit_weight_kg": 12.5}
    r = client.post("/api/v1/listings", json=body, headers=h)
    assert r.status_code == 201, r.json
    assert r.json["unit_weight_kg"] == 12.5
    lid = r.json["id"]
    assert client.patch(f"/api/v1/listings/{lid}", json={"unit_weight_kg": 0}, headers=h).status_code == 422
    r = client.patch(f"/api/v1/listings/{lid}", json={"unit_weight_kg": None}, headers=h)
    assert r.status_code == 200 and r.json["unit_weight_kg"] is None
