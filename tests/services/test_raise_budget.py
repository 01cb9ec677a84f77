"""The raise-budget simulation: never over budget, the largest weighted gap first, caps
respected, deterministic, and "what it buys" computed as documented (pure function on a
handmade team, then once through the workspace on SQLite and PostgreSQL)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from talentgraph.domain import Actor
from talentgraph.errors import ParameterError
from talentgraph.services._raise_budget import (
    RaiseCandidate,
    RaiseWeights,
    allocate_raises,
    simulate_raises,
)
from talentgraph.store import Database
from tests.services._retention_team import build_team

TEAM = (
    # gap 20% at high risk, band max close above pay
    RaiseCandidate(1, "A", pay=100_000, market_median=125_000, band_midpoint=110_000,
                   band_maximum=110_000, risk=0.9, risk_band="high", pay_contribution=0.8),
    # the largest gap, no risk score, a good review
    RaiseCandidate(2, "B", pay=60_000, market_median=100_000, band_midpoint=80_000,
                   band_maximum=120_000, performance=1.0),
    # a small gap (94% of the market: under it)
    RaiseCandidate(3, "C", pay=94_000, market_median=100_000, risk=0.2, risk_band="low"),
    # above the market: not eligible
    RaiseCandidate(4, "D", pay=130_000, market_median=100_000, risk=0.95, risk_band="high"),
    # no market figure: not eligible
    RaiseCandidate(5, "E", pay=50_000, market_median=None),
)


def _by_ref(plan: object) -> dict[str, object]:
    return {line.ref: line for line in plan.lines}  # type: ignore[attr-defined]


@pytest.mark.parametrize("budget", [0, 1, 999.99, 5_000, 12_345.6, 30_000, 1_000_000])
def test_the_budget_is_never_exceeded(budget: float) -> None:
    plan = allocate_raises(TEAM, budget=budget)
    assert plan.spent <= budget
    assert sum(line.raise_amount for line in plan.lines) == plan.spent
    assert all(line.raise_amount == math.floor(line.raise_amount) for line in plan.lines)
    assert plan.remaining == pytest.approx(budget - plan.spent)


def test_the_largest_weighted_gap_is_served_first() -> None:
    plan = allocate_raises(TEAM, budget=5_000, weights=RaiseWeights(risk=1, performance=0.5,
                                                                    gap=1))
    # A: 0.2 * 1.9 * 1.25 = 0.475; B: 0.4 * 1 * 1.5 = 0.6; C: 0.06 * 1.2 * 1.25 = 0.09
    assert [line.ref for line in plan.lines] == ["B", "A", "C"]
    assert [line.priority for line in plan.lines] == pytest.approx([0.6, 0.475, 0.09])
    assert [line.raise_amount for line in plan.lines] == [5_000, 0, 0]
    assert plan.lines[0].limited_by == "budget"
    # weighting risk heavily puts the high-risk person first
    heavy = allocate_raises(TEAM, budget=5_000, weights=RaiseWeights(risk=5, performance=0))
    assert [line.ref for line in heavy.lines][0] == "A"
    assert _by_ref(heavy)["A"].raise_amount == 5_000


def test_caps_keep_pay_at_or_below_market_band_and_largest_raise() -> None:
    plan = allocate_raises(TEAM, budget=1_000_000, max_raise_pct=50)
    lines = _by_ref(plan)
    assert lines["A"].new_pay == 110_000 and lines["A"].limited_by == "band"
    assert lines["B"].new_pay == 90_000 and lines["B"].limited_by == "max_raise"  # 50% of 60k
    assert lines["C"].new_pay == 100_000 and lines["C"].limited_by == "market"
    for line in plan.lines:
        assert line.new_pay <= line.market_median
        assert line.raise_amount <= line.pay * 0.5
    assert "D" not in lines and "E" not in lines
    assert plan.spent == 10_000 + 30_000 + 6_000
    assert plan.gap_total == 25_000 + 40_000 + 6_000
    assert plan.gap_closed_pct == pytest.approx(46_000 / 71_000)
    assert plan.brought_to_market == 1  # C reaches 100k; A stops at 110k < 95% of 125k
    assert (plan.at_risk_total, plan.at_risk_covered) == (1, 1)
    assert lines["A"].new_compa_ratio == pytest.approx(1.0)


def test_min_raise_skips_small_raises_and_gives_the_money_to_the_next() -> None:
    plan = allocate_raises(TEAM, budget=46_000, min_raise=7_000, max_raise_pct=50)
    lines = _by_ref(plan)
    assert lines["C"].raise_amount == 0 and lines["C"].limited_by == "min_raise"  # cap 6,000
    assert plan.spent == 40_000


def test_leavers_avoided_only_with_a_pay_driver_and_as_stated() -> None:
    plan = allocate_raises(TEAM, budget=1_000_000, max_raise_pct=50, pay_effect=0.5)
    lines = _by_ref(plan)
    share = 10_000 / 25_000
    logit = math.log(0.9 / 0.1) - 0.5 * share * 0.8
    assert lines["A"].leavers_avoided == pytest.approx(0.9 - 1 / (1 + math.exp(-logit)))
    assert lines["B"].leavers_avoided == 0 and lines["C"].leavers_avoided == 0
    assert plan.leavers_avoided == pytest.approx(lines["A"].leavers_avoided)
    none = allocate_raises(TEAM, budget=1_000_000, pay_effect=0.0)
    assert none.leavers_avoided == 0


def test_the_plan_is_deterministic() -> None:
    first = allocate_raises(TEAM, budget=20_000)
    assert allocate_raises(tuple(reversed(TEAM)), budget=20_000) == first


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"budget": -1}, "The 'budget' parameter of allocate_raises must be a number >= 0"),
    ({"budget": math.inf}, "'budget' parameter"),
    ({"budget": 10, "max_raise_pct": 0}, "'max_raise_pct' parameter"),
    ({"budget": 10, "pay_effect": 2}, "'pay_effect' parameter"),
    ({"budget": 10, "weights": RaiseWeights(risk=-1)}, "'weights.risk' parameter"),
])
def test_bad_parameters_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        allocate_raises(TEAM, **kwargs)  # type: ignore[arg-type]


def test_the_simulation_on_the_workspace(database: Database, tmp_path: Path) -> None:
    build_team(database, tmp_path)
    hr = Actor(user_id=None, username="hr-sim", role="hr")
    with database.session() as session:
        plan = simulate_raises(session, actor=hr, budget=100_000)
    # priorities: E1 0.2*1.8*1.25 = 0.45, E4 1/3*1.25, E3 0.1456*1.4*1.25, E2 (1/30)*1.1*1.25
    assert [line.ref for line in plan.lines] == ["E1", "E4", "E3", "E2"]
    lines = _by_ref(plan)
    assert lines["E1"].raise_amount == 96_000 and lines["E1"].limited_by == "max_raise"
    assert lines["E4"].raise_amount == 4_000 and lines["E4"].limited_by == "budget"
    assert plan.spent == 100_000 and plan.brought_to_market == 1
    assert (plan.at_risk_total, plan.at_risk_covered) == (1, 1)
    logit = math.log(0.8 / 0.2) - 0.8 * 0.9  # E1 closes 96k of a 120k gap; pay driver 0.9
    assert plan.leavers_avoided == pytest.approx(0.8 - 1 / (1 + math.exp(-logit)))
