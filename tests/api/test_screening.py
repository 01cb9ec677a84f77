"""Screening through the API (issue 6): resume upload end to end (per-file errors, nothing
invented), duplicate merges, openings proposed from a job description, ranking with reasons in
two languages, bulk moves and notes, hiring -> employee with evidence, the funnel on a handmade
pipeline, interview plans and summaries, agreement and leniency; who may do what; audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from talentgraph.store import (
    AuditEvent,
    Candidate,
    CandidateEmbedding,
    CandidateKey,
    Database,
    Employee,
    EmployeeSkill,
    SkillEvidence,
    StageEvent,
)
from tests.api._client import auth, ensure_user, make_client, token_for

API = "/api/v1"
DATA = Path(__file__).resolve().parents[1] / "data"
RESUMES = DATA / "resumes"


@dataclass
class Team:
    """A client and the headers of one user per role (two hiring managers, two recruiters)."""

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


def _opening(team: Team, title: str = "Machine learning engineer", manager: str | None = "hm_a",
             **extra: Any) -> dict[str, Any]:
    body = {"title": title, "role_family": "ml-engineer", "level": "L3",
            "description": "Train and ship ranking models with Python and PyTorch.",
            "skills": [{"skill": "python", "level": 3, "weight": 2},
                       {"skill": "pytorch", "level": 3},
                       {"skill": "kubernetes", "level": 2, "weight": 0.5}], **extra}
    if manager:
        body["hiring_manager_id"] = team.ids[manager]
    return team.ok("recruiter", "POST", "/openings", 201, json=body)


def _files(*paths: Path, names: tuple[str, ...] | None = None) -> list[tuple[str, Any]]:
    names = names or tuple(p.name for p in paths)
    return [("files", (name, p.read_bytes(), "application/octet-stream"))
            for name, p in zip(names, paths, strict=True)]


def _upload(team: Team, files: list[tuple[str, Any]], who: str = "recruiter",
            **form: Any) -> dict[str, Any]:
    return team.ok(who, "POST", "/candidates/resumes", files=files, data=form)


def _audit(team: Team, resource: str) -> list[tuple[str, Any]]:
    with team.database.session() as session:
        return [tuple(row) for row in session.execute(
            select(AuditEvent.action, AuditEvent.detail).where(AuditEvent.resource == resource)
            .order_by(AuditEvent.id))]


# -- resumes -----------------------------------------------------------------------------------

def test_resume_upload_end_to_end(team: Team, tmp_path: Path) -> None:
    opening = _opening(team)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    broken = DATA / "match" / "resumes" / "broken.pdf"
    report = _upload(team, _files(RESUMES / "en_emily_chen.md", RESUMES / "zh_zhang_wei.txt",
                                  RESUMES / "zh_wang_fang.pdf", empty, broken),
                     opening_id=str(opening["id"]), source="referral")
    assert (report["created"], report["merged"], report["failed"]) == (3, 0, 2)
    items = {item["file"]: item for item in report["items"]}
    assert [item["file"] for item in report["items"]] == [
        "en_emily_chen.md", "zh_zhang_wei.txt", "zh_wang_fang.pdf", "empty.txt", "broken.pdf"]
    # an empty or unreadable file: a clear error, nothing stored, no server path shown
    assert items["empty.txt"]["status"] == "error" and items["empty.txt"]["code"] == "E0202"
    assert items["broken.pdf"]["status"] == "error" and items["broken.pdf"]["code"] == "E0206"
    for bad in ("empty.txt", "broken.pdf"):
        assert items[bad]["candidate_id"] is None and str(tmp_path) not in items[bad]["error"]
        assert "uploads" not in items[bad]["error"]
    emily = items["en_emily_chen.md"]
    assert emily["status"] == "created" and emily["ref"].startswith("CAN-")
    assert emily["application_id"] is not None and emily["skills"] >= 5
    got = team.ok("recruiter", "GET", f"/candidates/{emily['candidate_id']}")
    assert got["name"] == "Emily Chen" and got["email"] == "emily.chen@example.com"
    assert got["phone"] == "+14155550142" and got["source"] == "referral"
    assert got["education"] == "master" and got["years_experience"] == 11.0
    assert "Northwind Analytics" in got["resume_text"]
    python = next(s for s in got["skills"] if s["skill"] == "python")
    assert python["level"] == 4 and "expert in Python and PyTorch" in python["evidence"]
    span = python["spans"][0]
    assert got["resume_text"][span["start"]:span["end"]] == span["surface"]
    zhang = team.ok("recruiter", "GET", f"/candidates/{items['zh_zhang_wei.txt']['candidate_id']}")
    assert zhang["name"] == "张伟" and zhang["education"] == "master"
    assert zhang["email"] == "zhang.wei@example.com"
    # the applications were created; a hiring manager of the opening sees the candidates
    apps = team.ok("hm_a", "GET", f"/applications?opening_id={opening['id']}")
    assert apps["total"] == 3 and {a["stage"] for a in apps["items"]} == {"applied"}
    with team.database.session() as session:
        vectors = session.scalars(select(CandidateEmbedding)).all()
        assert len(vectors) == 3 and {v.dim for v in vectors} == {512}
        assert {v.model_version for v in vectors} == {vectors[0].model_version}
        assert len(vectors[0].vector) == 512 * 4
        kinds = set(session.scalars(select(CandidateKey.kind)))
        assert kinds == {"email", "phone", "name_school"}
    with team.database.engine.connect() as connection:  # contact details stay encrypted
        raw = " ".join(str(v) for row in connection.execute(text(
            "SELECT name, email, phone, resume_text FROM candidates")) for v in row)
    assert "Emily" not in raw and "emily.chen" not in raw and "Northwind" not in raw
    created = [d for action, d in _audit(team, "candidate") if action == "create"]
    assert len(created) == 3 and all(d["from"] == "resume" for d in created)
    assert "email" in created[0]["fields"] and "emily" not in str(created)


def test_resume_upload_is_for_recruiters_and_checks_its_inputs(team: Team) -> None:
    files = _files(RESUMES / "en_oliver_grant.txt")
    for who in ("hm_a", "employee"):
        assert team.call(who, "POST", "/candidates/resumes", files=files).status_code == 403
    closed = _opening(team, status="closed")
    refused = team.call("recruiter", "POST", "/candidates/resumes", files=files,
                        data={"opening_id": str(closed["id"])})
    assert refused.status_code == 409 and "closed" in refused.json()["error"]
    missing = team.call("recruiter", "POST", "/candidates/resumes", files=files,
                        data={"opening_id": "999999"})
    assert missing.status_code == 404
    assert team.call("recruiter", "POST", "/candidates/resumes").status_code == 422
    with team.database.session() as session:  # nothing was stored by the refused requests
        assert session.scalars(select(Candidate)).all() == []


def test_the_same_person_is_merged_with_a_record(team: Team, tmp_path: Path) -> None:
    first = _upload(team, _files(RESUMES / "zh_zhang_wei.txt"))["items"][0]
    original = (RESUMES / "zh_zhang_wei.txt").read_text("utf-8")
    # the same e-mail, written differently, with a new skill
    again = tmp_path / "again.txt"
    again.write_text(original.replace("Zhang.Wei@Example.com", "zhang.wei@example.com")
                     + "\n熟悉 Docker。\n", "utf-8")
    # the same phone only; the same name and school only
    phone = tmp_path / "phone.txt"
    phone.write_text(original.replace("Zhang.Wei@Example.com", "zw@other.cn")
                     .replace("+86 138-1234-5678", "138 1234 5678"), "utf-8")
    school = tmp_path / "school.txt"
    school.write_text(original.replace("Zhang.Wei@Example.com", "zw2@other.cn")
                      .replace("+86 138-1234-5678", "139 0000 1111"), "utf-8")
    stranger = tmp_path / "stranger.txt"
    stranger.write_text(original.replace("Zhang.Wei@Example.com", "li@other.cn")
                        .replace("+86 138-1234-5678", "137 2222 3333").replace("张伟", "李强"),
                        "utf-8")
    report = _upload(team, _files(again, phone, school, stranger,
                                  names=("张伟-2.txt", "phone.txt", "school.txt", "other.txt")))
    reasons = [(i["status"], i["merged_reason"], i["candidate_id"]) for i in report["items"]]
    kept = first["candidate_id"]
    assert reasons[:3] == [("merged", "email", kept), ("merged", "phone", kept),
                           ("merged", "name_school", kept)]
    assert reasons[3][0] == "created" and reasons[3][2] != kept
    merged = team.ok("recruiter", "GET", f"/candidates/{kept}")
    assert any(s["skill"] == "docker" for s in merged["skills"]) is False  # the last resume won
    assert merged["email"] == "zhang.wei@example.com"  # contact details only fill gaps
    merges = team.ok("recruiter", "GET", f"/candidates/{kept}/merges")
    assert [(m["merged_ref"], m["reason"], m["by"]) for m in merges] == [
        ("张伟-2.txt", "email", "recruiter"), ("phone.txt", "phone", "recruiter"),
        ("school.txt", "name_school", "recruiter")]
    events = [d for action, d in _audit(team, "candidate") if action == "merge"]
    assert [d["reason"] for d in events] == ["email", "phone", "name_school"]
    assert "resume_text" in events[0]["fields"]
    assert ("read", {"merges": 3}) in _audit(team, "candidate_merge")
    # a hiring manager of no opening of theirs cannot see the candidate or the merges
    assert team.call("hm_a", "GET", f"/candidates/{kept}/merges").status_code == 404


# -- openings from a job description -----------------------------------------------------------

def test_opening_requirements_are_proposed_not_saved(team: Team) -> None:
    jd = (DATA / "match" / "jd_zh.txt").read_text("utf-8")
    proposal = team.ok("recruiter", "POST", "/openings/extract", data={"text": jd})
    assert proposal["title"] == "高级大模型应用工程师" and proposal["min_years"] == 3.0
    assert proposal["education_min"] == "bachelor" and proposal["language"] == "zh"
    skills = {s["skill"]: s for s in proposal["skills"]}
    assert {"rag", "python", "pytorch", "kubernetes"} <= set(skills)
    assert skills["kubernetes"]["weight"] < skills["python"]["weight"]  # 优先: preferred
    assert skills["python"]["name_en"] == "Python" and 0 <= skills["rag"]["level"] <= 4
    from_file = team.ok("recruiter", "POST", "/openings/extract", files={
        "file": ("posting.md", (DATA / "files" / "posting_en.md").read_bytes(), "text/markdown")})
    assert from_file["language"] == "en" and from_file["skills"]
    # nothing saved; confirming is POST /openings with the proposal
    assert team.ok("recruiter", "GET", "/openings")["total"] == 0
    created = team.ok("recruiter", "POST", "/openings", 201, json={
        "title": proposal["title"], "min_years": proposal["min_years"],
        "education_min": proposal["education_min"],
        "skills": [{"skill": s["skill"], "level": s["level"], "weight": s["weight"]}
                   for s in proposal["skills"]]})
    assert created["min_years"] == 3.0 and created["education_min"] == "bachelor"
    # neither text nor file, an empty file, the wrong role
    none = team.call("recruiter", "POST", "/openings/extract", data={"title": "x"})
    assert none.status_code == 422 and "'text' or as a 'file'" in none.json()["error"]
    empty = team.call("recruiter", "POST", "/openings/extract",
                      files={"file": ("jd.txt", b"", "text/plain")})
    assert empty.status_code == 400 and empty.json()["code"] == "E0202"
    assert team.call("hm_a", "POST", "/openings/extract", data={"text": jd}).status_code == 403


# -- ranking -----------------------------------------------------------------------------------

def _skilled(team: Team, name: str, skills: dict[str, int], **extra: Any) -> dict[str, Any]:
    return team.ok("hr", "POST", "/candidates", 201, json={
        "name": name, "skills": [{"skill": s, "level": lv, "evidence": f"{s} at work"}
                                 for s, lv in skills.items()],
        "resume_text": "Built ranking models. " + ", ".join(skills), **extra})


def test_ranking_orders_explains_and_stores_scores(team: Team) -> None:
    opening = _opening(team)
    strong = _skilled(team, "Strong", {"python": 4, "pytorch": 3, "kubernetes": 2},
                      years_experience=6, education="master")
    partial = _skilled(team, "Partial", {"python": 2}, years_experience=2)
    weak = _skilled(team, "Weak", {"sql": 3})
    outsider = _skilled(team, "Outsider", {"python": 4, "pytorch": 4})  # did not apply
    apps = {}
    for person in (weak, partial, strong):
        apps[person["name"]] = team.ok("recruiter", "POST", "/applications", 201, json={
            "candidate_id": person["id"], "opening_id": opening["id"]})
    ranked = team.ok("hm_a", "GET", f"/openings/{opening['id']}/ranking")
    assert ranked["total"] == 3 and ranked["pool"] == "applications"
    names = [item["name"] for item in ranked["items"]]
    assert names == ["Strong", "Partial", "Weak"]
    scores = [item["score"] for item in ranked["items"]]
    assert scores == sorted(scores, reverse=True) and 0 <= scores[-1] < scores[0] <= 100
    best = ranked["items"][0]
    assert [s["skill"] for s in best["matched"]] == ["python", "pytorch", "kubernetes"]
    assert best["matched"][0]["context"] == "python at work"
    assert set(best["parts"]) == {"skills", "similarity", "experience", "education"}
    assert round(sum(p["points"] for p in best["parts"].values()), 1) == round(best["score"], 1)
    second = ranked["items"][1]
    assert [s["skill"] for s in second["partial"]] == ["python"]
    assert [s["skill"] for s in second["missing"]] == ["pytorch", "kubernetes"]
    assert second["explanation"].startswith("Covers 1 of 3 skills asked")
    assert "missing: PyTorch, Kubernetes" in second["explanation"]
    zh = team.ok("recruiter", "GET", f"/openings/{opening['id']}/ranking?lang=zh&top_k=2")
    assert len(zh["items"]) == 2 and zh["items"][1]["explanation"].startswith(
        "覆盖 3 项所需技能中的 1 项")
    assert "缺少" in zh["items"][1]["explanation"]
    # the scores are stored on the applications; the vectors were made once and stored
    stored = {a["id"]: a["score"] for a in team.ok(
        "recruiter", "GET", f"/applications?opening_id={opening['id']}")["items"]}
    assert stored[apps["Strong"]["id"]] == best["score"]
    with team.database.session() as session:
        assert len(session.scalars(select(CandidateEmbedding)).all()) == 3
    # the whole pool, as a recruiter; a hiring manager of another opening sees nothing
    everyone = team.ok("recruiter", "GET", f"/openings/{opening['id']}/ranking?pool=all")
    assert everyone["total"] == 4 and len(everyone["items"]) == 4
    found = next(i for i in everyone["items"] if i["candidate_id"] == outsider["id"])
    assert found["application_id"] is None and found["stage"] is None
    assert team.call("hm_b", "GET", f"/openings/{opening['id']}/ranking").status_code == 404
    assert team.call("employee", "GET", f"/openings/{opening['id']}/ranking").status_code == 403
    bad = team.call("recruiter", "GET", f"/openings/{opening['id']}/ranking?lang=fr")
    assert bad.status_code == 422
    actions = [action for action, _ in _audit(team, "opening")]
    assert actions.count("rank") == 3


def test_weights_per_opening_and_protected_attributes_never_count(team: Team) -> None:
    opening = _opening(team, manager=None)
    twins = [_skilled(team, name, {"python": 3, "pytorch": 2}, years_experience=4,
                      protected=protected)
             for name, protected in (("Twin A", {"gender": "F", "age": 29}),
                                     ("Twin B", {"gender": "M", "age": 51}))]
    for twin in twins:
        team.ok("recruiter", "POST", "/applications", 201, json={
            "candidate_id": twin["id"], "opening_id": opening["id"]})
    # the same resume text, skills, years: the same score whatever the protected attributes
    with team.database.session() as session:
        session.execute(text("UPDATE candidates SET resume_text = :t"), {"t": None})
    ranked = team.ok("recruiter", "GET", f"/openings/{opening['id']}/ranking")
    assert ranked["items"][0]["score"] == ranked["items"][1]["score"]
    assert [i["name"] for i in ranked["items"]] == ["Twin A", "Twin B"]  # ties: lower id
    changed = team.ok("recruiter", "PATCH", f"/openings/{opening['id']}",
                      json={"match_weights": {"skills": 1.0}})
    assert changed["match_weights"] == {"skills": 1.0, "similarity": 0.0, "experience": 0.0,
                                        "education": 0.0}
    only_skills = team.ok("recruiter", "GET", f"/openings/{opening['id']}/ranking")
    assert only_skills["weights"]["skills"] == 1.0
    item = only_skills["items"][0]
    # python 3/3 (weight 2), pytorch 2/3 (1), kubernetes 0/2 (0.5): (2 + 2/3) / 3.5
    assert item["score"] == pytest.approx(100 * (2 + 2 / 3) / 3.5, abs=0.01)
    bad = team.call("recruiter", "PATCH", f"/openings/{opening['id']}",
                    json={"match_weights": {"skills": 0.5}})
    assert bad.status_code == 422 and "must sum to 1" in bad.json()["error"]


# -- pipeline extras ---------------------------------------------------------------------------

def test_bulk_move_and_notes(team: Team) -> None:
    opening = _opening(team)
    people = [team.ok("recruiter", "POST", "/candidates", 201, json={"name": f"P{i}"})
              for i in range(3)]
    apps = [team.ok("recruiter", "POST", "/applications", 201, json={
        "candidate_id": p["id"], "opening_id": opening["id"]}) for p in people]
    ids = [a["id"] for a in apps]
    team.ok("recruiter", "POST", f"/applications/{ids[0]}/move", json={"stage": "screened"})
    moved = team.ok("hm_a", "POST", "/applications/bulk-move",
                    json={"ids": ids, "stage": "screened"})
    assert moved == {"stage": "screened", "moved": ids[1:], "unchanged": ids[:1]}
    history = team.ok("recruiter", "GET", f"/applications/{ids[2]}/history")
    assert [(e["to_stage"], e["by"]) for e in history][-1] == ("screened", "hm_a")
    # all or none: an application the caller may not see moves nothing
    other = _opening(team, "Other", manager="hm_b")
    foreign = team.ok("recruiter", "POST", "/applications", 201, json={
        "candidate_id": people[0]["id"], "opening_id": other["id"]})
    refused = team.call("hm_a", "POST", "/applications/bulk-move",
                        json={"ids": [ids[0], foreign["id"]], "stage": "interview"})
    assert refused.status_code == 404
    assert team.ok("recruiter", "GET", f"/applications?opening_id={opening['id']}&stage="
                   "interview")["total"] == 0
    no_reason = team.call("recruiter", "POST", "/applications/bulk-move",
                          json={"ids": ids, "stage": "rejected"})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["error"]
    # notes are appended with their author and time
    team.ok("recruiter", "POST", f"/applications/{ids[0]}/notes", 201,
            json={"text": "Strong systems design."})
    noted = team.ok("hm_a", "POST", f"/applications/{ids[0]}/notes", 201,
                    json={"text": "Ask about Kubernetes."})
    lines = noted["notes"].splitlines()
    assert lines[0].startswith("[") and lines[0].endswith(" UTC, recruiter]")
    assert lines[1] == "Strong systems design." and lines[3].endswith(" UTC, hm_a]")
    assert lines[4] == "Ask about Kubernetes."
    assert team.call("hm_b", "POST", f"/applications/{ids[0]}/notes",
                     json={"text": "x"}).status_code == 404
    notes = [d for action, d in _audit(team, "application") if d == {"fields": ["notes"]}]
    assert len(notes) == 2


def test_hiring_creates_the_employee_with_evidence(team: Team) -> None:
    opening = _opening(team)
    item = _upload(team, _files(RESUMES / "en_emily_chen.md"),
                   opening_id=str(opening["id"]))["items"][0]
    application = item["application_id"]
    team.ok("hm_a", "POST", f"/applications/{application}/move", json={"stage": "offer"})
    team.ok("hm_a", "POST", f"/applications/{application}/move", json={"stage": "hired"})
    with team.database.session() as session:
        employee = session.scalars(select(Employee)).one()
        assert employee.candidate_id == item["candidate_id"]
        assert (employee.name, employee.email) == ("Emily Chen", "emily.chen@example.com")
        assert (employee.role_family, employee.level) == ("ml-engineer", "L3")
        assert employee.hired_on == datetime.now(UTC).date()
        assert employee.ref.startswith("EMP-")
        evidence = session.scalars(select(SkillEvidence).where(
            SkillEvidence.employee_id == employee.id)).all()
        assert len(evidence) == item["skills"] and {e.source for e in evidence} == {"resume"}
        python = next(e for e in evidence if e.skill_slug == "python")
        assert python.level == 4 and "expert in Python and PyTorch" in python.detail
        levels = dict(session.execute(select(EmployeeSkill.skill_slug, EmployeeSkill.level)
                                      .where(EmployeeSkill.employee_id == employee.id)).all())
        assert levels["python"] == 2  # a resume claim alone is capped at 2
        employee_id = employee.id
    # idempotent: hired again after a step back, nothing is doubled
    team.ok("recruiter", "POST", f"/applications/{application}/move", json={"stage": "offer"})
    team.ok("recruiter", "POST", f"/applications/{application}/move", json={"stage": "hired"})
    with team.database.session() as session:
        assert session.scalars(select(Employee.id)).all() == [employee_id]
        assert len(session.scalars(select(SkillEvidence)).all()) == item["skills"]
    events = [(a, d) for a, d in _audit(team, "employee")]
    assert [a for a, _ in events] == ["create", "update"]
    assert events[0][1]["evidence_added"] == item["skills"] and events[1][1][
        "evidence_added"] == 0


# -- funnel ------------------------------------------------------------------------------------

def test_funnel_on_a_handmade_pipeline(team: Team) -> None:
    opening = _opening(team)
    paths = {"a": ["screened", "interview", "offer", "hired"], "b": ["screened", "rejected"],
             "c": ["screened", "interview"], "d": []}
    sources = {"a": "referral", "b": "referral", "c": "linkedin", "d": None}
    days = {"a": [1, 3, 6, 7], "b": [2, 5], "c": [3, 4], "d": []}
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    app_ids = {}
    for key, stages in paths.items():
        body: dict[str, Any] = {"name": key.upper()}
        if sources[key]:
            body["source"] = sources[key]
        person = team.ok("recruiter", "POST", "/candidates", 201, json=body)
        app = team.ok("recruiter", "POST", "/applications", 201, json={
            "candidate_id": person["id"], "opening_id": opening["id"]})
        app_ids[key] = app["id"]
        for stage in stages:
            team.ok("recruiter", "POST", f"/applications/{app['id']}/move",
                    json={"stage": stage, "reason": "no" if stage == "rejected" else None})
    with team.database.session() as session:  # the moves happened over days
        for key, app_id in app_ids.items():
            events = session.scalars(select(StageEvent).where(
                StageEvent.application_id == app_id).order_by(StageEvent.id)).all()
            for event, offset in zip(events, [0, *days[key]], strict=True):
                event.at = start + timedelta(days=offset)
    report = team.ok("hm_a", "GET", "/funnel")
    stages = {s["stage"]: s for s in report["overall"]["stages"]}
    assert report["overall"]["applications"] == 4
    assert [(s["stage"], s["reached"], s["current"]) for s in report["overall"]["stages"]] == [
        ("applied", 4, 1), ("screened", 3, 0), ("interview", 2, 1), ("offer", 1, 0),
        ("hired", 1, 1)]
    assert [s["conversion"] for s in report["overall"]["stages"]] == [0.75, 0.6667, 0.5, 1.0,
                                                                      None]
    assert [s["median_days"] for s in report["overall"]["stages"]] == [2.0, 2.0, 3.0, 1.0, None]
    assert stages["screened"]["rejected"] == 1
    assert [f["key"] for f in report["by_source"]] == ["linkedin", "referral", "unknown"]
    referral = next(f for f in report["by_source"] if f["key"] == "referral")
    assert [s["reached"] for s in referral["stages"]] == [2, 2, 1, 1, 1]
    assert [(f["key"], f["label"], f["applications"]) for f in report["by_opening"]] == [
        (opening["ref"], opening["title"], 4)]
    only = team.ok("recruiter", "GET", "/funnel?source=unknown")
    assert only["overall"]["applications"] == 1
    assert team.ok("hm_b", "GET", "/funnel")["overall"]["applications"] == 0
    assert team.call("hm_b", "GET", f"/funnel?opening_id={opening['id']}").status_code == 404
    assert team.call("employee", "GET", "/funnel").status_code == 403


# -- structured interviews ---------------------------------------------------------------------

def _interviewed(team: Team) -> tuple[dict[str, Any], list[int]]:
    """An opening with two applications; the plan's rounds made for each."""
    opening = _opening(team)
    apps = []
    for name in ("Ann", "Ben"):
        person = team.ok("recruiter", "POST", "/candidates", 201, json={"name": name})
        apps.append(team.ok("recruiter", "POST", "/applications", 201, json={
            "candidate_id": person["id"], "opening_id": opening["id"]})["id"])
    return opening, apps


def test_interview_plan_rounds_and_summary(team: Team) -> None:
    opening, apps = _interviewed(team)
    suggested = team.ok("hm_a", "GET", f"/openings/{opening['id']}/interview-plan")
    assert suggested["is_suggested"] is True
    assert suggested["rounds"] == [{"round": "technical 1",
                                    "focus_skills": ["python", "pytorch", "kubernetes"]}]
    none_yet = team.call("recruiter", "POST", f"/applications/{apps[0]}/interviews/from-plan")
    assert none_yet.status_code == 409
    wrong = team.call("recruiter", "POST", f"/openings/{opening['id']}/interview-plan",
                      json={"rounds": [{"round": "coding", "focus_skills": ["sql"]}]})
    assert wrong.status_code == 422 and "opening's skills" in wrong.json()["error"]
    plan = team.ok("recruiter", "POST", f"/openings/{opening['id']}/interview-plan", json={
        "rounds": [{"round": "coding", "focus_skills": ["python"]},
                   {"round": "ml depth", "focus_skills": ["pytorch", "kubernetes"]}]})
    assert plan["is_suggested"] is False and [r["round"] for r in plan["rounds"]] == [
        "coding", "ml depth"]
    assert team.call("hm_a", "POST", f"/openings/{opening['id']}/interview-plan",
                     json={"rounds": [{"round": "x", "focus_skills": ["python"]}]}
                     ).status_code == 403
    rounds = team.ok("recruiter", "POST", f"/applications/{apps[0]}/interviews/from-plan", 201)
    assert [(r["round"], r["focus_skills"]) for r in rounds] == [
        ("coding", ["python"]), ("ml depth", ["pytorch", "kubernetes"])]
    assert team.ok("recruiter", "POST", f"/applications/{apps[0]}/interviews/from-plan",
                   201) == []  # made already
    coding, depth = rounds[0]["id"], rounds[1]["id"]
    for who, python, recommendation in (("recruiter", 4, "strong_yes"), ("hm_a", 2, "no")):
        team.ok(who, "POST", f"/interviews/{coding}/scorecards", 201, json={
            "ratings": {"python": python}, "recommendation": recommendation})
    team.ok("recruiter2", "POST", f"/interviews/{depth}/scorecards", 201, json={
        "ratings": {"pytorch": 3, "kubernetes": 1}, "recommendation": "yes"})
    full = team.ok("hr", "GET", f"/applications/{apps[0]}/interview-summary")
    assert (full["rounds"], full["hidden_rounds"], full["scorecards"]) == (2, 0, 3)
    assert full["skills"] == [
        {"skill": "kubernetes", "mean": 1.0, "ratings": 1, "low": 1, "high": 1},
        {"skill": "python", "mean": 3.0, "ratings": 2, "low": 2, "high": 4},
        {"skill": "pytorch", "mean": 3.0, "ratings": 1, "low": 3, "high": 3}]
    assert full["recommendations"] == {"strong_no": 0, "no": 1, "yes": 1, "strong_yes": 1}
    # blind: an interviewer sees only the rounds where they have submitted theirs
    mine = team.ok("hm_a", "GET", f"/applications/{apps[0]}/interview-summary")
    assert (mine["scorecards"], mine["hidden_rounds"]) == (2, 1)
    assert [s["skill"] for s in mine["skills"]] == ["python"]
    assert team.call("hm_b", "GET",
                     f"/applications/{apps[0]}/interview-summary").status_code == 404


def test_agreement_and_leniency_for_hr(team: Team) -> None:
    opening, apps = _interviewed(team)
    first = team.ok("recruiter", "POST", f"/applications/{apps[0]}/interviews", 201,
                    json={"round": "tech", "focus_skills": ["python", "pytorch"]})["id"]
    second = team.ok("recruiter", "POST", f"/applications/{apps[1]}/interviews", 201,
                     json={"round": "tech", "focus_skills": ["python"]})["id"]
    # units (Ann, python) = (1, 1), (Ann, pytorch) = (2, 2), (Ben, python) = (1, 2)
    for who, ratings in (("recruiter", {"python": 1, "pytorch": 2}),
                         ("recruiter2", {"python": 1, "pytorch": 2})):
        team.ok(who, "POST", f"/interviews/{first}/scorecards", 201,
                json={"ratings": ratings, "recommendation": "yes"})
    team.ok("recruiter", "POST", f"/interviews/{second}/scorecards", 201,
            json={"ratings": {"python": 1}, "recommendation": "no"})
    team.ok("recruiter2", "POST", f"/interviews/{second}/scorecards", 201,
            json={"ratings": {"python": 2}, "recommendation": "yes"})
    found = team.ok("hr", "GET", f"/openings/{opening['id']}/interview-stats")
    assert found["alpha"] == pytest.approx(4 / 9, abs=1e-6)
    assert (found["units"], found["pairable_values"], found["scorecards"]) == (3, 6, 4)
    assert found["alpha_by_skill"]["pytorch"] is None  # no variation: undefined
    lenient, harsh = found["leniency"]
    assert (lenient["interviewer"], harsh["interviewer"]) == ("recruiter2", "recruiter")
    assert lenient["offset"] == pytest.approx(0.5 / 3, abs=1e-4) and harsh["offset"] < 0
    assert (lenient["ratings"], lenient["panels"]) == (3, 2)
    for who in ("recruiter", "hm_a", "employee"):
        assert team.call(who, "GET",
                         f"/openings/{opening['id']}/interview-stats").status_code == 403
    assert ("read", {"scorecards": 4, "interviewers": 2}) in _audit(team, "interview_stats")
