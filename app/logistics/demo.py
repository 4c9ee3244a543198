"""Demo step 60: profiles of the three demo logistics providers (electric vans in Hồ Chí Minh City,
Mekong barges, North–South rail) and one shipment with quotes. Declared intensities are demo values,
labelled as such in their basis text."""
from __future__ import annotations

import datetime as dt

from .. import clock
from ..extensions import db
from ..notifications.services import enqueue_index
from . import factors
from .models import FleetEntry, LogisticsProfile, QuoteStatus, TransportQuote, TransportRoute

PROFILES = {
    "GreenTrans": {
        "summary": "Giao hàng nội đô và liên tỉnh Đông Nam Bộ bằng xe tải điện, xe van điện và xe tải CNG; kho lạnh "
                   "có điện mặt trời áp mái tại Thủ Đức.",
        "services": ["last_mile", "ltl", "warehousing"], "cold_chain": True,
        "provinces": ["79", "75", "80", "82", "86", "92"], "corridors": [],
        "warehouse_features": ["rooftop_solar", "ev_charging", "led_lighting"], "warehouse_area_m2": 6500,
        "certifications": ["iso14001", "glec_iso14083"], "capacity_tonnes_month": 1500,
        "capacity_note": "Kho lạnh 800 pallet.",
        "fleet": [("road_electric_van", 45, "", 210.0, True), ("road_electric_truck", 12, "", 120.0, False),
                  ("road_gas", 20, "euro5", None, False), ("road_diesel_rigid_medium", 15, "euro5", None, False)],
    },
    "Mekong Barge": {
        "summary": "Sà lan container và sà lan hàng rời trên tuyến Cần Thơ – TP.HCM và các kênh rạch ĐBSCL.",
        "services": ["container", "ftl"], "cold_chain": False,
        "provinces": ["92", "86", "82", "91", "96", "80"], "corridors": [["92", "79"], ["91", "79"]],
        "warehouse_features": [], "warehouse_area_m2": None,
        "certifications": ["iso9001"], "capacity_tonnes_month": 40000, "capacity_note": "24 sà lan 100–300 TEU.",
        "fleet": [("inland_barge", 24, "", 31.0, True), ("road_diesel_hgv", 8, "euro4", None, False)],
    },
    "RailCargo": {
        "summary": "Container đường sắt Bắc – Nam (Giáp Bát – Sóng Thần) kết hợp xe đầu kéo đầu cuối.",
        "services": ["container", "ftl", "customs"], "cold_chain": True,
        "provinces": ["01", "31", "48", "79", "75"], "corridors": [["01", "79"], ["01", "48"], ["48", "79"]],
        "warehouse_features": ["led_lighting"], "warehouse_area_m2": 12000,
        "certifications": ["iso14001", "iso9001"], "capacity_tonnes_month": 20000,
        "capacity_note": "Tàu hàng nhanh 3 chuyến/ngày mỗi chiều.",
        "fleet": [("rail", 60, "", 28.0, False), ("road_diesel_artic", 30, "euro5", None, False),
                  ("multimodal", 1, "", None, False)],
    },
}
BASIS = "Số liệu demo: nhiên liệu/điện năng 2025 ÷ tấn·km thực tế, theo GLEC Framework (demo data)"


def logistics_profiles(rng, ctx) -> None:
    classes = factors.table().classes
    verifier = ctx.get("verifier")
    now = clock.now()
    by_name = {}
    for org in ctx.get("logistics", []):
        spec = PROFILES.get(org.trade_name)
        if spec is None:
            continue
        profile = LogisticsProfile(organisation_id=org.id, published=True, version=1,
                                   **{k: v for k, v in spec.items() if k != "fleet"})
        for key, count, standard, intensity, verified in spec["fleet"]:
            assert key in classes, key
            profile.fleet.append(FleetEntry(
                vehicle_class=key, count=count, emission_standard=standard, declared_intensity=intensity,
                intensity_basis=BASIS if intensity is not None else "",
                verified_at=now if verified else None, verified_by_id=verifier.id if verified and verifier else None,
                verification_note="Demo" if verified else ""))
        db.session.add(profile)
        enqueue_index("provider", org.id)
        by_name[org.trade_name] = org
    db.session.flush()
    producers = ctx.get("producers", [])
    rail = by_name.get("RailCargo")
    if producers and rail:
        shipper = next((p for p in producers if p.province_code == "79"), producers[0])
        route = TransportRoute(organisation_id=shipper.id, origin=shipper.province_code, destination="01",
                               weight_kg=12000.0, reference="Demo: đơn hàng siêu thị Hà Nội", created_at=now)
        db.session.add(route)
        db.session.flush()
        est = factors.estimate(route.weight_kg, route.origin, route.destination, "rail")
        db.session.add(TransportQuote(
            route_id=route.id, provider_id=rail.id, status=QuoteStatus.quoted, message="Cần giao trong 5 ngày.",
            requested_at=now - dt.timedelta(days=1), vehicle_class="rail", price_vnd=38_500_000, transit_days=3.5,
            committed_co2e_kg=round(est.by_class("rail").co2e_kg or 0, 0), estimated_co2e_kg=est.by_class("rail").co2e_kg,
            answered_at=now))
    ctx.setdefault("summary", {})["logistics_profiles"] = len(by_name)
