"""Validation of a fair and its booth types (form and JSON input alike)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ... import vn
from ...errors import ValidationFailed
from ..models import Fair
from ..timez import parse_local
from .reads import MAX_BOOTH_TYPES


def clean_fair(data: dict[str, Any]) -> tuple[dict, list[dict]]:
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def err(f, m):
        errors.setdefault(f, []).append(m)

    name = str(data.get("name") or "").strip()
    if not 3 <= len(name) <= 200:
        err("name", _("Enter the fair's name (3–200 characters)."))
    out["name"] = name
    for f, limit in (("name_en", 200), ("description", 5000), ("description_en", 5000), ("venue", 300),
                     ("green_zone_note", 500)):
        v = str(data.get(f) or "").strip()
        if len(v) > limit:
            err(f, _("At most %(n)d characters.", n=limit))
        out[f] = v
    out["online"] = bool(data.get("online"))
    out["green_zone"] = bool(data.get("green_zone"))
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if not starts:
        err("starts_on", _("Enter the first day."))
    if not ends:
        err("ends_on", _("Enter the last day."))
    if starts and ends and ends < starts:
        err("ends_on", _("The last day cannot be before the first day."))
    out["starts_on"], out["ends_on"] = starts, ends
    province = (data.get("province_code") or "") or None
    if province and vn.province(province) is None:
        err("province_code", _("Unknown province."))
    out["province_code"] = province
    if not out["online"] and (not out["venue"] or not province):
        err("venue", _("Enter the venue and province, or mark the fair as online."))
    try:
        deadline = parse_local(data.get("application_deadline")) if data.get("application_deadline") else None
    except (ValueError, TypeError):
        deadline = None
        err("application_deadline", _("Enter a date and time."))
    if deadline is None and "application_deadline" not in errors:
        err("application_deadline", _("Enter the application deadline."))
    out["application_deadline"] = deadline
    for f in ("themes", "categories"):
        values = data.get(f) or []
        if isinstance(values, str):
            values = [v for v in (s.strip() for s in values.split(",")) if v]
        values = [str(v).strip()[:60] for v in values if str(v).strip()]
        if len(values) > 20:
            err(f, _("At most %(n)d items.", n=20))
        out[f] = list(dict.fromkeys(values))
    booths = []
    raw = data.get("booth_types") or []
    if not raw:
        err("booth_types", _("Add at least one booth type."))
    if len(raw) > MAX_BOOTH_TYPES:
        err("booth_types", _("At most %(n)d items.", n=MAX_BOOTH_TYPES))
    for b in raw[:MAX_BOOTH_TYPES]:
        bname = str(b.get("name") or "").strip()
        try:
            price, capacity = int(b.get("price_vnd")), int(b.get("capacity"))
        except (TypeError, ValueError):
            err("booth_types", _("Each booth type needs a name, a price in VND and a capacity."))
            continue
        if not bname or len(bname) > 120 or price < 0 or price > 10_000_000_000 or not 1 <= capacity <= 5000:
            err("booth_types", _("Each booth type needs a name, a price in VND and a capacity."))
            continue
        prefix = "".join(c for c in str(b.get("code_prefix") or "").upper() if c.isalnum())[:6] or chr(ord("A") + len(booths))
        booths.append({"name": bname, "name_en": str(b.get("name_en") or "").strip()[:120], "price_vnd": price,
                       "capacity": capacity, "green_zone": bool(b.get("green_zone")), "code_prefix": prefix})
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    return out, booths


def fair_values(fair: Fair) -> dict[str, Any]:
    """The fair as input for `clean_fair` (the deadline in Vietnam time), booth types with their ids."""
    from ..timez import to_local

    return {"name": fair.name, "name_en": fair.name_en, "description": fair.description,
            "description_en": fair.description_en, "starts_on": fair.starts_on, "ends_on": fair.ends_on,
            "online": fair.online, "venue": fair.venue, "province_code": fair.province_code,
            "themes": list(fair.themes or []), "categories": list(fair.categories or []),
            "application_deadline": to_local(fair.application_deadline), "green_zone": fair.green_zone,
            "green_zone_note": fair.green_zone_note,
            "booth_types": [{"id": b.id, "name": b.name, "name_en": b.name_en, "price_vnd": b.price_vnd,
                             "capacity": b.capacity, "green_zone": b.green_zone, "code_prefix": b.code_prefix}
                            for b in fair.booth_types]}


def _check_deadline(fields: dict[str, Any]) -> None:
    if fields["application_deadline"] and fields["starts_on"] and \
            fields["application_deadline"].date() > fields["starts_on"]:
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"application_deadline": [_("The deadline must be before the fair starts.")]})


def _int_or_none(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


FAIR_FIELDS = ("name", "name_en", "description", "description_en", "starts_on", "ends_on", "online", "venue",
               "province_code", "themes", "categories", "application_deadline", "green_zone", "green_zone_note",
               "booth_types")
