"""Privacy: key rotation re-encrypts every encrypted column; export returns all (and only) one
person's data; erasure removes it and leaves everyone else intact; each is audited."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select, text

from talentgraph.domain import SYSTEM, Actor
from talentgraph.errors import ConfigError, NotFoundError, ParameterError, PermissionDeniedError
from talentgraph.services._privacy import (
    encrypted_columns,
    erase_person,
    export_person,
    rotate_keys,
)
from talentgraph.store import (
    Application,
    AuditEvent,
    Candidate,
    Database,
    Employee,
    EmployeeSkill,
    Interview,
    LearningPlan,
    Opening,
    PayBand,
    PayRecord,
    Review,
    RiskScore,
    Scorecard,
    SkillEvidence,
    StageEvent,
    User,
    generate_key,
    open_database,
)

HR = Actor(user_id=None, username="hr-lead", role="hr")
RECRUITER = Actor(user_id=None, username="rita", role="recruiter")


@dataclass(frozen=True)
class People:
    """Ids of the seeded rows."""

    employees: dict[str, int]
    candidates: dict[str, int]
    users: dict[str, int]
    opening: int


def _employee(session, *, ref: str, name: str, email: str, annual: float,
              manager_id: int | None = None) -> int:
    employee = Employee(ref=ref, name=name, email=email, phone="+86 138 0000 0000",
                        protected={"gender": "F", "birth_year": 1990}, role_family="ml_engineer",
                        level="P6", manager_id=manager_id, hired_on=date(2022, 3, 1))
    session.add(employee)
    session.flush()
    session.add_all([
        EmployeeSkill(employee_id=employee.id, skill_slug="pytorch", level=3),
        SkillEvidence(employee_id=employee.id, skill_slug="pytorch", source="manager", level=3,
                      observed_on=date(2026, 1, 5), detail=f"{name} shipped the ranking model"),
        Review(employee_id=employee.id, cycle="2025H2", goals=["ship ranking"], final_score=3.5),
        PayRecord(employee_id=employee.id, effective_on=date(2026, 1, 1),
                  pay={"annual": annual, "currency": "CNY"}),
        LearningPlan(employee_id=employee.id, target_role="ml_engineer", target_level="P7",
                     steps=[{"skill": "distributed-training"}]),
        RiskScore(employee_id=employee.id, model_version="attrition-1", risk=0.42, band="medium",
                  drivers=["pay below band midpoint"]),
    ])
    session.flush()
    return employee.id


def _candidate(session, *, ref: str, name: str, opening_id: int, interviewer_id: int) -> int:
    candidate = Candidate(ref=ref, name=name, email=f"{ref}@example.com",
                          resume_text=f"{name}: PyTorch since 2019", protected={"gender": "M"},
                          skills=[{"skill": "pytorch", "level": 3}])
    session.add(candidate)
    session.flush()
    application = Application(candidate_id=candidate.id, opening_id=opening_id, stage="onsite",
                              notes=f"strong, {name}")
    session.add(application)
    session.flush()
    interview = Interview(application_id=application.id, round="onsite-1",
                          focus_skills=["pytorch"])
    session.add_all([
        StageEvent(application_id=application.id, from_stage="applied", to_stage="onsite",
                   by_user_id=interviewer_id),
        interview,
    ])
    session.flush()
    session.add(Scorecard(interview_id=interview.id, interviewer_id=interviewer_id,
                          ratings={"pytorch": 4}, recommendation="hire", notes=f"{name} is good"))
    session.flush()
    return candidate.id


def _seed(database: Database) -> People:
    with database.session() as session:
        interviewer = User(username="ivan", role="hiring_manager", password_hash="x")
        session.add(interviewer)
        session.flush()
        opening = Opening(ref="o1", title="ML Engineer", hiring_manager_id=interviewer.id)
        session.add_all([opening, PayBand(role_family="ml_engineer", level="P6", minimum=300000,
                                          midpoint=400000, maximum=500000)])
        session.flush()
        mei = _employee(session, ref="e-mei", name="韩梅梅", email="meimei@example.com",
                        annual=480000.0)
        bob = _employee(session, ref="e-bob", name="Bob Stone", email="bob@example.com",
                        annual=390000.0, manager_id=mei)
        mei_user = User(username="meimei", role="employee", password_hash="argon2-hash",
                        employee_id=mei)
        session.add(mei_user)
        session.flush()
        hanna = _candidate(session, ref="c-hanna", name="Hanna Smith", opening_id=opening.id,
                           interviewer_id=interviewer.id)
        lei = _candidate(session, ref="c-lei", name="李雷", opening_id=opening.id,
                         interviewer_id=interviewer.id)
        session.get(Employee, bob).candidate_id = hanna
        return People(employees={"mei": mei, "bob": bob}, candidates={"hanna": hanna, "lei": lei},
                      users={"ivan": interviewer.id, "meimei": mei_user.id}, opening=opening.id)


def _count(database: Database, model: type, *where: object) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _audit(database: Database, action: str) -> list[AuditEvent]:
    with database.session() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _raw(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT name, email, phone, protected FROM employees UNION ALL "
            "SELECT name, email, resume_text, protected FROM candidates UNION ALL "
            "SELECT pay, NULL, NULL, NULL FROM pay_records")).all()
    return sorted(str(v) for row in rows for v in row if v is not None)


# --- rotation --------------------------------------------------------------------------------

def test_encrypted_columns_are_found_from_the_column_types() -> None:
    found = encrypted_columns()
    assert found["employees"] == ("name", "email", "phone", "protected")
    assert found["candidates"] == ("name", "email", "phone", "resume_text", "protected")
    assert found["pay_records"] == ("pay",)
    assert "users" not in found and "audit_events" not in found


def test_rotation_reencrypts_every_value_under_the_new_key(
        database: Database, database_url: str, encryption_key: str) -> None:
    _seed(database)
    before = _raw(database)
    new_key = generate_key()

    report = rotate_keys(database, new_keys=[new_key, encryption_key], actor=SYSTEM)

    tables = report.to_dict()["tables"]
    assert tables["employees"] == {"rows": 2, "values": 8}
    assert tables["candidates"] == {"rows": 2, "values": 8}  # no phone
    assert tables["pay_records"] == {"rows": 2, "values": 2}
    assert tables["risk_scores"] == {"rows": 2, "values": 2}  # the drivers
    assert (report.rows, report.values) == (8, 20)
    after = _raw(database)
    assert len(after) == len(before) and not set(after) & set(before)
    [event] = _audit(database, "rotate_key")
    assert event.actor == "system" and event.detail["values"] == 20
    assert event.detail["tables"]["pay_records"] == {"rows": 2, "values": 2}
    assert new_key not in json.dumps(event.detail) and encryption_key not in json.dumps(event.detail)

    only_new = open_database(database_url, keys=[new_key], upgrade=False)
    try:
        with only_new.session() as session:
            names = sorted(session.scalars(select(Employee.name)))
            pay = session.scalars(select(PayRecord.pay).order_by(PayRecord.id)).first()
            resume = session.scalar(select(Candidate.resume_text).where(Candidate.ref == "c-lei"))
        assert names == ["Bob Stone", "韩梅梅"]
        assert pay == {"annual": 480000.0, "currency": "CNY"}
        assert resume == "李雷: PyTorch since 2019"
    finally:
        only_new.dispose()

    only_old = open_database(database_url, keys=[encryption_key], upgrade=False)
    try:
        with pytest.raises(ConfigError, match="cannot be decrypted"), only_old.session() as session:
            session.scalars(select(Employee.name)).all()
    finally:
        only_old.dispose()


def test_rotation_without_the_old_key_changes_nothing(
        database: Database, encryption_key: str) -> None:
    _seed(database)
    before = _raw(database)

    with pytest.raises(ConfigError, match="cannot be decrypted with any of new_keys") as caught:
        rotate_keys(database, new_keys=[generate_key()], actor=SYSTEM)

    assert "every key in use now" in caught.value.details[0]
    assert _raw(database) == before
    assert _audit(database, "rotate_key") == []
    with database.session() as session:  # the process still reads with the old key
        assert session.scalar(select(Employee.name).where(Employee.ref == "e-mei")) == "韩梅梅"


def test_rotation_refuses_bad_arguments_and_non_admins(
        database: Database, encryption_key: str) -> None:
    with pytest.raises(ParameterError, match="'new_keys' parameter of rotate_keys"):
        rotate_keys(database, new_keys=[], actor=SYSTEM)
    with pytest.raises(ConfigError, match="not a valid Fernet key"):
        rotate_keys(database, new_keys=["not-a-key", encryption_key], actor=SYSTEM)
    with pytest.raises(PermissionDeniedError, match="Only an admin"):
        rotate_keys(database, new_keys=[generate_key(), encryption_key], actor=HR)


# --- export ----------------------------------------------------------------------------------

def test_export_of_an_employee_holds_all_their_data_and_nobody_else(database: Database) -> None:
    people = _seed(database)

    export = export_person(database, kind="employee", ref="e-mei", actor=HR)

    dumped = json.dumps(export, ensure_ascii=False)  # JSON-serialisable
    assert export["person"]["name"] == "韩梅梅"
    assert export["person"]["email"] == "meimei@example.com"
    assert export["person"]["protected"] == {"gender": "F", "birth_year": 1990}
    assert export["person"]["hired_on"] == "2022-03-01"
    records = export["records"]
    assert set(records) == {"employee_skills", "skill_evidence", "reviews", "pay_records",
                            "learning_plans", "risk_scores"}
    assert records["pay_records"][0]["pay"] == {"annual": 480000.0, "currency": "CNY"}
    assert records["skill_evidence"][0]["detail"] == "韩梅梅 shipped the ranking model"
    assert records["risk_scores"][0]["drivers"] == ["pay below band midpoint"]
    assert records["reviews"][0]["cycle"] == "2025H2"
    for rows in records.values():
        assert len(rows) == 1 and rows[0]["employee_id"] == people.employees["mei"]
    [account] = export["accounts"]
    assert account["username"] == "meimei" and "password_hash" not in account
    for other in ("Bob Stone", "bob@example.com", "390000", "argon2-hash", "Hanna"):
        assert other not in dumped
    [event] = _audit(database, "export")
    assert (event.actor, event.resource, event.resource_id) == ("hr-lead", "employee", "e-mei")
    assert event.detail["records"]["pay_records"] == 1
    assert "韩梅梅" not in json.dumps(event.detail, ensure_ascii=False)


def test_export_of_a_candidate_holds_applications_stages_and_scorecards(
        database: Database) -> None:
    people = _seed(database)

    export = export_person(database, kind="candidate", ref="c-lei", actor=SYSTEM)

    dumped = json.dumps(export, ensure_ascii=False)
    assert export["person"]["resume_text"] == "李雷: PyTorch since 2019"
    assert export["person"]["protected"] == {"gender": "M"}
    records = export["records"]
    assert set(records) == {"applications", "stage_events", "interviews", "scorecards"}
    [application] = records["applications"]
    assert application["candidate_id"] == people.candidates["lei"]
    assert records["stage_events"][0]["application_id"] == application["id"]
    assert records["interviews"][0]["application_id"] == application["id"]
    assert records["scorecards"][0]["notes"] == "李雷 is good"
    assert export["openings"] == [{"id": people.opening, "ref": "o1", "title": "ML Engineer"}]
    assert "Hanna" not in dumped and "c-hanna" not in dumped
    assert len(_audit(database, "export")) == 1


def test_export_refuses_unknown_people_bad_kinds_and_other_roles(database: Database) -> None:
    _seed(database)
    with pytest.raises(NotFoundError, match="No candidate with ref 'c-nobody'"):
        export_person(database, kind="candidate", ref="c-nobody", actor=HR)
    with pytest.raises(ParameterError, match="'kind' parameter of export_person"):
        export_person(database, kind="user", ref="meimei", actor=HR)  # type: ignore[arg-type]
    with pytest.raises(PermissionDeniedError, match="Only hr and admin"):
        export_person(database, kind="employee", ref="e-mei", actor=RECRUITER)
    assert _audit(database, "export") == []


# --- erasure ---------------------------------------------------------------------------------

def test_erasing_an_employee_removes_their_rows_and_keeps_everyone_else(
        database: Database) -> None:
    people = _seed(database)
    mei, bob = people.employees["mei"], people.employees["bob"]

    report = erase_person(database, kind="employee", ref="e-mei", actor=HR)

    assert report.deleted == {"employees": 1, "employee_skills": 1, "skill_evidence": 1,
                              "reviews": 1, "pay_records": 1, "learning_plans": 1,
                              "risk_scores": 1}
    assert report.detached == {"employees.manager_id": 1, "users.employee_id": 1}
    for model in (EmployeeSkill, SkillEvidence, Review, PayRecord, LearningPlan, RiskScore):
        assert _count(database, model, model.employee_id == mei) == 0
        assert _count(database, model, model.employee_id == bob) == 1
    with database.session() as session:
        assert session.get(Employee, mei) is None
        remaining = session.get(Employee, bob)
        assert remaining.name == "Bob Stone" and remaining.manager_id is None
        account = session.get(User, people.users["meimei"])
        assert account is not None and account.employee_id is None
    assert _count(database, PayBand) == 1 and _count(database, Candidate) == 2
    [event] = _audit(database, "erase")
    assert (event.resource, event.resource_id) == ("employee", "e-mei")
    assert event.detail["deleted"]["pay_records"] == 1
    assert "韩梅梅" not in json.dumps(event.detail, ensure_ascii=False)
    with pytest.raises(NotFoundError):
        export_person(database, kind="employee", ref="e-mei", actor=HR)


def test_erasing_a_candidate_removes_their_pipeline_and_keeps_the_opening(
        database: Database) -> None:
    people = _seed(database)
    hanna, lei = people.candidates["hanna"], people.candidates["lei"]

    report = erase_person(database, kind="candidate", ref="c-hanna", actor=SYSTEM)

    assert report.deleted == {"candidates": 1, "applications": 1, "stage_events": 1,
                              "interviews": 1, "scorecards": 1}
    assert report.detached == {"employees.candidate_id": 1}
    assert report.to_dict()["rows"] == 5
    assert _count(database, Application, Application.candidate_id == hanna) == 0
    assert _count(database, Application, Application.candidate_id == lei) == 1
    assert (_count(database, StageEvent), _count(database, Interview),
            _count(database, Scorecard)) == (1, 1, 1)
    with database.session() as session:
        assert session.get(Candidate, hanna) is None
        assert session.get(Candidate, lei).name == "李雷"
        assert session.get(Opening, people.opening).title == "ML Engineer"
        assert session.get(Employee, people.employees["bob"]).candidate_id is None
    [event] = _audit(database, "erase")
    assert (event.actor, event.resource_id) == ("system", "c-hanna")
    assert "Hanna" not in json.dumps(event.detail)


def test_erasure_refuses_other_roles_and_unknown_people(database: Database) -> None:
    _seed(database)
    with pytest.raises(PermissionDeniedError):
        erase_person(database, kind="candidate", ref="c-hanna", actor=RECRUITER)
    with pytest.raises(NotFoundError, match="No employee with ref 'e-nobody'"):
        erase_person(database, kind="employee", ref="e-nobody", actor=HR)
    assert _count(database, Candidate) == 2 and _audit(database, "erase") == []
