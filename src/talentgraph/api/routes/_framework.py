"""/api/v1/framework: the skill framework — search skills, open a role by level, add own skills."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.api._schemas import PageOf
from talentgraph.services import _framework as framework

router = APIRouter(prefix="/framework", tags=["framework"])


class SkillPublic(BaseModel):
    slug: str
    name_en: str
    name_zh: str | None
    type: str
    category: str | None
    source: str
    description: str | None
    aliases_en: list[str]
    aliases_zh: list[str]
    prerequisites: list[str]


class SkillCreate(BaseModel):
    slug: str = Field(min_length=2, max_length=120, examples=["agent-evaluation"])
    name_en: str = Field(min_length=1, max_length=200)
    name_zh: str | None = Field(None, max_length=200)
    type: str = Field("skill", pattern="^(skill|knowledge|tool|competence)$")
    category: str | None = Field(None, max_length=120)
    description: str | None = Field(None, max_length=5000)
    prerequisites: list[str] = Field(default_factory=list, max_length=50)


class RoleLevelPublic(BaseModel):
    level: str
    name_en: str
    name_zh: str
    summary_en: str
    summary_zh: str


class RoleSkillPublic(BaseModel):
    skill: str
    name_en: str
    name_zh: str | None
    weight: float
    levels: list[int]


class RolePublic(BaseModel):
    slug: str
    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    levels: list[RoleLevelPublic]
    skills: list[RoleSkillPublic]


def _view(skill: framework.SkillView) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(skill)


def _role(role: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return {"slug": role.slug, "name_en": role.name_en, "name_zh": role.name_zh,
            "description_en": role.description_en, "description_zh": role.description_zh,
            "levels": [asdict(level) for level in role.levels],
            "skills": framework.role_skills_by_level(role)}


@router.get("/skills", name="framework.skills.list", response_model=PageOf[SkillPublic])
def list_skills(session: SessionDep, q: Annotated[str, Query(max_length=100)] = "",
                limit: Annotated[int, Query(ge=1, le=200)] = 20,
                offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Search skills by name or alias in either language (own skills first)."""
    items, total = framework.search_skills(session, q=q, limit=limit, offset=offset)
    return {"items": [_view(s) for s in items], "total": total, "limit": limit,
            "offset": offset}


@router.get("/skills/{slug}", name="framework.skills.get", response_model=SkillPublic)
def get_skill(slug: str, session: SessionDep) -> dict[str, Any]:
    """One skill."""
    return _view(framework.get_skill(session, slug=slug))


@router.post("/skills", name="framework.skills.create", response_model=SkillPublic,
             status_code=201)
def create_skill(body: SkillCreate, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Add one of the organisation's own skills (hr, admin)."""
    return _view(framework.create_org_skill(session, actor=actor, **body.model_dump()))


class AliasCreate(BaseModel):
    alias: str = Field(min_length=1, max_length=200)
    language: str = Field(pattern="^(zh|en)$")


@router.post("/skills/{slug}/aliases", name="framework.aliases.create", status_code=201,
             response_model=SkillPublic)
def create_alias(slug: str, body: AliasCreate, session: SessionDep,
                 actor: ActorDep) -> dict[str, Any]:
    """Give a skill another name the organisation uses (search finds it)."""
    framework.add_skill_alias(session, actor=actor, slug=slug, alias=body.alias,
                              language=body.language)
    return _view(framework.get_skill(session, slug=slug))


class RoleSkillCreate(BaseModel):
    skill: str = Field(min_length=1, max_length=120)
    weight: float = Field(1.0, gt=0, le=1)
    levels: list[int] = Field(min_length=5, max_length=5,
                              description="Target level 0-4 at L1..L5, never decreasing.")


class RoleCreate(BaseModel):
    slug: str = Field(min_length=2, max_length=120)
    name_en: str = Field(min_length=1, max_length=200)
    name_zh: str = Field("", max_length=200)
    description_en: str = Field("", max_length=5000)
    description_zh: str = Field("", max_length=5000)
    skills: list[RoleSkillCreate] = Field(min_length=1, max_length=200)


@router.get("/roles", name="framework.roles.list", response_model=list[RolePublic])
def list_roles(session: SessionDep) -> list[dict[str, Any]]:
    """The role families with their levels and skills (shipped, then the organisation's)."""
    return [_role(r) for r in framework.list_roles(session)]


@router.get("/roles/{slug}", name="framework.roles.get", response_model=RolePublic)
def get_role(slug: str, session: SessionDep) -> dict[str, Any]:
    """One role family: its ladder levels and each skill's target level at every level."""
    return _role(framework.get_role(session, slug=slug))


@router.post("/roles", name="framework.roles.create", response_model=RolePublic,
             status_code=201)
def create_role(body: RoleCreate, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Add one of the organisation's own role families (hr, admin)."""
    data = body.model_dump()
    return _role(framework.create_org_role(session, actor=actor, **data))
