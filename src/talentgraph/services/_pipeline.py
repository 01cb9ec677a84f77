"""Recruiting use cases, part two: applications moving through the stages (each move a
StageEvent: who, when, why), interview rounds with focus skills, and scorecards.

Scorecards are blind: an interviewer sees the other interviewers' scorecards of a round only
after submitting their own, so the first impressions stay independent; hr and admin see all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import ConflictError, ParameterError, PermissionDeniedError
from talentgraph.services._audit import record_event
from talentgraph.services._hiring import hire_candidate
from talentgraph.services._recruiting_scope import (
    RECRUITER_ROLES,
    RECRUITING_ROLES,
    check_skills,
    get_application,
    get_candidate,
    get_interview,
    get_opening,
    require_role,
    visible_applications,
)
from talentgraph.store import (
    Application,
    Interview,
    Opening,
    Page,
    Scorecard,
    StageEvent,
    User,
    paginate,
)
from talentgraph.store._base import utcnow

__all__ = [
    "CLOSED_STAGES",
    "RATINGS",
    "RECOMMENDATIONS",
    "STAGES",
    "ScorecardList",
    "ScorecardView",
    "BulkMove",
    "StageChange",
    "add_note",
    "bulk_move_applications",
    "create_application",
    "create_interview",
    "list_applications",
    "list_interviews",
    "list_scorecards",
    "list_stage_changes",
    "move_application",
    "submit_scorecard",
]

#: The pipeline, in order. Every application starts at the first; "rejected" needs a reason.
STAGES = ("applied", "screened", "interview", "offer", "hired", "rejected")
#: Stages after which no interview round is added.
CLOSED_STAGES = frozenset({"hired", "rejected"})
RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")
#: A scorecard rates each focus skill of the round from 1 (weak) to 4 (strong).
RATINGS = range(1, 5)
MAX_REASON = 200
#: The most applications one bulk move takes; the longest note.
MAX_BULK = 200
MAX_NOTE = 5000

APPLICATION_SORTS = {"created_at": Application.created_at, "updated_at": Application.updated_at,
                     "stage": Application.stage, "score": Application.score}


@dataclass(frozen=True, slots=True)
class StageChange:
    """One move of an application: from which stage to which, why, by whom, when."""

    id: int
    application_id: int
    from_stage: str | None
    to_stage: str
    reason: str | None
    by_user_id: int | None
    by: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class BulkMove:
    """What a bulk move did: the applications moved, and those at the stage already."""

    stage: str
    moved: list[int]
    unchanged: list[int]


@dataclass(frozen=True, slots=True)
class ScorecardView:
    """A submitted scorecard with its interviewer's name."""

    id: int
    interview_id: int
    interviewer_id: int
    interviewer: str
    ratings: dict[str, int]
    recommendation: str | None
    notes: str
    submitted_at: datetime | None


@dataclass(frozen=True, slots=True)
class ScorecardList:
    """The scorecards of a round the actor may see, and how many are hidden until they submit."""

    items: list[ScorecardView]
    hidden: int


def list_applications(session: Session, *, actor: Actor, opening_id: int | None = None,
                      candidate_id: int | None = None, stage: str | None = None,
                      limit: int = 50, offset: int = 0,
                      sort: str | None = None) -> Page[Application]:
    """A page of the applications ``actor`` may see, by opening and/or candidate."""
    query = visible_applications(actor)
    if opening_id is not None:
        get_opening(session, opening_id=opening_id, actor=actor)
        query = query.where(Application.opening_id == opening_id)
    if candidate_id is not None:
        get_candidate(session, candidate_id=candidate_id, actor=actor)
        query = query.where(Application.candidate_id == candidate_id)
    if stage:
        _check_stage(stage)
        query = query.where(Application.stage == stage)
    return paginate(session, query, limit=limit, offset=offset, sort=sort,
                    sortable=APPLICATION_SORTS)


def _check_stage(stage: str) -> None:
    if stage not in STAGES:
        raise ParameterError.invalid("stage", "an application", f"one of {', '.join(STAGES)}",
                                     stage)


def _add_event(session: Session, application: Application, *, actor: Actor,
               from_stage: str | None, reason: str | None) -> None:
    session.add(StageEvent(application_id=application.id, from_stage=from_stage,
                           to_stage=application.stage, reason=reason,
                           by_user_id=actor.user_id, at=utcnow()))


def create_application(session: Session, *, actor: Actor, candidate_id: int, opening_id: int,
                       notes: str = "") -> Application:
    """The candidate applies to an open opening; the first stage event is recorded."""
    require_role(actor, RECRUITER_ROLES, "add applications")
    candidate = get_candidate(session, candidate_id=candidate_id, actor=actor)
    opening: Opening = get_opening(session, opening_id=opening_id, actor=actor)
    if opening.status != "open":
        raise ConflictError(f"Opening {opening.ref} is {opening.status}; only open openings "
                            "take applications.", details=["Reopen it first (status: open)."])
    existing = session.scalar(select(Application.id).where(
        Application.candidate_id == candidate.id, Application.opening_id == opening.id))
    if existing is not None:
        raise ConflictError(f"Candidate {candidate.ref} has applied to opening {opening.ref} "
                            f"already (application {existing}).")
    application = Application(candidate_id=candidate.id, opening_id=opening.id,
                              stage=STAGES[0], notes=notes)
    session.add(application)
    session.flush()
    _add_event(session, application, actor=actor, from_stage=None, reason=None)
    record_event(session, actor=actor, action="create", resource="application",
                 resource_id=application.id,
                 detail={"candidate_id": candidate.id, "opening_id": opening.id})
    return application


def _check_move(stage: str, reason: str | None) -> str | None:
    _check_stage(stage)
    reason = reason.strip() if reason else None
    if stage == "rejected" and not reason:
        raise ParameterError("Rejecting an application needs a 'reason'. Got none.",
                             details=["Say why, e.g. 'skills gap: no Kubernetes experience'."])
    if reason and len(reason) > MAX_REASON:
        raise ParameterError.invalid("reason", "a stage move", f"at most {MAX_REASON} characters",
                                     f"{len(reason)} characters")
    return reason


def _move(session: Session, application: Application, *, actor: Actor, stage: str,
          reason: str | None) -> None:
    previous = application.stage
    application.stage = stage
    application.rejection_reason = reason if stage == "rejected" else None
    session.flush()
    _add_event(session, application, actor=actor, from_stage=previous, reason=reason)
    record_event(session, actor=actor, action="update", resource="application",
                 resource_id=application.id, detail={"from": previous, "to": stage})
    if stage == "hired":
        hire_candidate(session, actor=actor, application=application)


def move_application(session: Session, *, actor: Actor, application_id: int, stage: str,
                     reason: str | None = None) -> Application:
    """Move an application to ``stage`` (one of STAGES), recorded as a stage event; moving to
    "rejected" needs a ``reason``; moving to "hired" creates the employee (services._hiring)."""
    require_role(actor, RECRUITING_ROLES, "move applications")
    reason = _check_move(stage, reason)
    application = get_application(session, application_id=application_id, actor=actor)
    if application.stage == stage:
        raise ConflictError(f"Application {application.id} is at stage {stage!r} already.")
    _move(session, application, actor=actor, stage=stage, reason=reason)
    return application


def bulk_move_applications(session: Session, *, actor: Actor, application_ids: Sequence[int],
                           stage: str, reason: str | None = None,
                           opening_id: int | None = None) -> BulkMove:
    """Move many applications to one stage, all or none: an id the actor may not see fails the
    whole move (NotFoundError, nothing moved), and so does, when ``opening_id`` is given, an
    application to another opening (ParameterError); those at the stage already are left as
    they are. Each move is a stage event, as one by one."""
    require_role(actor, RECRUITING_ROLES, "move applications")
    reason = _check_move(stage, reason)
    ids = list(dict.fromkeys(application_ids))
    if not ids or len(ids) > MAX_BULK:
        raise ParameterError.invalid("ids", "a bulk move", f"1 to {MAX_BULK} application ids",
                                     f"{len(ids)} ids")
    applications = [get_application(session, application_id=i, actor=actor) for i in ids]
    other = sorted(a.id for a in applications
                   if opening_id is not None and a.opening_id != opening_id)
    if other:
        raise ParameterError(f"Applications {', '.join(map(str, other))} are not applications "
                             f"to opening {opening_id}: a bulk move stays within one opening.",
                             details=["Move them from their own opening's page."])
    moved, unchanged = [], []
    for application in applications:
        if application.stage == stage:
            unchanged.append(application.id)
            continue
        _move(session, application, actor=actor, stage=stage, reason=reason)
        moved.append(application.id)
    return BulkMove(stage=stage, moved=moved, unchanged=unchanged)


def add_note(session: Session, *, actor: Actor, application_id: int, text: str) -> Application:
    """Append a note to an application, headed by its author and the time (UTC)."""
    require_role(actor, RECRUITING_ROLES, "add notes")
    body = text.strip()
    if not body or len(body) > MAX_NOTE:
        raise ParameterError.invalid("text", "a note", f"1 to {MAX_NOTE} characters",
                                     f"{len(body)} characters")
    application = get_application(session, application_id=application_id, actor=actor)
    head = f"[{utcnow():%Y-%m-%d %H:%M} UTC, {actor.username}]"
    application.notes = (application.notes.rstrip("\n") + "\n\n" if application.notes.strip()
                         else "") + f"{head}\n{body}"
    session.flush()
    record_event(session, actor=actor, action="update", resource="application",
                 resource_id=application.id, detail={"fields": ["notes"]})
    return application


def list_stage_changes(session: Session, *, actor: Actor,
                       application_id: int) -> list[StageChange]:
    """The stage history of an application, oldest first."""
    application = get_application(session, application_id=application_id, actor=actor)
    rows = session.execute(
        select(StageEvent, User.username).outerjoin(User, User.id == StageEvent.by_user_id)
        .where(StageEvent.application_id == application.id)
        .order_by(StageEvent.at, StageEvent.id))
    return [StageChange(id=event.id, application_id=event.application_id,
                        from_stage=event.from_stage, to_stage=event.to_stage,
                        reason=event.reason, by_user_id=event.by_user_id, by=username,
                        at=event.at) for event, username in rows]


def list_interviews(session: Session, *, actor: Actor, application_id: int, limit: int = 50,
                    offset: int = 0) -> Page[Interview]:
    """A page of the interview rounds of an application, in the order they were added."""
    application = get_application(session, application_id=application_id, actor=actor)
    return paginate(session, select(Interview).where(Interview.application_id == application.id),
                    limit=limit, offset=offset)


def create_interview(session: Session, *, actor: Actor, application_id: int, round_name: str,
                     focus_skills: Sequence[str] | None = None,
                     scheduled_on: date | None = None) -> Interview:
    """Add an interview round; ``focus_skills`` (slugs) default to the opening's skills."""
    require_role(actor, RECRUITER_ROLES, "add interview rounds")
    application = get_application(session, application_id=application_id, actor=actor)
    if application.stage in CLOSED_STAGES:
        raise ConflictError(f"Application {application.id} is {application.stage}; it takes no "
                            "more interview rounds.")
    if not round_name.strip():
        raise ParameterError.invalid("round", "an interview", "a non-empty name", round_name)
    if focus_skills is None:
        opening = session.get(Opening, application.opening_id)
        focus_skills = [item["skill"] for item in (opening.skills if opening else [])]
    skills = list(dict.fromkeys(focus_skills))
    check_skills(session, skills, field="focus_skills")
    interview = Interview(application_id=application.id, round=round_name.strip(),
                          focus_skills=skills, scheduled_on=scheduled_on)
    session.add(interview)
    session.flush()
    record_event(session, actor=actor, action="create", resource="interview",
                 resource_id=interview.id, detail={"application_id": application.id})
    return interview


def _check_ratings(ratings: Mapping[str, Any], focus: Sequence[str]) -> dict[str, int]:
    missing = [slug for slug in focus if slug not in ratings]
    extra = sorted(set(ratings) - set(focus))
    problems = []
    if missing:
        problems.append(f"Rate every focus skill of the round; missing: {', '.join(missing)}.")
    if extra:
        problems.append(f"Rate only the round's focus skills ({', '.join(focus) or 'none'}); "
                        f"not focus skills: {', '.join(extra)}.")
    for slug, value in sorted(ratings.items()):
        if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
            problems.append(f"The rating of {slug!r} must be an int in [1, 4]. Got {value!r} "
                            "instead.")
    if problems:
        raise ParameterError(problems[0] if len(problems) == 1 else
                             f"The scorecard's ratings have {len(problems)} problems.",
                             details=problems)
    return {slug: int(ratings[slug]) for slug in focus}


def submit_scorecard(session: Session, *, actor: Actor, interview_id: int,
                     ratings: Mapping[str, Any], recommendation: str,
                     notes: str = "") -> ScorecardView:
    """Submit the actor's scorecard for a round: every focus skill rated 1-4 and a
    recommendation (RECOMMENDATIONS). One per interviewer; final once submitted."""
    require_role(actor, RECRUITING_ROLES, "submit scorecards")
    if actor.user_id is None:
        raise PermissionDeniedError("Only a user account can submit a scorecard.")
    interview = get_interview(session, interview_id=interview_id, actor=actor)
    if recommendation not in RECOMMENDATIONS:
        raise ParameterError.invalid("recommendation", "a scorecard",
                                     f"one of {', '.join(RECOMMENDATIONS)}", recommendation)
    clean = _check_ratings(ratings, interview.focus_skills)
    if session.scalar(select(Scorecard.id).where(Scorecard.interview_id == interview.id,
                                                 Scorecard.interviewer_id == actor.user_id)):
        raise ConflictError(f"You have submitted your scorecard for interview {interview.id} "
                            "already; a submitted scorecard is final.")
    card = Scorecard(interview_id=interview.id, interviewer_id=actor.user_id, ratings=clean,
                     recommendation=recommendation, notes=notes, submitted_at=utcnow())
    session.add(card)
    session.flush()
    record_event(session, actor=actor, action="create", resource="scorecard",
                 resource_id=card.id, detail={"interview_id": interview.id})
    return _card_view(card, actor.username)


def _card_view(card: Scorecard, username: str) -> ScorecardView:
    return ScorecardView(id=card.id, interview_id=card.interview_id,
                         interviewer_id=card.interviewer_id, interviewer=username,
                         ratings=dict(card.ratings), recommendation=card.recommendation,
                         notes=card.notes, submitted_at=card.submitted_at)


def list_scorecards(session: Session, *, actor: Actor, interview_id: int) -> ScorecardList:
    """The submitted scorecards of a round: all for hr and admin, and for an interviewer who
    has submitted theirs; otherwise none (``hidden`` says how many there are)."""
    interview = get_interview(session, interview_id=interview_id, actor=actor)
    rows = session.execute(
        select(Scorecard, User.username).join(User, User.id == Scorecard.interviewer_id)
        .where(Scorecard.interview_id == interview.id, Scorecard.submitted_at.is_not(None))
        .order_by(Scorecard.submitted_at, Scorecard.id)).all()
    has_submitted = any(card.interviewer_id == actor.user_id for card, _ in rows)
    if not (actor.is_hr or has_submitted):
        return ScorecardList(items=[], hidden=len(rows))
    return ScorecardList(items=[_card_view(card, username) for card, username in rows], hidden=0)
