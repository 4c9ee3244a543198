"""Display names of the sourcing domain's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import DealStatus, Frequency, QuoteStatus, RfqStatus, Visibility
from .services.quotes import QUOTE_STATUS_LABELS
from .services.rfqs import FREQUENCY_LABELS, STATUS_LABELS, VISIBILITY_LABELS

AUDIT = {
    "rfq.created": _l("Request created"), "rfq.updated": _l("Request updated"), "rfq.opened": _l("Request opened"),
    "rfq.closed": _l("Request closed"), "rfq.awarded": _l("Request awarded"), "rfq.expired": _l("Request expired"),
    "rfq.draft": _l("Request returned to draft"), "rfq.invited": _l("Supplier invited"),
    "rfq.invitation_declined": _l("Invitation declined"), "rfq.message": _l("Message sent"),
    "quote.submitted": _l("Quote submitted"), "quote.withdrawn": _l("Quote withdrawn"),
    "quote.accepted": _l("Quote accepted"), "quote.declined": _l("Quote declined"), "deal.created": _l("Deal created"),
    "saved_search.created": _l("Saved search created"), "saved_search.deleted": _l("Saved search deleted"),
    "saved_search.unsubscribed": _l("Search alerts unsubscribed"), "conversation.message": _l("Message sent"),
    "listing.saved": _l("Product saved to the list"), "listing.unsaved": _l("Product removed from the list"),
    "rfq.inquiry_sent": _l("Inquiry sent"), "supplier.followed": _l("Supplier followed"),
    "supplier.unfollowed": _l("Supplier unfollowed"),
}


def register(app) -> None:
    register_names(app, RfqStatus, STATUS_LABELS)
    register_names(app, Frequency, FREQUENCY_LABELS)
    register_names(app, Visibility, VISIBILITY_LABELS)
    register_names(app, QuoteStatus, QUOTE_STATUS_LABELS)
    register_names(app, DealStatus, {"active": _l("Active"), "completed": _l("Completed"), "cancelled": _l("Cancelled")})
    register_names(app, "audit", AUDIT)
