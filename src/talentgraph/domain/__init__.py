"""Plain, frozen dataclasses shared by every layer. No I/O here."""

from talentgraph.domain._actors import SYSTEM, Actor
from talentgraph.domain._documents import (
    EDUCATION_LEVELS,
    Extraction,
    OccupationMatch,
    Record,
    Salary,
    Section,
    SkillMention,
)
from talentgraph.domain._market import POSTING_FIELDS, Posting, PostingFacts, SkippedRow
from talentgraph.domain._profiles import EVIDENCE_SOURCES, LEVELS, EvidencePiece, SkillLevel
from talentgraph.domain._resumes import (
    EducationEntry,
    Resume,
    ResumeSkill,
    SkillEvidenceSpan,
    WorkEntry,
)
from talentgraph.domain._skills import (
    SKILL_TYPES,
    Category,
    Occupation,
    Role,
    RoleLevel,
    RoleSkill,
    Skill,
)

__all__ = [
    "EducationEntry",
    "Resume",
    "ResumeSkill",
    "SkillEvidenceSpan",
    "WorkEntry",
    "EVIDENCE_SOURCES",
    "LEVELS",
    "EvidencePiece",
    "SkillLevel",
    "SYSTEM",
    "Actor",
    "EDUCATION_LEVELS",
    "POSTING_FIELDS",
    "SKILL_TYPES",
    "Category",
    "Extraction",
    "Occupation",
    "OccupationMatch",
    "Posting",
    "PostingFacts",
    "Record",
    "Role",
    "RoleLevel",
    "RoleSkill",
    "Salary",
    "Section",
    "Skill",
    "SkillMention",
    "SkippedRow",
]
