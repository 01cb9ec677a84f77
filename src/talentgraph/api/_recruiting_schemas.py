"""Request and response schemas of the recruiting routes: openings, candidates, applications,
stage history, interview rounds and scorecards (one per direction)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

__all__ = [
    "ApplicationCreate",
    "ApplicationMove",
    "ApplicationPublic",
    "CandidateCreate",
    "CandidatePublic",
    "CandidateSkill",
    "CandidateSkillPublic",
    "CandidateUpdate",
    "Education",
    "EvidenceSpanPublic",
    "MAX_ID",
    "Id",
    "InterviewCreate",
    "InterviewPublic",
    "MatchWeightsBody",
    "OpeningCreate",
    "OpeningPublic",
    "OpeningStatus",
    "OpeningUpdate",
    "Recommendation",
    "ScorecardPage",
    "ScorecardPublic",
    "ScorecardSubmit",
    "SkillRequirement",
    "SkillRequirementPublic",
    "Stage",
    "StageEventPublic",
    "Text",
    "Timestamp",
]

# Mirrors of the services' constants (tests/api/test_recruiting.py checks they agree), spelled
# out so that the OpenAPI schema lists the allowed values.
OpeningStatus = Literal["open", "on_hold", "closed", "filled"]
Stage = Literal["applied", "screened", "interview", "offer", "hired", "rejected"]
Recommendation = Literal["strong_no", "no", "yes", "strong_yes"]
Education = Literal["none", "associate", "bachelor", "master", "phd"]

#: The largest id accepted (ids are 32-bit integers on every database we run on).
MAX_ID = 2**31 - 1


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _plain_json(value: Any) -> Any:
    """Refuse NUL characters and non-finite numbers anywhere in a JSON value (PostgreSQL and
    strict JSON writers refuse them)."""
    if isinstance(value, str):
        _no_nul(value)
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must not contain NaN or infinite numbers")
    elif isinstance(value, dict):
        for key, item in value.items():
            _plain_json(key)
            _plain_json(item)
    elif isinstance(value, list):
        for item in value:
            _plain_json(item)
    return value


def _as_utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC (store.utcnow)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, AfterValidator(_no_nul)]
Ref = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:/-]+$")]
Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[^\x00]+$")]
Currency = Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")]
Pay = Annotated[float, Field(ge=0, le=1e9)]
Rating = Annotated[int, Field(ge=1, le=4)]
Attributes = Annotated[dict[Annotated[str, Field(max_length=100)], Any],
                       AfterValidator(_plain_json)]
#: A UTC timestamp, always with its offset.
Timestamp = Annotated[datetime, AfterValidator(_as_utc)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class SkillRequirement(_Input):
    """A skill an opening needs: its slug, the level (0-4) and its weight."""

    skill: Slug
    level: int = Field(ge=0, le=4)
    weight: float = Field(1.0, gt=0, le=10)


class CandidateSkill(_Input):
    """A skill of a candidate (from extraction or entered by hand)."""

    skill: Slug
    level: int | None = Field(None, ge=0, le=4)
    evidence: Text | None = Field(None, max_length=500)


class SkillRequirementPublic(BaseModel):
    """A skill an opening needs, as stored."""

    skill: str
    level: int | None = None
    weight: float | None = None


class EvidenceSpanPublic(BaseModel):
    """Where the resume text shows a skill (character offsets) and in which section."""

    start: int
    end: int
    surface: str
    section: str | None = None


class CandidateSkillPublic(BaseModel):
    """A skill of a candidate, as stored; a skill read from a resume also has its spans, the
    years it was used and the depth word next to it (精通, familiar, ...)."""

    skill: str
    level: int | None = None
    evidence: str | None = None
    spans: list[EvidenceSpanPublic] | None = None
    years: float | None = None
    depth_word: str | None = None


class MatchWeightsBody(_Input):
    """The weights of the fit score's parts: each in [0, 1], summing to 1; a part left out
    weighs 0."""

    skills: float = Field(0.0, ge=0, le=1)
    similarity: float = Field(0.0, ge=0, le=1)
    experience: float = Field(0.0, ge=0, le=1)
    education: float = Field(0.0, ge=0, le=1)


Years = Annotated[float, Field(ge=0, le=60)]


class OpeningCreate(_Input):
    ref: Ref | None = Field(None, description="Made up (OPN-...) when left out.")
    title: Text = Field(min_length=1, max_length=300)
    role_family: Text | None = Field(None, max_length=120)
    level: Text | None = Field(None, max_length=20)
    location: Text | None = Field(None, max_length=120)
    pay_min: Pay | None = None
    pay_max: Pay | None = None
    currency: Currency | None = None
    description: Text = Field("", max_length=50_000)
    skills: list[SkillRequirement] = Field(default_factory=list, max_length=100)
    status: OpeningStatus = "open"
    hiring_manager_id: Id | None = Field(
        None, description="A user with role hiring_manager; they see this opening's pipeline.")
    min_years: Years | None = Field(None, description="The least years of experience asked.")
    education_min: Education | None = Field(None, description="The least degree asked.")
    match_weights: MatchWeightsBody | None = Field(
        None, description="Weights of the fit score's parts; the defaults when left out.")


class OpeningUpdate(_Input):
    ref: Ref | None = None
    title: Text | None = Field(None, min_length=1, max_length=300)
    role_family: Text | None = Field(None, max_length=120)
    level: Text | None = Field(None, max_length=20)
    location: Text | None = Field(None, max_length=120)
    pay_min: Pay | None = None
    pay_max: Pay | None = None
    currency: Currency | None = None
    description: Text | None = Field(None, max_length=50_000)
    skills: list[SkillRequirement] | None = Field(None, max_length=100)
    status: OpeningStatus | None = None
    hiring_manager_id: Id | None = None
    min_years: Years | None = None
    education_min: Education | None = None
    match_weights: MatchWeightsBody | None = None


class OpeningPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    ref: str
    title: str
    role_family: str | None
    level: str | None
    location: str | None
    pay_min: float | None
    pay_max: float | None
    currency: str | None
    description: str
    skills: list[SkillRequirementPublic]
    status: str
    hiring_manager_id: int | None
    min_years: float | None = None
    education_min: str | None = None
    match_weights: dict[str, float] | None = None
    created_at: Timestamp
    updated_at: Timestamp


class CandidateCreate(_Input):
    ref: Ref | None = Field(None, description="Made up (CAN-...) when left out.")
    name: Text = Field(min_length=1, max_length=200)
    email: Text | None = Field(None, max_length=254)
    phone: Text | None = Field(None, max_length=40)
    resume_text: Text | None = Field(None, max_length=200_000)
    protected: Attributes | None = Field(
        None, description="Protected attributes (e.g. gender, age); hr and admin only.")
    source: Text | None = Field(None, max_length=60)
    city: Text | None = Field(None, max_length=120)
    years_experience: float | None = Field(None, ge=0, le=70)
    education: Education | None = None
    skills: list[CandidateSkill] = Field(default_factory=list, max_length=500)


class CandidateUpdate(_Input):
    ref: Ref | None = None
    name: Text | None = Field(None, min_length=1, max_length=200)
    email: Text | None = Field(None, max_length=254)
    phone: Text | None = Field(None, max_length=40)
    resume_text: Text | None = Field(None, max_length=200_000)
    protected: Attributes | None = None
    source: Text | None = Field(None, max_length=60)
    city: Text | None = Field(None, max_length=120)
    years_experience: float | None = Field(None, ge=0, le=70)
    education: Education | None = None
    skills: list[CandidateSkill] | None = Field(None, max_length=500)


class CandidatePublic(BaseModel):
    """A candidate as the caller may see them: ``email``/``phone`` only for recruiters, hr and
    admin, ``protected`` only for hr and admin, ``resume_text`` only on the detail route;
    fields the caller may not see are absent."""

    id: int
    ref: str
    name: str
    source: str | None
    city: str | None
    years_experience: float | None
    education: str | None
    skills: list[CandidateSkillPublic]
    created_at: Timestamp
    updated_at: Timestamp
    email: str | None = None
    phone: str | None = None
    resume_text: str | None = None
    protected: dict[str, Any] | None = None


class ApplicationCreate(_Input):
    candidate_id: Id
    opening_id: Id
    notes: Text = Field("", max_length=10_000)


class ApplicationMove(_Input):
    stage: Stage
    reason: Text | None = Field(None, max_length=200,
                               description="Why; required when the stage is rejected.")


class ApplicationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    candidate_id: int
    opening_id: int
    stage: str
    rejection_reason: str | None
    score: float | None
    notes: str
    created_at: Timestamp
    updated_at: Timestamp


class StageEventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    application_id: int
    from_stage: str | None
    to_stage: str
    reason: str | None
    by_user_id: int | None
    by: str | None = Field(description="The username of who moved it.")
    at: Timestamp


class InterviewCreate(_Input):
    round: Text = Field(min_length=1, max_length=60, description="e.g. 'technical 1'.")
    focus_skills: list[Slug] | None = Field(
        None, max_length=50, description="Skill slugs; the opening's skills when left out.")
    scheduled_on: date | None = None


class InterviewPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    application_id: int
    round: str
    focus_skills: list[str]
    scheduled_on: date | None
    created_at: Timestamp


class ScorecardSubmit(_Input):
    ratings: dict[Slug, Rating] = Field(
        description="Each focus skill of the round -> 1 (weak) .. 4 (strong).")
    recommendation: Recommendation
    notes: Text = Field("", max_length=10_000)


class ScorecardPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    interview_id: int
    interviewer_id: int
    interviewer: str
    ratings: dict[str, int]
    recommendation: str | None
    notes: str
    submitted_at: Timestamp | None


class ScorecardPage(BaseModel):
    """The scorecards of a round the caller may see; ``hidden`` counts those withheld until the
    caller submits their own."""

    items: list[ScorecardPublic]
    total: int
    hidden: int
