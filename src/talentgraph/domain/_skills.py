"""The skill framework's objects: skills, categories, roles with levels, occupations."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The skill types of the framework.
SKILL_TYPES = ("technical", "knowledge", "tool", "transversal", "language", "certification")


@dataclass(frozen=True, slots=True)
class Skill:
    """One skill. ``slug`` is stable across taxonomy versions; names are aliases of it."""

    slug: str
    name_en: str
    name_zh: str | None
    type: str
    category: str | None = None
    aliases_en: tuple[str, ...] = ()
    aliases_zh: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    esco_uri: str | None = None
    onet: tuple[str, ...] = ()  # O*NET technology example names linked to this skill
    source: str = "curated"  # curated | esco | onet | org
    description: str | None = None
    is_ambiguous: bool = False  # needs context to match (e.g. "R", "Go")


@dataclass(frozen=True, slots=True)
class Category:
    """A node in the category hierarchy (e.g. ``ai/llm/training``)."""

    id: str
    name_en: str
    name_zh: str | None = None
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class RoleSkill:
    """A skill a role needs: the level (0-4) at each role level L1..L5, and its weight."""

    skill: str
    weight: float
    levels: tuple[int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class RoleLevel:
    """One rung of a role family's ladder (L1..L5)."""

    level: str
    name_en: str
    name_zh: str
    summary_en: str = ""
    summary_zh: str = ""


@dataclass(frozen=True, slots=True)
class Role:
    """A role family with its ladder and the skills it requires."""

    slug: str
    name_en: str
    name_zh: str
    description_en: str = ""
    description_zh: str = ""
    levels: tuple[RoleLevel, ...] = ()
    skills: tuple[RoleSkill, ...] = ()
    title_keywords_en: tuple[str, ...] = ()
    title_keywords_zh: tuple[str, ...] = ()
    source: str = "curated"

    def required_level(self, skill: str, level: str) -> int:
        """The level (0-4) of ``skill`` required at role level ``level`` (``"L1"``..``"L5"``)."""
        index = int(level.lstrip("Ll")) - 1
        for req in self.skills:
            if req.skill == skill:
                return req.levels[index]
        return 0


@dataclass(frozen=True, slots=True)
class Occupation:
    """An occupation for title normalisation: ESCO (English) or CSCO 2022 (Chinese)."""

    scheme: str  # "esco" | "csco"
    code: str  # ESCO URI or CSCO code such as 2-02-38-01
    name: str
    aliases: tuple[str, ...] = field(default=())
