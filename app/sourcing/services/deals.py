"""Deals: accepting a quote records a deal (declining the other quotes and awarding the request)."""
from __future__ import annotations

import datetime as dt

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...errors import Conflict, Forbidden, NotFound
from ...extensions import db
from ...locking import commit_or_conflict, flush_or_conflict, lock
from ...pagination import paginate
from ...notifications.services import audit, notify_org
from ...permissions import Actor, require_user
from ..models import Deal, DealStatus, QuoteStatus, Rfq, RfqStatus
from .quotes import _active_quotes, _decline, get_quote


def accept_quote(actor: Actor, quote_id: int, decline_reason: str = "") -> Deal:
    quote = get_quote(actor, quote_id)
    if quote.rfq.buyer_org_id != actor.org_id:
        raise Forbidden(_("Only the buyer can accept a quote."))
    # One deal per request: accepting is decided under the request's lock (four quotes accepted at once
    # give one deal and three 409s); deals.rfq_id is unique as the last line.
    rfq = lock(Rfq, quote.rfq_id)
    db.session.refresh(quote)
    if rfq.status not in (RfqStatus.open, RfqStatus.closed, RfqStatus.expired):
        raise Conflict(_("This request has already been awarded."))
    if quote.status != QuoteStatus.submitted:
        raise Conflict(_("Only a submitted quote can be accepted."))
    if quote.valid_until < clock.today():
        raise Conflict(_("This quote is no longer valid; ask the supplier for a new one."))
    now = clock.now()
    quote.status = QuoteStatus.accepted
    deal = Deal(rfq_id=rfq.id, quote_id=quote.id, buyer_org_id=rfq.buyer_org_id, supplier_org_id=quote.supplier_org_id,
                listing_id=quote.listing_id, quantity=quote.quantity, unit=rfq.unit, frequency=rfq.frequency,
                unit_price_vnd=quote.unit_price_vnd, total_vnd=quote.total_vnd, incoterm=quote.incoterm,
                delivery_province=rfq.delivery_province, agreed_at=now,
                delivery_by=rfq.needed_by or (clock.today() + dt.timedelta(days=quote.lead_time_days)),
                status=DealStatus.active)
    db.session.add(deal)
    flush_or_conflict(_("This request has already been awarded."))
    for other in _active_quotes(rfq):
        if other.id != quote.id:
            _decline(actor, other, decline_reason)
    rfq.status = RfqStatus.awarded
    rfq.closed_at = now
    db.session.flush()
    audit(actor.user_id, "quote.accepted", "quote", quote.id, {"deal_id": deal.id}, actor.org_id)
    audit(actor.user_id, "deal.created", "deal", deal.id,
          {"quote_id": quote.id, "total_vnd": deal.total_vnd, "supplier_org_id": deal.supplier_org_id}, actor.org_id)
    notify_org(quote.supplier, "sourcing.deal",
               _l("%(buyer)s accepted your quote on “%(title)s”.", buyer=rfq.buyer.display_name, title=rfq.title),
               url=_deal_url(deal.id))
    commit_or_conflict(_("This request has already been awarded."))
    return deal


def lock_deal(deal_id: int) -> Deal | None:
    """The deal row locked for the caller's transaction (app.locking): rules about a deal decided
    elsewhere — one transport route per deal — serialise on it."""
    return lock(Deal, deal_id)


def _deal_url(deal_id: int) -> str:
    try:
        return url_for("sourcing.deal_detail", deal_id=deal_id)
    except Exception:  # noqa: BLE001
        return f"/sourcing/deals/{deal_id}"


def list_deals(actor: Actor, *, page: int = 1, per_page: int = 20):
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    stmt = (db.select(Deal).where(db.or_(Deal.buyer_org_id == actor.org_id, Deal.supplier_org_id == actor.org_id))
            .order_by(Deal.agreed_at.desc(), Deal.id.desc()))
    return paginate(stmt, page, per_page)


def get_deal(actor: Actor, deal_id: int) -> Deal:
    require_user(actor)
    deal = db.session.get(Deal, deal_id)
    if deal is None or not (actor.org_id in (deal.buyer_org_id, deal.supplier_org_id) or actor.is_admin):
        raise NotFound(_("Deal not found."))
    return deal
