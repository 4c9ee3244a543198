"""Recycled-content integrity: mass balance of recycled inputs against what lots claim (pure functions).

Chain-of-custody models as ISO 22095:2020 names them (3.3.3 controlled blending, 3.3.4 mass balance):

- **per lot** (controlled blending at batch level): the recycled inputs linked to the lot must cover it:

      recycled input mass × yield  ≥  X % × output mass

  where the declared *yield* is the share of input mass that ends up in the output (process losses;
  ISO 22095-2 calls such ratios conversion factors) and the recycled input mass is Σ input mass ×
  the input's recycled share;

- **per period** (mass balance, credit method): the recycled inputs received for a listing's lots during a
  declared period form a credit account; lots produced in the period draw on it in production order
  (date, then record order), and whatever is left at the end of the period carries over to the next
  declared period. A lot is covered when the account holds enough for it when its turn comes; a lot
  that does not fit is a shortfall (it draws nothing, so later, smaller lots may still be covered).

All masses in kg. `required` is what the claim needs in recycled *input* mass (output × X % ÷ yield).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EPS = 1e-9


@dataclass(frozen=True)
class LotFacts:
    lot_id: int
    production_date: dt.date
    claimed_pct: float | None     # X (0…100); None or 0: nothing claimed
    output_kg: float | None       # None: the lot's mass is unknown
    yield_pct: float              # 0 < yield ≤ 100
    recycled_input_kg: float      # Σ mass × recycled share of the inputs linked to this lot
    order: int = 0                # tie-break within a day (record order)


@dataclass(frozen=True)
class Coverage:
    lot_id: int
    status: str                   # covered | shortfall | unknown | none (nothing claimed)
    required_kg: float            # recycled input mass the claim needs
    available_kg: float           # what was available to it (lot: its inputs; period: the account before it)
    shortfall_kg: float = 0.0
    model: str = "lot"            # lot | period
    period: tuple[dt.date, dt.date] | None = None
    carried_in_kg: float = 0.0    # period model: credit carried over from the previous period

    @property
    def covered_share(self) -> float:
        """How much of the claim is covered (0…1); 1 when nothing is claimed."""
        if self.required_kg <= EPS:
            return 1.0
        return max(0.0, min(1.0, self.available_kg / self.required_kg))


def required_kg(facts: LotFacts) -> float | None:
    if not facts.claimed_pct:
        return 0.0
    if facts.output_kg is None or facts.yield_pct <= 0:
        return None
    return facts.output_kg * facts.claimed_pct / 100.0 / (facts.yield_pct / 100.0)


def lot_coverage(facts: LotFacts) -> Coverage:
    """Per-lot check: the lot's own recycled inputs against its claim."""
    need = required_kg(facts)
    if need is None:
        return Coverage(facts.lot_id, "unknown", 0.0, facts.recycled_input_kg)
    if need <= EPS:
        return Coverage(facts.lot_id, "none", 0.0, facts.recycled_input_kg)
    gap = need - facts.recycled_input_kg
    if gap > EPS * max(1.0, need):
        return Coverage(facts.lot_id, "shortfall", need, facts.recycled_input_kg, gap)
    return Coverage(facts.lot_id, "covered", need, facts.recycled_input_kg)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class PeriodResult:
    period: Period
    carried_in_kg: float
    received_kg: float
    drawn_kg: float
    carried_out_kg: float
    lots: tuple[Coverage, ...]


def period_balance(periods: list[Period], lots: list[LotFacts]) -> tuple[list[PeriodResult], dict[int, Coverage]]:
    """Run the credit account over consecutive declared periods (sorted by start). Lots outside every
    period are not in the result (the caller checks them per lot). Carry-over: the credit left at the
    end of a period opens the next declared period."""
    results: list[PeriodResult] = []
    by_lot: dict[int, Coverage] = {}
    carried = 0.0
    for period in sorted(periods, key=lambda p: p.start):
        inside = sorted((f for f in lots if period.contains(f.production_date)),
                        key=lambda f: (f.production_date, f.order, f.lot_id))
        received = sum(f.recycled_input_kg for f in inside)
        account = carried + received
        drawn = 0.0
        covs = []
        for f in inside:
            need = required_kg(f)
            if need is None:
                cov = Coverage(f.lot_id, "unknown", 0.0, account, model="period", period=(period.start, period.end),
                               carried_in_kg=carried)
            elif need <= EPS:
                cov = Coverage(f.lot_id, "none", 0.0, account, model="period", period=(period.start, period.end),
                               carried_in_kg=carried)
            elif need - account > EPS * max(1.0, need):
                cov = Coverage(f.lot_id, "shortfall", need, account, need - account, model="period",
                               period=(period.start, period.end), carried_in_kg=carried)
            else:
                cov = Coverage(f.lot_id, "covered", need, account, model="period", period=(period.start, period.end),
                               carried_in_kg=carried)
                account -= need
                drawn += need
            covs.append(cov)
            by_lot[f.lot_id] = cov
        results.append(PeriodResult(period, carried, received, drawn, account, tuple(covs)))
        carried = account
    return results, by_lot
