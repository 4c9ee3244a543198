"""Display names of the fairs domain's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import ApplicationStatus, FairStatus, PromotionStatus

AUDIT = {
    "fair.created": _l("Fair created"), "fair.updated": _l("Fair updated"), "fair.cancelled": _l("Fair cancelled"),
    "fair.application.submitted": _l("Application submitted"), "fair.application.approved": _l("Application approved"),
    "fair.application.waitlisted": _l("Application put on the waiting list"),
    "fair.application.rejected": _l("Application rejected"), "fair.application.cancelled": _l("Application cancelled"),
    "fair.application.paid": _l("Booth fee paid"), "fair.slot.created": _l("Meeting slot created"),
    "fair.meeting.booked": _l("Meeting booked"), "fair.meeting.accepted": _l("Meeting request accepted"),
    "fair.meeting.declined": _l("Meeting request declined"), "fair.meeting.cancelled": _l("Meeting cancelled"),
    "fair.meeting.reminded": _l("Meeting reminder sent"), "promotion.created": _l("Promotion ordered"),
    "promotion.activated": _l("Promotion activated"), "promotion.cancelled": _l("Promotion cancelled"),
}


def register(app) -> None:
    register_names(app, FairStatus, {"draft": _l("Draft"), "published": _l("Published"), "cancelled": _l("Cancelled")})
    register_names(app, ApplicationStatus, {
        "submitted": _l("Submitted"), "approved": _l("Approved"), "waitlisted": _l("On the waiting list"),
        "rejected": _l("Rejected"), "cancelled": _l("Cancelled")})
    register_names(app, PromotionStatus, {"pending_payment": _l("Awaiting payment"), "active": _l("Active"),
                                          "cancelled": _l("Cancelled")})
    register_names(app, "audit", AUDIT)
