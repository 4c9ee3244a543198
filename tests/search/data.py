"""A small listing corpus with known answers, and a brute-force oracle for filters and sorts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from search.geo import haversine_km

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)

# Province centroids (approximate): code -> (lat, lon)
PROVINCES = {"1": (21.028, 105.834), "48": (16.054, 108.202), "79": (10.776, 106.700), "92": (10.045, 105.747)}


def _doc(i: int, title: str, **kw: Any) -> dict[str, Any]:
    province = kw.pop("province", "79")
    lat, lon = PROVINCES[province]
    category = kw.pop("category", "packaging.boxes")
    parts = category.split(".")
    doc: dict[str, Any] = {
        "id": str(i),
        "version": 1,
        "title": title,
        "title_en": kw.pop("title_en", None),
        "description": kw.pop("description", ""),
        "description_en": None,
        "org_id": kw.pop("org_id", str(900 + i % 3)),
        "org_name": kw.pop("org_name", "Công ty Xanh"),
        "org_verified": kw.pop("org_verified", True),
        "category": category,
        "category_path": [".".join(parts[: n + 1]) for n in range(len(parts))],
        "labels": kw.pop("labels", []),
        "label_kinds": kw.pop("label_kinds", []),
        "verified": kw.pop("verified", False),
        "claim_strength": kw.pop("claim_strength", 0.0),
        "province": province,
        "location": {"lat": lat, "lon": lon},
        "price_min": kw.pop("price_min", 10_000),
        "price_max": kw.pop("price_max", 20_000),
        "moq": kw.pop("moq", 100.0),
        "capacity_month": kw.pop("capacity_month", None),
        "recycled_pct": kw.pop("recycled_pct", None),
        "compostable": kw.pop("compostable", False),
        "biodegradable": kw.pop("biodegradable", False),
        "export_markets": kw.pop("export_markets", []),
        "material": kw.pop("material", "giấy"),
        "published_at": (NOW - timedelta(days=kw.pop("age_days", 400))).isoformat().replace("+00:00", "Z"),
        "updated_at": NOW.isoformat().replace("+00:00", "Z"),
    }
    assert not kw, kw
    return doc


FIXED = [
    _doc(1, "Ống hút tre Đà Nẵng", province="48", category="packaging.straws", labels=["vn-ecolabel"],
         label_kinds=["ecolabel"], verified=True, claim_strength=0.9, price_min=800, material="tre",
         export_markets=["EU", "JP"], compostable=True, age_days=10),
    _doc(2, "Hộp bã mía phân huỷ", category="packaging.boxes", labels=["fsc"], label_kinds=["forest"],
         verified=True, claim_strength=0.5, price_min=2500, material="bã mía", recycled_pct=0.0, biodegradable=True),
    _doc(3, "Túi giấy kraft tái chế", province="1", category="packaging.bags", price_min=1200, recycled_pct=80.0,
         description="Túi kraft <script>alert(1)</script> & quai giấy", export_markets=["US"]),
    _doc(4, "Hạt nhựa sinh học PLA", category="materials.bioplastics", price_min=60_000, moq=500.0,
         material="PLA", labels=["vn-ecolabel", "fsc"], label_kinds=["ecolabel", "forest"], verified=True,
         claim_strength=0.7, export_markets=["EU"]),
    _doc(5, "Đũa tre dùng một lần", province="48", category="tableware.chopsticks", price_min=300, material="tre",
         recycled_pct=55.0),
    _doc(6, "Bao bì hủy sinh học", category="packaging.bags", price_min=1500, biodegradable=True, recycled_pct=30.0,
         province="92"),
    _doc(7, "Bamboo toothbrush", title_en="Bamboo toothbrush", description="Bàn chải đánh răng bằng tre",
         category="personal.toothbrush", price_min=15_000, province="1", material="bamboo"),
    _doc(8, "Ly giấy Hòa Bình", category="tableware.cups", price_min=900, province="1"),
    # Same text and date, different claim strength (the lower id has the weaker claim).
    _doc(9, "Màng bọc sáp ong", claim_strength=0.1, age_days=400, price_min=7000),
    _doc(10, "Màng bọc sáp ong", claim_strength=0.9, age_days=400, price_min=7000),
    # Same text and claim, different age (the lower id is the older one).
    _doc(11, "Ống hút cỏ bàng", claim_strength=0.3, age_days=400, province="92", category="packaging.straws"),
    _doc(12, "Ống hút cỏ bàng", claim_strength=0.3, age_days=5, province="92", category="packaging.straws"),
]

# Many near-identical listings with tied prices and dates, for pagination.
FILLER = [
    _doc(100 + n, f"Thùng carton {['nâu', 'trắng', 'in logo'][n % 3]}", category="packaging.boxes",
         province=["1", "48", "79", "92"][n % 4], price_min=[1000, 2000, 3000][n % 3] * 10,
         age_days=[3, 40, 400][n % 5 % 3], recycled_pct=float(n % 100), material="carton",
         labels=["fsc"] if n % 4 == 0 else [], export_markets=["EU"] if n % 2 else ["US", "JP"])
    for n in range(90)
]

DOCS = FIXED + FILLER




def oracle(docs: list[dict[str, Any]], *, filters: dict[str, Any] | None = None,
           ranges: dict[str, tuple[str, float]] | None = None,
           near: tuple[float, float, float] | None = None) -> list[dict[str, Any]]:
    """Docs passing exact filters (category is hierarchical), ranges ``{field: (op, value)}`` and a radius."""
    out = []
    for d in docs:
        ok = True
        for name, values in (filters or {}).items():
            field = "category_path" if name == "category" else name
            v = d.get(field)
            if isinstance(values, bool):
                ok &= v is values
            else:
                have = set(v) if isinstance(v, list) else {v}
                ok &= bool(have & set(values))
        for field, (op, bound) in (ranges or {}).items():
            v = d.get(field)
            ok &= v is not None and {"lte": v <= bound, "gte": v >= bound, "lt": v < bound, "gt": v > bound}[op]
        if near:
            ok &= haversine_km(near[0], near[1], d["location"]["lat"], d["location"]["lon"]) <= near[2]
        if ok:
            out.append(d)
    return out


def counts(docs: list[dict[str, Any]], field: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in docs:
        v = d.get(field)
        for x in v if isinstance(v, list) else [v]:
            key = str(x).lower() if isinstance(x, bool) else str(x)
            out[key] = out.get(key, 0) + 1
    return out
