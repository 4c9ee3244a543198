"""Display names of the catalogue's codes (see app/display): listing statuses, categories, units, markets."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import ListingStatus
from .taxonomy import CATEGORIES, EXPORT_MARKETS, UNITS


def register(app) -> None:
    register_names(app, ListingStatus, {"draft": _l("Draft"), "published": _l("Published"), "archived": _l("Archived")})
    register_names(app, "category", CATEGORIES)
    register_names(app, "unit", UNITS)
    register_names(app, "market", EXPORT_MARKETS)
    register_names(app, "audit", {"listing.created": _l("Listing created"), "listing.published": _l("Listing published"),
                                  "listing.updated": _l("Listing updated"), "listing.archived": _l("Listing archived"),
                                  "listing.photo_added": _l("Photo added"), "listing.photo_removed": _l("Photo removed")})
