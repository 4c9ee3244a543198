"""Display names of the labels domain's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import ClaimStatus, LabelKind, LabelScope
from .services import KIND_LABELS, SCOPE_LABELS
from .services.claims import STATUS_LABELS

AUDIT = {
    "claim.submitted": _l("Claim submitted"), "claim.verified": _l("Claim verified"),
    "claim.rejected": _l("Claim rejected"), "claim.expired": _l("Claim expired"),
    "claim.withdrawn": _l("Claim withdrawn"), "claim.evidence_added": _l("Evidence added"),
    "claim.reminder_sent": _l("Expiry reminder sent"), "label.created": _l("Label added to the registry"),
    "label.updated": _l("Label updated"),
}


def register(app) -> None:
    register_names(app, LabelKind, KIND_LABELS)
    register_names(app, LabelScope, SCOPE_LABELS)
    register_names(app, ClaimStatus, STATUS_LABELS)
    register_names(app, "audit", AUDIT)
