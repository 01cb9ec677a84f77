"""Editing profiles in the web app (SQLite and PostgreSQL): an employee adds a self-assessment
and may not add a manager's; their manager adds a manager assessment and the level moves by the
rule; hr imports employees' resumes in bulk through the development page and the API."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from talentgraph.domain import SYSTEM
from talentgraph.extract import parse_resume
from talentgraph.services import _people as people
from talentgraph.services._profiles import add_evidence
from talentgraph.store import AuditEvent, Database, SkillEvidence
from tests.api._client import auth, ensure_user, make_client, token_for
from tests.web._html import Element, parse_html
from tests.web._web import form_token, sign_in

RESUMES = Path(__file__).resolve().parents[1] / "data" / "resumes"


@dataclass
class Office:
    """mei manages dana (mei's login is the hiring manager "boss"); far is on no team.
    Users: hr1, rec1, boss, dana, far."""

    database: Database
    tmp_path: Path
    ids: dict[str, int]

    def client(self, who: str, *, lang: str = "en") -> TestClient:
        client = make_client(self.database, self.tmp_path)
        client.headers["Accept-Language"] = lang
        assert sign_in(client, who).status_code == 303
        return client

    def evidence(self, employee_id: int) -> list[tuple[str, str, int, str]]:
        with self.database.session() as session:
            return [(e.skill_slug, e.source, e.level, e.detail) for e in session.scalars(
                select(SkillEvidence).where(SkillEvidence.employee_id == employee_id)
                .order_by(SkillEvidence.id))]


@pytest.fixture
def office(database: Database, tmp_path: Path) -> Office:
    with database.session() as session:
        def add(ref: str, name: str, **fields: Any) -> int:
            return people.create_employee(session, actor=SYSTEM, fields={
                "ref": ref, "name": name, "role_family": "data-analyst", "level": "L2",
                **fields}).id

        mei = add("E100", "梅")
        dana = add("E101", "Dana", manager_id=mei)
        far = add("E104", "Far")
        add_evidence(session, employee_id=dana, actor=SYSTEM, skill="sql", source="self",
                     level=1, detail="daily reports")
    ids = {"mei": mei, "dana": dana, "far": far}
    ensure_user(database, "hr1", "hr")
    ensure_user(database, "rec1", "recruiter")
    ensure_user(database, "boss", "hiring_manager", employee_id=mei)
    for name in ("dana", "far"):
        ensure_user(database, name, "employee", employee_id=ids[name])
    return Office(database, tmp_path, ids)


def _page(response: Response, status: int = 200) -> Element:
    assert response.status_code == status, response.text[:2000]
    return parse_html(response.text)


def _levels(page: Element) -> dict[str, int]:
    return {li.attrs["data-slug"]: int(li.attrs["data-level"])
            for li in page.find_all("li", class_="skill-item")}


def _sources(page: Element) -> list[str]:
    form = page.find("form", class_="add-evidence")
    return [option.attrs["value"] for option in form.find("select", id="evidence-source")
            .find_all("option")]


def _flash(page: Element) -> str:
    return page.find("div", class_="flash-error").all_text()


def test_an_employee_adds_a_self_assessment_but_not_a_manager_one(office: Office) -> None:
    dana, ids = office.client("dana"), office.ids
    page = _page(dana.get("/development"))
    assert _sources(page) == ["self"]
    form = page.find("form", class_="add-evidence")
    assert form.attrs["action"] == f"/development/{ids['dana']}/evidence"
    saved = dana.post(form.attrs["action"], data={
        "csrf_token": form_token(dana.get("/development").text), "skill": "机器学习",
        "source": "self", "level": "4", "note": "Kaggle medals"}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/development#skills"
    after = _page(dana.get("/development"))
    # a self-assessment alone is a claim: level 4 claimed, 2 shown; its why says so
    assert _levels(after) == {"sql": 1, "machine-learning": 2}
    why = _page(dana.get(f"/development/{ids['dana']}/skills/machine-learning/why"))
    assert "self-assessment" in why.all_text() and "Kaggle medals" in why.all_text()

    refused = _page(dana.post(form.attrs["action"], data={
        "csrf_token": form_token(dana.get("/development").text), "skill": "sql",
        "source": "manager", "level": "4"}), 403)
    assert _flash(refused) == ("You may add only a self-assessment (source 'self') to your "
                               "own profile.")
    # the form keeps what was typed, and nothing was stored
    assert refused.find("input", id="evidence-skill").attrs["value"] == "sql"
    assert [e[:3] for e in office.evidence(ids["dana"])] == [
        ("sql", "self", 1), ("machine-learning", "self", 4)]
    # the source field only takes the sources the form offers
    assert dana.post(form.attrs["action"], data={
        "csrf_token": form_token(dana.get("/development").text), "skill": "sql",
        "source": "check", "level": "4"}).status_code == 422
    # a colleague's profile is as if it did not exist
    assert dana.post(f"/development/{ids['far']}/evidence", data={
        "csrf_token": form_token(dana.get("/development").text), "skill": "sql",
        "source": "self", "level": "2"}).status_code == 404


def test_an_unknown_skill_is_explained_in_the_page_language(office: Office) -> None:
    dana = office.client("dana", lang="zh")
    page = _page(dana.post(f"/development/{office.ids['dana']}/evidence", data={
        "csrf_token": form_token(dana.get("/development").text), "skill": "pytorchh",
        "source": "self", "level": "2"}), 422)
    assert "The 'skill' field must be a skill of the framework" in _flash(page)
    form = page.find("form", class_="add-evidence")
    assert form.find("h3").all_text() == "添加技能证据"
    assert form.find("input", id="evidence-skill").attrs["value"] == "pytorchh"
    assert office.evidence(office.ids["dana"]) == [("sql", "self", 1, "daily reports")]


def test_a_manager_adds_a_manager_assessment_and_the_level_follows_the_rule(
        office: Office) -> None:
    boss, dana = office.client("boss"), office.ids["dana"]
    profile = f"/development/{dana}"
    page = _page(boss.get(profile))
    assert _levels(page) == {"sql": 1}
    assert _sources(page) == ["manager"]
    saved = boss.post(f"{profile}/evidence", data={
        "csrf_token": form_token(boss.get(profile).text),
        "skill": "SQL", "source": "manager", "level": "3", "note": "owns the reporting"},
        follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"{profile}#skills"
    # self 1 (weight 0.2) and manager 3 (0.8): (0.2 + 2.4) / 1.0 = 2.6 -> 3
    assert _levels(_page(boss.get(profile))) == {"sql": 3}
    why = _page(boss.get(f"{profile}/skills/sql/why")).all_text()
    assert "Level 3" in why and "manager assessment 3" in why
    # a manager may not put words in the person's mouth
    refused = _page(boss.post(f"{profile}/evidence", data={
        "csrf_token": form_token(boss.get(profile).text), "skill": "python",
        "source": "self", "level": "4"}), 403)
    assert _flash(refused).startswith("A manager may add only a manager assessment")
    # nor assess someone outside their team
    assert boss.post(f"/development/{office.ids['far']}/evidence", data={
        "csrf_token": form_token(boss.get(profile).text), "skill": "sql",
        "source": "manager", "level": "2"}).status_code == 404
    assert [e[:3] for e in office.evidence(dana)] == [("sql", "self", 1), ("sql", "manager", 3)]
    with office.database.session() as session:
        created = list(session.scalars(select(AuditEvent).where(
            AuditEvent.resource == "skill_evidence", AuditEvent.action == "create")))
    assert [(e.actor, e.detail) for e in created] == [
        ("system", {"employee_id": dana, "skill": "sql", "source": "self"}),
        ("boss", {"employee_id": dana, "skill": "sql", "source": "manager"})]


def test_hr_adds_course_evidence_and_recruiters_are_refused(office: Office) -> None:
    hr, dana = office.client("hr1", lang="zh"), office.ids["dana"]
    page = _page(hr.get(f"/development/{dana}"))
    assert _sources(page) == ["self", "manager", "course"]
    assert [o.all_text() for o in page.find("select", id="evidence-source").find_all(
        "option")] == ["自评", "上级评估", "课程"]
    assert hr.post(f"/development/{dana}/evidence", data={
        "csrf_token": form_token(hr.get(f"/development/{dana}").text),
        "skill": "sql", "source": "course", "level": "3"},
        follow_redirects=False).status_code == 303
    assert ("sql", "course", 3, "") in office.evidence(dana)
    recruiter = office.client("rec1")
    assert recruiter.post(f"/development/{dana}/evidence", data={
        "csrf_token": form_token(recruiter.get("/").text), "skill": "sql", "source": "course",
        "level": "3"}).status_code == 403
    # nobody else sees the form on a profile they only read
    assert _page(office.client("dana").get("/development")).find_all(
        "form", class_="import-resumes") == []


def _upload(tmp_path: Path, name: str, source: Path) -> tuple[str, bytes, str]:
    target = tmp_path / "resumes" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    return name, target.read_bytes(), "text/plain"


def test_hr_imports_resumes_through_the_development_page(office: Office) -> None:
    hr = office.client("hr1")
    index = _page(hr.get("/development"))
    form = index.find("form", class_="import-resumes")
    assert form.attrs["action"] == "/development/resumes"
    assert form.attrs["enctype"] == "multipart/form-data"
    files = [("files", _upload(office.tmp_path, "E101.txt", RESUMES / "zh_zhang_wei.txt")),
             ("files", _upload(office.tmp_path, "E404.md", RESUMES / "en_emily_chen.md"))]
    token = form_token(hr.get("/development").text)
    page = _page(hr.post("/development/resumes", data={"csrf_token": token}, files=files))
    rows = page.find("table", class_="resume-report").find("tbody").find_all("tr")
    assert [(r.attrs["data-file"], r.attrs["data-status"]) for r in rows] == [
        ("E101.txt", "imported"), ("E404.md", "unknown_employee")]
    skills = parse_resume(RESUMES / "zh_zhang_wei.txt").skills
    summary = page.find("p", class_="resume-summary").all_text()
    assert summary == (f"1 imported, 0 with nothing new, 1 with no matching employee, 0 not "
                       f"read; {len(skills)} pieces of evidence added.")
    assert rows[0].find("a").attrs["href"] == f"/development/{office.ids['dana']}"
    assert "No employee has the ref 'E404'" in rows[1].all_text()
    assert "Python" in rows[0].all_text()  # skills by name
    resume = [e for e in office.evidence(office.ids["dana"]) if e[1] == "resume"]
    assert [(slug, level) for slug, _, level, _ in resume] == [(s.slug, s.level) for s in skills]
    # again: nothing new, in Chinese
    hr.headers["Accept-Language"] = "zh"
    again = _page(hr.post("/development/resumes", files=files[:1],
                          data={"csrf_token": form_token(hr.get("/development").text)}))
    assert again.find("tr", **{"data-file": "E101.txt"}).attrs["data-status"] == "unchanged"
    assert "无新增内容" in again.find("table", class_="resume-report").all_text()
    # employees and managers may not import (the permission table)
    boss = office.client("boss")
    assert boss.post("/development/resumes", files=files[:1],
                     data={"csrf_token": form_token(boss.get("/development").text)}
                     ).status_code == 403


def test_the_api_imports_resumes_for_hr_only(office: Office) -> None:
    client = make_client(office.database, office.tmp_path)
    hr = auth(token_for(office.database, "hr1", "hr"))
    files = [("files", _upload(office.tmp_path, "E101.txt", RESUMES / "en_oliver_grant.txt")),
             ("files", ("E101.pdf", b"", "application/pdf"))]
    response = client.post("/api/v1/employees/resumes", headers=hr, files=files)
    assert response.status_code == 200, response.text
    body = response.json()
    skills = parse_resume(RESUMES / "en_oliver_grant.txt").skills
    assert {k: body[k] for k in ("imported", "unchanged", "unknown_employee", "failed",
                                 "evidence_added")} == {
        "imported": 1, "unchanged": 0, "unknown_employee": 0, "failed": 1,
        "evidence_added": len(skills)}
    first, second = body["items"]
    assert first["employee_id"] == office.ids["dana"] and first["ref"] == "E101"
    assert first["skills_added"] == [s.slug for s in skills]
    assert second["status"] == "error" and second["code"].startswith("E02")
    assert second["skills_added"] == [] and "E101.pdf" in second["error"]
    employee = auth(token_for(office.database, "dana", "employee",
                              employee_id=office.ids["dana"]))
    refused = client.post("/api/v1/employees/resumes", headers=employee, files=files[:1])
    assert refused.status_code == 403 and refused.json()["code"] == "E0603"
