"""What an opening asks for (``OpeningSpec``) and how a pasted job description becomes one.

``opening_from_text`` runs the extraction pipeline over the description: every skill found
becomes a requirement (weight 1.0, or 0.5 when the text marks it preferred/加分; times the
extractor's confidence for a skill found by a model rather than by name; halved for a
transversal skill such as communication), its target
level comes from the role family's ladder when the role is known (the level from the
seniority in the title), else 2, or 3 for senior and above; minimum years and education come
from the fields the pipeline extracts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from talentgraph.domain import EDUCATION_LEVELS, Record
from talentgraph.errors import ParameterError

__all__ = [
    "ROLE_LEVELS",
    "SENIORITY_ROLE_LEVEL",
    "OpeningSpec",
    "SkillRequirement",
    "opening_from_text",
]

#: The rungs of a role family's ladder.
ROLE_LEVELS = ("L1", "L2", "L3", "L4", "L5")
#: The role level a seniority (from the extraction's ``seniority`` field) maps to.
SENIORITY_ROLE_LEVEL = {
    "intern": "L1", "junior": "L1", "mid": "L2", "senior": "L3", "lead": "L4",
    "principal": "L4", "manager": "L4", "director": "L5",
}
REQUIRED_WEIGHT = 1.0
PREFERRED_WEIGHT = 0.5
#: Transversal (soft) skills such as communication are claimed by nearly every resume and
#: rarely evidenced: as requirements they count this much of their weight.
TRANSVERSAL_FACTOR = 0.5
# skills named where the company describes itself or its benefits are not requirements
_IGNORED_SECTIONS = frozenset({"company", "benefits"})


@dataclass(frozen=True, slots=True)
class SkillRequirement:
    """A skill an opening asks for: its slug, the target level (0-4) and its weight (> 0)."""

    slug: str
    level: int
    weight: float = REQUIRED_WEIGHT

    def __post_init__(self) -> None:
        if not isinstance(self.slug, str) or not self.slug.strip():
            raise ParameterError.invalid("slug", "SkillRequirement", "a skill slug", self.slug)
        if isinstance(self.level, bool) or not isinstance(self.level, int) or not (
                0 <= self.level <= 4):
            raise ParameterError.invalid("level", "SkillRequirement", "an int in [0, 4]",
                                         self.level)
        if (isinstance(self.weight, bool) or not isinstance(self.weight, (int, float))
                or not math.isfinite(self.weight) or self.weight <= 0):
            raise ParameterError.invalid("weight", "SkillRequirement", "a number > 0",
                                         self.weight)


@dataclass(frozen=True, slots=True)
class OpeningSpec:
    """What an opening asks for. Only these fields are ever compared with a resume."""

    title: str = ""
    role_family: str | None = None
    level: str | None = None
    skills: tuple[SkillRequirement, ...] = ()
    description: str = ""
    min_years: float | None = None
    education_min: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        if self.level is not None and self.level not in ROLE_LEVELS:
            raise ParameterError.invalid("level", "OpeningSpec", f"one of {', '.join(ROLE_LEVELS)}"
                                         " or None", self.level)
        if self.min_years is not None and (
                isinstance(self.min_years, bool) or not isinstance(self.min_years, (int, float))
                or not math.isfinite(self.min_years) or not 0 <= self.min_years <= 60):
            raise ParameterError.invalid("min_years", "OpeningSpec", "a number in [0, 60] or None",
                                         self.min_years)
        if self.education_min is not None and self.education_min not in EDUCATION_LEVELS:
            raise ParameterError.invalid("education_min", "OpeningSpec",
                                         f"one of {', '.join(EDUCATION_LEVELS)} or None",
                                         self.education_min)
        slugs = [s.slug for s in self.skills]
        if len(set(slugs)) != len(slugs):
            twice = sorted({s for s in slugs if slugs.count(s) > 1})
            raise ParameterError.invalid("skills", "OpeningSpec", "each skill listed once",
                                         twice)


def default_target(seniority: str | None) -> int:
    """The target level of a skill when the role family does not say: 3 from senior up, else 2."""
    return 3 if seniority in ("senior", "lead", "principal", "manager", "director") else 2


def _role_target(role: Any, slug: str, level: str | None, seniority: str | None) -> int:
    if role is not None and level is not None:
        target = int(role.required_level(slug, level))
        if target > 0:
            return target
    return default_target(seniority)


def _is_transversal(slug: str, taxonomy: Any) -> bool:
    from talentgraph.taxonomy import load_taxonomy

    taxonomy = taxonomy or load_taxonomy()
    return slug in taxonomy and taxonomy.get(slug).type == "transversal"


def _years(value: float | None) -> float | None:
    return None if value is None or not 0 <= value <= 60 else float(value)


def opening_from_text(text: str, *, title: str | None = None, pipeline: Any = None,
                      taxonomy: Any = None) -> OpeningSpec:
    """An OpeningSpec extracted from a pasted job description (Chinese or English)."""
    if not isinstance(text, str) or not text.strip():
        raise ParameterError.invalid("text", "opening_from_text",
                                     "a non-empty job description", text)
    if pipeline is None:
        from talentgraph.extract import build_pipeline

        pipeline = build_pipeline(taxonomy=taxonomy)
    if title is None:
        title = next((line.strip().lstrip("#").strip() for line in text.splitlines()
                      if line.strip()), "")[:120]
    ex = pipeline(Record(id="opening", text=text, title=title or None))
    role_family = ex.role_family if ex.role_family and ex.role_family != "other" else None
    role = None
    if role_family is not None:
        from talentgraph.taxonomy import load_taxonomy

        role = (taxonomy or load_taxonomy()).roles.get(role_family)
    level = SENIORITY_ROLE_LEVEL.get(ex.seniority or "", "L2") if role is not None else None
    weights: dict[str, float] = {}
    for mention in ex.skills:
        if mention.section in _IGNORED_SECTIONS:
            continue
        weight = PREFERRED_WEIGHT if mention.requirement == "preferred" else REQUIRED_WEIGHT
        if mention.method != "exact":  # a span model or the linker: as sure as it says
            weight *= max(0.0, min(float(mention.confidence), 1.0))
        if _is_transversal(mention.slug, taxonomy):
            weight *= TRANSVERSAL_FACTOR
        weight = round(weight, 3)
        if weight > 0:
            weights[mention.slug] = max(weight, weights.get(mention.slug, 0.0))
    skills = tuple(
        SkillRequirement(slug=slug, level=_role_target(role, slug, level, ex.seniority),
                         weight=weight)
        for slug, weight in weights.items()
    )
    return OpeningSpec(
        title=title or "", role_family=role_family, level=level, skills=skills,
        description=text, min_years=_years(ex.experience_min_years),
        education_min=ex.education_min, language=ex.language,
    )
