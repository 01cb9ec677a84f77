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

from talentgraph.domain import Actor, Role, Skill
from talentgraph.errors import ConflictError, CyclicPrerequisiteError, NotFoundError, ParameterError
from talentgraph.services._audit import record_event
from talentgraph.store import OrgSkill
from talentgraph.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "SkillView",
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


def list_roles() -> list[Role]:
    """The role families of the framework."""
    return list(shipped_taxonomy().roles.values())


def get_role(*, slug: str) -> Role:
    """One role family; NotFoundError otherwise."""
    roles = shipped_taxonomy().roles
    if slug not in roles:
        raise NotFoundError(f"No role family {slug!r}.",
                            details=[f"Role families: {', '.join(roles)}."])
    return roles[slug]


def role_skills_by_level(role: Role) -> list[dict[str, Any]]:
    """Each of the role's skills with its weight and target level (0-4) at every ladder level,
    heaviest first, with the skill's names."""
    taxonomy = shipped_taxonomy()
    rows = []
    for item in sorted(role.skills, key=lambda s: -s.weight):
        skill = taxonomy.skills.get(item.skill)
        rows.append({"skill": item.skill, "name_en": skill.name_en if skill else item.skill,
                     "name_zh": skill.name_zh if skill else None, "weight": item.weight,
                     "levels": list(item.levels)})
    return rows
