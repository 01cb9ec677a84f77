"""Schemas of the cultivation routes about skills and learning (why a level, gaps, learning
plans and their steps, skill checks): one per direction, and the functions that turn service
results into them. Reviews, readiness, careers and teams: api/_career_schemas.py."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from talentgraph.api._people_schemas import MAX_ID, LearningPlanPublic, Text, Timestamp
from talentgraph.plan import CheckResult
from talentgraph.services._cultivation_checks import CheckOutcome, CheckView
from talentgraph.services._cultivation_gaps import GapView
from talentgraph.services._cultivation_plans import PlanView, StepOutcome
from talentgraph.services._profiles import SkillExplanation
from talentgraph.store import SkillCheckAttempt

__all__ = [
    "CheckAnswers",
    "CheckAttemptPublic",
    "CheckCreate",
    "CheckOutcomePublic",
    "CheckPublic",
    "ChoicePublic",
    "EvidencePiecePublic",
    "FeedbackPublic",
    "GapItemPublic",
    "GapPublic",
    "GradePublic",
    "LearningPlanProgress",
    "PlanBuild",
    "QuestionPublic",
    "SkillLevelPublic",
    "SkillWhyPublic",
    "StepComplete",
    "StepOutcomePublic",
    "attempt_public",
    "check_outcome_public",
    "check_public",
    "gap_public",
    "grade_public",
    "plan_public",
    "skill_why_public",
    "step_outcome_public",
]

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Level = Annotated[str, Field(pattern=r"^L[1-5]$", description="A ladder level, L1..L5.")]
Answer = str | float
AnswerMap = Annotated[dict[Annotated[str, Field(max_length=60)], Answer],
                      Field(max_length=50, description="Question key -> answer.")]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)


class _Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- skill levels -------------------------------------------------------------------------------

class EvidencePiecePublic(_Public):
    skill: str
    source: str
    level: int
    observed_on: date
    detail: str
    ref: str | None


class SkillLevelPublic(_Public):
    """A derived skill level with its confidence, evidence and reasons (English)."""

    skill: str
    level: int
    confidence: float
    why: list[str]
    evidence: list[EvidencePiecePublic]


class SkillWhyPublic(BaseModel):
    """Why an employee has their level in a skill, in English and Chinese."""

    employee_id: int
    skill_slug: str
    name_en: str
    name_zh: str | None
    level: int
    stored_level: int | None = Field(description="The level on the profile (None: no row).")
    confidence: float
    why_en: list[str]
    why_zh: list[str]
    evidence: list[EvidencePiecePublic]


def skill_why_public(found: SkillExplanation) -> SkillWhyPublic:
    """The public form of a skill explanation."""
    return SkillWhyPublic(
        employee_id=found.employee_id, skill_slug=found.skill_slug, name_en=found.name_en,
        name_zh=found.name_zh, level=found.skill.level, stored_level=found.stored_level,
        confidence=found.skill.confidence, why_en=list(found.skill.why),
        why_zh=list(found.why_zh),
        evidence=[EvidencePiecePublic.model_validate(p) for p in found.skill.evidence])


# --- gaps ---------------------------------------------------------------------------------------

class GapItemPublic(BaseModel):
    slug: str
    name_en: str
    name_zh: str | None
    current: int
    target: int
    weight: float
    deficit: int
    kind: Literal["missing", "under", "met"]


class GapPublic(BaseModel):
    """An employee against a role level: gaps heaviest first, skills met, weighted coverage;
    for another role (an internal move) also the role they are in and the skills that transfer."""

    employee_id: int
    role: str
    level: str
    is_move: bool
    from_role: str | None
    coverage: float
    gaps: list[GapItemPublic]
    met: list[GapItemPublic]
    transferable: list[str]


def gap_public(view: GapView) -> GapPublic:
    """The public form of a gap view."""
    def item(g: Any) -> GapItemPublic:
        en, zh = view.names.get(g.slug, (g.slug, None))
        return GapItemPublic(name_en=en, name_zh=zh, **g.to_dict())

    report = view.report
    return GapPublic(employee_id=view.employee_id, role=report.role, level=report.level,
                     is_move=view.target.is_move, from_role=report.from_role,
                     coverage=report.coverage, gaps=[item(g) for g in report.gaps],
                     met=[item(g) for g in report.met], transferable=list(report.transferable))


# --- learning plans -----------------------------------------------------------------------------

class PlanBuild(_Input):
    role: Annotated[Text, Field(min_length=1, max_length=120)] | None = Field(
        None, description="A role family slug; defaults to the employee's.")
    level: Level | None = Field(None, description="Defaults to the level above theirs.")
    hours_per_week: float = Field(5.0, gt=0, le=168)
    language: Literal["en", "zh"] | None = Field(None, description="Prefer resources in it.")


class LearningPlanProgress(LearningPlanPublic):
    """A learning plan with its progress (and, just built, the weeks it takes)."""

    steps_total: int
    steps_done: int
    total_hours: float
    hours_done: float
    uncovered: list[str] = Field(description="Skills of steps no resource covers.")
    coverage: float | None = None
    weeks: int | None = None
    hours_per_week: float | None = None


def plan_public(view: PlanView) -> LearningPlanProgress:
    """The public form of a plan view."""
    base = LearningPlanPublic.model_validate(view.plan).model_dump()
    return LearningPlanProgress(
        **base, steps_total=len(base["steps"]), steps_done=view.steps_done,
        total_hours=view.total_hours, hours_done=view.hours_done, uncovered=list(view.uncovered),
        coverage=view.coverage, weeks=view.weeks, hours_per_week=view.hours_per_week)


class StepComplete(_Input):
    check_id: Annotated[Text, Field(max_length=200)] | None = Field(
        None, description="The check issued for the step (POST /checks).")
    answers: AnswerMap | None = None
    level: int | None = Field(None, ge=0, le=4,
                              description="A manager or hr: the level observed.")


class FeedbackPublic(_Public):
    key: str
    is_correct: bool
    given: str | None
    expected: str
    solution_en: str
    solution_zh: str


class GradePublic(BaseModel):
    """The grade of a check: passed or not, the share right, the feedback per question."""

    check_id: str
    passed: bool
    score: float
    pass_mark: float
    feedback: list[FeedbackPublic]


def grade_public(result: CheckResult) -> GradePublic:
    """The public form of a check result."""
    return GradePublic(check_id=result.check_id, passed=result.passed, score=result.score,
                       pass_mark=result.pass_mark,
                       feedback=[FeedbackPublic.model_validate(f) for f in result.feedback])


class StepOutcomePublic(BaseModel):
    """A step completed (or a failed check): the plan, the step, the grade, the level move."""

    plan: LearningPlanProgress
    step: dict[str, Any]
    is_done: bool
    grade: GradePublic | None
    level_before: int
    level_after: int


def step_outcome_public(outcome: StepOutcome) -> StepOutcomePublic:
    """The public form of a step outcome."""
    return StepOutcomePublic(
        plan=plan_public(outcome.plan), step=outcome.step, is_done=bool(outcome.step.get("done")),
        grade=grade_public(outcome.result) if outcome.result else None,
        level_before=outcome.level_before, level_after=outcome.level_after)


# --- skill checks -------------------------------------------------------------------------------

class CheckCreate(_Input):
    skill: Annotated[Text, Field(min_length=1, max_length=200)] | None = Field(
        None, description="A skill slug or name; defaults to the plan step's skill.")
    level: int | None = Field(None, ge=2, le=3, description="2 working or 3 proficient.")
    employee_id: Id | None = Field(None, description="hr: for someone else.")
    plan_id: Id | None = None
    step: int | None = Field(None, ge=1, le=10_000)


class CheckAnswers(_Input):
    answers: AnswerMap


class ChoicePublic(_Public):
    key: str
    label_en: str
    label_zh: str


class QuestionPublic(_Public):
    key: str
    label_en: str
    label_zh: str
    kind: str
    unit: str
    choices: list[ChoicePublic]


def _status(attempt: SkillCheckAttempt) -> str:
    if attempt.submitted_at is None:
        return "open"
    return "passed" if attempt.is_passed else "failed"


class CheckAttemptPublic(BaseModel):
    """An issued check: whose, when, and (once answered) its score."""

    id: int
    check_id: str
    skill_slug: str
    level: int
    employee_id: int
    issued_to: int | None
    issued_at: Timestamp
    submitted_at: Timestamp | None
    score: float | None
    is_passed: bool | None
    plan_id: int | None
    step: int | None
    status: Literal["open", "passed", "failed"]


def attempt_public(attempt: SkillCheckAttempt) -> CheckAttemptPublic:
    """The public form of an issued check."""
    return CheckAttemptPublic(
        id=attempt.id, check_id=attempt.check_id, skill_slug=attempt.skill_slug,
        level=attempt.level, employee_id=attempt.employee_id, issued_to=attempt.issued_to,
        issued_at=attempt.issued_at, submitted_at=attempt.submitted_at, score=attempt.score,
        is_passed=attempt.is_passed, plan_id=attempt.plan_id, step=attempt.step,
        status=_status(attempt))


class CheckPublic(CheckAttemptPublic):
    """An issued check with its exercise (prompt and questions in both languages), never
    its answers."""

    family: str
    title_en: str
    title_zh: str
    prompt_en: str
    prompt_zh: str
    questions: list[QuestionPublic]
    pass_mark: float


def check_public(view: CheckView) -> CheckPublic:
    """The public form of an issued check with its exercise."""
    check = view.check
    return CheckPublic(
        **attempt_public(view.attempt).model_dump(), family=check.family,
        title_en=check.title_en, title_zh=check.title_zh, prompt_en=check.prompt_en,
        prompt_zh=check.prompt_zh, pass_mark=check.pass_mark,
        questions=[QuestionPublic.model_validate(q) for q in check.questions])


class CheckOutcomePublic(BaseModel):
    """A graded check: the attempt, the grade, the level move, the evidence and plan step."""

    attempt: CheckAttemptPublic
    grade: GradePublic
    level_before: int
    level_after: int
    evidence_id: int | None
    step: dict[str, Any] | None


def check_outcome_public(outcome: CheckOutcome) -> CheckOutcomePublic:
    """The public form of a graded check."""
    return CheckOutcomePublic(attempt=attempt_public(outcome.attempt),
                              grade=grade_public(outcome.result),
                              level_before=outcome.level_before, level_after=outcome.level_after,
                              evidence_id=outcome.evidence_id, step=outcome.step)
