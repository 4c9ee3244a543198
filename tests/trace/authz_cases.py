"""Authorization matrix cases for /api/v1/trace (see tests/test_authz_matrix.py)."""
from __future__ import annotations

import datetime as dt

from tests.test_authz_matrix import Case, register


def _actor(user):
    from app.permissions import Actor

    return Actor.for_user(user)


def _listing(owner, **extra):
    from app.catalog.services import create_listing

    data = {"title": "Chai PET", "description": "Chai PET 500 ml tái chế.", "category": "packaging.bottles",
            "unit": "piece", "moq": 1, "origin_province": "79", "price_tiers": [{"min_qty": 1, "price_vnd": 1000}],
            "status": "published", "recycled_pct": 30}
    data.update(extra)
    return create_listing(_actor(owner), data)


def _lot(owner, listing=None, number="L1"):
    from app import clock
    from app.trace.services import lots

    listing = listing or _listing(owner)
    return lots.record_lot(_actor(owner), listing.id, {"lot_number": number, "production_date": clock.today(),
                                                       "quantity": 100})


def _deal(w, supplier, buyer):
    """A deal in which `supplier` (a producer) sells a listing of its own to `buyer` (a producer)."""
    from app import clock
    from app.sourcing import services as sourcing

    listing = _listing(supplier, title="Mảnh PET", category="recycled.plastics", unit="kg", recycled_pct=100)
    rfq = sourcing.create_rfq(_actor(buyer), {"title": "Mảnh PET 500 kg", "quantity": 500, "unit": "kg",
                                              "delivery_province": "79", "status": "open",
                                              "closes_on": clock.today() + dt.timedelta(days=5)})
    quote = sourcing.submit_quote(_actor(supplier), rfq.id, {
        "unit_price_vnd": 15000, "quantity": 500, "lead_time_days": 3, "listing_id": listing.id,
        "valid_until": (clock.today() + dt.timedelta(days=9)).isoformat()})
    return sourcing.accept_quote(_actor(buyer), quote.id), listing


def _dispatch_to_world(w):
    """A supplier elsewhere shipped one of its lots to the world's organisation."""
    from app.trace.services import lots

    supplier = w.make_user()
    w.make_org("producer", owner=supplier)
    deal, listing = _deal(w, supplier, w.owner)
    lot = _lot(supplier, listing, "F1")
    return lots.dispatch_lot(_actor(supplier), lot.id, {"deal_id": deal.id, "quantity": 100})


def _create(w):
    return "/api/v1/trace/lots", {"listing_id": _listing(w.owner).id, "lot_number": "A-1",
                                  "production_date": dt.date.today().isoformat(), "quantity": 50}


def _correct(w):
    return f"/api/v1/trace/lots/{_lot(w.owner).id}/corrections", {"quantity": 90, "reason": "Kiểm kê lại"}


def _void(w):
    return f"/api/v1/trace/lots/{_lot(w.owner).id}/void", {"reason": "Ghi nhầm lô"}


def _input(w):
    d = _dispatch_to_world(w)
    return f"/api/v1/trace/lots/{_lot(w.owner).id}/inputs", {"dispatch_id": d.id, "mass_kg": 10}


def _remove_input(w):
    from app.trace.services import lots

    d = _dispatch_to_world(w)
    lot = _lot(w.owner)
    inp = lots.add_input(_actor(w.owner), lot.id, {"dispatch_id": d.id, "mass_kg": 10})
    return f"/api/v1/trace/lots/{lot.id}/inputs/{inp.id}/remove", {"reason": "Nhầm đầu vào"}


def _dispatch(w):
    buyer = w.make_user()
    w.make_org("producer", owner=buyer)
    deal, listing = _deal(w, w.owner, buyer)
    lot = _lot(w.owner, listing, "F2")
    return f"/api/v1/trace/lots/{lot.id}/dispatches", {"deal_id": deal.id, "quantity": 10}


def _void_dispatch(w):
    from app.trace.services import lots

    buyer = w.make_user()
    w.make_org("producer", owner=buyer)
    deal, listing = _deal(w, w.owner, buyer)
    lot = _lot(w.owner, listing, "F3")
    d = lots.dispatch_lot(_actor(w.owner), lot.id, {"deal_id": deal.id, "quantity": 10})
    return f"/api/v1/trace/dispatches/{d.id}/void", {"reason": "Huỷ chuyến"}


def _profile(w):
    return f"/api/v1/trace/listings/{_listing(w.owner).id}", {
        "components": [{"material": "pet", "mass_kg": 0.02, "recycled_pct": 30}], "default_yield_pct": 95}


def _period(w):
    return f"/api/v1/trace/listings/{_listing(w.owner).id}/periods", {"start": "2026-01-01", "end": "2026-01-31"}


def _carbon_claim(owner, listing):
    import io

    from werkzeug.datastructures import FileStorage

    from app.labels import services as labels

    pdf = FileStorage(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="pcf.pdf")
    return labels.submit_claim(_actor(owner), listing.organisation_id, {
        "label": "iso-14067", "certificate_number": "PCF-1", "issuer": "Bureau Veritas",
        "valid_from": dt.date.today().isoformat(), "valid_until": (dt.date.today() + dt.timedelta(days=300)).isoformat()},
        pdf, listing_id=listing.id)


def _declare(w):
    listing = _listing(w.owner)
    claim = _carbon_claim(w.owner, listing)
    return f"/api/v1/trace/listings/{listing.id}/declarations", {"claim_id": claim.id, "kg_co2e_per_unit": 0.09}


def _flag_review(w):
    from app.trace.models import IntegrityFlag
    from app.trace.services import lots
    from app.extensions import db

    import io

    from werkzeug.datastructures import FileStorage

    owner = w.make_user()
    w.make_org("producer", owner=owner)
    lot = _lot(owner, _listing(owner, unit="kg"))  # 100 kg claiming 30 % recycled
    # a shortfall is flagged once the lot has an input (or after a day): 0.1 kg of recycled input

    lots.add_input(_actor(owner), lot.id, {"kind": "outside", "supplier_name": "Thu gom", "description": "Chai PET",
                                           "mass_kg": 0.1, "recycled_pct": 100, "received_on": dt.date.today()},
                   FileStorage(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="r.pdf"))
    flag = db.session.scalar(db.select(IntegrityFlag).where(IntegrityFlag.lot_id == lot.id))
    return f"/api/v1/trace/flags/{flag.id}/review", {"note": "Đã liên hệ nhà sản xuất"}


def _declaration_review(w):
    from app.labels import services as labels
    from app.trace.services import footprints

    owner = w.make_user()
    w.make_org("producer", owner=owner)
    listing = _listing(owner)
    claim = _carbon_claim(owner, listing)
    labels.verify_claim(_actor(w.verifier), claim.id)
    decl = footprints.declare_footprint(_actor(owner), listing.id, {"claim_id": claim.id, "kg_co2e_per_unit": 0.08})
    return f"/api/v1/trace/declarations/{decl.id}/review", {"decision": "confirm"}


register(
    Case("POST", "/api/v1/trace/lots", _create, ok=(201,)),
    Case("POST", "/api/v1/trace/lots/<int:lot_id>/corrections", _correct),
    Case("POST", "/api/v1/trace/lots/<int:lot_id>/void", _void),
    Case("POST", "/api/v1/trace/lots/<int:lot_id>/inputs", _input, ok=(201,)),
    Case("POST", "/api/v1/trace/lots/<int:lot_id>/inputs/<int:input_id>/remove", _remove_input),
    Case("POST", "/api/v1/trace/lots/<int:lot_id>/dispatches", _dispatch, ok=(201,)),
    Case("POST", "/api/v1/trace/dispatches/<int:dispatch_id>/void", _void_dispatch),
    Case("PUT", "/api/v1/trace/listings/<int:listing_id>", _profile),
    Case("POST", "/api/v1/trace/listings/<int:listing_id>/periods", _period, ok=(201,)),
    Case("POST", "/api/v1/trace/listings/<int:listing_id>/declarations", _declare, ok=(201,)),
    Case("POST", "/api/v1/trace/flags/<int:flag_id>/review", _flag_review, right="verifier", stranger_sees=(403,)),
    Case("POST", "/api/v1/trace/declarations/<int:declaration_id>/review", _declaration_review, right="verifier",
         stranger_sees=(403,)),
)
