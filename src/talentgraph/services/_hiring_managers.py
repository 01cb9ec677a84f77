"""Who may manage an opening: the active users with the hiring_manager role, for the pickers
of the opening forms (user names only, no personal data)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.services._recruiting_scope import RECRUITER_ROLES, require_role
from talentgraph.store import User

__all__ = ["HiringManager", "list_hiring_managers"]


@dataclass(frozen=True, slots=True)
class HiringManager:
    """A user who can be an opening's hiring manager."""

    id: int
    username: str


def list_hiring_managers(session: Session, *, actor: Actor) -> list[HiringManager]:
    """The active hiring managers by user name (recruiters, hr and admin only)."""
    require_role(actor, RECRUITER_ROLES, "list hiring managers")
    rows = session.execute(select(User.id, User.username).where(
        User.role == "hiring_manager", User.is_active.is_(True)).order_by(User.username))
    return [HiringManager(id=row[0], username=row[1]) for row in rows]
