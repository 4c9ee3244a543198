"""Authorization matrix cases of the sourcing API (see tests/test_authz_matrix.py)."""
from __future__ import annotations

import datetime as dt

from tests.test_authz_matrix import Case, register


def _rfq(buyer_user, **over):
    from app import clock
    from app.permissions import Actor
    from app.sourcing import services

    data = {"title": "Hộp bã mía 750 ml", "quantity": 1000, "unit": "piece", "delivery_province": "79",
            "closes_on": clock.today() + dt.timedelta(days=10), "visibility": "invited", "status": "open"}
    data.update(over)
    return services.create_rfq(Actor.for_user(buyer_user), data)


def _foreign_rfq_inviting(w):
    """A request of another buyer, for invited suppliers only, inviting the world's producer."""
    from app.permissions import Actor
    from app.sourcing import services

    buyer = w.make_user()
    w.make_org("buyer", owner=buyer)
    rfq = _rfq(buyer)
    services.invite_supplier(Actor.for_user(buyer), rfq.id, w.org.id)
    return rfq


def _quote(producer_user, rfq_id):
    from app import clock
    from app.permissions import Actor
    from app.sourcing import services

    return services.submit_quote(Actor.for_user(producer_user), rfq_id, {
        "unit_price_vnd": 1500, "quantity": 1000, "lead_time_days": 7,
        "valid_until": (clock.today() + dt.timedelta(days=20)).isoformat()})


def _own_rfq_with_quote(w):
    from app.permissions import Actor
    from app.sourcing import services

    rfq = _rfq(w.owner)
    supplier = w.make_user()
    org = w.make_org("producer", owner=supplier)
    services.invite_supplier(Actor.for_user(w.owner), rfq.id, org.id)
    return _quote(supplier, rfq.id)


def _withdrawable(w):
    rfq = _foreign_rfq_inviting(w)
    return _quote(w.owner, rfq.id)


def _saved(w):
    from app.permissions import Actor
    from app.sourcing import services

    return services.save_search(Actor.for_user(w.owner), {"name": "Ống hút", "params": {"q": "ống hút tre"}})


QUOTE = {"unit_price_vnd": 1500, "quantity": 1000, "lead_time_days": 10, "valid_until": "2099-01-01", "incoterm": "DAP"}

register(
    Case("POST", "/api/v1/rfqs", lambda w: ("/api/v1/rfqs", {
        "title": "Ống hút tre", "quantity": 5000, "unit": "piece", "delivery_province": "48",
        "closes_on": "2099-01-01"}), right="any_user", kind="buyer"),
    Case("PATCH", "/api/v1/rfqs/<int:rfq_id>",
         lambda w: (f"/api/v1/rfqs/{_rfq(w.owner, status='draft').id}", {"title": "Ống hút tre 20 cm"}), kind="buyer"),
    Case("POST", "/api/v1/rfqs/<int:rfq_id>/invitations",
         lambda w: (f"/api/v1/rfqs/{_rfq(w.owner).id}/invitations",
                    {"supplier_org_id": w.make_org("producer").id}), kind="buyer"),
    Case("POST", "/api/v1/rfqs/<int:rfq_id>/decline",
         lambda w: (f"/api/v1/rfqs/{_foreign_rfq_inviting(w).id}/decline", {"reason": "hết hàng"})),
    Case("POST", "/api/v1/rfqs/<int:rfq_id>/quotes",
         lambda w: (f"/api/v1/rfqs/{_foreign_rfq_inviting(w).id}/quotes", QUOTE)),
    Case("POST", "/api/v1/rfqs/<int:rfq_id>/messages",
         lambda w: (f"/api/v1/rfqs/{_foreign_rfq_inviting(w).id}/messages", {"body": "Xin chào"})),
    Case("POST", "/api/v1/quotes/<int:quote_id>/accept",
         lambda w: (f"/api/v1/quotes/{_own_rfq_with_quote(w).id}/accept", {"reason": ""}), kind="buyer"),
    Case("POST", "/api/v1/quotes/<int:quote_id>/decline",
         lambda w: (f"/api/v1/quotes/{_own_rfq_with_quote(w).id}/decline", {"reason": "giá cao"}), kind="buyer"),
    Case("POST", "/api/v1/quotes/<int:quote_id>/withdraw",
         lambda w: (f"/api/v1/quotes/{_withdrawable(w).id}/withdraw", None)),
    Case("POST", "/api/v1/saved-searches",
         lambda w: ("/api/v1/saved-searches", {"name": "Ống hút", "params": {"q": "ống hút"}}), right="any_user"),
    Case("DELETE", "/api/v1/saved-searches/<int:search_id>",
         lambda w: (f"/api/v1/saved-searches/{_saved(w).id}", None)),
)


# ------------------------------------------------------------------ a buyer's buttons

def _supplier_listing(w):
    from app.catalog.services import create_listing
    from app.permissions import Actor

    user = w.make_user()
    w.make_org("producer", owner=user)
    return create_listing(Actor.for_user(user), {
        "title": "Hộp bã mía 500 ml", "description": "Hộp bã mía phân huỷ sinh học, có nắp.",
        "category": "packaging.food_containers", "unit": "piece", "moq": 1000,
        "origin_province": "79", "price_tiers": [{"min_qty": 1000, "price_vnd": 1500}], "status": "published"})


def _add_to_request(w):
    listing = _supplier_listing(w)
    rfq = _rfq(w.owner)
    return f"/api/v1/listings/{listing.id}/add-to-request", {"rfq_id": rfq.id}


def _own_direct_thread(w):
    from app.permissions import Actor
    from app.sourcing import services

    listing = _supplier_listing(w)
    msg = services.message_supplier(Actor.for_user(w.owner), listing.organisation_id, {"body": "Xin chào"})
    return f"/api/v1/conversations/{msg.thread_id}/messages", {"body": "Cho hỏi giá"}


def _own_saved(w):
    from app.permissions import Actor
    from app.sourcing import services

    listing = _supplier_listing(w)
    services.save_listing(Actor.for_user(w.owner), listing.id)
    return f"/api/v1/saved/listings/{listing.id}", None


def _own_follow(w):
    from app.permissions import Actor
    from app.sourcing import services

    listing = _supplier_listing(w)
    services.follow_supplier(Actor.for_user(w.owner), listing.organisation_id)
    return f"/api/v1/saved/suppliers/{listing.organisation_id}", None


register(
    Case("POST", "/api/v1/inquiries",
         lambda w: ("/api/v1/inquiries", {"listing_id": _supplier_listing(w).id, "quantity": 2000,
                                          "delivery_province": "1"}), right="any_user", kind="buyer"),
    Case("POST", "/api/v1/listings/<int:listing_id>/add-to-request", _add_to_request, kind="buyer"),
    Case("POST", "/api/v1/conversations/<int:thread_id>/messages", _own_direct_thread, kind="buyer"),
    Case("POST", "/api/v1/suppliers/<int:org_id>/messages",
         lambda w: (f"/api/v1/suppliers/{_supplier_listing(w).organisation_id}/messages", {"body": "Xin chào"}),
         right="any_user", kind="buyer"),
    Case("PUT", "/api/v1/saved/listings/<int:listing_id>",
         lambda w: (f"/api/v1/saved/listings/{_supplier_listing(w).id}", None), right="any_user", kind="buyer"),
    Case("DELETE", "/api/v1/saved/listings/<int:listing_id>", _own_saved, kind="buyer"),
    Case("PUT", "/api/v1/saved/suppliers/<int:org_id>",
         lambda w: (f"/api/v1/saved/suppliers/{_supplier_listing(w).organisation_id}", None), right="any_user",
         kind="buyer"),
    Case("DELETE", "/api/v1/saved/suppliers/<int:org_id>", _own_follow, kind="buyer"),
)
