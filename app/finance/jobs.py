"""Periodic finance job: close published offers whose validity window has ended and tell the institution.

Search already hides an offer after its `valid_until` (documents carry the window); the job makes the
offer's state say so too (status closed, `closed_at`), re-indexes it, writes the audit log and notifies
and e-mails the institution's members, once (a closed offer is never picked again).
"""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock
from ..extensions import db
from ..l10n import format_day
from ..notifications.services import audit, enqueue_index, notify
from .models import FinanceOffer, OfferStatus


def close_expired_offers(today: dt.date | None = None) -> int:
    """Close published offers with `valid_until` before `today` (Vietnam calendar day); returns how many."""
    today = today or clock.today()
    offers = list(db.session.scalars(db.select(FinanceOffer).where(
        FinanceOffer.status == OfferStatus.published, FinanceOffer.valid_until.is_not(None),
        FinanceOffer.valid_until < today).order_by(FinanceOffer.id)))
    for offer in offers:
        offer.status = OfferStatus.closed
        offer.closed_at = clock.now()
        offer.bump_version()
        audit(None, "finance.offer_expired", "finance_offer", offer.id,
              {"status": ["published", "closed"], "valid_until": offer.valid_until.isoformat()}, offer.organisation_id)
        enqueue_index("offer", offer.id)
        title = _l("Your offer \u201c%(title)s\u201d has been closed", title=offer.title)
        def body(offer=offer):  # in each recipient's language
            return _("Its validity window ended on %(date)s, so it no longer appears in search and cannot receive "
                     "new requests. Existing leads are unchanged. To offer it again, create a new offer.",
                     date=format_day(offer.valid_until, fmt="short"))
        url = f"/finance/offers/{offer.id}"
        for membership in offer.organisation.memberships:
            notify(membership.user_id, "finance_offer", title, body, url)  # e-mailed by notifications.deliver
    db.session.commit()
    return len(offers)


def close_expired_job():
    return f"closed {close_expired_offers()}"


def notify_need_matches_job():
    from .services import notify_need_matches

    return f"told {notify_need_matches()} bank(s) about fitting needs"


finance_cli = AppGroup("finance", help="Green finance: offer expiry.")


@finance_cli.command("close-expired")
def close_expired():
    """Close the offers whose validity window has ended."""
    click.echo(f"Closed {close_expired_offers()} offer(s).")

