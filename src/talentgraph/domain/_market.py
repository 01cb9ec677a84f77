"""Postings as the market analysis sees them: the raw row after column mapping, and the compact
facts extracted from it that every aggregation works on (the same in the local and Spark engines).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Fields a posting column can be mapped to (``--map FIELD=COLUMN``).
POSTING_FIELDS = ("id", "title", "text", "salary", "city", "date", "company",
                  "experience", "education", "seniority")


@dataclass(frozen=True, slots=True)
class Posting:
    """One input posting after column mapping. ``seq`` is its 0-based place in the whole input
    (files in the order given, rows in file order): "earlier" in deduplication means lower seq."""

    seq: int
    id: str
    source: str  # "path:row" (or the path for a one-document file)
    title: str | None
    text: str  # description; may be "" when only the title is known
    salary_raw: str | None = None
    city_raw: str | None = None
    date_raw: str | None = None
    company: str | None = None
    experience_raw: str | None = None
    education_raw: str | None = None
    seniority_raw: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """An input row the analysis could not use, and why (``reason`` is a short stable code such as
    ``no_text``, ``bad_row``, ``unreadable_file``; ``message`` names file, row and field)."""

    source: str
    id: str | None
    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class PostingFacts:
    """What the aggregations need from one posting (small; picklable; one Spark row).

    Salaries are annual, in the posting's own currency (``salary_currency``); conversion to the
    report currency happens in aggregation with stated rates. ``skills`` holds each skill once:
    (slug, requirement) where requirement is "required" if any mention is required, else
    "preferred" if any is preferred, else None. ``phrases`` are candidate emerging terms (not in
    the taxonomy), each once. ``text_key`` is the exact-duplicate key; ``minhash`` the MinHash
    signature for near-duplicates.
    """

    seq: int
    id: str
    language: str
    title: str | None
    company: str | None
    role_family: str
    seniority: str | None
    city: str | None
    date: str | None  # ISO yyyy-mm-dd, or None when unknown
    salary_raw: str | None
    salary_currency: str | None
    salary_annual_min: float | None
    salary_annual_max: float | None
    experience_min_years: float | None
    education_min: str | None
    is_remote: bool | None
    skills: tuple[tuple[str, str | None], ...] = ()
    phrases: tuple[str, ...] = ()
    text_key: str = ""
    minhash: tuple[int, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    #: False for a title-only record (e.g. a salary survey row): it counts in volume, role
    #: families and pay, but not in skill statistics, whose denominators are postings with text.
    has_text: bool = True

    @property
    def has_salary(self) -> bool:
        return self.salary_annual_min is not None or self.salary_annual_max is not None

    @property
    def salary_annual_mid(self) -> float | None:
        """Midpoint of the annual range (or the one end given)."""
        lo, hi = self.salary_annual_min, self.salary_annual_max
        if lo is None and hi is None:
            return None
        if lo is None or hi is None:
            return lo if hi is None else hi
        return (lo + hi) / 2

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
