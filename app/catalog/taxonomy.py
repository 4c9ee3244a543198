"""Reference data of the catalog, kept in code (versioned with it, translatable, no table to seed):
the category taxonomy with dotted hierarchical codes, units and export markets."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Order matters: parents before children; the order is the display order.
CATEGORIES: dict[str, object] = {
    "packaging": _l("Green packaging"),
    "packaging.bags": _l("Bags"),
    "packaging.straws": _l("Straws"),
    "packaging.cups": _l("Cups and lids"),
    "packaging.food_containers": _l("Food containers, boxes and trays"),
    "packaging.cutlery": _l("Cutlery"),
    "packaging.wrapping": _l("Wrapping paper and films"),
    "packaging.cushioning": _l("Cushioning and void fill"),
    "packaging.bottles": _l("Bottles and jars"),
    "food": _l("Organic food and agriculture"),
    "food.rice": _l("Rice and grains"),
    "food.fruit_vegetables": _l("Fruit and vegetables"),
    "food.coffee_tea": _l("Coffee, tea and cocoa"),
    "food.seafood": _l("Seafood"),
    "food.spices": _l("Spices, honey and dried goods"),
    "food.processed": _l("Processed food"),
    "agri_inputs": _l("Agricultural inputs"),
    "agri_inputs.growing_media": _l("Growing media and pots"),
    "agri_inputs.fertiliser": _l("Organic fertiliser and compost"),
    "recycled": _l("Recycled materials and by-products"),
    "recycled.plastics": _l("Recycled plastics (flakes, pellets)"),
    "recycled.paper": _l("Recovered paper and pulp"),
    "recycled.metals": _l("Scrap metals"),
    "recycled.glass": _l("Recycled glass"),
    "recycled.biomass": _l("Agricultural by-products and biomass"),
    "textiles": _l("Textiles"),
    "textiles.yarn_fabric": _l("Yarn and fabric"),
    "textiles.apparel": _l("Apparel"),
    "textiles.bags": _l("Textile bags"),
    "household": _l("Household"),
    "household.cleaning": _l("Cleaning products"),
    "household.kitchen": _l("Kitchenware"),
    "household.personal_care": _l("Personal care"),
    "household.handicrafts": _l("Handicrafts and home decor"),
    "building": _l("Building materials"),
    "building.bricks": _l("Unfired bricks and blocks"),
    "building.insulation": _l("Insulation"),
    "building.wood_bamboo": _l("Wood and bamboo materials"),
    "building.paints": _l("Low-emission paints and coatings"),
    "energy": _l("Energy-efficient equipment"),
    "energy.lighting": _l("Lighting"),
    "energy.appliances": _l("Appliances"),
    "energy.solar": _l("Solar equipment"),
    "energy.pumps_motors": _l("Pumps, motors and heat pumps"),
    "office": _l("Office and stationery"),
}

UNITS: dict[str, object] = {
    "piece": _l("piece"),
    "kg": _l("kg"),
    "tonne": _l("tonne"),
    "box": _l("box"),
    "carton": _l("carton"),
    "roll": _l("roll"),
    "m2": _l("m²"),
    "m3": _l("m³"),
    "litre": _l("litre"),
    "set": _l("set"),
}

EXPORT_MARKETS: dict[str, object] = {
    "EU": _l("European Union"),
    "US": _l("United States"),
    "JP": _l("Japan"),
    "KR": _l("South Korea"),
    "CN": _l("China"),
    "UK": _l("United Kingdom"),
    "AU": _l("Australia"),
    "CA": _l("Canada"),
    "ASEAN": _l("ASEAN"),
    "TW": _l("Taiwan"),
    "ME": _l("Middle East"),
}


def is_category(code: str | None) -> bool:
    return bool(code) and code in CATEGORIES


def category_path(code: str) -> list[str]:
    """Ancestor codes including the leaf: "packaging.straws" → ["packaging", "packaging.straws"]."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def category_name(code: str | None) -> str:
    return str(CATEGORIES.get(code or "", code or ""))


def top_categories() -> list[str]:
    return [c for c in CATEGORIES if "." not in c]


def children(code: str) -> list[str]:
    return [c for c in CATEGORIES if c.startswith(code + ".") and c.count(".") == code.count(".") + 1]


def category_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """For <select> with <optgroup>s: each top category with its children (the parent itself first)."""
    out = []
    for top in top_categories():
        options = [(top, str(CATEGORIES[top]))] + [(c, str(CATEGORIES[c])) for c in children(top)]
        out.append((str(CATEGORIES[top]), options))
    return out
