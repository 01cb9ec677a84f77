"""What the recruiting pages show of an opening's pipeline: applications per stage of each
opening, the kanban board (the applications of an opening by stage, best score first), the
interview rounds of an opening's applications, and one round with its application and
candidate (the scorecard page).

The row-level rules are those of ``_recruiting_scope`` (a hiring manager: their own openings;
a record the actor may not see is missing). Reads that show candidates' names are audited;
counts are not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.services._audit import record_event
from talentgraph.services._pipeline import STAGES
from talentgraph.services._recruiting_scope import (
    get_interview,
    get_opening,
    visible_applications,
)
from talentgraph.store import Application, Candidate, Interview, Opening, Scorecard

__all__ = [
    "MAX_CARDS",
    "ApplicationRounds",
    "Board",
    "BoardCard",
    "BoardColumn",
    "InterviewContext",
    "RoundView",
    "interview_context",
    "opening_board",
    "opening_interviews",
    "stage_counts",
]

#: The most cards a kanban column shows (best score first); the column still counts them all.
MAX_CARDS = 100
#: The most applications the interview plan page lists.
MAX_INTERVIEW_ROWS = 200


@dataclass(frozen=True, slots=True)
class BoardCard:
    """An application on the board: its candidate, score and (when rejected) why."""

    application_id: int
    candidate_id: int
    ref: str
    name: str
    stage: str
    score: float | None
    rejection_reason: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class BoardColumn:
    """One stage of the board: how many applications are at it, and the best MAX_CARDS."""

    stage: str
    total: int
    cards: list[BoardCard]


@dataclass(frozen=True, slots=True)
class Board:
    """An opening's applications, one column per stage (STAGES order)."""

    opening_id: int
    total: int
    columns: list[BoardColumn]


@dataclass(frozen=True, slots=True)
class RoundView:
    """An interview round: focus skills, scorecards submitted, and whether the actor's is."""

    id: int
    round: str
    focus_skills: list[str]
    scheduled_on: date | None
    scorecards: int
    has_mine: bool


@dataclass(frozen=True, slots=True)
class ApplicationRounds:
    """An application of the opening with its interview rounds."""

    application_id: int
    candidate_id: int
    ref: str
    name: str
    stage: str
    score: float | None
    rounds: list[RoundView]


@dataclass(frozen=True, slots=True)
class InterviewContext:
    """An interview round with what its page names: the opening, the candidate, the stage,
    and whether the actor has submitted their scorecard."""

    interview_id: int
    round: str
    focus_skills: list[str]
    scheduled_on: date | None
    application_id: int
    stage: str
    opening_id: int
    opening_ref: str
    opening_title: str
    candidate_id: int
    candidate_ref: str
    candidate_name: str
    has_submitted: bool


def stage_counts(session: Session, *, actor: Actor,
                 opening_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Applications per stage (every stage of STAGES, 0 when none) of each of these openings,
    counting only the applications ``actor`` may see. Counts only: not audited."""
    counts: dict[int, dict[str, int]] = {i: dict.fromkeys(STAGES, 0) for i in opening_ids}
    if not opening_ids:
        return counts
    query = (visible_applications(actor)
             .with_only_columns(Application.opening_id, Application.stage, func.count())
             .where(Application.opening_id.in_(list(opening_ids)))
             .group_by(Application.opening_id, Application.stage))
    for opening_id, stage, count in session.execute(query):
        counts[opening_id][stage] = counts[opening_id].get(stage, 0) + int(count)
    return counts


def _names(session: Session, candidate_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    if not candidate_ids:
        return {}
    rows = session.execute(select(Candidate.id, Candidate.ref, Candidate.name)
                           .where(Candidate.id.in_(sorted(set(candidate_ids)))))
    return {row[0]: (row[1], row[2]) for row in rows}


def _audit_names(session: Session, actor: Actor, candidate_ids: Sequence[int]) -> None:
    if candidate_ids:
        record_event(session, actor=actor, action="read", resource="candidate",
                     detail={"ids": sorted(set(candidate_ids)), "fields": ["name"]})


def opening_board(session: Session, *, actor: Actor, opening_id: int) -> Board:
    """The kanban board of an opening the actor may see: per stage, the applications best score
    first (unscored last, then oldest first), at most MAX_CARDS shown each. Audited."""
    opening = get_opening(session, opening_id=opening_id, actor=actor)
    rows = session.execute(
        select(Application.id, Application.candidate_id, Application.stage, Application.score,
               Application.rejection_reason, Application.updated_at)
        .where(Application.opening_id == opening.id)
        .order_by(Application.score.is_(None), Application.score.desc(), Application.id)).all()
    by_stage: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_stage[row[2]].append(tuple(row))
    stages = list(STAGES) + sorted(set(by_stage) - set(STAGES))
    shown = {stage: by_stage[stage][:MAX_CARDS] for stage in stages}
    names = _names(session, [row[1] for cards in shown.values() for row in cards])
    columns = [BoardColumn(stage=stage, total=len(by_stage[stage]), cards=[
        BoardCard(application_id=row[0], candidate_id=row[1], ref=names[row[1]][0],
                  name=names[row[1]][1], stage=row[2], score=row[3], rejection_reason=row[4],
                  updated_at=row[5]) for row in shown[stage]]) for stage in stages]
    _audit_names(session, actor, list(names))
    return Board(opening_id=opening.id, total=len(rows), columns=columns)


def opening_interviews(session: Session, *, actor: Actor,
                       opening_id: int) -> list[ApplicationRounds]:
    """The applications of an opening the actor may see (at most MAX_INTERVIEW_ROWS, furthest
    stage first) with their interview rounds and how many scorecards each has. Audited."""
    opening = get_opening(session, opening_id=opening_id, actor=actor)
    applications = session.execute(
        select(Application.id, Application.candidate_id, Application.stage, Application.score)
        .where(Application.opening_id == opening.id)
        .order_by(Application.score.is_(None), Application.score.desc(), Application.id)).all()
    order = {stage: i for i, stage in enumerate(("interview", "offer", "screened", "applied",
                                                 "hired", "rejected"))}
    applications = sorted(applications, key=lambda row: order.get(row[2], len(order)))
    applications = applications[:MAX_INTERVIEW_ROWS]
    ids = [row[0] for row in applications]
    rounds: dict[int, list[RoundView]] = defaultdict(list)
    if ids:
        cards = dict(session.execute(
            select(Scorecard.interview_id, func.count()).join(
                Interview, Interview.id == Scorecard.interview_id)
            .where(Interview.application_id.in_(ids), Scorecard.submitted_at.is_not(None))
            .group_by(Scorecard.interview_id)).all())
        mine = set(session.scalars(
            select(Scorecard.interview_id).join(Interview, Interview.id == Scorecard.interview_id)
            .where(Interview.application_id.in_(ids),
                   Scorecard.interviewer_id == actor.user_id))) if actor.user_id else set()
        for interview in session.scalars(select(Interview).where(
                Interview.application_id.in_(ids)).order_by(Interview.id)):
            rounds[interview.application_id].append(RoundView(
                id=interview.id, round=interview.round, focus_skills=list(interview.focus_skills),
                scheduled_on=interview.scheduled_on, scorecards=int(cards.get(interview.id, 0)),
                has_mine=interview.id in mine))
    names = _names(session, [row[1] for row in applications])
    _audit_names(session, actor, list(names))
    return [ApplicationRounds(application_id=row[0], candidate_id=row[1], ref=names[row[1]][0],
                              name=names[row[1]][1], stage=row[2], score=row[3],
                              rounds=rounds[row[0]]) for row in applications]


def interview_context(session: Session, *, actor: Actor, interview_id: int) -> InterviewContext:
    """An interview round the actor may see, with its opening, candidate and stage, and
    whether the actor has submitted their scorecard for it. Audited (the candidate's name)."""
    interview = get_interview(session, interview_id=interview_id, actor=actor)
    application = session.get_one(Application, interview.application_id)
    opening = session.get_one(Opening, application.opening_id)
    ref, name = _names(session, [application.candidate_id])[application.candidate_id]
    submitted = actor.user_id is not None and session.scalar(
        select(Scorecard.id).where(Scorecard.interview_id == interview.id,
                                   Scorecard.interviewer_id == actor.user_id,
                                   Scorecard.submitted_at.is_not(None))) is not None
    _audit_names(session, actor, [application.candidate_id])
    return InterviewContext(
        interview_id=interview.id, round=interview.round,
        focus_skills=list(interview.focus_skills), scheduled_on=interview.scheduled_on,
        application_id=application.id, stage=application.stage, opening_id=opening.id,
        opening_ref=opening.ref, opening_title=opening.title,
        candidate_id=application.candidate_id, candidate_ref=ref, candidate_name=name,
        has_submitted=submitted)
