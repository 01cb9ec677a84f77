"""Structured interviews: an interview plan per opening (rounds, each with focus skills taken
from the opening), an application's rounds created from it, and the summary of a candidate's
scorecards (mean rating per skill, recommendation counts).

The summary keeps scorecards blind like services._pipeline.list_scorecards: hr and admin see
every round; anyone else only the rounds where they have submitted their own scorecard (the
others are counted in ``hidden_rounds``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import ConflictError, ParameterError
from talentgraph.services._audit import record_event
from talentgraph.services._pipeline import RECOMMENDATIONS, create_interview
from talentgraph.services._recruiting_scope import (
    RECRUITER_ROLES,
    get_application,
    get_opening,
    require_role,
)
from talentgraph.store import Interview, Opening, Scorecard

__all__ = [
    "InterviewPlan",
    "InterviewSummary",
    "PlanRound",
    "SkillRating",
    "create_interviews_from_plan",
    "get_interview_plan",
    "interview_summary",
    "set_interview_plan",
    "suggest_plan",
]

MAX_ROUNDS = 10
MAX_ROUND_NAME = 60
#: A suggested plan asks about this many skills per round, heaviest first.
SKILLS_PER_ROUND = 3


@dataclass(frozen=True, slots=True)
class PlanRound:
    """A round of the plan: its name and the opening's skills it examines."""

    round: str
    focus_skills: list[str]


@dataclass(frozen=True, slots=True)
class InterviewPlan:
    """An opening's interview plan; ``is_suggested``: not saved yet, made from its skills."""

    opening_id: int
    rounds: list[PlanRound]
    is_suggested: bool


@dataclass(frozen=True, slots=True)
class SkillRating:
    """The ratings of one skill across the candidate's visible scorecards."""

    skill: str
    mean: float
    ratings: int
    low: int
    high: int


@dataclass(frozen=True, slots=True)
class InterviewSummary:
    """A candidate's interviews for one application, aggregated."""

    application_id: int
    rounds: int
    hidden_rounds: int
    scorecards: int
    skills: list[SkillRating]
    recommendations: dict[str, int]


def suggest_plan(opening: Opening) -> list[PlanRound]:
    """Rounds of SKILLS_PER_ROUND of the opening's skills each, heaviest first."""
    skills = [item["skill"] for item in sorted(opening.skills or [],
                                               key=lambda item: -float(item.get("weight", 1)))]
    return [PlanRound(round=f"technical {i // SKILLS_PER_ROUND + 1}",
                      focus_skills=skills[i:i + SKILLS_PER_ROUND])
            for i in range(0, len(skills), SKILLS_PER_ROUND)]


def _plan(opening: Opening) -> InterviewPlan:
    if opening.interview_plan is None:
        return InterviewPlan(opening_id=opening.id, rounds=suggest_plan(opening),
                             is_suggested=True)
    return InterviewPlan(opening_id=opening.id, is_suggested=False, rounds=[
        PlanRound(round=item["round"], focus_skills=list(item["focus_skills"]))
        for item in opening.interview_plan])


def get_interview_plan(session: Session, *, actor: Actor, opening_id: int) -> InterviewPlan:
    """The opening's plan, or a suggestion made from its skills when none is saved."""
    return _plan(get_opening(session, opening_id=opening_id, actor=actor))


def _clean_rounds(opening: Opening, rounds: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    asked = [item["skill"] for item in opening.skills or []]
    if not 1 <= len(rounds) <= MAX_ROUNDS:
        raise ParameterError.invalid("rounds", "an interview plan", f"1 to {MAX_ROUNDS} rounds",
                                     f"{len(rounds)} rounds")
    clean, names = [], set()
    for i, item in enumerate(rounds):
        name = str(item.get("round") or "").strip()
        if not name or len(name) > MAX_ROUND_NAME:
            raise ParameterError.invalid(f"rounds[{i}].round", "an interview plan",
                                         f"a name of 1 to {MAX_ROUND_NAME} characters", name)
        if name.casefold() in names:
            raise ParameterError(f"The interview plan names round {name!r} twice. Expected "
                                 "each round once.")
        names.add(name.casefold())
        focus = list(dict.fromkeys(item.get("focus_skills") or []))
        other = [slug for slug in focus if slug not in asked]
        if not focus or other:
            raise ParameterError(
                f"The focus skills of round {name!r} must be some of the opening's skills "
                f"({', '.join(asked) or 'none: add skills to the opening first'}). Got "
                f"{', '.join(other) if other else 'none'} instead.")
        clean.append({"round": name, "focus_skills": focus})
    return clean


def set_interview_plan(session: Session, *, actor: Actor, opening_id: int,
                       rounds: Sequence[Mapping[str, Any]]) -> InterviewPlan:
    """Save the opening's plan: rounds ({"round", "focus_skills"}) whose focus skills are
    among the opening's skills."""
    require_role(actor, RECRUITER_ROLES, "plan interviews")
    opening = get_opening(session, opening_id=opening_id, actor=actor)
    opening.interview_plan = _clean_rounds(opening, rounds)
    session.flush()
    record_event(session, actor=actor, action="update", resource="opening",
                 resource_id=opening.id, detail={"fields": ["interview_plan"]})
    return _plan(opening)


def create_interviews_from_plan(session: Session, *, actor: Actor,
                                application_id: int) -> list[Interview]:
    """Add the application's rounds of its opening's saved plan (rounds it has already, by
    name, are skipped); the rounds added."""
    require_role(actor, RECRUITER_ROLES, "add interview rounds")
    application = get_application(session, application_id=application_id, actor=actor)
    opening = session.get_one(Opening, application.opening_id)
    if opening.interview_plan is None:
        raise ConflictError(f"Opening {opening.ref} has no interview plan yet.",
                            details=["Save one with POST /openings/{id}/interview-plan."])
    have = {name.casefold() for name in session.scalars(
        select(Interview.round).where(Interview.application_id == application.id))}
    return [create_interview(session, actor=actor, application_id=application.id,
                             round_name=item["round"], focus_skills=item["focus_skills"])
            for item in opening.interview_plan if item["round"].casefold() not in have]


def interview_summary(session: Session, *, actor: Actor,
                      application_id: int) -> InterviewSummary:
    """Mean rating per skill and recommendation counts over the application's scorecards the
    actor may see (see the module docstring); audited as a read."""
    application = get_application(session, application_id=application_id, actor=actor)
    rows = session.execute(
        select(Scorecard, Interview.id).join(Interview, Interview.id == Scorecard.interview_id)
        .where(Interview.application_id == application.id,
               Scorecard.submitted_at.is_not(None))).all()
    rounds = set(session.scalars(select(Interview.id).where(
        Interview.application_id == application.id)))
    mine = {interview_id for card, interview_id in rows if card.interviewer_id == actor.user_id}
    visible = rounds if actor.is_hr else mine
    cards = [card for card, interview_id in rows if interview_id in visible]
    ratings: dict[str, list[int]] = defaultdict(list)
    for card in cards:
        for slug, value in (card.ratings or {}).items():
            ratings[slug].append(int(value))
    counts = Counter(card.recommendation for card in cards if card.recommendation)
    hidden = len({interview_id for _, interview_id in rows} - visible)
    record_event(session, actor=actor, action="read", resource="scorecard",
                 detail={"application_id": application.id, "scorecards": len(cards)})
    return InterviewSummary(
        application_id=application.id, rounds=len(rounds), hidden_rounds=hidden,
        scorecards=len(cards),
        skills=[SkillRating(skill=slug, mean=round(sum(found) / len(found), 3),
                            ratings=len(found), low=min(found), high=max(found))
                for slug, found in sorted(ratings.items())],
        recommendations={name: counts.get(name, 0) for name in RECOMMENDATIONS})
