from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Date, DateTime, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_mixins import ProvinceCode, TimestampMixin, VersionedMixin


class OrgKind(str, enum.Enum):
    producer = "producer"
    buyer = "buyer"  # retailer / distributor / other buyer
    logistics = "logistics"
    finance = "finance"  # bank, fund, leasing company
    fair_organiser = "fair_organiser"


class OrgStatus(str, enum.Enum):
    pending = "pending"
    approved = "approved"
    suspended = "suspended"


class OrgSize(str, enum.Enum):
    """Enterprise size per Decree 80/2021/NĐ-CP (micro, small, medium) or large."""

    micro = "micro"
    small = "small"
    medium = "medium"
    large = "large"


class BuyerSegment(str, enum.Enum):
    """What kind of buyer an organisation is: the programme's targets count supermarkets and trade centres."""

    supermarket = "supermarket"
    trade_centre = "trade_centre"
    convenience_chain = "convenience_chain"
    wholesaler = "wholesaler"
    horeca = "horeca"  # hotels, restaurants, catering
    public_buyer = "public_buyer"  # state agencies and public units buying under public procurement
    manufacturer = "manufacturer"  # buys inputs and packaging for its own production
    other = "other"


class MemberRole(str, enum.Enum):
    owner = "owner"
    member = "member"


def _enum(e: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(e, native_enum=False, length=length, validate_strings=True)


class Organisation(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[OrgKind] = mapped_column(_enum(OrgKind), nullable=False, index=True)
    legal_name: Mapped[str] = mapped_column(String(200), nullable=False)
    trade_name: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    # Mã số thuế: 10 digits, or 10 digits + "-" + 3 digits for a branch.
    tax_code: Mapped[str | None] = mapped_column(String(14), unique=True)
    province_code: Mapped[str | None] = mapped_column(ProvinceCode, index=True)
    ward_code: Mapped[str | None] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    sectors: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    size: Mapped[OrgSize | None] = mapped_column(_enum(OrgSize))
    # Buyers only: the segment the programme's indicators count (supermarkets and trade centres…).
    buyer_segment: Mapped[BuyerSegment | None] = mapped_column(_enum(BuyerSegment), index=True)
    founded_year: Mapped[int | None] = mapped_column(Integer)
    website: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    phone: Mapped[str] = mapped_column(String(32), default="", nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    logo_path: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[OrgStatus] = mapped_column(_enum(OrgStatus), default=OrgStatus.pending, nullable=False, index=True)
    status_reason: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Room for later: GS1 company prefix for traceability, open-data identifiers.
    gs1_company_prefix: Mapped[str | None] = mapped_column(String(12))

    memberships = relationship("Membership", back_populates="organisation", cascade="all, delete-orphan")

    @property
    def display_name(self) -> str:
        return self.trade_name or self.legal_name

    @property
    def is_approved(self) -> bool:
        return self.status == OrgStatus.approved

    @property
    def can_publish(self) -> bool:
        return self.status == OrgStatus.approved


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id", name="uq_memberships_user_org"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False
    )
    role: Mapped[MemberRole] = mapped_column(_enum(MemberRole), default=MemberRole.member, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    user = relationship("User", back_populates="memberships")
    organisation = relationship("Organisation", back_populates="memberships")


class Invitation(db.Model):
    """An owner invites a colleague by e-mail; the link lets them join as a member."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    organisation = relationship("Organisation")
