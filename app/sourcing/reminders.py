"""Reminders before things close (job `sourcing.reminders`, hourly, idempotent: once per object).

- A request closes in 2 days or less: its buyer (with the number of quotes so far) and the invited
  suppliers that have not answered yet.
- A submitted quote expires in 3 days or less: the buyer (who may still accept it) and the supplier.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from .. import clock
from ..extensions import db
from ..notifications.services import first_time, later, notify_org
from .models import Quote, QuoteStatus, Rfq, RfqInvitation, RfqStatus

RFQ_CLOSING_DAYS = 2
QUOTE_EXPIRING_DAYS = 3


def _rfq_path(rfq_id: int) -> str:
    return f"/sourcing/requests/{rfq_id}"


def remind_closing_rfqs(today: dt.date | None = None) -> int:
    today = today or clock.today()
    rfqs = list(db.session.scalars(db.select(Rfq).where(
        Rfq.status == RfqStatus.open, Rfq.closes_on >= today,
        Rfq.closes_on <= today + dt.timedelta(days=RFQ_CLOSING_DAYS)).order_by(Rfq.id)))
    count = 0
    for rfq in rfqs:
        if not first_time(f"rfq_closing:{rfq.id}:{rfq.closes_on.isoformat()}"):
            continue
        quotes = sum(1 for q in rfq.quotes if q.status == QuoteStatus.submitted)
        when = later(format_date, rfq.closes_on)  # in each recipient's language
        notify_org(rfq.buyer, "sourcing.rfq_closing",
                   _l("Your request “%(title)s” closes on %(date)s", title=rfq.title, date=when),
                   _l("Quotes received so far: %(n)d. Compare them and accept one before it closes, or extend the "
                     "closing date.", n=quotes), _rfq_path(rfq.id))
        answered = {q.supplier_org_id for q in rfq.quotes}
        invitations = db.session.scalars(db.select(RfqInvitation).where(
            RfqInvitation.rfq_id == rfq.id, RfqInvitation.declined_at.is_(None)))
        for inv in invitations:
            if inv.supplier_org_id in answered:
                continue
            from ..orgs.models import Organisation

            supplier = db.session.get(Organisation, inv.supplier_org_id)
            if supplier is not None:
                notify_org(supplier, "sourcing.rfq_closing",
                           _l("“%(title)s” closes on %(date)s: send your quote", title=rfq.title, date=when),
                           _l("%(buyer)s invited you to quote.", buyer=rfq.buyer.display_name), _rfq_path(rfq.id))
        count += 1
    db.session.commit()
    return count


def remind_expiring_quotes(today: dt.date | None = None) -> int:
    today = today or clock.today()
    quotes = list(db.session.scalars(db.select(Quote).join(Rfq, Rfq.id == Quote.rfq_id).where(
        Quote.status == QuoteStatus.submitted, Quote.valid_until >= today,
        Quote.valid_until <= today + dt.timedelta(days=QUOTE_EXPIRING_DAYS),
        Rfq.status == RfqStatus.open).order_by(Quote.id)))
    count = 0
    for q in quotes:
        if not first_time(f"quote_expiring:{q.id}:{q.valid_until.isoformat()}"):
            continue
        when = later(format_date, q.valid_until)
        notify_org(q.rfq.buyer, "sourcing.quote_expiring",
                   _l("The quote from %(supplier)s for “%(title)s” expires on %(date)s",
                     supplier=q.supplier.display_name, title=q.rfq.title, date=when),
                   _l("Accept it before then if you want these terms."), _rfq_path(q.rfq_id))
        notify_org(q.supplier, "sourcing.quote_expiring",
                   _l("Your quote for “%(title)s” expires on %(date)s", title=q.rfq.title, date=when),
                   _l("If your offer still stands, send an updated quote."), _rfq_path(q.rfq_id))
        count += 1
    db.session.commit()
    return count


def reminders_job() -> str:
    return f"requests closing {remind_closing_rfqs()}, quotes expiring {remind_expiring_quotes()}"
