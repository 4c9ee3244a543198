"""Listing trace profiles: material composition per unit, DIN SPEC 91446 data quality level, the
mass-balance model, the default yield, and declared mass-balance periods."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...catalog.models import Listing
from ...errors import ValidationFailed
from ...extensions import db
from ...notifications.services import audit
from ...permissions import Actor
from ...validation import load
from ..models import BalanceModel, BalancePeriod, ListingTraceProfile
from ..schemas import (  # noqa: F401
    MAX_COMPONENTS,
    MAX_PERIOD_DAYS,
    TracePeriodInput,
    TraceProfileInput,
)
from ._common import writable_listing

# DIN SPEC 91446:2021-12 "Classification of recycled plastics by Data Quality Levels for use and (digital)
# trading" (taken over as EN 18065:2025): four levels by the depth of data available about a recyclate —
# the more of the specification's data is documented, the higher the level.
DQL_LABELS = {
    1: _l("DQL 1 — the basic data set: the least documented level of DIN SPEC 91446"),
    2: _l("DQL 2 — more of the DIN SPEC 91446 data is documented than at level 1"),
    3: _l("DQL 3 — a deeper documented data set than level 2"),
    4: _l("DQL 4 — the most complete data set DIN SPEC 91446 defines"),
}
DQL_NOTE = _l("DIN SPEC 91446 classifies recycled plastics by how much data about them is available and "
              "documented (Data Quality Levels 1–4, the higher the more); the level is declared by the supplier. "
              "The data each level requires is listed in DIN SPEC 91446:2021-12 and EN 18065:2025.")
MODEL_LABELS = {
    "lot": _l("Per lot (ISO 22095 controlled blending): each lot's own recycled inputs must cover its claim"),
    "period": _l("Per period (ISO 22095 mass balance, credit method): recycled inputs of a declared period "
                 "cover the lots produced in it, the rest carries over"),
}


def is_recycled_material(listing: Listing) -> bool:
    return (listing.category or "").startswith("recycled")


def profile_for(listing_id: int) -> ListingTraceProfile | None:
    return db.session.get(ListingTraceProfile, listing_id)


def components_of(listing_id: int) -> list[dict]:
    p = profile_for(listing_id)
    return list(p.components) if p else []


def save_profile(actor: Actor, listing_id, data: dict[str, Any]) -> ListingTraceProfile:
    """Create or replace the listing's trace profile (only the fields given; TraceProfileInput)."""
    values = load(TraceProfileInput, data)
    listing = writable_listing(actor, listing_id)
    fields: dict[str, Any] = {}
    if "components" in values:
        fields["components"] = values["components"] or []
    if "dql" in values:
        fields["dql"] = values["dql"]
    if values.get("balance_model"):
        fields["balance_model"] = BalanceModel(values["balance_model"])
    if values.get("default_yield_pct") is not None:
        fields["default_yield_pct"] = values["default_yield_pct"]
    profile = profile_for(listing.id)
    if profile is None:
        profile = ListingTraceProfile(listing_id=listing.id, components=[], balance_model=BalanceModel.lot,
                                      default_yield_pct=100.0, updated_at=clock.now())
        db.session.add(profile)
    changes = {}
    for k, v in fields.items():
        old = getattr(profile, k)
        if old != v:
            changes[k] = [getattr(old, "value", old), getattr(v, "value", v)]
            setattr(profile, k, v)
    profile.updated_at, profile.updated_by_id = clock.now(), actor.user_id
    audit(actor.user_id, "trace.profile_saved", "listing", listing.id, changes, listing.organisation_id)
    from .integrity import refresh_listing

    refresh_listing(listing.id)
    db.session.commit()
    return profile


def periods_of(listing_id: int) -> list[BalancePeriod]:
    return list(db.session.scalars(db.select(BalancePeriod).where(BalancePeriod.listing_id == listing_id)
                                   .order_by(BalancePeriod.start)))


def add_period(actor: Actor, listing_id, data: dict[str, Any]) -> BalancePeriod:
    """Declare a mass-balance period (TracePeriodInput: inclusive dates, at most 400 days), never overlapping
    another."""
    values = load(TracePeriodInput, data)
    listing = writable_listing(actor, listing_id)
    start, end = values["start"], values["end"]
    if any(p.start <= end and start <= p.end for p in periods_of(listing.id)):
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"start": [_("This period overlaps a period already declared.")]})
    period = BalancePeriod(listing_id=listing.id, start=start, end=end, created_at=clock.now(),
                           created_by_id=actor.user_id)
    db.session.add(period)
    db.session.flush()
    audit(actor.user_id, "trace.period_added", "listing", listing.id,
          {"start": start.isoformat(), "end": end.isoformat()}, listing.organisation_id)
    from .integrity import refresh_listing

    refresh_listing(listing.id)
    db.session.commit()
    return period


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The current calendar month (what the period form proposes)."""
    today = today or clock.today()
    start = today.replace(day=1)
    nxt = (start + dt.timedelta(days=32)).replace(day=1)
    return start, nxt - dt.timedelta(days=1)
