"""Schemas of the cultivation routes about reviews and careers (review cycles and reviews,
calibration, promotion readiness, onboarding, ladders, lateral paths, teams): one per direction,
and the functions that turn service results into them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from talentgraph.api._cultivation_schemas import SkillLevelPublic, _Input, _Public
from talentgraph.api._people_schemas import Text, Timestamp
from talentgraph.domain import SkillLevel
from talentgraph.plan import Readiness, ReviewScore
from talentgraph.services._cultivation_careers import TeamView
from talentgraph.services._cultivation_gaps import RankedPerson, ReadinessView
from talentgraph.services._cultivation_reviews import CalibrationView, ReviewView

Names = dict[str, tuple[str, str | None]]

__all__ = [
    "BucketPublic",
    "BusFactorPublic",
    "CalibratedPublic",
    "CalibrationPublic",
    "CheckpointPublic",
    "GoalInput",
    "GoalScorePublic",
    "HeatmapPublic",
    "LadderPublic",
    "LateralPathPublic",
    "LevelChangePublic",
    "MissingSkillPublic",
    "OnboardingGoalPublic",
    "OnboardingPhasePublic",
    "OnboardingPublic",
    "RankedPublic",
    "RaterPublic",
    "ReadinessPublic",
    "ReviewCycleCreate",
    "ReviewCyclePublic",
    "ReviewCycleUpdate",
    "ReviewDetailPublic",
    "ReviewGoalsSet",
    "ReviewInputCreate",
    "ReviewPartPublic",
    "ReviewScorePublic",
    "RungPublic",
    "SchemeInput",
    "SharedSkillPublic",
    "SkillNamePublic",
    "TeamMemberPublic",
    "TeamNeedPublic",
    "TeamPublic",
    "calibration_public",
    "ranked_public",
    "readiness_public",
    "review_public",
    "team_public",
]

# --- reviews ------------------------------------------------------------------------------------

class SchemeInput(_Input):
    """The scoring scheme of a cycle; what is left out keeps its default."""

    goal_weight: float | None = Field(None, ge=0, le=1)
    competency_weight: float | None = Field(None, ge=0, le=1)
    self_weight: float | None = Field(None, ge=0, le=1)
    manager_weight: float | None = Field(None, ge=0, le=1)
    peer_weight: float | None = Field(None, ge=0, le=1)
    scale_min: float | None = Field(None, ge=-1000, le=1000)
    scale_max: float | None = Field(None, ge=-1000, le=1000)
    decimals: int | None = Field(None, ge=0, le=6)


class ReviewCycleCreate(_Input):
    slug: Annotated[Text, Field(min_length=1, max_length=40, examples=["2025H1"])]
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    scheme: SchemeInput | None = None
    starts_on: date | None = None
    ends_on: date | None = None


class ReviewCycleUpdate(_Input):
    status: Literal["open", "closed"]


class ReviewCyclePublic(_Public):
    id: int
    slug: str
    name: str
    scheme: dict[str, Any]
    status: str
    starts_on: date | None
    ends_on: date | None
    created_at: Timestamp


class GoalInput(_Input):
    title: Annotated[Text, Field(min_length=1, max_length=200)]
    weight: float = Field(gt=0, le=1000, description="A share within its kind.")
    kind: Literal["goal", "competency"] = "goal"


class ReviewGoalsSet(_Input):
    goals: list[GoalInput] = Field(min_length=1, max_length=50)


class ReviewInputCreate(_Input):
    source: Literal["self", "manager", "peer"]
    ratings: dict[Annotated[str, Field(max_length=200)], float] = Field(
        min_length=1, max_length=50, description="Goal title -> rating on the cycle's scale.")
    comment: Annotated[Text, Field(max_length=2000)] = ""


class ReviewPartPublic(_Public):
    name: str
    score: float | None
    weight: float
    count: int


class GoalScorePublic(_Public):
    title: str
    kind: str
    weight: float
    score: float | None
    inputs: list[tuple[str, float, float]] = Field(
        description="(source, rating, effective weight) of each input.")


class ReviewScorePublic(_Public):
    final: float
    parts: list[ReviewPartPublic]
    goals: list[GoalScorePublic]
    why: list[str]
    why_zh: list[str]
    scale_min: float
    scale_max: float


class ReviewDetailPublic(BaseModel):
    """A review of a cycle: goals with their ratings, the inputs given, and the final score
    with its reasons (None until a goal is rated)."""

    id: int
    employee_id: int
    cycle: str
    status: str | None
    goals: list[dict[str, Any]]
    inputs: list[dict[str, Any]]
    final_score: float | None
    score: ReviewScorePublic | None


def review_public(view: ReviewView) -> ReviewDetailPublic:
    """The public form of a review view."""
    score: ReviewScore | None = view.score
    return ReviewDetailPublic(
        id=view.review.id, employee_id=view.review.employee_id, cycle=view.review.cycle,
        status=view.cycle.status if view.cycle else None, goals=list(view.goals),
        inputs=list(view.inputs), final_score=view.review.final_score,
        score=ReviewScorePublic.model_validate(score) if score else None)


class CalibratedPublic(_Public):
    person: str = Field(description="The employee's ref.")
    employee_id: int = 0
    score: float
    group: str
    z: float
    bucket: str
    suggested_bucket: str
    is_outlier: bool


class BucketPublic(_Public):
    bucket: str
    name_zh: str
    target_share: float
    target_count: int
    count: int
    share: float


class RaterPublic(_Public):
    rater: str
    count: int
    mean: float
    leniency: float
    leniency_z: float
    is_lenient: bool
    is_harsh: bool


class CalibrationPublic(BaseModel):
    """A cycle's calibration across a team (or everyone)."""

    cycle: str
    manager_id: int | None
    people: list[CalibratedPublic]
    distribution: list[BucketPublic]
    raters: list[RaterPublic]
    moves: list[str]
    why: list[str]
    why_zh: list[str]


def calibration_public(view: CalibrationView) -> CalibrationPublic:
    """The public form of a calibration view."""
    result = view.calibration
    people = []
    for person in result.people:
        item = CalibratedPublic.model_validate(person)
        item.employee_id = view.employees[person.person]
        people.append(item)
    return CalibrationPublic(
        cycle=view.cycle, manager_id=view.manager_id, people=people,
        distribution=[BucketPublic.model_validate(d) for d in result.distribution],
        raters=[RaterPublic.model_validate(r) for r in result.raters], moves=list(result.moves),
        why=list(result.why), why_zh=list(result.why_zh))


# --- readiness ----------------------------------------------------------------------------------

class MissingSkillPublic(BaseModel):
    skill: str
    name_en: str
    name_zh: str | None
    current: int
    target: int
    deficit: int
    weight: float
    is_critical: bool


class ReadinessPublic(BaseModel):
    """How ready a person is for a role level, what is missing, the evidence, and why."""

    employee_id: int
    role: str
    target_level: str
    score: float
    is_ready: bool
    skill_coverage: float
    results_score: float | None
    review_average: float | None
    missing: list[MissingSkillPublic]
    evidence: list[SkillLevelPublic]
    why: list[str]
    why_zh: list[str]


def _readiness(employee_id: int, found: Readiness, names: Names) -> ReadinessPublic:
    missing = [MissingSkillPublic(name_en=names.get(m.skill, (m.skill, None))[0],
                                  name_zh=names.get(m.skill, (m.skill, None))[1],
                                  skill=m.skill, current=m.current, target=m.target,
                                  deficit=m.deficit, weight=m.weight, is_critical=m.is_critical)
               for m in found.missing]
    return ReadinessPublic(
        employee_id=employee_id, role=found.role, target_level=found.target_level,
        score=found.score, is_ready=found.is_ready, skill_coverage=found.skill_coverage,
        results_score=found.results_score, review_average=found.review_average,
        missing=missing, evidence=[_skill_level(s) for s in found.evidence],
        why=list(found.why), why_zh=list(found.why_zh))


def _skill_level(level: SkillLevel) -> SkillLevelPublic:
    return SkillLevelPublic.model_validate(level)


def readiness_public(view: ReadinessView) -> ReadinessPublic:
    """The public form of a readiness view."""
    return _readiness(view.employee_id, view.readiness, view.names)


class RankedPublic(BaseModel):
    employee_id: int
    ref: str
    name: str
    level: str | None
    readiness: ReadinessPublic


def ranked_public(person: RankedPerson) -> RankedPublic:
    """The public form of one person of a readiness list."""
    return RankedPublic(employee_id=person.employee_id, ref=person.ref, name=person.name,
                        level=person.level,
                        readiness=_readiness(person.employee_id, person.readiness, {}))


# --- onboarding, ladders, lateral paths ----------------------------------------------------------

class OnboardingGoalPublic(_Public):
    skill: str
    name_en: str
    name_zh: str
    weight: float
    start_level: int
    goal_level: int
    target: int
    title_en: str
    title_zh: str


class CheckpointPublic(_Public):
    day: int
    on: date
    kind: str
    title_en: str
    title_zh: str
    skill: str | None
    level: int | None


class OnboardingPhasePublic(_Public):
    key: str
    first_day: int
    last_day: int
    starts_on: date
    ends_on: date
    title_en: str
    title_zh: str
    goals: list[OnboardingGoalPublic]
    checkpoints: list[CheckpointPublic]


class OnboardingPublic(_Public):
    """A newcomer's first 90 days: three phases with goals and checkpoints."""

    role: str
    level: str
    start: date
    end: date
    phases: list[OnboardingPhasePublic]
    at_target: list[str]
    after_90_days: list[OnboardingGoalPublic]
    notes_en: list[str]
    notes_zh: list[str]


class LevelChangePublic(_Public):
    skill: str
    name_en: str
    name_zh: str
    weight: float
    before: int
    after: int
    rise: int


class RungPublic(_Public):
    level: str
    name_en: str
    name_zh: str
    summary_en: str
    summary_zh: str
    expected_level: float
    changes: list[LevelChangePublic]
    new_skills: list[str]


class LadderPublic(_Public):
    """A role family's ladder: each level and the skills whose target rises there."""

    role: str
    name_en: str
    name_zh: str
    rungs: list[RungPublic]


class SharedSkillPublic(_Public):
    skill: str
    weight: float
    from_target: int
    to_target: int


class LateralPathPublic(_Public):
    """A move to another role family at the same level, by skill overlap."""

    from_role: str
    to_role: str
    name_en: str
    name_zh: str
    level: str
    score: float
    shared: list[SharedSkillPublic]
    to_learn: list[LevelChangePublic]


# --- teams --------------------------------------------------------------------------------------

class TeamMemberPublic(_Public):
    id: int
    ref: str
    name: str
    role_family: str | None
    level: str | None


class HeatmapPublic(_Public):
    people: list[str] = Field(description="Member refs, the rows.")
    skills: list[str]
    matrix: list[list[int]]


class BusFactorPublic(BaseModel):
    skill: str
    holder: str | None = Field(description="The only holder's ref; None: needed, held by none.")


class TeamNeedPublic(_Public):
    skill: str
    needed_level: int
    best_level: int
    holders: list[str]
    gap: int
    weight: float
    needed_by: list[str]


class SkillNamePublic(BaseModel):
    en: str
    zh: str | None


class TeamPublic(BaseModel):
    """A manager's team: members, heat map, bus-factor skills and unmet needs."""

    manager: TeamMemberPublic
    members: list[TeamMemberPublic]
    min_level: int
    heatmap: HeatmapPublic
    bus_factor: list[BusFactorPublic]
    needs: list[TeamNeedPublic]
    skill_names: dict[str, SkillNamePublic]


def team_public(view: TeamView) -> TeamPublic:
    """The public form of a team view."""
    return TeamPublic(
        manager=TeamMemberPublic.model_validate(view.manager),
        members=[TeamMemberPublic.model_validate(m) for m in view.members],
        min_level=view.min_level, heatmap=HeatmapPublic.model_validate(view.heatmap),
        bus_factor=[BusFactorPublic(skill=b.skill, holder=b.holder) for b in view.bus_factor],
        needs=[TeamNeedPublic.model_validate(n) for n in view.needs],
        skill_names={slug: SkillNamePublic(en=en, zh=zh) for slug, (en, zh) in view.names.items()})
