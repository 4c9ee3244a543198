"""The estimator pinned to hand-computed values from the cited factors (emission_factors.v1.json).

Great-circle distances (haversine, R = 6371 km) between the province seats in app/data/province_seats.csv:
  Hà Nội (21.03, 105.85) – Hồ Chí Minh (10.78, 106.70): 1143.3549 km
  Hải Phòng (20.86, 106.68) – Hồ Chí Minh:              1120.8469 km
  Cần Thơ (10.03, 105.78) – Hồ Chí Minh:                  130.6850 km
  Hà Nội – Đà Nẵng (16.05, 108.20):                      606.6018 km
Circuity: road 1.3, rail 1.51, coastal 1.3. Factors (DESNZ 2025, well-to-wheel, g CO2e/t·km):
  HGV articulated >33 t 95.0, all HGVs 125.2, rigid 7.5–17 t 456.1, rigid 3.5–7.5 t 650.6, van 782.2,
  freight train 34.7, container ship 0–999 TEU 45.1.
"""
from __future__ import annotations

import json
import math

import pytest

from app.errors import ValidationFailed
from app.logistics import factors


def test_factor_file_cites_its_source_and_marks_gaps():
    raw = json.loads(factors.FACTORS_FILE.read_text(encoding="utf-8"))
    assert raw["version"] == "1" and "well-to-wheel" in raw["scope"]
    desnz = raw["sources"]["desnz-2025"]
    assert "conversion factors 2025" in desnz["title"] and desnz["url"].startswith("https://www.gov.uk/")
    for key, spec in raw["classes"].items():
        if spec["factor"] is None:
            assert spec["gap"], key  # every missing default says why
        else:
            assert spec["source"] in raw["sources"] and len(spec["rows"]) == 2, key  # TTW row + WTT row
    for key in ("inland_barge", "road_electric_truck", "road_electric_van", "road_gas", "multimodal"):
        assert raw["classes"][key]["factor"] is None
    assert "diesel/electric split" in raw["classes"]["rail"]["gap_note"]
    for mode, spec in raw["circuity"].items():
        assert spec["basis"] and spec["source"] in raw["sources"], mode


@pytest.mark.parametrize("weight, origin, dest, cls, km, kg", [
    # 10 t × 1143.3549 km × 1.3 × 95.0 g / 1e6 = 1412.04 kg
    (10_000, "1", "79", "road_diesel_artic", 1486.4, 1412.04),
    # 10 t × 1143.3549 × 1.51 × 34.7 / 1e6 = 599.08 kg (1726.5 km ≈ the North–South railway's 1,726 km)
    (10_000, "1", "79", "rail", 1726.5, 599.08),
    # 10 t × 1143.3549 × 1.3 × 782.2 / 1e6 = 11626.32 kg
    (10_000, "1", "79", "road_diesel_van", 1486.4, 11626.32),
    # 25 t × 1120.8469 × 1.3 × 45.1 / 1e6 = 1642.88 kg
    (25_000, "31", "79", "coastal_container", 1457.1, 1642.88),
    # 25 t × 1120.8469 × 1.3 × 125.2 / 1e6 = 4560.73 kg
    (25_000, "31", "79", "road_diesel_hgv", 1457.1, 4560.73),
    # 2.5 t × 130.6850 × 1.3 × 125.2 / 1e6 = 53.18 kg
    (2_500, "92", "79", "road_diesel_hgv", 169.9, 53.18),
    # 2.5 t × 130.6850 × 1.3 × 650.6 / 1e6 = 276.33 kg
    (2_500, "92", "79", "road_diesel_rigid_small", 169.9, 276.33),
    # 0.8 t × 606.6018 × 1.51 × 34.7 / 1e6 = 25.43 kg
    (800, "1", "48", "rail", 916.0, 25.43),
    # 0.8 t × 606.6018 × 1.3 × 456.1 / 1e6 = 287.74 kg
    (800, "1", "48", "road_diesel_rigid_medium", 788.6, 287.74),
])
def test_pinned_routes(weight, origin, dest, cls, km, kg):
    est = factors.estimate(weight, origin, dest, cls)
    assert [r.vehicle_class for r in est.results] == [cls]
    r = est.results[0]
    assert r.distance_km == pytest.approx(km, abs=0.05)
    assert r.co2e_kg == pytest.approx(kg, abs=0.01)
    assert r.factor_basis == "default" and "2025" in r.source and r.rows


def test_great_circle_matches_an_independent_haversine():
    def hav(lat1, lon1, lat2, lon2):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
        return 2 * 6371.0 * math.asin(math.sqrt(a))

    assert factors.estimate(1000, "1", "79").great_circle_km == pytest.approx(hav(21.03, 105.85, 10.78, 106.70))
    assert hav(21.03, 105.85, 10.78, 106.70) == pytest.approx(1143.35, abs=0.01)


def test_compare_all_ranks_known_values_first_and_marks_gaps():
    est = factors.estimate(10_000, "1", "79")
    assert len(est.results) == len(factors.table().classes)
    known = [r for r in est.results if r.available]
    assert [r.co2e_kg for r in known] == sorted(r.co2e_kg for r in known)
    assert est.best.vehicle_class == "rail"  # 599 kg against 670 kg coastal and 1.4 t by articulated truck
    assert est.results.index(known[-1]) < est.results.index(est.by_class("inland_barge"))
    barge = est.by_class("inland_barge")
    assert barge.co2e_kg is None and barge.factor_g_per_tkm is None and barge.factor_basis == "none" and barge.note
    assert barge.distance_km == pytest.approx(1143.3549 * 1.5, abs=0.05)


def test_mode_filter_selects_all_classes_of_a_mode():
    est = factors.estimate(1000, "1", "79", "road")
    assert {r.mode for r in est.results} == {"road"} and len(est.results) == 9


def test_verified_intensity_replaces_the_default():
    est = factors.estimate(10_000, "1", "79", "rail", intensities={"rail": 20.0})
    r = est.results[0]
    # 10 t × 1726.4659 km × 20 g / 1e6 = 345.29 kg
    assert r.co2e_kg == pytest.approx(345.29, abs=0.01) and r.factor_basis == "verified_provider" and not r.rows
    barge = factors.estimate(10_000, "92", "79", "inland_barge", intensities={"inland_barge": 31.0}).results[0]
    # 10 t × 130.6850 × 1.5 × 31 / 1e6 = 60.77 kg
    assert barge.co2e_kg == pytest.approx(60.77, abs=0.01)


def test_same_province_is_a_local_road_delivery():
    est = factors.estimate(500, "79", "79")
    assert est.same_province and est.great_circle_km == 0
    van = est.by_class("road_diesel_van")
    # 0.5 t × 30 km × 782.2 g / 1e6 = 11.73 kg; no circuity on the fixed local distance
    assert van.distance_km == 30.0 and van.circuity is None and van.co2e_kg == pytest.approx(11.73, abs=0.01)
    rail = est.by_class("rail")
    assert rail.distance_km is None and rail.co2e_kg is None and rail.note


@pytest.mark.parametrize("weight, origin, dest, mode, field", [
    (-5, "1", "79", None, "weight_kg"),
    (0, "1", "79", None, "weight_kg"),
    ("abc", "1", "79", None, "weight_kg"),
    (float("nan"), "1", "79", None, "weight_kg"),
    (2_000_000, "1", "79", None, "weight_kg"),
    (100, "99", "79", None, "origin"),
    (100, "1", "", None, "destination"),
    (100, "1", "79", "teleport", "mode"),
])
def test_bad_input_is_rejected(weight, origin, dest, mode, field):
    with pytest.raises(ValidationFailed) as exc:
        factors.estimate(weight, origin, dest, mode)
    assert field in exc.value.fields


def test_api_estimate(client):
    r = client.post("/api/v1/logistics/estimate", json={"weight_kg": 10000, "origin": "1", "destination": "79"})
    assert r.status_code == 200, r.json
    body = r.json
    assert body["origin_name"] == "Hà Nội" and body["factors_version"] == "1"
    rail = next(x for x in body["results"] if x["vehicle_class"] == "rail")
    assert rail["co2e_kg"] == pytest.approx(599.08, abs=0.01) and rail["distance_km"] == pytest.approx(1726.5)
    assert rail["factor_g_per_tkm"] == 34.7 and "DESNZ" in rail["source"] and "conversion factors 2025" in rail["source"]
    assert rail["source_url"].startswith("https://www.gov.uk/")
    gap = next(x for x in body["results"] if x["vehicle_class"] == "road_electric_truck")
    assert gap["co2e_kg"] is None and gap["note"]
    one = client.post("/api/v1/logistics/estimate",
                      json={"weight_kg": 2500, "origin": "92", "destination": "79", "mode": "road_diesel_hgv"}).json
    assert [x["co2e_kg"] for x in one["results"]] == [pytest.approx(53.18, abs=0.01)]


@pytest.mark.parametrize("body, field", [
    ({"weight_kg": -1, "origin": "1", "destination": "79"}, "weight_kg"),
    ({"weight_kg": 10, "origin": "Atlantis", "destination": "79"}, "origin"),  # names are read (issue 16), unknown ones refused
    ({"weight_kg": 10, "origin": "1"}, "destination"),
    ({"weight_kg": "x", "origin": "1", "destination": "79"}, "weight_kg"),
])
def test_api_estimate_rejects_bad_input(client, body, field):
    r = client.post("/api/v1/logistics/estimate", json=body)
    assert r.status_code == 422
    assert field in r.json["error"]["fields"]


def test_estimator_page(client):
    html = client.get("/logistics/estimate?weight_kg=10000&origin=1&destination=79&mode=all&lang=en").get_data(as_text=True)
    assert "Freight train" in html and "599 kg" in html and "1.41 t" in html
    assert "no default factor; provider-declared only" in html
    r = client.get("/logistics/estimate?weight_kg=-3&origin=1&destination=79&lang=en")
    assert r.status_code == 422 and "greater than zero" in r.get_data(as_text=True)
    same = client.get("/logistics/estimate?weight_kg=500&origin=79&destination=79&lang=en").get_data(as_text=True)
    assert "same province" in same and "30 km" in same
