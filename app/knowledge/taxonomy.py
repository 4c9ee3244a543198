"""Codes of the knowledge hub with their display names (vi via the catalogue): content types, topics of
guides, sectors (the action plan's circular-economy sectors), event kinds and formats, and how
listing categories and organisation sectors point to knowledge sectors ("guides for this sector")."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

TYPES = {"guide": _l("Guide"), "model": _l("Good-practice model"), "event": _l("Event")}
TYPES_PLURAL = {"guide": _l("Guides"), "model": _l("Good-practice models"), "event": _l("Events")}
TOPICS = {
    "market_access": _l("Sustainable market access"),
    "eco_design": _l("Eco-design"),
    "cleaner_production": _l("Cleaner production"),
    "circular_economy": _l("Circular economy models"),
}
SECTORS = {
    "general": _l("All sectors"),
    "food": _l("Food"),
    "beverages": _l("Beverages"),
    "textiles": _l("Textiles and garments"),
    "leather_footwear": _l("Leather and footwear"),
    "plastics": _l("Plastics"),
    "paper": _l("Paper"),
    "electronics": _l("Electronics"),
}
EVENT_KINDS = {"training": _l("Training"), "awareness": _l("Awareness activity")}
FORMATS = {"online": _l("Online"), "in_person": _l("In person"), "hybrid": _l("Hybrid (in person and online)")}
REVISION_STATUSES = {"draft": _l("Draft"), "in_review": _l("In review"), "published": _l("Published")}
ITEM_STATUSES = {"draft": _l("Not published yet"), "published": _l("Published"), "unpublished": _l("Unpublished")}
REGISTRATION_STATUSES = {"registered": _l("Registered"), "waitlisted": _l("On the waiting list"),
                         "cancelled": _l("Cancelled")}

# Listing categories (by prefix) and organisation sectors → knowledge sectors.
_CATEGORY_SECTORS = {
    "food.coffee_tea": ("beverages", "food"),
    "food": ("food",),
    "packaging.bags": ("plastics", "paper"),
    "packaging.straws": ("plastics", "paper"),
    "packaging.cups": ("plastics", "paper"),
    "packaging.food_containers": ("plastics", "paper", "food"),
    "packaging.cutlery": ("plastics",),
    "packaging.wrapping": ("paper", "plastics"),
    "packaging.cushioning": ("paper", "plastics"),
    "packaging.bottles": ("plastics", "beverages"),
    "packaging": ("plastics", "paper"),
    "recycled.plastics": ("plastics",),
    "recycled.paper": ("paper",),
    "textiles": ("textiles",),
    "energy.appliances": ("electronics",),
    "energy.lighting": ("electronics",),
    "energy.solar": ("electronics",),
    "office": ("paper",),
}
_ORG_SECTORS = {
    "food": ("food", "beverages"),
    "agriculture": ("food",),
    "packaging": ("plastics", "paper"),
    "plastics": ("plastics",),
    "paper": ("paper",),
    "textiles": ("textiles", "leather_footwear"),
    "electronics": ("electronics",),
    "recycling": ("plastics", "paper"),
}


def label(table: dict, code: str | None) -> str:
    return str(table.get(code or "", code or ""))


def sectors_for_category(category: str | None) -> list[str]:
    """Knowledge sectors of a listing category: the most specific prefix that has a mapping."""
    code = category or ""
    while code:
        if code in _CATEGORY_SECTORS:
            return list(_CATEGORY_SECTORS[code])
        code = code.rpartition(".")[0]
    return []


def sectors_for_org(org_sectors: list[str] | None) -> list[str]:
    out: list[str] = []
    for s in org_sectors or []:
        out += [k for k in _ORG_SECTORS.get(s, ()) if k not in out]
    return out
