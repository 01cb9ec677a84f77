"""Request and response schemas of the screening routes: resume import and merges, openings
proposed from a job description, ranking with reasons, bulk moves and notes, the funnel, and
structured interviews (plans, summaries, agreement and leniency)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from talentgraph.api._recruiting_schemas import EvidenceSpanPublic, Id, Stage, Text, Timestamp

__all__ = [
    "ApplicationNote",
    "BulkMove",
    "BulkMovePublic",
    "CandidateMergePublic",
    "FunnelPublic",
    "FunnelReportPublic",
    "FunnelStagePublic",
    "InterviewPlanPublic",
    "InterviewPlanSet",
    "InterviewStatsPublic",
    "InterviewSummaryPublic",
    "LeniencyPublic",
    "OpeningProposalPublic",
    "PlanRoundBody",
    "PlanRoundPublic",
    "ProposedSkillPublic",
    "RankedCandidatePublic",
    "RankedSkillPublic",
    "RankingPublic",
    "ResumeImportPublic",
    "ResumeImportReport",
    "SkillRatingPublic",
]

Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[^\x00]+$")]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class _Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# -- resumes -----------------------------------------------------------------------------------

class ResumeImportPublic(_Output):
    """What became of one uploaded file: created, merged into the same person, or error (with
    the error's code and message; nothing was stored)."""

    file: str
    status: Literal["created", "merged", "error"]
    candidate_id: int | None
    ref: str | None
    application_id: int | None
    merged_reason: str | None = Field(description="email, phone or name_school when merged.")
    skills: int
    warnings: list[str]
    code: str | None
    error: str | None


class ResumeImportReport(BaseModel):
    """One report per file, in the order uploaded, and the counts."""

    items: list[ResumeImportPublic]
    created: int
    merged: int
    failed: int


class CandidateMergePublic(_Output):
    id: int
    kept_id: int
    merged_ref: str = Field(description="The file merged into the candidate.")
    reason: str
    by_user_id: int | None
    by: str | None
    at: Timestamp


# -- openings from a job description -----------------------------------------------------------

class ProposedSkillPublic(_Output):
    skill: str
    name_en: str
    name_zh: str | None
    level: int
    weight: float


class OpeningProposalPublic(_Output):
    """Requirements read from a job description, to confirm with POST /openings (not saved)."""

    title: str
    role_family: str | None
    level: str | None
    skills: list[ProposedSkillPublic]
    min_years: float | None
    education_min: str | None
    language: str | None
    description: str


# -- ranking -----------------------------------------------------------------------------------

class RankedSkillPublic(_Output):
    skill: str
    name: str
    level: int
    target: int
    weight: float
    evidence: list[EvidenceSpanPublic] = Field(description="Spans of the resume text.")
    context: str | None = Field(description="The resume line that shows the skill.")


class ScorePartPublic(BaseModel):
    value: float = Field(description="0-1.")
    weight: float
    points: float = Field(description="What the part adds to the 0-100 score.")


class RankedCandidatePublic(_Output):
    rank: int
    candidate_id: int
    ref: str
    name: str
    application_id: int | None
    stage: str | None
    score: float
    parts: dict[str, ScorePartPublic]
    matched: list[RankedSkillPublic]
    partial: list[RankedSkillPublic]
    missing: list[RankedSkillPublic]
    similarity: float
    years: float | None
    degree: str | None
    explanation: str


class RankingPublic(_Output):
    opening_id: int
    pool: str
    lang: str
    total: int = Field(description="Candidates scored.")
    weights: dict[str, float] = Field(description="The weights used (parts the opening does "
                                      "not ask about weigh 0).")
    items: list[RankedCandidatePublic]


# -- pipeline extras ---------------------------------------------------------------------------

class BulkMove(_Input):
    ids: list[Id] = Field(min_length=1, max_length=200)
    stage: Stage
    reason: Text | None = Field(None, max_length=200,
                               description="Why; required when the stage is rejected.")


class BulkMovePublic(_Output):
    stage: str
    moved: list[int]
    unchanged: list[int] = Field(description="At the stage already.")


class ApplicationNote(_Input):
    text: Text = Field(min_length=1, max_length=5000)


class FunnelStagePublic(_Output):
    stage: str
    reached: int
    current: int
    rejected: int
    conversion: float | None = Field(description="Reached the next stage / reached this one.")
    median_days: float | None = Field(description="Median days in the stage of those who "
                                      "left it.")


class FunnelPublic(_Output):
    key: str | None
    label: str | None
    applications: int
    stages: list[FunnelStagePublic]


class FunnelReportPublic(_Output):
    overall: FunnelPublic
    by_source: list[FunnelPublic]
    by_opening: list[FunnelPublic]


# -- structured interviews ---------------------------------------------------------------------

class PlanRoundBody(_Input):
    round: Text = Field(min_length=1, max_length=60)
    focus_skills: list[Slug] = Field(min_length=1, max_length=20,
                                     description="Skill slugs of the opening.")


class InterviewPlanSet(_Input):
    rounds: list[PlanRoundBody] = Field(min_length=1, max_length=10)


class PlanRoundPublic(_Output):
    round: str
    focus_skills: list[str]


class InterviewPlanPublic(_Output):
    opening_id: int
    rounds: list[PlanRoundPublic]
    is_suggested: bool = Field(description="Not saved yet: made from the opening's skills.")


class SkillRatingPublic(_Output):
    skill: str
    mean: float
    ratings: int
    low: int
    high: int


class InterviewSummaryPublic(_Output):
    application_id: int
    rounds: int
    hidden_rounds: int = Field(description="Rounds whose scorecards stay hidden until you "
                               "submit yours.")
    scorecards: int
    skills: list[SkillRatingPublic]
    recommendations: dict[str, int]


class LeniencyPublic(_Output):
    interviewer_id: int
    interviewer: str
    offset: float = Field(description="Mean offset from the panels' means: > 0 lenient.")
    ratings: int
    panels: int


class InterviewStatsPublic(_Output):
    opening_id: int
    alpha: float | None = Field(description="Krippendorff's alpha (ordinal) of the skill "
                                "ratings; None when not computable.")
    alpha_by_skill: dict[str, float | None]
    units: int
    pairable_values: int
    scorecards: int
    leniency: list[LeniencyPublic]
