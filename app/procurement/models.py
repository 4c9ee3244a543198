"""A public buyer's tender lists: products shortlisted from the procurement lists."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..models_mixins import TimestampMixin


class TenderList(TimestampMixin, db.Model):
    __tablename__ = "tender_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    product_group: Mapped[str] = mapped_column(String(60), nullable=False)  # a top-level catalog category
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    items: Mapped[list[TenderItem]] = relationship(back_populates="tender_list", cascade="all, delete-orphan",
                                                   order_by="TenderItem.id")


class TenderItem(db.Model):
    __tablename__ = "tender_items"
    __table_args__ = (UniqueConstraint("tender_list_id", "listing_id", name="uq_tender_item_listing"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tender_list_id: Mapped[int] = mapped_column(ForeignKey("tender_lists.id", ondelete="CASCADE"), index=True, nullable=False)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True, nullable=False)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, nullable=False)
    tender_list: Mapped[TenderList] = relationship(back_populates="items")
    listing = relationship("Listing")
