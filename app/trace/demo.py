"""Demo step 70: a small recycled-PET chain a newcomer can scan.

ReFiber (Ninh Bình) washes post-consumer PET bottles into flakes: lot F-2026-001 (2,000 kg, 100 % recycled,
DIN SPEC 91446 DQL 3, yield 85 %) from 2,400 kg of collected bottles (an outside input with a receipt) and a
verified GRS certificate. RePET Bình Dương buys 2,000 kg of flakes through a sourcing deal; ReFiber ships
the lot under it (by a demo carrier when one serves the lane). RePET records bottle lot B-2026-001 (10,000
bottles of 27 g, 50 % recycled PET, covered) and B-2026-002 (claims 80 % with too little input: the
shortfall shows and the badge is withheld). The bottles carry GTIN 9520000000011 — GS1 prefix 952 is
reserved for demonstrations — so the QR code is a GS1 Digital Link: /01/09520000000011/10/B-2026-001.
"""
from __future__ import annotations

import datetime as dt
import io
import random

from werkzeug.datastructures import FileStorage

from .. import clock
from ..errors import DomainError
from ..permissions import Actor

DEMO_GTIN = "9520000000011"  # GS1 prefix 952: for demonstrations and examples
RECEIPT = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
           b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _owner(org) -> Actor:
    m = org.memberships[0]
    return Actor(m.user, org, "owner")


def _receipt(name: str) -> FileStorage:
    return FileStorage(io.BytesIO(RECEIPT), filename=name, content_type="application/pdf")


def demo_trace(rng: random.Random, ctx: dict) -> None:  # noqa: ARG001 - the chain is fixed, not random
    from ..catalog.services import create_listing
    from ..labels import services as labels
    from ..sourcing import services as sourcing
    from .services import lots, profiles

    producers = {o.trade_name: o for o in ctx.get("producers", [])}
    recycler, maker = producers.get("ReFiber"), producers.get("RePET Bình Dương")
    if recycler is None or maker is None:
        return
    ra, ma = _owner(recycler), _owner(maker)
    today = clock.today()
    flakes = create_listing(ra, {
        "title": "Mảnh PET tái chế đã rửa (rPET flakes)", "title_en": "Washed recycled PET flakes",
        "description": "Mảnh PET trong từ chai nước sau tiêu dùng, đã phân loại, rửa nóng và sấy; độ ẩm dưới 1 %.",
        "description_en": "Clear PET flakes from post-consumer bottles, sorted, hot-washed and dried.",
        "category": "recycled.plastics", "material": "PET", "recycled_pct": 100, "unit": "kg", "moq": 500,
        "origin_province": recycler.province_code, "price_tiers": [{"min_qty": 500, "price_vnd": 17500}],
        "status": "published"})
    bottles = create_listing(ma, {
        "title": "Chai PET 500 ml với 50 % nhựa tái chế", "title_en": "500 ml PET bottle with 50 % recycled PET",
        "description": "Chai nước 500 ml, 25 g PET (50 % rPET) và nắp PP 2 g; truy xuất theo lô bằng mã QR.",
        "description_en": "500 ml water bottle, 25 g PET (50 % rPET) and a 2 g PP cap; traceable by lot.",
        "category": "packaging.bottles", "material": "PET, PP", "recycled_pct": 50, "unit": "piece", "moq": 5000,
        "gtin": DEMO_GTIN, "origin_province": maker.province_code,
        "price_tiers": [{"min_qty": 5000, "price_vnd": 1450}], "status": "published"})
    profiles.save_profile(ra, flakes.id, {"components": [{"material": "pet", "mass_kg": 1, "recycled_pct": 100}],
                                          "dql": 3, "default_yield_pct": 85})
    profiles.save_profile(ma, bottles.id, {"components": [{"material": "pet", "mass_kg": 0.025, "recycled_pct": 50},
                                                          {"material": "pp", "mass_kg": 0.002, "recycled_pct": 0}],
                                           "default_yield_pct": 90})
    verifier = ctx.get("verifier")
    if verifier is not None:
        claim = labels.submit_claim(ra, recycler.id, {
            "label": "grs", "certificate_number": "GRS-VN-2026-0117", "issuer": "Control Union Việt Nam",
            "valid_from": today - dt.timedelta(days=120), "valid_until": today + dt.timedelta(days=240)},
            _receipt("grs.pdf"), listing_id=flakes.id)
        labels.verify_claim(Actor(verifier), claim.id)
        summary = ctx.setdefault("summary", {})
        summary["claims"] = summary.get("claims", 0) + 1

    rfq = sourcing.create_rfq(ma, {"title": "Mảnh rPET trong 2 tấn cho chai nước", "quantity": 2000, "unit": "kg",
                                   "delivery_province": maker.province_code, "visibility": "invited", "status": "draft",
                                   "closes_on": today + dt.timedelta(days=14)})
    sourcing.invite_supplier(ma, rfq.id, recycler.id)
    sourcing.update_rfq(ma, rfq.id, {"status": "open"})
    quote = sourcing.submit_quote(ra, rfq.id, {"unit_price_vnd": 17500, "quantity": 2000, "lead_time_days": 4,
                                               "listing_id": flakes.id,
                                               "valid_until": (today + dt.timedelta(days=10)).isoformat()})
    deal = sourcing.accept_quote(ma, quote.id)

    flakes_lot = lots.record_lot(ra, flakes.id, {"lot_number": "F-2026-001", "production_date": today - dt.timedelta(days=12),
                                                 "quantity": 2000})
    lots.add_input(ra, flakes_lot.id, {"kind": "outside", "supplier_name": "HTX Thu gom Phế liệu Nam Định",
                                       "description": "Chai PET sau tiêu dùng, đã phân loại theo màu", "material": "pet",
                                       "mass_kg": 2400, "recycled_pct": 100, "dql": 2,
                                       "received_on": today - dt.timedelta(days=14)}, _receipt("phieu-can.pdf"))
    dispatch = lots.dispatch_lot(ra, flakes_lot.id, {"deal_id": deal.id, "quantity": 2000,
                                                     "shipped_on": today - dt.timedelta(days=9)})
    _transport(ctx, ra, deal.id)
    good = lots.record_lot(ma, bottles.id, {"lot_number": "B-2026-001", "production_date": today - dt.timedelta(days=5),
                                            "quantity": 10000, "expiry_date": today + dt.timedelta(days=720)})
    lots.add_input(ma, good.id, {"dispatch_id": dispatch.id, "mass_kg": 150, "received_on": today - dt.timedelta(days=7)})
    short = lots.record_lot(ma, bottles.id, {"lot_number": "B-2026-002", "production_date": today - dt.timedelta(days=2),
                                             "quantity": 20000, "recycled_pct": 80})
    lots.add_input(ma, short.id, {"dispatch_id": dispatch.id, "mass_kg": 200})
    ctx.setdefault("summary", {})["trace_lots"] = 3


def _transport(ctx: dict, shipper: Actor, deal_id: int) -> None:
    """The deal's transport by the first demo carrier that answers, when one serves the lane."""
    from ..logistics import shipments

    carriers = [o for o in ctx.get("logistics", [])]
    try:
        route = shipments.create_route_for_deal(shipper, deal_id)
        for carrier in carriers:
            try:
                quote = shipments.request_quotes(shipper, route.id, {"provider_ids": [carrier.id]})[0]
                from ..logistics import factors

                est = factors.estimate(route.weight_kg, route.origin, route.destination, "road_diesel_artic")
                co2 = est.by_class("road_diesel_artic").co2e_kg
                shipments.answer_quote(_owner(carrier), quote.id, {
                    "vehicle_class": "road_diesel_artic", "price_vnd": 9_500_000, "transit_days": 2,
                    "committed_co2e_kg": round(co2 or 0, 1), "provider_note": "Demo"})
                shipments.accept_quote(shipper, quote.id)
                return
            except DomainError:
                continue
    except DomainError:
        return
