"""A fair as input (the edit form's values, and what an edit is laid over before schemas.FairInput checks
the whole fair)."""
from __future__ import annotations

from typing import Any

from ..models import Fair


def fair_values(fair: Fair) -> dict[str, Any]:
    """The fair as input for schemas.FairInput (the deadline in Vietnam time), booth types with their ids."""
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


FAIR_FIELDS = ("name", "name_en", "description", "description_en", "starts_on", "ends_on", "online", "venue",
               "province_code", "themes", "categories", "application_deadline", "green_zone", "green_zone_note",
               "booth_types")
