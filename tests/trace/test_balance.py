"""Mass balance of recycled inputs, hand-computed (app/trace/balance.py; ISO 22095 models)."""
from __future__ import annotations

import datetime as dt

import pytest

from app.trace.balance import LotFacts, Period, lot_coverage, period_balance, required_kg

D = dt.date


def facts(lot_id, day, claimed, output, yield_pct, recycled_in, order=0):
    return LotFacts(lot_id, day, claimed, output, yield_pct, recycled_in, order)


def test_yield_raises_what_the_claim_needs():
    # 10,000 bottles × 0.027 kg = 270 kg; 50 % claimed → 135 kg recycled in the output;
    # 90 % yield → 135 / 0.9 = 150 kg of recycled input needed.
    f = facts(1, D(2026, 3, 1), 50, 270.0, 90, 150.0)
    assert required_kg(f) == pytest.approx(150.0)
    assert lot_coverage(f).status == "covered"
    short = lot_coverage(facts(1, D(2026, 3, 1), 50, 270.0, 90, 149.0))
    assert (short.status, short.required_kg, short.shortfall_kg) == ("shortfall", pytest.approx(150.0), pytest.approx(1.0))
    assert short.covered_share == pytest.approx(149 / 150)


def test_multiple_inputs_add_their_recycled_mass():
    # inputs 100 kg at 100 % + 80 kg at 50 % = 140 kg recycled; needed 150 kg → 10 kg short
    recycled_in = 100 * 1.0 + 80 * 0.5
    cov = lot_coverage(facts(1, D(2026, 3, 1), 50, 270.0, 90, recycled_in))
    assert cov.status == "shortfall" and cov.shortfall_kg == pytest.approx(10.0)
    # one more 20 kg input at 50 % recycled covers it exactly
    assert lot_coverage(facts(1, D(2026, 3, 1), 50, 270.0, 90, recycled_in + 10)).status == "covered"


def test_nothing_claimed_and_unknown_mass():
    assert lot_coverage(facts(1, D(2026, 3, 1), None, 270.0, 90, 0)).status == "none"
    assert lot_coverage(facts(1, D(2026, 3, 1), 0, 270.0, 90, 0)).status == "none"
    assert lot_coverage(facts(1, D(2026, 3, 1), 30, None, 90, 500)).status == "unknown"


def test_period_credit_carries_over_to_the_next_period():
    jan, feb = Period(D(2026, 1, 1), D(2026, 1, 31)), Period(D(2026, 2, 1), D(2026, 2, 28))
    lots = [
        # January: 200 kg recycled received; L1 needs 100 (200 kg × 50 % / 100 % yield), L2 needs 50
        facts(1, D(2026, 1, 5), 50, 200.0, 100, 150.0),
        facts(2, D(2026, 1, 20), 25, 200.0, 100, 50.0),
        # February: 80 kg received; L3 needs 120 → 50 carried in + 80 = 130 ≥ 120 → covered, 10 left
        facts(3, D(2026, 2, 3), 60, 200.0, 100, 80.0),
        # L4 needs 20 > 10 left → shortfall of 10, draws nothing
        facts(4, D(2026, 2, 10), 10, 200.0, 100, 0.0),
        # L5 needs 5 ≤ 10 → covered (L4 did not draw), 5 carried out of February
        facts(5, D(2026, 2, 20), 2.5, 200.0, 100, 0.0),
    ]
    results, by_lot = period_balance([feb, jan], lots)  # periods in any order
    assert [(r.carried_in_kg, r.received_kg, r.drawn_kg, r.carried_out_kg) for r in results] == [
        (0.0, 200.0, 150.0, 50.0), (50.0, 80.0, 125.0, 5.0)]
    assert {k: v.status for k, v in by_lot.items()} == {1: "covered", 2: "covered", 3: "covered", 4: "shortfall",
                                                        5: "covered"}
    assert by_lot[4].shortfall_kg == pytest.approx(10.0) and by_lot[3].carried_in_kg == 50.0


def test_without_carry_over_february_would_fall_short():
    feb = Period(D(2026, 2, 1), D(2026, 2, 28))
    _results, by_lot = period_balance([feb], [facts(3, D(2026, 2, 3), 60, 200.0, 100, 80.0)])
    assert by_lot[3].status == "shortfall" and by_lot[3].shortfall_kg == pytest.approx(40.0)


def test_period_with_yield_and_same_day_order():
    p = Period(D(2026, 5, 1), D(2026, 5, 31))
    # two lots the same day, record order decides: each needs 100 × 50 % / 80 % = 62.5 kg; 100 kg received
    a = facts(10, D(2026, 5, 2), 50, 100.0, 80, 100.0, order=0)
    b = facts(11, D(2026, 5, 2), 50, 100.0, 80, 0.0, order=1)
    _r, by_lot = period_balance([p], [b, a])
    assert by_lot[10].status == "covered" and by_lot[11].status == "shortfall"
    assert by_lot[11].available_kg == pytest.approx(37.5)
