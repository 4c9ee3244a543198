"""A small recycled-PET chain, built through the services, for the trace tests.

recycler (Tái Chế Xanh, Đồng Nai) lists PET flakes (kg, 100 % recycled, DQL 3) and records flakes lot
F-001 (1,000 kg, yield 85 %) from 1,200 kg of collected post-consumer bottles (an outside input with a
PDF receipt) → the bottle maker (Chai Xanh, Hồ Chí Minh) buys 1,000 kg of flakes through a deal → the
recycler ships F-001 under the deal → the bottle maker records bottle lot B-001 (10,000 bottles of
27 g: 25 g PET at 50 % recycled + 2 g PP; 90 % yield) with 150 kg of the flakes as input.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from werkzeug.datastructures import FileStorage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GTIN = "8934567890120"


def pdf(name="receipt.pdf") -> FileStorage:
    return FileStorage(io.BytesIO(PDF), filename=name, content_type="application/pdf")


@dataclass
class Chain:
    recycler: object
    recycler_org: object
    maker: object
    maker_org: object
    flakes: object
    bottles: object
    deal: object
    flakes_lot: object = None
    dispatch: object = None
    bottle_lot: object = None

    def actor(self, who):
        from app.permissions import Actor

        return Actor.for_user(getattr(self, who))


@pytest.fixture()
def chain(make_user, make_org):
    """Builds the chain up to the steps asked: chain(until="deal" | "flakes" | "dispatch" | "bottles")."""
    from app import clock
    from app.catalog.services import create_listing
    from app.permissions import Actor
    from app.sourcing import services as sourcing
    from app.trace.services import lots, profiles

    def build(until: str = "bottles", *, bottle_recycled_pct=50, bottle_input_kg=150.0, gtin=GTIN) -> Chain:
        today = clock.today()
        recycler = make_user()
        rorg = make_org("producer", owner=recycler, trade_name="Tái Chế Xanh", province_code="75")
        maker = make_user()
        morg = make_org("producer", owner=maker, trade_name="Chai Xanh", province_code="79")
        ra, ma = Actor.for_user(recycler), Actor.for_user(maker)
        flakes = create_listing(ra, {"title": "Mảnh PET tái chế", "description": "Mảnh PET sạch từ chai sau tiêu dùng.",
                                     "category": "recycled.plastics", "unit": "kg", "moq": 100, "recycled_pct": 100,
                                     "material": "PET", "origin_province": "75",
                                     "price_tiers": [{"min_qty": 100, "price_vnd": 18000}], "status": "published"})
        bottles = create_listing(ma, {"title": "Chai PET 500 ml", "description": "Chai nước 500 ml, 50 % PET tái chế.",
                                      "category": "packaging.bottles", "unit": "piece", "moq": 1000, "recycled_pct": 50,
                                      "material": "PET", "origin_province": "79", "gtin": gtin,
                                      "price_tiers": [{"min_qty": 1000, "price_vnd": 1500}], "status": "published"})
        profiles.save_profile(ra, flakes.id, {"components": [{"material": "pet", "mass_kg": 1, "recycled_pct": 100}],
                                              "dql": 3, "default_yield_pct": 85})
        profiles.save_profile(ma, bottles.id, {"components": [{"material": "pet", "mass_kg": 0.025, "recycled_pct": 50},
                                                              {"material": "pp", "mass_kg": 0.002, "recycled_pct": 0}],
                                               "default_yield_pct": 90})
        rfq = sourcing.create_rfq(ma, {"title": "Mảnh PET tái chế 1 tấn", "quantity": 1000, "unit": "kg",
                                       "delivery_province": "79", "visibility": "public", "status": "open",
                                       "closes_on": today + dt.timedelta(days=10)})
        quote = sourcing.submit_quote(ra, rfq.id, {"unit_price_vnd": 18000, "quantity": 1000, "lead_time_days": 5,
                                                   "listing_id": flakes.id,
                                                   "valid_until": (today + dt.timedelta(days=20)).isoformat()})
        deal = sourcing.accept_quote(ma, quote.id)
        c = Chain(recycler, rorg, maker, morg, flakes, bottles, deal)
        if until == "deal":
            return c
        c.flakes_lot = lots.record_lot(ra, flakes.id, {"lot_number": "F-001", "production_date": today - dt.timedelta(days=5),
                                                       "quantity": 1000})
        lots.add_input(ra, c.flakes_lot.id, {"kind": "outside", "supplier_name": "HTX Thu gom Dĩ An",
                                             "description": "Chai PET sau tiêu dùng đã phân loại", "material": "pet",
                                             "mass_kg": 1200, "recycled_pct": 100, "received_on": today - dt.timedelta(days=6)},
                       pdf())
        if until == "flakes":
            return c
        c.dispatch = lots.dispatch_lot(ra, c.flakes_lot.id, {"deal_id": deal.id, "quantity": 1000,
                                                             "shipped_on": today - dt.timedelta(days=3)})
        if until == "dispatch":
            return c
        c.bottle_lot = lots.record_lot(ma, bottles.id, {"lot_number": "B-001", "production_date": today - dt.timedelta(days=1),
                                                        "quantity": 10000, "recycled_pct": bottle_recycled_pct})
        if bottle_input_kg:
            lots.add_input(ma, c.bottle_lot.id, {"dispatch_id": c.dispatch.id, "mass_kg": bottle_input_kg,
                                                 "received_on": today - dt.timedelta(days=2)})
        return c

    return build
