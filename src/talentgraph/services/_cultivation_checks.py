"""Skill checks in the workspace: issue one (``plan.generate_check`` with a random seed), show
it without its answers, grade it once (``plan.grade_check``), and turn a pass into evidence.

Who: a person issues checks to themselves; hr and admin issue them to anyone with a login
(the check is issued to that login). Only the login a check was issued to may answer it, once
(a second submission is a ConflictError). A pass adds ``check`` evidence of the check's level
(the detail names the check id), re-derives the skill's level and, when the check was issued
for a step of a learning plan, marks that step done. Issuing, grading and reading are audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import ConflictError, NotFoundError, ParameterError
from talentgraph.plan import (
    CheckResult,
    SkillCheck,
    available_checks,
    check_for_skill,
    generate_check,
    grade_check,
)
from talentgraph.services._audit import record_event
from talentgraph.services._cultivation_steps import (
    mark_step_done,
    plan_step,
    record_evidence,
    visible_plan,
)
from talentgraph.services._people import manages, require_hr, visible_employee
from talentgraph.services._profiles import resolve_skill
from talentgraph.store import EmployeeSkill, Page, SkillCheckAttempt, User, paginate
from talentgraph.store._base import utcnow

__all__ = [
    "CHECK_STATUSES",
    "CheckOutcome",
    "CheckView",
    "get_check",
    "issue_check",
    "list_checks",
    "regenerate_check",
    "submit_check",
]

#: The states of an issued check.
CHECK_STATUSES = ("open", "passed", "failed")


@dataclass(frozen=True, slots=True)
class CheckView:
    """An issued check: the stored attempt and the exercise to show (no answers)."""

    attempt: SkillCheckAttempt
    check: SkillCheck


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """A graded check: the attempt, the grade with per-question feedback, the skill's level
    before and after, the evidence added (a pass) and the plan step it completed, if any."""

    attempt: SkillCheckAttempt
    result: CheckResult
    level_before: int
    level_after: int
    evidence_id: int | None
    step: dict[str, Any] | None


def regenerate_check(check_id: str) -> SkillCheck:
    """The exercise of a stored check id (family:skill:L<level>:seed), rebuilt from its seed."""
    family, skill, level, seed = check_id.split(":")
    return generate_check(skill, seed=int(seed, 16), level=int(level[1:]), family=family)


def _check_level(level: int | None, step: Mapping[str, Any] | None) -> int | None:
    if level is None and step is not None:
        return max(2, min(3, int(step.get("to_level") or 2)))
    return level


def _issued_to(session: Session, *, actor: Actor, employee_id: int) -> int:
    if employee_id == actor.employee_id and actor.user_id is not None:
        return actor.user_id
    user_id = session.scalar(select(User.id).where(User.employee_id == employee_id,
                                                   User.is_active.is_(True))
                             .order_by(User.id).limit(1))
    if user_id is None:
        raise ParameterError(f"Employee {employee_id} has no active login to take the check.",
                             details=["An admin links a user to the employee (employee_id)."])
    return user_id


def issue_check(session: Session, *, actor: Actor, skill: str | None = None,
                level: int | None = None, employee_id: int | None = None,
                plan_id: int | None = None, step: int | None = None) -> CheckView:
    """Issue a new check of ``skill`` (a slug or name; default: the plan step's skill) at
    ``level`` (2 or 3; default: the step's target, else the family's) to the actor, or (hr and
    admin) to ``employee_id``'s login; linked to step ``step`` of plan ``plan_id`` if given."""
    if employee_id is None:
        if actor.employee_id is None:
            raise ParameterError("The 'employee_id' field is required: your account is not "
                                 "linked to an employee profile.")
        employee_id = actor.employee_id
    if employee_id != actor.employee_id:
        require_hr(actor, "issue skill checks to other people")
    visible_employee(session, employee_id=employee_id, actor=actor)
    stored_step = None
    if plan_id is not None:
        plan = visible_plan(session, plan_id=plan_id, actor=actor)
        if plan.employee_id != employee_id:
            raise ParameterError(f"Learning plan {plan_id} belongs to another employee.")
        if step is None:
            raise ParameterError("The 'step' field is required with 'plan_id'.")
        stored_step = plan_step(plan, step)
        if stored_step.get("done"):
            raise ConflictError(f"Step {step} of learning plan {plan_id} is done already.")
        skill = skill or str(stored_step.get("slug"))
    elif step is not None:
        raise ParameterError("The 'plan_id' field is required with 'step'.")
    if not skill:
        raise ParameterError("The 'skill' field is required (a skill slug or name).")
    slug = resolve_skill(session, skill)
    if stored_step is not None and slug != stored_step.get("slug"):
        raise ParameterError(f"Step {step} of learning plan {plan_id} is about "
                             f"{stored_step.get('slug')!r}, not {slug!r}.")
    if check_for_skill(slug) is None:
        raise ParameterError(
            f"The skill {slug!r} has no skill check yet; its steps are proved by a manager "
            "assessment.", details=[f"Skills with checks: {', '.join(available_checks())}."])
    issued_to = _issued_to(session, actor=actor, employee_id=employee_id)
    level = _check_level(level, stored_step)
    for _ in range(5):  # a random 32-bit seed: a repeat is rare, and retried
        check = generate_check(slug, level=level)
        if session.scalar(select(SkillCheckAttempt.id).where(
                SkillCheckAttempt.check_id == check.id)) is None:
            break
    attempt = SkillCheckAttempt(check_id=check.id, skill_slug=slug, level=check.level,
                                employee_id=employee_id, issued_to=issued_to, plan_id=plan_id,
                                step=step if plan_id is not None else None)
    session.add(attempt)
    try:
        session.flush()
    except IntegrityError as exc:  # pragma: no cover - a concurrent repeat of the same seed
        raise ConflictError("A check with the same seed was issued at the same moment; "
                            "ask again.") from exc
    record_event(session, actor=actor, action="create", resource="skill_check",
                 resource_id=attempt.id, detail={"employee_id": employee_id, "skill": slug,
                                                 "level": check.level, "plan_id": plan_id})
    return CheckView(attempt=attempt, check=check)


def _may_see(session: Session, attempt: SkillCheckAttempt, actor: Actor) -> bool:
    return (actor.is_hr or (actor.user_id is not None and attempt.issued_to == actor.user_id)
            or manages(session, manager_id=actor.employee_id, employee_id=attempt.employee_id))


def get_check(session: Session, *, attempt_id: int, actor: Actor) -> CheckView:
    """An issued check (the person it was issued to, their managers, hr and admin); audited."""
    attempt = session.get(SkillCheckAttempt, attempt_id)
    if attempt is None or not _may_see(session, attempt, actor):
        raise NotFoundError(f"No skill check with id {attempt_id}.")
    record_event(session, actor=actor, action="read", resource="skill_check",
                 resource_id=attempt.id, detail={"employee_id": attempt.employee_id})
    return CheckView(attempt=attempt, check=regenerate_check(attempt.check_id))


def list_checks(session: Session, *, actor: Actor, employee_id: int | None = None,
                status: str | None = None, limit: int = 50, offset: int = 0,
                sort: str | None = None) -> Page[SkillCheckAttempt]:
    """A page of issued checks, newest first: hr and admin everyone's (or ``employee_id``'s),
    others those issued to them; ``status`` open, passed or failed. Audited."""
    query = select(SkillCheckAttempt)
    if not actor.is_hr:
        query = query.where(SkillCheckAttempt.issued_to == actor.user_id)
    if employee_id is not None:
        query = query.where(SkillCheckAttempt.employee_id == employee_id)
    if status is not None:
        if status not in CHECK_STATUSES:
            raise ParameterError(f"The 'status' parameter must be one of "
                                 f"{', '.join(CHECK_STATUSES)}. Got {status!r} instead.")
        query = query.where(SkillCheckAttempt.submitted_at.is_(None) if status == "open" else
                            SkillCheckAttempt.is_passed.is_(status == "passed"))
    page = paginate(session, query, limit=limit, offset=offset, sort=sort, sortable={
        "issued_at": SkillCheckAttempt.issued_at, "skill": SkillCheckAttempt.skill_slug,
        "score": SkillCheckAttempt.score}, default_sort=SkillCheckAttempt.id.desc())
    record_event(session, actor=actor, action="read", resource="skill_check",
                 detail={"ids": [a.id for a in page.items]})
    return page


def submit_check(session: Session, *, attempt_id: int, actor: Actor,
                 answers: Mapping[str, str | float]) -> CheckOutcome:
    """Grade the answers to an issued check, once, by the login it was issued to. A pass adds
    ``check`` evidence, re-derives the level and completes the plan step it was issued for."""
    attempt = session.get(SkillCheckAttempt, attempt_id, with_for_update=True)
    if attempt is None or actor.user_id is None or attempt.issued_to != actor.user_id:
        raise NotFoundError(f"No skill check with id {attempt_id} was issued to you.",
                            details=["List yours with GET /api/v1/checks."])
    if attempt.submitted_at is not None:
        raise ConflictError(
            f"Skill check {attempt_id} was graded already (score {attempt.score:.2f}); "
            "a check is graded once.", details=["Ask for a new one with POST /api/v1/checks."])
    result = grade_check(attempt.check_id, answers)
    attempt.submitted_at, attempt.score, attempt.is_passed = utcnow(), result.score, result.passed
    level = _current_level(session, attempt)
    before = after = level
    evidence_id = None
    step = None
    if result.passed:
        right = sum(f.is_correct for f in result.feedback)
        added = record_evidence(
            session, employee_id=attempt.employee_id, skill=attempt.skill_slug, source="check",
            level=attempt.level, actor=actor,
            detail=f"Passed skill check {attempt.check_id} ({right}/{len(result.feedback)} right)")
        before, after, evidence_id = added.level_before, added.level_after, added.evidence.id
        if attempt.plan_id is not None and attempt.step is not None:
            plan = visible_plan(session, plan_id=attempt.plan_id, actor=actor)
            if not plan_step(plan, attempt.step).get("done"):
                step = mark_step_done(session, plan=plan, order=attempt.step, actor=actor,
                                      how="check", level=attempt.level,
                                      evidence_id=evidence_id, attempt_id=attempt.id)
    session.flush()
    record_event(session, actor=actor, action="update", resource="skill_check",
                 resource_id=attempt.id,
                 detail={"employee_id": attempt.employee_id, "score": round(result.score, 4),
                         "passed": result.passed})
    return CheckOutcome(attempt=attempt, result=result, level_before=before, level_after=after,
                        evidence_id=evidence_id, step=step)


def _current_level(session: Session, attempt: SkillCheckAttempt) -> int:
    return session.scalar(select(EmployeeSkill.level).where(
        EmployeeSkill.employee_id == attempt.employee_id,
        EmployeeSkill.skill_slug == attempt.skill_slug)) or 0
