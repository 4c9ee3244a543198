"""Recycled-content integrity of lots (see `app.trace.balance` for the models) and the verifiers' queue.

After every change to a listing's lots, inputs, profile or periods, `refresh_listing` recomputes the
coverage of the listing's active lots (in the same unit of work): a shortfall opens a flag for the
verifiers (and tells the producer), a restored coverage resolves it. The recycled-content badge of a lot
is shown only when its claim is covered (`badge`).
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...errors import NotFound, ValidationFailed
from ...extensions import db
from ...notifications.services import audit, notify_org
from ...pagination import paginate
from ...permissions import Actor, require_verifier
from ...validation import load
from .. import balance
from ..models import BalanceModel, FlagStatus, IntegrityFlag, Lot, LotStatus
from ..schemas import TraceFlagReviewInput
from . import profiles

MAX_LOTS_PER_REFRESH = 5000
# A lot recorded without inputs gets a day to receive them before verifiers are flagged (the page and the
# badge follow the coverage at once); the hourly job `trace.open_overdue_flags` opens the late ones.
GRACE = dt.timedelta(hours=24)


def _facts(lot: Lot, order: int = 0) -> balance.LotFacts:
    return balance.LotFacts(lot.id, lot.production_date, lot.recycled_pct, lot.output_kg, lot.yield_pct,
                            sum(i.recycled_kg for i in lot.active_inputs), order)


def listing_coverages(listing_id: int) -> dict[int, balance.Coverage]:
    """Coverage of every active lot of a listing, by lot id."""
    lots = list(db.session.scalars(db.select(Lot).where(Lot.listing_id == listing_id, Lot.status == LotStatus.active)
                                   .order_by(Lot.production_date, Lot.id).limit(MAX_LOTS_PER_REFRESH)))
    profile = profiles.profile_for(listing_id)
    facts = [_facts(lot, i) for i, lot in enumerate(lots)]
    out: dict[int, balance.Coverage] = {}
    if profile is not None and profile.balance_model == BalanceModel.period:
        periods = [balance.Period(p.start, p.end) for p in profiles.periods_of(listing_id)]
        _results, out = balance.period_balance(periods, facts)
    for f in facts:
        if f.lot_id not in out:  # per-lot model, or a lot outside every declared period
            out[f.lot_id] = balance.lot_coverage(f)
    return out


def period_report(listing_id: int) -> list[balance.PeriodResult]:
    lots = list(db.session.scalars(db.select(Lot).where(Lot.listing_id == listing_id, Lot.status == LotStatus.active)
                                   .order_by(Lot.production_date, Lot.id).limit(MAX_LOTS_PER_REFRESH)))
    periods = [balance.Period(p.start, p.end) for p in profiles.periods_of(listing_id)]
    results, _by_lot = balance.period_balance(periods, [_facts(lot, i) for i, lot in enumerate(lots)])
    return results


def coverage(lot: Lot) -> balance.Coverage:
    if lot.status != LotStatus.active:
        return balance.Coverage(lot.id, "none", 0.0, 0.0)
    return listing_coverages(lot.listing_id).get(lot.id) or balance.lot_coverage(_facts(lot))


def badge(lot: Lot, cov: balance.Coverage | None = None) -> bool:
    """The recycled-content badge: a claim above 0 % that the recycled inputs cover."""
    cov = cov or coverage(lot)
    return bool(lot.recycled_pct) and lot.status == LotStatus.active and cov.status == "covered"


def refresh_listing(listing_id: int) -> None:
    """Open, update or resolve the shortfall flags of a listing's lots (inside the caller's unit of work)."""
    db.session.flush()
    covs = listing_coverages(listing_id)
    lot_ids = set(covs)
    open_flags = {f.lot_id: f for f in db.session.scalars(
        db.select(IntegrityFlag).join(Lot, Lot.id == IntegrityFlag.lot_id)
        .where(Lot.listing_id == listing_id, IntegrityFlag.status == FlagStatus.open))}
    now = clock.now()
    for lot_id, cov in covs.items():
        flag = open_flags.get(lot_id)
        if cov.status == "shortfall":
            lot = db.session.get(Lot, lot_id)
            if flag is None and (lot.active_inputs or lot.created_at <= now - GRACE):
                flag = IntegrityFlag(lot_id=lot_id, kind="recycled_shortfall", status=FlagStatus.open,
                                     required_kg=cov.required_kg, available_kg=cov.available_kg, opened_at=now)
                db.session.add(flag)
                notify_org(lot.organisation, "trace.shortfall",
                           _l("Lot %(lot)s claims more recycled content than its inputs cover", lot=lot.lot_number),
                           body=_l("The recycled-content badge is withheld and programme verifiers see the lot "
                                  "until recycled inputs cover the claim."),
                           url=f"/trace/lots/{lot_id}/manage")
            elif flag is not None:
                flag.required_kg, flag.available_kg = cov.required_kg, cov.available_kg
        elif flag is not None:
            flag.status, flag.resolved_at = FlagStatus.resolved, now
    for lot_id, flag in open_flags.items():
        if lot_id not in lot_ids:  # voided lot
            flag.status, flag.resolved_at = FlagStatus.resolved, now


def open_overdue_flags() -> int:
    """Job: open the flags of lots recorded more than a day ago whose claim is still not covered. Idempotent."""
    cutoff = clock.now() - GRACE
    flagged = db.select(IntegrityFlag.lot_id).where(IntegrityFlag.status == FlagStatus.open)
    listing_ids = set(db.session.scalars(db.select(Lot.listing_id).where(
        Lot.status == LotStatus.active, Lot.recycled_pct > 0, Lot.created_at <= cutoff, Lot.id.not_in(flagged))
        .distinct().limit(1000)))
    before = open_flag_count()
    for listing_id in sorted(listing_ids):
        refresh_listing(listing_id)
    db.session.commit()
    return open_flag_count() - before


def flags_queue(actor: Actor, *, status: str = "open", page: int = 1, per_page: int = 20):
    require_verifier(actor)
    if status not in FlagStatus.__members__:
        raise ValidationFailed(_("Unknown status."), {"status": [_("Unknown status.")]})
    stmt = db.select(IntegrityFlag).where(IntegrityFlag.status == FlagStatus(status))
    order = (IntegrityFlag.opened_at.asc(), IntegrityFlag.id.asc()) if status == "open" else \
        (IntegrityFlag.resolved_at.desc(), IntegrityFlag.id.desc())
    return paginate(stmt.order_by(*order), page, per_page)


def open_flag_count() -> int:
    return int(db.session.scalar(db.select(db.func.count(IntegrityFlag.id))
                                 .where(IntegrityFlag.status == FlagStatus.open)) or 0)


def review_flag(actor: Actor, flag_id, note) -> IntegrityFlag:
    """A verifier records what was checked or asked (the flag stays open until coverage is restored);
    `note`: the text, or the API body holding it (TraceFlagReviewInput)."""
    require_verifier(actor)
    note = load(TraceFlagReviewInput, note if isinstance(note, dict) else {"note": note})["note"]
    flag = db.session.get(IntegrityFlag, int(flag_id)) if str(flag_id).isdigit() else None
    if flag is None:
        raise NotFound(_("Flag not found."))
    if actor.org_id is not None and actor.org_id == flag.lot.organisation_id:
        raise ValidationFailed(_("You cannot review your own organisation's lots."), {"note": [_("Not allowed.")]})
    flag.reviewed_at, flag.reviewed_by_id, flag.review_note = clock.now(), actor.user_id, note
    audit(actor.user_id, "trace.flag_reviewed", "trace_flag", flag.id, {"note": note}, flag.lot.organisation_id)
    notify_org(flag.lot.organisation, "trace.flag_reviewed",
               _l("A verifier reviewed the recycled-content shortfall of lot %(lot)s", lot=flag.lot.lot_number),
               body=note, url=f"/trace/lots/{flag.lot_id}/manage")
    db.session.commit()
    return flag


def open_flag_for(lot: Lot) -> IntegrityFlag | None:
    return db.session.scalar(db.select(IntegrityFlag).where(IntegrityFlag.lot_id == lot.id,
                                                            IntegrityFlag.status == FlagStatus.open))
