"""Periodic jobs on claims: expire claims past their validity, remind owners 30 days ahead."""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...extensions import db
from ...l10n import format_day
from ...notifications.services import audit, notify, notify_org
from ..models import EXPIRING_SOON_DAYS, Claim, ClaimStatus
from .claims import _claim_url
from .events import _changed


def expire_claims(today: dt.date | None = None) -> int:
    """Store 'expired' on verified/pending claims whose validity has passed; notify and re-index. Idempotent."""
    today = today or clock.today()
    claims = list(db.session.scalars(db.select(Claim).where(
        Claim.status.in_([ClaimStatus.verified, ClaimStatus.submitted]), Claim.valid_until < today)))
    for claim in claims:
        old = claim.status.value
        claim.status = ClaimStatus.expired
        audit(None, "claim.expired", "claim", claim.id, {"status": [old, "expired"], "valid_until": claim.valid_until.isoformat()},
              claim.organisation_id)
        notify_org(claim.organisation, "claim.expired",
                   _l("Your %(label)s claim (%(number)s) has expired.", label=claim.label.name_vi, number=claim.certificate_number),
                   body=_l("Upload the renewed certificate to keep the badge."), url=_claim_url(claim))
        _changed(claim)
    db.session.commit()
    return len(claims)


def expiring_claims(org_id: int | None = None, today: dt.date | None = None, days: int = EXPIRING_SOON_DAYS) -> list[Claim]:
    today = today or clock.today()
    stmt = db.select(Claim).where(Claim.status == ClaimStatus.verified, Claim.valid_until >= today,
                                  Claim.valid_until <= today + dt.timedelta(days=days))
    if org_id is not None:
        stmt = stmt.where(Claim.organisation_id == org_id)
    return list(db.session.scalars(stmt.order_by(Claim.valid_until, Claim.id)))


def remind_expiring(today: dt.date | None = None) -> int:
    """Once per claim, 30 days ahead: an in-app notification and an e-mail to each member of the organisation."""
    today = today or clock.today()
    claims = [c for c in expiring_claims(today=today) if c.reminder_sent_at is None]
    for claim in claims:
        def title(claim=claim):  # in each recipient's language
            return _("Your %(label)s certificate %(number)s expires on %(date)s.", label=claim.label.name_vi,
                     number=claim.certificate_number, date=format_day(claim.valid_until, fmt="short"))
        body = _l("Upload the renewed certificate before it expires so your listings keep the verified badge.")
        for m in claim.organisation.memberships:
            notify(m.user_id, "claim.expiring", title, body, _claim_url(claim))  # e-mailed by notifications.deliver
        claim.reminder_sent_at = clock.now()
        audit(None, "claim.reminder_sent", "claim", claim.id, {"valid_until": claim.valid_until.isoformat()}, claim.organisation_id)
    db.session.commit()
    return len(claims)
