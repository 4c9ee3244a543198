"""Synthetic listing documents for benchmarks and demos (deterministic for a seed).

The vocabulary is Vietnamese-ish with a Zipf-like skew: a few words are very
common (``xanh`` appears in about 30 % of titles), most are rare.  Documents
follow the listing v1 mapping exactly, so they can be fed to any backend.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

__all__ = ["generate_listings", "PROVINCE_POINTS", "COMMON_WORD", "PRODUCTS", "RARE_WORDS"]

COMMON_WORD = "xanh"
PRODUCTS = [
    "Ống hút tre", "Ống hút cỏ bàng", "Hộp bã mía", "Túi giấy kraft", "Ly giấy", "Đũa tre", "Màng bọc sáp ong",
    "Túi vải canvas", "Bàn chải tre", "Khay bã mía", "Hạt nhựa sinh học", "Thùng carton", "Bao bì phân huỷ",
    "Hộp giấy", "Muỗng gỗ", "Chai thuỷ tinh", "Túi lưới cotton", "Phân bón hữu cơ", "Gạch không nung",
    "Tấm pin mặt trời",
]
ADJECTIVES = ["tự nhiên", "tái chế", "hữu cơ", "sinh học", "cao cấp", "giá rẻ", "xuất khẩu", "thân thiện", "bền",
              "nhỏ gọn", "dùng một lần", "tái sử dụng", "không tẩy trắng", "in logo", "chịu nhiệt"]
RARE_WORDS = [f"{a}{b}" for a in ("lo", "ma", "ki", "tu", "ha", "ne", "vi", "so") for b in ("ran", "mot", "kev", "pul", "dor")]
MATERIALS = ["tre", "bã mía", "giấy", "PLA", "gỗ", "cotton", "thuỷ tinh", "carton", "cỏ bàng", "sáp ong"]
LABELS = ["vn-ecolabel", "fsc", "usda-organic", "gots", "iso14001", "ok-compost"]
LABEL_KINDS = {"vn-ecolabel": "ecolabel", "fsc": "forest", "usda-organic": "organic", "gots": "textile",
               "iso14001": "management", "ok-compost": "compost"}
CATEGORIES = ["packaging.straws", "packaging.boxes", "packaging.bags", "tableware.cups", "tableware.cutlery",
              "materials.bioplastics", "materials.fibres", "agri.fertiliser", "construction.bricks", "energy.solar"]
MARKETS = ["EU", "US", "JP", "KR", "AU", "CN"]
# 34 synthetic points spread over Vietnam's latitude range, keyed by province code.
PROVINCE_POINTS = {str(code): (8.6 + 14.4 * i / 33, 104.5 + 4.5 * ((i * 7) % 34) / 33) for i, code in
                   enumerate([1, 4, 8, 11, 12, 14, 15, 19, 20, 22, 24, 25, 31, 33, 37, 38, 40, 42, 44, 46, 48, 51,
                              52, 56, 66, 68, 75, 79, 80, 82, 86, 91, 92, 96])}


def _zipf_choice(rng: random.Random, items: list[str], s: float = 1.1) -> str:
    weights = [1 / (k + 1) ** s for k in range(len(items))]
    return rng.choices(items, weights)[0]


def generate_listings(n: int, *, seed: int = 7, now: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Yield ``n`` listing documents with ids ``"1"``..``str(n)``."""
    rng = random.Random(seed)
    now = now or datetime(2025, 6, 1, tzinfo=timezone.utc)
    provinces = list(PROVINCE_POINTS)
    for i in range(1, n + 1):
        product = _zipf_choice(rng, PRODUCTS)
        words = [product, _zipf_choice(rng, ADJECTIVES)]
        if rng.random() < 0.3:
            words.append(COMMON_WORD)
        if rng.random() < 0.05:
            words.append(rng.choice(RARE_WORDS))
        category = rng.choice(CATEGORIES)
        labels = rng.sample(LABELS, rng.choice([0, 0, 1, 1, 2]))
        province = _zipf_choice(rng, provinces, 0.8)
        lat, lon = PROVINCE_POINTS[province]
        price = rng.choice([500, 800, 1000, 1500, 2500, 5000, 12_000, 40_000, 150_000, 900_000, 3_000_000])
        published = now - timedelta(days=rng.randint(0, 900), seconds=rng.randint(0, 86_400))
        yield {
            "id": str(i),
            "version": 1,
            "title": " ".join(words).capitalize(),
            "title_en": None,
            "description": f"{product} {' '.join(rng.sample(ADJECTIVES, 4))}, chất liệu {rng.choice(MATERIALS)}.",
            "description_en": None,
            "org_id": str(rng.randint(1, 2000)),
            "org_name": f"Công ty {rng.choice(MATERIALS)} {rng.randint(1, 500)}",
            "org_verified": rng.random() < 0.4,
            "category": category,
            "category_path": [category.split(".")[0], category],
            "labels": labels,
            "label_kinds": sorted({LABEL_KINDS[x] for x in labels}),
            "verified": bool(labels),
            "claim_strength": round(rng.random(), 2) if labels else 0.0,
            "province": province,
            "location": {"lat": lat, "lon": lon},
            "price_min": price,
            "price_max": price * 2,
            "moq": float(rng.choice([10, 100, 500, 1000, 5000])),
            "capacity_month": float(rng.randint(1, 100) * 1000) if rng.random() < 0.7 else None,
            "recycled_pct": float(rng.randint(0, 100)) if rng.random() < 0.5 else None,
            "compostable": rng.random() < 0.3,
            "biodegradable": rng.random() < 0.4,
            "export_markets": rng.sample(MARKETS, rng.randint(0, 3)),
            "material": rng.choice(MATERIALS),
            "published_at": published.isoformat().replace("+00:00", "Z"),
            "updated_at": published.isoformat().replace("+00:00", "Z"),
        }
