"""Development pages (培养发展): a person's skills with why each level (and a form to add
evidence: one's own self-assessment, a manager's assessment, hr's course evidence), their gap
to a role level, their learning plan (take a step's check; a manager marks a step complete),
onboarding and readiness for the next level; hr imports employees' resumes in bulk.

Who sees whom follows the services' team rule: an employee their own profile (at
/development), a manager also their team (a picker on the same page), hr and admin anyone
(a search by ref); someone else's profile answers 404 as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from talentgraph.api._deps import ActorDep, DatabaseDep, SessionDep, SettingsDep
from talentgraph.domain import Actor
from talentgraph.errors import TalentGraphError
from talentgraph.services import _cultivation_careers as careers
from talentgraph.services import _cultivation_checks as checks
from talentgraph.services import _cultivation_gaps as gaps
from talentgraph.services import _cultivation_people as people
from talentgraph.services import _cultivation_plans as plans
from talentgraph.services import _profile_resumes as profile_resumes
from talentgraph.services._framework import list_roles
from talentgraph.services._people import LEVELS, manages
from talentgraph.services._profiles import (
    add_evidence,
    evidence_sources,
    explain_skill,
    skill_names,
)
from talentgraph.web._page import name_picker, render_page, request_language

__all__ = ["FORM_SOURCES", "ONBOARDING_DAYS", "PLAN_LANGUAGES", "profile_url", "router"]

router = APIRouter()
T = TypeVar("T")

SHOWN = 50
#: People hired this recently see their onboarding plan without asking for it.
ONBOARDING_DAYS = 120
#: The languages a plan's resources may be limited to ("" any).
PLAN_LANGUAGES = ("", "zh", "en")
#: The evidence sources the profile's form offers, to whoever may add them.
FORM_SOURCES = ("self", "manager", "course")

EmployeeId = Annotated[int, Path(ge=1, le=2**31 - 1)]
PlanId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Order = Annotated[int, Path(ge=1, le=10_000)]
RoleQuery = Annotated[str, Query(max_length=120)]
LevelQuery = Annotated[str, Query(pattern=r"^(L[1-5])?$")]


def profile_url(actor: Actor, employee_id: int) -> str:
    """Where a profile lives: /development for one's own, /development/{id} for others'."""
    return "/development" if actor.employee_id == employee_id else f"/development/{employee_id}"


def _attempt(call: Callable[..., T], **kwargs: Any) -> tuple[T | None, str]:
    """``call(**kwargs)`` and "", or None and the message of a refused request (so that one
    section of a page says what is wrong instead of the whole page failing)."""
    try:
        return call(**kwargs), ""
    except TalentGraphError as exc:
        if exc.status >= 500:
            raise
        return None, exc.message


def _profile_context(session: Session, actor: Actor, *, employee_id: int, lang: str,
                     role: str = "", level: str = "", onboarding: bool = False,
                     evidence: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the profile page shows; visibility and audit are the services'."""
    person = people.open_person(session, employee_id=employee_id, actor=actor)
    profile = people.skill_profile(session, employee_id=person.id, actor=actor)
    gap, gap_error = _attempt(gaps.employee_gap, session=session, employee_id=person.id,
                              actor=actor, role=role or None, level=level or None)
    readiness, readiness_error = _attempt(gaps.employee_readiness, session=session,
                                          employee_id=person.id, actor=actor)
    recent = person.hired_on is not None and \
        date.today() - person.hired_on <= timedelta(days=ONBOARDING_DAYS)
    onboarding_plan, onboarding_error = (None, "")
    if onboarding or recent:
        onboarding_plan, onboarding_error = _attempt(
            careers.employee_onboarding, session=session, employee_id=person.id, actor=actor)
    is_self = actor.employee_id == person.id
    team = [p for p in people.list_people(session, actor=actor, limit=SHOWN)
            if p.id != person.id] if is_self else []
    plan = plans.current_plan(session, employee_id=person.id, actor=actor)
    names = dict(profile.names)
    for view in (gap, readiness):
        if view is not None:
            names.update(view.names)
    steps = [s for s in (plan.plan.steps if plan is not None else ()) if isinstance(s, dict)]
    names.update(skill_names(session, [str(s.get("slug")) for s in steps
                                       if s.get("slug") not in names]))
    return {
        "person": person, "is_self": is_self, "profile": profile, "team": team,
        "gap": gap, "gap_error": gap_error, "readiness": readiness,
        "readiness_error": readiness_error,
        "plan": plan, "steps": steps,
        "onboarding": onboarding_plan, "onboarding_error": onboarding_error,
        "show_onboarding": onboarding or recent,
        "can_assess": actor.is_hr or manages(session, manager_id=actor.employee_id,
                                             employee_id=person.id),
        "evidence_sources": [source for source in FORM_SOURCES if source in evidence_sources(
            session, employee_id=person.id, actor=actor)],
        "evidence_form": evidence or {},
        "roles": list_roles(session), "levels": LEVELS, "plan_languages": PLAN_LANGUAGES,
        "chosen": {"role": role, "level": level}, "sname": name_picker(names, lang),
        "base_url": profile_url(actor, person.id),
    }


def _profile_page(request: Request, session: Session, actor: Actor, *, employee_id: int,
                  role: str = "", level: str = "", onboarding: bool = False,
                  status_code: int = 200, error: str = "",
                  evidence: dict[str, Any] | None = None) -> HTMLResponse:
    context = _profile_context(session, actor, employee_id=employee_id,
                               lang=request_language(request), role=role, level=level,
                               onboarding=onboarding, evidence=evidence)
    flashes = [{"level": "error", "message": error}] if error else []
    return render_page(request, "development_profile.html.j2", actor=actor,
                       status_code=status_code, flashes=flashes, **context)


@router.get("/development", name="web.development", response_class=HTMLResponse)
def development(request: Request, session: SessionDep, actor: ActorDep,
                q: Annotated[str, Query(max_length=64)] = "", role: RoleQuery = "",
                level: LevelQuery = "", onboarding: bool = False) -> HTMLResponse:
    """One's own development profile (with a picker of one's team); hr and admin, and users
    not linked to an employee, get a search of the people they may open."""
    if actor.employee_id is not None and not actor.is_hr:
        return _profile_page(request, session, actor, employee_id=actor.employee_id,
                             role=role, level=level, onboarding=onboarding)
    found = people.list_people(session, actor=actor, ref=q.strip(), limit=SHOWN)
    return render_page(request, "development.html.j2", actor=actor, q=q.strip(),
                       people=found, can_import=actor.is_hr, report=None,
                       sname=name_picker({}, request_language(request)))


@router.post("/development/resumes", name="web.development_resumes",
             response_class=HTMLResponse)
def development_resumes(request: Request, session: SessionDep, database: DatabaseDep,
                        settings: SettingsDep, actor: ActorDep,
                        files: Annotated[list[UploadFile], File()]) -> HTMLResponse:
    """Import employees' resumes named after their refs (hr and admin): the report per file."""
    report, flashes, status_code = None, [], 200
    try:
        report = profile_resumes.import_employee_resumes(
            database, actor=actor, settings=settings,
            files=[(upload.filename, upload.file) for upload in files])
    except TalentGraphError as exc:
        if exc.status >= 500 or exc.status == 403:
            raise
        flashes, status_code = [{"level": "error", "message": exc.message}], exc.status
    found = people.list_people(session, actor=actor, limit=SHOWN)
    added = [slug for item in (report.files if report else ()) for slug in item.skills_added]
    return render_page(request, "development.html.j2", actor=actor, q="", people=found,
                       can_import=actor.is_hr, report=report, flashes=flashes,
                       status_code=status_code,
                       sname=name_picker(skill_names(session, added), request_language(request)))


@router.get("/development/{employee_id}", name="web.development_profile",
            response_class=HTMLResponse)
def development_profile(employee_id: EmployeeId, request: Request, session: SessionDep,
                        actor: ActorDep, role: RoleQuery = "", level: LevelQuery = "",
                        onboarding: bool = False) -> HTMLResponse:
    """A person's development profile (their own, their team's, or anyone's for hr)."""
    return _profile_page(request, session, actor, employee_id=employee_id, role=role,
                         level=level, onboarding=onboarding)


@router.get("/development/{employee_id}/skills/{skill}/why", name="web.development_why",
            response_class=HTMLResponse)
def development_why(employee_id: EmployeeId, skill: Annotated[str, Path(max_length=200)],
                    request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """Why a person has their level in a skill: the evidence and the reasons (the part the
    "why" disclosure loads with htmx, or a page of its own without it)."""
    explanation = explain_skill(session, employee_id=employee_id, skill=skill, actor=actor)
    partial = request.headers.get("hx-request") == "true"
    return render_page(request, "_skill_why.html.j2" if partial else "skill_why.html.j2",
                       actor=actor, why=explanation,
                       back=profile_url(actor, explanation.employee_id))


@router.post("/development/{employee_id}/plans", name="web.development_plan_build",
             response_class=HTMLResponse)
def development_plan_build(
        employee_id: EmployeeId, request: Request, session: SessionDep, actor: ActorDep,
        role: Annotated[str, Form(max_length=120)] = "",
        level: Annotated[str, Form(pattern=r"^(L[1-5])?$")] = "",
        hours_per_week: Annotated[float, Form(gt=0, le=80)] = 5.0,
        language: Annotated[str, Form(pattern=r"^(zh|en)?$")] = "") -> Response:
    """Build a learning plan towards a role level (default: the next level of one's role)."""
    try:
        built = plans.build_plan(session, employee_id=employee_id, actor=actor,
                                 role=role or None, level=level or None,
                                 hours_per_week=hours_per_week, language=language or None)
    except TalentGraphError as exc:
        if exc.status >= 500 or exc.status == 404:
            raise
        session.rollback()
        return _profile_page(request, session, actor, employee_id=employee_id,
                             status_code=exc.status, error=exc.message)
    return RedirectResponse(profile_url(actor, built.plan.employee_id) + "#plan",
                            status_code=303)


@router.post("/development/plans/{plan_id}/steps/{order}/check",
             name="web.development_check_start", response_class=HTMLResponse)
def development_check_start(plan_id: PlanId, order: Order, session: SessionDep,
                            actor: ActorDep) -> Response:
    """Issue oneself the skill check of a plan's step, and open it."""
    issued = checks.issue_check(session, actor=actor, plan_id=plan_id, step=order)
    return RedirectResponse(f"/checks/{issued.attempt.id}", status_code=303)


@router.post("/development/plans/{plan_id}/steps/{order}/complete",
             name="web.development_step_complete", response_class=HTMLResponse)
def development_step_complete(plan_id: PlanId, order: Order, session: SessionDep,
                              actor: ActorDep,
                              level: Annotated[int, Form(ge=0, le=4)]) -> Response:
    """Mark a plan's step complete at the level observed (the person's manager, hr, admin)."""
    outcome = plans.complete_step(session, plan_id=plan_id, order=order, actor=actor,
                                  level=level)
    return RedirectResponse(profile_url(actor, outcome.plan.plan.employee_id) + "#plan",
                            status_code=303)


@router.post("/development/{employee_id}/evidence", name="web.development_evidence",
             response_class=HTMLResponse)
def development_evidence(
        employee_id: EmployeeId, request: Request, session: SessionDep, actor: ActorDep,
        skill: Annotated[str, Form(min_length=1, max_length=200)],
        source: Annotated[str, Form(pattern="^(" + "|".join(FORM_SOURCES) + ")$")],
        level: Annotated[int, Form(ge=0, le=4)],
        note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """Add evidence of a skill (the service decides who may add which source); the level is
    derived again at once."""
    detail = note.replace("\x00", "").strip()
    try:
        add_evidence(session, employee_id=employee_id, actor=actor, skill=skill.strip(),
                     source=source, level=level, detail=detail)
    except TalentGraphError as exc:
        if exc.status >= 500 or exc.status == 404:
            raise
        session.rollback()
        return _profile_page(request, session, actor, employee_id=employee_id,
                             status_code=exc.status, error=exc.message,
                             evidence={"skill": skill, "source": source, "level": level,
                                       "note": detail})
    return RedirectResponse(profile_url(actor, employee_id) + "#skills", status_code=303)
