"""Who receives a payment, and into which account.

Each paid purpose says who the payee is (`Purpose.payee(payment)` → an organisation id, or None for the
platform). Organisations that receive money (fair organisers) keep their account on /payments/account;
administrators keep the platform's on /payments/platform-account (the BANK_TRANSFER_* settings are the
platform's account until one is saved). Accounts are checked when entered (PayeeInput).
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from ..errors import NotFound
from ..extensions import db
from ..notifications.services import audit
from ..permissions import Actor, require_admin, require_member_of
from ..validation import load
from . import banks
from .models import PayeeAccount, Payment
from .registry import get_purpose
from .schemas import PayeeInput, bank_name_form

PLATFORM = "platform"


def _owner(org_id: int | None) -> str:
    return PLATFORM if org_id is None else f"org:{org_id}"


def account(org_id: int | None) -> PayeeAccount | None:
    return db.session.scalar(db.select(PayeeAccount).where(PayeeAccount.owner == _owner(org_id)))


def _configured_platform_account() -> dict | None:
    cfg = current_app.config
    number = (cfg.get("BANK_TRANSFER_ACCOUNT_NUMBER") or "").strip()
    bank = banks.find(cfg.get("BANK_TRANSFER_BANK"))
    if not number or bank is None:
        return None
    return {"bank_bin": bank["bin"], "account_number": number.replace(" ", ""),
            "account_name": bank_name_form(cfg.get("BANK_TRANSFER_ACCOUNT_NAME") or "")}


def payee_org_id(payment: Payment) -> int | None:
    purpose = get_purpose(payment.purpose)
    return purpose.payee(payment) if purpose and purpose.payee else None


def account_for(payment: Payment) -> dict | None:
    """{bank, bank_bin, account_number, account_name, payee_is_platform} for this payment's payee, or None."""
    org_id = payee_org_id(payment)
    row = account(org_id)
    data = ({"bank_bin": row.bank_bin, "account_number": row.account_number, "account_name": row.account_name}
            if row else (_configured_platform_account() if org_id is None else None))
    if data is None:
        return None
    bank = banks.bank(data["bank_bin"])
    if bank is None:
        return None
    return {**data, "bank": bank, "payee_is_platform": org_id is None}


def save(actor: Actor, org_id: int | None, data) -> PayeeAccount:
    """An organisation's owner keeps its account; an administrator keeps the platform's."""
    if org_id is None:
        require_admin(actor)
    else:
        require_member_of(actor, org_id, owner=True, hide=False)
    clean = load(PayeeInput, data)
    row = account(org_id)
    old = {"bank_bin": row.bank_bin, "account_number": row.account_number, "account_name": row.account_name} if row else {}
    if row is None:
        row = PayeeAccount(owner=_owner(org_id), organisation_id=org_id, bank_bin="", account_number="", account_name="")
        db.session.add(row)
    row.bank_bin, row.account_number, row.account_name = clean["bank"], clean["account_number"], clean["account_name"]
    row.updated_by_id = actor.user_id
    new = {"bank_bin": row.bank_bin, "account_number": row.account_number, "account_name": row.account_name}
    audit(actor.user_id, "payee.saved", "payee_account", None,
          {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}, organisation_id=org_id)
    db.session.commit()
    return row


def get_for(actor: Actor, org_id: int | None) -> PayeeAccount | None:
    if org_id is None:
        require_admin(actor)
    else:
        require_member_of(actor, org_id)
    return account(org_id)


def missing_message(payment: Payment) -> str:
    if payee_org_id(payment) is None:
        return _("The platform's bank account is not set up yet. An administrator has to add it before this can be paid by transfer.")
    return _("The organiser has not added its bank account yet; this page will show it, with a QR code, as soon as they do.")


__all__ = ["account", "account_for", "get_for", "missing_message", "payee_org_id", "save", "NotFound"]
