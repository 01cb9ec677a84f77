"""/api/v1 cultivation: why a skill has its level, gaps, learning plans and their steps, skill
checks, review cycles and reviews, promotion readiness, onboarding, career ladders and teams.

Visibility (applied by the services): an employee sees their own; a manager (a user whose
employee manages others) their team, direct and indirect; hr and admin everyone. Every read
of personal data and every write is audited. Handlers parse, call one service, return a schema.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from talentgraph.api._career_schemas import (
    CalibrationPublic,
    LadderPublic,
    LateralPathPublic,
    OnboardingPublic,
    RankedPublic,
    ReadinessPublic,
    ReviewCycleCreate,
    ReviewCyclePublic,
    ReviewCycleUpdate,
    ReviewDetailPublic,
    ReviewGoalsSet,
    ReviewInputCreate,
    TeamPublic,
    calibration_public,
    ranked_public,
    readiness_public,
    review_public,
    team_public,
)
from talentgraph.api._cultivation_schemas import (
    CheckAnswers,
    CheckAttemptPublic,
    CheckCreate,
    CheckOutcomePublic,
    CheckPublic,
    GapPublic,
    LearningPlanProgress,
    PlanBuild,
    SkillWhyPublic,
    StepComplete,
    StepOutcomePublic,
    attempt_public,
    check_outcome_public,
    check_public,
    gap_public,
    plan_public,
    skill_why_public,
    step_outcome_public,
)
from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.api._people_schemas import MAX_ID, Text
from talentgraph.api._schemas import PageOf
from talentgraph.services import _cultivation_careers as careers
from talentgraph.services import _cultivation_checks as checks
from talentgraph.services import _cultivation_gaps as gaps
from talentgraph.services import _cultivation_plans as plans
from talentgraph.services import _cultivation_reviews as reviews
from talentgraph.services import _profiles as profiles

router = APIRouter(tags=["cultivation"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
EmployeeId = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=10**9)]
Sort = Annotated[Text | None, Query(max_length=40, description="A column; -column descends.")]
RoleParam = Annotated[Text | None, Query(max_length=120, description="A role family slug.")]
LevelParam = Annotated[str | None, Query(pattern=r"^L[1-5]$", description="L1..L5.")]
Slug = Annotated[Text, Path(min_length=1, max_length=120)]
CycleSlug = Annotated[Text, Path(min_length=1, max_length=40)]


# --- skill levels, gaps, readiness, onboarding --------------------------------------------------

@router.get("/employees/{employee_id}/skills/{skill}/why", name="employee_skills.why",
            response_model=SkillWhyPublic)
def explain_skill(employee_id: EmployeeId, skill: Annotated[Text, Path(max_length=200)],
                  session: SessionDep, actor: ActorDep) -> SkillWhyPublic:
    """Why the employee has their level in a skill: confidence, evidence, reasons (en, zh)."""
    return skill_why_public(profiles.explain_skill(session, employee_id=employee_id,
                                                   skill=skill, actor=actor))


@router.get("/employees/{employee_id}/gap", name="gaps.get", response_model=GapPublic)
def get_gap(employee_id: EmployeeId, session: SessionDep, actor: ActorDep,
            role: RoleParam = None, level: LevelParam = None) -> GapPublic:
    """The employee's missing and under-level skills for a role level (default: their role
    family, the level above theirs); another role is analysed as an internal move."""
    return gap_public(gaps.employee_gap(session, employee_id=employee_id, actor=actor,
                                        role=role, level=level))


@router.get("/employees/{employee_id}/readiness", name="readiness.get",
            response_model=ReadinessPublic)
def get_readiness(employee_id: EmployeeId, session: SessionDep, actor: ActorDep,
                  level: LevelParam = None, role: RoleParam = None) -> ReadinessPublic:
    """How ready the employee is for a level (default: the next) from skills and reviews."""
    return readiness_public(gaps.employee_readiness(session, employee_id=employee_id,
                                                    actor=actor, level=level, role=role))


@router.get("/readiness", name="readiness.list", response_model=list[RankedPublic])
def list_readiness(session: SessionDep, actor: ActorDep,
                   role: Annotated[Text, Query(min_length=1, max_length=120)],
                   level: Annotated[str, Query(pattern=r"^L[1-5]$")],
                   limit: Limit = 50) -> list[RankedPublic]:
    """Who is ready for a level of a role family: the visible people of that role below it,
    the ready first, then by score."""
    return [ranked_public(p) for p in gaps.rank_readiness(session, actor=actor, role=role,
                                                          level=level, limit=limit)]


@router.get("/employees/{employee_id}/onboarding", name="onboarding.get",
            response_model=OnboardingPublic)
def get_onboarding(employee_id: EmployeeId, session: SessionDep, actor: ActorDep) -> Any:
    """The employee's first-90-days plan from their hire date, role family and level."""
    return careers.employee_onboarding(session, employee_id=employee_id, actor=actor)


# --- learning plans -----------------------------------------------------------------------------

@router.post("/employees/{employee_id}/plans", name="learning_plans.build",
             response_model=LearningPlanProgress, status_code=201)
def build_plan(employee_id: EmployeeId, body: PlanBuild, session: SessionDep,
               actor: ActorDep) -> LearningPlanProgress:
    """Build and store a learning path that closes the employee's gap: prerequisites first,
    resources (shipped and the workspace's), hours, the check of each step, weeks."""
    return plan_public(plans.build_plan(session, employee_id=employee_id, actor=actor,
                                        role=body.role, level=body.level,
                                        hours_per_week=body.hours_per_week,
                                        language=body.language))


@router.get("/learning-plans/{plan_id}", name="learning_plans.get",
            response_model=LearningPlanProgress)
def get_plan(plan_id: Id, session: SessionDep, actor: ActorDep) -> LearningPlanProgress:
    """One learning plan with its steps and progress."""
    return plan_public(plans.get_plan(session, plan_id=plan_id, actor=actor))


@router.post("/learning-plans/{plan_id}/steps/{order}/complete",
             name="learning_plans.complete_step", response_model=StepOutcomePublic)
def complete_step(plan_id: Id, order: Annotated[int, Path(ge=1, le=10_000)], body: StepComplete,
                  session: SessionDep, actor: ActorDep) -> StepOutcomePublic:
    """Complete a step: the answers to the check issued for it (done when passed), or a
    manager's (hr's) observed level. The skill's level is re-derived from the new evidence."""
    return step_outcome_public(plans.complete_step(
        session, plan_id=plan_id, order=order, actor=actor, check_id=body.check_id,
        answers=body.answers, level=body.level))


# --- skill checks -------------------------------------------------------------------------------

@router.post("/checks", name="checks.create", response_model=CheckPublic, status_code=201)
def create_check(body: CheckCreate, session: SessionDep, actor: ActorDep) -> CheckPublic:
    """Issue a new skill check (a random exercise, shown without its answers): to yourself,
    or (hr) to an employee; for a learning plan's step if given."""
    return check_public(checks.issue_check(session, actor=actor, skill=body.skill,
                                           level=body.level, employee_id=body.employee_id,
                                           plan_id=body.plan_id, step=body.step))


@router.get("/checks", name="checks.list", response_model=PageOf[CheckAttemptPublic])
def list_checks(session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
                employee_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                status: Annotated[str | None, Query(pattern="^(open|passed|failed)$")] = None,
                sort: Sort = None) -> dict[str, Any]:
    """Checks issued to you (hr: everyone's), newest first unless sorted (issued_at, skill,
    score)."""
    page = checks.list_checks(session, actor=actor, employee_id=employee_id, status=status,
                              limit=limit, offset=offset, sort=sort)
    return {"items": [attempt_public(a) for a in page.items], "total": page.total,
            "limit": page.limit, "offset": page.offset}


@router.get("/checks/{attempt_id}", name="checks.get", response_model=CheckPublic)
def get_check(attempt_id: Id, session: SessionDep, actor: ActorDep) -> CheckPublic:
    """An issued check with its exercise."""
    return check_public(checks.get_check(session, attempt_id=attempt_id, actor=actor))


@router.post("/checks/{attempt_id}/answers", name="checks.answer",
             response_model=CheckOutcomePublic)
def answer_check(attempt_id: Id, body: CheckAnswers, session: SessionDep,
                 actor: ActorDep) -> CheckOutcomePublic:
    """Grade your answers to a check issued to you (once); a pass is evidence of the skill."""
    return check_outcome_public(checks.submit_check(session, attempt_id=attempt_id, actor=actor,
                                                    answers=body.answers))


# --- review cycles and reviews ------------------------------------------------------------------

@router.post("/review-cycles", name="review_cycles.create", response_model=ReviewCyclePublic,
             status_code=201)
def create_cycle(body: ReviewCycleCreate, session: SessionDep, actor: ActorDep) -> Any:
    """Open a review cycle with its scoring scheme (hr, admin)."""
    scheme = body.scheme.model_dump(exclude_none=True) if body.scheme else None
    return reviews.create_review_cycle(session, actor=actor, slug=body.slug, name=body.name,
                                       scheme=scheme, starts_on=body.starts_on,
                                       ends_on=body.ends_on)


@router.get("/review-cycles", name="review_cycles.list", response_model=list[ReviewCyclePublic])
def list_cycles(session: SessionDep, actor: ActorDep,
                status: Annotated[str | None, Query(pattern="^(open|closed)$")] = None) -> Any:
    """The review cycles, newest first."""
    return reviews.list_review_cycles(session, status=status)


@router.patch("/review-cycles/{cycle}", name="review_cycles.update",
              response_model=ReviewCyclePublic)
def update_cycle(cycle: CycleSlug, body: ReviewCycleUpdate, session: SessionDep,
                 actor: ActorDep) -> Any:
    """Close or reopen a cycle (hr, admin)."""
    return reviews.update_review_cycle(session, actor=actor, slug=cycle, status=body.status)


@router.get("/review-cycles/{cycle}/reviews/{employee_id}", name="reviews.get",
            response_model=ReviewDetailPublic)
def get_review(cycle: CycleSlug, employee_id: EmployeeId, session: SessionDep,
               actor: ActorDep) -> ReviewDetailPublic:
    """A person's review of a cycle with the computed final score and why."""
    return review_public(reviews.get_review(session, cycle=cycle, employee_id=employee_id,
                                            actor=actor))


@router.put("/review-cycles/{cycle}/reviews/{employee_id}/goals", name="reviews.goals.set",
            response_model=ReviewDetailPublic)
def set_goals(cycle: CycleSlug, employee_id: EmployeeId, body: ReviewGoalsSet,
              session: SessionDep, actor: ActorDep) -> ReviewDetailPublic:
    """Set a person's weighted goals and competencies (hr or their manager)."""
    return review_public(reviews.set_review_goals(
        session, cycle=cycle, employee_id=employee_id, actor=actor,
        goals=[g.model_dump() for g in body.goals]))


@router.post("/review-cycles/{cycle}/reviews/{employee_id}/inputs",
             name="reviews.inputs.create", response_model=ReviewDetailPublic, status_code=201)
def add_input(cycle: CycleSlug, employee_id: EmployeeId, body: ReviewInputCreate,
              session: SessionDep, actor: ActorDep) -> ReviewDetailPublic:
    """Rate a person's goals: self (the person), manager (their manager) or peer (their
    team); the final score is recomputed."""
    return review_public(reviews.add_review_input(
        session, cycle=cycle, employee_id=employee_id, actor=actor, source=body.source,
        ratings=body.ratings, comment=body.comment))


@router.get("/reviews/calibration", name="reviews.calibration",
            response_model=CalibrationPublic)
def calibration(session: SessionDep, actor: ActorDep,
                cycle: Annotated[Text, Query(min_length=1, max_length=40)],
                manager: Annotated[int | None, Query(ge=1, le=MAX_ID, description=(
                    "A manager's employee id: their team (default: yours; hr: everyone)"))]
                = None) -> CalibrationPublic:
    """Calibrate a cycle's final scores across a team: z-scores, buckets, outliers, raters."""
    return calibration_public(reviews.review_calibration(session, cycle=cycle, actor=actor,
                                                         manager_id=manager))


# --- careers and teams --------------------------------------------------------------------------

@router.get("/framework/roles/{slug}/ladder", name="framework.roles.ladder",
            response_model=LadderPublic)
def get_ladder(slug: Slug, session: SessionDep) -> Any:
    """A role family's career ladder: what distinguishes each level."""
    return careers.role_ladder(session, slug=slug)


@router.get("/framework/roles/{slug}/lateral", name="framework.roles.lateral",
            response_model=list[LateralPathPublic])
def get_lateral(slug: Slug, session: SessionDep,
                level: Annotated[str, Query(pattern=r"^L[1-5]$")] = "L2",
                top: Annotated[int, Query(ge=1, le=20)] = 5) -> Any:
    """Other role families ranked by skill overlap at a level (internal moves)."""
    return careers.role_lateral_paths(session, slug=slug, level=level, top=top)


@router.get("/teams/me", name="teams.me", response_model=TeamPublic)
def my_team(session: SessionDep, actor: ActorDep,
            min_level: Annotated[int, Query(ge=1, le=4)] = 3) -> TeamPublic:
    """Your team: heat map, bus-factor skills, what its roles need and nobody has."""
    return team_public(careers.team_view(session, actor=actor, min_level=min_level))


@router.get("/teams/{manager_id}", name="teams.get", response_model=TeamPublic)
def get_team(manager_id: EmployeeId, session: SessionDep, actor: ActorDep,
             min_level: Annotated[int, Query(ge=1, le=4)] = 3) -> TeamPublic:
    """The team of a manager (hr: any; a manager: theirs or a sub-team)."""
    return team_public(careers.team_view(session, actor=actor, manager_id=manager_id,
                                         min_level=min_level))
