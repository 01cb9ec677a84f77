"""Review cycles: weighted goals (KRAs) and competencies, self / manager / peer input, the
final score of the cycle's scheme, and calibration across a team.

A cycle (hr makes it) holds a ``ReviewScheme`` (talentgraph.plan): part weights, input weights,
the rating scale. A person's review of the cycle (``Review``, cycle = the cycle's slug) holds
its goals as JSON, each ``{"title", "weight", "kind", "self", "manager", "peers": [{"by",
"rating"}]}``, and a log of the inputs given (``{"source", "by", "at", "goals", "comment"}``).
Who may write: goals hr or the person's manager (direct or indirect); self input the person;
manager input their manager; peer input anyone whose manager is the person's manager (same
team), one rating per peer and goal, recorded with who gave it. Every change recomputes the
final score (``plan.score_review``) and stores it on the review. Reads follow the team rule
(own, team, hr all) and are audited; only hr and admin see who the peers were.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import (
    ConflictError,
    NotFoundError,
    ParameterError,
    PermissionDeniedError,
)
from talentgraph.plan import (
    GOAL_KINDS,
    Calibration,
    Goal,
    ReviewScheme,
    ReviewScore,
    calibrate,
    score_review,
)
from talentgraph.services._audit import record_event
from talentgraph.services._people import (
    manages,
    require_hr,
    team_member_ids,
    visible_employee,
)
from talentgraph.store import Employee, Review, ReviewCycle, User
from talentgraph.store._base import utcnow

__all__ = [
    "CYCLE_STATUSES",
    "INPUT_SOURCES",
    "CalibrationView",
    "ReviewView",
    "add_review_input",
    "create_review_cycle",
    "get_review",
    "list_review_cycles",
    "review_calibration",
    "review_scores",
    "scheme_of",
    "set_review_goals",
    "update_review_cycle",
]

CYCLE_STATUSES = ("open", "closed")
INPUT_SOURCES = ("self", "manager", "peer")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_SCHEME_FIELDS = tuple(f.name for f in dataclasses.fields(ReviewScheme))


# --- cycles -------------------------------------------------------------------------------------

def scheme_of(cycle: ReviewCycle | None) -> ReviewScheme:
    """The scheme a cycle scores with (the default scheme without a cycle)."""
    return ReviewScheme(**(cycle.scheme or {})) if cycle is not None else ReviewScheme()


def _scheme(values: Mapping[str, Any] | None) -> ReviewScheme:
    values = dict(values or {})
    unknown = sorted(set(values) - set(_SCHEME_FIELDS))
    if unknown:
        raise ParameterError(f"The 'scheme' field has an unknown key {unknown[0]!r}; the keys "
                             f"are {', '.join(_SCHEME_FIELDS)}.")
    return ReviewScheme(**values)


def create_review_cycle(session: Session, *, actor: Actor, slug: str, name: str,
                        scheme: Mapping[str, Any] | None = None, starts_on: date | None = None,
                        ends_on: date | None = None) -> ReviewCycle:
    """Open a review cycle (hr and admin) scored by ``scheme`` (ReviewScheme fields; the
    defaults for those left out: goals 0.7 / competencies 0.3, self 0.2 / manager 0.6 / peers
    0.2, a 1-5 scale)."""
    require_hr(actor, "open review cycles")
    slug, name = slug.strip(), name.strip()
    if not _SLUG.match(slug):
        raise ParameterError(f"The 'slug' field of a cycle must be 1-40 letters, digits, dots, "
                             f"hyphens or underscores (e.g. '2025H1'). Got {slug!r} instead.")
    if not name:
        raise ParameterError("The 'name' field of a cycle must not be empty.")
    if starts_on and ends_on and ends_on < starts_on:
        raise ParameterError(f"The 'ends_on' date must not be before 'starts_on' ({starts_on}). "
                             f"Got {ends_on} instead.")
    checked = _scheme(scheme)
    if session.scalar(select(ReviewCycle.id).where(ReviewCycle.slug == slug)) is not None:
        raise ConflictError(f"A review cycle {slug!r} exists already.")
    cycle = ReviewCycle(slug=slug, name=name, scheme=dataclasses.asdict(checked),
                        starts_on=starts_on, ends_on=ends_on)
    session.add(cycle)
    session.flush()
    record_event(session, actor=actor, action="create", resource="review_cycle",
                 resource_id=cycle.id, detail={"slug": slug})
    return cycle


def list_review_cycles(session: Session, *, status: str | None = None) -> list[ReviewCycle]:
    """The review cycles, newest first (open and closed, or those of ``status``)."""
    query = select(ReviewCycle).order_by(ReviewCycle.created_at.desc(), ReviewCycle.id.desc())
    if status:
        query = query.where(ReviewCycle.status == status)
    return list(session.scalars(query))


def _cycle(session: Session, slug: str) -> ReviewCycle:
    cycle = session.scalar(select(ReviewCycle).where(ReviewCycle.slug == slug))
    if cycle is None:
        raise NotFoundError(f"No review cycle {slug!r}.",
                            details=["List cycles with GET /api/v1/review-cycles."])
    return cycle


def update_review_cycle(session: Session, *, actor: Actor, slug: str,
                        status: str) -> ReviewCycle:
    """Close (or reopen) a cycle (hr and admin): a closed cycle takes no goals or input."""
    require_hr(actor, "close review cycles")
    if status not in CYCLE_STATUSES:
        raise ParameterError(f"The 'status' field must be one of {', '.join(CYCLE_STATUSES)}. "
                             f"Got {status!r} instead.")
    cycle = _cycle(session, slug)
    if cycle.status != status:
        cycle.status = status
        session.flush()
        record_event(session, actor=actor, action="update", resource="review_cycle",
                     resource_id=cycle.id, detail={"fields": ["status"], "status": status})
    return cycle


def _open_cycle(session: Session, slug: str) -> ReviewCycle:
    cycle = _cycle(session, slug)
    if cycle.status != "open":
        raise ConflictError(f"Review cycle {slug!r} is closed; it takes no more goals or input.",
                            details=["hr may reopen it with PATCH /api/v1/review-cycles/SLUG."])
    return cycle


# --- scoring ------------------------------------------------------------------------------------

def _goal(item: Mapping[str, Any]) -> Goal:
    peers = tuple(float(p["rating"]) for p in item.get("peers") or ()
                  if isinstance(p, Mapping) and isinstance(p.get("rating"), int | float))
    return Goal(title=str(item.get("title") or item.get("goal") or ""),
                weight=float(item.get("weight") or 0), self_rating=item.get("self"),
                manager_rating=item.get("manager"), peer_ratings=peers,
                kind=str(item.get("kind") or "goal"))


def _score(goals: Sequence[Mapping[str, Any]], scheme: ReviewScheme) -> ReviewScore | None:
    """The final score of the goals, or None while no goal has a weighted rating."""
    if not goals:
        return None
    try:
        return score_review(goals=[_goal(g) for g in goals], scheme=scheme)
    except ParameterError:
        return None


@dataclass(frozen=True, slots=True)
class ReviewView:
    """A person's review of a cycle: the stored review, the goals as the actor may see them
    (peers anonymous except to hr), the score with its reasons (None until rated)."""

    review: Review
    cycle: ReviewCycle | None
    goals: tuple[dict[str, Any], ...]
    inputs: tuple[dict[str, Any], ...]
    score: ReviewScore | None


def _view(review: Review, cycle: ReviewCycle | None, *, actor: Actor) -> ReviewView:
    goals = []
    for item in review.goals or ():
        goal = dict(item)
        if not actor.is_hr:
            goal["peers"] = [{"rating": p.get("rating")} for p in goal.get("peers") or ()]
        goals.append(goal)
    inputs = []
    for item in review.inputs or ():
        entry = dict(item)
        if not actor.is_hr and entry.get("source") == "peer":
            entry = {k: v for k, v in entry.items() if k in ("source", "at", "goals")}
        inputs.append(entry)
    return ReviewView(review=review, cycle=cycle, goals=tuple(goals), inputs=tuple(inputs),
                      score=_score(review.goals or [], scheme_of(cycle)))


def _review(session: Session, *, cycle: str, employee_id: int) -> Review | None:
    return session.scalar(select(Review).where(Review.employee_id == employee_id,
                                               Review.cycle == cycle))


def get_review(session: Session, *, cycle: str, employee_id: int, actor: Actor) -> ReviewView:
    """A person's review of ``cycle`` with its computed final score and why (the person, their
    managers, hr and admin); the read is audited."""
    visible_employee(session, employee_id=employee_id, actor=actor, include_team=True)
    row = _cycle(session, cycle)
    review = _review(session, cycle=cycle, employee_id=employee_id)
    if review is None:
        raise NotFoundError(f"Employee {employee_id} has no review in cycle {cycle!r} yet.",
                            details=["hr or their manager sets the goals first."])
    record_event(session, actor=actor, action="read", resource="review",
                 resource_id=review.id, detail={"employee_id": employee_id, "cycle": cycle})
    return _view(review, row, actor=actor)


def _check_goals(goals: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    clean: list[dict[str, Any]] = []
    for index, item in enumerate(goals):
        title = str(item.get("title") or "").strip()
        weight = item.get("weight")
        kind = item.get("kind") or "goal"
        if not title:
            raise ParameterError(f"Goal {index} needs a non-empty 'title'.")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
            raise ParameterError(f"The 'weight' of goal {title!r} must be a number above 0. "
                                 f"Got {weight!r} instead.")
        if kind not in GOAL_KINDS:
            raise ParameterError(f"The 'kind' of goal {title!r} must be one of "
                                 f"{', '.join(GOAL_KINDS)}. Got {kind!r} instead.")
        if any(g["title"] == title for g in clean):
            raise ParameterError(f"Two goals are titled {title!r}; titles must differ.")
        clean.append({"title": title, "weight": float(weight), "kind": kind})
    if not clean:
        raise ParameterError("A review needs at least one goal.")
    return clean


def _store_score(review: Review, cycle: ReviewCycle) -> None:
    score = _score(review.goals or [], scheme_of(cycle))
    review.final_score = score.final if score is not None else None


def set_review_goals(session: Session, *, cycle: str, employee_id: int, actor: Actor,
                     goals: Iterable[Mapping[str, Any]]) -> ReviewView:
    """Set a person's goals for an open cycle (hr, admin, or their manager), creating their
    review; goals that keep their title keep their ratings. Each goal: title, weight (> 0, a
    share within its kind) and kind (goal or competency)."""
    visible_employee(session, employee_id=employee_id, actor=actor, include_team=True)
    if not actor.is_hr and not manages(session, manager_id=actor.employee_id,
                                       employee_id=employee_id):
        raise PermissionDeniedError("Only hr, admin or the person's manager set review goals.")
    row = _open_cycle(session, cycle)
    clean = _check_goals(goals)
    review = _review(session, cycle=cycle, employee_id=employee_id)
    created = review is None
    if review is None:
        review = Review(employee_id=employee_id, cycle=cycle, goals=[], inputs=[])
        session.add(review)
    old = {g.get("title"): g for g in review.goals or () if isinstance(g, Mapping)}
    review.goals = [{**g, "self": old.get(g["title"], {}).get("self"),
                     "manager": old.get(g["title"], {}).get("manager"),
                     "peers": list(old.get(g["title"], {}).get("peers") or [])} for g in clean]
    _store_score(review, row)
    session.flush()
    record_event(session, actor=actor, action="create" if created else "update",
                 resource="review", resource_id=review.id,
                 detail={"employee_id": employee_id, "cycle": cycle, "goals": len(clean)})
    return _view(review, row, actor=actor)


def _check_rater(session: Session, *, actor: Actor, source: str, employee: Employee) -> None:
    if source not in INPUT_SOURCES:
        raise ParameterError(f"The 'source' field must be one of {', '.join(INPUT_SOURCES)}. "
                             f"Got {source!r} instead.")
    if source == "self":
        if actor.employee_id != employee.id:
            raise PermissionDeniedError("Only the person themselves gives self input.")
    elif source == "manager":
        if not manages(session, manager_id=actor.employee_id, employee_id=employee.id):
            raise PermissionDeniedError("Only the person's manager gives manager input.")
    elif not _is_peer(session, actor=actor, employee=employee):
        raise PermissionDeniedError("Only members of the person's team (the same manager) "
                                    "give peer input.")


def _is_peer(session: Session, *, actor: Actor, employee: Employee) -> bool:
    """Whether the actor's employee is on ``employee``'s team: another report of their manager."""
    mine = session.get(Employee, actor.employee_id) if actor.employee_id else None
    return (mine is not None and mine.id != employee.id and employee.manager_id is not None
            and mine.manager_id == employee.manager_id)


def add_review_input(session: Session, *, cycle: str, employee_id: int, actor: Actor,
                     source: str, ratings: Mapping[str, float],
                     comment: str = "") -> ReviewView:
    """Rate a person's goals in an open cycle as ``source`` (self, manager or peer; rules in
    the module doc): ``ratings`` maps goal titles to ratings on the cycle's scale. The final
    score is recomputed; a peer's new rating of a goal replaces their old one."""
    employee = session.get(Employee, employee_id) if source == "peer" else None
    if employee is None or not _is_peer(session, actor=actor, employee=employee):
        employee = visible_employee(session, employee_id=employee_id, actor=actor,
                                    include_team=True)
    _check_rater(session, actor=actor, source=source, employee=employee)
    row = _open_cycle(session, cycle)
    review = _review(session, cycle=cycle, employee_id=employee_id)
    if review is None or not review.goals:
        raise ConflictError(f"Employee {employee_id} has no goals in cycle {cycle!r} yet.",
                            details=["hr or their manager sets the goals first."])
    scheme = scheme_of(row)
    titles = [g.get("title") for g in review.goals]
    if not ratings:
        raise ParameterError("The 'ratings' field must rate at least one goal.")
    for title, rating in ratings.items():
        if title not in titles:
            raise ParameterError(f"No goal titled {title!r} in this review; the goals are "
                                 f"{', '.join(repr(t) for t in titles)}.")
        if isinstance(rating, bool) or not isinstance(rating, int | float) \
                or not scheme.scale_min <= rating <= scheme.scale_max:
            raise ParameterError(f"The rating of {title!r} must be a number in "
                                 f"[{scheme.scale_min:g}, {scheme.scale_max:g}]. "
                                 f"Got {rating!r} instead.")
    goals = []
    for item in review.goals:
        goal = {**item, "peers": list(item.get("peers") or [])}
        rating = ratings.get(goal.get("title"))
        if rating is not None:
            if source == "peer":
                goal["peers"] = [p for p in goal["peers"] if p.get("by") != actor.user_id]
                goal["peers"].append({"by": actor.user_id, "rating": float(rating)})
            else:
                goal[source] = float(rating)
        goals.append(goal)
    review.goals = goals
    entry: dict[str, Any] = {"source": source, "by": actor.user_id, "by_name": actor.username,
                             "at": utcnow().isoformat(), "goals": sorted(ratings)}
    if comment.strip():
        entry["comment"] = comment.strip()
    review.inputs = [*(review.inputs or []), entry]
    _store_score(review, row)
    session.flush()
    record_event(session, actor=actor, action="update", resource="review",
                 resource_id=review.id,
                 detail={"employee_id": employee_id, "input": source, "goals": len(ratings)})
    return _view(review, row, actor=actor)


# --- results for readiness ----------------------------------------------------------------------

def _on_five(score: float, cycle: ReviewCycle | None) -> float | None:
    """A final score on the 1-5 scale readiness reads: a cycle's scale is mapped linearly;
    a review outside any cycle is read as 1-5 when it is, as a percentage when it is above 5."""
    if cycle is not None:
        scheme = scheme_of(cycle)
        share = (score - scheme.scale_min) / (scheme.scale_max - scheme.scale_min)
    elif 1 <= score <= 5:
        return float(score)
    elif 5 < score <= 100:
        share = score / 100
    else:
        return None
    return round(1 + 4 * min(1.0, max(0.0, share)), 4)


def review_scores(session: Session, *, employee_ids: Iterable[int]) -> dict[int, list[float]]:
    """Each employee's final review scores on a 1-5 scale, oldest first (reviews without a
    final score are left out). Not audited: the caller audits what it shows."""
    ids = sorted(set(employee_ids))
    found: dict[int, list[float]] = {employee_id: [] for employee_id in ids}
    if not ids:
        return found
    cycles = {c.slug: c for c in session.scalars(select(ReviewCycle))}
    rows = session.scalars(select(Review).where(Review.employee_id.in_(ids),
                                                Review.final_score.is_not(None))
                           .order_by(Review.created_at, Review.id))
    for review in rows:
        cycle = cycles.get(review.cycle)
        value = _on_five(float(review.final_score or 0), cycle)
        if value is not None:
            found[review.employee_id].append(value)
    return found


# --- calibration --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CalibrationView:
    """The calibration of a cycle across a team (or everyone): the people by ref with their
    employee ids, and ``plan.calibrate``'s result."""

    cycle: str
    manager_id: int | None
    employees: dict[str, int]
    calibration: Calibration


def review_calibration(session: Session, *, cycle: str, actor: Actor,
                       manager_id: int | None = None) -> CalibrationView:
    """Calibrate the final scores of ``cycle``: hr and admin across everyone (or the team of
    ``manager_id``), a manager across their team (direct and indirect reports). Groups are
    the direct managers; raters whoever gave the manager input. The read is audited."""
    _cycle(session, cycle)
    if not actor.is_hr:
        if actor.employee_id is None:
            raise NotFoundError("Your account is not linked to an employee, so you have no team.")
        manager_id = manager_id or actor.employee_id
        if manager_id != actor.employee_id:
            visible_employee(session, employee_id=manager_id, actor=actor, include_team=True)
    elif manager_id is not None:
        visible_employee(session, employee_id=manager_id, actor=actor)
    query = select(Review, Employee).join(Employee, Employee.id == Review.employee_id).where(
        Review.cycle == cycle, Review.final_score.is_not(None))
    if manager_id is not None:
        query = query.where(Employee.id.in_(sorted(team_member_ids(session,
                                                                   manager_id=manager_id))))
    rows = list(session.execute(query))
    refs = {e.id: e.ref for e in session.scalars(select(Employee).where(Employee.id.in_(
        sorted({e.manager_id for _r, e in rows if e.manager_id is not None}))))}
    raters_by = {i.get("by") for r, _e in rows for i in r.inputs or ()
                 if isinstance(i, Mapping) and i.get("source") == "manager"}
    names = {user_id: name for user_id, name in session.execute(
        select(User.id, User.username).where(User.id.in_(sorted(
            b for b in raters_by if isinstance(b, int)))))}
    scores: dict[str, float] = {}
    groups: dict[str, str] = {}
    raters: dict[str, str] = {}
    employees: dict[str, int] = {}
    for review, employee in rows:
        scores[employee.ref] = float(review.final_score or 0)
        groups[employee.ref] = refs.get(employee.manager_id or 0, "-")
        given = [i for i in review.inputs or () if isinstance(i, Mapping)
                 and i.get("source") == "manager"]
        raters[employee.ref] = (names.get(given[-1].get("by"), given[-1].get("by_name", "?"))
                                if given else "-")
        employees[employee.ref] = employee.id
    result = calibrate(scores, groups=groups, raters=raters)
    record_event(session, actor=actor, action="read", resource="review",
                 detail={"cycle": cycle, "calibration": True,
                         "ids": sorted(employees.values())})
    return CalibrationView(cycle=cycle, manager_id=manager_id, employees=employees,
                           calibration=result)
