"""Green finance: offers (draft → published → closed), eligibility, documents and leads.

Privacy rules (tested in tests/finance):
- a financial institution sees only the leads sent to its own offers (another bank's lead → 404);
- the shared data of a lead (profile snapshot, claims, documents) is shown to the bank only while
  consent is active; withdrawal erases the profile/claim snapshot and the document check runs on
  every request, so withdrawn consent cuts access at once;
- a business's documents are never reachable except by its members, or through a lead with consent.
Every lead event is written to the audit log; the other side is notified.

Modules: `offers`, `matching` (eligibility), `documents`, `leads`. Callers import from
`app.finance.services`.
"""
from .documents import delete_document, document_file, list_documents, upload_document  # noqa: F401
from .leads import (  # noqa: F401
    CONSENT_LABEL,
    CONSENT_TEXT,
    LEAD_OBJECT,
    LEAD_STATUS_LABELS,
    add_note,
    express_interest,
    get_lead_for,
    lead_counts,
    lead_document_file,
    lead_history,
    lead_messages,
    list_leads,
    post_message,
    profile_display,
    set_lead_status,
    shared_for,
    withdraw_consent,
)
from .matching import need_from, taxonomy_body, eligibility_for, evaluate_offer, match_offers, vocabulary_names  # noqa: F401
from .offers import (  # noqa: F401
    MAX_AMOUNT,
    OFFER_OBJECT,
    OFFER_STATUS_LABELS,
    offer_fields,
    close_offer,
    create_offer,
    get_offer,
    get_offer_for,
    get_own_offer,
    is_public,
    my_offers,
    open_offers,
    publish_offer,
    update_offer,
)
from .needs import (  # noqa: F401
    EVIDENCE_LABELS,
    NEED_CONSENT_LABEL,
    NEED_STATUS_LABELS,
    bank_fit,
    close_need,
    create_need,
    get_need_for,
    get_own_need,
    list_needs,
    matches_for_need,
    needs_for_bank,
    notify_need_matches,
    respond_to_need,
    update_need,
    visible_to_banks,
)
