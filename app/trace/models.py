"""Traceability: lots of listings, their inputs, dispatches of lots under deals, the append-only event
log, listing trace profiles (material composition, recyclate data quality, mass-balance model and
periods), integrity flags for verifiers and declared (ISO 14067) footprints.

Append-only: `trace_lot_events` rows are never updated or deleted (a mapper guard refuses it). Lots,
inputs and dispatches are the current state those events produced; corrections, removals and voids are
new events, and `services.lots.replay(lot)` rebuilds a lot's state from its events alone.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Date, DateTime, Enum, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


def _enum(e: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(e, native_enum=False, length=length, validate_strings=True)


class LotStatus(str, enum.Enum):
    active = "active"
    voided = "voided"


class InputKind(str, enum.Enum):
    platform = "platform"  # bought through the platform: a deal's dispatched supplier lot
    outside = "outside"    # declared by the producer, with evidence


class BalanceModel(str, enum.Enum):
    lot = "lot"            # ISO 22095 controlled blending, batch level: each lot's own inputs
    period = "period"      # ISO 22095 mass balance, credit method over declared periods with carry-over


class FlagStatus(str, enum.Enum):
    open = "open"
    resolved = "resolved"  # coverage restored (new inputs, corrected claim, voided lot)


class DeclarationStatus(str, enum.Enum):
    pending = "pending"
    confirmed = "confirmed"
    rejected = "rejected"


class ListingTraceProfile(db.Model):
    """Per listing: material composition per unit, recyclate data quality (DIN SPEC 91446) and the
    mass-balance model its lots are checked with."""

    __tablename__ = "trace_listing_profiles"

    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True)
    components: Mapped[list] = mapped_column(JSON, default=list, nullable=False)  # [{material, mass_kg, recycled_pct}]
    dql: Mapped[int | None] = mapped_column(Integer)  # DIN SPEC 91446 data quality level 1–4
    balance_model: Mapped[BalanceModel] = mapped_column(_enum(BalanceModel, 10), default=BalanceModel.lot, nullable=False)
    default_yield_pct: Mapped[float] = mapped_column(Float, default=100.0, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class BalancePeriod(db.Model):
    """A declared mass-balance period of a listing (inclusive dates; periods of a listing never overlap)."""

    __tablename__ = "trace_balance_periods"
    __table_args__ = (Index("ix_trace_balance_periods_listing_start", "listing_id", "start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), nullable=False)
    start: Mapped[dt.date] = mapped_column(Date, nullable=False)
    end: Mapped[dt.date] = mapped_column(Date, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Lot(db.Model):
    """A lot (batch) of a listing. Identity (listing, lot number, GTIN) never changes: it is printed in
    the QR code. The other columns are the state after the lot's events."""

    __tablename__ = "trace_lots"
    __table_args__ = (
        UniqueConstraint("listing_id", "lot_number", name="uq_trace_lots_listing_lot"),
        Index("ix_trace_lots_gtin_lot", "gtin", "lot_number"),
        Index("ix_trace_lots_org_production", "organisation_id", "production_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True, nullable=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    lot_number: Mapped[str] = mapped_column(String(20), nullable=False)
    gtin: Mapped[str | None] = mapped_column(String(14))  # GTIN-14 at recording time (None: internal identifier)
    production_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    quantity: Mapped[float] = mapped_column(Float, nullable=False)
    unit: Mapped[str] = mapped_column(String(10), nullable=False)
    unit_mass_kg: Mapped[float | None] = mapped_column(Float)  # mass of one unit (kg); None: unknown
    components: Mapped[list] = mapped_column(JSON, default=list, nullable=False)  # composition snapshot
    recycled_pct: Mapped[float | None] = mapped_column(Float)  # the lot's recycled-content claim (0–100)
    yield_pct: Mapped[float] = mapped_column(Float, default=100.0, nullable=False)
    dql: Mapped[int | None] = mapped_column(Integer)  # DIN SPEC 91446 level of this lot (recyclate lots)
    note: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    status: Mapped[LotStatus] = mapped_column(_enum(LotStatus, 10), default=LotStatus.active, nullable=False)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)  # events applied
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    listing = relationship("Listing")
    organisation = relationship("Organisation")
    inputs = relationship("LotInput", back_populates="lot", foreign_keys="LotInput.lot_id", order_by="LotInput.id")
    events = relationship("LotEvent", back_populates="lot", order_by="LotEvent.id", viewonly=True)

    @property
    def output_kg(self) -> float | None:
        return None if self.unit_mass_kg is None else self.quantity * self.unit_mass_kg

    @property
    def active_inputs(self) -> list["LotInput"]:
        return [i for i in self.inputs if i.removed_at is None]


class LotDispatch(db.Model):
    """A supplier ships (part of) one of its lots under a deal; the buyer receives it and may use it as an
    input of its own lots, up to the mass received."""

    __tablename__ = "trace_dispatches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("trace_lots.id", ondelete="CASCADE"), index=True, nullable=False)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True, nullable=False)
    quantity: Mapped[float] = mapped_column(Float, nullable=False)  # in the lot's unit
    mass_kg: Mapped[float] = mapped_column(Float, nullable=False)
    shipped_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    recycled_pct: Mapped[float] = mapped_column(Float, default=0, nullable=False)  # covered share when shipped
    dql: Mapped[int | None] = mapped_column(Integer)
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    lot = relationship("Lot")
    deal = relationship("Deal")


class LotInput(db.Model):
    """What went into a lot: a received dispatch (platform) or an outside input with evidence."""

    __tablename__ = "trace_lot_inputs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("trace_lots.id", ondelete="CASCADE"), index=True, nullable=False)
    kind: Mapped[InputKind] = mapped_column(_enum(InputKind, 10), nullable=False)
    dispatch_id: Mapped[int | None] = mapped_column(ForeignKey("trace_dispatches.id", ondelete="SET NULL"), index=True)
    source_lot_id: Mapped[int | None] = mapped_column(ForeignKey("trace_lots.id", ondelete="SET NULL"), index=True)
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id", ondelete="SET NULL"))
    supplier_name: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    description: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    material: Mapped[str] = mapped_column(String(30), default="", nullable=False)
    mass_kg: Mapped[float] = mapped_column(Float, nullable=False)
    recycled_pct: Mapped[float] = mapped_column(Float, default=0, nullable=False)  # recycled share of this input
    dql: Mapped[int | None] = mapped_column(Integer)
    received_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    evidence_path: Mapped[str | None] = mapped_column(String(300))
    evidence_mime: Mapped[str | None] = mapped_column(String(60))
    evidence_name: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    evidence_size: Mapped[int | None] = mapped_column(Integer)
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    lot = relationship("Lot", back_populates="inputs", foreign_keys=[lot_id])
    source_lot = relationship("Lot", foreign_keys=[source_lot_id])
    dispatch = relationship("LotDispatch")

    @property
    def recycled_kg(self) -> float:
        return self.mass_kg * self.recycled_pct / 100.0


class LotEvent(db.Model):
    """The append-only log of a lot: recorded, corrected, input_added, input_removed, dispatched, received,
    dispatch_voided, voided. `data` holds the values the event set."""

    __tablename__ = "trace_lot_events"
    __table_args__ = (Index("ix_trace_lot_events_org_created", "organisation_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("trace_lots.id", ondelete="CASCADE"), index=True, nullable=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    data: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    reason: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    lot = relationship("Lot", back_populates="events")


class AppendOnlyError(RuntimeError):
    pass


def _refuse(mapper, connection, target):  # noqa: ARG001 - SQLAlchemy signature
    raise AppendOnlyError("trace_lot_events is append-only: record a new event instead")


def install_append_only_guard() -> None:
    """Refuse UPDATE and DELETE of lot events through the ORM (called from `trace.init_app`)."""
    for name in ("before_update", "before_delete"):
        if not event.contains(LotEvent, name, _refuse):
            event.listen(LotEvent, name, _refuse)


class IntegrityFlag(db.Model):
    """A lot whose recycled-content claim is not covered by recycled inputs: shown to verifiers until the
    coverage is restored (then resolved automatically); verifiers note what they did."""

    __tablename__ = "trace_flags"
    __table_args__ = (Index("ix_trace_flags_status_opened", "status", "opened_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("trace_lots.id", ondelete="CASCADE"), index=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(30), default="recycled_shortfall", nullable=False)
    status: Mapped[FlagStatus] = mapped_column(_enum(FlagStatus, 10), default=FlagStatus.open, nullable=False)
    required_kg: Mapped[float] = mapped_column(Float, nullable=False)
    available_kg: Mapped[float] = mapped_column(Float, nullable=False)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_note: Mapped[str] = mapped_column(String(1000), default="", nullable=False)

    lot = relationship("Lot")


class FootprintDeclaration(db.Model):
    """A product carbon footprint from an ISO 14067 study, declared by the producer against one of its
    carbon claims; it replaces the platform's estimate once a verifier confirmed the value against the
    claim's evidence and while the claim is certified (on a lot's production date, for lots)."""

    __tablename__ = "trace_footprints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True, nullable=False)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), nullable=False)
    kg_co2e_per_unit: Mapped[float] = mapped_column(Float, nullable=False)
    boundary: Mapped[str] = mapped_column(String(30), default="cradle_to_gate", nullable=False)
    note: Mapped[str] = mapped_column(Text, default="", nullable=False)
    status: Mapped[DeclarationStatus] = mapped_column(_enum(DeclarationStatus, 10), default=DeclarationStatus.pending,
                                                      nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_note: Mapped[str] = mapped_column(String(1000), default="", nullable=False)

    claim = relationship("Claim")
