"""Documents flowing through extraction and what extraction finds in them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Minimum education levels, lowest first.
EDUCATION_LEVELS = ("none", "associate", "bachelor", "master", "phd")


@dataclass(frozen=True, slots=True)
class Record:
    """One document to extract from: a posting or a resume. ``text`` is the ORIGINAL text."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None  # file path (and row) it came from
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Section:
    """A span of the original text with its kind (responsibilities, requirements, ...)."""

    kind: str
    start: int
    end: int
    heading: str | None = None


@dataclass(frozen=True, slots=True)
class SkillMention:
    """A skill found in a document, with the evidence: span into the original text and method."""

    slug: str
    name_en: str
    name_zh: str | None
    esco_uri: str | None
    start: int
    end: int
    surface: str
    section: str | None
    requirement: str | None  # required | preferred | None
    method: str  # exact | semantic | model
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        # explicit, not dataclasses.asdict: asdict deep-copies every field and was the largest
        # single cost of writing extractions (about 1 ms a posting)
        return {"slug": self.slug, "name_en": self.name_en, "name_zh": self.name_zh,
                "esco_uri": self.esco_uri, "start": self.start, "end": self.end,
                "surface": self.surface, "section": self.section,
                "requirement": self.requirement, "method": self.method,
                "confidence": self.confidence}


@dataclass(frozen=True, slots=True)
class Salary:
    """A salary normalised to month and year, as well as the period it was written in."""

    min_monthly: float | None
    max_monthly: float | None
    min_annual: float | None
    max_annual: float | None
    months_per_year: float
    currency: str
    period: str  # hour | day | week | month | year
    raw: str

    def to_dict(self) -> dict[str, Any]:
        return {"min_monthly": self.min_monthly, "max_monthly": self.max_monthly,
                "min_annual": self.min_annual, "max_annual": self.max_annual,
                "months_per_year": self.months_per_year, "currency": self.currency,
                "period": self.period, "raw": self.raw}


@dataclass(frozen=True, slots=True)
class OccupationMatch:
    """The normalised occupation of a title."""

    esco_uri: str | None = None
    esco_label: str | None = None
    csco_code: str | None = None
    csco_name: str | None = None
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Extraction:
    """Everything the pipeline found in one record (mutable while the pipeline runs)."""

    id: str
    text: str
    title: str | None = None
    language: str | None = None
    normalised: str | None = None
    offsets: list[int] | None = None  # offsets[i] = index in text of normalised[i]
    sections: list[Section] = field(default_factory=list)
    skills: list[SkillMention] = field(default_factory=list)
    salary: Salary | None = None
    experience_min_years: float | None = None
    education_min: str | None = None
    city: str | None = None
    seniority: str | None = None
    is_remote: bool | None = None
    role_family: str | None = None
    role_family_scores: dict[str, float] = field(default_factory=dict)
    occupation: OccupationMatch | None = None
    candidate_spans: list[tuple[int, int, float]] = field(default_factory=list)  # model spans
    versions: dict[str, str] = field(default_factory=dict)  # component -> model/taxonomy version
    meta: dict[str, Any] = field(default_factory=dict)  # the record's other columns (not output)

    def to_dict(self) -> dict[str, Any]:
        """The documented output object (see docs/extraction.md)."""
        occ = self.occupation
        return {
            "id": self.id,
            "language": self.language,
            "title": self.title,
            "skills": [m.to_dict() for m in self.skills],
            "salary": self.salary.to_dict() if self.salary else None,
            "experience_min_years": self.experience_min_years,
            "education_min": self.education_min,
            "city": self.city,
            "seniority": self.seniority,
            "remote": self.is_remote,
            "role_family": self.role_family,
            "role_family_scores": self.role_family_scores,
            "occupation": {
                "esco_uri": occ.esco_uri if occ else None,
                "esco_label": occ.esco_label if occ else None,
                "csco_code": occ.csco_code if occ else None,
                "csco_name": occ.csco_name if occ else None,
            },
            "sections": [
                {"kind": s.kind, "start": s.start, "end": s.end} for s in self.sections
            ],
            "versions": self.versions,
        }
