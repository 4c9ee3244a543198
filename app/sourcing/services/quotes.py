"""Quotes: validation, submit, list, withdraw and decline."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...errors import Conflict, Forbidden, NotFound
from ...extensions import db
from ...locking import commit_or_conflict, flush_or_conflict, lock
from ...notifications.services import audit, audit_value, notify_org
from ...orgs.models import OrgKind
from ...permissions import Actor, require_can_publish, require_org_kind, require_user
from ..models import Quote, QuoteStatus, Rfq, RfqStatus
from ...validation import load
from ..schemas import INCOTERMS, QuoteInput  # noqa: F401  (INCOTERMS: part of the service API)
from ._common import _check_listing
from .attachments import _attach
from .invitations import _mark_response
from .rfqs import _close, _rfq_url, get_rfq, is_buyer

QUOTE_STATUS_LABELS = {"submitted": _l("Submitted"), "withdrawn": _l("Withdrawn"), "accepted": _l("Accepted"),
                       "declined": _l("Declined")}


def _active_quotes(rfq: Rfq) -> list[Quote]:
    return [q for q in rfq.quotes if q.status == QuoteStatus.submitted]


def submit_quote(actor: Actor, rfq_id: int, data: dict[str, Any], attachments: list | None = None) -> Quote:
    require_org_kind(actor, OrgKind.producer.value)
    rfq = get_rfq(actor, rfq_id)
    require_can_publish(actor)
    if rfq.buyer_org_id == actor.org_id:
        raise Forbidden(_("You cannot quote on your own request."))
    _check_can_quote(actor, rfq)
    fields = load(QuoteInput, data)
    if fields.get("listing_id") is not None:
        _check_listing(fields["listing_id"], actor.org_id, "listing_id")
    # The request's quote cap and "one quote per supplier" are read and written under the request's lock:
    # twelve producers quoting at once on a request that closes after three give three quotes and nine 409s.
    rfq = lock(Rfq, rfq.id)
    _check_can_quote(actor, rfq)
    quote = Quote(rfq_id=rfq.id, supplier_org_id=actor.org_id, created_by_id=actor.user_id, **fields)
    rfq.quotes.append(quote)
    flush_or_conflict(ALREADY_QUOTED)
    for f in attachments or []:
        _attach(rfq, actor.org_id, "quote", quote.id, f)
    _mark_response(rfq, actor.org_id)
    audit(actor.user_id, "quote.submitted", "quote", quote.id,
          {k: audit_value(v) for k, v in fields.items()} | {"rfq_id": rfq.id}, actor.org_id)
    notify_org(rfq.buyer, "sourcing.quote",
               _l("New quote from %(supplier)s on “%(title)s”", supplier=actor.org.display_name, title=rfq.title),
               url=_rfq_url(rfq.id) + "/quotes")
    if rfq.max_quotes and len(_active_quotes(rfq)) >= rfq.max_quotes:
        _close(None, rfq, RfqStatus.closed, "max_quotes")
    commit_or_conflict(ALREADY_QUOTED)
    return quote


ALREADY_QUOTED = _l("You already quoted on this request; withdraw that quote to send a new one.")


def _check_can_quote(actor: Actor, rfq: Rfq) -> None:
    if rfq.effective_status() != RfqStatus.open:
        if rfq.status == RfqStatus.closed and rfq.close_reason == "max_quotes":
            raise Conflict(_("This request has received the %(n)d quotes it asked for and no longer takes quotes.",
                             n=rfq.max_quotes or 0))
        raise Conflict(_("This request no longer takes quotes."))
    if any(q.supplier_org_id == actor.org_id for q in _active_quotes(rfq)):
        raise Conflict(str(ALREADY_QUOTED))


def list_quotes(actor: Actor, rfq_id: int) -> list[Quote]:
    """The buyer sees every quote on its request; a supplier only its own."""
    rfq = get_rfq(actor, rfq_id)
    if is_buyer(actor, rfq) or actor.is_admin:
        return [q for q in rfq.quotes if q.status != QuoteStatus.withdrawn]
    return [q for q in rfq.quotes if q.supplier_org_id == actor.org_id]


def get_quote(actor: Actor, quote_id: int) -> Quote:
    require_user(actor)
    quote = db.session.get(Quote, quote_id)
    if quote is None or not (quote.supplier_org_id == actor.org_id or quote.rfq.buyer_org_id == actor.org_id
                             or actor.is_admin):
        raise NotFound(_("Quote not found."))
    return quote


def withdraw_quote(actor: Actor, quote_id: int) -> Quote:
    quote = get_quote(actor, quote_id)
    if quote.supplier_org_id != actor.org_id:
        raise Forbidden(_("Only the supplier can withdraw its quote."))
    lock(Rfq, quote.rfq_id)  # never withdraw a quote the buyer is accepting at this moment
    db.session.refresh(quote)
    if quote.status != QuoteStatus.submitted:
        raise Conflict(_("Only a submitted quote can be withdrawn."))
    quote.status = QuoteStatus.withdrawn
    audit(actor.user_id, "quote.withdrawn", "quote", quote.id, {}, actor.org_id)
    db.session.commit()
    return quote


def decline_quote(actor: Actor, quote_id: int, reason: str = "") -> Quote:
    quote = get_quote(actor, quote_id)
    if quote.rfq.buyer_org_id != actor.org_id:
        raise Forbidden(_("Only the buyer can decline a quote."))
    lock(Rfq, quote.rfq_id)
    db.session.refresh(quote)
    if quote.status != QuoteStatus.submitted:
        raise Conflict(_("Only a submitted quote can be declined."))
    _decline(actor, quote, reason)
    db.session.commit()
    return quote


def _decline(actor: Actor, quote: Quote, reason: str) -> None:
    quote.status = QuoteStatus.declined
    quote.decline_reason = (reason or "")[:500]
    audit(actor.user_id, "quote.declined", "quote", quote.id, {"reason": quote.decline_reason}, actor.org_id)
    notify_org(quote.supplier, "sourcing.quote_declined",
               _l("Your quote on “%(title)s” was declined.", title=quote.rfq.title), body=quote.decline_reason,
               url=_rfq_url(quote.rfq_id))
