"""The skill-framework browser: search skills (live, with htmx), open a role to see its career
ladder, its skills by level and its lateral paths, open a skill, and add the organisation's own
skills (hr, admin)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.domain import Actor
from talentgraph.errors import ParameterError, TalentGraphError
from talentgraph.services import _cultivation_careers as careers
from talentgraph.services import _framework as framework
from talentgraph.services._people import LEVELS
from talentgraph.web._page import render_page

__all__ = ["LATERAL_PATHS", "SKILL_TYPES", "router"]

router = APIRouter()

RESULTS = 50
#: Without a query the page lists a first few skills only (the roles follow them).
BROWSE = 20
SKILL_TYPES = ("skill", "knowledge", "tool", "competence")
#: How many lateral paths a role page lists.
LATERAL_PATHS = 5
_EMPTY_FORM = {"slug": "", "name_en": "", "name_zh": "", "type": "skill", "category": "",
               "description": "", "prerequisites": ""}


def _framework_page(request: Request, session: Session, actor: Actor, *, q: str = "",
                    status_code: int = 200, error: str = "",
                    form: Mapping[str, str] | None = None) -> HTMLResponse:
    skills, total = framework.search_skills(session, q=q, limit=RESULTS if q else BROWSE)
    flashes = [{"level": "error", "message": error}] if error else []
    return render_page(request, "framework.html.j2", actor=actor, status_code=status_code,
                       q=q, skills=skills, total=total, roles=framework.list_roles(),
                       skill_types=SKILL_TYPES, form={**_EMPTY_FORM, **(form or {})},
                       flashes=flashes)


@router.get("/framework", name="web.framework", response_class=HTMLResponse)
def framework_home(request: Request, session: SessionDep, actor: ActorDep,
                   q: Annotated[str, Query(max_length=100)] = "") -> HTMLResponse:
    """Skill search, the role families, and (hr, admin) the form to add a skill."""
    return _framework_page(request, session, actor, q=q.strip())


@router.get("/framework/search", name="web.framework_search", response_class=HTMLResponse)
def framework_search(request: Request, session: SessionDep, actor: ActorDep,
                     q: Annotated[str, Query(max_length=100)] = "") -> HTMLResponse:
    """The results table alone (what the search box swaps in as you type)."""
    skills, total = framework.search_skills(session, q=q.strip(), limit=RESULTS)
    return render_page(request, "_skills_table.html.j2", actor=actor, q=q.strip(),
                       skills=skills, total=total)


@router.get("/framework/roles/{slug}", name="web.framework_role", response_class=HTMLResponse)
def framework_role(slug: str, request: Request, session: SessionDep, actor: ActorDep,
                   level: Annotated[str, Query(pattern=r"^L[1-5]$")] = "L2") -> HTMLResponse:
    """A role family: its career ladder (what distinguishes each level), each skill's target
    level (0-4) at every level, and the lateral paths to other role families at ``level``."""
    role = framework.get_role(session, slug=slug)
    return render_page(request, "framework_role.html.j2", actor=actor, role=role,
                       rows=framework.role_skills_by_level(role),
                       ladder=careers.role_ladder(session, slug=role.slug),
                       lateral=careers.role_lateral_paths(session, slug=role.slug, level=level,
                                                          top=LATERAL_PATHS),
                       lateral_level=level, levels=LEVELS)


@router.get("/framework/skills/{slug}", name="web.framework_skill", response_class=HTMLResponse)
def framework_skill(slug: str, request: Request, session: SessionDep,
                    actor: ActorDep) -> HTMLResponse:
    """One skill: names, aliases, prerequisites and the roles that need it."""
    skill = framework.get_skill(session, slug=slug)
    prerequisites = [framework.get_skill(session, slug=p) for p in skill.prerequisites
                     if framework.skill_exists(session, p)]
    roles = [(role, max(item.levels)) for role in framework.list_roles()
             for item in role.skills if item.skill == slug]
    return render_page(request, "framework_skill.html.j2", actor=actor, skill=skill,
                       prerequisites=prerequisites, roles=roles)


def _slugs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


@router.post("/framework/skills", name="web.framework_skill_create", response_class=HTMLResponse)
def framework_skill_create(
        request: Request, session: SessionDep, actor: ActorDep,
        slug: Annotated[str, Form(max_length=120)] = "",
        name_en: Annotated[str, Form(max_length=200)] = "",
        name_zh: Annotated[str, Form(max_length=200)] = "",
        skill_type: Annotated[str, Form(alias="type", max_length=20)] = "skill",
        category: Annotated[str, Form(max_length=120)] = "",
        description: Annotated[str, Form(max_length=5000)] = "",
        prerequisites: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """Add one of the organisation's own skills, then open it."""
    form = {"slug": slug, "name_en": name_en, "name_zh": name_zh, "type": skill_type,
            "category": category, "description": description, "prerequisites": prerequisites}
    try:
        if skill_type not in SKILL_TYPES:
            raise ParameterError.invalid("type", "the new skill form",
                                         f"one of {', '.join(SKILL_TYPES)}", skill_type)
        created = framework.create_org_skill(
            session, actor=actor, slug=slug.strip(), name_en=name_en, name_zh=name_zh or None,
            type=skill_type, category=category.strip() or None,
            description=description.strip() or None, prerequisites=_slugs(prerequisites))
    except TalentGraphError as exc:
        if exc.status >= 500:
            raise
        session.rollback()
        return _framework_page(request, session, actor, status_code=exc.status,
                               error=exc.message, form=form)
    return RedirectResponse(f"/framework/skills/{created.slug}", status_code=303)
