"""The team page (团队): a capability heat map (people x skills), bus-factor skills and the
skills the team's roles need and nobody has; and who is ready for a role level.

A manager sees their own team (or a sub-team); hr and admin pick any manager. The readiness
ranking covers the people the actor may see (hr everyone, a manager their team).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.errors import TalentGraphError
from talentgraph.services import _cultivation_careers as careers
from talentgraph.services import _cultivation_gaps as gaps
from talentgraph.services import _cultivation_people as people
from talentgraph.services._framework import list_roles
from talentgraph.services._people import LEVELS
from talentgraph.web._page import name_picker, render_page, request_language

__all__ = ["router"]

router = APIRouter()

RANKED = 50
#: How many people are ranked before keeping those of the team shown.
TEAM_LIMIT = 2000


@router.get("/team", name="web.team", response_class=HTMLResponse)
def team(request: Request, session: SessionDep, actor: ActorDep,
         manager: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
         min_level: Annotated[int, Query(ge=1, le=4)] = 3,
         role: Annotated[str, Query(max_length=120)] = "",
         level: Annotated[str, Query(pattern=r"^(L[1-5])?$")] = "") -> HTMLResponse:
    """A team's heat map, bus-factor skills and needs; and a readiness ranking on request."""
    managers = people.list_managers(session, actor=actor)
    chosen = manager if manager is not None else (None if actor.is_hr else actor.employee_id)
    view: Any = None
    error = ""
    if chosen is not None:
        try:
            view = careers.team_view(session, actor=actor, manager_id=chosen,
                                     min_level=min_level)
        except TalentGraphError as exc:
            if exc.status >= 500 or exc.status == 404:
                raise
            error = exc.message
    ranked: list[gaps.RankedPerson] | None = None
    if role and level:
        try:
            ranked = gaps.rank_readiness(session, actor=actor, role=role, level=level,
                                         limit=RANKED if view is None else TEAM_LIMIT)
            if view is not None:  # the team shown (hr: the manager picked)
                team_ids = {m.id for m in view.members}
                ranked = [p for p in ranked if p.employee_id in team_ids][:RANKED]
        except TalentGraphError as exc:
            if exc.status >= 500:
                raise
            error = exc.message
    lang = request_language(request)
    return render_page(
        request, "team.html.j2", actor=actor, view=view, managers=managers, chosen=chosen,
        min_level=min_level, ranked=ranked, roles=list_roles(session), levels=LEVELS,
        form={"role": role, "level": level},
        sname=name_picker(view.names if view is not None else {}, lang),
        members={m.ref: m for m in view.members} if view is not None else {},
        flashes=[{"level": "error", "message": error}] if error else [])
