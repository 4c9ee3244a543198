"""Sponsored placement: a producer buys a package (N days) for one of its published listings.

- The promotion is active from the moment its payment succeeds until exactly `ends_at`
  (`starts_at <= clock.now() < ends_at`), checked at query time: no job has to switch it off.
- Search shows at most `MAX_SPONSORED` sponsored results per page, labelled "Được tài trợ / Sponsored",
  and only those that satisfy every filter and the query of the page: the page's query, with the words
  read as the page read them (its plan: strict, a typo reading or relaxed), is run again restricted to the
  sponsored listing ids — one engine call, none when the page found nothing.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock
from ..errors import Conflict, ValidationFailed
from ..extensions import db
from ..locking import commit_or_conflict, flush_or_conflict
from ..notifications.services import audit
from ..payments import services as payments
from ..permissions import Actor, require_can_publish, require_org_kind
from ..validation import load
from . import listings as listing_data
from .schemas import PromotionInput
from .models import Promotion, PromotionStatus

MAX_SPONSORED = 2
PACKAGES = {  # code → (days, price in VND)
    "7d": (7, 350_000),
    "14d": (14, 600_000),
    "30d": (30, 1_100_000),
}
PENDING = _l("A promotion of this listing is already waiting for payment.")
PACKAGE_LABELS = {"7d": _l("7 days"), "14d": _l("14 days"), "30d": _l("30 days")}


def buy(actor: Actor, data: dict) -> Promotion:
    """Buy a sponsored placement (PromotionInput: `listing_id` of one of the organisation's published
    listings, `package`); it is active once its payment succeeds."""
    require_org_kind(actor, "producer")
    require_can_publish(actor)
    values = load(PromotionInput, data)
    listing_id, package = values["listing_id"], values["package"]
    ok, _bad = listing_data.own_published_ids(actor.org_id, [listing_id])
    if not ok:
        raise ValidationFailed(_("Only your own published listings can be promoted."),
                               {"listing_id": [_("Only your own published listings can be promoted.")]})
    # One promotion waiting for payment per listing, also when "buy" is pressed twice at once: decided
    # under the listing's lock, with a partial unique index as the last line.
    listing_data.lock(listing_id)
    pending = db.session.scalar(db.select(Promotion.id).where(Promotion.listing_id == listing_id,
                                                              Promotion.status == PromotionStatus.pending_payment))
    if pending:
        raise Conflict(str(PENDING))
    days, price = PACKAGES[package]
    promo = Promotion(listing_id=listing_id, organisation_id=actor.org_id, package=package, days=days, price_vnd=price,
                      status=PromotionStatus.pending_payment)
    db.session.add(promo)
    flush_or_conflict(PENDING)
    payments.create_payment(actor, "promotion", promo.id, actor.org_id, price,
                            _("Sponsored placement, %(days)d days (listing #%(id)d)", days=days, id=listing_id))
    audit(actor.user_id, "promotion.created", "promotion", promo.id, {"listing_id": listing_id, "package": package},
          organisation_id=actor.org_id)
    commit_or_conflict(PENDING)
    return promo


def activate(promo: Promotion, at: dt.datetime | None = None) -> None:
    """Start now, or right after the listing's current promotion ends (packages add up)."""
    now = at or clock.now()
    latest_end = db.session.scalar(db.select(db.func.max(Promotion.ends_at)).where(
        Promotion.listing_id == promo.listing_id, Promotion.status == PromotionStatus.active, Promotion.id != promo.id))
    start = max(now, latest_end) if latest_end else now
    promo.status, promo.starts_at, promo.ends_at = PromotionStatus.active, start, start + dt.timedelta(days=promo.days)


def _paid(payment) -> None:
    promo = db.session.get(Promotion, payment.object_id)
    if promo is None or promo.status != PromotionStatus.pending_payment:
        return
    activate(promo)
    audit(None, "promotion.activated", "promotion", promo.id,
          {"starts_at": promo.starts_at.isoformat(), "ends_at": promo.ends_at.isoformat()},
          organisation_id=promo.organisation_id)


def _refunded(payment) -> None:
    promo = db.session.get(Promotion, payment.object_id)
    if promo is not None and promo.status != PromotionStatus.cancelled:
        promo.status = PromotionStatus.cancelled
        audit(None, "promotion.cancelled", "promotion", promo.id, {"reason": "refunded"},
              organisation_id=promo.organisation_id)


def _back(payment) -> str:
    from flask import url_for

    return url_for("fairs.promotions_page")


def active_listing_ids(now: dt.datetime | None = None) -> list[int]:
    now = now or clock.now()
    return list(db.session.scalars(db.select(Promotion.listing_id).where(
        Promotion.status == PromotionStatus.active, Promotion.starts_at <= now, Promotion.ends_at > now).distinct()))


def promotions_of(org_id: int) -> list[Promotion]:
    return list(db.session.scalars(db.select(Promotion).where(Promotion.organisation_id == org_id)
                                   .order_by(Promotion.id.desc())))


def sponsored_provider(kind: str, query, result) -> list[int]:
    """discovery sponsored-provider hook: ids of the sponsored listings that match the page's query (`result`:
    the engine's answer to it); discovery hydrates them with the page's hits and labels them."""
    if kind != "listing" or not result.total:  # nothing matches the page: no sponsored listing can
        return []
    ids = active_listing_ids()
    if not ids:
        return []
    from ..indexing import get_backend

    wanted = [str(i) for i in ids]
    existing = query.filters.get("id")
    if isinstance(existing, list):
        wanted = [i for i in wanted if i in existing]
        if not wanted:
            return []
    restricted = dataclasses.replace(query, filters={**query.filters, "id": wanted}, facets=[], page=1,
                                     per_page=MAX_SPONSORED, highlight=False)
    plan = getattr(result, "plan", None)
    try:
        backend = get_backend()
        # the words as the page read them: no second round of typo readings or relaxation on a few ids
        found = backend.search_plan(kind, restricted, plan) if plan is not None else backend.search(kind, restricted)
    except Exception:  # noqa: BLE001 - no sponsored results rather than a broken page
        return []
    return [int(i) for i in found.ids][:MAX_SPONSORED]


def payment_purpose():
    """What paying for a promotion grants (registered by `fairs.init_app`)."""
    from ..payments.registry import Purpose

    return Purpose("promotion", on_succeeded=_paid, on_refunded=_refunded, back_url=_back)
