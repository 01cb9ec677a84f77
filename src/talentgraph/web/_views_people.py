"""Lifecycle pages about people: recruiting (openings and candidates). Development,
performance and team pages live in the _views_cultivation* modules; pay and retention in
_views_retention.

Each shows only what the actor may see: the services scope the rows (a hiring manager sees the
candidates of their own openings) and audit the reads.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.services._recruiting import list_candidates, list_openings
from talentgraph.web._page import render_page

__all__ = ["router"]

router = APIRouter()

SHOWN = 50


@router.get("/recruiting", name="web.recruiting", response_class=HTMLResponse)
def recruiting(request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """Openings and candidates the actor may see (a hiring manager: their own openings)."""
    openings = list_openings(session, actor=actor, limit=SHOWN, sort="-created_at")
    candidates = list_candidates(session, actor=actor, limit=SHOWN, sort="-created_at")
    return render_page(request, "recruiting.html.j2", actor=actor, openings=openings,
                       candidates=candidates)
