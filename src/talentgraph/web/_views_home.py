"""The home page: the talent lifecycle at a glance, with the counts the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.api._permissions import is_allowed
from talentgraph.domain import Actor
from talentgraph.services._jobs import count_jobs
from talentgraph.services._recruiting_scope import visible_candidates, visible_openings
from talentgraph.store import (
    Employee,
    EmployeeSkill,
    MarketSnapshot,
    Opening,
    PayBand,
    Review,
    RiskScore,
)
from talentgraph.web._page import render_page

__all__ = ["OverviewCard", "lifecycle_overview", "router"]

router = APIRouter()


@dataclass(frozen=True, slots=True)
class OverviewCard:
    """One step of the lifecycle on the home page: a figure and where to go from it."""

    title: str
    figure_label: str
    value: int
    href: str


def _count(session: Session, query: Select[Any]) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def _people_cards(session: Session, actor: Actor) -> list[OverviewCard]:
    cards: list[OverviewCard] = []
    if actor.is_hr:
        employed = select(Employee.id).where(Employee.left_on.is_(None))
        cards.append(OverviewCard("nav.development", "home.employees",
                                  _count(session, employed), "/development"))
        cards.append(OverviewCard("nav.performance", "home.reviews",
                                  _count(session, select(Review.id)), "/performance"))
        cards.append(OverviewCard("nav.pay", "home.pay_bands",
                                  _count(session, select(PayBand.id)), "/pay"))
        high = select(RiskScore.id).where(RiskScore.band == "high")
        cards.append(OverviewCard("nav.retention", "home.high_risk", _count(session, high),
                                  "/retention"))
    elif actor.employee_id is not None:
        own_skills = select(EmployeeSkill.id).where(EmployeeSkill.employee_id == actor.employee_id)
        own_reviews = select(Review.id).where(Review.employee_id == actor.employee_id)
        cards.append(OverviewCard("nav.development", "home.my_skills",
                                  _count(session, own_skills), "/development"))
        cards.append(OverviewCard("nav.performance", "home.my_reviews",
                                  _count(session, own_reviews), "/performance"))
    return cards


def lifecycle_overview(session: Session, *, actor: Actor) -> list[OverviewCard]:
    """The home page's cards, in lifecycle order, limited to what ``actor`` may see."""
    cards = [OverviewCard("nav.market", "home.snapshots",
                          _count(session, select(MarketSnapshot.id)), "/market")]
    if is_allowed("web.recruiting", actor.role):
        open_ones = visible_openings(actor).where(Opening.status == "open")
        cards.append(OverviewCard("nav.recruiting", "home.open_openings",
                                  _count(session, open_ones), "/recruiting"))
        cards.append(OverviewCard("nav.recruiting", "home.candidates",
                                  _count(session, visible_candidates(actor)), "/recruiting"))
    cards.extend(_people_cards(session, actor))
    active = (count_jobs(session, actor=actor, status="queued")
              + count_jobs(session, actor=actor, status="running"))
    cards.append(OverviewCard("nav.jobs", "home.active_jobs", active, "/jobs"))
    return cards


@router.get("/", name="web.home", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """The lifecycle overview."""
    return render_page(request, "home.html.j2", actor=actor,
                       cards=lifecycle_overview(session, actor=actor))
