"""Display names of the organisations domain's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import BuyerSegment, MemberRole, OrgKind, OrgSize, OrgStatus
from .services import KIND_LABELS, SECTORS, SEGMENT_LABELS, SIZE_LABELS

STATUS_LABELS = {"pending": _l("Pending review"), "approved": _l("Approved"), "suspended": _l("Suspended")}
AUDIT = {
    "org.created": _l("Organisation created"), "org.updated": _l("Organisation profile updated"),
    "org.logo_changed": _l("Logo changed"), "org.member_invited": _l("Member invited"),
    "org.member_joined": _l("Member joined"), "org.approved": _l("Organisation approved"),
    "org.suspended": _l("Organisation suspended"), "org.pending": _l("Organisation returned to review"),
}


def register(app) -> None:
    register_names(app, OrgKind, KIND_LABELS)
    register_names(app, OrgSize, SIZE_LABELS)
    register_names(app, OrgStatus, STATUS_LABELS)
    register_names(app, MemberRole, {"owner": _l("Owner"), "member": _l("Member")})
    register_names(app, BuyerSegment, SEGMENT_LABELS)
    register_names(app, "sector", SECTORS)
    register_names(app, "audit", AUDIT)
