"""Payments: one state machine for both providers, audited on every change.

States: requires_payment → processing → succeeded | failed | canceled; succeeded → refunded.
- Transitions not in `ALLOWED` are ignored (late, duplicate or out-of-order Stripe events, a second
  "mark received"): a payment never goes backwards from succeeded except to refunded.
- The payment row is locked (`SELECT … FOR UPDATE` on PostgreSQL) before its state changes.
- Fulfilment (`registry.Purpose.on_succeeded`) runs once, guarded by `fulfilled_at` under the lock.
- Stripe calls carry idempotency keys derived from the payment id and the action.
- Without STRIPE_SECRET_KEY, payments are bank transfers with a reference (GC-<year>-<id>) that an
  organiser of the object or an admin marks as received.
"""
from __future__ import annotations

import time

import logging
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..display import display_name
from ..errors import Conflict, DomainError, Forbidden, NotFound
from ..extensions import db
from ..locking import lock
from ..pagination import paginate
from ..notifications.services import audit, notify_org
from ..permissions import Actor, require_user
from .models import Payment, PaymentProvider, PaymentStatus, StripeEvent
from .registry import get_purpose

log = logging.getLogger(__name__)
S = PaymentStatus
ALLOWED: dict[PaymentStatus, set[PaymentStatus]] = {
    S.requires_payment: {S.processing, S.succeeded, S.failed, S.canceled},
    S.processing: {S.succeeded, S.failed, S.canceled},
    S.failed: {S.processing, S.succeeded, S.canceled, S.requires_payment},
    S.succeeded: {S.refunded},
    S.canceled: set(),
    S.refunded: set(),
}
EVENT_STATUS = {
    "payment_intent.processing": S.processing,
    "payment_intent.succeeded": S.succeeded,
    "payment_intent.payment_failed": S.failed,
    "payment_intent.canceled": S.canceled,
    "charge.refunded": S.refunded,
}


class PaymentProviderError(DomainError):
    status = 502
    code = "payment_provider_error"


# ------------------------------------------------------------------ configuration

def stripe_enabled() -> bool:
    return bool(current_app.config.get("STRIPE_SECRET_KEY"))


def stripe_client():
    """A StripeClient for the configured key (and STRIPE_API_BASE, e.g. localstripe in tests)."""
    import stripe

    cfg = current_app.config
    key = (cfg.get("STRIPE_SECRET_KEY"), cfg.get("STRIPE_API_BASE") or "")
    cache = current_app.extensions.setdefault("stripe_clients", {})
    if key not in cache:
        kwargs: dict[str, Any] = {"max_network_retries": 2}
        if key[1]:
            kwargs["base_addresses"] = {"api": key[1]}
        cache[key] = stripe.StripeClient(key[0], **kwargs)
    return cache[key]


def idempotency_key(payment: Payment, action: str) -> str:
    return f"greenconnect-payment-{payment.id}-{action}"


# ------------------------------------------------------------------ reads

def get_payment(payment_id: int) -> Payment:
    p = db.session.get(Payment, payment_id)
    if p is None:
        raise NotFound(_("Not found."))
    return p


def can_confirm(actor: Actor, payment: Payment) -> bool:
    if actor.is_admin:
        return True
    purpose = get_purpose(payment.purpose)
    return bool(purpose and purpose.can_confirm(actor, payment))


def get_for_actor(actor: Actor, payment_id: int) -> Payment:
    """The payer's members, whoever may confirm it (organiser) and admins; others get 404."""
    require_user(actor)
    p = get_payment(payment_id)
    if actor.org_id != p.organisation_id and not can_confirm(actor, p):
        raise NotFound(_("Not found."))
    return p


def payments_for(purpose: str, object_ids: list[int]) -> dict[int, Payment]:
    """Latest payment per object of `purpose`."""
    if not object_ids:
        return {}
    rows = db.session.scalars(db.select(Payment).where(Payment.purpose == purpose, Payment.object_id.in_(object_ids))
                              .order_by(Payment.id))
    return {p.object_id: p for p in rows}


OPEN_STATUSES = (S.requires_payment, S.processing, S.failed)


def list_bank_transfers(status: str = "open", page: int = 1, per_page: int = 50):
    """Bank transfers for the admin desk: `open` (waiting for money, oldest first) or `all` (newest first)."""
    stmt = db.select(Payment).where(Payment.provider == PaymentProvider.bank_transfer)
    if status == "all":
        stmt = stmt.order_by(Payment.id.desc())
    else:
        stmt = stmt.where(Payment.status.in_(OPEN_STATUSES)).order_by(Payment.id.asc())
    return paginate(stmt, page, per_page)


def bank_account() -> dict[str, str]:
    """The payee account of bank transfers (BANK_TRANSFER_* settings); empty values when not configured."""
    cfg = current_app.config
    return {"name": cfg.get("BANK_TRANSFER_ACCOUNT_NAME") or "", "number": cfg.get("BANK_TRANSFER_ACCOUNT_NUMBER") or "",
            "bank": cfg.get("BANK_TRANSFER_BANK") or ""}


# ------------------------------------------------------------------ writes (inside the caller's unit of work)

def create_payment(actor: Actor, purpose: str, object_id: int, organisation_id: int, amount: int,
                   description: str = "") -> Payment:
    """A new payment owed by `organisation_id`; flushes, does not commit."""
    if get_purpose(purpose) is None:
        raise ValueError(f"unknown payment purpose {purpose!r}")
    if int(amount) <= 0:
        raise ValueError("amount must be positive")
    p = Payment(purpose=purpose, object_id=object_id, organisation_id=organisation_id, amount=int(amount),
                currency="vnd", created_by_id=actor.user_id, description=description[:300],
                provider=PaymentProvider.stripe if stripe_enabled() else PaymentProvider.bank_transfer,
                status=S.requires_payment)
    db.session.add(p)
    db.session.flush()
    p.reference = f"GC-{clock.now().year}-{p.id:06d}"
    audit(actor.user_id, "payment.created", "payment", p.id,
          {"purpose": purpose, "object_id": object_id, "amount": p.amount, "provider": p.provider.value},
          organisation_id=organisation_id)
    return p


def _lock(payment_id: int) -> Payment:
    """The payment locked for this transaction and re-read (app.locking), so that a webhook, a manual
    confirmation and a refund arriving together fulfil or revoke it once."""
    p = lock(Payment, payment_id)
    if p is None:
        raise NotFound(_("Not found."))
    return p


def _transition(p: Payment, new: PaymentStatus, actor_user_id: int | None, source: str, **extra) -> bool:
    """Apply `new` if allowed; audit; fulfil or revoke once. Returns whether anything changed."""
    old = p.status
    if new == old or new not in ALLOWED[old]:
        audit(actor_user_id, "payment.transition_ignored", "payment", p.id,
              {"from": old.value, "to": new.value, "source": source, **extra}, organisation_id=p.organisation_id)
        return False
    p.status = new
    now = clock.now()
    if new == S.succeeded:
        p.paid_at = p.paid_at or now
    if new == S.refunded:
        p.refunded_at = now
    audit(actor_user_id, "payment.status", "payment", p.id,
          {"from": old.value, "to": new.value, "source": source, **extra}, organisation_id=p.organisation_id)
    purpose = get_purpose(p.purpose)
    if new == S.succeeded and p.fulfilled_at is None:
        p.fulfilled_at = now
        if purpose:
            purpose.on_succeeded(p)
        audit(actor_user_id, "payment.fulfilled", "payment", p.id, {"purpose": p.purpose, "object_id": p.object_id},
              organisation_id=p.organisation_id)
    if new == S.refunded and purpose and purpose.on_refunded:
        purpose.on_refunded(p)
    return True


def mark_received(actor: Actor, payment_id: int, data: dict | None = None) -> Payment:
    """An organiser of the object or an admin confirms a bank transfer arrived; `data`: {"note"}
    (schemas.ReceivedInput)."""
    from ..validation import load
    from .schemas import ReceivedInput

    require_user(actor)
    note = load(ReceivedInput, data).get("note") or ""
    p = _lock(payment_id)
    if actor.org_id != p.organisation_id and not can_confirm(actor, p):
        raise NotFound(_("Not found."))
    if not can_confirm(actor, p):
        raise Forbidden(_("Only the organiser or an administrator can confirm a payment."))
    if p.provider != PaymentProvider.bank_transfer:
        raise Conflict(_("Card payments are confirmed by Stripe, not by hand."))
    if p.status == S.succeeded:
        db.session.rollback()
        return p  # already received: nothing changes twice
    if not _transition(p, S.succeeded, actor.user_id, "manual", note=note):
        raise Conflict(_("This payment can no longer be confirmed (status: %(status)s).", status=display_name(p.status)))
    org = p_org(p)
    if org is not None:
        notify_org(org, "payment", _l("Payment %(ref)s received", ref=p.reference), p.description)
    db.session.commit()
    return p


def p_org(p: Payment):
    from ..orgs.models import Organisation

    return db.session.get(Organisation, p.organisation_id)


def cancel_open(payment: Payment, actor_user_id: int | None, source: str) -> None:
    """Cancel a payment nobody paid yet (inside the caller's unit of work)."""
    p = _lock(payment.id)
    if p.status in (S.requires_payment, S.failed, S.processing):
        if p.provider == PaymentProvider.stripe and p.stripe_payment_intent_id and p.status != S.processing:
            try:
                stripe_client().v1.payment_intents.cancel(p.stripe_payment_intent_id,
                                                          options={"idempotency_key": idempotency_key(p, "cancel")})
            except Exception as exc:  # noqa: BLE001 - the intent may already be final; our state is what counts
                log.info("cancel of %s failed: %s", p.stripe_payment_intent_id, exc)
        if p.status != S.processing:
            _transition(p, S.canceled, actor_user_id, source)


def refund(payment: Payment, actor_user_id: int | None, reason: str = "") -> bool:
    """Refund a succeeded payment in full (inside the caller's unit of work; caller commits).
    Stripe: a Refund with an idempotency key, so a retried unit of work never refunds twice.
    Bank transfer: the payment is marked refunded; the organiser transfers the money back."""
    p = _lock(payment.id)
    if p.status != S.succeeded:
        return False
    if p.provider == PaymentProvider.stripe and p.stripe_payment_intent_id:
        try:
            r = stripe_client().v1.refunds.create(
                params={"payment_intent": p.stripe_payment_intent_id, "metadata": {"payment_id": str(p.id)}},
                options={"idempotency_key": idempotency_key(p, "refund")})
        except Exception as exc:  # noqa: BLE001
            raise PaymentProviderError(_("The refund could not be made: %(error)s", error=str(exc)[:200])) from exc
        p.stripe_refund_id = r.id
    return _transition(p, S.refunded, actor_user_id, "refund", reason=reason[:200])


# ------------------------------------------------------------------ Stripe

def start_stripe(actor: Actor, payment_id: int) -> tuple[Payment, str]:
    """Create (once) the PaymentIntent for a payment; returns (payment, client_secret)."""
    p = get_for_actor(actor, payment_id)
    if actor.org_id != p.organisation_id:
        raise Forbidden(_("Only the paying organisation can pay."))
    if p.provider != PaymentProvider.stripe or not stripe_enabled():
        raise Conflict(_("This payment is made by bank transfer."))
    if not p.is_open:
        raise Conflict(_("This payment is not open (status: %(status)s).", status=display_name(p.status)))
    client = stripe_client()
    try:
        if p.stripe_payment_intent_id:
            intent = client.v1.payment_intents.retrieve(p.stripe_payment_intent_id)
        else:
            intent = client.v1.payment_intents.create(
                params={"amount": p.amount, "currency": "vnd", "payment_method_types": ["card"],
                        "metadata": {"payment_id": str(p.id), "purpose": p.purpose, "reference": p.reference or ""}},
                options={"idempotency_key": idempotency_key(p, "create-intent")})
            p.stripe_payment_intent_id = intent.id
            audit(actor.user_id, "payment.intent_created", "payment", p.id, {"intent": intent.id},
                  organisation_id=p.organisation_id)
            db.session.commit()
    except DomainError:
        raise
    except Exception as exc:  # noqa: BLE001
        db.session.rollback()
        raise PaymentProviderError(_("The card payment could not be started: %(error)s", error=str(exc)[:200])) from exc
    return p, intent.client_secret


def start_card_payment(actor: Actor, payment_id: int) -> dict[str, Any]:
    """For API clients (mobile apps): the PaymentIntent's client secret and the publishable key, to confirm
    the payment with Stripe's SDK. Calling it again returns the same intent (the intent is created once,
    with the idempotency key `greenconnect-payment-<id>-create-intent`)."""
    p = get_for_actor(actor, payment_id)
    if not stripe_enabled() or not current_app.config.get("STRIPE_PUBLISHABLE_KEY"):
        if actor.org_id != p.organisation_id:
            raise Forbidden(_("Only the paying organisation can pay."))
        raise Conflict(_("Card payments are not available; pay by bank transfer."))
    p, client_secret = start_stripe(actor, payment_id)
    return {"payment": p, "client_secret": client_secret,
            "publishable_key": current_app.config["STRIPE_PUBLISHABLE_KEY"],
            "idempotency_key": idempotency_key(p, "create-intent")}


def sync_from_stripe(payment_id: int) -> Payment:
    """Read the PaymentIntent and apply its status (after the browser returns; the webhook may lag)."""
    p = get_payment(payment_id)
    if p.provider != PaymentProvider.stripe or not p.stripe_payment_intent_id or not stripe_enabled():
        return p
    try:
        intent = stripe_client().v1.payment_intents.retrieve(p.stripe_payment_intent_id)
    except Exception as exc:  # noqa: BLE001 - the webhook will tell us
        log.info("could not read %s: %s", p.stripe_payment_intent_id, exc)
        return p
    new = {"processing": S.processing, "succeeded": S.succeeded, "canceled": S.canceled}.get(intent.status)
    if new is None or not _matches(p, intent.amount, intent.currency):
        return p
    p = _lock(p.id)
    if new != p.status:
        _transition(p, new, None, "stripe_sync", intent=intent.id)
    db.session.commit()
    return p


def _matches(p: Payment, amount, currency) -> bool:
    return amount is not None and int(amount) == p.amount and str(currency or "").lower() == p.currency


class BadSignature(Exception):
    pass


def verify_event(payload: bytes, signature: str | None) -> dict:
    """The event as a dict; BadSignature when the signature (or the payload) is not Stripe's."""
    import stripe

    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret or not signature:
        raise BadSignature("missing secret or signature")
    tolerance = int(current_app.config.get("STRIPE_WEBHOOK_TOLERANCE", 300))
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret, tolerance=tolerance)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise BadSignature(str(exc)) from exc
    # Stripe's check only refuses timestamps too far in the past; a signed event dated in the future
    # (a clock skew exploit, or a replay prepared ahead) is refused the same way.
    stamps = [part.split("=", 1)[1] for part in signature.split(",") if part.strip().startswith("t=")]
    try:
        stamp = int(stamps[0])
    except (IndexError, ValueError) as exc:
        raise BadSignature("no timestamp") from exc
    if abs(time.time() - stamp) > tolerance:
        raise BadSignature("timestamp outside the tolerance")
    return event.to_dict() if hasattr(event, "to_dict") else dict(event)


def handle_stripe_event(event: dict) -> str:
    """Record the event once (unique id) and apply it; returns an outcome word for logs and tests."""
    event_id, etype = str(event.get("id") or ""), str(event.get("type") or "")
    if not event_id:
        return "ignored"
    if db.session.scalar(db.select(StripeEvent.id).where(StripeEvent.event_id == event_id)) is not None:
        return "duplicate"
    obj = ((event.get("data") or {}).get("object")) or {}
    record = StripeEvent(event_id=event_id, type=etype, stripe_created=event.get("created"),
                         payload={"object_id": obj.get("id"), "status": obj.get("status")}, received_at=clock.now())
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:  # the same event delivered concurrently
        db.session.rollback()
        return "duplicate"
    outcome = _apply_event(etype, obj, record)
    record.outcome = outcome
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return "duplicate"
    return outcome


def _apply_event(etype: str, obj: dict, record: StripeEvent) -> str:
    new = EVENT_STATUS.get(etype)
    if new is None:
        return "ignored"
    intent_id = obj.get("payment_intent") if etype.startswith("charge.") else obj.get("id")
    pid = db.session.scalar(db.select(Payment.id).where(Payment.stripe_payment_intent_id == intent_id)) if intent_id else None
    if pid is None:
        meta_id = str((obj.get("metadata") or {}).get("payment_id") or "")
        if meta_id.isdigit():
            cand = db.session.get(Payment, int(meta_id))
            if cand is not None and cand.stripe_payment_intent_id in (None, intent_id):
                pid = cand.id
    if pid is None:
        return "unknown_payment"
    p = _lock(pid)
    record.payment_id = p.id
    if p.stripe_payment_intent_id is None and intent_id:
        p.stripe_payment_intent_id = intent_id
    if etype == "charge.refunded":
        if int(obj.get("amount_refunded") or 0) < p.amount:
            return "partial_refund_ignored"
    elif not _matches(p, obj.get("amount"), obj.get("currency")):
        audit(None, "payment.amount_mismatch", "payment", p.id,
              {"event": record.event_id, "amount": obj.get("amount"), "currency": obj.get("currency")},
              organisation_id=p.organisation_id)
        return "amount_mismatch"
    extra: dict[str, Any] = {"event": record.event_id}
    if new == S.failed:
        err = (obj.get("last_payment_error") or {}).get("message") or ""
        p.failure_message = str(err)[:300]
        extra["error"] = p.failure_message
    return "applied" if _transition(p, new, None, "stripe_webhook", **extra) else "ignored_transition"
