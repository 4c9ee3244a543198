from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, BigInteger, DateTime, Enum, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models_mixins import TimestampMixin


class PaymentStatus(str, enum.Enum):
    requires_payment = "requires_payment"
    processing = "processing"
    succeeded = "succeeded"
    failed = "failed"
    canceled = "canceled"
    refunded = "refunded"


class PaymentProvider(str, enum.Enum):
    stripe = "stripe"
    bank_transfer = "bank_transfer"


def _enum(e, length: int = 20) -> Enum:
    return Enum(e, native_enum=False, length=length, validate_strings=True)


class Payment(TimestampMixin, db.Model):
    """Money owed for one purpose (e.g. ("booth", application id)). Amounts are whole VND
    (a zero-decimal currency in Stripe: 150000 means 150,000 ₫)."""

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_purpose", "purpose", "object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(30), nullable=False)
    object_id: Mapped[int] = mapped_column(Integer, nullable=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), default="vnd", nullable=False)
    provider: Mapped[PaymentProvider] = mapped_column(_enum(PaymentProvider), nullable=False)
    status: Mapped[PaymentStatus] = mapped_column(_enum(PaymentStatus), default=PaymentStatus.requires_payment,
                                                  nullable=False, index=True)
    reference: Mapped[str | None] = mapped_column(String(40), unique=True)
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    stripe_refund_id: Mapped[str | None] = mapped_column(String(100))
    paid_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    fulfilled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    refunded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    failure_message: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    # The payment receipt (PDF under UPLOAD_DIR), built by the job `payments.receipts` once the money arrived.
    receipt_path: Mapped[str | None] = mapped_column(String(300))

    @property
    def is_open(self) -> bool:
        return self.status in (PaymentStatus.requires_payment, PaymentStatus.processing, PaymentStatus.failed)


class StripeEvent(db.Model):
    """Every Stripe webhook event we accepted, by its unique id: a replay is a no-op."""

    __tablename__ = "stripe_events"
    __table_args__ = (UniqueConstraint("event_id", name="uq_stripe_events_event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(100), nullable=False)
    type: Mapped[str] = mapped_column(String(80), nullable=False)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id", ondelete="SET NULL"), index=True)
    stripe_created: Mapped[int | None] = mapped_column(BigInteger)
    outcome: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    payload: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class PayeeAccount(TimestampMixin, db.Model):
    """The bank account that receives an organisation's money (a fair organiser's booth fees), or the
    platform's (`organisation_id` NULL: sponsored listings and other platform fees). `owner` keeps it unique:
    "platform" or "org:<id>". The bank is a NAPAS member (app/payments/data/napas_banks.json) by its BIN."""

    __tablename__ = "payee_accounts"
    __table_args__ = (UniqueConstraint("owner", name="uq_payee_accounts_owner"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(20), nullable=False)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    bank_bin: Mapped[str] = mapped_column(String(6), nullable=False)
    account_number: Mapped[str] = mapped_column(String(19), nullable=False)
    account_name: Mapped[str] = mapped_column(String(70), nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
