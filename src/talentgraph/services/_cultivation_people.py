"""Who a cultivation page may open, and a person's skill profile as those pages show it.

The team rule of the cultivation views: an employee opens their own profile; a manager (a user
whose employee manages others) also the people they manage, directly or indirectly; hr and
admin everyone. Every read is audited (ids and field names, never values).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor, SkillLevel
from talentgraph.services._audit import record_event
from talentgraph.services._people import visible_employee, visible_employee_ids
from talentgraph.services._profiles import derived_levels, skill_names
from talentgraph.store import Employee

__all__ = ["PERSON_FIELDS", "SkillProfile", "list_managers", "list_people", "open_person",
           "skill_profile"]

#: The fields of an employee the cultivation pages show.
PERSON_FIELDS = ("ref", "name", "role_family", "level", "hired_on")


def _contains(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_people(session: Session, *, actor: Actor, ref: str = "",
                limit: int = 50) -> list[Employee]:
    """The current employees a cultivation page may open for the actor (hr and admin everyone,
    others themselves and their team), by ref, optionally those whose ref contains ``ref``
    (any case); at most ``limit``. Audited."""
    query = select(Employee).where(Employee.left_on.is_(None)).order_by(Employee.ref)
    visible = visible_employee_ids(session, actor=actor)
    if visible is not None:
        query = query.where(Employee.id.in_(sorted(visible)))
    wanted = ref.strip().lower()
    if wanted:
        query = query.where(func.lower(Employee.ref).like(_contains(wanted), escape="\\"))
    people = list(session.scalars(query.limit(limit)))
    record_event(session, actor=actor, action="read", resource="employee",
                 detail={"ids": [p.id for p in people], "fields": list(PERSON_FIELDS)})
    return people


def list_managers(session: Session, *, actor: Actor, limit: int = 200) -> list[Employee]:
    """The current employees with at least one current report whose team the actor may open:
    hr and admin every manager, others themselves and the managers of their team. Audited."""
    reports = select(Employee.manager_id).where(Employee.manager_id.is_not(None),
                                                Employee.left_on.is_(None))
    query = select(Employee).where(Employee.id.in_(reports), Employee.left_on.is_(None)) \
        .order_by(Employee.ref)
    visible = visible_employee_ids(session, actor=actor)
    if visible is not None:
        query = query.where(Employee.id.in_(sorted(visible)))
    managers = list(session.scalars(query.limit(limit)))
    record_event(session, actor=actor, action="read", resource="employee",
                 detail={"ids": [m.id for m in managers], "fields": ["ref", "name"]})
    return managers


def open_person(session: Session, *, employee_id: int, actor: Actor) -> Employee:
    """The employee a cultivation page is about, under the team rule (NotFoundError when the
    actor may not see them); the read of their name, role and hire date is audited."""
    employee = visible_employee(session, employee_id=employee_id, actor=actor,
                                include_team=True)
    record_event(session, actor=actor, action="read", resource="employee",
                 resource_id=employee.id, detail={"fields": list(PERSON_FIELDS)})
    return employee


@dataclass(frozen=True, slots=True)
class SkillProfile:
    """A person's skills as derived today (highest level first), with each skill's names."""

    employee_id: int
    skills: tuple[SkillLevel, ...]
    names: dict[str, tuple[str, str | None]]


def skill_profile(session: Session, *, employee_id: int, actor: Actor,
                  today: date | None = None) -> SkillProfile:
    """Every skill level of the employee derived from their evidence (with confidence and
    reasons), under the team rule; audited."""
    employee = visible_employee(session, employee_id=employee_id, actor=actor,
                                include_team=True)
    levels = derived_levels(session, employee_ids=[employee.id], today=today)[employee.id]
    ordered = sorted(levels.values(), key=lambda s: (-s.level, -s.confidence, s.skill))
    record_event(session, actor=actor, action="read", resource="employee_skill",
                 resource_id=employee.id, detail={"skills": len(ordered)})
    return SkillProfile(employee_id=employee.id, skills=tuple(ordered),
                        names=skill_names(session, [s.skill for s in ordered]))
