"""One opening's pages: the candidates ranked with their score, its parts, the matched, partly
matched and missing skills (each matched one with the resume line that shows it) and the
explanation in the page's language; the fit-score weights (recruiters); resumes uploaded for
the opening with a report per file; selected applications moved to a stage at once; the kanban
board (a card moves with its own small form); and, for hr, the interviewers' agreement and
leniency.

The services scope every row (a hiring manager: their own openings; another's is a 404) and
audit the reads and writes.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from talentgraph.api._deps import ActorDep, SessionDep, SettingsDep
from talentgraph.domain import Actor
from talentgraph.errors import ParameterError, TalentGraphError
from talentgraph.match import PARTS
from talentgraph.services._interview_stats import opening_interview_stats
from talentgraph.services._pipeline import bulk_move_applications, move_application
from talentgraph.services._pipeline_boards import opening_board, stage_counts
from talentgraph.services._ranking import rank_opening
from talentgraph.services._recruiting import update_opening
from talentgraph.services._recruiting_scope import get_application, get_opening
from talentgraph.services._resumes import MAX_FILES, ResumeImport, import_resume_streams
from talentgraph.web._forms import FormDep, form_text, parse_number
from talentgraph.web._page import request_language, translate_for
from talentgraph.web._views_recruiting_render import is_shown_again, render_recruiting

__all__ = ["TOP_K", "router", "weights_of_form"]

router = APIRouter()

#: The most candidates the ranked list shows.
TOP_K = 100
MAX_ID = 2**31 - 1
OpeningId = Annotated[int, Path(ge=1, le=MAX_ID)]
ApplicationId = Annotated[int, Path(ge=1, le=MAX_ID)]
Count = Annotated[int | None, Query(ge=0, le=100_000)]


def _opening_page(request: Request, session: Session, actor: Actor, opening_id: int, *,
                  status_code: int = 200, error: str = "", notice: str = "",
                  report: list[ResumeImport] | None = None) -> HTMLResponse:
    opening = get_opening(session, opening_id=opening_id, actor=actor)
    ranking = rank_opening(session, actor=actor, opening_id=opening.id, top_k=TOP_K,
                           lang=request_language(request))
    counts = stage_counts(session, actor=actor, opening_ids=[opening.id])[opening.id]
    return render_recruiting(
        request, "recruiting_opening.html.j2", actor=actor, status_code=status_code,
        error=error, notice=notice, opening=opening, ranking=ranking, counts=counts,
        parts=PARTS, report=report, max_files=MAX_FILES)


@router.get("/recruiting/openings/{opening_id}", name="web.recruiting_opening",
            response_class=HTMLResponse)
def recruiting_opening(opening_id: OpeningId, request: Request, session: SessionDep,
                       actor: ActorDep, moved: Count = None,
                       unchanged: Count = None) -> HTMLResponse:
    """The opening with its candidates ranked, with reasons."""
    notice = ""
    if moved is not None:
        notice = translate_for(request)("recruiting.bulk_done", moved=moved,
                                        unchanged=unchanged or 0)
    return _opening_page(request, session, actor, opening_id, notice=notice)


def weights_of_form(values: dict[str, str]) -> dict[str, float]:
    """The parts' weights from the weights form (relative numbers, e.g. percentages), scaled
    to sum to 1; ParameterError when one is negative or all are 0."""
    weights = {part: parse_number(values.get(part) or "0", field=part) for part in PARTS}
    if any(value < 0 for value in weights.values()):
        raise ParameterError("The weights of the fit score's parts must not be negative. Got "
                             f"{weights}.")
    total = sum(weights.values())
    if total <= 0:
        raise ParameterError("At least one part of the fit score needs a weight above 0. Got "
                             "all 0.")
    scaled = {part: round(value / total, 6) for part, value in weights.items()}
    # the rounded shares may miss 1 by a millionth: the largest part takes the difference
    largest = max(scaled, key=lambda part: scaled[part])
    scaled[largest] = round(scaled[largest] + 1.0 - sum(scaled.values()), 6)
    return scaled


@router.post("/recruiting/openings/{opening_id}/weights", name="web.recruiting_weights",
             response_class=HTMLResponse)
def recruiting_weights(opening_id: OpeningId, request: Request, session: SessionDep,
                       actor: ActorDep, form: FormDep) -> Response:
    """Set the opening's fit-score weights (or reset them to the defaults)."""
    try:
        weights = None if form_text(form, "reset") else weights_of_form(
            {part: form_text(form, part) for part in PARTS})
        update_opening(session, opening_id=opening_id, actor=actor,
                       changes={"match_weights": weights})
    except TalentGraphError as exc:
        if not is_shown_again(exc):
            raise
        session.rollback()
        return _opening_page(request, session, actor, opening_id, status_code=exc.status,
                             error=exc.message)
    return RedirectResponse(f"/recruiting/openings/{opening_id}#weights", status_code=303)


@router.post("/recruiting/openings/{opening_id}/resumes", name="web.recruiting_resumes",
             response_class=HTMLResponse)
def recruiting_resumes(
        opening_id: OpeningId, request: Request, session: SessionDep, settings: SettingsDep,
        actor: ActorDep, files: Annotated[list[UploadFile] | None, File()] = None,
        source: Annotated[str, Form(max_length=60)] = "") -> HTMLResponse:
    """Import resumes (many files) as candidates applying to the opening; the page shows what
    became of each file (created, merged into the same person, or why it failed). A file
    input left empty is ignored."""
    uploads = [item for item in files or [] if item.filename]
    try:
        if not uploads:
            raise ParameterError(translate_for(request)("recruiting.no_files"))
        report = import_resume_streams(
            session, actor=actor, settings=settings, opening_id=opening_id,
            source=source.strip() or None,
            files=[(upload.filename, upload.file) for upload in uploads])
    except TalentGraphError as exc:
        if not is_shown_again(exc):
            raise
        session.rollback()
        return _opening_page(request, session, actor, opening_id, status_code=exc.status,
                             error=exc.message)
    return _opening_page(request, session, actor, opening_id, report=report)


def _ids(values: list[Any]) -> list[int]:
    ids = []
    for value in values:
        if (not isinstance(value, str) or not value.isascii() or not value.isdigit()
                or len(value) > 12 or not 0 < int(value) <= MAX_ID):
            raise ParameterError(f"The 'ids' field must hold application ids. Got {value!r}.")
        ids.append(int(value))
    return ids


@router.post("/recruiting/openings/{opening_id}/bulk-move", name="web.recruiting_bulk_move",
             response_class=HTMLResponse)
def recruiting_bulk_move(opening_id: OpeningId, request: Request, session: SessionDep,
                         actor: ActorDep, form: FormDep) -> Response:
    """Move the selected applications to one stage (all or none), with a reason."""
    try:
        get_opening(session, opening_id=opening_id, actor=actor)
        ids = _ids(form.getlist("ids"))
        if not ids:
            raise ParameterError(translate_for(request)("recruiting.none_selected"))
        done = bulk_move_applications(session, actor=actor, application_ids=ids,
                                      opening_id=opening_id,
                                      stage=form_text(form, "stage"),
                                      reason=form_text(form, "reason") or None)
    except TalentGraphError as exc:
        if not is_shown_again(exc):
            raise
        session.rollback()
        return _opening_page(request, session, actor, opening_id, status_code=exc.status,
                             error=exc.message)
    return RedirectResponse(f"/recruiting/openings/{opening_id}?moved={len(done.moved)}"
                            f"&unchanged={len(done.unchanged)}", status_code=303)


def _kanban_page(request: Request, session: Session, actor: Actor, opening_id: int, *,
                 status_code: int = 200, error: str = "") -> HTMLResponse:
    opening = get_opening(session, opening_id=opening_id, actor=actor)
    board = opening_board(session, actor=actor, opening_id=opening.id)
    return render_recruiting(request, "recruiting_kanban.html.j2", actor=actor,
                             status_code=status_code, error=error, opening=opening, board=board)


@router.get("/recruiting/openings/{opening_id}/kanban", name="web.recruiting_kanban",
            response_class=HTMLResponse)
def recruiting_kanban(opening_id: OpeningId, request: Request, session: SessionDep,
                      actor: ActorDep) -> HTMLResponse:
    """The opening's applications in one column per stage; each card moves with its form."""
    return _kanban_page(request, session, actor, opening_id)


@router.post("/recruiting/applications/{application_id}/move", name="web.recruiting_move",
             response_class=HTMLResponse)
def recruiting_move(application_id: ApplicationId, request: Request, session: SessionDep,
                    actor: ActorDep, stage: Annotated[str, Form(max_length=30)] = "",
                    reason: Annotated[str, Form(max_length=400)] = "") -> Response:
    """Move one application to a stage (a rejection needs a reason); back to the board."""
    try:
        application = move_application(session, actor=actor, application_id=application_id,
                                       stage=stage.strip(), reason=reason.strip() or None)
    except TalentGraphError as exc:
        if not is_shown_again(exc):
            raise
        session.rollback()
        opening_id = get_application(session, application_id=application_id,
                                     actor=actor).opening_id
        return _kanban_page(request, session, actor, opening_id, status_code=exc.status,
                            error=exc.message)
    return RedirectResponse(f"/recruiting/openings/{application.opening_id}/kanban"
                            f"#card-{application.id}", status_code=303)


@router.get("/recruiting/openings/{opening_id}/interview-stats",
            name="web.recruiting_interview_stats", response_class=HTMLResponse)
def recruiting_interview_stats(opening_id: OpeningId, request: Request, session: SessionDep,
                               actor: ActorDep) -> HTMLResponse:
    """How far the opening's interviewers agree (Krippendorff's alpha, overall and per skill)
    and how lenient each is (hr and admin)."""
    opening = get_opening(session, opening_id=opening_id, actor=actor)
    stats = opening_interview_stats(session, actor=actor, opening_id=opening.id)
    return render_recruiting(request, "recruiting_interview_stats.html.j2", actor=actor,
                             opening=opening, stats=stats)
