"""The versioned emission-factor file (data/emission_factors.v1.json) and the shipment estimator.

Pure functions: no database, no request. `estimate()` gives, per vehicle class, the estimated
distance (great-circle between province seats × the mode's circuity factor) and the well-to-wheel
CO2e (weight × distance × factor). Classes without a default factor are returned with
`factor=None` and a `gap` explaining why, unless the caller passes an intensity that replaces it
(a provider's verified value).
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import vn

FACTORS_FILE = Path(__file__).parent / "data" / "emission_factors.v1.json"
MAX_WEIGHT_KG = 1_000_000.0  # 1,000 t per shipment: beyond that it is a charter, not a quote

MODE_LABELS = {
    "road": _l("Road"),
    "rail": _l("Rail"),
    "inland_waterway": _l("Inland waterway"),
    "coastal": _l("Coastal shipping"),
    "multimodal": _l("Multimodal"),
}
CLASS_LABELS = {
    "road_diesel_artic": _l("Articulated truck > 33 t, diesel"),
    "road_diesel_hgv": _l("Heavy truck, diesel (all HGVs average)"),
    "road_diesel_rigid_medium": _l("Rigid truck 7.5–17 t, diesel"),
    "road_diesel_rigid_small": _l("Rigid truck 3.5–7.5 t, diesel"),
    "road_diesel_van": _l("Van up to 3.5 t, diesel"),
    "road_gas": _l("Truck on CNG / LNG"),
    "road_biofuel": _l("Truck on biodiesel / biofuel blend"),
    "road_electric_truck": _l("Battery-electric truck"),
    "road_electric_van": _l("Battery-electric van"),
    "rail": _l("Freight train"),
    "inland_barge": _l("Inland waterway barge"),
    "coastal_container": _l("Coastal container vessel (feeder, under 1,000 TEU)"),
    "multimodal": _l("Multimodal (several legs)"),
}


@dataclass(frozen=True)
class VehicleClass:
    key: str
    mode: str
    factor: float | None  # g CO2e / tonne-km, well-to-wheel; None = no default (a documented gap)
    source: str | None
    rows: tuple[str, ...] = ()
    gap: str = ""

    @property
    def label(self) -> str:
        return str(CLASS_LABELS.get(self.key, self.key))

    @property
    def mode_label(self) -> str:
        return str(MODE_LABELS.get(self.mode, self.mode))


@dataclass(frozen=True)
class FactorTable:
    version: str
    raw: dict[str, Any]
    classes: dict[str, VehicleClass]
    circuity: dict[str, float]
    intra_km: float
    intra_modes: tuple[str, ...]

    def source(self, key: str | None) -> dict[str, Any]:
        return self.raw["sources"].get(key or "", {})

    def citation(self, key: str | None) -> str:
        s = self.source(key)
        if not s:
            return ""
        return f"{s.get('publisher', '')}: {s['title']}".strip(": ")


@functools.cache
def table() -> FactorTable:
    raw = json.loads(FACTORS_FILE.read_text(encoding="utf-8"))
    classes = {
        key: VehicleClass(key, spec["mode"], spec.get("factor"), spec.get("source"), tuple(spec.get("rows", ())),
                          spec.get("gap", ""))
        for key, spec in raw["classes"].items()
    }
    circuity = {mode: float(spec["factor"]) for mode, spec in raw["circuity"].items()}
    intra = raw["intra_province"]
    return FactorTable(str(raw["version"]), raw, classes, circuity, float(intra["distance_km"]), tuple(intra["modes"]))


def class_choices() -> list[tuple[str, str]]:
    return [(k, c.label) for k, c in table().classes.items()]


def modes() -> list[str]:
    return list(MODE_LABELS)


@dataclass
class ClassEstimate:
    vehicle_class: str
    label: str
    mode: str
    mode_label: str
    distance_km: float | None
    circuity: float | None
    factor_g_per_tkm: float | None
    factor_basis: str  # "default" | "verified_provider" | "none"
    source: str
    source_url: str
    rows: list[str]
    co2e_kg: float | None
    note: str = ""

    @property
    def available(self) -> bool:
        return self.co2e_kg is not None

    @property
    def co2e_t(self) -> float | None:
        return None if self.co2e_kg is None else self.co2e_kg / 1000.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "vehicle_class": self.vehicle_class, "label": self.label, "mode": self.mode, "mode_label": self.mode_label,
            "distance_km": self.distance_km, "circuity": self.circuity, "factor_g_per_tkm": self.factor_g_per_tkm,
            "factor_basis": self.factor_basis, "source": self.source, "source_url": self.source_url,
            "rows": self.rows, "co2e_kg": self.co2e_kg, "note": self.note,
        }


@dataclass
class Estimate:
    origin: str
    destination: str
    weight_kg: float
    great_circle_km: float
    same_province: bool
    factors_version: str
    results: list[ClassEstimate] = field(default_factory=list)

    def by_class(self, key: str) -> ClassEstimate | None:
        return next((r for r in self.results if r.vehicle_class == key), None)

    @property
    def best(self) -> ClassEstimate | None:
        ok = [r for r in self.results if r.available]
        return min(ok, key=lambda r: r.co2e_kg) if ok else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin, "origin_name": vn.province_name(self.origin),
            "destination": self.destination, "destination_name": vn.province_name(self.destination),
            "weight_kg": self.weight_kg, "great_circle_km": round(self.great_circle_km, 1),
            "same_province": self.same_province, "factors_version": self.factors_version,
            "results": [r.as_dict() for r in self.results],
        }


def estimate(weight_kg: Any, origin: Any, destination: Any, mode: str | None = None,
             intensities: dict[str, float] | None = None) -> Estimate:
    """Per-class distance and CO2e. `mode` is a class key, a mode ("road"…) or None/"all" for every
    class. `intensities` ({class: g/tkm}) replaces defaults (a provider's verified values)."""
    return estimate_shipment({"weight_kg": weight_kg, "origin": origin, "destination": destination, "mode": mode},
                             intensities)


def estimate_shipment(data: dict[str, Any], intensities: dict[str, float] | None = None) -> Estimate:
    """`estimate` for a page's or the API's input (schemas.EstimateInput: weight, provinces by code with or
    without the leading zero or by name, mode); ValidationFailed with field messages."""
    from ..validation import load
    from .schemas import EstimateInput

    values = load(EstimateInput, data)
    weight, o, d = float(values["weight_kg"]), values["origin"], values["destination"]
    mode = None if values.get("mode") in (None, "all") else values["mode"]
    t = table()
    same = o == d
    gc = 0.0 if same else vn.province_distance_km(o, d)
    est = Estimate(o, d, weight, gc, same, t.version)
    intensities = intensities or {}
    for key, vc in t.classes.items():
        if mode and mode not in (key, vc.mode):
            continue
        source = {"title": t.citation(vc.source), "url": t.source(vc.source).get("url", "")}
        factor, basis, note = vc.factor, ("default" if vc.factor is not None else "none"), vc.gap
        if key in intensities and intensities[key] is not None:
            factor, basis, note = float(intensities[key]), "verified_provider", ""
            source = {"title": _("Provider's verified emission intensity"), "url": ""}
        if same:
            if vc.mode in t.intra_modes:
                distance, circuity = t.intra_km, None
            else:
                distance, circuity = None, None
                note = _("Not estimated within one province.")
        else:
            circuity = t.circuity[vc.mode]
            distance = gc * circuity
        co2e = None
        if distance is not None and factor is not None:
            co2e = round(weight / 1000.0 * distance * factor / 1000.0, 2)
        est.results.append(ClassEstimate(
            key, vc.label, vc.mode, vc.mode_label, None if distance is None else round(distance, 1), circuity,
            factor, basis, str(source.get("title", "")), str(source.get("url", "")), list(vc.rows) if basis == "default" else [],
            co2e, str(note),
        ))
    est.results.sort(key=lambda r: (r.co2e_kg is None, r.co2e_kg if r.co2e_kg is not None else 0, r.vehicle_class))
    return est


def format_co2e(kg: float | None) -> str:
    """"1.3 t" above a tonne, "412 kg" below, "—" when unknown."""
    if kg is None:
        return "—"
    if kg >= 1000:
        return f"{kg / 1000:.2f} t"
    if kg >= 10:
        return f"{kg:.0f} kg"
    return f"{kg:.1f} kg"
