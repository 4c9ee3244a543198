"""Helpers shared by the sourcing services: reference data look-ups, listing checks, absolute links."""
from __future__ import annotations

from flask_babel import gettext as _

from ...errors import ValidationFailed
from ...catalog.models import Listing
from ...catalog.taxonomy import UNITS
from ...extensions import db


def _units() -> dict:
    return UNITS


def _absolute(path: str) -> str:
    """A site path as a link for e-mails: always under BASE_URL, never the request's Host."""
    from ...mail import public_link

    return public_link(path)


def _check_listing(listing_id: int, org_id: int, field: str) -> None:
    listing = db.session.get(Listing, listing_id)
    if listing is None or listing.organisation_id != org_id:
        raise ValidationFailed(_("Choose one of the supplier's listings."), {field: [_("Unknown listing.")]})
