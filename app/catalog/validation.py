"""Validation of listing input (form and JSON alike): fields, price tiers, what publishing needs."""
from __future__ import annotations

import math
import re
from typing import Any

from flask_babel import gettext as _

from .. import vn
from ..validation import FieldCheck
from . import gtin as gtin_mod
from .models import Listing
from .taxonomy import CATEGORIES, EXPORT_MARKETS, UNITS

MAX_TIERS = 10
MAX_UNIT_WEIGHT_KG = 100_000.0  # a 100 t unit is a charter, not a catalogue unit
_GROUPED = re.compile(r"^\d{1,3}([.,])\d{3}(\1\d{3})*$")


def _number(value, *, integer: bool = False):
    """A float (or int) from a form/JSON value; None when empty; ValueError when not a finite number."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if _GROUPED.match(text):  # "5.000" / "1.000.000" / "5,000": thousands separators (Vietnamese "." too)
            text = re.sub(r"[.,]", "", text)
        n = float(text.replace(",", "."))  # "2,5" → 2.5
    else:
        n = float(value)
    if not math.isfinite(n):
        raise ValueError
    if integer:
        if n != int(n):
            raise ValueError
        return int(n)
    return n


def clean_listing(data: dict[str, Any], *, partial: bool = False, current: Listing | None = None) -> tuple[dict, list | None]:
    """Validate and normalise listing fields; returns (fields, price tiers or None when not given)."""
    check = FieldCheck(data, partial=partial)
    errors, out, err, given = check.errors, check.out, check.err, check.given
    check.text("title", 200, min_len=3, min_message=_("Enter a title of at least 3 characters."))
    for f, limit in (("title_en", 200), ("material", 120), ("description", 5000), ("description_en", 5000)):
        check.text(f, limit)
    if check.wanted("category"):
        v = str(data.get("category") or "").strip()
        if v not in CATEGORIES:
            err("category", _("Choose a category."))
        out["category"] = v
    if check.wanted("unit"):
        v = str(data.get("unit") or "").strip()
        if v not in UNITS:
            err("unit", _("Choose a unit."))
        out["unit"] = v
    if check.wanted("origin_province"):
        v = data.get("origin_province")
        p = vn.province(v) if v not in (None, "") else None
        if p is None:
            err("origin_province", _("Choose one of the 34 provinces."))
        else:
            out["origin_province"] = p.code
    if "recycled_pct" in data:
        try:
            n = _number(data["recycled_pct"], integer=True)
            if n is not None and not 0 <= n <= 100:
                raise ValueError
            out["recycled_pct"] = n
        except (TypeError, ValueError):
            err("recycled_pct", _("Enter a whole percentage from 0 to 100."))
    for f in ("compostable", "biodegradable"):
        if given(f):
            out[f] = bool(data[f])
    if check.wanted("moq"):
        try:
            n = _number(data.get("moq"))
            if n is None or n <= 0 or n > 1e9:
                raise ValueError
            out["moq"] = n
        except (TypeError, ValueError):
            err("moq", _("Enter a minimum order quantity greater than 0."))
    if "capacity_month" in data:
        try:
            n = _number(data["capacity_month"])
            if n is not None and (n < 0 or n > 1e12):
                raise ValueError
            out["capacity_month"] = n
        except (TypeError, ValueError):
            err("capacity_month", _("Enter a monthly capacity of 0 or more."))
    if "lead_time_days" in data:
        try:
            n = _number(data["lead_time_days"], integer=True)
            if n is not None and not 0 <= n <= 365:
                raise ValueError
            out["lead_time_days"] = n
        except (TypeError, ValueError):
            err("lead_time_days", _("Enter a lead time from 0 to 365 days."))
    if "unit_weight_kg" in data:
        try:
            n = _number(data["unit_weight_kg"])
            if n is not None and not 0 < n <= MAX_UNIT_WEIGHT_KG:
                raise ValueError
            out["unit_weight_kg"] = n
        except (TypeError, ValueError):
            err("unit_weight_kg", _("Enter the weight of one unit in kg, greater than 0 (at most 100,000)."))
    if given("export_markets"):
        markets = data["export_markets"]
        if isinstance(markets, str):
            markets = [m.strip() for m in markets.split(",") if m.strip()]
        if not isinstance(markets, (list, tuple)) or any(m not in EXPORT_MARKETS for m in markets):
            err("export_markets", _("Unknown export market."))
        else:
            out["export_markets"] = [m for m in EXPORT_MARKETS if m in set(markets)]
    if "gtin" in data:
        code = gtin_mod.normalise(data["gtin"])
        if code is None:
            out["gtin"] = None
        elif not gtin_mod.is_valid(code):
            err("gtin", _("This is not a valid GTIN: use 8, 12, 13 or 14 digits with a correct GS1 check digit."))
        else:
            out["gtin"] = code
    tiers = None
    if given("price_tiers"):
        tiers = _clean_tiers(data["price_tiers"], err)
    if tiers and "price_tiers" not in errors and "moq" not in errors:
        moq = out.get("moq", current.moq if current else None)
        if moq is not None and tiers[0][0] > moq:
            err("price_tiers", _("The first price tier must start at or below the minimum order quantity."))
    check.raise_if_errors()
    return out, tiers


def _clean_tiers(raw, err) -> list[tuple[float, int]]:
    if not isinstance(raw, (list, tuple)):
        err("price_tiers", _("Give the price tiers as a list."))
        return []
    tiers = []
    for i, t in enumerate(raw):
        if not isinstance(t, dict):
            err("price_tiers", _("Tier %(n)d: give a quantity and a price.", n=i + 1))
            continue
        if t.get("min_qty") in (None, "") and t.get("price_vnd") in (None, ""):
            continue  # an empty row of the web form
        try:
            q = _number(t.get("min_qty"))
            raw_price = t.get("price_vnd")
            if isinstance(raw_price, str):  # "150.000 ₫" / "150,000": thousands separators
                raw_price = re.sub(r"[.,\s₫]", "", raw_price)
            p = _number(raw_price, integer=True)
            if q is None or p is None or q <= 0 or not 0 < p <= 10**12:
                raise ValueError
        except (TypeError, ValueError):
            err("price_tiers", _("Tier %(n)d: the quantity must be above 0 and the price a whole number of đồng above 0.", n=i + 1))
            continue
        tiers.append((q, p))
    tiers.sort()
    if len({q for q, _p in tiers}) != len(tiers):
        err("price_tiers", _("Two price tiers start at the same quantity."))
    if len(tiers) > MAX_TIERS:
        err("price_tiers", _("At most %(n)d price tiers.", n=MAX_TIERS))
    return tiers


def publish_problems(listing: Listing) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not listing.description or len(listing.description.strip()) < 10:
        problems["description"] = [_("Describe the product (at least 10 characters) before publishing.")]
    if not listing.price_tiers:
        problems["price_tiers"] = [_("Add at least one price tier before publishing.")]
    return problems
