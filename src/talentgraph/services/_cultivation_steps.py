"""The steps of a learning plan: finding one, recording the evidence that completes it, and
marking it done. Shared by the plan and the skill-check services (a passed check of a plan's
step completes the step).

A stored step is ``plan.LearningStep.to_dict()`` plus ``done`` and, once done,
``completed_on``, ``completed_by`` (a user id), ``how`` (check or manager), ``level``,
``evidence_id`` and ``check_attempt_id``. A plan whose steps are all done is ``completed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import ConflictError, NotFoundError
from talentgraph.services._audit import record_event
from talentgraph.services._people import visible_employee
from talentgraph.services._profiles import refresh_level
from talentgraph.store import EmployeeSkill, LearningPlan, SkillEvidence

__all__ = [
    "EvidenceAdded",
    "mark_step_done",
    "plan_step",
    "record_evidence",
    "visible_plan",
]


def visible_plan(session: Session, *, plan_id: int, actor: Actor) -> LearningPlan:
    """The learning plan ``plan_id`` when the actor may see it (its employee, whoever manages
    them, hr and admin); otherwise NotFoundError."""
    plan = session.get(LearningPlan, plan_id)
    missing = NotFoundError(f"No learning plan with id {plan_id}.",
                            details=["List plans with GET /api/v1/learning-plans."])
    if plan is None:
        raise missing
    try:
        visible_employee(session, employee_id=plan.employee_id, actor=actor, include_team=True)
    except NotFoundError:
        raise missing from None
    return plan


def plan_step(plan: LearningPlan, order: int) -> dict[str, Any]:
    """The step numbered ``order`` of the plan; NotFoundError when it has none."""
    for step in plan.steps or ():
        if isinstance(step, dict) and step.get("order") == order:
            return step
    orders = [s.get("order") for s in plan.steps or () if isinstance(s, dict)]
    raise NotFoundError(f"Learning plan {plan.id} has no step {order}.",
                        details=[f"Its steps are {orders}." if orders else "It has no steps."])


@dataclass(frozen=True, slots=True)
class EvidenceAdded:
    """A piece of evidence just recorded, and the skill's level before and after it."""

    evidence: SkillEvidence
    level_before: int
    level_after: int


def record_evidence(session: Session, *, employee_id: int, skill: str, source: str, level: int,
                    detail: str, actor: Actor) -> EvidenceAdded:
    """Add evidence the caller has already authorised (a passed check, a manager completing a
    step), re-derive the level and audit it."""
    before = session.scalar(select(EmployeeSkill.level).where(
        EmployeeSkill.employee_id == employee_id, EmployeeSkill.skill_slug == skill)) or 0
    piece = SkillEvidence(employee_id=employee_id, skill_slug=skill, source=source, level=level,
                          observed_on=date.today(), detail=detail, recorded_by=actor.user_id)
    session.add(piece)
    session.flush()
    after = refresh_level(session, employee_id=employee_id, skill=skill)
    record_event(session, actor=actor, action="create", resource="skill_evidence",
                 resource_id=piece.id,
                 detail={"employee_id": employee_id, "skill": skill, "source": source})
    return EvidenceAdded(evidence=piece, level_before=before, level_after=after)


def mark_step_done(session: Session, *, plan: LearningPlan, order: int, actor: Actor, how: str,
                   level: int, evidence_id: int | None,
                   attempt_id: int | None = None) -> dict[str, Any]:
    """Mark step ``order`` done (ConflictError when it is already), completing the plan when
    it was the last open step; the updated step. Audited."""
    step = plan_step(plan, order)
    if step.get("done"):
        raise ConflictError(f"Step {order} of learning plan {plan.id} is done already.")
    done = {**step, "done": True, "completed_on": date.today().isoformat(),
            "completed_by": actor.user_id, "how": how, "level": level,
            "evidence_id": evidence_id, "check_attempt_id": attempt_id}
    plan.steps = [done if s is step else s for s in plan.steps]
    if all(isinstance(s, dict) and s.get("done") for s in plan.steps):
        plan.status = "completed"
    session.flush()
    record_event(session, actor=actor, action="update", resource="learning_plan",
                 resource_id=plan.id, detail={"step": order, "done": True, "how": how})
    return done
