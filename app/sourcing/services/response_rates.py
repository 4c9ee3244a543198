"""Responsiveness of invited suppliers (response rate, median response time)."""
from __future__ import annotations

import datetime as dt
import statistics

from ... import clock
from ...extensions import db
from ..models import Rfq, RfqInvitation, RfqStatus

UNANSWERED_AFTER = dt.timedelta(hours=72)  # an invitation without answer counts as "no response" after this


def responsiveness(org_ids: list[int] | None = None) -> dict[int, dict]:
    """{org_id: {"invitations", "responded", "response_rate", "median_hours"}} from invitation events.

    An invitation counts once it was answered (quote, message or decline) or once it has waited
    UNANSWERED_AFTER without an answer; the median is over answered invitations.
    """
    stmt = db.select(RfqInvitation.supplier_org_id, RfqInvitation.invited_at, RfqInvitation.first_response_at, Rfq.status)\
        .join(Rfq, Rfq.id == RfqInvitation.rfq_id).where(Rfq.status != RfqStatus.draft)
    if org_ids is not None:
        if not org_ids:
            return {}
        stmt = stmt.where(RfqInvitation.supplier_org_id.in_(org_ids))
    now = clock.now()
    acc: dict[int, list] = {}
    for org_id, invited_at, answered_at, _status in db.session.execute(stmt):
        hours = acc.setdefault(org_id, [0, []])
        if answered_at is not None:
            hours[0] += 1
            hours[1].append(max(0.0, (answered_at - invited_at).total_seconds() / 3600))
        elif now - invited_at >= UNANSWERED_AFTER:
            hours[0] += 1
    out = {}
    for org_id, (counted, times) in acc.items():
        if not counted:
            continue
        out[org_id] = {"invitations": counted, "responded": len(times), "response_rate": len(times) / counted,
                       "median_hours": statistics.median(times) if times else None}
    return out
