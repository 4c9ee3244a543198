"""Authorization matrix cases for /api/v1/logistics (see tests/test_authz_matrix.py)."""
from __future__ import annotations

from tests.test_authz_matrix import PUBLIC_MUTATIONS, Case, register

# The estimator computes and stores nothing; anyone may call it (like the public estimator page).
PUBLIC_MUTATIONS.add(("POST", "/api/v1/logistics/estimate"))

_PROFILE = {"provinces": ["79", "1"], "published": True,
            "fleet": [{"vehicle_class": "rail", "count": 4, "declared_intensity": 22.0,
                       "intensity_basis": "Đo 2025 theo GLEC Framework"}]}


def _provider(w, owner=None):
    """A published provider (the world's org when it is a logistics org) → its org."""
    from app.logistics.services import save_profile
    from app.permissions import Actor

    if owner is None:
        owner = w.make_user()
        org = w.make_org("logistics", owner=owner)
    else:
        org = owner.membership.organisation
    save_profile(Actor.for_user(owner), _PROFILE)
    return org, owner


def _route(w, owner):
    from app.logistics.shipments import create_route
    from app.permissions import Actor

    return create_route(Actor.for_user(owner), {"origin": "1", "destination": "79", "weight_kg": 5000})


def _profile(w):
    return "/api/v1/logistics/profile", {"provinces": ["79"], "summary": "Xe điện", "published": False}


def _verify(w):
    from app.extensions import db
    from app.logistics.models import FleetEntry

    _provider(w)
    entry = db.session.scalar(db.select(FleetEntry).order_by(FleetEntry.id.desc()))
    return f"/api/v1/logistics/fleet/{entry.id}/verify", {"note": "Đã kiểm tra"}


def _create_route(w):
    return "/api/v1/logistics/routes", {"origin": "1", "destination": "79", "weight_kg": 1200}


def _request(w):
    provider, _ = _provider(w)
    route = _route(w, w.owner)
    return f"/api/v1/logistics/routes/{route.id}/quotes", {"provider_ids": [provider.id]}


def _quote_for_world_provider(w):
    """The world's org is the provider: a shipper elsewhere asked it for a quote."""
    from app.logistics.shipments import request_quotes
    from app.permissions import Actor

    _provider(w, w.owner)
    shipper = w.make_user()
    w.make_org("producer", owner=shipper)
    route = _route(w, shipper)
    return request_quotes(Actor.for_user(shipper), route.id, {"provider_ids": [w.org.id]})[0]


def _answer(w):
    q = _quote_for_world_provider(w)
    return f"/api/v1/logistics/quotes/{q.id}/answer", {"vehicle_class": "rail", "price_vnd": 9000000,
                                                        "transit_days": 3, "committed_co2e_kg": 200}


def _decline(w):
    q = _quote_for_world_provider(w)
    return f"/api/v1/logistics/quotes/{q.id}/decline", {"note": "Hết xe"}


def _accept(w):
    from app.logistics.shipments import answer_quote, request_quotes
    from app.permissions import Actor

    provider, provider_owner = _provider(w)
    route = _route(w, w.owner)
    q = request_quotes(Actor.for_user(w.owner), route.id, {"provider_ids": [provider.id]})[0]
    answer_quote(Actor.for_user(provider_owner), q.id, {"vehicle_class": "rail", "price_vnd": 9000000,
                                                        "transit_days": 3, "committed_co2e_kg": 200})
    return f"/api/v1/logistics/quotes/{q.id}/accept", None


def _deal_route(w):
    """A deal in which the world's producer is the supplier (kg: the weight is known)."""
    import datetime as dt

    from app import clock
    from app.permissions import Actor
    from app.sourcing import services

    buyer = w.make_user()
    w.make_org("buyer", owner=buyer)
    ba = Actor.for_user(buyer)
    rfq = services.create_rfq(ba, {"title": "Bã mía", "quantity": 800, "unit": "kg", "delivery_province": "79",
                                   "closes_on": clock.today() + dt.timedelta(days=10), "visibility": "invited",
                                   "status": "open"})
    services.invite_supplier(ba, rfq.id, w.org.id)
    quote = services.submit_quote(Actor.for_user(w.owner), rfq.id, {
        "unit_price_vnd": 9000, "quantity": 800, "lead_time_days": 5,
        "valid_until": (clock.today() + dt.timedelta(days=20)).isoformat()})
    deal = services.accept_quote(ba, quote.id)
    return f"/api/v1/logistics/deals/{deal.id}/route", {}


register(
    Case("POST", "/api/v1/logistics/deals/<int:deal_id>/route", _deal_route, stranger_sees=(404,),
         name="POST /api/v1/logistics/deals/<int:deal_id>/route (deal parties only)"),
    Case("PUT", "/api/v1/logistics/profile", _profile, kind="logistics", stranger_sees=(200,),
         name="PUT /api/v1/logistics/profile (own profile only)"),
    Case("POST", "/api/v1/logistics/fleet/<int:entry_id>/verify", _verify, right="verifier", stranger_sees=(403,)),
    Case("POST", "/api/v1/logistics/routes", _create_route, stranger_sees=(201,),
         name="POST /api/v1/logistics/routes (own organisation)"),
    Case("POST", "/api/v1/logistics/routes/<int:route_id>/quotes", _request),
    Case("POST", "/api/v1/logistics/quotes/<int:quote_id>/answer", _answer, kind="logistics"),
    Case("POST", "/api/v1/logistics/quotes/<int:quote_id>/decline", _decline, kind="logistics"),
    Case("POST", "/api/v1/logistics/quotes/<int:quote_id>/accept", _accept),
)
