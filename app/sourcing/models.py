"""Sourcing: requests for quotation (RFQs), invitations, quotes, deals, message threads, saved searches.

Listings are referenced by integer id without a foreign key (the catalog's tables live on another
migration branch); services check that a referenced listing exists and belongs to the supplier.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, BigInteger, Date, DateTime, Enum, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..models_mixins import ProvinceCode, TimestampMixin


def _enum(e: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(e, native_enum=False, length=length, validate_strings=True)


class RfqStatus(str, enum.Enum):
    draft = "draft"
    open = "open"
    closed = "closed"
    awarded = "awarded"
    expired = "expired"


class Frequency(str, enum.Enum):
    one_off = "one_off"
    monthly = "monthly"


class Visibility(str, enum.Enum):
    public = "public"
    invited = "invited"


class QuoteStatus(str, enum.Enum):
    submitted = "submitted"
    withdrawn = "withdrawn"
    accepted = "accepted"
    declined = "declined"


class DealStatus(str, enum.Enum):
    active = "active"
    completed = "completed"
    cancelled = "cancelled"


class Rfq(TimestampMixin, db.Model):
    """A buyer organisation's request for quotation. Draft → open → closed | awarded | expired."""

    __tablename__ = "rfqs"
    __table_args__ = (Index("ix_rfqs_status_visibility", "status", "visibility"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buyer_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    category: Mapped[str | None] = mapped_column(String(60))
    quantity: Mapped[float] = mapped_column(Float, nullable=False)
    unit: Mapped[str] = mapped_column(String(10), nullable=False)
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency), default=Frequency.one_off, nullable=False)
    target_price_min: Mapped[int | None] = mapped_column(BigInteger)
    target_price_max: Mapped[int | None] = mapped_column(BigInteger)
    required_labels: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    preferred_labels: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    min_recycled_pct: Mapped[int | None] = mapped_column(Integer)
    delivery_province: Mapped[str] = mapped_column(ProvinceCode, nullable=False)
    needed_by: Mapped[dt.date | None] = mapped_column(Date)
    visibility: Mapped[Visibility] = mapped_column(_enum(Visibility), default=Visibility.public, nullable=False)
    closes_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    max_quotes: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[RfqStatus] = mapped_column(_enum(RfqStatus), default=RfqStatus.draft, nullable=False)
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    close_reason: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    # A direct inquiry: a private request sent from one listing's page to its supplier (invited only).
    source_listing_id: Mapped[int | None] = mapped_column(Integer)

    buyer = relationship("Organisation", foreign_keys=[buyer_org_id])
    invitations = relationship("RfqInvitation", back_populates="rfq", cascade="all, delete-orphan",
                               order_by="RfqInvitation.id")
    quotes = relationship("Quote", back_populates="rfq", cascade="all, delete-orphan", order_by="Quote.id")

    def effective_status(self, today: dt.date | None = None) -> RfqStatus:
        """An open request past its closing date is expired even before `flask rfqs expire` runs."""
        today = today or clock.today()
        if self.status == RfqStatus.open and self.closes_on < today:
            return RfqStatus.expired
        return self.status

    @property
    def is_open(self) -> bool:
        return self.effective_status() == RfqStatus.open

    @property
    def is_inquiry(self) -> bool:
        return self.source_listing_id is not None


class RfqInvitation(db.Model):
    """A supplier invited to a request; `first_response_at` (quote, message or decline) feeds responsiveness."""

    __tablename__ = "rfq_invitations"
    __table_args__ = (UniqueConstraint("rfq_id", "supplier_org_id", name="uq_rfq_invitations_rfq_supplier"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True, nullable=False)
    supplier_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    listing_id: Mapped[int | None] = mapped_column(Integer)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    first_response_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    declined_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decline_reason: Mapped[str] = mapped_column(String(500), default="", nullable=False)

    rfq = relationship("Rfq", back_populates="invitations")
    supplier = relationship("Organisation", foreign_keys=[supplier_org_id])


class Quote(TimestampMixin, db.Model):
    """A supplier's answer to a request. At most one submitted quote per supplier and request."""

    __tablename__ = "quotes"
    # The last line behind submit_quote's lock: one submitted quote per supplier and request.
    __table_args__ = (Index("uq_quotes_rfq_supplier_submitted", "rfq_id", "supplier_org_id", unique=True,
                            sqlite_where=text("status = 'submitted'"), postgresql_where=text("status = 'submitted'")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True, nullable=False)
    supplier_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    listing_id: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    unit_price_vnd: Mapped[int] = mapped_column(BigInteger, nullable=False)
    quantity: Mapped[float] = mapped_column(Float, nullable=False)
    lead_time_days: Mapped[int] = mapped_column(Integer, nullable=False)
    valid_until: Mapped[dt.date] = mapped_column(Date, nullable=False)
    incoterm: Mapped[str | None] = mapped_column(String(3))
    delivery_terms: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    status: Mapped[QuoteStatus] = mapped_column(_enum(QuoteStatus), default=QuoteStatus.submitted, nullable=False)
    decline_reason: Mapped[str] = mapped_column(String(500), default="", nullable=False)

    rfq = relationship("Rfq", back_populates="quotes")
    supplier = relationship("Organisation", foreign_keys=[supplier_org_id])

    @property
    def total_vnd(self) -> int:
        return int(round(self.unit_price_vnd * self.quantity))


class Deal(TimestampMixin, db.Model):
    """The connection recorded when a buyer accepts a quote."""

    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # One deal per request (accept_quote locks the request; the unique index is the last line).
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True, unique=True, nullable=False)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), unique=True, nullable=False)
    buyer_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    supplier_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    listing_id: Mapped[int | None] = mapped_column(Integer)
    quantity: Mapped[float] = mapped_column(Float, nullable=False)
    unit: Mapped[str] = mapped_column(String(10), nullable=False)
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency), default=Frequency.one_off, nullable=False)
    unit_price_vnd: Mapped[int] = mapped_column(BigInteger, nullable=False)
    total_vnd: Mapped[int] = mapped_column(BigInteger, nullable=False)
    incoterm: Mapped[str | None] = mapped_column(String(3))
    delivery_province: Mapped[str] = mapped_column(ProvinceCode, nullable=False)
    agreed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    delivery_by: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[DealStatus] = mapped_column(_enum(DealStatus), default=DealStatus.active, nullable=False)

    rfq = relationship("Rfq")
    quote = relationship("Quote")
    buyer = relationship("Organisation", foreign_keys=[buyer_org_id])
    supplier = relationship("Organisation", foreign_keys=[supplier_org_id])


class Thread(db.Model):
    """A conversation between a buyer organisation and one supplier: about a request (`rfq_id`, one per
    request and supplier), or direct (`rfq_id` NULL, "Message the supplier": one per buyer and supplier,
    kept unique by `direct_key`)."""

    __tablename__ = "rfq_threads"
    __table_args__ = (UniqueConstraint("rfq_id", "supplier_org_id", name="uq_rfq_threads_rfq_supplier"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rfq_id: Mapped[int | None] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True)
    buyer_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    supplier_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    listing_id: Mapped[int | None] = mapped_column(Integer)  # direct threads: the listing last asked about
    direct_key: Mapped[str | None] = mapped_column(String(40), unique=True)  # "<buyer>:<supplier>" for direct threads
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    last_message_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    buyer_read_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    supplier_read_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    rfq = relationship("Rfq")
    buyer = relationship("Organisation", foreign_keys=[buyer_org_id])
    supplier = relationship("Organisation", foreign_keys=[supplier_org_id])
    messages = relationship("Message", back_populates="thread", cascade="all, delete-orphan", order_by="Message.id")

    @property
    def is_direct(self) -> bool:
        return self.rfq_id is None


class Message(db.Model):
    __tablename__ = "rfq_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("rfq_threads.id", ondelete="CASCADE"), index=True, nullable=False)
    sender_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    sender_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)

    thread = relationship("Thread", back_populates="messages")
    sender = relationship("User")


class Attachment(db.Model):
    """A file attached to a quote or a message (served only to the thread's parties)."""

    __tablename__ = "sourcing_attachments"
    __table_args__ = (Index("ix_sourcing_attachments_owner", "owner_type", "owner_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(10), nullable=False)  # quote | message
    owner_id: Mapped[int] = mapped_column(Integer, nullable=False)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True, nullable=False)
    supplier_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    path: Mapped[str] = mapped_column(String(300), nullable=False)
    mime: Mapped[str] = mapped_column(String(60), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    original_name: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class SavedSearch(db.Model):
    """A buyer's saved listing search (the /search page's arguments); new matches are notified."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    params: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    unsubscribed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class MatchAlert(db.Model):
    """A listing already announced to a request's supplier side or to a saved search (never twice)."""

    __tablename__ = "sourcing_match_alerts"
    __table_args__ = (UniqueConstraint("target_type", "target_id", "listing_id", name="uq_sourcing_match_alerts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_type: Mapped[str] = mapped_column(String(10), nullable=False)  # rfq | search
    target_id: Mapped[int] = mapped_column(Integer, nullable=False)
    listing_id: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class DigestState(db.Model):
    """When each user last got the daily sourcing digest."""

    __tablename__ = "sourcing_digests"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    last_sent_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class SavedListing(db.Model):
    """A listing a user saved; `seen` is what the user was last told about it (price, status, claims), so
    the watch job notifies each change once."""

    __tablename__ = "saved_listings"
    __table_args__ = (UniqueConstraint("user_id", "listing_id", name="uq_saved_listings_user_listing"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True, nullable=False)
    seen: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    listing = relationship("Listing")


class FollowedSupplier(db.Model):
    """A supplier a user follows; listings it publishes after `seen_until` are announced once."""

    __tablename__ = "followed_suppliers"
    __table_args__ = (UniqueConstraint("user_id", "supplier_org_id", name="uq_followed_suppliers_user_supplier"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    supplier_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    seen_until: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    supplier = relationship("Organisation")

