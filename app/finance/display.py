"""Display names of the finance domain's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import EvidenceKind, LeadStatus, NeedStatus, OfferStatus
from .services.leads import LEAD_STATUS_LABELS
from .services.needs import EVIDENCE_LABELS, NEED_STATUS_LABELS
from .services.offers import OFFER_STATUS_LABELS
from .taxonomy import PROJECT_TYPE_NAMES, TAXONOMY_SECTORS

AUDIT = {
    "finance.offer_created": _l("Offer created"), "finance.offer_updated": _l("Offer updated"),
    "finance.offer_published": _l("Offer published"), "finance.offer_closed": _l("Offer closed"),
    "finance.offer_expired": _l("Offer expired"), "finance.lead_created": _l("Interest sent with consent"),
    "finance.lead_status": _l("Lead status changed"), "finance.lead_note": _l("Note added"),
    "finance.lead_message": _l("Message sent"),
    "finance.consent_withdrawn": _l("Consent withdrawn"), "finance.document_uploaded": _l("Document uploaded"),
    "finance.document_opened": _l("Document opened"), "finance.document_deleted": _l("Document deleted"),
    "finance.need_posted": _l("Financing need posted"), "finance.need_updated": _l("Financing need updated"),
    "finance.need_closed": _l("Financing need closed"), "finance.need_answered": _l("Financing need answered"),
}


def register(app) -> None:
    register_names(app, OfferStatus, OFFER_STATUS_LABELS)
    register_names(app, LeadStatus, LEAD_STATUS_LABELS)
    register_names(app, NeedStatus, NEED_STATUS_LABELS)
    register_names(app, EvidenceKind, EVIDENCE_LABELS)
    register_names(app, "audit", AUDIT)
    register_names(app, "green_project_type", PROJECT_TYPE_NAMES)  # Decision 21/2025/QĐ-TTg, from the data file
    register_names(app, "green_taxonomy_sector", TAXONOMY_SECTORS)
