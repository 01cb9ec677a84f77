"""The retention dashboard and its fairness section, from the latest risk score of every
current employee (hr and admin only).

Dashboard: how many are scored, counts by band, the people at highest risk with their drivers
and their suggested or open actions, and risk by department and by role family.

Fairness: risk distributions by protected group where the workspace records it
(``Employee.protected``: gender, age in bands, marital status, then any other attribute the
organisation recorded there, such as ethnicity or disability; decrypted for hr and admin) with
impact ratios = share flagged *high* in the group / share in the most-flagged group. Groups
smaller than ``min_group`` are shown but not compared. A ratio below 0.8 (the four-fifths rule,
``talentgraph.predict.FOUR_FIFTHS``) asks for a review. The groups are never model features
(the attrition model excludes protected attributes); this only reads them to check the scores.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.services._audit import record_event
from talentgraph.services._pay_market import latest_risk_scores
from talentgraph.services._people import require_hr
from talentgraph.services._retention_actions import OPEN_STATUSES
from talentgraph.store import Employee, RetentionAction, RiskScore

__all__ = [
    "AGE_BANDS",
    "FOUR_FIFTHS",
    "MIN_GROUP",
    "PROTECTED_ATTRIBUTES",
    "FairnessGroup",
    "FairnessTable",
    "RiskDashboard",
    "RiskGroup",
    "RiskLine",
    "risk_dashboard",
    "risk_fairness",
]

BANDS = ("high", "medium", "low")
#: The protected attributes a workspace records (services._import_specs.PROTECTED).
PROTECTED_ATTRIBUTES = ("gender", "age", "marital_status")
AGE_BANDS = ((0, 30, "<30"), (30, 40, "30-39"), (40, 50, "40-49"), (50, 200, "50+"))
MIN_GROUP = 10
#: Recorded protected values that are not groups (a birth year is read as an age elsewhere).
_NOT_GROUPS = frozenset({"birth_year", "birth_date", "date_of_birth"})
FOUR_FIFTHS = 0.8


@dataclass(frozen=True, slots=True)
class RiskLine:
    """One scored employee: who, the latest risk with its band and drivers, and the actions
    still to do."""

    employee_id: int
    ref: str
    name: str
    department: str | None
    role_family: str | None
    level: str | None
    risk: float
    band: str
    drivers: list[Any]
    model_version: str
    scored_at: datetime
    actions: list[RetentionAction] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RiskGroup:
    """Risk in one department or role family: people scored, mean risk, counts by band."""

    name: str | None
    people: int
    mean_risk: float
    high: int
    medium: int
    low: int


@dataclass(frozen=True, slots=True)
class RiskDashboard:
    """The dashboard's figures (module doc)."""

    current: int
    scored: int
    bands: dict[str, int]
    top: list[RiskLine]
    by_department: list[RiskGroup]
    by_role_family: list[RiskGroup]
    model_versions: list[str]


@dataclass(frozen=True, slots=True)
class FairnessGroup:
    """One protected group's risk: size, mean and quartiles, share flagged high, impact ratio
    (None for a small group or when nobody is flagged)."""

    group: str
    n: int
    mean_risk: float
    p25: float
    median: float
    p75: float
    share_high: float
    impact_ratio: float | None
    is_small: bool

    @property
    def is_below_four_fifths(self) -> bool:
        """The impact ratio is under 0.8."""
        return self.impact_ratio is not None and self.impact_ratio < FOUR_FIFTHS


@dataclass(frozen=True, slots=True)
class FairnessTable:
    """The groups of one protected attribute, how many have it recorded, the lowest ratio."""

    attribute: str
    recorded: int
    missing: int
    groups: list[FairnessGroup]
    min_impact_ratio: float | None


def _current_scores(session: Session) -> tuple[list[Employee], dict[int, RiskScore]]:
    employees = list(session.scalars(select(Employee).where(Employee.left_on.is_(None))
                                     .order_by(Employee.ref)))
    return employees, latest_risk_scores(session, [e.id for e in employees])


def _groups(scored: Sequence[tuple[Employee, RiskScore]],
            key: Callable[[Employee], str | None]) -> list[RiskGroup]:
    by_name: dict[str | None, list[RiskScore]] = defaultdict(list)
    for employee, score in scored:
        by_name[key(employee) or None].append(score)
    groups = []
    for name, scores in by_name.items():
        bands = Counter(s.band for s in scores)
        groups.append(RiskGroup(name=name, people=len(scores),
                                mean_risk=sum(s.risk for s in scores) / len(scores),
                                high=bands["high"], medium=bands["medium"], low=bands["low"]))
    return sorted(groups, key=lambda g: (-g.mean_risk, g.name or ""))


def risk_dashboard(session: Session, *, actor: Actor, top: int = 20) -> RiskDashboard:
    """Counts by band, the ``top`` people at highest risk with drivers and open actions, and
    risk by department and role family (current employees' latest scores); audited."""
    require_hr(actor, "see the retention dashboard")
    employees, scores = _current_scores(session)
    scored = [(e, scores[e.id]) for e in employees if e.id in scores]
    counts = Counter(score.band for _, score in scored)
    ranked = sorted(scored, key=lambda pair: (-pair[1].risk, pair[0].ref))[:max(0, top)]
    pending: dict[int, list[RetentionAction]] = defaultdict(list)
    if ranked:
        rows = session.scalars(select(RetentionAction).where(
            RetentionAction.employee_id.in_([e.id for e, _ in ranked]),
            RetentionAction.status.in_(OPEN_STATUSES)).order_by(RetentionAction.id))
        for action in rows:
            pending[action.employee_id].append(action)
    lines = [RiskLine(employee_id=e.id, ref=e.ref, name=e.name, department=e.department,
                      role_family=e.role_family, level=e.level, risk=s.risk, band=s.band,
                      drivers=list(s.drivers or []), model_version=s.model_version,
                      scored_at=s.scored_at, actions=pending[e.id]) for e, s in ranked]
    record_event(session, actor=actor, action="read", resource="risk_score",
                 detail={"ids": sorted(s.id for _, s in scored)})
    if lines:
        record_event(session, actor=actor, action="read", resource="employee",
                     detail={"ids": [line.employee_id for line in lines], "fields": ["name"]})
    return RiskDashboard(
        current=len(employees), scored=len(scored),
        bands={band: counts.get(band, 0) for band in BANDS}, top=lines,
        by_department=_groups(scored, lambda e: e.department),
        by_role_family=_groups(scored, lambda e: e.role_family),
        model_versions=sorted({s.model_version for _, s in scored}))


def _group_of(attribute: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if attribute == "age":
        try:
            age = float(value)
        except (TypeError, ValueError):
            return str(value)
        return next((name for low, high, name in AGE_BANDS if low <= age < high), str(value))
    return str(value)


def _table(attribute: str, values: Mapping[int, str | None], scores: Mapping[int, RiskScore],
           min_group: int) -> FairnessTable:
    members: dict[str, list[RiskScore]] = defaultdict(list)
    for employee_id, group in values.items():
        if group is not None:
            members[group].append(scores[employee_id])
    groups = []
    for name in sorted(members):
        risks = np.asarray([s.risk for s in members[name]], dtype=float)
        p25, median, p75 = (float(q) for q in np.quantile(risks, [0.25, 0.5, 0.75]))
        share = sum(1 for s in members[name] if s.band == "high") / len(risks)
        groups.append(FairnessGroup(group=name, n=len(risks), mean_risk=float(risks.mean()),
                                    p25=p25, median=median, p75=p75, share_high=share,
                                    impact_ratio=None, is_small=len(risks) < min_group))
    top = max((g.share_high for g in groups if not g.is_small), default=0.0)
    groups = [replace(g, impact_ratio=None if g.is_small or top == 0 else g.share_high / top)
              for g in groups]
    ratios = [g.impact_ratio for g in groups if g.impact_ratio is not None]
    recorded = sum(g.n for g in groups)
    return FairnessTable(attribute=attribute, recorded=recorded,
                         missing=len(values) - recorded, groups=groups,
                         min_impact_ratio=min(ratios) if ratios else None)


def risk_fairness(session: Session, *, actor: Actor,
                  min_group: int = MIN_GROUP) -> list[FairnessTable]:
    """One table per protected attribute recorded for any scored current employee (module
    doc); hr and admin; the read of protected attributes is audited."""
    require_hr(actor, "see risk by protected group")
    employees, scores = _current_scores(session)
    scored = [e for e in employees if e.id in scores]
    tables = []
    marked = sorted({key for e in scored for key in (e.protected or {})
                     if isinstance(key, str) and key not in PROTECTED_ATTRIBUTES
                     and key not in _NOT_GROUPS})
    for attribute in (*PROTECTED_ATTRIBUTES, *marked):
        values = {e.id: _group_of(attribute, (e.protected or {}).get(attribute)) for e in scored}
        if any(v is not None for v in values.values()):
            tables.append(_table(attribute, values, scores, min_group))
    record_event(session, actor=actor, action="read", resource="employee",
                 detail={"ids": [e.id for e in scored], "fields": ["protected"]})
    return tables
