"""Lifecycle pages about people: recruiting (openings and candidates), development (skills),
performance (reviews), pay (bands, latest pay, compa-ratio) and retention (risk scores).

Each shows only what the actor may see: the services scope the rows (a hiring manager sees the
candidates of their own openings, an employee their own profile) and audit the reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.domain import Actor
from talentgraph.services._audit import record_event
from talentgraph.services._people import (
    list_employees,
    list_pay_bands,
    list_reviews,
    list_risk_scores,
    require_hr,
)
from talentgraph.services._profiles import list_profile_skills
from talentgraph.services._recruiting import list_candidates, list_openings
from talentgraph.store import Employee, EmployeeSkill, PayBand, PayRecord, paginate
from talentgraph.web._page import render_page, request_language, skill_name

__all__ = ["PayLine", "SkillLevel", "pay_lines", "router", "skills_of_employees"]

router = APIRouter()

SHOWN = 50
_SKILLS_PER_EMPLOYEE = 8


@dataclass(frozen=True, slots=True)
class SkillLevel:
    """A skill (named in the page's language) at a level 0-4."""

    slug: str
    name: str
    level: int


def skills_of_employees(session: Session, *, actor: Actor, employee_ids: Sequence[int],
                        lang: str) -> dict[int, list[SkillLevel]]:
    """Each employee's strongest skills (hr and admin); the read is audited."""
    require_hr(actor, "see employees' skills")
    found: dict[int, list[SkillLevel]] = defaultdict(list)
    if not employee_ids:
        return found
    rows = session.scalars(select(EmployeeSkill).where(EmployeeSkill.employee_id.in_(
        employee_ids)).order_by(EmployeeSkill.level.desc(), EmployeeSkill.skill_slug))
    for row in rows:
        if len(found[row.employee_id]) < _SKILLS_PER_EMPLOYEE:
            found[row.employee_id].append(
                SkillLevel(row.skill_slug, skill_name(row.skill_slug, lang), row.level))
    record_event(session, actor=actor, action="read", resource="employee_skill",
                 detail={"ids": list(employee_ids)})
    return found


@dataclass(frozen=True, slots=True)
class PayLine:
    """An employee's latest pay against the band of their role family, level and city."""

    employee_id: int
    ref: str
    name: str
    role_family: str | None
    level: str | None
    annual: float | None
    currency: str | None
    effective_on: date | None
    band: PayBand | None
    compa_ratio: float | None


def _band_for(bands: Iterable[PayBand], employee: Employee) -> PayBand | None:
    """The band of the employee's city, else the band for every city ("")."""
    by_key = {(b.role_family, b.level, b.city): b for b in bands}
    return (by_key.get((employee.role_family, employee.level, employee.city or ""))
            or by_key.get((employee.role_family, employee.level, "")))


def pay_lines(session: Session, *, actor: Actor, limit: int = SHOWN,
              offset: int = 0) -> tuple[list[PayLine], int]:
    """A page of current employees with their latest pay and compa-ratio (pay / band
    midpoint, same currency only), and how many there are; hr and admin, audited."""
    require_hr(actor, "see pay")
    page = paginate(session, select(Employee).where(Employee.left_on.is_(None)), limit=limit,
                    offset=offset, default_sort=Employee.ref)
    ids = [e.id for e in page.items]
    latest: dict[int, PayRecord] = {}
    if ids:
        records = session.scalars(select(PayRecord).where(PayRecord.employee_id.in_(ids))
                                  .order_by(PayRecord.effective_on.desc(), PayRecord.id.desc()))
        for record in records:
            latest.setdefault(record.employee_id, record)
    bands = list(session.scalars(select(PayBand)))
    lines = []
    for employee in page.items:
        record = latest.get(employee.id)
        pay: dict[str, Any] = dict(record.pay) if record is not None else {}
        annual = pay.get("annual")
        currency = pay.get("currency")
        band = _band_for(bands, employee)
        ratio = (float(annual) / band.midpoint if band is not None and annual
                 and currency == band.currency and band.midpoint > 0 else None)
        lines.append(PayLine(employee.id, employee.ref, employee.name, employee.role_family,
                             employee.level, float(annual) if annual else None, currency,
                             record.effective_on if record is not None else None, band, ratio))
    record_event(session, actor=actor, action="read", resource="pay",
                 detail={"ids": sorted(latest), "fields": ["annual", "currency"]})
    record_event(session, actor=actor, action="read", resource="employee",
                 detail={"ids": ids, "fields": ["name"]})
    return lines, page.total


def _refs(session: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(select(Employee.id, Employee.ref).where(Employee.id.in_(wanted)))
    return {employee_id: ref for employee_id, ref in rows}


def _driver_text(driver: object) -> str:
    if isinstance(driver, dict):
        for key in ("label", "feature", "name", "driver"):
            if driver.get(key):
                return str(driver[key])
    return str(driver)


@router.get("/recruiting", name="web.recruiting", response_class=HTMLResponse)
def recruiting(request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """Openings and candidates the actor may see (a hiring manager: their own openings)."""
    openings = list_openings(session, actor=actor, limit=SHOWN, sort="-created_at")
    candidates = list_candidates(session, actor=actor, limit=SHOWN, sort="-created_at")
    return render_page(request, "recruiting.html.j2", actor=actor, openings=openings,
                       candidates=candidates)


@router.get("/development", name="web.development", response_class=HTMLResponse)
def development(request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """Skills: every employee's (hr, admin), or one's own profile."""
    lang = request_language(request)
    employees: Any = None
    skills: dict[int, list[SkillLevel]] = {}
    own: list[Any] = []
    if actor.is_hr:
        employees = list_employees(session, actor=actor, limit=SHOWN, sort="ref")
        skills = skills_of_employees(session, actor=actor, lang=lang,
                                     employee_ids=[e.id for e in employees.items])
    elif actor.employee_id is not None:
        page = list_profile_skills(session, employee_id=actor.employee_id, actor=actor,
                                   limit=200, sort="-level")
        own = [(SkillLevel(s.skill_slug, skill_name(s.skill_slug, lang), s.level), s)
               for s in page.items]
    return render_page(request, "development.html.j2", actor=actor, employees=employees,
                       skills=skills, own=own)


@router.get("/performance", name="web.performance", response_class=HTMLResponse)
def performance(request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """Reviews: everyone's (hr, admin), or one's own."""
    reviews = list_reviews(session, actor=actor, limit=SHOWN)
    return render_page(request, "performance.html.j2", actor=actor, reviews=reviews,
                       refs=_refs(session, (r.employee_id for r in reviews.items)))


@router.get("/pay", name="web.pay", response_class=HTMLResponse)
def pay(request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """Pay bands, and each employee's latest pay with its compa-ratio (hr, admin)."""
    bands = list_pay_bands(session, actor=actor, limit=200, sort="role_family")
    lines, total = pay_lines(session, actor=actor)
    return render_page(request, "pay.html.j2", actor=actor, bands=bands.items, lines=lines,
                       total=total)


@router.get("/retention", name="web.retention", response_class=HTMLResponse)
def retention(request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """Attrition risk scores, highest first (hr, admin)."""
    scores = list_risk_scores(session, actor=actor, limit=SHOWN)
    drivers = {s.id: [_driver_text(d) for d in (s.drivers or [])[:3]] for s in scores.items}
    return render_page(request, "retention.html.j2", actor=actor, scores=scores,
                       drivers=drivers, refs=_refs(session, (s.employee_id for s in scores.items)))
