"""What a cultivation view measures a person against: a role family (shipped or the
organisation's own) at a ladder level, by default their own role one level up.

Shared by the gap, plan, readiness and onboarding services so that they all read "the next
level" the same way: the level above the employee's (L1 when they have none), or L5 when
they are at L5 already.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from talentgraph.domain import Role
from talentgraph.errors import NotFoundError, ParameterError
from talentgraph.services._framework import get_role
from talentgraph.services._people import LEVELS, check_level
from talentgraph.store import Employee

__all__ = ["Target", "find_role", "next_level", "resolve_target"]


@dataclass(frozen=True, slots=True)
class Target:
    """A role family at a level, and the employee's own role family (None when they have none
    or it is no longer in the framework)."""

    role: Role
    level: str
    current_role: Role | None

    @property
    def is_move(self) -> bool:
        """True when the target role differs from the employee's own (an internal move)."""
        return self.current_role is not None and self.current_role.slug != self.role.slug


def next_level(level: str | None) -> str:
    """The ladder level above ``level`` (L1 for None; L5 stays L5)."""
    if level not in LEVELS:
        return LEVELS[0]
    return LEVELS[min(LEVELS.index(level) + 1, len(LEVELS) - 1)]


def find_role(session: Session, slug: str, *, field: str = "role") -> Role:
    """The role family ``slug`` (shipped or own); ParameterError naming ``field`` otherwise."""
    try:
        return get_role(session, slug=slug)
    except NotFoundError as exc:
        raise ParameterError(
            f"The {field!r} parameter must be the slug of a role family of the skill framework. "
            f"Got {slug!r} instead.",
            details=["List role families with GET /api/v1/framework/roles."]) from exc


def resolve_target(session: Session, *, employee: Employee, role: str | None = None,
                   level: str | None = None) -> Target:
    """The role family and level to measure ``employee`` against: ``role`` (default: their
    role family) at ``level`` (default: :func:`next_level` of their level)."""
    slug = role or employee.role_family
    if not slug:
        raise ParameterError(
            f"The 'role' parameter is required: employee {employee.id} has no role family.",
            details=["Pass ?role=SLUG, or set the employee's role_family."])
    target = find_role(session, slug)
    chosen = level if level is not None else next_level(employee.level)
    check_level(chosen)
    current = None
    if employee.role_family:
        try:
            current = get_role(session, slug=employee.role_family)
        except NotFoundError:
            current = None
    return Target(role=target, level=chosen, current_role=current)
