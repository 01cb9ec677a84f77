"""Who may see which recruiting records, and the checks every recruiting write shares.

Row-level rule: a hiring manager sees only the openings they manage
(``Opening.hiring_manager_id == actor.user_id``), the applications to those openings and the
candidates who applied to them. A record the actor may not see is reported as missing
(NotFoundError), never as forbidden, so its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import NotFoundError, ParameterError, PermissionDeniedError
from talentgraph.store import Application, Candidate, Interview, Opening, OrgSkill, User
from talentgraph.taxonomy import load_taxonomy

__all__ = [
    "RECRUITER_ROLES",
    "RECRUITING_ROLES",
    "check_hiring_manager",
    "check_skills",
    "get_application",
    "get_candidate",
    "get_interview",
    "get_opening",
    "require_role",
    "visible_applications",
    "visible_candidates",
    "visible_openings",
]

#: Roles that take part in recruiting; hiring managers only for their own openings.
RECRUITING_ROLES = frozenset({"admin", "hr", "recruiter", "hiring_manager"})
#: Roles that manage openings, candidates, applications and interview rounds.
RECRUITER_ROLES = frozenset({"admin", "hr", "recruiter"})


def require_role(actor: Actor, roles: frozenset[str], what: str) -> None:
    """Refuse (PermissionDeniedError) an actor whose role is not in ``roles``."""
    if actor.role not in roles:
        raise PermissionDeniedError(f"The {actor.role} role may not {what}.",
                                    details=[f"Allowed roles: {', '.join(sorted(roles))}."])


def _is_manager(actor: Actor) -> bool:
    return actor.role == "hiring_manager"


def _managed_opening_ids(actor: Actor) -> Select[Any]:
    return select(Opening.id).where(Opening.hiring_manager_id == actor.user_id)


def visible_openings(actor: Actor) -> Select[Any]:
    """The openings ``actor`` may see."""
    require_role(actor, RECRUITING_ROLES, "see openings")
    query = select(Opening)
    if _is_manager(actor):
        query = query.where(Opening.hiring_manager_id == actor.user_id)
    return query


def visible_candidates(actor: Actor) -> Select[Any]:
    """The candidates ``actor`` may see (a hiring manager: those who applied to their openings)."""
    require_role(actor, RECRUITING_ROLES, "see candidates")
    query = select(Candidate)
    if _is_manager(actor):
        applied = select(Application.candidate_id).where(
            Application.opening_id.in_(_managed_opening_ids(actor)))
        query = query.where(Candidate.id.in_(applied))
    return query


def visible_applications(actor: Actor) -> Select[Any]:
    """The applications ``actor`` may see (a hiring manager: those to their openings)."""
    require_role(actor, RECRUITING_ROLES, "see applications")
    query = select(Application)
    if _is_manager(actor):
        query = query.where(Application.opening_id.in_(_managed_opening_ids(actor)))
    return query


def _one(session: Session, query: Select[Any], what: str, ident: int) -> Any:
    row = session.scalar(query)
    if row is None:
        raise NotFoundError(f"No {what} with id {ident}.",
                            details=[f"No {what} with id {ident} exists that you may see."])
    return row


def get_opening(session: Session, *, opening_id: int, actor: Actor) -> Opening:
    """The opening, or NotFoundError when it is missing or not the actor's to see."""
    query = visible_openings(actor).where(Opening.id == opening_id)
    result: Opening = _one(session, query, "opening", opening_id)
    return result


def get_candidate(session: Session, *, candidate_id: int, actor: Actor) -> Candidate:
    """The candidate, or NotFoundError when missing or not the actor's to see (no audit)."""
    query = visible_candidates(actor).where(Candidate.id == candidate_id)
    result: Candidate = _one(session, query, "candidate", candidate_id)
    return result


def get_application(session: Session, *, application_id: int, actor: Actor) -> Application:
    """The application, or NotFoundError when missing or not the actor's to see."""
    query = visible_applications(actor).where(Application.id == application_id)
    result: Application = _one(session, query, "application", application_id)
    return result


def get_interview(session: Session, *, interview_id: int, actor: Actor) -> Interview:
    """The interview round, or NotFoundError when its application is not the actor's to see."""
    applications = visible_applications(actor).with_only_columns(Application.id)
    query = select(Interview).where(Interview.id == interview_id,
                                    Interview.application_id.in_(applications))
    result: Interview = _one(session, query, "interview", interview_id)
    return result


def check_skills(session: Session, slugs: Iterable[str], *, field: str) -> None:
    """Raise ParameterError naming every slug that is neither in the shipped taxonomy (with
    its overlay; loaded once and cached by load_taxonomy) nor one of the organisation's skills."""
    taxonomy = load_taxonomy()
    unknown = sorted({slug for slug in slugs if slug not in taxonomy})
    if unknown:
        own = set(session.scalars(select(OrgSkill.slug).where(OrgSkill.slug.in_(unknown))))
        unknown = [slug for slug in unknown if slug not in own]
    if not unknown:
        return
    details = []
    for slug in unknown:
        guess = taxonomy.resolve(slug)
        hint = f" Did you mean {guess!r}?" if guess else ""
        details.append(f"The {field!r} field must name skills of the framework by slug. Got "
                       f"{slug!r}, which is not a known skill.{hint}")
    raise ParameterError(details[0] if len(details) == 1 else
                         f"The {field!r} field names {len(unknown)} unknown skills: "
                         f"{', '.join(repr(s) for s in unknown)}.", details=details)


def check_hiring_manager(session: Session, user_id: int) -> None:
    """Raise ParameterError unless ``user_id`` is an active user with role hiring_manager."""
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.role != "hiring_manager":
        raise ParameterError.invalid("hiring_manager_id", "an opening",
                                     "the id of an active user with role hiring_manager", user_id)
