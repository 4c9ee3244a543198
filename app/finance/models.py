"""Green-finance offers, business documents, expressions of interest (leads) and their notes.

Claims and listings live in tables of other domains (labels, catalog); their ids are kept as plain
integers in JSON snapshots here, without foreign keys, so this domain's migration builds on the
foundation only.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, BigInteger, Date, DateTime, Enum, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..models_mixins import TimestampMixin, VersionedMixin


def _enum(e: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(e, native_enum=False, length=length, validate_strings=True)


class OfferStatus(str, enum.Enum):
    draft = "draft"
    published = "published"
    closed = "closed"


class LeadStatus(str, enum.Enum):
    new = "new"
    contacted = "contacted"
    in_review = "in_review"
    approved = "approved"
    declined = "declined"


class NeedStatus(str, enum.Enum):
    open = "open"
    closed = "closed"


class EvidenceKind(str, enum.Enum):
    """The environmental document a green project holds (Decision 21/2025/QĐ-TTg, art. 4; Law on
    Environmental Protection 2020): an approved EIA, an environmental permit or an environmental registration."""

    eia_decision = "eia_decision"
    environmental_permit = "environmental_permit"
    environmental_registration = "environmental_registration"


LEAD_PIPELINE = [s.value for s in LeadStatus]
LEAD_FINAL = {LeadStatus.approved.value, LeadStatus.declined.value}


class FinanceOffer(TimestampMixin, VersionedMixin, db.Model):
    """A financial product posted by a financial institution. Indexed in search while published,
    inside its validity window and while the institution is approved."""

    __tablename__ = "finance_offers"
    __table_args__ = (Index("ix_finance_offers_org_status", "organisation_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    title_en: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    product_type: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    purposes: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    # Green-taxonomy project types financed (codes of taxonomy.PROJECT_TYPES, e.g. "T21.EN.02")
    project_types: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), default="VND", nullable=False)
    amount_min: Mapped[int | None] = mapped_column(BigInteger)
    amount_max: Mapped[int | None] = mapped_column(BigInteger)
    rate_min: Mapped[float | None] = mapped_column(Float)  # % per year
    rate_max: Mapped[float | None] = mapped_column(Float)
    rate_text: Mapped[str] = mapped_column(String(200), default="", nullable=False)  # "base rate − 1.5%"
    tenor_min_months: Mapped[int | None] = mapped_column(Integer)
    tenor_max_months: Mapped[int | None] = mapped_column(Integer)
    collateral: Mapped[str] = mapped_column(Text, default="", nullable=False)
    documents_required: Mapped[list] = mapped_column(JSON, default=list, nullable=False)  # document type codes
    documents_note: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # Eligibility criteria: an empty list or NULL means "no restriction".
    eligible_kinds: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    eligible_sectors: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    eligible_sizes: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    eligible_provinces: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    required_labels: Mapped[list] = mapped_column(JSON, default=list, nullable=False)  # label codes
    labels_match: Mapped[str] = mapped_column(String(3), default="any", nullable=False)  # any | all
    min_years_operating: Mapped[int | None] = mapped_column(Integer)
    min_certified_share: Mapped[int | None] = mapped_column(Integer)  # % of published listings
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[OfferStatus] = mapped_column(_enum(OfferStatus, 12), default=OfferStatus.draft, nullable=False,
                                                index=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation = relationship("Organisation")

    def is_open(self, today: dt.date | None = None) -> bool:
        """Published and inside its validity window."""
        today = today or clock.today()
        return (self.status == OfferStatus.published
                and (self.valid_from is None or self.valid_from <= today)
                and (self.valid_until is None or self.valid_until >= today))

    def name(self, locale: str | None = "vi") -> str:
        return (self.title_en or self.title) if locale == "en" else self.title


class FinanceDocument(db.Model):
    """A document a business keeps for financing applications (never public; shared per lead)."""

    __tablename__ = "finance_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True,
                                                 nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    doc_type: Mapped[str] = mapped_column(String(40), default="other", nullable=False)
    path: Mapped[str] = mapped_column(String(300), nullable=False)
    mime: Mapped[str] = mapped_column(String(60), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    original_name: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, nullable=False)


class Lead(TimestampMixin, db.Model):
    """An expression of interest: a business shares a snapshot of chosen data with a financial
    institution under explicit consent. Withdrawing consent cuts the institution's access to the
    shared data and documents at once (checked on every request)."""

    __tablename__ = "finance_leads"
    __table_args__ = (
        Index("ix_finance_leads_finance_status", "finance_org_id", "status"),
        Index("ix_finance_leads_business", "business_org_id", "offer_id"),
        # The last line behind express_interest's lock: one lead with consent in force per offer and business.
        Index("uq_finance_leads_offer_business_active", "offer_id", "business_org_id", unique=True,
              sqlite_where=text("consent_withdrawn_at IS NULL"), postgresql_where=text("consent_withdrawn_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("finance_offers.id", ondelete="CASCADE"), index=True,
                                          nullable=False)
    finance_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    business_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[LeadStatus] = mapped_column(_enum(LeadStatus), default=LeadStatus.new, nullable=False)
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    need_purpose: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    need_amount: Mapped[int | None] = mapped_column(BigInteger)
    need_timeline: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    message: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # What was shared, frozen at the time of consent.
    shared_profile: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    shared_claim_ids: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    shared_claims: Mapped[list] = mapped_column(JSON, default=list, nullable=False)  # label, number, validity
    shared_document_ids: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    eligibility: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)  # report at submission
    consent_text: Mapped[str] = mapped_column(Text, nullable=False)
    consent_given_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    consent_withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Set when the institution answered a financing need the business shared with consent.
    need_id: Mapped[int | None] = mapped_column(ForeignKey("finance_needs.id", ondelete="SET NULL"), index=True)

    offer = relationship("FinanceOffer")
    finance_org = relationship("Organisation", foreign_keys=[finance_org_id])
    business_org = relationship("Organisation", foreign_keys=[business_org_id])
    notes = relationship("LeadNote", back_populates="lead", cascade="all, delete-orphan", order_by="LeadNote.id")

    @property
    def consent_active(self) -> bool:
        return self.consent_withdrawn_at is None


class FinancingNeed(TimestampMixin, VersionedMixin, db.Model):
    """A business's financing need for a green project. Banks see it only while `consent_given_at` is set
    (the business agreed to share it with banks whose offers fit) and it is open."""

    __tablename__ = "finance_needs"
    __table_args__ = (Index("ix_finance_needs_org_status", "organisation_id", "status"),
                      Index("ix_finance_needs_status_consent", "status", "consent_given_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)  # VND
    tenor_months: Mapped[int] = mapped_column(Integer, nullable=False)
    purpose: Mapped[str] = mapped_column(String(40), nullable=False)
    project_type: Mapped[str] = mapped_column(String(20), nullable=False, index=True)  # taxonomy code
    evidence_kind: Mapped[EvidenceKind | None] = mapped_column(_enum(EvidenceKind, 30))
    evidence_number: Mapped[str] = mapped_column(String(100), default="", nullable=False)
    evidence_date: Mapped[dt.date | None] = mapped_column(Date)
    evidence_agency: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    evidence_document_id: Mapped[int | None] = mapped_column(ForeignKey("finance_documents.id", ondelete="SET NULL"))
    consent_given_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[NeedStatus] = mapped_column(_enum(NeedStatus, 10), default=NeedStatus.open, nullable=False)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    organisation = relationship("Organisation")
    evidence_document = relationship("FinanceDocument")

    @property
    def consent(self) -> bool:
        return self.consent_given_at is not None

    @property
    def has_evidence(self) -> bool:
        return self.evidence_kind is not None and bool(self.evidence_number)


class NeedNotice(db.Model):
    """A financing need already announced to the institution of an offer it fits (the job tells each bank once)."""

    __tablename__ = "finance_need_notices"
    __table_args__ = (Index("uq_finance_need_notices_need_offer", "need_id", "offer_id", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("finance_needs.id", ondelete="CASCADE"), nullable=False)
    offer_id: Mapped[int] = mapped_column(ForeignKey("finance_offers.id", ondelete="CASCADE"), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, nullable=False)


class LeadMessage(db.Model):
    """The conversation of a lead: the institution and the business write to each other (both see it)."""

    __tablename__ = "finance_lead_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("finance_leads.id", ondelete="CASCADE"), index=True, nullable=False)
    sender_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    sender_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, nullable=False)

    sender = relationship("User")


class LeadNote(db.Model):
    """A private note of the financial institution on a lead (never shown to the business)."""

    __tablename__ = "finance_lead_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("finance_leads.id", ondelete="CASCADE"), index=True, nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, nullable=False)

    lead = relationship("Lead", back_populates="notes")
    author = relationship("User")
