"""Fairs and applications.

Rules
- Fair-organiser organisations (approved) create fairs with booth types (price in VND, capacity).
- Approved producers apply before the deadline with 1–10 of their published listings; one active
  application (submitted, approved or waitlisted) per fair. A booth fee is a `payments` Payment
  (purpose "booth"), paid by card (Stripe) or by bank transfer.
- The organiser approves (assigns a booth), waitlists or rejects with a reason. Approval locks the
  booth type row (`SELECT … FOR UPDATE` on PostgreSQL; a write on SQLite, which serialises writers),
  counts the approved booths and takes the lowest free number in 1..capacity; a unique constraint on
  (booth type, number) refuses a second holder. Capacity is never exceeded.
- Rejecting or cancelling a paid application refunds the booth fee; an unpaid one is cancelled.
  When an approved booth frees up this way, the waitlisted applicants of that booth type are told.
- The organiser edits a fair (dates, deadline, booth types, prices, capacities). A booth type's
  capacity never drops below the booths already assigned (nor below the highest assigned number, so
  numbers stay within 1..capacity); a booth type with active applications cannot be removed. New
  prices apply to new applications only. Exhibitors are told when the dates change.
- The organiser cancels a fair: every active application is cancelled, paid booth fees are refunded
  through the payments service (Stripe refunds carry an idempotency key, so a retried cancellation
  never refunds twice), exhibitors and visitors with meetings are notified.

Modules: `reads` (look-ups and visibility), `validation`, `organising` (create/edit/cancel a fair),
`applications`, `booth_fees` (payments of booth fees). Callers import from `app.fairs.services`.
"""
from .applications import apply, cancel_application, decide  # noqa: F401
from .booth_fees import payment_purpose as booth_payment_purpose  # noqa: F401
from .organising import cancel_fair, create_fair, update_fair  # noqa: F401
from .reads import (  # noqa: F401
    ACTIVE,
    verified_labels,
    MAX_BOOTH_TYPES,
    MAX_LISTINGS,
    active_application,
    applications_of_fair,
    applications_of_org,
    booth_payment,
    booth_usage,
    exhibitor_application,
    exhibitors,
    forbid_unless_organiser,
    get_application,
    get_application_for,
    get_fair,
    get_own_fair,
    get_public_fair,
    get_visible_fair,
    is_organiser,
    list_fairs,
    org_name,
)
from .validation import FAIR_FIELDS, fair_values  # noqa: F401
