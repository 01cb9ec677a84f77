"""The recruiting home (招聘): the openings the user may see with their applications per stage,
the latest candidates, and a new opening made from a job description (pasted or uploaded ->
proposed requirements in an editable form -> confirmed, the opening is created); and the
pipeline funnel (conversion and time per stage, by source and by opening).

The services scope every row (a hiring manager: their own openings) and audit the reads.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from talentgraph.api._deps import ActorDep, SessionDep, SettingsDep
from talentgraph.domain import EDUCATION_LEVELS, Actor
from talentgraph.errors import ParameterError, TalentGraphError
from talentgraph.match._opening import ROLE_LEVELS
from talentgraph.services._framework import shipped_taxonomy
from talentgraph.services._funnel import FLOW, UNKNOWN_SOURCE, pipeline_funnel
from talentgraph.services._hiring_managers import list_hiring_managers
from talentgraph.services._opening_proposals import MAX_JD_CHARS, OpeningProposal, propose_opening
from talentgraph.services._pipeline_boards import stage_counts
from talentgraph.services._recruiting import (
    OPENING_STATUSES,
    create_opening,
    list_candidates,
    list_openings,
)
from talentgraph.taxonomy import load_taxonomy
from talentgraph.web._forms import FormDep, form_text, parse_number
from talentgraph.web._page import local_name, request_language
from talentgraph.web._views_recruiting_render import is_shown_again, render_recruiting

__all__ = ["BLANK_SKILLS", "MAX_SKILLS", "draft_of_form", "draft_of_proposal", "router"]

router = APIRouter()

PER_PAGE = 25
SHOWN_CANDIDATES = 25
#: Rows of the requirements form: at most this many skills, and this many blank rows to add.
MAX_SKILLS = 40
BLANK_SKILLS = 3
_OPTIONAL_TEXT = ("role_family", "level", "location", "education_min", "currency")
_OPTIONAL_NUMBERS = ("min_years", "pay_min", "pay_max")

StatusFilter = Annotated[str, Query(pattern="^(" + "|".join(OPENING_STATUSES) + ")?$")]
SearchText = Annotated[str, Query(max_length=200, pattern=r"^[^\x00]*$")]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]


def _home(request: Request, session: Session, actor: Actor, *, status: str = "", q: str = "",
          page: int = 1, status_code: int = 200, error: str = "",
          values: dict[str, str] | None = None) -> HTMLResponse:
    openings = list_openings(session, actor=actor, status=status or None, q=q or None,
                             limit=PER_PAGE, offset=(page - 1) * PER_PAGE, sort="-created_at")
    counts = stage_counts(session, actor=actor, opening_ids=[o.id for o in openings.items])
    candidates = list_candidates(session, actor=actor, limit=SHOWN_CANDIDATES,
                                 sort="-created_at")
    return render_recruiting(
        request, "recruiting.html.j2", actor=actor, status_code=status_code, error=error,
        openings=openings, counts=counts, candidates=candidates, status=status, q=q,
        statuses=OPENING_STATUSES, page=page,
        pages=max(1, math.ceil(openings.total / PER_PAGE)),
        values={"text": "", "title": "", **(values or {})})


@router.get("/recruiting", name="web.recruiting", response_class=HTMLResponse)
def recruiting(request: Request, session: SessionDep, actor: ActorDep, status: StatusFilter = "",
               q: SearchText = "", page: PageNumber = 1) -> HTMLResponse:
    """The openings the user may see (with applications per stage) and the latest candidates;
    recruiters also get the new-opening form."""
    return _home(request, session, actor, status=status, q=q.strip(), page=page)


def _skill_row(slug: str, level: int, weight: float, lang: str) -> dict[str, Any]:
    taxonomy = load_taxonomy()
    name = local_name(taxonomy.get(slug), lang) if slug in taxonomy else slug
    return {"skill": slug, "name": name, "level": level, "weight": weight, "keep": True}


def draft_of_proposal(proposal: OpeningProposal, *, lang: str) -> dict[str, Any]:
    """The requirements form's values from a proposal read from a job description."""
    return {"title": proposal.title, "role_family": proposal.role_family or "",
            "level": proposal.level or "", "location": "", "hiring_manager_id": "",
            "min_years": "" if proposal.min_years is None else f"{proposal.min_years:g}",
            "education_min": proposal.education_min or "", "pay_min": "", "pay_max": "",
            "currency": "", "description": proposal.description,
            "language": proposal.language or "",
            "skills": [_skill_row(s.skill, s.level, s.weight, lang) for s in proposal.skills]}


def _slug_of(text: str) -> str:
    """A skill typed in the form: its slug, or the slug its (zh/en) name or alias resolves to."""
    taxonomy = load_taxonomy()
    if text in taxonomy:
        return text
    return taxonomy.resolve(text) or text


def draft_of_form(form: FormData, *, lang: str) -> dict[str, Any]:
    """The requirements form's values as posted (to show the form again after an error)."""
    draft: dict[str, Any] = {name: form_text(form, name) for name in (
        "title", "role_family", "level", "location", "hiring_manager_id", "min_years",
        "education_min", "pay_min", "pay_max", "currency", "language")}
    description = form.get("description")
    draft["description"] = description[:MAX_JD_CHARS] if isinstance(description, str) else ""
    skills = []
    for index in range(MAX_SKILLS + BLANK_SKILLS):
        typed = form_text(form, f"skill_{index}")
        if not typed:
            continue
        slug = _slug_of(typed)
        row = _skill_row(slug, 0, 1.0, lang)
        row.update(level=form_text(form, f"level_{index}") or "2",
                   weight=form_text(form, f"weight_{index}") or "1",
                   keep=bool(form_text(form, f"keep_{index}")))
        skills.append(row)
    draft["skills"] = skills
    return draft


def _number(text: str, field: str) -> float:
    return parse_number(text, field=field)


def _level(text: str, field: str) -> int:
    value = parse_number(text, field=field)
    if value != int(value):
        raise ParameterError(f"The {field!r} field must be a whole number 0-4. Got {text!r}.")
    return int(value)


def fields_of_draft(draft: dict[str, Any]) -> dict[str, Any]:
    """The fields of create_opening from the requirements form (kept skill rows only)."""
    fields: dict[str, Any] = {"title": draft["title"], "description": draft["description"]}
    for name in _OPTIONAL_TEXT:
        if draft[name]:
            fields[name] = draft[name]
    for name in _OPTIONAL_NUMBERS:
        if draft[name]:
            fields[name] = _number(draft[name], name)
    if draft["hiring_manager_id"]:
        fields["hiring_manager_id"] = int(_number(draft["hiring_manager_id"],
                                                  "hiring_manager_id"))
    kept = [row for row in draft["skills"] if row["keep"]]
    if len(kept) > MAX_SKILLS:
        raise ParameterError(f"An opening asks for at most {MAX_SKILLS} skills here. Got "
                             f"{len(kept)}.")
    fields["skills"] = [{"skill": row["skill"],
                         "level": _level(str(row["level"]), f"level of {row['skill']}"),
                         "weight": _number(str(row["weight"]), f"weight of {row['skill']}")}
                        for row in kept]
    return fields


def _new_opening_form(request: Request, session: Session, actor: Actor, draft: dict[str, Any],
                      *, status_code: int = 200, error: str = "") -> HTMLResponse:
    lang = request_language(request)
    roles = sorted(((slug, local_name(role, lang)) for slug, role in
                    shipped_taxonomy().roles.items()), key=lambda pair: pair[1])
    return render_recruiting(
        request, "recruiting_opening_new.html.j2", actor=actor, status_code=status_code,
        error=error, draft=draft, roles=roles, levels=ROLE_LEVELS, degrees=EDUCATION_LEVELS,
        managers=list_hiring_managers(session, actor=actor), blank_skills=BLANK_SKILLS)


@router.post("/recruiting/openings/propose", name="web.recruiting_opening_propose",
             response_class=HTMLResponse)
def recruiting_opening_propose(
        request: Request, session: SessionDep, settings: SettingsDep, actor: ActorDep,
        text: Annotated[str, Form(max_length=MAX_JD_CHARS)] = "",
        title: Annotated[str, Form(max_length=300)] = "",
        file: Annotated[UploadFile | None, File()] = None) -> HTMLResponse:
    """Read a pasted or uploaded job description into proposed requirements, shown in an
    editable form (nothing is saved yet)."""
    upload = (file.filename, file.file) if file is not None and file.filename else None
    try:
        proposal = propose_opening(actor=actor, settings=settings, text=text or None,
                                   file=upload, title=title.strip() or None)
    except TalentGraphError as exc:
        if not is_shown_again(exc):
            raise
        return _home(request, session, actor, status_code=exc.status, error=exc.message,
                     values={"text": text, "title": title})
    return _new_opening_form(request, session, actor,
                             draft_of_proposal(proposal, lang=request_language(request)))


@router.post("/recruiting/openings", name="web.recruiting_opening_create",
             response_class=HTMLResponse)
def recruiting_opening_create(request: Request, session: SessionDep, actor: ActorDep,
                              form: FormDep) -> Response:
    """Create the opening with the confirmed (and edited) requirements; then show it."""
    draft = draft_of_form(form, lang=request_language(request))
    try:
        opening = create_opening(session, actor=actor, fields=fields_of_draft(draft))
    except TalentGraphError as exc:
        if not is_shown_again(exc):
            raise
        session.rollback()
        return _new_opening_form(request, session, actor, draft, status_code=exc.status,
                                 error=exc.message)
    return RedirectResponse(f"/recruiting/openings/{opening.id}", status_code=303)


@router.get("/recruiting/funnel", name="web.recruiting_funnel", response_class=HTMLResponse)
def recruiting_funnel(request: Request, session: SessionDep, actor: ActorDep,
                      opening_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                      source: SearchText = "") -> HTMLResponse:
    """Conversion per stage and median days in it, overall, by source and by opening, for the
    applications the user may see (filtered by opening and source)."""
    report = pipeline_funnel(session, actor=actor, opening_id=opening_id,
                             source=source.strip()[:60] or None)
    openings = list_openings(session, actor=actor, limit=200, sort="-created_at")
    return render_recruiting(
        request, "recruiting_funnel.html.j2", actor=actor, report=report, flow=FLOW,
        openings=openings.items, opening_id=opening_id, source=source.strip()[:60],
        unknown_source=UNKNOWN_SOURCE)
