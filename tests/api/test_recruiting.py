"""The recruiting API: openings, candidates, applications with stage history, interview rounds
and blind scorecards; who sees what (hiring managers: their own openings only; protected
attributes: hr and admin only), validation errors in the envelope, audit of reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from talentgraph.api import _recruiting_schemas as schemas
from talentgraph.domain import EDUCATION_LEVELS
from talentgraph.services import _pipeline as pipeline
from talentgraph.services import _recruiting as recruiting
from talentgraph.store import AuditEvent, Database
from tests.api._client import auth, ensure_user, make_client, token_for

API = "/api/v1"


@dataclass
class Team:
    """A client and the headers of one user per role (two hiring managers)."""

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


@pytest.fixture
def team(database: Database, tmp_path: Path) -> Team:
    users = {"admin": "admin", "hr": "hr", "recruiter": "recruiter", "recruiter2": "recruiter",
             "hm_a": "hiring_manager", "hm_b": "hiring_manager", "employee": "employee"}
    headers = {name: auth(token_for(database, name, role)) for name, role in users.items()}
    ids = {name: ensure_user(database, name, role) for name, role in users.items()}
    return Team(make_client(database, tmp_path), database, headers, ids)


def _opening(team: Team, title: str, manager: str | None = None, **extra: Any) -> dict[str, Any]:
    body = {"title": title, "role_family": "ml-engineer", "level": "L3",
            "skills": [{"skill": "python", "level": 3, "weight": 2},
                       {"skill": "pytorch", "level": 2}], **extra}
    if manager:
        body["hiring_manager_id"] = team.ids[manager]
    return team.ok("recruiter", "POST", "/openings", 201, json=body)


def _candidate(team: Team, name: str, who: str = "recruiter", **extra: Any) -> dict[str, Any]:
    return team.ok(who, "POST", "/candidates", 201, json={"name": name, **extra})


def _apply(team: Team, candidate: dict[str, Any], opening: dict[str, Any]) -> dict[str, Any]:
    return team.ok("recruiter", "POST", "/applications", 201, json={
        "candidate_id": candidate["id"], "opening_id": opening["id"]})


def _assert_invalid(response: Any, *fragments: str) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == 422 and body["code"] == "E0412"
    text_ = f"{body['error']} {body['errors']}"
    for fragment in fragments:
        assert fragment in text_, text_
    return body


def test_schema_literals_agree_with_the_services() -> None:
    assert get_args(schemas.Stage) == pipeline.STAGES
    assert get_args(schemas.Recommendation) == pipeline.RECOMMENDATIONS
    assert get_args(schemas.OpeningStatus) == recruiting.OPENING_STATUSES
    assert get_args(schemas.Education) == EDUCATION_LEVELS


def test_opening_create_get_update(team: Team) -> None:
    opening = _opening(team, "LLM 算法工程师", "hm_a", currency="cny", pay_min=30000,
                       pay_max=50000)
    assert opening["ref"].startswith("OPN-") and opening["status"] == "open"
    assert opening["currency"] == "CNY" and opening["hiring_manager_id"] == team.ids["hm_a"]
    assert opening["skills"] == [{"skill": "python", "level": 3, "weight": 2.0},
                                 {"skill": "pytorch", "level": 2, "weight": 1.0}]
    got = team.ok("hm_a", "GET", f"/openings/{opening['id']}")
    assert got["title"] == "LLM 算法工程师"
    changed = team.ok("recruiter", "PATCH", f"/openings/{opening['id']}",
                      json={"status": "on_hold", "skills": [{"skill": "sql", "level": 1}]})
    assert changed["status"] == "on_hold" and changed["skills"][0]["skill"] == "sql"
    assert changed["title"] == "LLM 算法工程师"  # untouched fields stay
    # hiring managers may read but not write openings; employees may not read them
    assert team.call("hm_a", "PATCH", f"/openings/{opening['id']}",
                     json={"title": "x"}).status_code == 403
    assert team.call("employee", "GET", "/openings").status_code == 403
    with team.database.session() as session:
        events = session.execute(select(AuditEvent.action, AuditEvent.detail).where(
            AuditEvent.resource == "opening").order_by(AuditEvent.id)).all()
    assert [action for action, _ in events] == ["create", "update"]
    assert events[1][1] == {"fields": ["skills", "status"]}


def test_opening_validation_uses_the_envelope(team: Team) -> None:
    unknown = team.call("recruiter", "POST", "/openings", json={
        "title": "Data engineer", "skills": [{"skill": "Pytorch", "level": 2}]})
    _assert_invalid(unknown, "'Pytorch'", "Did you mean 'pytorch'?")
    _assert_invalid(team.call("recruiter", "POST", "/openings", json={
        "title": "Data engineer", "skills": [{"skill": "python", "level": 7}]}),
        "skills.0.level")
    _assert_invalid(team.call("recruiter", "POST", "/openings", json={
        "title": "Data engineer", "skills": [{"skill": "python", "level": 1},
                                             {"skill": "python", "level": 2}]}),
        "'python' more than once")
    _assert_invalid(team.call("recruiter", "POST", "/openings", json={
        "title": "Data engineer", "hiring_manager_id": team.ids["recruiter"]}),
        "active user with role hiring_manager")
    _assert_invalid(team.call("recruiter", "POST", "/openings", json={
        "title": "Data engineer", "pay_min": 9, "pay_max": 5}), "pay_min <= pay_max")
    opening = _opening(team, "Data engineer", pay_min=100, pay_max=200)
    _assert_invalid(team.call("recruiter", "PATCH", f"/openings/{opening['id']}",
                              json={"pay_min": 300}), "Got 300 > 200")
    _assert_invalid(team.call("recruiter", "PATCH", f"/openings/{opening['id']}",
                              json={"title": None}), "'title'")
    _assert_invalid(team.call("recruiter", "GET", "/openings?sort=password"),
                    "The 'sort' parameter must be one of")
    _assert_invalid(team.call("recruiter", "POST", "/openings", json={"title": "a\x00b"}),
                    "NUL")
    _assert_invalid(team.call("recruiter", "POST", "/openings", json={
        "title": "Data engineer", "headcount": 3}), "headcount")
    _assert_invalid(team.call("recruiter", "GET", f"/openings/{2**40}"), "opening_id")
    # the organisation's own skills count as known
    team.ok("hr", "POST", "/framework/skills", 201, json={"slug": "agent-evaluation",
                                                          "name_en": "Agent evaluation"})
    own = _opening(team, "Agent engineer", skills=[{"skill": "agent-evaluation", "level": 2}])
    assert own["skills"][0]["skill"] == "agent-evaluation"
    assert team.call("recruiter", "POST", "/openings", json={
        "title": "Again", "ref": own["ref"]}).json()["code"] == "E0409"


def test_openings_filter_sort_and_page(team: Team) -> None:
    for title, family in (("NLP engineer", "ml-engineer"), ("Data analyst", "analyst"),
                          ("Senior NLP researcher", "ml-engineer"), ("BI analyst", "analyst")):
        _opening(team, title, role_family=family)
    page = team.ok("recruiter", "GET", "/openings?q=nlp&sort=-title")
    assert [o["title"] for o in page["items"]] == ["Senior NLP researcher", "NLP engineer"]
    assert page["total"] == 2
    first = team.ok("recruiter", "GET", "/openings?role_family=analyst&sort=title&limit=1")
    second = team.ok("recruiter", "GET",
                     "/openings?role_family=analyst&sort=title&limit=1&offset=1")
    assert (first["total"], first["limit"], first["offset"]) == (2, 1, 0)
    assert [first["items"][0]["title"], second["items"][0]["title"]] == [
        "BI analyst", "Data analyst"]
    all_ids = [o["id"] for o in team.ok("recruiter", "GET", "/openings")["items"]]
    team.ok("recruiter", "PATCH", f"/openings/{all_ids[0]}", json={"status": "closed"})
    closed = team.ok("recruiter", "GET", "/openings?status=closed")
    assert [o["id"] for o in closed["items"]] == [all_ids[0]]
    _assert_invalid(team.call("recruiter", "GET", "/openings?status=gone"), "status")


def test_hiring_manager_sees_only_their_own_pipeline(team: Team) -> None:
    mine = _opening(team, "Opening of A", "hm_a")
    theirs = _opening(team, "Opening of B", "hm_b")
    alice = _candidate(team, "Alice", email="alice@example.com")
    bob = _candidate(team, "Bob")
    loner = _candidate(team, "Not applied anywhere")
    app_a = _apply(team, alice, mine)
    app_b = _apply(team, bob, theirs)

    listed = team.ok("hm_a", "GET", "/openings")
    assert [o["id"] for o in listed["items"]] == [mine["id"]] and listed["total"] == 1
    assert team.ok("recruiter", "GET", "/openings")["total"] == 2
    refused = team.call("hm_a", "GET", f"/openings/{theirs['id']}")
    assert refused.status_code == 404 and refused.json()["code"] == "E0404"
    assert [c["id"] for c in team.ok("hm_a", "GET", "/candidates")["items"]] == [alice["id"]]
    for path in (f"/candidates/{bob['id']}", f"/candidates/{loner['id']}",
                 f"/applications?opening_id={theirs['id']}",
                 f"/applications?candidate_id={bob['id']}",
                 f"/applications/{app_b['id']}/history",
                 f"/applications/{app_b['id']}/interviews",
                 f"/candidates?opening_id={theirs['id']}"):
        assert team.call("hm_a", "GET", path).status_code == 404, path
    moved = team.call("hm_a", "POST", f"/applications/{app_b['id']}/move",
                      json={"stage": "screened"})
    assert moved.status_code == 404
    # their own: visible and movable; the move is theirs in the history
    assert team.ok("hm_a", "GET", "/applications")["items"][0]["id"] == app_a["id"]
    team.ok("hm_a", "POST", f"/applications/{app_a['id']}/move", json={"stage": "screened"})
    history = team.ok("hm_a", "GET", f"/applications/{app_a['id']}/history")
    assert [(e["to_stage"], e["by"]) for e in history] == [("applied", "recruiter"),
                                                           ("screened", "hm_a")]
    # hiring managers do not create openings or applications
    assert team.call("hm_a", "POST", "/openings", json={"title": "x"}).status_code == 403
    assert team.call("hm_b", "GET", f"/candidates/{alice['id']}").status_code == 404
    # a candidate who applies to B's opening too becomes visible to B
    _apply(team, alice, theirs)
    assert team.ok("hm_b", "GET", f"/candidates/{alice['id']}")["name"] == "Alice"


def test_candidate_fields_depend_on_the_role(team: Team) -> None:
    opening = _opening(team, "Opening of A", "hm_a")
    created = _candidate(team, "王小明", who="hr", email="Wang@Example.com", phone="13800000000",
                         resume_text="五年 Python 经验", protected={"gender": "m", "age": 31},
                         education="master", city="上海",
                         skills=[{"skill": "python", "level": 3, "evidence": "5 years"}])
    assert created["protected"] == {"gender": "m", "age": 31}
    _apply(team, team.ok("hr", "GET", f"/candidates/{created['id']}"), opening)
    path = f"/candidates/{created['id']}"

    as_hr = team.ok("hr", "GET", path)
    assert as_hr["protected"] == {"gender": "m", "age": 31}
    assert as_hr["email"] == "Wang@Example.com" and as_hr["resume_text"] == "五年 Python 经验"
    as_recruiter = team.ok("recruiter", "GET", path)
    assert "protected" not in as_recruiter
    assert as_recruiter["phone"] == "13800000000" and as_recruiter["name"] == "王小明"
    listed = team.ok("recruiter", "GET", "/candidates")["items"][0]
    assert "protected" not in listed and "resume_text" not in listed
    assert listed["email"] == "Wang@Example.com"
    as_manager = team.ok("hm_a", "GET", path)
    assert {"email", "phone", "protected"} & set(as_manager) == set()
    assert as_manager["resume_text"] == "五年 Python 经验"
    assert as_manager["skills"] == [{"skill": "python", "level": 3, "evidence": "5 years"}]

    # recruiters may not record protected attributes; an update answers without them
    refused = team.call("recruiter", "PATCH", path, json={"protected": {"gender": "f"}})
    assert refused.status_code == 403 and refused.json()["code"] == "E0603"
    updated = team.ok("recruiter", "PATCH", path, json={"city": "北京"})
    assert updated["city"] == "北京" and "protected" not in updated

    # every read of a candidate is audited, with field names and never values
    with team.database.session() as session:
        reads = session.execute(select(AuditEvent.actor, AuditEvent.resource_id,
                                       AuditEvent.detail).where(
            AuditEvent.resource == "candidate", AuditEvent.action == "read")
            .order_by(AuditEvent.id)).all()
    single = [(actor, detail["fields"]) for actor, rid, detail in reads if rid is not None]
    assert ("hr", ["name", "email", "phone", "resume_text", "protected"]) in single
    assert ("recruiter", ["name", "email", "phone", "resume_text"]) in single
    assert ("hm_a", ["name", "resume_text"]) in single
    listing = [detail for _, rid, detail in reads if rid is None]
    assert listing == [{"ids": [created["id"]], "fields": ["name", "email", "phone"]}]
    assert "王小明" not in str(reads)

    # contact details are encrypted at rest
    with team.database.session() as session:
        raw = session.execute(text("SELECT name, email, resume_text FROM candidates")).one()
    assert "王小明" not in raw[0] and "Example" not in raw[1] and "Python" not in raw[2]


def test_candidate_validation_duplicates_and_filters(team: Team) -> None:
    first = _candidate(team, "Li Lei", email="li.lei@example.com", source="referral",
                       city="深圳", years_experience=4)
    _candidate(team, "Han Meimei", source="job-board", city="深圳", years_experience=9)
    _candidate(team, "Lin Tao", source="referral", city="杭州", years_experience=1)
    twice = team.call("recruiter", "POST", "/candidates",
                      json={"name": "Li Lei again", "email": " LI.LEI@example.com "})
    assert twice.status_code == 409 and first["ref"] in twice.json()["error"]
    _assert_invalid(team.call("recruiter", "POST", "/candidates",
                              json={"name": "X", "email": "not-an-email"}), "email address")
    _assert_invalid(team.call("recruiter", "POST", "/candidates", json={
        "name": "X", "skills": [{"skill": "no-such-skill-zz"}]}), "'no-such-skill-zz'")
    _assert_invalid(team.call("recruiter", "POST", "/candidates",
                              json={"name": "X", "education": "kindergarten"}), "education")
    found = team.ok("recruiter", "GET", "/candidates?email=Li.Lei@Example.com")
    assert [c["name"] for c in found["items"]] == ["Li Lei"]
    referrals = team.ok("recruiter", "GET", "/candidates?source=referral&sort=-years_experience")
    assert [c["name"] for c in referrals["items"]] == ["Li Lei", "Lin Tao"]
    page = team.ok("recruiter", "GET", "/candidates?city=深圳&sort=years_experience&limit=1")
    assert page["total"] == 2 and page["items"][0]["name"] == "Li Lei"
    by_ref = team.ok("recruiter", "GET", f"/candidates?q={first['ref'][-4:].lower()}")
    assert first["id"] in [c["id"] for c in by_ref["items"]]


def test_applications_move_through_stages_with_history(team: Team) -> None:
    opening = _opening(team, "Backend engineer", "hm_a")
    alice, bob = _candidate(team, "Alice"), _candidate(team, "Bob")
    application = _apply(team, alice, opening)
    assert application["stage"] == "applied"
    again = team.call("recruiter", "POST", "/applications", json={
        "candidate_id": alice["id"], "opening_id": opening["id"]})
    assert again.status_code == 409 and again.json()["code"] == "E0409"
    path = f"/applications/{application['id']}"
    team.ok("recruiter", "POST", f"{path}/move", json={"stage": "screened"})
    _assert_invalid(team.call("recruiter", "POST", f"{path}/move", json={"stage": "rejected"}),
                    "needs a 'reason'")
    _assert_invalid(team.call("recruiter", "POST", f"{path}/move",
                              json={"stage": "rejected", "reason": "   "}), "needs a 'reason'")
    _assert_invalid(team.call("recruiter", "POST", f"{path}/move", json={"stage": "limbo"}),
                    "stage")
    assert team.call("recruiter", "POST", f"{path}/move",
                     json={"stage": "screened"}).status_code == 409
    rejected = team.ok("hm_a", "POST", f"{path}/move",
                       json={"stage": "rejected", "reason": "no distributed systems work"})
    assert rejected["stage"] == "rejected"
    assert rejected["rejection_reason"] == "no distributed systems work"
    history = team.ok("recruiter", "GET", f"{path}/history")
    assert [(e["from_stage"], e["to_stage"], e["reason"], e["by"]) for e in history] == [
        (None, "applied", None, "recruiter"), ("applied", "screened", None, "recruiter"),
        ("screened", "rejected", "no distributed systems work", "hm_a")]
    assert history[2]["by_user_id"] == team.ids["hm_a"] and history[0]["at"] <= history[2]["at"]
    reopened = team.ok("recruiter", "POST", f"{path}/move", json={"stage": "interview"})
    assert reopened["rejection_reason"] is None

    _apply(team, bob, opening)
    by_opening = team.ok("recruiter", "GET",
                         f"/applications?opening_id={opening['id']}&sort=-created_at")
    assert by_opening["total"] == 2
    by_stage = team.ok("recruiter", "GET", f"/applications?opening_id={opening['id']}"
                                           "&stage=interview")
    assert [a["candidate_id"] for a in by_stage["items"]] == [alice["id"]]
    by_candidate = team.ok("recruiter", "GET", f"/applications?candidate_id={bob['id']}")
    assert [a["opening_id"] for a in by_candidate["items"]] == [opening["id"]]
    # a closed opening takes no applications
    team.ok("recruiter", "PATCH", f"/openings/{opening['id']}", json={"status": "closed"})
    closed = team.call("recruiter", "POST", "/applications", json={
        "candidate_id": _candidate(team, "Carol")["id"], "opening_id": opening["id"]})
    assert closed.status_code == 409 and "closed" in closed.json()["error"]


def test_interviews_and_blind_scorecards(team: Team) -> None:
    opening = _opening(team, "ML engineer", "hm_a")
    application = _apply(team, _candidate(team, "Alice"), opening)
    rounds = f"/applications/{application['id']}/interviews"
    default = team.ok("recruiter", "POST", rounds, 201, json={"round": "screen"})
    assert default["focus_skills"] == ["python", "pytorch"]
    interview = team.ok("recruiter", "POST", rounds, 201, json={
        "round": "technical 1", "focus_skills": ["python", "sql"], "scheduled_on": "2025-03-01"})
    assert interview["scheduled_on"] == "2025-03-01"
    _assert_invalid(team.call("recruiter", "POST", rounds, json={
        "round": "x", "focus_skills": ["not-a-skill-zz"]}), "'not-a-skill-zz'")
    listed = team.ok("hm_a", "GET", rounds)
    assert [i["round"] for i in listed["items"]] == ["screen", "technical 1"]

    cards = f"/interviews/{interview['id']}/scorecards"
    assert team.ok("hm_a", "GET", cards) == {"items": [], "total": 0, "hidden": 0}
    _assert_invalid(team.call("recruiter", "POST", cards, json={
        "ratings": {"python": 3}, "recommendation": "yes"}), "missing: sql")
    _assert_invalid(team.call("recruiter", "POST", cards, json={
        "ratings": {"python": 3, "sql": 2, "rust": 1}, "recommendation": "yes"}),
        "not focus skills: rust")
    _assert_invalid(team.call("recruiter", "POST", cards, json={
        "ratings": {"python": 5, "sql": 2}, "recommendation": "yes"}), "ratings.python")
    _assert_invalid(team.call("recruiter", "POST", cards, json={
        "ratings": {"python": 3, "sql": 2}, "recommendation": "maybe"}), "recommendation")
    mine = team.ok("recruiter", "POST", cards, 201, json={
        "ratings": {"python": 4, "sql": 2}, "recommendation": "yes", "notes": "solid"})
    assert mine["interviewer"] == "recruiter" and mine["ratings"] == {"python": 4, "sql": 2}

    # hm_a has not submitted: the recruiter's scorecard stays hidden from them
    assert team.ok("hm_a", "GET", cards) == {"items": [], "total": 0, "hidden": 1}
    assert team.ok("recruiter2", "GET", cards)["hidden"] == 1
    assert [c["interviewer"] for c in team.ok("recruiter", "GET", cards)["items"]] == [
        "recruiter"]
    team.ok("hm_a", "POST", cards, 201, json={
        "ratings": {"python": 2, "sql": 1}, "recommendation": "no"})
    seen = team.ok("hm_a", "GET", cards)
    assert seen["hidden"] == 0 and [(c["interviewer"], c["recommendation"])
                                    for c in seen["items"]] == [("recruiter", "yes"),
                                                                ("hm_a", "no")]
    assert team.ok("hr", "GET", cards)["total"] == 2
    assert team.ok("admin", "GET", cards)["items"][0]["notes"] == "solid"
    final = team.call("recruiter", "POST", cards, json={
        "ratings": {"python": 1, "sql": 1}, "recommendation": "strong_no"})
    assert final.status_code == 409 and "final" in final.json()["error"]
    # another manager cannot see the round at all
    assert team.call("hm_b", "GET", cards).status_code == 404
    assert team.call("hm_b", "POST", cards, json={
        "ratings": {"python": 1, "sql": 1}, "recommendation": "no"}).status_code == 404
    # a rejected application takes no more rounds
    team.ok("recruiter", "POST", f"/applications/{application['id']}/move",
            json={"stage": "rejected", "reason": "withdrew"})
    assert team.call("recruiter", "POST", rounds, json={"round": "late"}).status_code == 409
