"""Performance pages (绩效): review cycles (hr opens one with its scoring scheme and closes it),
one's own review with the self-input form, the reviews of the people one manages (goals and
manager input), teammates' reviews to rate as a peer, each final score with its "why", and the
calibration view (hr everyone or a manager's team; a manager their team).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.domain import Actor
from talentgraph.errors import ParameterError, TalentGraphError
from talentgraph.plan import GOAL_KINDS
from talentgraph.services import _cultivation_people as people
from talentgraph.services import _cultivation_review_lists as worklists
from talentgraph.services import _cultivation_reviews as reviews
from talentgraph.store import ReviewCycle
from talentgraph.web._forms import FormDep, form_text, parse_number
from talentgraph.web._page import render_page, translate_for

__all__ = ["BLANK_GOALS", "MAX_GOALS", "router"]

router = APIRouter()

#: Rows of a goals form: at most this many goals, and this many blank rows to add new ones.
MAX_GOALS = 20
BLANK_GOALS = 3

CycleSlug = Annotated[str, Path(min_length=1, max_length=40)]
EmployeeId = Annotated[int, Path(ge=1, le=2**31 - 1)]
ManagerQuery = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


def _selected(cycles: list[ReviewCycle], slug: str) -> ReviewCycle | None:
    """The cycle asked for, else the newest open one, else the newest."""
    if slug:
        return next((c for c in cycles if c.slug == slug), None)
    return next((c for c in cycles if c.status == "open"), cycles[0] if cycles else None)


def _performance_page(request: Request, session: Session, actor: Actor, *, cycle: str = "",
                      manager: int | None = None, status_code: int = 200,
                      error: str = "") -> HTMLResponse:
    cycles = reviews.list_review_cycles(session)
    selected = _selected(cycles, cycle)
    worklist = (worklists.review_worklist(session, cycle=selected.slug, actor=actor,
                                          manager_id=manager)
                if selected is not None else None)
    flashes = [{"level": "error", "message": error}] if error else []
    if selected is None and cycle:
        flashes.append({"level": "warning",
                        "message": translate_for(request)("perf.no_such_cycle", cycle=cycle)})
    return render_page(
        request, "performance.html.j2", actor=actor, status_code=status_code, flashes=flashes,
        cycles=cycles, selected=selected, worklist=worklist, manager=manager,
        scheme=reviews.scheme_of(selected), goal_kinds=GOAL_KINDS, blank_goals=BLANK_GOALS,
        managers=people.list_managers(session, actor=actor) if actor.is_hr else [],
        defaults=reviews.scheme_of(None))


def _refused(exc: TalentGraphError) -> bool:
    """Whether a form's error is shown on the page again (not a missing record or a crash)."""
    return exc.status < 500 and exc.status not in (403, 404)


@router.get("/performance", name="web.performance", response_class=HTMLResponse)
def performance(request: Request, session: SessionDep, actor: ActorDep,
                cycle: Annotated[str, Query(max_length=40)] = "",
                manager: ManagerQuery = None) -> HTMLResponse:
    """Review cycles, one's own review, the team's reviews and teammates' to rate."""
    return _performance_page(request, session, actor, cycle=cycle.strip(), manager=manager)


@router.post("/performance/cycles", name="web.performance_cycle_create",
             response_class=HTMLResponse)
def performance_cycle_create(
        request: Request, session: SessionDep, actor: ActorDep,
        slug: Annotated[str, Form(max_length=40)] = "",
        name: Annotated[str, Form(max_length=200)] = "",
        goal_weight: Annotated[float, Form(ge=0, le=1)] = 0.7,
        competency_weight: Annotated[float, Form(ge=0, le=1)] = 0.3,
        self_weight: Annotated[float, Form(ge=0, le=1)] = 0.2,
        manager_weight: Annotated[float, Form(ge=0, le=1)] = 0.6,
        peer_weight: Annotated[float, Form(ge=0, le=1)] = 0.2,
        scale_min: Annotated[float, Form(ge=-100, le=100)] = 1.0,
        scale_max: Annotated[float, Form(ge=-100, le=100)] = 5.0,
        starts_on: Annotated[date | None, Form()] = None,
        ends_on: Annotated[date | None, Form()] = None) -> Response:
    """Open a review cycle with its scoring scheme (hr, admin)."""
    scheme = {"goal_weight": goal_weight, "competency_weight": competency_weight,
              "self_weight": self_weight, "manager_weight": manager_weight,
              "peer_weight": peer_weight, "scale_min": scale_min, "scale_max": scale_max}
    try:
        created = reviews.create_review_cycle(session, actor=actor, slug=slug, name=name,
                                              scheme=scheme, starts_on=starts_on,
                                              ends_on=ends_on)
    except TalentGraphError as exc:
        if not _refused(exc):
            raise
        session.rollback()
        return _performance_page(request, session, actor, status_code=exc.status,
                                 error=exc.message)
    return RedirectResponse(f"/performance?cycle={created.slug}", status_code=303)


@router.post("/performance/cycles/{cycle}/status", name="web.performance_cycle_status",
             response_class=HTMLResponse)
def performance_cycle_status(cycle: CycleSlug, session: SessionDep, actor: ActorDep,
                             status: Annotated[str, Form(pattern="^(open|closed)$")]
                             ) -> Response:
    """Close (or reopen) a review cycle (hr, admin)."""
    updated = reviews.update_review_cycle(session, actor=actor, slug=cycle, status=status)
    return RedirectResponse(f"/performance?cycle={updated.slug}", status_code=303)


def _goals(form: Any) -> list[dict[str, Any]]:
    """The goals of a goals form: rows goal_title_N, goal_weight_N, goal_kind_N (blank titles
    are left out)."""
    goals = []
    for index in range(MAX_GOALS + BLANK_GOALS):
        title = form_text(form, f"goal_title_{index}")
        if not title:
            continue
        weight = form_text(form, f"goal_weight_{index}")
        goals.append({"title": title, "kind": form_text(form, f"goal_kind_{index}") or "goal",
                      "weight": parse_number(weight, field=f"weight of {title!r}")})
    if len(goals) > MAX_GOALS:
        raise ParameterError(f"A review holds at most {MAX_GOALS} goals. Got {len(goals)}.")
    return goals


def _ratings(form: Any) -> dict[str, float]:
    """The ratings of an input form: rows title_N and rating_N (blank ratings are left out)."""
    ratings = {}
    for index in range(MAX_GOALS):
        title, rating = form_text(form, f"title_{index}"), form_text(form, f"rating_{index}")
        if title and rating:
            ratings[title] = parse_number(rating, field=f"rating of {title!r}")
    return ratings


def _back(cycle: str, employee_id: int, manager: str) -> str:
    extra = f"&manager={manager}" if _manager_id(manager) is not None else ""
    return f"/performance?cycle={cycle}{extra}#review-{employee_id}"


def _manager_id(text: str) -> int | None:
    """The form's ``manager`` field as an employee id, or None (not "²": isdigit is too wide)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


@router.post("/performance/{cycle}/reviews/{employee_id}/goals", name="web.performance_goals",
             response_class=HTMLResponse)
def performance_goals(cycle: CycleSlug, employee_id: EmployeeId, request: Request,
                      session: SessionDep, actor: ActorDep, form: FormDep) -> Response:
    """Set a person's weighted goals and competencies (hr or their manager)."""
    manager = form_text(form, "manager")
    try:
        reviews.set_review_goals(session, cycle=cycle, employee_id=employee_id, actor=actor,
                                 goals=_goals(form))
    except TalentGraphError as exc:
        if not _refused(exc):
            raise
        session.rollback()
        return _performance_page(request, session, actor, cycle=cycle,
                                 manager=_manager_id(manager),
                                 status_code=exc.status, error=exc.message)
    return RedirectResponse(_back(cycle, employee_id, manager), status_code=303)


@router.post("/performance/{cycle}/reviews/{employee_id}/inputs", name="web.performance_input",
             response_class=HTMLResponse)
def performance_input(cycle: CycleSlug, employee_id: EmployeeId, request: Request,
                      session: SessionDep, actor: ActorDep, form: FormDep) -> Response:
    """Rate a person's goals as self, manager or peer; the final score is recomputed."""
    manager = form_text(form, "manager")
    try:
        reviews.add_review_input(session, cycle=cycle, employee_id=employee_id, actor=actor,
                                 source=form_text(form, "source"), ratings=_ratings(form),
                                 comment=form_text(form, "comment"))
    except TalentGraphError as exc:
        if not _refused(exc):
            raise
        session.rollback()
        return _performance_page(request, session, actor, cycle=cycle,
                                 manager=_manager_id(manager),
                                 status_code=exc.status, error=exc.message)
    return RedirectResponse(_back(cycle, employee_id, manager), status_code=303)


@router.get("/performance/calibration", name="web.performance_calibration",
            response_class=HTMLResponse)
def performance_calibration(request: Request, session: SessionDep, actor: ActorDep,
                            cycle: Annotated[str, Query(max_length=40)] = "",
                            manager: ManagerQuery = None) -> HTMLResponse:
    """A cycle's calibration: z-scores, buckets, suggested moves and rater leniency (hr
    everyone or a manager's team; a manager their team)."""
    cycles = reviews.list_review_cycles(session)
    selected = _selected(cycles, cycle.strip())
    view: Any = None
    if selected is not None and (actor.is_hr or actor.employee_id is not None):
        view = reviews.review_calibration(session, cycle=selected.slug, actor=actor,
                                          manager_id=manager)
    return render_page(request, "calibration.html.j2", actor=actor, cycles=cycles,
                       selected=selected, view=view, manager=manager,
                       managers=people.list_managers(session, actor=actor) if actor.is_hr
                       else [])
