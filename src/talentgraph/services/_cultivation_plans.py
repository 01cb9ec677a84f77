"""Learning plans built from a gap: ``plan.build_learning_path`` over the shipped catalogue
plus the workspace's own learning resources, stored as a LearningPlan; and completing a
plan's steps, which is how a plan moves a person's skill levels.

A step completes in one of two ways. A step proved by a skill check: the person answers a check
issued for it (``POST /checks`` with the plan and step, then the answers here or at
``/checks/{id}/answers``); a pass adds ``check`` evidence. Any step: a manager of the person (or
hr, admin) marks it complete with the level they observed, which adds ``manager`` evidence.
Either way the level is re-derived, so the gap and the readiness move with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import ConflictError, ParameterError, PermissionDeniedError
from talentgraph.plan import (
    MANAGER_ASSESSMENT,
    Catalogue,
    CheckResult,
    LearningPath,
    build_learning_path,
    load_catalogue,
)
from talentgraph.services._audit import record_event
from talentgraph.services._cultivation_checks import submit_check
from talentgraph.services._cultivation_gaps import gap_report
from talentgraph.services._cultivation_steps import (
    mark_step_done,
    plan_step,
    record_evidence,
    visible_plan,
)
from talentgraph.services._cultivation_targets import resolve_target
from talentgraph.services._people import manages, visible_employee
from talentgraph.services._profiles import derived_levels
from talentgraph.store import EmployeeSkill, LearningPlan, LearningResource, SkillCheckAttempt
from talentgraph.taxonomy import load_taxonomy

__all__ = [
    "PlanView",
    "StepOutcome",
    "build_plan",
    "complete_step",
    "current_plan",
    "get_plan",
    "workspace_catalogue",
]


def workspace_catalogue(session: Session) -> Catalogue:
    """The shipped catalogue plus the workspace's learning resources (those with skills and a
    ref the shipped catalogue does not use; level 0 counts as 1)."""
    shipped = {r.ref for r in load_catalogue()}
    extra = [{"ref": r.ref, "title": r.title, "kind": r.kind, "language": r.language,
              "url": r.url, "skills": list(r.skills), "level": max(1, min(4, r.level)),
              "hours": r.hours, "is_internal": r.is_internal}
             for r in session.scalars(select(LearningResource).order_by(LearningResource.id))
             if r.skills and r.ref not in shipped]
    return load_catalogue(extra)


@dataclass(frozen=True, slots=True)
class PlanView:
    """A stored plan with its progress: hours in all and done, steps done, skills no resource
    covers; when just built, also the weeks it takes at ``hours_per_week``."""

    plan: LearningPlan
    total_hours: float
    hours_done: float
    steps_done: int
    uncovered: tuple[str, ...]
    coverage: float | None = None
    weeks: int | None = None
    hours_per_week: float | None = None


def _view(plan: LearningPlan, path: LearningPath | None = None) -> PlanView:
    steps = [s for s in plan.steps or () if isinstance(s, dict)]
    hours = [float(s.get("hours") or 0) for s in steps]
    return PlanView(
        plan=plan, total_hours=round(sum(hours), 1),
        hours_done=round(sum(h for h, s in zip(hours, steps, strict=True) if s.get("done")), 1),
        steps_done=sum(1 for s in steps if s.get("done")),
        uncovered=tuple(str(s.get("slug")) for s in steps if not s.get("resources")),
        coverage=path.coverage if path else None, weeks=path.weeks if path else None,
        hours_per_week=path.hours_per_week if path else None)


def build_plan(session: Session, *, employee_id: int, actor: Actor, role: str | None = None,
               level: str | None = None, hours_per_week: float = 5.0,
               language: str | None = None, today: date | None = None) -> PlanView:
    """Build and store a learning path for the employee towards ``role`` at ``level``
    (defaults: their role family, the next level): the employee, their managers, hr and admin
    may. Audited."""
    employee = visible_employee(session, employee_id=employee_id, actor=actor,
                                include_team=True)
    target = resolve_target(session, employee=employee, role=role, level=level)
    levels = derived_levels(session, employee_ids=[employee.id], today=today)[employee.id]
    profile = {slug: s.level for slug, s in levels.items()}
    path = build_learning_path(gap_report(profile, target), taxonomy=load_taxonomy(),
                               catalogue=workspace_catalogue(session),
                               hours_per_week=hours_per_week, language=language,
                               profile=profile)
    plan = LearningPlan(employee_id=employee.id, target_role=target.role.slug,
                        target_level=target.level,
                        steps=[{**step.to_dict(), "done": False} for step in path.steps])
    session.add(plan)
    session.flush()
    record_event(session, actor=actor, action="create", resource="learning_plan",
                 resource_id=plan.id,
                 detail={"employee_id": employee.id, "steps": len(path.steps),
                         "role": target.role.slug, "level": target.level})
    return _view(plan, path)


def get_plan(session: Session, *, plan_id: int, actor: Actor) -> PlanView:
    """One learning plan with its progress (its employee, their managers, hr and admin);
    audited."""
    plan = visible_plan(session, plan_id=plan_id, actor=actor)
    record_event(session, actor=actor, action="read", resource="learning_plan",
                 resource_id=plan.id, detail={"employee_id": plan.employee_id})
    return _view(plan)


def current_plan(session: Session, *, employee_id: int, actor: Actor) -> PlanView | None:
    """The employee's newest active learning plan (else their newest plan) with its progress,
    or None when they have none (the employee, their managers, hr and admin); audited."""
    employee = visible_employee(session, employee_id=employee_id, actor=actor,
                                include_team=True)
    plan = session.scalars(select(LearningPlan).where(LearningPlan.employee_id == employee.id)
                           .order_by((LearningPlan.status == "active").desc(),
                                     LearningPlan.created_at.desc(), LearningPlan.id.desc())
                           .limit(1)).first()
    if plan is None:
        return None
    record_event(session, actor=actor, action="read", resource="learning_plan",
                 resource_id=plan.id, detail={"employee_id": plan.employee_id})
    return _view(plan)


@dataclass(frozen=True, slots=True)
class StepOutcome:
    """What completing (or trying to complete) a step did: the plan, the step, the check's
    grade when answers were sent, and the skill's level before and after."""

    plan: PlanView
    step: dict[str, Any]
    result: CheckResult | None
    level_before: int
    level_after: int


def _level(session: Session, employee_id: int, slug: str) -> int:
    return session.scalar(select(EmployeeSkill.level).where(
        EmployeeSkill.employee_id == employee_id, EmployeeSkill.skill_slug == slug)) or 0


def _by_check(session: Session, *, plan: LearningPlan, order: int, step: Mapping[str, Any],
              actor: Actor, check_id: str | None,
              answers: Mapping[str, str | float] | None) -> StepOutcome:
    if not check_id:
        raise ParameterError("The 'check_id' field is required with 'answers': the id of the "
                             "check issued for this step (POST /api/v1/checks).")
    attempt = session.scalar(select(SkillCheckAttempt).where(
        SkillCheckAttempt.check_id == check_id))
    if attempt is None or attempt.employee_id != plan.employee_id \
            or attempt.skill_slug != step.get("slug"):
        raise ParameterError(f"The 'check_id' field must name a check of skill "
                             f"{step.get('slug')!r} issued to this plan's employee. "
                             f"Got {check_id!r} instead.")
    if attempt.plan_id is None:
        attempt.plan_id, attempt.step = plan.id, order
    elif (attempt.plan_id, attempt.step) != (plan.id, order):
        raise ParameterError(f"Check {check_id!r} was issued for another plan step.")
    if answers is None:  # a check passed already completes the step
        if not attempt.is_passed:
            raise ConflictError(f"Check {check_id!r} has not been passed; send its answers.")
        before = after = _level(session, plan.employee_id, attempt.skill_slug)
        done = mark_step_done(session, plan=plan, order=order, actor=actor, how="check",
                              level=attempt.level, evidence_id=None, attempt_id=attempt.id)
        return StepOutcome(plan=_view(plan), step=done, result=None, level_before=before,
                           level_after=after)
    outcome = submit_check(session, attempt_id=attempt.id, actor=actor, answers=answers)
    return StepOutcome(plan=_view(plan), step=outcome.step or plan_step(plan, order),
                       result=outcome.result, level_before=outcome.level_before,
                       level_after=outcome.level_after)


def complete_step(session: Session, *, plan_id: int, order: int, actor: Actor,
                  check_id: str | None = None, answers: Mapping[str, str | float] | None = None,
                  level: int | None = None) -> StepOutcome:
    """Complete step ``order`` of a plan: with the ``answers`` to the check ``check_id`` issued
    for it (graded; done when passed), or with a ``check_id`` passed already; or, by a manager
    of the person, hr or admin, with the ``level`` they observed (manager evidence)."""
    plan = visible_plan(session, plan_id=plan_id, actor=actor)
    step = plan_step(plan, order)
    if step.get("done"):
        raise ConflictError(f"Step {order} of learning plan {plan.id} is done already.")
    slug = str(step.get("slug"))
    if check_id is not None or answers is not None:
        return _by_check(session, plan=plan, order=order, step=step, actor=actor,
                         check_id=check_id, answers=answers)
    if level is None:
        how = ("the answers to its skill check ('check_id', 'answers')"
               if step.get("check") != MANAGER_ASSESSMENT else "a manager's 'level'")
        raise ParameterError(f"Step {order} is completed with {how}; a manager or hr may also "
                             "mark any step complete with the 'level' observed (0-4).")
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4:
        raise ParameterError(f"The 'level' field must be an int in [0, 4]. Got {level!r} instead.")
    if not actor.is_hr and not manages(session, manager_id=actor.employee_id,
                                       employee_id=plan.employee_id):
        raise PermissionDeniedError("Only the person's manager, hr or admin mark a step "
                                    "complete with a level; take the step's skill check to "
                                    "complete it yourself.")
    added = record_evidence(session, employee_id=plan.employee_id, skill=slug, source="manager",
                            level=level, actor=actor,
                            detail=f"Completed step {order} of learning plan {plan.id}")
    done = mark_step_done(session, plan=plan, order=order, actor=actor, how="manager",
                          level=level, evidence_id=added.evidence.id)
    return StepOutcome(plan=_view(plan), step=done, result=None,
                       level_before=added.level_before, level_after=added.level_after)
