"""Gaps and promotion readiness of the people of a workspace.

A person's levels are derived from their evidence today (services._profiles.derived_levels);
the target is a role family at a level, by default their own one level up
(services._cultivation_targets). Reads follow the team rule (own, team, hr all) and are
audited (ids, the role and the level; never the levels themselves).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.plan import (
    GapReport,
    Readiness,
    analyse_gap,
    analyse_move,
    promotion_readiness,
    rank_ready,
)
from talentgraph.services._audit import record_event
from talentgraph.services._cultivation_reviews import review_scores
from talentgraph.services._cultivation_targets import Target, find_role, resolve_target
from talentgraph.services._people import (
    LEVELS,
    check_level,
    visible_employee,
    visible_employee_ids,
)
from talentgraph.services._profiles import derived_levels, skill_names
from talentgraph.store import Employee

__all__ = [
    "GapView",
    "RankedPerson",
    "ReadinessView",
    "employee_gap",
    "employee_readiness",
    "gap_report",
    "rank_readiness",
]


@dataclass(frozen=True, slots=True)
class GapView:
    """A person's gap to a role level, with the names (en, zh) of every skill it lists."""

    employee_id: int
    target: Target
    report: GapReport
    names: dict[str, tuple[str, str | None]]


def gap_report(profile: dict[str, int], target: Target) -> GapReport:
    """``plan.analyse_gap`` of the profile against the target, or ``plan.analyse_move`` when
    the target role differs from the person's own."""
    if target.is_move and target.current_role is not None:
        return analyse_move(profile, from_role=target.current_role, to_role=target.role,
                            level=target.level)
    return analyse_gap(profile, role=target.role, level=target.level)


def employee_gap(session: Session, *, employee_id: int, actor: Actor, role: str | None = None,
                 level: str | None = None, today: date | None = None) -> GapView:
    """The employee's missing and under-level skills for ``role`` at ``level`` (defaults:
    their role family, the next level), weighted by the role; audited."""
    employee = visible_employee(session, employee_id=employee_id, actor=actor,
                                include_team=True)
    target = resolve_target(session, employee=employee, role=role, level=level)
    levels = derived_levels(session, employee_ids=[employee.id], today=today)[employee.id]
    report = gap_report({slug: s.level for slug, s in levels.items()}, target)
    record_event(session, actor=actor, action="read", resource="skill_gap",
                 resource_id=employee.id,
                 detail={"role": target.role.slug, "level": target.level})
    return GapView(employee_id=employee.id, target=target, report=report,
                   names=skill_names(session, [g.slug for g in (*report.gaps, *report.met)]))


@dataclass(frozen=True, slots=True)
class ReadinessView:
    """How ready one person is for a role level (``plan.Readiness``), with skill names."""

    employee_id: int
    readiness: Readiness
    names: dict[str, tuple[str, str | None]]


def employee_readiness(session: Session, *, employee_id: int, actor: Actor,
                       level: str | None = None, role: str | None = None,
                       today: date | None = None) -> ReadinessView:
    """``plan.promotion_readiness`` of the employee for ``level`` of ``role`` (defaults: the
    next level of their role family) from their derived skill levels and their last reviews'
    final scores (on 1-5); audited."""
    employee = visible_employee(session, employee_id=employee_id, actor=actor,
                                include_team=True)
    target = resolve_target(session, employee=employee, role=role, level=level)
    profile = derived_levels(session, employee_ids=[employee.id], today=today)[employee.id]
    scores = review_scores(session, employee_ids=[employee.id])[employee.id]
    readiness = promotion_readiness(profile=profile, role=target.role,
                                    target_level=target.level, review_scores=scores)
    record_event(session, actor=actor, action="read", resource="readiness",
                 resource_id=employee.id,
                 detail={"role": target.role.slug, "level": target.level})
    return ReadinessView(employee_id=employee.id, readiness=readiness,
                         names=skill_names(session, [m.skill for m in readiness.missing]))


@dataclass(frozen=True, slots=True)
class RankedPerson:
    """One person of a readiness list: who (id, ref, name, level) and how ready."""

    employee_id: int
    ref: str
    name: str
    level: str | None
    readiness: Readiness


def rank_readiness(session: Session, *, actor: Actor, role: str, level: str,
                   limit: int = 50, today: date | None = None) -> list[RankedPerson]:
    """Who is ready for ``level`` of ``role``: the visible employees of that role family below
    the level (hr everyone; a manager their team), the ready first, then by score (at most
    ``limit``); audited."""
    target_role = find_role(session, role)
    check_level(level)
    query = select(Employee).where(Employee.role_family == target_role.slug,
                                   Employee.left_on.is_(None)).order_by(Employee.ref)
    visible = visible_employee_ids(session, actor=actor)
    if visible is not None:
        query = query.where(Employee.id.in_(sorted(visible)))
    below = LEVELS[:LEVELS.index(level)]
    people = [e for e in session.scalars(query) if e.level is None or e.level in below]
    profiles = derived_levels(session, employee_ids=[e.id for e in people], today=today)
    scores = review_scores(session, employee_ids=[e.id for e in people])
    by_ref = {e.ref: e for e in people}
    ranked = [RankedPerson(employee_id=by_ref[r.person].id, ref=r.person,
                           name=by_ref[r.person].name, level=by_ref[r.person].level,
                           readiness=r.readiness)
              for r in rank_ready({e.ref: profiles[e.id] for e in people}, role=target_role,
                                  target_level=level,
                                  reviews={e.ref: scores[e.id] for e in people})[:limit]]
    record_event(session, actor=actor, action="read", resource="readiness",
                 detail={"role": target_role.slug, "level": level,
                         "ids": [p.employee_id for p in ranked]})
    return ranked
