"""Plain, frozen dataclasses shared by every layer. No I/O here."""

from talentgraph.domain._skills import (
    SKILL_TYPES,
    Category,
    Occupation,
    Role,
    RoleLevel,
    RoleSkill,
    Skill,
)
from talentgraph.domain._documents import (
    EDUCATION_LEVELS,
    Extraction,
    OccupationMatch,
    Record,
    Salary,
    Section,
    SkillMention,
)

__all__ = [
    "SKILL_TYPES",
    "EDUCATION_LEVELS",
    "Category",
    "Occupation",
    "Role",
    "RoleLevel",
    "RoleSkill",
    "Skill",
    "Extraction",
    "OccupationMatch",
    "Record",
    "Salary",
    "Section",
    "SkillMention",
]
