"""Skill profiles with evidence, and the objects of cultivation: gaps, learning paths, checks,
reviews and readiness (issue 5). Plain frozen dataclasses; no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "EVIDENCE_SOURCES",
    "LEVELS",
    "EvidencePiece",
    "SkillLevel",
]

#: Where evidence of a skill level comes from (strongest last is NOT implied; see
#: talentgraph.plan.LevelPolicy for how each counts).
EVIDENCE_SOURCES = ("resume", "self", "manager", "check", "course", "peer", "project")
#: Skill levels 0-4: none, aware, working, proficient, expert (docs/cultivation.md).
LEVELS = (0, 1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class EvidencePiece:
    """One piece of evidence that a person has a skill at a level: its source, the date it was
    observed, and a quote or reference (a resume span, a check id, a course, a note)."""

    skill: str
    source: str
    level: int
    observed_on: date
    detail: str = ""
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class SkillLevel:
    """A person's derived level of one skill, with the evidence it rests on and the reasons,
    in words, that answer "why this level?"."""

    skill: str
    level: int
    confidence: float
    why: tuple[str, ...] = ()
    evidence: tuple[EvidencePiece, ...] = field(default=())
