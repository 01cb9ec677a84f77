"""The raise-budget simulation: given a budget, who gets a raise and what it buys (issue 7).

The rule (docs/retention.md), deterministic and never over budget:

1. Everyone paid below the market median (services._pay_market) is eligible. Their gap is
   ``median - pay`` and ``gap% = gap / median``.
2. Priority = ``gap% ** w_gap * (1 + w_risk * risk) * (1 + w_perf * performance)``: risk is the
   latest risk score (0 without one), performance the latest review's final score on 1-5
   normalised to 0-1 (0.5, the middle, without one).
3. In priority order (ties by ref), each person gets ``min(cap, what is left)``, rounded down
   to a whole currency unit, where the cap keeps the new pay at or below the market median, at
   or below the band maximum (when they have a band) and the raise at or below ``max_raise_pct``
   of their pay. A raise under ``min_raise`` is not given (the money goes to the next person).
4. What it buys: people brought to the market (under ``UNDER_MARKET`` of the median before,
   not after), the gap closed (sum and share of all eligible gaps), at-risk people covered, and
   an *estimate* of the leavers avoided: when the stored explanation of someone's risk has pay
   drivers raising it (contribution ``c`` in log-odds), closing a share ``s`` of their gap is
   assumed to remove ``pay_effect * s * c`` from the log-odds of leaving; the drop in risk is
   summed over people. Without a pay driver the estimate is 0 for that person.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import ParameterError
from talentgraph.services._cultivation_reviews import review_scores
from talentgraph.services._pay_market import AT_RISK_BANDS, UNDER_MARKET, compare_pay
from talentgraph.services._retention_drivers import pay_contribution

__all__ = [
    "NEUTRAL_PERFORMANCE",
    "RaiseCandidate",
    "RaiseLine",
    "RaisePlan",
    "RaiseWeights",
    "allocate_raises",
    "simulate_raises",
]

#: The performance of someone without a scored review (the middle of 0-1).
NEUTRAL_PERFORMANCE = 0.5
_OWNER = "allocate_raises"


@dataclass(frozen=True, slots=True)
class RaiseWeights:
    """How much risk, performance and the size of the gap weigh in the priority."""

    risk: float = 1.0
    performance: float = 0.5
    gap: float = 1.0


@dataclass(frozen=True, slots=True)
class RaiseCandidate:
    """One person as the simulation sees them (amounts in the budget's currency)."""

    employee_id: int
    ref: str
    pay: float
    market_median: float | None
    band_midpoint: float | None = None
    band_maximum: float | None = None
    risk: float | None = None
    risk_band: str | None = None
    performance: float | None = None
    pay_contribution: float = 0.0


@dataclass(frozen=True, slots=True)
class RaiseLine:
    """One eligible person: their gap and priority, the raise, and its effect."""

    employee_id: int
    ref: str
    pay: float
    market_median: float
    gap: float
    gap_pct: float
    priority: float
    cap: float
    limited_by: str
    raise_amount: float
    raise_pct: float
    new_pay: float
    compa_ratio: float | None
    new_compa_ratio: float | None
    is_at_risk: bool
    is_brought_to_market: bool
    leavers_avoided: float


@dataclass(frozen=True, slots=True)
class RaisePlan:
    """The raises, in priority order, and what they buy."""

    currency: str
    budget: float
    spent: float
    lines: list[RaiseLine]
    people_raised: int
    brought_to_market: int
    gap_total: float
    gap_closed: float
    gap_closed_pct: float | None
    at_risk_total: int
    at_risk_covered: int
    leavers_avoided: float
    pay_effect: float
    weights: RaiseWeights

    @property
    def remaining(self) -> float:
        """The budget left unspent."""
        return self.budget - self.spent


def _finite(value: object, name: str, expected: str, *, low: float = 0.0,
            high: float | None = None, low_open: bool = False) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        number = float(value)  # type: ignore[arg-type]
        ok = (number > low if low_open else number >= low) and (high is None or number <= high)
    if not ok:
        raise ParameterError.invalid(name, _OWNER, expected, value)
    return float(value)  # type: ignore[arg-type]


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _cap(person: RaiseCandidate, median: float, max_raise_pct: float) -> tuple[float, str]:
    limits = [(median - person.pay, "market"), (person.pay * max_raise_pct / 100, "max_raise")]
    if person.band_maximum is not None:
        limits.append((person.band_maximum - person.pay, "band"))
    amount, reason = min(limits, key=lambda item: item[0])
    return max(0.0, float(math.floor(amount))), reason


def _avoided(person: RaiseCandidate, *, amount: float, gap: float, pay_effect: float) -> float:
    if person.risk is None or person.pay_contribution <= 0 or amount <= 0 or gap <= 0:
        return 0.0
    shift = pay_effect * min(1.0, amount / gap) * person.pay_contribution
    if shift <= 0:
        return 0.0
    return max(0.0, person.risk - _sigmoid(_logit(person.risk) - shift))


def allocate_raises(candidates: Sequence[RaiseCandidate], *, budget: float,
                    weights: RaiseWeights = RaiseWeights(), max_raise_pct: float = 20.0,
                    min_raise: float = 0.0, pay_effect: float = 1.0,
                    currency: str = "CNY") -> RaisePlan:
    """Share ``budget`` among ``candidates`` by the rule of the module doc (pure, deterministic)."""
    budget = _finite(budget, "budget", "a number >= 0")
    max_raise_pct = _finite(max_raise_pct, "max_raise_pct", "a percentage in (0, 100]",
                            high=100.0, low_open=True)
    min_raise = _finite(min_raise, "min_raise", "a number >= 0")
    pay_effect = _finite(pay_effect, "pay_effect", "a share in [0, 1]", high=1.0)
    for name in ("risk", "performance", "gap"):
        _finite(getattr(weights, name), f"weights.{name}", "a number in [0, 10]", high=10.0)
    eligible = [p for p in candidates
                if p.market_median and p.pay > 0 and p.pay < p.market_median]
    scored = []
    for person in eligible:
        median = float(person.market_median)  # type: ignore[arg-type]
        gap = median - person.pay
        gap_pct = gap / median
        performance = (NEUTRAL_PERFORMANCE if person.performance is None
                       else min(1.0, max(0.0, person.performance)))
        priority = (gap_pct ** weights.gap * (1 + weights.risk * (person.risk or 0.0))
                    * (1 + weights.performance * performance))
        scored.append((priority, person, median, gap, gap_pct))
    scored.sort(key=lambda item: (-item[0], item[1].ref, item[1].employee_id))
    left = budget
    lines = []
    for priority, person, median, gap, gap_pct in scored:
        cap, limited_by = _cap(person, median, max_raise_pct)
        smallest = max(min_raise, 1.0)
        amount = min(cap, float(math.floor(left)))
        if amount < smallest:  # too little left, or a cap under the smallest raise
            limited_by = "budget" if cap >= smallest else "min_raise" if cap > 0 else limited_by
            amount = 0.0
        elif amount < cap:
            limited_by = "budget"
        left -= amount
        new_pay = person.pay + amount
        mid = person.band_midpoint
        lines.append(RaiseLine(
            employee_id=person.employee_id, ref=person.ref, pay=person.pay, market_median=median,
            gap=gap, gap_pct=gap_pct, priority=priority, cap=cap, limited_by=limited_by,
            raise_amount=amount, raise_pct=amount / person.pay, new_pay=new_pay,
            compa_ratio=person.pay / mid if mid else None,
            new_compa_ratio=new_pay / mid if mid else None,
            is_at_risk=person.risk_band in AT_RISK_BANDS,
            is_brought_to_market=(person.pay < UNDER_MARKET * median <= new_pay),
            leavers_avoided=_avoided(person, amount=amount, gap=gap, pay_effect=pay_effect)))
    spent = budget - left
    gap_total = sum(line.gap for line in lines)
    return RaisePlan(
        currency=currency, budget=budget, spent=spent, lines=lines,
        people_raised=sum(1 for line in lines if line.raise_amount > 0),
        brought_to_market=sum(1 for line in lines if line.is_brought_to_market),
        gap_total=gap_total, gap_closed=spent,
        gap_closed_pct=spent / gap_total if gap_total else None,
        at_risk_total=sum(1 for line in lines if line.is_at_risk),
        at_risk_covered=sum(1 for line in lines if line.is_at_risk and line.raise_amount > 0),
        leavers_avoided=sum(line.leavers_avoided for line in lines), pay_effect=pay_effect,
        weights=weights)


def _performance(scores: Sequence[float]) -> float | None:
    """The latest final score (1-5) as 0-1."""
    return (min(5.0, max(1.0, scores[-1])) - 1.0) / 4.0 if scores else None


def simulate_raises(session: Session, *, actor: Actor, budget: float, currency: str = "CNY",
                    weights: RaiseWeights = RaiseWeights(), max_raise_pct: float = 20.0,
                    min_raise: float = 0.0, pay_effect: float = 1.0) -> RaisePlan:
    """The raise plan for the current employees (hr and admin; the pay read is audited)."""
    comparison = compare_pay(session, actor=actor, currency=currency)
    with_pay = [line for line in comparison.lines if line.annual]
    reviews = review_scores(session, employee_ids=[line.employee_id for line in with_pay])
    candidates = [RaiseCandidate(
        employee_id=line.employee_id, ref=line.ref, pay=float(line.annual or 0.0),
        market_median=line.market.median if line.market else None,
        band_midpoint=line.band_midpoint, band_maximum=line.band_maximum, risk=line.risk,
        risk_band=line.risk_band, performance=_performance(reviews[line.employee_id]),
        pay_contribution=pay_contribution(line.drivers)) for line in with_pay]
    return allocate_raises(candidates, budget=budget, weights=weights,
                           max_raise_pct=max_raise_pct, min_raise=min_raise,
                           pay_effect=pay_effect, currency=comparison.currency)
