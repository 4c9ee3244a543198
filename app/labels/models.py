from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, Date, DateTime, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..models_mixins import TimestampMixin

EXPIRING_SOON_DAYS = 30


def _enum(e: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(e, native_enum=False, length=length, validate_strings=True)


class LabelKind(str, enum.Enum):
    eco = "eco"  # ISO 14024 Type I multi-criteria ecolabels
    organic = "organic"
    recycled = "recycled"  # recycled content
    compostable = "compostable"  # compostable / biodegradable
    carbon = "carbon"
    energy = "energy"
    social = "social"  # fair trade, labour, community
    forestry = "forestry"  # responsible forest management / chain of custody
    agriculture = "agriculture"  # good agricultural / aquaculture practice
    management = "management"  # management systems (ISO 14001)


class LabelScope(str, enum.Enum):
    product = "product"
    organisation = "organisation"
    both = "both"


class ClaimStatus(str, enum.Enum):
    submitted = "submitted"
    verified = "verified"
    rejected = "rejected"
    expired = "expired"
    withdrawn = "withdrawn"


class Label(TimestampMixin, db.Model):
    """One certification scheme or label. Seeded from `registry.py`, editable by administrators."""

    __tablename__ = "labels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name_en: Mapped[str] = mapped_column(String(200), nullable=False)
    name_vi: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[LabelKind] = mapped_column(_enum(LabelKind), nullable=False, index=True)
    scope: Mapped[LabelScope] = mapped_column(_enum(LabelScope), default=LabelScope.product, nullable=False)
    issuing_body: Mapped[str] = mapped_column(String(300), nullable=False)
    website: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    certifies_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    certifies_vi: Mapped[str] = mapped_column(Text, default="", nullable=False)
    legal_basis: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # How a buyer checks a certificate number: the public registry (when one exists) and instructions.
    verify_url: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    verify_howto: Mapped[str] = mapped_column(Text, default="", nullable=False)
    certificate_hint: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    validity_months: Mapped[int | None] = mapped_column(Integer)
    # Vietnamese versions of the texts above (app/labels/registry_vi.py seeds them); empty → the English text
    issuing_body_vi: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    legal_basis_vi: Mapped[str] = mapped_column(Text, default="", nullable=False)
    verify_howto_vi: Mapped[str] = mapped_column(Text, default="", nullable=False)
    certificate_hint_vi: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=100, nullable=False)

    def name(self, locale: str | None = "vi") -> str:
        return self.name_en if locale == "en" else self.name_vi

    def certifies(self, locale: str | None = "vi") -> str:
        return (self.certifies_en if locale == "en" else self.certifies_vi) or self.certifies_en

    TRANSLATED = ("issuing_body", "legal_basis", "verify_howto", "certificate_hint")

    def text(self, field: str, locale: str | None = "vi") -> str:
        """issuing_body, legal_basis, verify_howto or certificate_hint in the reader's language (English when
        the Vietnamese text is empty)."""
        assert field in self.TRANSLATED, field
        english = getattr(self, field) or ""
        if str(locale or "vi").startswith("en"):
            return english
        return getattr(self, field + "_vi") or english

    def __repr__(self) -> str:  # pragma: no cover
        return f"<Label {self.code}>"


class Claim(TimestampMixin, db.Model):
    """A certification claimed by an organisation for itself (listing_id NULL) or for one of its listings.

    Workflow: submitted → verified | rejected (with reason) by a verifier; verified/submitted →
    expired when `valid_until` has passed (computed at read time, and stored by `flask claims expire`);
    the owner may withdraw. Every change is written to the audit log.
    """

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_status_valid_until", "status", "valid_until"),
        # an organisation's own (org-level) claims, read on every listing page, without scanning its listings' claims
        Index("ix_claims_organisation_id_listing_id", "organisation_id", "listing_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), index=True, nullable=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    certificate_number: Mapped[str] = mapped_column(String(100), nullable=False)
    issuer: Mapped[str] = mapped_column(String(200), default="", nullable=False)  # certification body
    scope: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    valid_from: Mapped[dt.date] = mapped_column(Date, nullable=False)
    valid_until: Mapped[dt.date] = mapped_column(Date, nullable=False)
    evidence_path: Mapped[str | None] = mapped_column(String(300))
    evidence_mime: Mapped[str | None] = mapped_column(String(60))
    evidence_name: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    evidence_size: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[ClaimStatus] = mapped_column(_enum(ClaimStatus), default=ClaimStatus.submitted, nullable=False)
    rejection_reason: Mapped[str] = mapped_column(String(1000), default="", nullable=False)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reminder_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    label = relationship("Label", lazy="joined")
    organisation = relationship("Organisation")
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])

    def issuer_text(self, locale: str | None = "vi") -> str:
        """Who issued the certificate, as typed; when that is the registry's own issuer text (English, as the
        seeded registry and the demo write it) or empty, the registry's text in the reader's language."""
        english = (self.label.issuing_body or "") if self.label else ""
        if self.label and (not self.issuer or self.issuer.strip() == english[:200].strip()):
            return self.label.text("issuing_body", locale)
        return self.issuer or ""

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_path)

    @property
    def is_org_level(self) -> bool:
        return self.listing_id is None

    def is_certified(self, today: dt.date | None = None) -> bool:
        """The one rule: verified and not past its validity date."""
        today = today or clock.today()
        return self.status == ClaimStatus.verified and self.valid_until >= today

    def effective_status(self, today: dt.date | None = None) -> str:
        """What badges show: a verified or pending claim past its date is 'expired' even before the job runs."""
        today = today or clock.today()
        if self.status in (ClaimStatus.verified, ClaimStatus.submitted) and self.valid_until < today:
            return ClaimStatus.expired.value
        return self.status.value

    def expiring_soon(self, today: dt.date | None = None) -> bool:
        today = today or clock.today()
        return self.is_certified(today) and (self.valid_until - today).days <= EXPIRING_SOON_DAYS

    def days_left(self, today: dt.date | None = None) -> int:
        return (self.valid_until - (today or clock.today())).days
