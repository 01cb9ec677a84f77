"""What ranking says about one candidate: ``MatchResult`` with its parts and skill evidence."""

from __future__ import annotations

from dataclasses import dataclass

from talentgraph.domain import SkillEvidenceSpan

__all__ = ["MatchPart", "MatchResult", "SkillMatch"]


@dataclass(frozen=True, slots=True)
class MatchPart:
    """One named part of the score: its value 0-1, its weight, and the points it adds (0-100)."""

    value: float
    weight: float
    points: float


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """A skill the opening asks for, the candidate's level (0 = not shown) against the target,
    and the resume spans that show it."""

    slug: str
    level: int
    target: int
    weight: float
    evidence: tuple[SkillEvidenceSpan, ...] = ()

    @property
    def credit(self) -> float:
        """min(level / target, 1); a target of 0 is met by any level."""
        return 1.0 if self.target <= 0 else min(self.level / self.target, 1.0)


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A candidate's fit for an opening: the 0-100 score, its parts, the matched, partly matched
    and missing skills, the facts compared, and an explanation in one language."""

    candidate: str
    score: float
    parts: dict[str, MatchPart]
    matched: tuple[SkillMatch, ...]
    partial: tuple[SkillMatch, ...]
    missing: tuple[SkillMatch, ...]
    similarity: float
    years: float | None
    degree: str | None
    min_years: float | None
    education_min: str | None
    explanation: str = ""
    rank: int = 0
