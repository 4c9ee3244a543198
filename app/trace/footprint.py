"""Cradle-to-gate product carbon footprint from a material composition (pure functions).

Factors come from the versioned file data/material_factors.v1.json (UK DESNZ GHG conversion factors
2025, sheet "Factors by Category", "Material use" rows: primary material production and closed-loop
source, kg CO2e per tonne), each with its spreadsheet row and ID so the page can cite it.

    component kg CO2e = mass_kg / 1000 × (r × closed_loop + (1 − r) × primary)      r = recycled share 0…1

A component whose material is not in the file, or whose needed factor is empty in the source, is
*unknown*, and so is the total: a footprint is never completed with a guessed factor. Transport legs are
added by the caller (kg CO2e that the accepted transport quotes give).
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l

FACTORS_FILE = Path(__file__).parent / "data" / "material_factors.v1.json"

MATERIAL_LABELS = {
    "pet": _l("PET"),
    "hdpe": _l("HDPE"),
    "ldpe": _l("LDPE / LLDPE"),
    "pp": _l("PP"),
    "ps": _l("PS"),
    "pvc": _l("PVC"),
    "plastics_average": _l("Plastics, average"),
    "plastic_film": _l("Plastic film, average"),
    "plastic_rigid": _l("Rigid plastic, average"),
    "paper": _l("Paper"),
    "board": _l("Board (cardboard)"),
    "paper_mixed": _l("Paper and board, mixed"),
    "glass": _l("Glass"),
    "aluminium": _l("Aluminium (cans and foil)"),
    "steel_cans": _l("Steel (cans)"),
    "wood": _l("Wood"),
    "other": _l("Other material (no factor)"),
}


@dataclass(frozen=True)
class Factor:
    value: float | None  # kg CO2e per tonne; None = the source has no value
    row: int
    id: str
    column_text: str


@dataclass(frozen=True)
class Material:
    key: str
    level_3: str
    primary: Factor
    closed_loop: Factor

    @property
    def label(self) -> str:
        return str(MATERIAL_LABELS.get(self.key, self.key))


@dataclass(frozen=True)
class FactorTable:
    version: str
    raw: dict[str, Any]
    materials: dict[str, Material]

    @property
    def source(self) -> dict[str, Any]:
        return self.raw["sources"]["desnz-2025"]

    def citation(self, factor: Factor) -> str:
        s = self.source
        return f"{s['file']}, sheet “{s['sheet']}”, row {factor.row} (ID {factor.id}, {factor.column_text})"


@functools.lru_cache(maxsize=1)
def table() -> FactorTable:
    raw = json.loads(FACTORS_FILE.read_text(encoding="utf-8"))

    def f(d: dict) -> Factor:
        return Factor(d["kg_co2e_per_tonne"], int(d["row"]), d["id"], d["column_text"])

    materials = {k: Material(k, v["level_3"], f(v["primary"]), f(v["closed_loop"])) for k, v in raw["materials"].items()}
    return FactorTable(str(raw["version"]), raw, materials)


def material_choices() -> list[tuple[str, str]]:
    return [(k, str(MATERIAL_LABELS[k])) for k in table().materials] + [("other", str(MATERIAL_LABELS["other"]))]


@dataclass(frozen=True)
class ComponentResult:
    material: str
    label: str
    mass_kg: float
    recycled_share: float  # 0…1
    kg_co2e: float | None
    factors: tuple[tuple[str, Factor], ...] = ()  # (which, factor) actually used
    gap: str = ""


@dataclass(frozen=True)
class Footprint:
    """kg CO2e per unit of the product (None = unknown), with every component and the factors used."""

    per_unit_kg: float | None
    materials_kg: float | None
    transport_kg: float = 0.0
    components: tuple[ComponentResult, ...] = ()
    gaps: tuple[str, ...] = ()
    factors_version: str = ""
    source: str = "estimate"  # estimate | declared
    extra: dict = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return self.per_unit_kg is not None


def component(material: str, mass_kg: float, recycled_share: float) -> ComponentResult:
    """One component: mass (kg per unit) of a material with a recycled share (0…1)."""
    t = table()
    r = min(1.0, max(0.0, float(recycled_share)))
    m = t.materials.get(material)
    label = str(MATERIAL_LABELS.get(material, material))
    if m is None:
        return ComponentResult(material, label, mass_kg, r, None, (), str(_l("No published factor for this material.")))
    used: list[tuple[str, Factor]] = []
    total = 0.0
    for share, which, factor in ((1.0 - r, "primary", m.primary), (r, "closed_loop", m.closed_loop)):
        if share <= 0:
            continue
        if factor.value is None:
            gap = (_l("The source gives no closed-loop (recycled) factor for this material.") if which == "closed_loop"
                   else _l("The source gives no primary-production factor for this material."))
            return ComponentResult(material, label, mass_kg, r, None, tuple(used), str(gap))
        used.append((which, factor))
        total += share * factor.value
    return ComponentResult(material, label, mass_kg, r, mass_kg / 1000.0 * total, tuple(used))


def materials_footprint(components: list[dict], *, recycled_scale: float = 1.0) -> Footprint:
    """Per-unit materials footprint of a composition [{material, mass_kg, recycled_pct}]. `recycled_scale`
    (0…1) scales every recycled share: a lot whose recycled content is only partly covered by its
    inputs counts only the covered part as recycled."""
    results = []
    for c in components:
        share = float(c.get("recycled_pct") or 0) / 100.0 * max(0.0, min(1.0, recycled_scale))
        results.append(component(str(c.get("material")), float(c.get("mass_kg") or 0), share))
    gaps = tuple(f"{r.label}: {r.gap}" for r in results if r.kg_co2e is None)
    if not results:
        gaps = (str(_l("No material composition is recorded.")),)
    total = None if gaps else sum(r.kg_co2e for r in results)  # type: ignore[misc]
    return Footprint(total, total, 0.0, tuple(results), gaps, table().version)


def with_transport(fp: Footprint, transport_kg_total: float, quantity: float) -> Footprint:
    """Add a lot's inbound transport (kg CO2e for the whole lot) spread over its quantity."""
    if quantity <= 0:
        return fp
    per_unit_transport = transport_kg_total / quantity
    per_unit = None if fp.materials_kg is None else fp.materials_kg + per_unit_transport
    return Footprint(per_unit, fp.materials_kg, per_unit_transport, fp.components, fp.gaps, fp.factors_version,
                     fp.source, fp.extra)


def format_kg(value: float | None) -> str:
    if value is None:
        return ""
    if value >= 1000:
        return f"{value / 1000:,.2f} t"
    if value >= 10:
        return f"{value:,.1f} kg"
    if value >= 0.1:
        return f"{value:,.3f} kg"
    return f"{value * 1000:,.1f} g"
