"""Onboarding plans, career ladders, lateral paths and team views of a workspace.

Ladders and lateral paths describe role families (the framework: everyone may read them).
An onboarding plan is personal (the person, their managers, hr; audited). A team view is the
people a manager manages, directly or indirectly: a capability heat map (people x skills),
bus-factor skills (held at ``min_level`` by one person, or needed and held by none) and the
skills the team's roles need and nobody has (hr any manager's team, a manager their own or a
sub-team; audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor, Role
from talentgraph.errors import NotFoundError, ParameterError
from talentgraph.plan import (
    BusFactorSkill,
    Heatmap,
    Ladder,
    LateralPath,
    OnboardingPlan,
    TeamNeed,
    bus_factor_skills,
    capability_heatmap,
    career_ladder,
    lateral_paths,
    onboarding_plan,
    team_needs,
)
from talentgraph.services._audit import record_event
from talentgraph.services._cultivation_targets import find_role
from talentgraph.services._framework import get_role, list_roles
from talentgraph.services._people import LEVELS, check_level, team_member_ids, visible_employee
from talentgraph.services._profiles import derived_levels, skill_names
from talentgraph.store import Employee
from talentgraph.taxonomy import load_taxonomy

__all__ = [
    "TeamView",
    "employee_onboarding",
    "role_ladder",
    "role_lateral_paths",
    "team_view",
]


def employee_onboarding(session: Session, *, employee_id: int, actor: Actor,
                        today: date | None = None) -> OnboardingPlan:
    """The first-90-days plan of the employee in their role family and level (L1 when
    unset), from their hire date (today when unknown) and their skill levels; audited."""
    employee = visible_employee(session, employee_id=employee_id, actor=actor,
                                include_team=True)
    if not employee.role_family:
        raise ParameterError(f"Employee {employee.id} has no role family, so there is no "
                             "onboarding plan.", details=["Set the employee's role_family."])
    role = find_role(session, employee.role_family, field="role_family")
    day = today or date.today()
    profile = derived_levels(session, employee_ids=[employee.id], today=day)[employee.id]
    plan = onboarding_plan(role=role, level=employee.level or LEVELS[0], profile=profile,
                           start=employee.hired_on or day, taxonomy=load_taxonomy())
    record_event(session, actor=actor, action="read", resource="onboarding",
                 resource_id=employee.id, detail={"role": role.slug})
    return plan


def role_ladder(session: Session, *, slug: str) -> Ladder:
    """The career ladder of a role family: each level and what distinguishes it."""
    return career_ladder(get_role(session, slug=slug), taxonomy=load_taxonomy())


def role_lateral_paths(session: Session, *, slug: str, level: str = "L2",
                       top: int = 5) -> list[LateralPath]:
    """Other role families ranked by skill overlap with ``slug`` at ``level``."""
    role = get_role(session, slug=slug)
    check_level(level)
    return lateral_paths(from_role=role, roles=list_roles(session), level=level, top=top,
                         taxonomy=load_taxonomy())


@dataclass(frozen=True, slots=True)
class TeamView:
    """A manager's team: its members, the heat map (rows are member refs), bus-factor skills,
    the needs of its roles, and the names (en, zh) of the skills shown."""

    manager: Employee
    members: tuple[Employee, ...]
    heatmap: Heatmap
    bus_factor: tuple[BusFactorSkill, ...]
    needs: tuple[TeamNeed, ...]
    min_level: int
    names: dict[str, tuple[str, str | None]]


def _roles(session: Session, members: list[Employee]) -> dict[str, tuple[Role, str]]:
    found: dict[str, tuple[Role, str]] = {}
    cache: dict[str, Role | None] = {}
    for member in members:
        slug = member.role_family
        if not slug:
            continue
        if slug not in cache:
            try:
                cache[slug] = get_role(session, slug=slug)
            except NotFoundError:
                cache[slug] = None
        role = cache[slug]
        if role is not None:
            found[member.ref] = (role, member.level or LEVELS[0])
    return found


def team_view(session: Session, *, actor: Actor, manager_id: int | None = None,
              min_level: int = 3, today: date | None = None) -> TeamView:
    """The team of employee ``manager_id`` (default: the actor's own employee): hr and admin
    any manager's, others their own or one they manage. Members who left are left out."""
    if manager_id is None:
        if actor.employee_id is None:
            raise ParameterError("Your account is not linked to an employee, so you have no "
                                 "team; hr open a manager's team with /teams/{employee_id}.")
        manager_id = actor.employee_id
    manager = visible_employee(session, employee_id=manager_id, actor=actor, include_team=True)
    ids = team_member_ids(session, manager_id=manager.id)
    members = list(session.scalars(select(Employee).where(
        Employee.id.in_(sorted(ids)), Employee.left_on.is_(None)).order_by(Employee.ref)))
    levels = derived_levels(session, employee_ids=[m.id for m in members], today=today)
    profiles = {m.ref: {slug: s.level for slug, s in levels[m.id].items()} for m in members}
    roles = _roles(session, members)
    needed = sorted({rs.skill for role, level in roles.values() for rs in role.skills
                     if rs.levels[LEVELS.index(level)] >= min_level})
    heatmap = capability_heatmap(profiles)
    bus = tuple(bus_factor_skills(profiles, min_level=min_level, needed=needed))
    needs = tuple(team_needs(profiles, roles=roles)) if roles else ()
    record_event(session, actor=actor, action="read", resource="team", resource_id=manager.id,
                 detail={"ids": [m.id for m in members]})
    shown = [*heatmap.skills, *(b.skill for b in bus), *(n.skill for n in needs)]
    return TeamView(manager=manager, members=tuple(members), heatmap=heatmap, bus_factor=bus,
                    needs=needs, min_level=min_level, names=skill_names(session, shown))

