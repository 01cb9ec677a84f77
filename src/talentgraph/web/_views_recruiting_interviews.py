"""Structured interviews (面试评估): an opening's interview plan (rounds with focus skills from
the opening; recruiters edit it), the rounds of each application created from the plan, and
the scorecard page of a round: rate each focus skill 1-4, notes and a recommendation. Other
interviewers' scorecards stay hidden until one has submitted one's own (hr and admin see all),
and the application's interview summary counts only what the user may see.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.domain import Actor
from talentgraph.errors import TalentGraphError
from talentgraph.services._interview_plans import (
    MAX_ROUNDS,
    create_interviews_from_plan,
    get_interview_plan,
    interview_summary,
    set_interview_plan,
)
from talentgraph.services._pipeline import (
    RATINGS,
    RECOMMENDATIONS,
    list_scorecards,
    submit_scorecard,
)
from talentgraph.services._pipeline_boards import interview_context, opening_interviews
from talentgraph.services._recruiting_scope import get_application, get_opening
from talentgraph.web._forms import FormDep, form_text
from talentgraph.web._views_recruiting_render import is_shown_again, render_recruiting

__all__ = ["BLANK_ROUNDS", "ratings_of_form", "rounds_of_form", "router"]

router = APIRouter()

#: Blank rows of the plan form, to add rounds.
BLANK_ROUNDS = 2
MAX_ID = 2**31 - 1
OpeningId = Annotated[int, Path(ge=1, le=MAX_ID)]
ApplicationId = Annotated[int, Path(ge=1, le=MAX_ID)]
InterviewId = Annotated[int, Path(ge=1, le=MAX_ID)]
RATING_PREFIX = "rating."


def _plan_page(request: Request, session: Session, actor: Actor, opening_id: int, *,
               status_code: int = 200, error: str = "",
               rounds: list[dict[str, Any]] | None = None) -> HTMLResponse:
    opening = get_opening(session, opening_id=opening_id, actor=actor)
    plan = get_interview_plan(session, actor=actor, opening_id=opening.id)
    shown = rounds if rounds is not None else [
        {"round": item.round, "focus_skills": item.focus_skills} for item in plan.rounds]
    return render_recruiting(
        request, "recruiting_interview_plan.html.j2", actor=actor, status_code=status_code,
        error=error, is_editing=bool(error), opening=opening, plan=plan, rounds=shown,
        blank_rounds=max(0, min(BLANK_ROUNDS, MAX_ROUNDS - len(shown))),
        applications=opening_interviews(session, actor=actor, opening_id=opening.id))


@router.get("/recruiting/openings/{opening_id}/interview-plan",
            name="web.recruiting_interview_plan", response_class=HTMLResponse)
def recruiting_interview_plan(opening_id: OpeningId, request: Request, session: SessionDep,
                              actor: ActorDep) -> HTMLResponse:
    """The opening's interview plan (a suggestion until saved) and each application's rounds."""
    return _plan_page(request, session, actor, opening_id)


def rounds_of_form(form: FormData) -> list[dict[str, Any]]:
    """The rounds of the plan form: rows round_N (name) and focus_N (checked skills); rows
    with neither a name nor a skill are left out."""
    rounds = []
    for index in range(MAX_ROUNDS + BLANK_ROUNDS):
        name = form_text(form, f"round_{index}")
        focus = [value for value in form.getlist(f"focus_{index}") if isinstance(value, str)]
        if name or focus:
            rounds.append({"round": name, "focus_skills": focus})
    return rounds


@router.post("/recruiting/openings/{opening_id}/interview-plan",
             name="web.recruiting_interview_plan_save", response_class=HTMLResponse)
def recruiting_interview_plan_save(opening_id: OpeningId, request: Request,
                                   session: SessionDep, actor: ActorDep,
                                   form: FormDep) -> Response:
    """Save the opening's interview plan (recruiters, hr, admin)."""
    rounds = rounds_of_form(form)
    try:
        set_interview_plan(session, actor=actor, opening_id=opening_id, rounds=rounds)
    except TalentGraphError as exc:
        if not is_shown_again(exc):
            raise
        session.rollback()
        return _plan_page(request, session, actor, opening_id, status_code=exc.status,
                          error=exc.message, rounds=rounds)
    return RedirectResponse(f"/recruiting/openings/{opening_id}/interview-plan",
                            status_code=303)


@router.post("/recruiting/applications/{application_id}/interviews",
             name="web.recruiting_interviews_create", response_class=HTMLResponse)
def recruiting_interviews_create(application_id: ApplicationId, request: Request,
                                 session: SessionDep, actor: ActorDep) -> Response:
    """Add the application's interview rounds from its opening's saved plan."""
    try:
        create_interviews_from_plan(session, actor=actor, application_id=application_id)
    except TalentGraphError as exc:
        if not is_shown_again(exc):
            raise
        session.rollback()
        opening_id = get_application(session, application_id=application_id,
                                     actor=actor).opening_id
        return _plan_page(request, session, actor, opening_id, status_code=exc.status,
                          error=exc.message)
    opening_id = get_application(session, application_id=application_id,
                                 actor=actor).opening_id
    return RedirectResponse(f"/recruiting/openings/{opening_id}/interview-plan"
                            f"#application-{application_id}", status_code=303)


def _scorecard_page(request: Request, session: Session, actor: Actor, interview_id: int, *,
                    status_code: int = 200, error: str = "",
                    values: dict[str, Any] | None = None) -> HTMLResponse:
    context = interview_context(session, actor=actor, interview_id=interview_id)
    return render_recruiting(
        request, "recruiting_scorecard.html.j2", actor=actor, status_code=status_code,
        error=error, interview=context, ratings=list(RATINGS), recommendations=RECOMMENDATIONS,
        scorecards=list_scorecards(session, actor=actor, interview_id=context.interview_id),
        summary=interview_summary(session, actor=actor, application_id=context.application_id),
        values=values or {"ratings": {}, "recommendation": "", "notes": ""})


@router.get("/recruiting/interviews/{interview_id}/scorecard", name="web.recruiting_scorecard",
            response_class=HTMLResponse)
def recruiting_scorecard(interview_id: InterviewId, request: Request, session: SessionDep,
                         actor: ActorDep) -> HTMLResponse:
    """A round's scorecard form (until one has submitted), the scorecards one may see and the
    application's interview summary."""
    return _scorecard_page(request, session, actor, interview_id)


def ratings_of_form(form: FormData) -> dict[str, Any]:
    """The ratings of the scorecard form (fields rating.<skill>): whole numbers as ints, any
    other text as given (the service names what is wrong)."""
    ratings: dict[str, Any] = {}
    for key in form:
        if key.startswith(RATING_PREFIX) and len(key) > len(RATING_PREFIX):
            text = form_text(form, key)
            whole = text.isascii() and text.isdigit() and len(text) <= 3  # not "²" or "①"
            ratings[key[len(RATING_PREFIX):]] = int(text) if whole else text
    return ratings


@router.post("/recruiting/interviews/{interview_id}/scorecard",
             name="web.recruiting_scorecard_submit", response_class=HTMLResponse)
def recruiting_scorecard_submit(interview_id: InterviewId, request: Request,
                                session: SessionDep, actor: ActorDep,
                                form: FormDep) -> Response:
    """Submit one's scorecard for the round (final once submitted)."""
    ratings = ratings_of_form(form)
    recommendation, notes = form_text(form, "recommendation"), form_text(form, "notes")
    try:
        submit_scorecard(session, actor=actor, interview_id=interview_id, ratings=ratings,
                         recommendation=recommendation, notes=notes)
    except TalentGraphError as exc:
        if not is_shown_again(exc):
            raise
        session.rollback()
        return _scorecard_page(request, session, actor, interview_id, status_code=exc.status,
                               error=exc.message, values={
                                   "ratings": ratings, "recommendation": recommendation,
                                   "notes": notes})
    return RedirectResponse(f"/recruiting/interviews/{interview_id}/scorecard",
                            status_code=303)
