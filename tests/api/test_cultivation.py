"""The cultivation API (issue 5): why a level, gaps, learning plans and their steps, skill
checks, review cycles, readiness, onboarding, ladders and teams; the team visibility rule (an
employee their own, a manager their team, hr all); the audit; and the loop: gap -> plan ->
check -> evidence -> level -> gap and readiness move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select

from talentgraph.domain import SYSTEM
from talentgraph.plan import Goal, ReviewScheme, score_review
from talentgraph.plan._checks import _BY_NAME, _exercise
from talentgraph.services import _people as people
from talentgraph.store import AuditEvent, Database, SkillEvidence, head_revision, schema_revision
from talentgraph.store._db import _alembic_config, migrate
from tests.api._client import auth, make_client, token_for

API = "/api/v1"
TODAY = date.today()


@dataclass
class Team:
    """A manager (mei, logged in as the hiring manager "boss") with reports dana and eli; gus
    reports to eli; far is on no team. hr, admin, a recruiter and an unlinked manager too."""

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

    def error(self, who: str, method: str, path: str, status: int, code: str,
              *fragments: str, **kwargs: Any) -> dict[str, Any]:
        response = self.call(who, method, path, **kwargs)
        assert response.status_code == status, response.text
        body = response.json()
        assert body["ok"] is False and body["code"] == code
        message = f"{body['error']} {body['errors']}"
        for fragment in fragments:
            assert fragment in message, message
        return body

    def audit(self, **where: Any) -> list[AuditEvent]:
        with self.database.session() as session:
            query = select(AuditEvent).order_by(AuditEvent.id)
            for name, value in where.items():
                query = query.where(getattr(AuditEvent, name) == value)
            return list(session.scalars(query))


@pytest.fixture
def team(database: Database, tmp_path: Path) -> Team:
    with database.session() as session:
        def add(ref: str, name: str, **fields: Any) -> int:
            return people.create_employee(session, actor=SYSTEM, fields={
                "ref": ref, "name": name, **fields}).id

        mei = add("E100", "梅", role_family="data-analyst", level="L4")
        dana = add("E101", "Dana", role_family="data-analyst", level="L1", manager_id=mei,
                   hired_on=TODAY - timedelta(days=20))
        eli = add("E102", "Eli", role_family="data-analyst", level="L2", manager_id=mei)
        gus = add("E103", "Gus", role_family="data-analyst", level="L1", manager_id=eli)
        far = add("E104", "Far", role_family="ml-engineer", level="L2")
        nobody = add("E105", "No Role")
    ids = {"mei": mei, "dana": dana, "eli": eli, "gus": gus, "far": far, "nobody": nobody}
    headers = {
        "admin": auth(token_for(database, "admin1", "admin")),
        "hr": auth(token_for(database, "hr1", "hr")),
        "recruiter": auth(token_for(database, "rec1", "recruiter")),
        "boss": auth(token_for(database, "boss", "hiring_manager", employee_id=mei)),
        "hm_unlinked": auth(token_for(database, "hm2", "hiring_manager")),
        "dana": auth(token_for(database, "dana", "employee", employee_id=dana)),
        "eli": auth(token_for(database, "eli", "employee", employee_id=eli)),
        "far": auth(token_for(database, "far", "employee", employee_id=far)),
    }
    return Team(make_client(database, tmp_path), database, headers, ids)


def _answers(check_id: str) -> dict[str, str]:
    """The right answers of a check, rebuilt from its id with the plan's internals."""
    family, _skill, level, seed = check_id.split(":")
    items = _exercise(_BY_NAME[family], int(level[1:]), int(seed, 16)).items
    return {item.question.key: str(item.expected) for item in items}


def _wrong(check_id: str) -> dict[str, str]:
    return {key: "zzz" for key in _answers(check_id)}


def _gap_item(gap: dict[str, Any], slug: str) -> dict[str, Any]:
    return next(g for g in gap["gaps"] + gap["met"] if g["slug"] == slug)


# --- visibility ---------------------------------------------------------------------------------

def test_an_employee_their_own_a_manager_their_team_hr_all(team: Team) -> None:
    ids = team.ids
    gap = f"/employees/{ids['dana']}/gap"
    assert team.ok("dana", "GET", gap)["employee_id"] == ids["dana"]
    # a colleague's gap looks exactly like one that does not exist
    other = team.error("dana", "GET", f"/employees/{ids['eli']}/gap", 404, "E0404")
    assert other["error"] == f"No employee with id {ids['eli']}."
    team.error("far", "GET", gap, 404, "E0404")
    # the manager sees direct reports and, through eli, gus; not someone outside the team
    assert team.ok("boss", "GET", gap)["role"] == "data-analyst"
    assert team.ok("boss", "GET", f"/employees/{ids['gus']}/gap")["employee_id"] == ids["gus"]
    team.error("boss", "GET", f"/employees/{ids['far']}/gap", 404, "E0404")
    team.error("hm_unlinked", "GET", gap, 404, "E0404")
    # an employee-role user who manages people (eli manages gus) sees their report too
    assert team.ok("eli", "GET", f"/employees/{ids['gus']}/gap")["employee_id"] == ids["gus"]
    team.error("eli", "GET", f"/employees/{ids['mei']}/gap", 404, "E0404")
    # hr and admin see everyone; recruiters are refused by the permission table
    assert team.ok("hr", "GET", f"/employees/{ids['far']}/gap")["role"] == "ml-engineer"
    team.error("recruiter", "GET", gap, 403, "E0603", "gaps.get")
    # the team rule is for cultivation views: the profile itself stays the person's and hr's
    team.error("eli", "GET", f"/employees/{ids['gus']}", 404, "E0404")
    reads = team.audit(resource="skill_gap", action="read")
    assert [(e.actor, e.resource_id) for e in reads] == [
        ("dana", str(ids["dana"])), ("boss", str(ids["dana"])), ("boss", str(ids["gus"])),
        ("eli", str(ids["gus"])), ("hr1", str(ids["far"]))]
    assert all(e.detail.keys() == {"role", "level"} for e in reads)


# --- levels and gaps ----------------------------------------------------------------------------

def test_why_a_skill_has_its_level(team: Team) -> None:
    dana = team.ids["dana"]
    team.ok("dana", "POST", f"/employees/{dana}/evidence", 201, json={
        "skill": "SQL", "source": "self", "level": 4, "detail": "daily reports"})
    team.ok("hr", "POST", f"/employees/{dana}/evidence", 201, json={
        "skill": "sql", "source": "manager", "level": 2})
    why = team.ok("boss", "GET", f"/employees/{dana}/skills/SQL/why")
    assert why["skill_slug"] == "sql" and why["name_en"] == "SQL"
    # (0.8 x 2 + 0.2 x 4) / 1.0 = 2.4 -> 2, and the profile stores the same level
    assert why["level"] == 2 and why["stored_level"] == 2
    assert 0 < why["confidence"] < 1
    assert why["why_en"][0] == "Level 2: the weighted average of 2 pieces of evidence is 2.40."
    assert why["why_zh"][0] == "2 级：2 条证据的加权平均为 2.40。"
    assert [(e["source"], e["level"]) for e in why["evidence"]] == [("manager", 2), ("self", 4)]
    assert why["evidence"][1]["detail"] == "daily reports"
    # a skill without evidence is level 0, said so; an unknown skill is a 422
    none = team.ok("dana", "GET", f"/employees/{dana}/skills/excel/why")
    assert none["level"] == 0 and none["stored_level"] is None
    assert none["why_en"] == ["No evidence: level 0."] and none["why_zh"] == ["没有证据：0 级。"]
    team.error("dana", "GET", f"/employees/{dana}/skills/sqll-xyz/why", 422, "E0412",
               "'skill' field must be a skill of the framework")
    team.error("eli", "GET", f"/employees/{dana}/skills/sql/why", 404, "E0404")
    reads = team.audit(resource="skill_level", action="read")
    assert [(e.actor, e.detail) for e in reads] == [
        ("boss", {"skill": "sql", "evidence": 2}), ("dana", {"skill": "excel", "evidence": 0})]


def test_gap_defaults_to_the_next_level_and_measures_moves(team: Team) -> None:
    dana = team.ids["dana"]
    team.ok("hr", "POST", f"/employees/{dana}/evidence", 201, json={
        "skill": "sql", "source": "manager", "level": 2})
    gap = team.ok("dana", "GET", f"/employees/{dana}/gap")
    # dana is an L1 data analyst: the gap is to L2 of her own role family
    assert (gap["role"], gap["level"], gap["is_move"], gap["from_role"]) == (
        "data-analyst", "L2", False, None)
    sql = _gap_item(gap, "sql")
    assert sql == {"slug": "sql", "name_en": "SQL", "name_zh": "SQL", "current": 2,
                   "target": 3, "weight": 1.0, "deficit": 1, "kind": "under"}
    missing = _gap_item(gap, "data-analysis")
    assert missing["kind"] == "missing" and missing["name_zh"]
    assert [g["slug"] for g in gap["gaps"]][0] in {"sql", "data-analysis"}
    assert 0 < gap["coverage"] < 1
    # another level and another role (an internal move)
    assert team.ok("dana", "GET", f"/employees/{dana}/gap?level=L1")["level"] == "L1"
    move = team.ok("dana", "GET", f"/employees/{dana}/gap?role=data-scientist&level=L2")
    assert move["is_move"] is True and move["from_role"] == "data-analyst"
    assert move["role"] == "data-scientist" and "sql" in move["transferable"]
    # at L5 the default is L5 itself
    team.ok("hr", "PATCH", f"/employees/{team.ids['eli']}", json={"level": "L5"})
    assert team.ok("hr", "GET", f"/employees/{team.ids['eli']}/gap")["level"] == "L5"
    team.error("dana", "GET", f"/employees/{dana}/gap?role=astronaut", 422, "E0412",
               "'role' parameter must be the slug of a role family", "'astronaut'")
    team.error("dana", "GET", f"/employees/{dana}/gap?level=L9", 422, "E0412")
    team.error("hr", "GET", f"/employees/{team.ids['nobody']}/gap", 422, "E0412",
               "'role' parameter is required", "no role family")


# --- the loop -----------------------------------------------------------------------------------

def test_the_loop_gap_plan_check_level_gap_readiness(team: Team) -> None:
    dana = team.ids["dana"]
    team.ok("dana", "POST", f"/employees/{dana}/evidence", 201, json={
        "skill": "sql", "source": "self", "level": 1})
    gap_before = team.ok("dana", "GET", f"/employees/{dana}/gap")
    assert _gap_item(gap_before, "sql")["current"] == 1
    ready_before = team.ok("dana", "GET", f"/employees/{dana}/readiness")
    assert ready_before["target_level"] == "L2" and ready_before["is_ready"] is False
    assert "no review results yet" in ready_before["why"][0]

    # a plan towards L2: ordered steps with resources, hours and the check of each
    plan = team.ok("dana", "POST", f"/employees/{dana}/plans", 201,
                   json={"hours_per_week": 4, "language": "en"})
    assert (plan["employee_id"], plan["target_role"], plan["target_level"]) == (
        dana, "data-analyst", "L2")
    assert plan["steps_total"] == len(plan["steps"]) > 3 and plan["steps_done"] == 0
    assert plan["weeks"] == -(-plan["total_hours"] // 4) and plan["hours_per_week"] == 4
    step = next(s for s in plan["steps"] if s["slug"] == "sql")
    assert step["check"] == "sql-query" and step["has_check"] is True
    assert (step["from_level"], step["to_level"], step["done"]) == (1, 3, False)
    assert step["resources"] and step["hours"] > 0

    # a check issued for the step, shown without its answers
    check = team.ok("dana", "POST", "/checks", 201,
                    json={"plan_id": plan["id"], "step": step["order"]})
    assert (check["skill_slug"], check["level"], check["family"]) == ("sql", 3, "sql-query")
    assert check["status"] == "open" and check["prompt_zh"] and check["questions"]
    assert "expected" not in str(check) and "solution" not in str(check)
    answers = _answers(check["check_id"])
    assert set(answers) == {q["key"] for q in check["questions"]}

    # answered correctly: the step is done, the check is evidence, the level rises 1 -> 3
    done = team.ok("dana", "POST", f"/learning-plans/{plan['id']}/steps/{step['order']}/complete",
                   json={"check_id": check["check_id"], "answers": answers})
    assert done["grade"]["passed"] is True and done["grade"]["score"] == 1.0
    assert done["is_done"] is True and done["step"]["how"] == "check"
    assert (done["level_before"], done["level_after"]) == (1, 3)
    assert done["plan"]["steps_done"] == 1
    # graded once: a second submission is refused
    team.error("dana", "POST", f"/checks/{check['id']}/answers", 409, "E0409",
               "graded already", json={"answers": answers})

    gap_after = team.ok("dana", "GET", f"/employees/{dana}/gap")
    assert _gap_item(gap_after, "sql")["kind"] == "met"
    assert gap_after["coverage"] > gap_before["coverage"]
    ready_after = team.ok("dana", "GET", f"/employees/{dana}/readiness")
    assert ready_after["skill_coverage"] > ready_before["skill_coverage"]
    assert ready_after["score"] > ready_before["score"]
    assert "sql" not in [m["skill"] for m in ready_after["missing"]]

    stored = team.ok("boss", "GET", f"/learning-plans/{plan['id']}")
    sql_step = next(s for s in stored["steps"] if s["slug"] == "sql")
    assert sql_step["done"] is True and sql_step["check_attempt_id"] == check["id"]
    assert stored["steps_done"] == 1 and stored["hours_done"] == sql_step["hours"]
    skills = team.ok("dana", "GET", f"/employees/{dana}/skills")["items"]
    sql_skill = next(s for s in skills if s["skill_slug"] == "sql")
    assert sql_skill["level"] == 3
    assert [(e["source"], e["level"]) for e in sql_skill["evidence"]][0] == ("check", 3)
    assert check["check_id"] in sql_skill["evidence"][0]["detail"]
    checks = team.audit(resource="skill_check")
    assert [(e.action, e.actor) for e in checks] == [("create", "dana"), ("update", "dana")]
    assert checks[1].detail == {"employee_id": dana, "score": 1.0, "passed": True}
    plans = team.audit(resource="learning_plan", resource_id=str(plan["id"]))
    assert [e.action for e in plans] == ["create", "update", "read"]


# --- skill checks -------------------------------------------------------------------------------

def test_skill_checks_are_issued_graded_once_and_scoped(team: Team) -> None:
    dana, eli = team.ids["dana"], team.ids["eli"]
    team.error("dana", "POST", "/checks", 422, "E0412", "has no skill check yet",
               json={"skill": "excel"})
    team.error("dana", "POST", "/checks", 403, "E0603", "Only hr and admin",
               json={"skill": "sql", "employee_id": eli})
    team.error("hr", "POST", "/checks", 422, "E0412", "employee_id", json={"skill": "sql"})
    # hr issues a check to dana's login; only dana may answer it
    issued = team.ok("hr", "POST", "/checks", 201,
                     json={"skill": "SQL", "level": 2, "employee_id": dana})
    assert issued["employee_id"] == dana and issued["level"] == 2
    path = f"/checks/{issued['id']}/answers"
    team.error("hr", "POST", path, 404, "E0404", json={"answers": {}})
    # wrong answers fail: no evidence, the level stays, the feedback shows the way
    failed = team.ok("dana", "POST", path, json={"answers": _wrong(issued["check_id"])})
    assert failed["grade"]["passed"] is False and failed["grade"]["score"] == 0.0
    assert failed["evidence_id"] is None and failed["level_before"] == failed["level_after"] == 0
    assert all(f["expected"] and f["solution_en"] for f in failed["grade"]["feedback"])
    assert failed["attempt"]["status"] == "failed"
    with team.database.session() as session:
        assert session.scalars(select(SkillEvidence)).all() == []
    # a second, passed check of dana's own
    mine = team.ok("dana", "POST", "/checks", 201, json={"skill": "模型评估"})
    assert (mine["skill_slug"], mine["family"]) == ("model-evaluation", "classification-metrics")
    passed = team.ok("dana", "POST", f"/checks/{mine['id']}/answers",
                     json={"answers": _answers(mine["check_id"])})
    assert passed["grade"]["passed"] is True and passed["evidence_id"] is not None
    assert passed["level_after"] == mine["level"]
    # who sees which: dana hers, eli none, hr all; the manager may open a report's check
    listed = team.ok("dana", "GET", "/checks")
    assert [c["id"] for c in listed["items"]] == [mine["id"], issued["id"]]
    assert team.ok("dana", "GET", "/checks?status=failed")["total"] == 1
    assert team.ok("eli", "GET", "/checks")["total"] == 0
    assert team.ok("hr", "GET", f"/checks?employee_id={dana}")["total"] == 2
    team.error("eli", "GET", f"/checks/{mine['id']}", 404, "E0404")
    shown = team.ok("boss", "GET", f"/checks/{mine['id']}")
    assert shown["questions"] and shown["status"] == "passed"
    team.error("recruiter", "GET", "/checks", 403, "E0603")


def test_a_manager_completes_a_step_with_a_level(team: Team) -> None:
    eli = team.ids["eli"]
    plan = team.ok("boss", "POST", f"/employees/{eli}/plans", 201, json={})
    assert plan["target_level"] == "L3"
    step = next(s for s in plan["steps"] if s["check"] == "manager assessment")
    path = f"/learning-plans/{plan['id']}/steps/{step['order']}/complete"
    team.error("eli", "POST", path, 403, "E0603", "manager, hr or admin", json={"level": 3})
    team.error("dana", "POST", path, 404, "E0404", json={"level": 3})
    team.error("boss", "POST", path, 422, "E0412", "a manager's 'level'", json={})
    done = team.ok("boss", "POST", path, json={"level": 3})
    assert done["is_done"] is True and done["step"]["how"] == "manager"
    assert done["level_after"] == 3 and done["grade"] is None
    team.error("boss", "POST", path, 409, "E0409", "done already", json={"level": 3})
    team.error("boss", "POST", f"/learning-plans/{plan['id']}/steps/999/complete", 404,
               "E0404", "has no step 999", json={"level": 3})
    team.error("far", "GET", f"/learning-plans/{plan['id']}", 404, "E0404")
    with team.database.session() as session:
        piece = session.scalars(select(SkillEvidence)).one()
    assert (piece.employee_id, piece.skill_slug, piece.source, piece.level) == (
        eli, step["slug"], "manager", 3)
    assert piece.detail == f"Completed step {step['order']} of learning plan {plan['id']}"


# --- reviews ------------------------------------------------------------------------------------

def test_review_cycle_goals_inputs_score_and_calibration(team: Team) -> None:
    dana, eli = team.ids["dana"], team.ids["eli"]
    scheme = {"goal_weight": 0.6, "competency_weight": 0.4, "self_weight": 0.1,
              "manager_weight": 0.6, "peer_weight": 0.3}
    team.error("boss", "POST", "/review-cycles", 403, "E0603",
               json={"slug": "2026H2", "name": "H2"})
    cycle = team.ok("hr", "POST", "/review-cycles", 201,
                    json={"slug": "2026H2", "name": "2026 下半年", "scheme": scheme})
    assert cycle["scheme"]["peer_weight"] == 0.3 and cycle["scheme"]["scale_max"] == 5.0
    team.error("hr", "POST", "/review-cycles", 409, "E0409",
               json={"slug": "2026H2", "name": "again"})
    team.error("hr", "POST", "/review-cycles", 422, "E0412", "sums to 1",
               json={"slug": "bad", "name": "bad", "scheme": {"goal_weight": 0.9}})
    assert [c["slug"] for c in team.ok("dana", "GET", "/review-cycles")] == ["2026H2"]

    base = f"/review-cycles/2026H2/reviews/{dana}"
    goals = {"goals": [{"title": "Ship the churn dashboard", "weight": 2},
                       {"title": "Data quality", "weight": 1},
                       {"title": "Communication", "weight": 1, "kind": "competency"}]}
    team.error("dana", "PUT", f"{base}/goals", 403, "E0603", "manager", json=goals)
    team.error("far", "PUT", f"{base}/goals", 404, "E0404", json=goals)
    team.error("dana", "POST", f"{base}/inputs", 409, "E0409", "no goals",
               json={"source": "self", "ratings": {"Data quality": 4}})
    team.ok("boss", "PUT", f"{base}/goals", json=goals)
    team.ok("dana", "POST", f"{base}/inputs", 201, json={
        "source": "self", "ratings": {"Ship the churn dashboard": 5, "Data quality": 4,
                                      "Communication": 4}})
    team.ok("boss", "POST", f"{base}/inputs", 201, json={
        "source": "manager", "ratings": {"Ship the churn dashboard": 4, "Data quality": 3,
                                         "Communication": 4}, "comment": "solid half"})
    team.ok("eli", "POST", f"{base}/inputs", 201, json={
        "source": "peer", "ratings": {"Communication": 5}})
    # who may give which input
    team.error("dana", "POST", f"{base}/inputs", 403, "E0603", "manager",
               json={"source": "manager", "ratings": {"Data quality": 5}})
    team.error("far", "POST", f"{base}/inputs", 404, "E0404",
               json={"source": "peer", "ratings": {"Data quality": 5}})
    team.error("dana", "POST", f"{base}/inputs", 422, "E0412", "No goal titled",
               json={"source": "self", "ratings": {"Ping pong": 5}})
    team.error("dana", "POST", f"{base}/inputs", 422, "E0412", "[1, 5]",
               json={"source": "self", "ratings": {"Data quality": 9}})

    expected = score_review(goals=[
        Goal("Ship the churn dashboard", 2, self_rating=5, manager_rating=4),
        Goal("Data quality", 1, self_rating=4, manager_rating=3),
        Goal("Communication", 1, self_rating=4, manager_rating=4, peer_ratings=(5,),
             kind="competency")], scheme=ReviewScheme(**scheme))
    mine = team.ok("dana", "GET", base)
    assert mine["final_score"] == expected.final == mine["score"]["final"]
    assert mine["score"]["why"] == list(expected.why)
    assert mine["score"]["why_zh"] == list(expected.why_zh)
    # peers stay anonymous to the person; hr sees who they were
    communication = next(g for g in mine["goals"] if g["title"] == "Communication")
    assert communication["peers"] == [{"rating": 5.0}]
    as_hr = team.ok("hr", "GET", base)
    assert next(g for g in as_hr["goals"] if g["title"] == "Communication")["peers"][0]["by"]
    assert [i["source"] for i in as_hr["inputs"]] == ["self", "manager", "peer"]
    assert "by" not in mine["inputs"][2]

    # a second review, then calibration: the manager across their team, hr across everyone
    team.ok("hr", "PUT", f"/review-cycles/2026H2/reviews/{eli}/goals", json=goals)
    team.ok("boss", "POST", f"/review-cycles/2026H2/reviews/{eli}/inputs", 201, json={
        "source": "manager", "ratings": {"Ship the churn dashboard": 2, "Data quality": 2}})
    calibration = team.ok("boss", "GET", "/reviews/calibration?cycle=2026H2")
    assert calibration["manager_id"] == team.ids["mei"]
    assert {(p["person"], p["employee_id"]) for p in calibration["people"]} == {
        ("E101", dana), ("E102", eli)}
    assert calibration["people"][0]["person"] == "E101"
    assert [r["rater"] for r in calibration["raters"]] == ["boss"]
    assert team.ok("hr", "GET", "/reviews/calibration?cycle=2026H2")["manager_id"] is None
    team.error("dana", "GET", f"/reviews/calibration?cycle=2026H2&manager={team.ids['mei']}",
               404, "E0404")
    assert team.ok("dana", "GET", "/reviews/calibration?cycle=2026H2")["people"] == []
    team.error("hr", "GET", "/reviews/calibration?cycle=nope", 404, "E0404")

    # the review counts in readiness; a closed cycle takes no more input
    ready = team.ok("dana", "GET", f"/employees/{dana}/readiness")
    assert ready["review_average"] == expected.final
    team.error("dana", "PATCH", "/review-cycles/2026H2", 403, "E0603",
               json={"status": "closed"})
    assert team.ok("hr", "PATCH", "/review-cycles/2026H2",
                   json={"status": "closed"})["status"] == "closed"
    team.error("dana", "POST", f"{base}/inputs", 409, "E0409", "closed",
               json={"source": "self", "ratings": {"Data quality": 5}})
    writes = team.audit(resource="review", action="update")
    assert [e.detail.get("input") for e in writes] == [
        "self", "manager", "peer", "manager"]
    assert "solid half" not in str([e.detail for e in team.audit()])


# --- readiness lists, onboarding, ladders, teams ------------------------------------------------

def test_readiness_list_is_scoped_to_the_visible_people(team: Team) -> None:
    dana, gus = team.ids["dana"], team.ids["gus"]
    team.ok("hr", "POST", f"/employees/{gus}/evidence", 201, json={
        "skill": "sql", "source": "check", "level": 3})
    everyone = team.ok("hr", "GET", "/readiness?role=data-analyst&level=L2")
    # the L1 data analysts (dana, gus), not eli (L2) nor far (another role)
    assert [p["ref"] for p in everyone] == ["E103", "E101"]
    assert everyone[0]["readiness"]["score"] > everyone[1]["readiness"]["score"]
    assert everyone[0]["name"] == "Gus" and everyone[0]["level"] == "L1"
    assert [p["employee_id"] for p in team.ok("eli", "GET",
                                               "/readiness?role=data-analyst&level=L2")] == [gus]
    assert team.ok("far", "GET", "/readiness?role=data-analyst&level=L2") == []
    assert [p["employee_id"] for p in team.ok("dana", "GET",
                                               "/readiness?role=data-analyst&level=L2")] == [dana]
    team.error("hr", "GET", "/readiness?role=astronaut&level=L2", 422, "E0412")
    reads = team.audit(resource="readiness", action="read")
    assert reads[0].detail == {"role": "data-analyst", "level": "L2", "ids": [gus, dana]}


def test_onboarding_ladder_lateral_and_team_views(team: Team) -> None:
    dana, mei = team.ids["dana"], team.ids["mei"]
    onboarding = team.ok("boss", "GET", f"/employees/{dana}/onboarding")
    assert (onboarding["role"], onboarding["level"]) == ("data-analyst", "L1")
    assert onboarding["start"] == (TODAY - timedelta(days=20)).isoformat()
    assert [p["key"] for p in onboarding["phases"]] == ["learn", "contribute", "own"]
    assert onboarding["phases"][0]["goals"] and onboarding["phases"][0]["title_zh"]
    team.error("hr", "GET", f"/employees/{team.ids['nobody']}/onboarding", 422, "E0412",
               "no role family")
    team.error("far", "GET", f"/employees/{dana}/onboarding", 404, "E0404")

    ladder = team.ok("recruiter", "GET", "/framework/roles/data-analyst/ladder")
    assert [r["level"] for r in ladder["rungs"]] == ["L1", "L2", "L3", "L4", "L5"]
    assert ladder["rungs"][1]["changes"][0]["rise"] >= 1 and ladder["name_zh"]
    lateral = team.ok("dana", "GET", "/framework/roles/data-analyst/lateral?level=L3&top=3")
    assert len(lateral) == 3 and "data-analyst" not in [p["to_role"] for p in lateral]
    assert lateral[0]["score"] >= lateral[1]["score"] >= lateral[2]["score"]
    team.error("dana", "GET", "/framework/roles/astronaut/ladder", 404, "E0404")

    for who, slug, level in (("dana", "sql", 3), ("eli", "sql", 2), ("gus", "excel", 2)):
        team.ok("hr", "POST", f"/employees/{team.ids[who]}/evidence", 201, json={
            "skill": slug, "source": "manager", "level": level})
    mine = team.ok("boss", "GET", "/teams/me")
    assert mine["manager"]["id"] == mei
    assert [m["ref"] for m in mine["members"]] == ["E101", "E102", "E103"]
    heatmap = mine["heatmap"]
    assert heatmap["people"] == ["E101", "E102", "E103"] and heatmap["skills"][0] == "sql"
    assert [row[0] for row in heatmap["matrix"]] == [3, 2, 0]
    bus = {b["skill"]: b["holder"] for b in mine["bus_factor"]}
    assert bus["sql"] == "E101" and bus["data-analysis"] is None
    assert mine["needs"][0]["gap"] >= 1 and mine["skill_names"]["sql"]["en"] == "SQL"
    assert team.ok("hr", "GET", f"/teams/{mei}")["members"] == mine["members"]
    assert [m["ref"] for m in team.ok("eli", "GET", "/teams/me")["members"]] == ["E103"]
    assert team.ok("dana", "GET", "/teams/me")["members"] == []
    team.error("dana", "GET", f"/teams/{mei}", 404, "E0404")
    team.error("hr", "GET", "/teams/me", 422, "E0412", "not linked to an employee")
    reads = team.audit(resource="team", action="read")
    assert [(e.actor, e.resource_id) for e in reads][:2] == [("boss", str(mei)), ("hr1", str(mei))]


# --- schema -------------------------------------------------------------------------------------

def test_migration_0002_adds_the_cultivation_tables(database: Database) -> None:
    engine = database.engine
    assert schema_revision(engine) == head_revision()  # later issues add revisions after 0002
    assert {"skill_check_attempts", "review_cycles"} <= set(inspect(engine).get_table_names())
    command.downgrade(_alembic_config(engine), "0001")
    tables = set(inspect(engine).get_table_names())
    assert "skill_check_attempts" not in tables and "review_cycles" not in tables
    assert "employees" in tables
    migrate(engine)
    assert {"skill_check_attempts", "review_cycles"} <= set(inspect(engine).get_table_names())
