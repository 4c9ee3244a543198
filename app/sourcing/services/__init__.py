"""Sourcing requests (RFQs), invitations, quotes, deals and message threads.

Rules
- Buyer organisations create requests; members of the buyer organisation manage them. Opening a
  request (draft → open) needs an approved organisation.
- A public request is visible to every signed-in organisation once opened; a request for invited
  suppliers only is visible to its buyer and to the invited suppliers. Anyone else gets 404.
- An open request past its closing date is *expired* (computed at read time; `flask rfqs expire`
  stores it). When the buyer set `max_quotes`, the request closes after that many quotes.
- Producers answer with one submitted quote per request; the buyer sees every quote on its own
  requests, a supplier only its own. Accepting a quote records a Deal, declines the other quotes
  (with the buyer's optional reason) and marks the request awarded.
- A thread per (request, supplier): only the buyer organisation and that supplier read or write it.
- An invited supplier's first quote, message or decline is its response (responsiveness).

One module per responsibility: `rfqs` (validation, visibility, lifecycle), `invitations`, `quotes`,
`comparison` (the quote comparison), `deals`, `attachments`, `messages`, `response_rates`, `saved_searches`, `shipping` (facts for logistics),
`inquiries` (direct inquiries from a listing, adding a listing to a request), `conversations` (direct
messages and the inbox), `saved` (saved listings, followed suppliers, their watch job);
`_common` holds their shared helpers; input rules are the schemas in `app.sourcing.schemas`. Callers import from `app.sourcing.services`.
"""
from .attachments import MAX_ATTACHMENTS, attachment_for, attachments_of  # noqa: F401
from .comparison import compare_quotes  # noqa: F401
from .deals import accept_quote, get_deal, list_deals, lock_deal  # noqa: F401
from .invitations import decline_invitation, invite_supplier  # noqa: F401
from .messages import get_thread, list_messages, send_message, threads_for, unread_in, unread_total  # noqa: F401
from .quotes import (  # noqa: F401
    INCOTERMS,
    QUOTE_STATUS_LABELS,
    decline_quote,
    get_quote,
    list_quotes,
    submit_quote,
    withdraw_quote,
)
from .response_rates import UNANSWERED_AFTER, responsiveness  # noqa: F401
from .rfqs import (  # noqa: F401
    EDITABLE,
    FREQUENCY_LABELS,
    STATUS_LABELS,
    VISIBILITY_LABELS,
    can_view,
    create_rfq,
    expire_rfqs,
    get_own_rfq,
    get_rfq,
    is_buyer,
    is_invited,
    list_rfqs,
    update_rfq,
)
from .saved_searches import delete_saved_search, list_saved_searches, save_search, unsubscribe  # noqa: F401
from .shipping import KG_PER_UNIT, ShippingFacts, deal_shipping, is_deal_party, quotes_shipping, shipment_weight_kg  # noqa: F401
from .conversations import (counterpart, direct_thread_with, get_conversation, inbox, message_supplier,  # noqa: F401
                            read_conversation, reply)
from .inquiries import (add_listing_to_request, buyable_listing, my_open_requests, open_inquiry_for,  # noqa: F401
                        send_inquiry, supplier_listings)
from .saved import (follow_supplier, followed, list_saved, save_listing, saved_listing, unfollow_supplier,  # noqa: F401
                    unsave_listing, watch)
