"""/api/v1 people: employees and their skill profiles, reviews, learning resources and plans,
pay bands and pay, attrition risk scores, and privacy requests (export, erase).

Paths: /employees[/resumes|/{id}[/skills|/evidence|/pay]], /reviews, /learning-resources,
/learning-plans, /pay-bands, /risk-scores, /people/{kind}/{ref}[/export]. The permission table
checks the role; the services apply the row-level rules (an employee sees only their own
profile, reviews and plans) and audit every read of personal data.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Path, Query, UploadFile

from talentgraph.api._deps import ActorDep, DatabaseDep, SessionDep, SettingsDep
from talentgraph.api._people_schemas import (
    MAX_ID,
    EmployeeCreate,
    EmployeePublic,
    EmployeeResumeReport,
    EmployeeUpdate,
    ErasurePublic,
    EvidenceCreate,
    LearningPlanCreate,
    LearningPlanPublic,
    LearningResourceCreate,
    LearningResourcePublic,
    PayBandCreate,
    PayBandPublic,
    PayRecordCreate,
    PayRecordPublic,
    ProfileSkillPublic,
    ReviewCreate,
    ReviewPublic,
    RiskScorePublic,
    Text,
    employee_public,
    pay_record_public,
)
from talentgraph.api._schemas import PageOf
from talentgraph.services import _learning as learning
from talentgraph.services import _people as people
from talentgraph.services import _privacy as privacy
from talentgraph.services import _profile_resumes as profile_resumes
from talentgraph.services import _profiles as profiles
from talentgraph.store import Page

router = APIRouter(tags=["people"])

Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=10**9)]
Sort = Annotated[Text | None, Query(max_length=40, description="A column; -column descends.")]
Filter = Annotated[Text | None, Query(max_length=120)]
EmployeeId = Annotated[int, Path(ge=1, le=MAX_ID)]
EmployeeFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]
PersonKind = Literal["employee", "candidate"]
PersonRef = Annotated[Text, Path(min_length=1, max_length=64)]


def _page(page: Page[Any], items: list[Any] | None = None) -> dict[str, Any]:
    return {"items": list(page.items) if items is None else items, "total": page.total,
            "limit": page.limit, "offset": page.offset}


# --- employees ----------------------------------------------------------------------------------

@router.get("/employees", name="employees.list", response_model=PageOf[EmployeePublic],
            response_model_exclude_unset=True)
def list_employees(session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
                   role_family: Filter = None, level: Filter = None, department: Filter = None,
                   q: Annotated[Text | None, Query(max_length=64,
                                                   description="Part of the ref.")] = None,
                   sort: Sort = None) -> dict[str, Any]:
    """Employees (hr and admin), filtered; sort by ref, role_family, level, department,
    hired_on or created_at."""
    page = people.list_employees(session, actor=actor, role_family=role_family, level=level,
                                 department=department, q=q, limit=limit, offset=offset,
                                 sort=sort)
    return _page(page, [employee_public(e, actor=actor) for e in page.items])


@router.post("/employees", name="employees.create", response_model=EmployeePublic,
             response_model_exclude_unset=True, status_code=201)
def create_employee(body: EmployeeCreate, session: SessionDep,
                    actor: ActorDep) -> EmployeePublic:
    """Add an employee."""
    employee = people.create_employee(session, actor=actor,
                                      fields=body.model_dump(exclude_unset=True))
    return employee_public(employee, actor=actor)


@router.post("/employees/resumes", name="employees.resumes", response_model=EmployeeResumeReport)
def import_employee_resumes(
        database: DatabaseDep, actor: ActorDep, settings: SettingsDep,
        files: Annotated[list[UploadFile], File(
            description="Resumes named after their employee's ref (E014.pdf): PDF, DOCX, TXT "
                        "or MD, or a ZIP of them.")]) -> dict[str, Any]:
    """Import employees' resumes as resume evidence of their skills (hr and admin); one report
    per file. Importing the same resume again adds nothing."""
    report = profile_resumes.import_employee_resumes(
        database, actor=actor, settings=settings,
        files=[(upload.filename, upload.file) for upload in files])
    return {"items": list(report.files), "imported": report.count("imported"),
            "unchanged": report.count("unchanged"),
            "unknown_employee": report.count("unknown_employee"),
            "failed": report.count("error"), "evidence_added": report.evidence_added}


@router.get("/employees/{employee_id}", name="employees.get", response_model=EmployeePublic,
            response_model_exclude_unset=True)
def get_employee(employee_id: EmployeeId, session: SessionDep,
                 actor: ActorDep) -> EmployeePublic:
    """One employee: hr and admin anyone, an employee their own profile."""
    employee = people.get_employee(session, employee_id=employee_id, actor=actor)
    return employee_public(employee, actor=actor)


@router.patch("/employees/{employee_id}", name="employees.update", response_model=EmployeePublic,
              response_model_exclude_unset=True)
def update_employee(employee_id: EmployeeId, body: EmployeeUpdate, session: SessionDep,
                    actor: ActorDep) -> EmployeePublic:
    """Change an employee's fields (a field sent as null is cleared)."""
    employee = people.update_employee(session, employee_id=employee_id, actor=actor,
                                      changes=body.model_dump(exclude_unset=True))
    return employee_public(employee, actor=actor)


@router.get("/employees/{employee_id}/skills", name="employee_skills.list",
            response_model=PageOf[ProfileSkillPublic])
def list_employee_skills(employee_id: EmployeeId, session: SessionDep, actor: ActorDep,
                         limit: Limit = 50, offset: Offset = 0,
                         sort: Sort = None) -> dict[str, Any]:
    """An employee's skills with the evidence behind each level; sort by skill, level or
    updated_at."""
    page = profiles.list_profile_skills(session, employee_id=employee_id, actor=actor,
                                        limit=limit, offset=offset, sort=sort)
    return _page(page, [ProfileSkillPublic.model_validate(s) for s in page.items])


@router.post("/employees/{employee_id}/evidence", name="evidence.create",
             response_model=ProfileSkillPublic, status_code=201)
def create_evidence(employee_id: EmployeeId, body: EvidenceCreate, session: SessionDep,
                    actor: ActorDep) -> ProfileSkillPublic:
    """Add evidence of a skill; returns the skill with its re-derived level. Employees may
    add self-assessments to their own profile only."""
    skill = profiles.add_evidence(session, employee_id=employee_id, actor=actor,
                                 skill=body.skill, source=body.source, level=body.level,
                                 observed_on=body.observed_on, detail=body.detail)
    return ProfileSkillPublic.model_validate(skill)


# --- reviews ------------------------------------------------------------------------------------

@router.get("/reviews", name="reviews.list", response_model=PageOf[ReviewPublic])
def list_reviews(session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
                 employee_id: EmployeeFilter = None, cycle: Filter = None,
                 sort: Sort = None) -> dict[str, Any]:
    """Reviews: hr and admin anyone's, an employee their own; newest first unless sorted
    (cycle, final_score, created_at)."""
    return _page(people.list_reviews(session, actor=actor, employee_id=employee_id, cycle=cycle,
                                     limit=limit, offset=offset, sort=sort))


@router.post("/reviews", name="reviews.create", response_model=ReviewPublic, status_code=201)
def create_review(body: ReviewCreate, session: SessionDep, actor: ActorDep) -> Any:
    """Record an employee's review of a cycle."""
    return people.create_review(session, actor=actor, employee_id=body.employee_id,
                                cycle=body.cycle, goals=body.goals, inputs=body.inputs,
                                final_score=body.final_score)


# --- learning -----------------------------------------------------------------------------------

@router.get("/learning-resources", name="learning_resources.list",
            response_model=PageOf[LearningResourcePublic])
def list_learning_resources(session: SessionDep, actor: ActorDep, limit: Limit = 50,
                            offset: Offset = 0, kind: Filter = None, language: Filter = None,
                            skill: Annotated[Text | None, Query(
                                max_length=200, description="A skill slug or name.")] = None,
                            sort: Sort = None) -> dict[str, Any]:
    """The learning catalogue, filtered by kind, language and skill; sort by title, kind,
    level or hours."""
    return _page(learning.list_learning_resources(session, actor=actor, kind=kind,
                                                  language=language, skill=skill, limit=limit,
                                                  offset=offset, sort=sort))


@router.post("/learning-resources", name="learning_resources.create",
             response_model=LearningResourcePublic, status_code=201)
def create_learning_resource(body: LearningResourceCreate, session: SessionDep,
                             actor: ActorDep) -> Any:
    """Add a resource to the catalogue."""
    return learning.create_learning_resource(session, actor=actor, **body.model_dump())


@router.get("/learning-plans", name="learning_plans.list",
            response_model=PageOf[LearningPlanPublic])
def list_learning_plans(session: SessionDep, actor: ActorDep, limit: Limit = 50,
                        offset: Offset = 0, employee_id: EmployeeFilter = None,
                        status: Filter = None, sort: Sort = None) -> dict[str, Any]:
    """Learning plans: hr and admin anyone's, an employee their own; newest first unless
    sorted (created_at, status, target_role)."""
    return _page(learning.list_learning_plans(session, actor=actor, employee_id=employee_id,
                                              status=status, limit=limit, offset=offset,
                                              sort=sort))


@router.post("/learning-plans", name="learning_plans.create", response_model=LearningPlanPublic,
             status_code=201)
def create_learning_plan(body: LearningPlanCreate, session: SessionDep, actor: ActorDep) -> Any:
    """Make a learning plan: an employee for themselves, hr and admin for anyone."""
    return learning.create_learning_plan(
        session, actor=actor, employee_id=body.employee_id, target_role=body.target_role,
        target_level=body.target_level, status=body.status,
        steps=[step.model_dump(exclude_none=True) for step in body.steps])


# --- pay and risk -------------------------------------------------------------------------------

@router.get("/pay-bands", name="pay_bands.list", response_model=PageOf[PayBandPublic])
def list_pay_bands(session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
                   role_family: Filter = None, level: Filter = None, city: Filter = None,
                   sort: Sort = None) -> dict[str, Any]:
    """Pay bands (hr and admin); sort by role_family, level, city or midpoint."""
    return _page(people.list_pay_bands(session, actor=actor, role_family=role_family,
                                       level=level, city=city, limit=limit, offset=offset,
                                       sort=sort))


@router.post("/pay-bands", name="pay_bands.create", response_model=PayBandPublic,
             status_code=201)
def create_pay_band(body: PayBandCreate, session: SessionDep, actor: ActorDep) -> Any:
    """Add a pay band."""
    return people.create_pay_band(session, actor=actor, **body.model_dump())


@router.get("/employees/{employee_id}/pay", name="pay.list",
            response_model=PageOf[PayRecordPublic])
def list_pay(employee_id: EmployeeId, session: SessionDep, actor: ActorDep, limit: Limit = 50,
             offset: Offset = 0) -> dict[str, Any]:
    """An employee's pay, newest first (hr and admin; every read is audited)."""
    page = people.list_pay_records(session, employee_id=employee_id, actor=actor, limit=limit,
                                   offset=offset)
    return _page(page, [pay_record_public(r) for r in page.items])


@router.post("/employees/{employee_id}/pay", name="pay.create", response_model=PayRecordPublic,
             status_code=201)
def create_pay(employee_id: EmployeeId, body: PayRecordCreate, session: SessionDep,
               actor: ActorDep) -> PayRecordPublic:
    """Record an employee's annual pay from a date (encrypted at rest)."""
    record = people.create_pay_record(session, employee_id=employee_id, actor=actor,
                                      **body.model_dump())
    return pay_record_public(record)


@router.get("/risk-scores", name="risk_scores.list", response_model=PageOf[RiskScorePublic])
def list_risk_scores(session: SessionDep, actor: ActorDep, limit: Limit = 50,
                     offset: Offset = 0, employee_id: EmployeeFilter = None,
                     band: Filter = None, sort: Sort = None) -> dict[str, Any]:
    """Attrition risk scores (hr and admin), highest first unless sorted (risk, scored_at,
    band)."""
    return _page(people.list_risk_scores(session, actor=actor, employee_id=employee_id,
                                         band=band, limit=limit, offset=offset, sort=sort))


# --- privacy requests ---------------------------------------------------------------------------

@router.get("/people/{kind}/{ref}/export", name="people.export", response_model=dict[str, Any])
def export_person(kind: PersonKind, ref: PersonRef, database: DatabaseDep,
                  actor: ActorDep) -> dict[str, Any]:
    """Everything stored about one employee or candidate, decrypted (a subject access
    request); the export is audited."""
    return privacy.export_person(database, kind=kind, ref=ref, actor=actor)


@router.delete("/people/{kind}/{ref}", name="people.erase", response_model=ErasurePublic)
def erase_person(kind: PersonKind, ref: PersonRef, database: DatabaseDep,
                 actor: ActorDep) -> dict[str, Any]:
    """Erase one employee or candidate and every row about them; returns what was removed."""
    return privacy.erase_person(database, kind=kind, ref=ref, actor=actor).to_dict()
