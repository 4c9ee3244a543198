"""Display names of the logistics domain's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .factors import CLASS_LABELS, MODE_LABELS
from .models import QuoteStatus

AUDIT = {
    "logistics.profile_saved": _l("Provider profile saved"), "logistics.intensity_verified": _l("Emission intensity verified"),
    "logistics.route_created": _l("Route estimated"), "logistics.route_attached_to_deal": _l("Route attached to the deal"),
    "logistics.quote_requested": _l("Transport quote requested"), "logistics.quote_answered": _l("Transport quote answered"),
    "logistics.quote_declined": _l("Transport quote declined"), "logistics.quote_accepted": _l("Transport quote accepted"),
}


def register(app) -> None:
    register_names(app, QuoteStatus, {
        "requested": _l("Requested"), "quoted": _l("Quoted"), "declined": _l("Declined"), "accepted": _l("Accepted"),
        "closed": _l("Closed (another quote accepted)")})
    register_names(app, "transport_mode", MODE_LABELS)
    register_names(app, "vehicle_class", CLASS_LABELS)
    register_names(app, "audit", AUDIT)
