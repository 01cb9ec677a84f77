"""The skill-check page (技能测验): the exercise (its prompt in a safe Markdown subset), the
questions as a form, and after submitting, the grade with each question's expected answer and
worked solution in the page's language, and the skill's new level.

A check is graded once: submitting again shows the refusal (409) on the check's page. Only
the login a check was issued to answers it; their managers, hr and admin may look at it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.domain import Actor
from talentgraph.errors import ConflictError
from talentgraph.services import _cultivation_checks as checks
from talentgraph.services._profiles import skill_names
from talentgraph.web._forms import FormDep, form_text
from talentgraph.web._markdown import render_markdown
from talentgraph.web._page import name_picker, render_page, request_language
from talentgraph.web._views_cultivation import profile_url

__all__ = ["ANSWER_PREFIX", "router"]

router = APIRouter()

#: Form fields of the answers are named ``answer.<question key>``.
ANSWER_PREFIX = "answer."
AttemptId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _check_context(session: Session, actor: Actor, view: checks.CheckView,
                   lang: str) -> dict[str, Any]:
    attempt, check = view.attempt, view.check
    prompt = check.prompt_zh if lang == "zh" else check.prompt_en
    return {"attempt": attempt, "check": check, "prompt": render_markdown(prompt),
            "may_answer": actor.user_id is not None and attempt.issued_to == actor.user_id
            and attempt.submitted_at is None,
            "skill": name_picker(skill_names(session, [attempt.skill_slug]), lang)(
                attempt.skill_slug),
            "back": profile_url(actor, attempt.employee_id)}


@router.get("/checks/{attempt_id}", name="web.check", response_class=HTMLResponse)
def check_page(attempt_id: AttemptId, request: Request, session: SessionDep,
               actor: ActorDep) -> HTMLResponse:
    """An issued check: the exercise and, while it is open, the form to answer it."""
    view = checks.get_check(session, attempt_id=attempt_id, actor=actor)
    return render_page(request, "check.html.j2", actor=actor, outcome=None, answers={},
                       **_check_context(session, actor, view, request_language(request)))


@router.post("/checks/{attempt_id}", name="web.check_submit", response_class=HTMLResponse)
def check_submit(attempt_id: AttemptId, request: Request, session: SessionDep,
                 actor: ActorDep, form: FormDep) -> HTMLResponse:
    """Grade the answers (once): the result with per-question feedback and the new level."""
    answers = {key[len(ANSWER_PREFIX):]: form_text(form, key) for key in form
               if key.startswith(ANSWER_PREFIX)}
    lang = request_language(request)
    try:
        outcome = checks.submit_check(session, attempt_id=attempt_id, actor=actor,
                                      answers=answers)
    except ConflictError as exc:
        session.rollback()
        view = checks.get_check(session, attempt_id=attempt_id, actor=actor)
        return render_page(request, "check.html.j2", actor=actor, status_code=exc.status,
                           outcome=None, answers={},
                           flashes=[{"level": "error", "message": exc.message}],
                           **_check_context(session, actor, view, lang))
    view = checks.CheckView(attempt=outcome.attempt,
                            check=checks.regenerate_check(outcome.attempt.check_id))
    return render_page(request, "check.html.j2", actor=actor, outcome=outcome,
                       answers=answers, **_check_context(session, actor, view, lang))
