from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Enum, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_mixins import ProvinceCode, TimestampMixin, VersionedMixin


class ListingStatus(str, enum.Enum):
    draft = "draft"
    published = "published"
    archived = "archived"


class Listing(TimestampMixin, VersionedMixin, db.Model):
    """A product offered by a producer organisation. Indexed in search when published (see documents.py)."""

    __tablename__ = "listings"
    __table_args__ = (
        Index("ix_listings_status_published_at", "status", "published_at"),
        Index("ix_listings_org_status", "organisation_id", "status"),
        # The producer's own stock-keeping unit: a bulk import updates the listing with the same SKU.
        UniqueConstraint("organisation_id", "sku", name="uq_listings_org_sku"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)  # Vietnamese
    title_en: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    category: Mapped[str] = mapped_column(String(60), nullable=False, index=True)  # taxonomy code
    material: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    recycled_pct: Mapped[int | None] = mapped_column(Integer)  # 0..100
    compostable: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    biodegradable: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    origin_province: Mapped[str | None] = mapped_column(ProvinceCode, index=True)
    unit: Mapped[str] = mapped_column(String(10), nullable=False)
    moq: Mapped[float] = mapped_column(Float, default=1, nullable=False)  # minimum order, in `unit`
    capacity_month: Mapped[float | None] = mapped_column(Float)  # monthly capacity, in `unit`
    lead_time_days: Mapped[int | None] = mapped_column(Integer)
    unit_weight_kg: Mapped[float | None] = mapped_column(Float)  # shipping weight of one `unit` (transport CO2e)
    export_markets: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    gtin: Mapped[str | None] = mapped_column(String(14))
    sku: Mapped[str | None] = mapped_column(String(64))  # the producer's own code, unique per organisation
    status: Mapped[ListingStatus] = mapped_column(Enum(ListingStatus, native_enum=False, length=12, validate_strings=True),
                                                  default=ListingStatus.draft, nullable=False)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Lowest and highest tier price, kept in sync with price_tiers by the service (for sorting and documents).
    price_min: Mapped[int | None] = mapped_column(BigInteger, index=True)
    price_max: Mapped[int | None] = mapped_column(BigInteger)

    organisation = relationship("Organisation")
    price_tiers = relationship("PriceTier", back_populates="listing", cascade="all, delete-orphan",
                               order_by="PriceTier.min_qty")
    photos = relationship("ListingPhoto", back_populates="listing", cascade="all, delete-orphan",
                          order_by="ListingPhoto.position")
    claims = relationship("Claim", foreign_keys="Claim.listing_id", order_by="Claim.id", viewonly=True)

    def sync_prices(self) -> None:
        prices = [t.price_vnd for t in self.price_tiers]
        self.price_min, self.price_max = (min(prices), max(prices)) if prices else (None, None)

    @property
    def is_published(self) -> bool:
        return self.status == ListingStatus.published


class PriceTier(db.Model):
    """Unit price in VND (integer) from `min_qty` units upwards."""

    __tablename__ = "price_tiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True, nullable=False)
    min_qty: Mapped[float] = mapped_column(Float, nullable=False)
    price_vnd: Mapped[int] = mapped_column(BigInteger, nullable=False)

    listing = relationship("Listing", back_populates="price_tiers")


class ListingPhoto(db.Model):
    __tablename__ = "listing_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True, nullable=False)
    path: Mapped[str] = mapped_column(String(300), nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    alt: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    listing = relationship("Listing", back_populates="photos")
