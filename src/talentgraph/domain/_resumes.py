"""A parsed resume (简历) and what matching needs from it (issue 6). Plain frozen dataclasses;
no I/O. Spans index into ``Resume.text`` (the text as read from the file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "EducationEntry",
    "Resume",
    "ResumeSkill",
    "SkillEvidenceSpan",
    "WorkEntry",
]


@dataclass(frozen=True, slots=True)
class SkillEvidenceSpan:
    """Where a resume shows a skill: the span and its words, and the section it is in."""

    start: int
    end: int
    surface: str
    section: str | None = None


@dataclass(frozen=True, slots=True)
class ResumeSkill:
    """A skill the resume shows, with an inferred level 0-4 and why: the years it was used
    (from dated jobs/projects that mention it), when it was last used, and depth words
    (精通/熟悉/了解, expert/familiar) next to it."""

    slug: str
    level: int
    evidence: tuple[SkillEvidenceSpan, ...]
    years: float | None = None
    last_used: date | None = None
    depth_word: str | None = None
    why: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EducationEntry:
    """A degree: bachelor/master/phd/associate/high_school (EDUCATION_LEVELS), school, major."""

    degree: str | None
    school: str | None
    major: str | None = None
    start: date | None = None
    end: date | None = None
    span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class WorkEntry:
    """A job held: employer, title, dates (end None = present) and months."""

    employer: str | None
    title: str | None
    start: date | None = None
    end: date | None = None
    months: int | None = None
    description: str = ""
    span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Resume:
    """Everything read from one resume. Contact details are personal data: the workspace
    stores them encrypted. Nothing here is invented: a field the file does not show is None
    or empty."""

    id: str
    text: str
    language: str
    name: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    education: tuple[EducationEntry, ...] = ()
    work: tuple[WorkEntry, ...] = ()
    projects: tuple[str, ...] = ()
    skills: tuple[ResumeSkill, ...] = ()
    total_years: float | None = None
    highest_degree: str | None = None
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)
