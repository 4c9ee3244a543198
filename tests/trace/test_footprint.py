"""Footprints hand-computed from the cited rows of DESNZ 2025 (ghg-conversion-factors-2025-flat-format.xlsx,
sheet "Factors by Category", Material use): PET primary 3,863.90131 kg CO2e/t (row 4088, 19_505_5140_15_1),
PET closed-loop 2,213.90131 (row 4091, 19_505_5143_15_1), PP primary 2,577.57172 (row 4092), wood primary
269.50416 (row 3996) and no closed-loop value for wood (row 3999)."""
from __future__ import annotations

import json

import pytest

from app.trace import footprint


def test_the_factor_file_cites_every_value():
    t = footprint.table()
    pet = t.materials["pet"]
    assert (pet.primary.value, pet.primary.row, pet.primary.id) == (3863.90131, 4088, "19_505_5140_15_1")
    assert (pet.closed_loop.value, pet.closed_loop.row, pet.closed_loop.id) == (2213.90131, 4091, "19_505_5143_15_1")
    assert t.source["sha256"] == "8bfdb45b81ec4a88e3bdf4584637330f62e6bd09ce1940e654c5d7b7f736de94"
    assert t.citation(pet.primary) == ("ghg-conversion-factors-2025-flat-format.xlsx, sheet “Factors by Category”, "
                                       "row 4088 (ID 19_505_5140_15_1, Primary material production)")
    raw = json.loads(footprint.FACTORS_FILE.read_text())
    for key, m in raw["materials"].items():  # every value has its row and ID; empty source cells stay null
        for which in ("primary", "closed_loop"):
            assert m[which]["row"] > 0 and m[which]["id"].startswith("19_")


def test_pet_bottle_with_half_recycled_pet_and_a_pp_cap(app):
    fp = footprint.materials_footprint([{"material": "pet", "mass_kg": 0.025, "recycled_pct": 50},
                                        {"material": "pp", "mass_kg": 0.002, "recycled_pct": 0}])
    # PET: 0.025 t/1000 × (0.5 × 2213.90131 + 0.5 × 3863.90131) = 0.025/1000 × 3038.90131 = 0.0759725328
    # PP:  0.002/1000 × 2577.57172 = 0.0051551434
    assert fp.components[0].kg_co2e == pytest.approx(0.0759725328)
    assert fp.components[1].kg_co2e == pytest.approx(0.00515514344)
    assert fp.per_unit_kg == pytest.approx(0.08112767624)
    assert [w for w, _f in fp.components[0].factors] == ["primary", "closed_loop"]


def test_only_the_covered_recycled_share_counts(app):
    # half of the 50 % claim covered → 25 % recycled: 0.025/1000 × (0.25 × 2213.90131 + 0.75 × 3863.90131)
    fp = footprint.materials_footprint([{"material": "pet", "mass_kg": 0.025, "recycled_pct": 50}], recycled_scale=0.5)
    assert fp.per_unit_kg == pytest.approx(0.025 / 1000 * 3451.40131)


def test_transport_is_spread_over_the_lot(app):
    fp = footprint.materials_footprint([{"material": "pet", "mass_kg": 0.025, "recycled_pct": 0}])
    with_t = footprint.with_transport(fp, 12.5, 10_000)  # 12.5 kg CO2e for 10,000 bottles
    assert with_t.transport_kg == pytest.approx(0.00125)
    assert with_t.per_unit_kg == pytest.approx(0.025 / 1000 * 3863.90131 + 0.00125)


def test_a_missing_factor_makes_the_footprint_unknown_never_estimated(app):
    assert footprint.materials_footprint([{"material": "wood", "mass_kg": 2, "recycled_pct": 0}]).per_unit_kg == \
        pytest.approx(2 / 1000 * 269.50416)
    fp = footprint.materials_footprint([{"material": "wood", "mass_kg": 2, "recycled_pct": 30},
                                        {"material": "pet", "mass_kg": 0.1, "recycled_pct": 0}])
    assert fp.per_unit_kg is None and fp.components[0].kg_co2e is None
    assert fp.gaps == (f"{fp.components[0].label}: {fp.components[0].gap}",) and fp.components[0].gap
    other = footprint.materials_footprint([{"material": "other", "mass_kg": 1, "recycled_pct": 0}])
    assert other.per_unit_kg is None and other.gaps
    assert footprint.materials_footprint([]).per_unit_kg is None
