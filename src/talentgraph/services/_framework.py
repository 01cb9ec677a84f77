"""The skill framework of a workspace: the shipped taxonomy plus the organisation's own skills
(stored in the database), searched and browsed together."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import networkx as nx
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor, Role, RoleLevel, RoleSkill, Skill
from talentgraph.errors import ConflictError, CyclicPrerequisiteError, NotFoundError, ParameterError
from talentgraph.services._audit import record_event
from talentgraph.store import OrgRole, OrgSkill, SkillAlias
from talentgraph.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "SkillView",
    "add_skill_alias",
    "create_org_role",
    "create_org_skill",
    "get_role",
    "get_skill",
    "list_roles",
    "role_skills_by_level",
    "search_skills",
    "shipped_taxonomy",
    "skill_exists",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,118}[a-z0-9]$")


@lru_cache(maxsize=1)
def shipped_taxonomy() -> Taxonomy:
    """The shipped skill framework (loaded once per process)."""
    return load_taxonomy()


@dataclass(frozen=True, slots=True)
class SkillView:
    """A skill as the framework browser shows it, shipped or the organisation's own."""

    slug: str
    name_en: str
    name_zh: str | None
    type: str
    category: str | None
    source: str
    description: str | None
    aliases_en: tuple[str, ...]
    aliases_zh: tuple[str, ...]
    prerequisites: tuple[str, ...]

    @classmethod
    def of_skill(cls, skill: Skill) -> SkillView:
        return cls(slug=skill.slug, name_en=skill.name_en, name_zh=skill.name_zh,
                   type=skill.type, category=skill.category, source=skill.source,
                   description=skill.description, aliases_en=skill.aliases_en,
                   aliases_zh=skill.aliases_zh, prerequisites=skill.prerequisites)

    @classmethod
    def of_org(cls, row: OrgSkill) -> SkillView:
        return cls(slug=row.slug, name_en=row.name_en, name_zh=row.name_zh, type=row.type,
                   category=row.category, source="org", description=row.description,
                   aliases_en=(), aliases_zh=(), prerequisites=tuple(row.prerequisites or ()))


def search_skills(session: Session, *, q: str = "", limit: int = 20,
                  offset: int = 0) -> tuple[list[SkillView], int]:
    """Skills whose name or alias (zh or en, traditional Chinese accepted) contains ``q``:
    the organisation's own first, then the shipped ones in the taxonomy's order. Without
    ``q``: the organisation's skills, then the curated AI skills. Returns (page, total)."""
    taxonomy = shipped_taxonomy()
    query = select(OrgSkill).order_by(OrgSkill.slug)
    if q:
        pattern = f"%{q.strip()}%"
        query = query.where(or_(OrgSkill.slug.ilike(pattern), OrgSkill.name_en.ilike(pattern),
                                OrgSkill.name_zh.ilike(pattern)))
    own = [SkillView.of_org(r) for r in session.scalars(query)]
    if q:  # the organisation's aliases of any skill
        aliased = session.scalars(select(SkillAlias.skill_slug).where(
            SkillAlias.alias.ilike(f"%{q.strip()}%")).distinct()).all()
        known = {v.slug for v in own}
        own += [get_skill(session, slug=s) for s in aliased if s not in known]
    if q:
        shipped = [SkillView.of_skill(s) for s in taxonomy.search(q, limit=500)]
    else:
        shipped = [SkillView.of_skill(s) for s in taxonomy.skills.values()
                   if s.source == "curated"]
    seen = {v.slug for v in own}
    found = own + [v for v in shipped if v.slug not in seen]
    return found[offset:offset + limit], len(found)


def get_skill(session: Session, *, slug: str) -> SkillView:
    """One skill by slug, shipped or own; NotFoundError otherwise."""
    row = session.scalar(select(OrgSkill).where(OrgSkill.slug == slug))
    if row is not None:
        return SkillView.of_org(row)
    taxonomy = shipped_taxonomy()
    if slug in taxonomy:
        return SkillView.of_skill(taxonomy.get(slug))
    raise NotFoundError(f"No skill with slug {slug!r}.",
                        details=["Search with GET /api/v1/framework/skills?q=..."])


def skill_exists(session: Session, slug: str) -> bool:
    """Whether ``slug`` names a shipped or an own skill."""
    if slug in shipped_taxonomy():
        return True
    return session.scalar(select(OrgSkill.id).where(OrgSkill.slug == slug)) is not None


def _check_acyclic(session: Session, slug: str, prerequisites: list[str]) -> None:
    graph: nx.DiGraph[str] = nx.DiGraph()
    taxonomy = shipped_taxonomy()
    for skill in taxonomy.skills.values():
        graph.add_edges_from((p, skill.slug) for p in skill.prerequisites)
    for row in session.scalars(select(OrgSkill)):
        graph.add_edges_from((p, row.slug) for p in row.prerequisites or ())
    graph.add_edges_from((p, slug) for p in prerequisites)
    try:
        cycle = nx.find_cycle(graph, source=slug)
    except nx.NetworkXNoCycle:
        return
    raise CyclicPrerequisiteError(
        "These prerequisites would make a cycle: " + " -> ".join(e[0] for e in cycle) +
        f" -> {cycle[0][0]}.")


def create_org_skill(session: Session, *, actor: Actor, slug: str, name_en: str,
                     name_zh: str | None = None, type: str = "skill",
                     category: str | None = None, description: str | None = None,
                     prerequisites: list[str] | None = None) -> SkillView:
    """Add one of the organisation's own skills (a slug no shipped or own skill has)."""
    if not _SLUG.match(slug):
        raise ParameterError("The 'slug' must be 2-120 lower-case letters, digits and inner "
                             f"hyphens (e.g. 'agent-evaluation'). Got {slug!r} instead.")
    if not name_en.strip():
        raise ParameterError("The 'name_en' of a skill must not be empty.")
    if skill_exists(session, slug):
        raise ConflictError(f"A skill with slug {slug!r} exists already.")
    prerequisites = list(dict.fromkeys(prerequisites or []))
    unknown = [p for p in prerequisites if not skill_exists(session, p)]
    if unknown:
        raise ParameterError(f"Unknown prerequisite skills: {', '.join(unknown)}.")
    _check_acyclic(session, slug, prerequisites)
    row = OrgSkill(slug=slug, name_en=name_en.strip(), name_zh=(name_zh or "").strip() or None,
                   type=type, category=category, description=description,
                   prerequisites=prerequisites, created_by=actor.user_id)
    session.add(row)
    session.flush()
    record_event(session, actor=actor, action="create", resource="skill", resource_id=slug)
    return SkillView.of_org(row)


_LADDER = (("L1", "Junior", "初级"), ("L2", "Intermediate", "中级"), ("L3", "Senior", "高级"),
           ("L4", "Staff", "资深"), ("L5", "Principal", "专家"))


def _role_of(row: OrgRole) -> Role:
    return Role(slug=row.slug, name_en=row.name_en, name_zh=row.name_zh or row.name_en,
                description_en=row.description_en, description_zh=row.description_zh,
                levels=tuple(RoleLevel(level=lv, name_en=en, name_zh=zh)
                             for lv, en, zh in _LADDER),
                skills=tuple(RoleSkill(skill=item["skill"], weight=float(item["weight"]),
                                       levels=tuple(item["levels"]))  # type: ignore[arg-type]
                             for item in row.skills or ()),
                source="org")


def list_roles(session: Session | None = None) -> list[Role]:
    """The role families of the framework: shipped ones, then the organisation's own."""
    roles = list(shipped_taxonomy().roles.values())
    if session is not None:
        roles += [_role_of(r) for r in session.scalars(select(OrgRole).order_by(OrgRole.slug))]
    return roles


def get_role(session: Session | None = None, *, slug: str) -> Role:
    """One role family, shipped or own; NotFoundError otherwise."""
    roles = shipped_taxonomy().roles
    if slug in roles:
        return roles[slug]
    if session is not None:
        row = session.scalar(select(OrgRole).where(OrgRole.slug == slug))
        if row is not None:
            return _role_of(row)
    raise NotFoundError(f"No role family {slug!r}.",
                        details=[f"Role families: {', '.join(roles)}."])


def create_org_role(session: Session, *, actor: Actor, slug: str, name_en: str,
                    name_zh: str = "", description_en: str = "", description_zh: str = "",
                    skills: list[dict[str, Any]]) -> Role:
    """Add one of the organisation's own role families: skills with a weight (0-1] and the
    target level 0-4 at each of the five ladder levels L1..L5 (never decreasing)."""
    if not _SLUG.match(slug):
        raise ParameterError("The 'slug' must be 2-120 lower-case letters, digits and inner "
                             f"hyphens. Got {slug!r} instead.")
    if slug in shipped_taxonomy().roles or session.scalar(
            select(OrgRole.id).where(OrgRole.slug == slug)) is not None:
        raise ConflictError(f"A role family with slug {slug!r} exists already.")
    clean = []
    for i, item in enumerate(skills):
        where = f"skills[{i}]"
        if not skill_exists(session, str(item.get("skill", ""))):
            raise ParameterError(f"{where}: unknown skill {item.get('skill')!r}.")
        levels = list(item.get("levels", ()))
        if len(levels) != 5 or any(not isinstance(v, int) or not 0 <= v <= 4 for v in levels) \
                or levels != sorted(levels):
            raise ParameterError(f"{where}: 'levels' must be 5 levels 0-4 for L1..L5, never "
                                 f"decreasing. Got {levels!r} instead.")
        weight = float(item.get("weight", 1.0))
        if not 0 < weight <= 1:
            raise ParameterError(f"{where}: 'weight' must be in (0, 1]. Got {weight} instead.")
        clean.append({"skill": item["skill"], "weight": weight, "levels": levels})
    if not clean:
        raise ParameterError("A role family needs at least one skill.")
    row = OrgRole(slug=slug, name_en=name_en.strip(), name_zh=name_zh.strip(),
                  description_en=description_en, description_zh=description_zh, skills=clean)
    session.add(row)
    session.flush()
    record_event(session, actor=actor, action="create", resource="role", resource_id=slug)
    return _role_of(row)


def add_skill_alias(session: Session, *, actor: Actor, slug: str, alias: str,
                    language: str) -> None:
    """Give a shipped or own skill another name (zh or en) that search finds."""
    if language not in ("zh", "en"):
        raise ParameterError(f"The 'language' must be zh or en. Got {language!r} instead.")
    alias = alias.strip()
    if not alias or len(alias) > 200:
        raise ParameterError("An alias must have 1-200 characters.")
    get_skill(session, slug=slug)
    exists = session.scalar(select(SkillAlias.id).where(SkillAlias.skill_slug == slug,
                                                        SkillAlias.alias == alias))
    if exists is None:
        session.add(SkillAlias(skill_slug=slug, alias=alias, language=language))
        record_event(session, actor=actor, action="create", resource="skill_alias",
                     resource_id=slug)


def role_skills_by_level(role: Role) -> list[dict[str, Any]]:
    """Each of the role's skills with its weight and target level (0-4) at every ladder level,
    heaviest first, with the skill's names."""
    taxonomy = shipped_taxonomy()
    rows = []
    for item in sorted(role.skills, key=lambda s: -s.weight):
        skill = taxonomy.skills.get(item.skill) if item.skill in taxonomy else None
        rows.append({"skill": item.skill, "name_en": skill.name_en if skill else item.skill,
                     "name_zh": skill.name_zh if skill else None, "weight": item.weight,
                     "levels": list(item.levels)})
    return rows
