"""What one person has to do in a review cycle: their own review (self input), the reviews of
the people they manage (goals and manager input; hr a chosen manager's team or everyone
reviewed), and their teammates' reviews they may rate as a peer.

Visibility follows services._cultivation_reviews: a peer sees a teammate's goal titles and
their own ratings only, never the other ratings or the score. Reads are audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import NotFoundError
from talentgraph.services._audit import record_event
from talentgraph.services._cultivation_reviews import ReviewView, get_review
from talentgraph.services._people import manages, team_member_ids, visible_employee
from talentgraph.store import Employee, Review, ReviewCycle

__all__ = ["PeerReview", "ReviewWorklist", "TeamReview", "review_worklist"]


@dataclass(frozen=True, slots=True)
class TeamReview:
    """A person whose review the actor oversees: their review (None before goals are set)
    and whether the actor manages them (manager input)."""

    employee: Employee
    view: ReviewView | None
    is_managed: bool


@dataclass(frozen=True, slots=True)
class PeerReview:
    """A teammate's review the actor may rate as a peer: the goals (title, kind) and the
    ratings the actor gave already (title -> rating)."""

    employee_id: int
    ref: str
    name: str
    goals: tuple[tuple[str, str], ...]
    mine: dict[str, float]


@dataclass(frozen=True, slots=True)
class ReviewWorklist:
    """The actor's part in a cycle: own review, the team's reviews, peers' reviews."""

    cycle: ReviewCycle
    own: ReviewView | None
    team: tuple[TeamReview, ...]
    peers: tuple[PeerReview, ...]


def _cycle(session: Session, slug: str) -> ReviewCycle:
    cycle = session.scalar(select(ReviewCycle).where(ReviewCycle.slug == slug))
    if cycle is None:
        raise NotFoundError(f"No review cycle {slug!r}.")
    return cycle


def _reviewed_ids(session: Session, cycle: str, ids: list[int] | None) -> set[int]:
    query = select(Review.employee_id).where(Review.cycle == cycle)
    if ids is not None:
        query = query.where(Review.employee_id.in_(ids))
    return set(session.scalars(query))


def _team(session: Session, *, cycle: str, actor: Actor, manager_id: int | None,
          limit: int) -> list[TeamReview]:
    if manager_id is not None:
        visible_employee(session, employee_id=manager_id, actor=actor, include_team=True)
        ids: list[int] | None = sorted(team_member_ids(session, manager_id=manager_id))
    elif actor.is_hr:
        ids = None  # everyone reviewed in the cycle
    elif actor.employee_id is not None:
        ids = sorted(team_member_ids(session, manager_id=actor.employee_id))
    else:
        return []
    query = select(Employee).where(Employee.left_on.is_(None)).order_by(Employee.ref)
    if ids is None:
        query = query.where(Employee.id.in_(select(Review.employee_id).where(
            Review.cycle == cycle)))
    else:
        query = query.where(Employee.id.in_(ids))
    people = list(session.scalars(query.limit(limit)))
    reviewed = _reviewed_ids(session, cycle, [p.id for p in people])
    return [TeamReview(employee=person,
                       view=(get_review(session, cycle=cycle, employee_id=person.id, actor=actor)
                             if person.id in reviewed else None),
                       is_managed=manages(session, manager_id=actor.employee_id,
                                          employee_id=person.id))
            for person in people]


def _peers(session: Session, *, cycle: str, actor: Actor) -> list[PeerReview]:
    me = session.get(Employee, actor.employee_id) if actor.employee_id else None
    if me is None or me.manager_id is None:
        return []
    rows = session.execute(select(Review, Employee).join(Employee, Employee.id == Review.employee_id)
                           .where(Review.cycle == cycle, Employee.manager_id == me.manager_id,
                                  Employee.id != me.id, Employee.left_on.is_(None))
                           .order_by(Employee.ref))
    peers = []
    for review, employee in rows:
        goals = [g for g in review.goals or () if isinstance(g, Mapping) and g.get("title")]
        if not goals:
            continue
        mine = {str(g["title"]): float(p["rating"]) for g in goals for p in g.get("peers") or ()
                if isinstance(p, Mapping) and p.get("by") == actor.user_id
                and isinstance(p.get("rating"), int | float)}
        peers.append(PeerReview(employee_id=employee.id, ref=employee.ref, name=employee.name,
                                goals=tuple((str(g["title"]), str(g.get("kind") or "goal"))
                                            for g in goals), mine=mine))
    if peers:
        record_event(session, actor=actor, action="read", resource="review",
                     detail={"cycle": cycle, "peer": True,
                             "ids": [p.employee_id for p in peers],
                             "fields": ["ref", "name", "goals.title"]})
    return peers


def review_worklist(session: Session, *, cycle: str, actor: Actor, manager_id: int | None = None,
                    limit: int = 100) -> ReviewWorklist:
    """The actor's part in ``cycle``: their own review, the reviews of the people they manage
    (hr: of ``manager_id``'s team, else everyone reviewed in the cycle; at most ``limit``), and
    their teammates' reviews they may rate as a peer. Every review read is audited."""
    row = _cycle(session, cycle)
    own = None
    if actor.employee_id is not None and actor.employee_id in _reviewed_ids(
            session, cycle, [actor.employee_id]):
        own = get_review(session, cycle=cycle, employee_id=actor.employee_id, actor=actor)
    team = _team(session, cycle=cycle, actor=actor, manager_id=manager_id, limit=limit)
    return ReviewWorklist(cycle=row, own=own, team=tuple(team),
                          peers=tuple(_peers(session, cycle=cycle, actor=actor)))
