"""Helpers shared by the sourcing services: value parsing, reference data look-ups, absolute links."""
from __future__ import annotations

import datetime as dt
import math

from flask import current_app
from flask_babel import gettext as _

from ...errors import ValidationFailed
from ...catalog.models import Listing
from ...catalog.taxonomy import CATEGORIES, UNITS
from ...extensions import db
from ...labels.models import Label


def _units() -> dict:
    return UNITS


def _categories() -> dict:
    return CATEGORIES


def _label_codes() -> set[str]:
    return set(db.session.scalars(db.select(Label.code).where(Label.active.is_(True))))


def _number(value, *, integer: bool = False):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, str):
        value = value.strip().replace(" ", "")
        if integer:  # "150.000" / "150,000 ₫": thousands separators
            value = "".join(ch for ch in value if ch.isdigit() or ch == "-")
        else:
            value = value.replace(",", ".")
    n = float(value)
    if not math.isfinite(n):
        raise ValueError
    if integer:
        if n != int(n):
            raise ValueError
        return int(n)
    return n


def _date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _codes(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [v for v in value.replace(";", ",").split(",")]
    return sorted({str(v).strip() for v in value if str(v).strip()})


def _absolute(path: str) -> str:
    """A site path as a link for e-mails: always under BASE_URL, never the request's Host."""
    from ...mail import public_link

    return public_link(path)


def _check_listing(listing_id: int, org_id: int, field: str) -> None:
    listing = db.session.get(Listing, listing_id)
    if listing is None or listing.organisation_id != org_id:
        raise ValidationFailed(_("Choose one of the supplier's listings."), {field: [_("Unknown listing.")]})
