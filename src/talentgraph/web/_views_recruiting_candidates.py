"""A candidate's page: the fields the user may see (contact details only to recruiters, hr and
admin; protected attributes only to hr and admin), education and work history read from the
resume, skills with levels and the resume lines that show them, the applications with their
stage history, notes (with a form to add one) and interview rounds, and the merges into the
candidate. The services scope the rows and audit the reads.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from talentgraph.api._deps import ActorDep, SessionDep, SettingsDep
from talentgraph.domain import Actor
from talentgraph.errors import TalentGraphError
from talentgraph.services._candidate_records import candidate_record
from talentgraph.services._pipeline import add_note
from talentgraph.services._recruiting_scope import get_application
from talentgraph.settings import Settings
from talentgraph.web._views_recruiting_render import is_shown_again, render_recruiting

__all__ = ["router"]

router = APIRouter()

MAX_ID = 2**31 - 1
CandidateId = Annotated[int, Path(ge=1, le=MAX_ID)]
ApplicationId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _candidate_page(request: Request, session: Session, settings: Settings, actor: Actor,
                    candidate_id: int, *, status_code: int = 200, error: str = "",
                    note: str = "", note_for: int | None = None) -> HTMLResponse:
    record = candidate_record(session, actor=actor, candidate_id=candidate_id,
                              settings=settings)
    return render_recruiting(request, "recruiting_candidate.html.j2", actor=actor,
                             status_code=status_code, error=error, record=record,
                             candidate=record.view, note=note, note_for=note_for)


@router.get("/recruiting/candidates/{candidate_id}", name="web.recruiting_candidate",
            response_class=HTMLResponse)
def recruiting_candidate(candidate_id: CandidateId, request: Request, session: SessionDep,
                         settings: SettingsDep, actor: ActorDep) -> HTMLResponse:
    """One candidate's record."""
    return _candidate_page(request, session, settings, actor, candidate_id)


@router.post("/recruiting/applications/{application_id}/notes", name="web.recruiting_note",
             response_class=HTMLResponse)
def recruiting_note(application_id: ApplicationId, request: Request, session: SessionDep,
                    settings: SettingsDep, actor: ActorDep,
                    text: Annotated[str, Form(max_length=6000)] = "") -> Response:
    """Append a note (with its author and time) to an application; back to the candidate."""
    try:
        application = add_note(session, actor=actor, application_id=application_id, text=text)
    except TalentGraphError as exc:
        if not is_shown_again(exc):
            raise
        session.rollback()
        candidate_id = get_application(session, application_id=application_id,
                                       actor=actor).candidate_id
        return _candidate_page(request, session, settings, actor, candidate_id,
                               status_code=exc.status, error=exc.message, note=text,
                               note_for=application_id)
    return RedirectResponse(f"/recruiting/candidates/{application.candidate_id}"
                            f"#application-{application.id}", status_code=303)
