"""Booth fees: settling an application's payment when it closes, and the `booth` payment purpose
(what happens when a booth fee is paid, who may confirm a bank transfer, where payers return to).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...extensions import db
from ...notifications.services import audit, notify_org
from ...payments import services as payments
from ...payments.models import PaymentStatus
from ...permissions import Actor
from ..models import FairApplication
from .reads import ACTIVE, booth_payment


def _settle_payment(actor: Actor, a: FairApplication, reason: str) -> None:
    p = booth_payment(a)
    if p is None:
        return
    if p.status == PaymentStatus.succeeded:
        payments.refund(p, actor.user_id, reason)
    elif p.is_open:
        payments.cancel_open(p, actor.user_id, "application_closed")


def _booth_paid(payment) -> None:
    a = db.session.get(FairApplication, payment.object_id)
    if a is None:
        return
    audit(None, "fair.application.paid", "fair_application", a.id, {"payment_id": payment.id},
          organisation_id=a.organisation_id)
    if a.status not in ACTIVE:  # money arrived for a closed application: give it back
        payments.refund(payment, None, "application closed before payment arrived")
        return
    notify_org(a.fair.organiser, "fair_payment", _l("Booth fee paid for %(fair)s", fair=a.fair.name),
               a.organisation.display_name)


def _can_confirm_booth(actor: Actor, payment) -> bool:
    a = db.session.get(FairApplication, payment.object_id)
    return bool(a and actor.is_authenticated and actor.org_id == a.fair.organiser_id)


def _booth_back_url(payment) -> str:
    from flask import url_for

    a = db.session.get(FairApplication, payment.object_id)
    return url_for("fairs.detail", fair_id=a.fair_id) if a else ""


def _booth_payee(payment) -> int | None:
    """Booth fees go to the fair's organiser."""
    a = db.session.get(FairApplication, payment.object_id)
    return a.fair.organiser_id if a else None


def payment_purpose():
    """What paying a booth fee grants (registered by `fairs.init_app`)."""
    from ...payments.registry import Purpose

    return Purpose("booth", on_succeeded=_booth_paid, can_confirm=_can_confirm_booth, back_url=_booth_back_url,
                   payee=_booth_payee)
