"""The people API: employees, skill profiles with evidence, reviews, learning, pay and risk,
and privacy requests. Who sees what (an employee only their own profile; pay, risk and
protected attributes only hr and admin), validation errors in the envelope, pagination, and
the audit of every read of personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from talentgraph.api import _people_schemas as schemas
from talentgraph.domain import SYSTEM
from talentgraph.services import _learning as learning
from talentgraph.services import _people as people
from talentgraph.services import _profiles as profiles
from talentgraph.services._profiles import derive_level
from talentgraph.store import AuditEvent, Database, RiskScore
from tests.api._client import auth, make_client, token_for

API = "/api/v1"


@dataclass
class Office:
    """A client, two employees (ana, bo) with accounts, and one user per other role."""

    client: TestClient
    database: Database
    headers: dict[str, dict[str, str]]
    ids: dict[str, int]

    def call(self, who: str, method: str, path: str, **kwargs: Any) -> Any:
        return self.client.request(method, API + path, headers=self.headers[who], **kwargs)

    def ok(self, who: str, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        response = self.call(who, method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json()

    def audit(self, **where: Any) -> list[AuditEvent]:
        with self.database.session() as session:
            query = select(AuditEvent).order_by(AuditEvent.id)
            for name, value in where.items():
                query = query.where(getattr(AuditEvent, name) == value)
            return list(session.scalars(query))


@pytest.fixture
def office(database: Database, tmp_path: Path) -> Office:
    with database.session() as session:
        ana = people.create_employee(session, actor=SYSTEM, fields={
            "ref": "E001", "name": "安娜", "email": "ana@example.com", "phone": "13800000001",
            "protected": {"gender": "f", "birth_year": 1990}, "role_family": "ml-engineer",
            "level": "L3", "department": "AI Lab", "hired_on": date(2021, 3, 1)})
        bo = people.create_employee(session, actor=SYSTEM, fields={
            "ref": "E002", "name": "Bo Li", "role_family": "data-analyst", "level": "L2",
            "department": "BI", "manager_id": ana.id})
        ids = {"ana": ana.id, "bo": bo.id}
    headers = {
        "admin": auth(token_for(database, "admin1", "admin")),
        "hr": auth(token_for(database, "hr1", "hr")),
        "recruiter": auth(token_for(database, "rec1", "recruiter")),
        "manager": auth(token_for(database, "hm1", "hiring_manager")),
        "ana": auth(token_for(database, "ana", "employee", employee_id=ids["ana"])),
        "bo": auth(token_for(database, "bo", "employee", employee_id=ids["bo"])),
        "unlinked": auth(token_for(database, "nobody", "employee")),
    }
    return Office(make_client(database, tmp_path), database, headers, ids)


def _assert_error(response: Any, status: int, code: str, *fragments: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    message = f"{body['error']} {body['errors']}"
    for fragment in fragments:
        assert fragment in message, message
    return body


def test_schema_literals_agree_with_the_services() -> None:
    assert get_args(schemas.EvidenceSource) == profiles.EVIDENCE_SOURCES
    assert get_args(schemas.ResourceKind) == learning.RESOURCE_KINDS
    assert get_args(schemas.ResourceLanguage) == learning.LANGUAGES
    assert get_args(schemas.PlanStatus) == learning.PLAN_STATUSES


# --- derive_level -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Piece:
    source: str
    level: int
    observed_on: date


def test_derive_level_rule() -> None:
    """The rule of plan.derive_skill_level: weighted by source, decaying, claims capped."""
    day = date(2025, 1, 1)
    assert derive_level([], today=day) == 0
    # claims alone (self-assessment, resume) are capped at 2 until someone confirms more
    assert derive_level([Piece("self", 3, day)], today=day) == 2
    assert derive_level([Piece("resume", 4, day), Piece("self", 4, day)], today=day) == 2
    # the weighted average: (0.8 x 2 + 0.2 x 4) / 1.0 = 2.4 -> 2
    assert derive_level([Piece("self", 4, day), Piece("manager", 2, day)], today=day) == 2
    assert derive_level([Piece("check", 3, day)], today=day) == 3
    # (0.3 x 3 + 1.0 x 1) / 1.3 = 1.46 -> 1: a check outweighs the resume
    assert derive_level([Piece("resume", 3, day), Piece("check", 1, day)], today=day) == 1
    # old evidence decays: a manager's 4 from four years ago (weight 0.2) against a check's 2
    # today (weight 1.0) gives 2.33 -> 2
    later = day + timedelta(days=4 * 365)
    assert derive_level([Piece("manager", 4, day), Piece("check", 2, later)], today=later) == 2
    # and evidence ten years old is stale: capped at 1
    assert derive_level([Piece("manager", 4, day)], today=day + timedelta(days=3650)) == 1


# --- employees ----------------------------------------------------------------------------------

def test_hr_sees_protected_attributes_and_reads_are_audited(office: Office) -> None:
    ana = office.ids["ana"]
    as_hr = office.ok("hr", "GET", f"/employees/{ana}")
    assert as_hr["name"] == "安娜" and as_hr["email"] == "ana@example.com"
    assert as_hr["protected"] == {"gender": "f", "birth_year": 1990}
    assert as_hr["role_family"] == "ml-engineer" and as_hr["hired_on"] == "2021-03-01"
    listed = office.ok("admin", "GET", "/employees")
    assert listed["total"] == 2
    assert [e["protected"] for e in listed["items"]] == [{"gender": "f", "birth_year": 1990},
                                                          None]
    reads = office.audit(resource="employee", action="read")
    assert [(e.actor, e.resource_id, e.detail) for e in reads] == [
        ("hr1", str(ana), {"fields": ["name", "email", "phone", "protected"]}),
        ("admin1", None, {"ids": [ana, office.ids["bo"]],
                          "fields": ["name", "email", "phone", "protected"]}),
    ]
    assert "安娜" not in str([e.detail for e in office.audit()])
    # contact details and protected attributes are encrypted at rest
    with office.database.session() as session:
        raw = session.execute(text("SELECT name, email, protected FROM employees "
                                   "WHERE ref = 'E001'")).one()
    assert "安娜" not in raw[0] and "example" not in raw[1] and "gender" not in raw[2]


def test_employee_sees_only_their_own_profile(office: Office) -> None:
    ana, bo = office.ids["ana"], office.ids["bo"]
    own = office.ok("ana", "GET", f"/employees/{ana}")
    assert own["name"] == "安娜" and own["email"] == "ana@example.com"
    assert "protected" not in own
    # someone else's profile looks exactly like one that does not exist
    other = _assert_error(office.call("ana", "GET", f"/employees/{bo}"), 404, "E0404")
    missing = _assert_error(office.call("ana", "GET", "/employees/999999"), 404, "E0404")
    assert other["error"] == f"No employee with id {bo}."
    assert missing["error"] == "No employee with id 999999."
    _assert_error(office.call("unlinked", "GET", f"/employees/{ana}"), 404, "E0404")
    # the listing is for hr; other roles are refused by the permission table
    _assert_error(office.call("ana", "GET", "/employees"), 403, "E0603", "employees.list")
    _assert_error(office.call("recruiter", "GET", f"/employees/{ana}"), 403, "E0603")
    _assert_error(office.call("manager", "GET", f"/employees/{ana}"), 403, "E0603")
    reads = office.audit(resource="employee", action="read")
    assert [(e.actor, e.detail["fields"]) for e in reads] == [("ana", ["name", "email", "phone"])]
    # and anonymous callers are refused before anything else
    anonymous = office.client.get(f"{API}/employees/{ana}")
    _assert_error(anonymous, 401, "E0601")


def test_create_update_and_validation_envelope(office: Office) -> None:
    created = office.ok("hr", "POST", "/employees", 201, json={
        "ref": "E003", "name": "Chen Wei", "role_family": "data-scientist", "level": "L4",
        "protected": {"disability": False}, "manager_id": office.ids["ana"],
        "email": "chen@example.com"})
    assert created["protected"] == {"disability": False}
    assert created["manager_id"] == office.ids["ana"] and created["level"] == "L4"
    path = f"/employees/{created['id']}"
    updated = office.ok("hr", "PATCH", path, json={"level": "L5", "email": None})
    assert updated["level"] == "L5" and updated["email"] is None
    assert updated["name"] == "Chen Wei"
    writes = office.audit(resource="employee", resource_id=str(created["id"]))
    assert [(e.action, e.detail) for e in writes] == [
        ("create", {"fields": ["email", "level", "manager_id", "name", "protected", "ref",
                               "role_family"]}),
        ("update", {"fields": ["email", "level"]}),
    ]

    bad = _assert_error(office.call("hr", "POST", "/employees", json={
        "ref": "E004", "name": "X", "level": "L9"}), 422, "E0412", "The request is not valid.")
    assert bad["errors"][0]["location"] == "body.level"
    _assert_error(office.call("hr", "POST", "/employees", json={
        "ref": "E004", "name": "X", "role_family": "astronaut"}), 422, "E0412",
        "'role_family' field must be the slug of a role family", "'astronaut'")
    _assert_error(office.call("hr", "POST", "/employees", json={
        "ref": "E004", "name": "X", "manager_id": 424242}), 422, "E0412", "manager_id")
    _assert_error(office.call("hr", "POST", "/employees", json={
        "ref": "E004", "name": "X", "hired_on": "2024-01-01", "left_on": "2023-01-01"}),
        422, "E0412", "'left_on' date must not be before 'hired_on'")
    _assert_error(office.call("hr", "POST", "/employees", json={"ref": "E001", "name": "Dup"}),
                  409, "E0409", "E001")
    _assert_error(office.call("hr", "PATCH", path, json={"manager_id": created["id"]}),
                  422, "E0412", "own id")
    _assert_error(office.call("hr", "PATCH", path, json={"name": None}), 422, "E0412",
                  "cannot be cleared")
    _assert_error(office.call("hr", "PATCH", path, json={"salary": 1}), 422, "E0412")
    _assert_error(office.call("hr", "GET", "/employees?sort=name"), 422, "E0412",
                  "The 'sort' parameter must be one of")
    _assert_error(office.call("hr", "GET", "/employees?limit=0"), 422, "E0412")
    _assert_error(office.call("hr", "GET", "/employees/0"), 422, "E0412")
    _assert_error(office.call("ana", "POST", "/employees", json={"ref": "E9", "name": "Me"}),
                  403, "E0603")


def test_employee_list_filters_sorts_and_pages(office: Office) -> None:
    for number in range(3, 8):
        office.ok("hr", "POST", "/employees", 201, json={
            "ref": f"E{number:03d}", "name": f"Person {number}", "department": "AI Lab",
            "level": "L1" if number % 2 else "L2"})
    page = office.ok("hr", "GET", "/employees?sort=-ref&limit=2&offset=1")
    assert page["total"] == 7 and page["limit"] == 2 and page["offset"] == 1
    assert [e["ref"] for e in page["items"]] == ["E006", "E005"]
    rest = office.ok("hr", "GET", "/employees?sort=-ref&limit=200&offset=5")
    assert [e["ref"] for e in rest["items"]] == ["E002", "E001"]
    lab = office.ok("hr", "GET", "/employees?department=AI%20Lab&level=L1&sort=ref")
    assert [e["ref"] for e in lab["items"]] == ["E003", "E005", "E007"]
    assert office.ok("hr", "GET", "/employees?q=00")["total"] == 7
    assert [e["ref"] for e in office.ok("hr", "GET", "/employees?q=e00_")["items"]] == []
    assert [e["ref"] for e in office.ok("hr", "GET", "/employees?q=e002")["items"]] == ["E002"]
    assert office.ok("hr", "GET", "/employees?role_family=ml-engineer")["total"] == 1


# --- skill profiles -----------------------------------------------------------------------------

def test_evidence_derives_the_level_and_employees_add_self_only(office: Office) -> None:
    ana, bo = office.ids["ana"], office.ids["bo"]
    mine = office.ok("ana", "POST", f"/employees/{ana}/evidence", 201, json={
        "skill": "Python", "source": "self", "level": 4, "observed_on": "2025-01-10",
        "detail": "five years"})
    # a self-assessment alone is a claim: capped at 2 (working) until someone confirms more
    assert mine["skill_slug"] == "python" and mine["level"] == 2
    assert [(e["source"], e["level"]) for e in mine["evidence"]] == [("self", 4)]
    _assert_error(office.call("ana", "POST", f"/employees/{ana}/evidence", json={
        "skill": "python", "source": "manager", "level": 4}), 403, "E0603", "source 'self'")
    # ana manages bo: she may add a manager assessment to his profile, nothing else
    _assert_error(office.call("ana", "POST", f"/employees/{bo}/evidence", json={
        "skill": "python", "source": "self", "level": 1}), 403, "E0603", "source 'manager'")
    # the same rule for a manager whose account has the hiring_manager role
    lead = auth(token_for(office.database, "ana_hm", "hiring_manager", employee_id=ana))
    assert office.client.post(f"{API}/employees/{bo}/evidence", headers=lead, json={
        "skill": "sql", "source": "manager", "level": 2}).status_code == 201
    # bo does not manage ana: her profile does not exist for him
    _assert_error(office.call("bo", "POST", f"/employees/{ana}/evidence", json={
        "skill": "python", "source": "manager", "level": 1}), 404, "E0404")
    # a manager's assessment outweighs the self-assessment (0.8 against 0.2)
    managed = office.ok("hr", "POST", f"/employees/{ana}/evidence", 201, json={
        "skill": "python", "source": "manager", "level": 2, "observed_on": "2025-02-01"})
    assert managed["level"] == 2
    assert [e["source"] for e in managed["evidence"]] == ["manager", "self"]
    office.ok("hr", "POST", f"/employees/{ana}/evidence", 201, json={
        "skill": "机器学习", "source": "check", "level": 3})

    skills = office.ok("ana", "GET", f"/employees/{ana}/skills")
    assert skills["total"] == 2
    assert [(s["skill_slug"], s["level"]) for s in skills["items"]] == [
        ("machine-learning", 3), ("python", 2)]
    by_level = office.ok("hr", "GET", f"/employees/{ana}/skills?sort=-level&limit=1")
    assert [s["skill_slug"] for s in by_level["items"]] == ["machine-learning"]
    _assert_error(office.call("bo", "GET", f"/employees/{ana}/skills"), 404, "E0404")

    unknown = _assert_error(office.call("hr", "POST", f"/employees/{ana}/evidence", json={
        "skill": "pytorchh", "source": "check", "level": 2}), 422, "E0412",
        "The 'skill' field must be a skill of the framework", "'pytorchh'")
    assert any("pytorch" in e for e in unknown["errors"])
    future = (date.today() + timedelta(days=3)).isoformat()
    _assert_error(office.call("hr", "POST", f"/employees/{ana}/evidence", json={
        "skill": "python", "source": "check", "level": 2, "observed_on": future}),
        422, "E0412", "must not be in the future")
    _assert_error(office.call("hr", "POST", f"/employees/{ana}/evidence", json={
        "skill": "python", "source": "rumour", "level": 2}), 422, "E0412")
    _assert_error(office.call("hr", "POST", f"/employees/{ana}/evidence", json={
        "skill": "python", "source": "check", "level": 5}), 422, "E0412")

    created = office.audit(resource="skill_evidence", action="create")
    assert [(e.actor, e.detail["source"]) for e in created] == [
        ("ana", "self"), ("ana_hm", "manager"), ("hr1", "manager"), ("hr1", "check")]
    reads = office.audit(resource="employee_skill", action="read")
    assert [(e.actor, e.resource_id) for e in reads] == [("ana", str(ana)), ("hr1", str(ana))]


# --- reviews and learning -----------------------------------------------------------------------

def test_reviews_are_scoped_to_the_employee(office: Office) -> None:
    ana, bo = office.ids["ana"], office.ids["bo"]
    review = office.ok("hr", "POST", "/reviews", 201, json={
        "employee_id": ana, "cycle": "2025H1", "final_score": 4.2,
        "goals": [{"goal": "ship the ranker", "weight": 0.6}],
        "inputs": [{"from": "manager", "score": 4}]})
    assert review["goals"] == [{"goal": "ship the ranker", "weight": 0.6}]
    office.ok("hr", "POST", "/reviews", 201, json={"employee_id": bo, "cycle": "2025H1"})
    _assert_error(office.call("hr", "POST", "/reviews", json={
        "employee_id": ana, "cycle": "2025H1"}), 409, "E0409", "2025H1")
    _assert_error(office.call("ana", "POST", "/reviews", json={
        "employee_id": ana, "cycle": "2025H2"}), 403, "E0603")

    assert office.ok("hr", "GET", "/reviews")["total"] == 2
    assert office.ok("hr", "GET", f"/reviews?employee_id={bo}")["items"][0]["employee_id"] == bo
    own = office.ok("ana", "GET", "/reviews")
    assert [(r["employee_id"], r["final_score"]) for r in own["items"]] == [(ana, 4.2)]
    _assert_error(office.call("ana", "GET", f"/reviews?employee_id={bo}"), 404, "E0404")
    assert office.ok("unlinked", "GET", "/reviews")["items"] == []
    reads = office.audit(resource="review", action="read")
    assert reads[-2].actor == "ana" and reads[-2].detail == {"ids": [review["id"]]}


def test_learning_catalogue_and_plans(office: Office) -> None:
    ana, bo = office.ids["ana"], office.ids["bo"]
    book = office.ok("hr", "POST", "/learning-resources", 201, json={
        "ref": "dl-book", "title": "Deep Learning", "kind": "book", "language": "en",
        "skills": ["machine-learning", "PyTorch", "pytorch"], "level": 3, "hours": 40})
    assert book["skills"] == ["machine-learning", "pytorch"]
    office.ok("admin", "POST", "/learning-resources", 201, json={
        "ref": "d2l", "title": "动手学深度学习", "kind": "course", "language": "zh",
        "skills": ["pytorch"], "url": "https://zh.d2l.ai/"})
    _assert_error(office.call("ana", "POST", "/learning-resources", json={
        "ref": "x", "title": "x", "kind": "book"}), 403, "E0603")
    _assert_error(office.call("hr", "POST", "/learning-resources", json={
        "ref": "dl-book", "title": "Again", "kind": "book"}), 409, "E0409")
    # everyone browses the catalogue, filtered by skill (a slug or a name), kind and language
    found = office.ok("recruiter", "GET", "/learning-resources?skill=PyTorch&sort=title")
    assert [r["ref"] for r in found["items"]] == ["dl-book", "d2l"]
    assert [r["ref"] for r in office.ok("ana", "GET",
                                        "/learning-resources?skill=machine-learning")["items"]
            ] == ["dl-book"]
    assert [r["ref"] for r in office.ok("ana", "GET", "/learning-resources?language=zh&"
                                        "kind=course")["items"]] == ["d2l"]

    plan = office.ok("ana", "POST", "/learning-plans", 201, json={
        "target_role": "ml-engineer", "target_level": "L4",
        "steps": [{"slug": "PyTorch", "order": 1, "resources": ["d2l"], "hours": 20}]})
    assert plan["employee_id"] == ana and plan["status"] == "active"
    assert plan["steps"] == [{"slug": "pytorch", "order": 1, "resources": ["d2l"], "hours": 20.0}]
    _assert_error(office.call("ana", "POST", "/learning-plans", json={
        "employee_id": bo, "target_role": "ml-engineer", "target_level": "L4"}), 404, "E0404")
    _assert_error(office.call("unlinked", "POST", "/learning-plans", json={
        "target_role": "ml-engineer", "target_level": "L4"}), 422, "E0412", "employee_id")
    _assert_error(office.call("hr", "POST", "/learning-plans", json={
        "employee_id": bo, "target_role": "ml-engineer", "target_level": "L7"}), 422, "E0412")
    office.ok("hr", "POST", "/learning-plans", 201, json={
        "employee_id": bo, "target_role": "data-scientist", "target_level": "L3"})
    assert office.ok("hr", "GET", "/learning-plans")["total"] == 2
    assert [p["id"] for p in office.ok("ana", "GET", "/learning-plans")["items"]] == [plan["id"]]
    _assert_error(office.call("ana", "GET", f"/learning-plans?employee_id={bo}"), 404, "E0404")
    assert office.audit(resource="learning_plan", action="read")[0].detail == {
        "ids": [plan["id"] + 1, plan["id"]]}


# --- pay and risk -------------------------------------------------------------------------------

def test_pay_is_for_hr_only_encrypted_and_every_read_audited(office: Office) -> None:
    ana = office.ids["ana"]
    band = office.ok("hr", "POST", "/pay-bands", 201, json={
        "role_family": "ml-engineer", "level": "L3", "city": "上海", "minimum": 300000,
        "midpoint": 400000, "maximum": 520000})
    assert band["currency"] == "CNY" and band["midpoint"] == 400000
    _assert_error(office.call("hr", "POST", "/pay-bands", json={
        "role_family": "ml-engineer", "level": "L3", "city": "上海", "minimum": 1,
        "midpoint": 2, "maximum": 3}), 409, "E0409")
    _assert_error(office.call("hr", "POST", "/pay-bands", json={
        "role_family": "ml-engineer", "level": "L4", "minimum": 500, "midpoint": 400,
        "maximum": 600}), 422, "E0412", "minimum <= midpoint <= maximum")
    assert office.ok("admin", "GET", "/pay-bands?level=L3")["items"][0]["city"] == "上海"

    office.ok("hr", "POST", f"/employees/{ana}/pay", 201, json={
        "effective_on": "2024-01-01", "annual": 380000, "reason": "hire"})
    raise_ = office.ok("hr", "POST", f"/employees/{ana}/pay", 201, json={
        "effective_on": "2025-01-01", "annual": 415000.5, "currency": "CNY",
        "reason": "promotion"})
    assert raise_["annual"] == 415000.5 and raise_["employee_id"] == ana
    pay = office.ok("hr", "GET", f"/employees/{ana}/pay")
    assert [(p["effective_on"], p["annual"]) for p in pay["items"]] == [
        ("2025-01-01", 415000.5), ("2024-01-01", 380000.0)]
    assert office.ok("hr", "GET", f"/employees/{ana}/pay?limit=1&offset=1")["items"][0][
        "reason"] == "hire"
    _assert_error(office.call("hr", "GET", "/employees/999999/pay"), 404, "E0404")

    for who in ("recruiter", "manager", "ana"):
        _assert_error(office.call(who, "GET", f"/employees/{ana}/pay"), 403, "E0603")
        _assert_error(office.call(who, "GET", "/pay-bands"), 403, "E0603")
        _assert_error(office.call(who, "POST", f"/employees/{ana}/pay", json={
            "effective_on": "2025-06-01", "annual": 1}), 403, "E0603")

    reads = office.audit(resource="pay", action="read")
    assert [(e.actor, e.resource_id, len(e.detail["ids"])) for e in reads] == [
        ("hr1", str(ana), 2), ("hr1", str(ana), 1)]
    assert [e.actor for e in office.audit(resource="pay", action="create")] == ["hr1", "hr1"]
    assert "415000" not in str([e.detail for e in office.audit()])
    with office.database.session() as session:
        stored = session.execute(text("SELECT pay FROM pay_records")).scalars().all()
    assert stored and all("415000" not in s and "annual" not in s for s in stored)


def test_risk_scores_for_hr_highest_first(office: Office) -> None:
    with office.database.session() as session:
        session.add_all([
            RiskScore(employee_id=office.ids["ana"], model_version="m1", risk=0.2, band="low",
                      drivers=[]),
            RiskScore(employee_id=office.ids["bo"], model_version="m1", risk=0.8, band="high",
                      drivers=[{"feature": "pay_vs_band", "effect": 0.3}])])
    scores = office.ok("hr", "GET", "/risk-scores")
    assert [(s["employee_id"], s["band"]) for s in scores["items"]] == [
        (office.ids["bo"], "high"), (office.ids["ana"], "low")]
    assert scores["items"][0]["drivers"] == [{"feature": "pay_vs_band", "effect": 0.3}]
    assert office.ok("admin", "GET", "/risk-scores?band=low&sort=scored_at")["total"] == 1
    for who in ("recruiter", "manager", "ana"):
        _assert_error(office.call(who, "GET", "/risk-scores"), 403, "E0603")
    assert [e.actor for e in office.audit(resource="risk_score", action="read")] == [
        "hr1", "admin1"]


# --- privacy requests ---------------------------------------------------------------------------

def test_export_and_erase_a_person(office: Office) -> None:
    bo = office.ids["bo"]
    office.ok("hr", "POST", f"/employees/{bo}/evidence", 201, json={
        "skill": "sql", "source": "check", "level": 3})
    office.ok("hr", "POST", f"/employees/{bo}/pay", 201, json={
        "effective_on": "2025-01-01", "annual": 250000})
    export = office.ok("hr", "GET", "/people/employee/E002/export")
    assert export["person"]["name"] == "Bo Li" and export["ref"] == "E002"
    assert export["records"]["pay_records"][0]["pay"] == {"annual": 250000.0, "currency": "CNY"}
    assert export["records"]["skill_evidence"][0]["skill_slug"] == "sql"
    _assert_error(office.call("recruiter", "GET", "/people/employee/E002/export"), 403, "E0603")
    _assert_error(office.call("hr", "GET", "/people/robot/E002/export"), 422, "E0412")
    _assert_error(office.call("hr", "GET", "/people/employee/E999/export"), 404, "E0404")

    report = office.ok("hr", "DELETE", "/people/employee/E002")
    assert report["kind"] == "employee" and report["ref"] == "E002"
    assert report["deleted"]["employees"] == 1 and report["deleted"]["pay_records"] == 1
    assert report["detached"] == {"users.employee_id": 1}
    assert report["rows"] == sum(report["deleted"].values())
    _assert_error(office.call("hr", "GET", f"/employees/{bo}"), 404, "E0404")
    _assert_error(office.call("hr", "DELETE", "/people/employee/E002"), 404, "E0404")
    events = [(e.action, e.resource_id) for e in office.audit(resource="employee")
              if e.action in ("export", "erase")]
    assert events == [("export", "E002"), ("erase", "E002")]
