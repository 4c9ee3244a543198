"""Logistics providers' green profiles, their fleet (per vehicle class, with declared and verified
emission intensity), shipper routes and transport quotes."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Enum, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_mixins import ProvinceCode, TimestampMixin, VersionedMixin


def _enum(e: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(e, native_enum=False, length=length, validate_strings=True)


class LogisticsProfile(TimestampMixin, VersionedMixin, db.Model):
    """One per logistics organisation; searchable as kind `provider` once published."""

    __tablename__ = "logistics_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), unique=True,
                                                 nullable=False)
    published: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    services: Mapped[list] = mapped_column(JSON, default=list, nullable=False)  # ftl, ltl, last_mile, …
    provinces: Mapped[list] = mapped_column(JSON, default=list, nullable=False)  # province codes served
    corridors: Mapped[list] = mapped_column(JSON, default=list, nullable=False)  # [[from, to], …]
    cold_chain: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    warehouse_features: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    warehouse_area_m2: Mapped[int | None] = mapped_column(Integer)
    certifications: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    certifications_other: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    capacity_tonnes_month: Mapped[int | None] = mapped_column(Integer)
    capacity_note: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    summary: Mapped[str] = mapped_column(Text, default="", nullable=False)

    organisation = relationship("Organisation")
    fleet = relationship("FleetEntry", back_populates="profile", cascade="all, delete-orphan",
                         order_by="FleetEntry.id")


class FleetEntry(db.Model):
    """A vehicle/vessel class the provider operates, with fleet size and its own intensity.

    A declared intensity replaces the default factor only once a verifier confirmed it
    (verified_at set); changing the value clears the verification."""

    __tablename__ = "logistics_fleet"
    __table_args__ = (UniqueConstraint("profile_id", "vehicle_class", name="uq_logistics_fleet_class"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("logistics_profiles.id", ondelete="CASCADE"), index=True,
                                            nullable=False)
    vehicle_class: Mapped[str] = mapped_column(String(40), nullable=False)
    count: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    emission_standard: Mapped[str] = mapped_column(String(20), default="", nullable=False)  # euro4, euro5…
    declared_intensity: Mapped[float | None] = mapped_column(Float)  # g CO2e / tonne-km, well-to-wheel
    intensity_basis: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verification_note: Mapped[str] = mapped_column(String(500), default="", nullable=False)

    profile = relationship("LogisticsProfile", back_populates="fleet")

    @property
    def verified_intensity(self) -> float | None:
        return self.declared_intensity if self.verified_at is not None and self.declared_intensity is not None else None


class QuoteStatus(str, enum.Enum):
    requested = "requested"  # the shipper asked; the provider has not answered
    quoted = "quoted"  # the provider answered with price, transit time and committed CO2e
    declined = "declined"  # the provider declined
    accepted = "accepted"  # the shipper accepted: the route's transport
    closed = "closed"  # another quote was accepted


class TransportRoute(db.Model):
    """A shipment to be moved, owned by the requesting organisation. `deal_id` links the transport of a
    sourcing deal (arranged by one of the deal's parties; FK since migration 0010_deal_transport)."""

    __tablename__ = "logistics_routes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True,
                                                 nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    origin: Mapped[str] = mapped_column(ProvinceCode, nullable=False)
    destination: Mapped[str] = mapped_column(ProvinceCode, nullable=False)
    weight_kg: Mapped[float] = mapped_column(Float, nullable=False)
    volume_m3: Mapped[float | None] = mapped_column(Float)
    cold_chain: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    reference: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    # One route per deal (the deal is locked while a route is linked to it; the unique index is the last line).
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id", ondelete="SET NULL"), index=True, unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    organisation = relationship("Organisation")
    quotes = relationship("TransportQuote", back_populates="route", cascade="all, delete-orphan",
                          order_by="TransportQuote.id")

    @property
    def accepted_quote(self):
        return next((q for q in self.quotes if q.status == QuoteStatus.accepted), None)


class TransportQuote(db.Model):
    __tablename__ = "logistics_quotes"
    __table_args__ = (UniqueConstraint("route_id", "provider_id", name="uq_logistics_quotes_route_provider"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("logistics_routes.id", ondelete="CASCADE"), index=True,
                                          nullable=False)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True,
                                             nullable=False)
    status: Mapped[QuoteStatus] = mapped_column(_enum(QuoteStatus), default=QuoteStatus.requested, nullable=False,
                                                index=True)
    message: Mapped[str] = mapped_column(String(1000), default="", nullable=False)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    # the provider's answer
    vehicle_class: Mapped[str | None] = mapped_column(String(40))
    price_vnd: Mapped[int | None] = mapped_column(BigInteger)
    transit_days: Mapped[float | None] = mapped_column(Float)
    committed_co2e_kg: Mapped[float | None] = mapped_column(Float)
    estimated_co2e_kg: Mapped[float | None] = mapped_column(Float)  # the platform's estimate for that class
    provider_note: Mapped[str] = mapped_column(String(1000), default="", nullable=False)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    route = relationship("TransportRoute", back_populates="quotes")
    provider = relationship("Organisation")
