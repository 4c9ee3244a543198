"""Display names of the knowledge hub's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import EventFormat, ItemStatus, ItemType, RegistrationStatus, RevisionStatus
from .taxonomy import FORMATS, ITEM_STATUSES, REGISTRATION_STATUSES, REVISION_STATUSES, TYPES

AUDIT = {
    "knowledge.item.created": _l("Content created"), "knowledge.item.unpublished": _l("Content unpublished"),
    "knowledge.revision.edited": _l("Revision edited"), "knowledge.revision.submitted": _l("Revision sent for review"),
    "knowledge.revision.returned": _l("Revision returned to the author"),
    "knowledge.revision.published": _l("Revision published"), "knowledge.editor.granted": _l("Editor role granted"),
    "knowledge.editor.revoked": _l("Editor role removed"), "knowledge.registration.registered": _l("Registered for the event"),
    "knowledge.registration.waitlisted": _l("Put on the event's waiting list"),
    "knowledge.registration.cancelled": _l("Event registration cancelled"),
    "knowledge.registration.promoted": _l("Moved from the waiting list to registered"),
    "knowledge.registration.attendance": _l("Attendance recorded"),
}


def register(app) -> None:
    register_names(app, ItemType, TYPES)
    register_names(app, ItemStatus, ITEM_STATUSES)
    register_names(app, RevisionStatus, REVISION_STATUSES)
    register_names(app, EventFormat, FORMATS)
    register_names(app, RegistrationStatus, REGISTRATION_STATUSES)
    register_names(app, "audit", AUDIT)
