"""Vietnam reference data: the 34 provinces and 3,321 wards (2025 reorganisation) from the
`vietnam-provinces` package, province seat coordinates shipped in data/province_seats.csv,
tax-code validation, and great-circle distance.
"""
from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from vietnam_provinces import Province, Ward

_SEATS_FILE = Path(__file__).parent / "data" / "province_seats.csv"


@dataclass(frozen=True)
class ProvinceInfo:
    code: str
    codename: str
    name: str  # official name, e.g. "Thành phố Hà Nội"
    short_name: str  # "Hà Nội"
    lat: float
    lon: float
    seat: str


@functools.cache
def provinces() -> dict[str, ProvinceInfo]:
    seats: dict[str, dict] = {}
    with _SEATS_FILE.open(encoding="utf-8") as f:
        rows = (line for line in f if not line.startswith("#"))
        for row in csv.DictReader(rows):
            seats[_official(row["code"])] = row  # the file carries the official two-digit codes
    out: dict[str, ProvinceInfo] = {}
    for p in Province.iter_all():
        code = _official(p.code.value)
        seat = seats[code]
        short = p.name.removeprefix("Thành phố ").strip()
        out[code] = ProvinceInfo(code, p.codename, p.name, short, float(seat["lat"]), float(seat["lon"]), seat["seat"])
    return out


def _official(number: int) -> str:
    """The official two-digit code of a province (`01` Hà Nội, `79` Hồ Chí Minh)."""
    return f"{int(number):02d}"


def province_code(value: str | int | None) -> str | None:
    """THE province normaliser: the official two-digit code (`01`) of a province given by code with or
    without the leading zero (`01`, `1`, the number 1) or by name with or without marks where unambiguous
    (`Hà Nội`, `ha noi`); None when it names no province. Everything stored, indexed, filtered on and
    answered carries this form."""
    p = province(value)
    return p.code if p else None


def province_choices() -> list[tuple[str, str]]:
    return sorted(((p.code, p.short_name) for p in provinces().values()), key=lambda c: _sort_key(c[1]))


def _sort_key(name: str) -> str:
    """Accent-insensitive key so "Đà Nẵng" sorts among the D's."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def province(code: str | int | None) -> ProvinceInfo | None:
    """A province by its code — with or without the leading zero (`01`, `1`, or the number 1) — or by its
    name, with or without marks (`Hà Nội`, `ha noi`, `Thành phố Hồ Chí Minh`, `TP. Hồ Chí Minh`) where
    the name is unambiguous; None otherwise."""
    if code is None or isinstance(code, bool):
        return None
    if isinstance(code, int):
        return provinces().get(_official(code)) if 0 < code < 100 else None
    text = str(code).strip()
    if text.isascii() and text.isdigit() and len(text) <= 3:
        return provinces().get(_official(int(text))) if 0 < int(text) < 100 else None
    if not text or len(text) > 60:
        return None
    return _by_name().get(_fold_name(text))


_PREFIXES = ("thanh pho ", "tp. ", "tp.", "tp ", "tinh ")


def _fold_name(name: str) -> str:
    folded = " ".join(_sort_key(name).replace("_", " ").replace("-", " ").split())
    for prefix in _PREFIXES:
        if folded.startswith(prefix):
            folded = folded[len(prefix):].strip()
            break
    return folded


@functools.cache
def _by_name() -> dict[str, ProvinceInfo]:
    """Folded names (marks off, lower case, no "Thành phố"/"Tỉnh") → province; a folded name two provinces
    share is left out (ambiguous)."""
    seen: dict[str, set[str]] = {}
    for p in provinces().values():
        for name in (p.name, p.short_name, p.codename):
            seen.setdefault(_fold_name(name), set()).add(p.code)
    return {k: provinces()[next(iter(v))] for k, v in seen.items() if len(v) == 1}


def province_name(code: str | int | None) -> str:
    p = province(code)
    return p.short_name if p else ""


@functools.cache
def _wards_by_province() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for w in Ward.iter_all():
        out.setdefault(_official(w.province_code.value), {})[str(w.code.value)] = w.name
    return out


def wards(code: str | None) -> dict[str, str]:
    """Wards of a province (any form `province_code` reads): ward code → name."""
    return _wards_by_province().get(province_code(code) or "", {}) if code else {}


_WARD_PREFIXES = ("phuong ", "xa ", "dac khu ")


def _fold_ward(name: str) -> str:
    return " ".join(_sort_key(name).replace("-", " ").split())


def find_ward(code: str | None, text: str | None) -> tuple[str | None, list[str]]:
    """A ward of the province from its code or its name, typed with or without marks, with or without
    "Phường"/"Xã": (ward code, []) when exactly one matches, else (None, names of the wards it could be)."""
    options = wards(code)
    text = (text or "").strip()
    if not text or not options:
        return None, []
    if text in options:
        return text, []
    folded = _fold_ward(text)
    exact = [c for c, n in options.items() if _fold_ward(n) == folded]
    if len(exact) == 1:
        return exact[0], []

    def bare(name: str) -> str:
        for prefix in _WARD_PREFIXES:
            if name.startswith(prefix):
                return name[len(prefix):]
        return name

    same = [c for c, n in options.items() if bare(_fold_ward(n)) == bare(folded)]
    if len(same) == 1:
        return same[0], []
    return None, sorted(options[c] for c in (exact or same))


def ward_name(code: str | None, ward_code: str | None) -> str:
    if not code or not ward_code:
        return ""
    return wards(code).get(str(ward_code), "")


_TAX_CODE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


def normalise_tax_code(value: str) -> str | None:
    """Return the canonical mã số thuế (`0101234567` or `0101234567-001`), or None if malformed."""
    m = _TAX_CODE.match((value or "").strip().replace(" ", ""))
    if not m:
        return None
    return m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance on a 6371 km sphere."""
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def province_distance_km(a: str, b: str) -> float:
    pa, pb = province(a), province(b)
    if pa is None or pb is None:
        raise KeyError(a if pa is None else b)
    return distance_km(pa.lat, pa.lon, pb.lat, pb.lon)
