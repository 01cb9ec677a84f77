"""The recruiting pages through the real app (SQLite and PostgreSQL): a recruiter turns a job
description into an opening, uploads resumes and sees the candidates ranked with reasons and
evidence; hiring managers see only their own openings (404 for another's); the kanban moves a
card and the stage history records it; the bulk move, notes and weights forms; scorecards stay
hidden until one submits one's own; the funnel's numbers; contact details and protected
attributes only for the roles allowed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from talentgraph.domain import SYSTEM
from talentgraph.services._pipeline import create_application, move_application
from talentgraph.services._recruiting import create_candidate, create_opening
from talentgraph.store import (
    Application,
    AuditEvent,
    Database,
    Interview,
    Opening,
    Scorecard,
    StageEvent,
)
from talentgraph.web._i18n import translator
from talentgraph.web._views_recruiting_opening import weights_of_form
from talentgraph.web._views_recruiting_render import (
    RECRUITING_LABELS,
    evidence_marks,
    next_stage,
)
from tests.api._client import ensure_user, make_client
from tests.web._html import Element, parse_html
from tests.web._web import form_token, sign_in

DATA = Path(__file__).resolve().parents[1] / "data"
RESUMES = DATA / "resumes"
USERS = {"rec": "recruiter", "rec2": "recruiter", "hr1": "hr", "hm_a": "hiring_manager",
         "hm_b": "hiring_manager", "emp": "employee"}


@dataclass
class Crew:
    """One user per role (two recruiters, two hiring managers) on a fresh workspace."""

    database: Database
    tmp_path: Path
    ids: dict[str, int]

    def client(self, who: str, *, lang: str = "en") -> TestClient:
        client = make_client(self.database, self.tmp_path)
        client.headers["Accept-Language"] = lang
        assert sign_in(client, who).status_code == 303
        return client

    def opening(self, title: str = "Machine learning engineer", *, manager: str | None = "hm_a",
                **fields: Any) -> int:
        body: dict[str, Any] = {
            "title": title, "role_family": "ml-engineer", "level": "L3",
            "description": "Train and ship ranking models with Python and PyTorch.",
            "skills": [{"skill": "python", "level": 3, "weight": 2},
                       {"skill": "pytorch", "level": 3, "weight": 1},
                       {"skill": "kubernetes", "level": 2, "weight": 0.5}], **fields}
        if manager:
            body["hiring_manager_id"] = self.ids[manager]
        with self.database.session() as session:
            return create_opening(session, actor=SYSTEM, fields=body).id

    def applicant(self, opening_id: int, name: str, skills: dict[str, int] | None = None,
                  **fields: Any) -> tuple[int, int]:
        """A candidate (made by hand) applying to the opening: (candidate id, application id)."""
        with self.database.session() as session:
            candidate = create_candidate(session, actor=SYSTEM, fields={
                "name": name, "skills": [{"skill": s, "level": lv, "evidence": f"{s} at work"}
                                         for s, lv in (skills or {}).items()], **fields})
            application = create_application(session, actor=SYSTEM, candidate_id=candidate.id,
                                             opening_id=opening_id)
            return candidate.id, application.id

    def audit(self, **where: Any) -> list[AuditEvent]:
        with self.database.session() as session:
            query = select(AuditEvent).order_by(AuditEvent.id)
            for name, value in where.items():
                query = query.where(getattr(AuditEvent, name) == value)
            return list(session.scalars(query))


@pytest.fixture
def crew(database: Database, tmp_path: Path) -> Crew:
    return Crew(database, tmp_path, {name: ensure_user(database, name, role)
                                     for name, role in USERS.items()})


def _page(response: Response, status: int = 200) -> Element:
    assert response.status_code == status, response.text[:3000]
    return parse_html(response.text)


def _flash(page: Element) -> str:
    return page.find("div", id="flash").all_text()


def form_values(form: Element) -> list[tuple[str, str]]:
    """What a browser would post for ``form`` as it stands (checked boxes, chosen options)."""
    values = []
    for field in form.find_all("input"):
        name, kind = field.attrs.get("name"), field.attrs.get("type", "text")
        if not name or kind in ("submit", "file", "button"):
            continue
        if kind in ("checkbox", "radio") and "checked" not in field.attrs:
            continue
        values.append((name, field.attrs.get("value", "")))
    for field in form.find_all("select"):
        options = field.find_all("option")
        chosen = [o for o in options if "selected" in o.attrs] or options[:1]
        values.append((field.attrs["name"], chosen[0].attrs.get("value", "")))
    for field in form.find_all("textarea"):
        values.append((field.attrs["name"], field.text))
    return values


def as_data(values: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form pairs as httpx form data (a name may repeat)."""
    data: dict[str, list[str]] = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    return data


def _files(*paths: Path) -> list[tuple[str, Any]]:
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


def _ranked(page: Element) -> list[Element]:
    return page.find("ol", class_="ranking").find_all("li", class_="ranked")


# -- a new opening from a job description, resumes, the ranking with reasons ---------------------

def test_recruiter_creates_an_opening_from_a_jd_uploads_resumes_and_sees_the_ranking(
        crew: Crew, tmp_path: Path) -> None:
    client = crew.client("rec")
    home = client.get("/recruiting")
    token = form_token(home.text)
    assert parse_html(home.text).find("form", class_="propose-form")
    jd = (DATA / "match" / "jd_zh.txt").read_text("utf-8")
    proposed = _page(client.post("/recruiting/openings/propose",
                                 data={"csrf_token": token, "text": jd, "title": ""}))
    form = proposed.find("form", class_="opening-form")
    assert form.find("input", name="title").attrs["value"] == "高级大模型应用工程师"
    assert form.find("input", name="min_years").attrs["value"] == "3"
    degree = form.find("select", name="education_min")
    assert [o.attrs["value"] for o in degree.find_all("option") if "selected" in o.attrs] == [
        "bachelor"]
    rows = {row.attrs["data-skill"]: row for row in form.find_all("tr", class_="requirement")}
    assert {"rag", "python", "pytorch", "kubernetes"} <= set(rows)
    with crew.database.session() as session:  # nothing saved yet
        assert session.scalars(select(Opening)).all() == []

    # edit: drop Kubernetes, add Docker by its name, pick the hiring manager; then confirm
    values = [(k, v) for k, v in form_values(form) if k != "hiring_manager_id"]
    kubernetes = rows["kubernetes"].find("input", type="hidden").attrs["name"].split("_")[1]
    values = [(k, v) for k, v in values if k != f"keep_{kubernetes}"]
    blank = next(f.attrs["name"] for f in form.find_all("input")
                 if f.attrs.get("name", "").startswith("skill_") and not f.attrs.get("value"))
    values = [(k, "Docker" if k == blank else v) for k, v in values]
    values.append(("hiring_manager_id", str(crew.ids["hm_a"])))
    created = client.post("/recruiting/openings", data=as_data(values),
                          follow_redirects=False)
    assert created.status_code == 303, created.text[:2000]
    opening_id = int(created.headers["location"].rsplit("/", 1)[1])
    with crew.database.session() as session:
        opening = session.get_one(Opening, opening_id)
        skills = {item["skill"] for item in opening.skills}
        assert "kubernetes" not in skills and {"docker", "rag", "python"} <= skills
        assert (opening.min_years, opening.education_min) == (3.0, "bachelor")
        assert opening.hiring_manager_id == crew.ids["hm_a"]
        assert opening.title == "高级大模型应用工程师" and "RAG" in opening.description

    # upload resumes for it: one report per file, the empty one fails with a clear error
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    response = client.post(
        f"/recruiting/openings/{opening_id}/resumes",
        data={"csrf_token": token, "source": "referral"},
        files=_files(RESUMES / "en_emily_chen.md", RESUMES / "zh_zhang_wei.txt",
                     RESUMES / "en_oliver_grant.txt", empty))
    uploaded = _page(response)
    report = {row.attrs["data-file"]: row for row in
              uploaded.find("table", class_="import-report").find("tbody").find_all("tr")}
    assert [r.attrs["class"] for r in report.values()] == [
        "import-created", "import-created", "import-created", "import-error"]
    assert "E0202" in report["empty.txt"].all_text()
    assert str(tmp_path) not in uploaded.find("table", class_="import-report").all_text()

    # the ranking: every candidate with a score, four parts and an explanation
    ranked = _ranked(uploaded)
    assert len(ranked) == 3
    scores = [float(item.find("span", class_="score").find("strong").all_text())
              for item in ranked]
    assert scores == sorted(scores, reverse=True) and 0 < scores[0] <= 100
    names = [item.find("a", class_="candidate-name").all_text() for item in ranked]
    assert set(names) == {"Emily Chen", "张伟", "Oliver Grant"}
    for item in ranked:
        assert [p.attrs["data-part"] for p in item.find_all("li", class_="part")] == [
            "skills", "similarity", "experience", "education"]
        assert item.find("p", class_="explanation").all_text().startswith("Covers ")
    # each matched skill shows the resume line, with the words that show it marked
    emily = next(item for item in ranked if "Emily Chen" in item.all_text())
    python = emily.find("details", class_="evidence", **{"data-skill": "python"})
    assert python.find("mark").all_text() == "Python"
    assert "expert in <mark>Python</mark> and PyTorch" in response.text
    assert "Python" in python.find("summary").attrs["title"]
    # in Chinese, the explanation is in Chinese
    zh = _page(crew.client("rec", lang="zh").get(f"/recruiting/openings/{opening_id}"))
    assert all(item.find("p", class_="explanation").all_text().startswith("覆盖")
               for item in _ranked(zh))
    # the home page lists the opening with its applications per stage
    home_rows = parse_html(client.get("/recruiting").text).find("table", class_="openings")
    row = home_rows.find("tr", **{"data-id": str(opening_id)})
    assert row.find("td", **{"data-stage": "applied"}).all_text() == "3"


def test_the_new_opening_forms_show_their_errors_again(crew: Crew) -> None:
    client = crew.client("rec")
    token = form_token(client.get("/recruiting").text)
    nothing = _page(client.post("/recruiting/openings/propose", data={"csrf_token": token}),
                    422)
    assert "'text' or as a 'file'" in _flash(nothing)
    empty = _page(client.post("/recruiting/openings/propose", data={"csrf_token": token},
                              files={"file": ("jd.txt", b"", "text/plain")}), 400)
    assert "empty" in _flash(empty).lower()
    unknown = _page(client.post("/recruiting/openings", data={
        "csrf_token": token, "title": "Backend engineer", "description": "Go services.",
        "skill_0": "no-such-skill-at-all", "keep_0": "1", "level_0": "2", "weight_0": "1"}),
        422)
    assert "no-such-skill-at-all" in _flash(unknown)
    # the form is shown again with what was typed
    assert unknown.find("input", name="title").attrs["value"] == "Backend engineer"
    with crew.database.session() as session:
        assert session.scalars(select(Opening)).all() == []
    # a hiring manager may not create openings and gets no form
    manager = crew.client("hm_a")
    assert not parse_html(manager.get("/recruiting").text).find_all("form",
                                                                    class_="propose-form")
    refused = manager.post("/recruiting/openings/propose", data={
        "csrf_token": form_token(manager.get("/recruiting").text), "text": "Go engineer"})
    assert refused.status_code == 403
    assert parse_html(refused.text).find("p", class_="error-code").all_text().endswith("E0603")


# -- who sees what ---------------------------------------------------------------------------

def test_a_hiring_manager_sees_only_their_own_openings(crew: Crew) -> None:
    mine = crew.opening("LLM engineer", manager="hm_a")
    other = crew.opening("Data analyst", manager="hm_b")
    candidate, _application = crew.applicant(mine, "Ann Li", {"python": 3})
    stranger, foreign = crew.applicant(other, "Bo Wu", {"sql": 3})
    client = crew.client("hm_a")
    home = _page(client.get("/recruiting"))
    rows = home.find("table", class_="openings").find("tbody").find_all("tr")
    assert [row.attrs["data-id"] for row in rows] == [str(mine)]
    assert [r.find("a").all_text() for r in home.find("table", class_="candidates")
            .find("tbody").find_all("tr")] == ["Ann Li"]
    # their opening: the ranking, but no upload, weights or new-opening forms
    page = _page(client.get(f"/recruiting/openings/{mine}"))
    assert [i.find("a", class_="candidate-name").all_text() for i in _ranked(page)] == ["Ann Li"]
    assert not page.find_all("form", class_="upload-form")
    assert not page.find_all("form", class_="weights-form")
    assert page.find_all("form", class_="bulk-form")  # managers move their candidates
    links = [a.attrs["data-page"] for a in page.find("nav", class_="subnav").find_all("a")]
    assert links == ["ranking", "kanban", "plan", "funnel"]  # interview stats: hr only
    # another manager's opening, its board, plan, candidates and applications are missing
    for path in (f"/recruiting/openings/{other}", f"/recruiting/openings/{other}/kanban",
                 f"/recruiting/openings/{other}/interview-plan",
                 f"/recruiting/candidates/{stranger}", f"/recruiting/funnel?opening_id={other}"):
        missing = _page(client.get(path), 404)
        assert "Bo Wu" not in missing.all_text() and "Data analyst" not in missing.all_text()
    token = form_token(client.get("/recruiting").text)
    moved = client.post(f"/recruiting/applications/{foreign}/move",
                        data={"csrf_token": token, "stage": "screened"})
    assert moved.status_code == 404
    assert client.post(f"/recruiting/openings/{mine}/weights",
                       data={"csrf_token": token, "skills": "100"}).status_code == 403
    assert client.get(f"/recruiting/openings/{mine}/interview-stats").status_code == 403
    with crew.database.session() as session:
        assert session.get_one(Application, foreign).stage == "applied"
    # employees have no recruiting pages at all
    employee = crew.client("emp")
    for path in ("/recruiting", f"/recruiting/openings/{mine}", "/recruiting/funnel",
                 f"/recruiting/candidates/{candidate}"):
        assert employee.get(path).status_code == 403


def test_contact_details_and_protected_attributes_only_for_the_roles_allowed(
        crew: Crew) -> None:
    opening = crew.opening()
    candidate, _application = crew.applicant(
        opening, "Chen Jing", {"python": 3}, email="chen.jing@example.com",
        phone="+86 139 0000 1111", protected={"gender": "female", "birth_year": 1990},
        resume_text="Chen Jing\nchen.jing@example.com\n\nWork experience\n"
                    "2019.07-至今  阿里巴巴  算法工程师\n使用 Python 训练排序模型。\n\n"
                    "Education\n2015.09-2019.06  浙江大学  计算机科学  本科\n")
    recruiter = _page(crew.client("rec").get(f"/recruiting/candidates/{candidate}"))
    assert recruiter.find("dd", class_="contact-email").all_text() == "chen.jing@example.com"
    assert not recruiter.find_all("section", class_="protected-attributes")
    assert "female" not in recruiter.all_text() and "birth_year" not in recruiter.all_text()
    # the education and work history are read from the resume
    education = recruiter.find("table", class_="education").find("tbody").all_text()
    assert "浙江大学" in education and "Bachelor" in education
    assert "阿里巴巴" in recruiter.find("table", class_="work").all_text()
    hr = _page(crew.client("hr1", lang="zh").get(f"/recruiting/candidates/{candidate}"))
    protected = hr.find("section", class_="protected-attributes")
    assert "female" in protected.all_text() and "1990" in protected.all_text()
    assert "本科" in hr.find("table", class_="education").all_text()
    manager = _page(crew.client("hm_a").get(f"/recruiting/candidates/{candidate}"))
    assert not manager.find_all("dd", class_="contact-email")
    assert manager.find("p", class_="contact-hidden")
    assert "chen.jing@example.com" not in manager.all_text()  # not even in the resume text
    assert not manager.find_all("section", class_="protected-attributes")
    # every read of the record is audited with the fields shown, never their values
    reads = crew.audit(action="read", resource="candidate", resource_id=str(candidate))
    assert [(e.actor, "protected" in e.detail["fields"], "email" in e.detail["fields"])
            for e in reads] == [("rec", False, True), ("hr1", True, True),
                                ("hm_a", False, False)]
    assert "chen.jing" not in str([e.detail for e in reads])


# -- pipeline: kanban, bulk moves, notes, weights ---------------------------------------------

def _column(page: Element, stage: str) -> list[str]:
    column = page.find("section", class_="kanban-column", **{"data-stage": stage})
    return [card.attrs["data-application"] for card in column.find_all("article")]


def test_a_kanban_move_is_recorded_in_the_stage_history(crew: Crew) -> None:
    opening = crew.opening()
    candidate, application = crew.applicant(opening, "Ann Li", {"python": 3})
    _other, second = crew.applicant(opening, "Bo Wu", {"pytorch": 2})
    client = crew.client("hm_a")
    board = _page(client.get(f"/recruiting/openings/{opening}/kanban"))
    assert sorted(_column(board, "applied")) == sorted([str(application), str(second)])
    card = board.find("article", id=f"card-{application}")
    chosen = [o.attrs["value"] for o in card.find("select", name="stage").find_all("option")
              if "selected" in o.attrs]
    assert chosen == ["screened"]  # the next stage is offered first
    moved = client.post(f"/recruiting/applications/{application}/move",
                        data=as_data(form_values(card.find("form", class_="move-form"))),
                        follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == (f"/recruiting/openings/{opening}/kanban"
                                         f"#card-{application}")
    board = _page(client.get(moved.headers["location"]))
    assert _column(board, "screened") == [str(application)]
    assert _column(board, "applied") == [str(second)]
    # a rejection needs a reason: the board comes back with the message, nothing moved
    token = form_token(client.get(f"/recruiting/openings/{opening}/kanban").text)
    refused = _page(client.post(f"/recruiting/applications/{second}/move",
                                data={"csrf_token": token, "stage": "rejected"}), 422)
    assert "reason" in _flash(refused) and _column(refused, "applied") == [str(second)]
    client.post(f"/recruiting/applications/{second}/move", data={
        "csrf_token": token, "stage": "rejected", "reason": "no PyTorch at scale"})
    board = _page(client.get(f"/recruiting/openings/{opening}/kanban"))
    assert "no PyTorch at scale" in board.find("article", id=f"card-{second}").all_text()
    # the stage history: who moved it, when, from where to where
    with crew.database.session() as session:
        events = session.execute(select(StageEvent.from_stage, StageEvent.to_stage,
                                        StageEvent.by_user_id)
                                 .where(StageEvent.application_id == application)
                                 .order_by(StageEvent.id)).all()
    assert [tuple(e) for e in events] == [(None, "applied", None),
                                          ("applied", "screened", crew.ids["hm_a"])]
    record = _page(crew.client("rec").get(f"/recruiting/candidates/{candidate}"))
    history = record.find("article", id=f"application-{application}").find(
        "ol", class_="stage-history").find_all("li")
    assert [item.attrs["data-to"] for item in history] == ["applied", "screened"]
    assert history[1].all_text().endswith("Applied → Screened · hm_a")


def test_bulk_move_notes_and_weights(crew: Crew) -> None:
    opening = crew.opening(manager=None)
    people = [crew.applicant(opening, name, {"python": level})
              for name, level in (("Ann", 4), ("Bo", 2), ("Cy", 1))]
    client = crew.client("rec")
    page = _page(client.get(f"/recruiting/openings/{opening}"))
    token = form_token(client.get("/recruiting").text)
    boxes = [box.attrs["value"] for box in page.find_all("input", name="ids")]
    assert sorted(boxes) == sorted(str(app) for _c, app in people)
    chosen = [str(people[0][1]), str(people[1][1])]
    done = client.post(f"/recruiting/openings/{opening}/bulk-move", follow_redirects=False,
                       data={"csrf_token": token, "ids": chosen, "stage": "interview"})
    assert done.status_code == 303
    after = _page(client.get(done.headers["location"]))
    assert "Moved 2 applications; 0 were at that stage already." in _flash(after)
    stages = {item.attrs["data-application"]: item.find("span", class_="stage-badge")
              .all_text() for item in _ranked(after)}
    assert [stages[c] for c in chosen] == ["Interview", "Interview"]
    nothing = _page(client.post(f"/recruiting/openings/{opening}/bulk-move",
                                data={"csrf_token": token, "stage": "offer"}), 422)
    assert "Select at least one candidate" in _flash(nothing)
    # another opening's application, or an id that only looks like a number: refused, not a 500
    elsewhere = crew.applicant(crew.opening("Data analyst", manager=None), "Di", {"sql": 2})[1]
    mixed = _page(client.post(f"/recruiting/openings/{opening}/bulk-move", data={
        "csrf_token": token, "ids": [chosen[0], str(elsewhere)], "stage": "offer"}), 422)
    assert f"Applications {elsewhere} are not applications to opening {opening}" in _flash(mixed)
    _page(client.post(f"/recruiting/openings/{opening}/bulk-move", data={
        "csrf_token": token, "ids": ["²"], "stage": "offer"}), 422)
    # a note, appended with its author and time, shown on the candidate's page
    noted = client.post(f"/recruiting/applications/{people[0][1]}/notes",
                        data={"csrf_token": token, "text": "Strong systems design."},
                        follow_redirects=False)
    assert noted.status_code == 303
    record = _page(client.get(noted.headers["location"].split("#")[0]))
    notes = record.find("article", id=f"application-{people[0][1]}").find(
        "pre", class_="notes").all_text()
    assert notes.endswith("UTC, rec] Strong systems design.")
    empty = _page(client.post(f"/recruiting/applications/{people[0][1]}/notes",
                              data={"csrf_token": token, "text": "  "}), 422)
    assert "note" in _flash(empty)
    # the weights: only the skills count -> scores follow the skill coverage alone
    saved = client.post(f"/recruiting/openings/{opening}/weights", follow_redirects=False,
                        data={"csrf_token": token, "skills": "100", "similarity": "0",
                              "experience": "0", "education": "0"})
    assert saved.status_code == 303
    with crew.database.session() as session:
        assert session.get_one(Opening, opening).match_weights == {
            "skills": 1.0, "similarity": 0.0, "experience": 0.0, "education": 0.0}
    weighted = _page(client.get(f"/recruiting/openings/{opening}"))
    best = _ranked(weighted)[0]
    # python 4 >= 3 (weight 2) of python, pytorch, kubernetes (2 + 1 + 0.5): 2 / 3.5
    assert best.find("span", class_="score").find("strong").all_text() == "57.1"
    assert weighted.find("input", name="skills").attrs["value"] == "100.0"
    bad = _page(client.post(f"/recruiting/openings/{opening}/weights",
                            data={"csrf_token": token, "skills": "0"}), 422)
    assert "weight above 0" in _flash(bad)
    client.post(f"/recruiting/openings/{opening}/weights",
                data={"csrf_token": token, "reset": "1"})
    with crew.database.session() as session:
        assert session.get_one(Opening, opening).match_weights is None


# -- structured interviews --------------------------------------------------------------------

def _scorecard_form(page: Element, ratings: dict[str, int | str], recommendation: str,
                    notes: str) -> dict[str, Any]:
    form = page.find("form", class_="scorecard-form")
    data: dict[str, Any] = {"csrf_token": form.find("input", name="csrf_token").attrs["value"],
                            "recommendation": recommendation, "notes": notes}
    for fieldset in form.find_all("fieldset", class_="rating"):
        data[f"rating.{fieldset.attrs['data-skill']}"] = str(ratings[fieldset.attrs["data-skill"]])
    return data


def test_the_plan_the_rounds_and_scorecards_hidden_until_one_submits(crew: Crew) -> None:
    opening = crew.opening()
    candidate, application = crew.applicant(opening, "Ann Li", {"python": 3})
    recruiter = crew.client("rec")
    plan = _page(recruiter.get(f"/recruiting/openings/{opening}/interview-plan"))
    assert plan.find("span", class_="plan-suggested")
    assert [r.attrs["data-round"] for r in plan.find_all("li", class_="plan-round")] == [
        "technical 1"]
    assert not plan.find_all("form", class_="create-rounds")  # no rounds before it is saved
    # save a plan of two rounds through the form (the suggestion edited)
    form = plan.find("form", class_="plan-form")
    values = [(k, v) for k, v in form_values(form) if not k.endswith("_0")
              and k not in ("round_1", "focus_1")]
    values += [("round_0", "coding"), ("focus_0", "python"),
               ("round_1", "systems"), ("focus_1", "pytorch"), ("focus_1", "kubernetes")]
    saved = recruiter.post(f"/recruiting/openings/{opening}/interview-plan",
                           data=as_data(values), follow_redirects=False)
    assert saved.status_code == 303
    token = form_token(recruiter.get("/recruiting").text)
    wrong = _page(recruiter.post(f"/recruiting/openings/{opening}/interview-plan", data={
        "csrf_token": token, "round_0": "sql round", "focus_0": "sql"}), 422)
    assert "opening's skills" in _flash(wrong)
    assert wrong.find("input", name="round_0").attrs["value"] == "sql round"  # shown again
    created = recruiter.post(f"/recruiting/applications/{application}/interviews",
                             data={"csrf_token": token}, follow_redirects=False)
    assert created.status_code == 303
    plan = _page(recruiter.get(f"/recruiting/openings/{opening}/interview-plan"))
    assert plan.find("span", class_="plan-saved") and plan.find("form", class_="create-rounds")
    links = plan.find("tr", id=f"application-{application}").find_all("a", class_="round-link")
    assert [a.all_text() for a in links] == ["coding", "systems"]
    with crew.database.session() as session:
        coding = session.scalar(select(Interview.id).where(Interview.round == "coding"))
        assert session.scalar(select(Interview.focus_skills).where(
            Interview.round == "systems")) == ["pytorch", "kubernetes"]

    # the recruiter scores the coding round first (a rating "²" is refused, not a 500)
    path = f"/recruiting/interviews/{coding}/scorecard"
    page = _page(recruiter.get(path))
    _page(recruiter.post(path, data=_scorecard_form(page, {"python": "²"}, "yes", "")), 422)
    assert [f.attrs["data-skill"] for f in page.find("form", class_="scorecard-form")
            .find_all("fieldset", class_="rating")] == ["python"]
    done = recruiter.post(path, data=_scorecard_form(page, {"python": 4}, "strong_yes",
                                                     "Clean, tested code."),
                          follow_redirects=False)
    assert done.status_code == 303
    mine = _page(recruiter.get(path))
    assert mine.find("p", class_="submitted-note") and not mine.find_all("form",
                                                                          class_="scorecard-form")
    assert [c.attrs["data-interviewer"] for c in mine.find_all("article", class_="scorecard")] \
        == ["rec"]
    # the hiring manager has not submitted: the recruiter's scorecard is hidden from them
    manager = crew.client("hm_a")
    blind = _page(manager.get(path))
    assert blind.find("p", class_="hidden-scorecards").attrs["data-hidden"] == "1"
    assert not blind.find_all("article", class_="scorecard")
    assert "Clean, tested code." not in blind.all_text()
    assert "1 rounds are left out" in blind.find("section", class_="interview-summary").all_text()
    # a scorecard missing a rating is refused and the form keeps what was chosen
    partial = _page(manager.post(path, data={
        "csrf_token": form_token(manager.get("/recruiting").text), "recommendation": "no",
        "notes": "Slow."}), 422)
    assert "missing: python" in _flash(partial)
    assert [i.attrs["value"] for i in partial.find_all("input", name="recommendation")
            if "checked" in i.attrs] == ["no"]
    submitted = manager.post(path, data=_scorecard_form(blind, {"python": 2}, "no", "Slow."),
                             follow_redirects=False)
    assert submitted.status_code == 303
    seen = _page(manager.get(path))
    assert sorted(c.attrs["data-interviewer"] for c in
                  seen.find_all("article", class_="scorecard")) == ["hm_a", "rec"]
    summary = seen.find("section", class_="interview-summary")
    cells = summary.find("tr", **{"data-skill": "python"}).find_all("td")
    assert cells[1].text.strip() == "3.00" and cells[1].find("meter").attrs["value"] == "3.0"
    assert [cell.all_text() for cell in cells[2:]] == ["2–4", "2"]
    counts = {li.attrs["data-recommendation"]: li.find("strong").all_text()
              for li in summary.find_all("li")}
    assert counts == {"strong_no": "0", "no": "1", "yes": "0", "strong_yes": "1"}
    # hr sees every scorecard without submitting one, and the interviewers' agreement
    hr = crew.client("hr1")
    assert len(_page(hr.get(path)).find_all("article", class_="scorecard")) == 2
    stats = _page(hr.get(f"/recruiting/openings/{opening}/interview-stats"))
    offsets = {row.attrs["data-interviewer"]: row.find("td", class_="offset").all_text()
               for row in stats.find("table", class_="leniency").find_all("tr")[1:]}
    assert offsets == {"rec": "+1.00", "hm_a": "-1.00"}
    with crew.database.session() as session:
        assert len(session.scalars(select(Scorecard)).all()) == 2
    assert candidate


# -- the funnel -------------------------------------------------------------------------------

def test_the_funnel_counts_conversion_and_days_per_stage(crew: Crew) -> None:
    opening = crew.opening("Funnel opening")
    paths = {"a": ["screened", "interview", "offer", "hired"], "b": ["screened", "rejected"],
             "c": ["screened", "interview"], "d": []}
    sources = {"a": "referral", "b": "referral", "c": "linkedin", "d": None}
    days = {"a": [1, 3, 6, 7], "b": [2, 5], "c": [3, 4], "d": []}
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    for key, stages in paths.items():
        _candidate, application = crew.applicant(opening, key.upper(), source=sources[key])
        with crew.database.session() as session:
            for stage in stages:
                move_application(session, actor=SYSTEM, application_id=application, stage=stage,
                                 reason="no" if stage == "rejected" else None)
        with crew.database.session() as session:
            events = session.scalars(select(StageEvent).where(
                StageEvent.application_id == application).order_by(StageEvent.id)).all()
            for event, offset in zip(events, [0, *days[key]], strict=True):
                event.at = start + timedelta(days=offset)
    client = crew.client("hm_a")
    page = _page(client.get("/recruiting/funnel"))
    rows = page.find("table", class_="funnel").find("tbody").find_all("tr")
    cells = [[row.attrs["data-stage"]] + [row.find("td", class_=name).all_text() for name in
                                          ("reached", "current", "rejected", "conversion",
                                           "median-days")] for row in rows]
    assert cells == [["applied", "4", "1", "0", "75.0%", "2.0"],
                     ["screened", "3", "0", "1", "66.7%", "2.0"],
                     ["interview", "2", "1", "0", "50.0%", "3.0"],
                     ["offer", "1", "0", "0", "100.0%", "1.0"],
                     ["hired", "1", "1", "0", "–", "–"]]
    by_source = page.find("table", class_="funnel-by-source").find("tbody").find_all("tr")
    assert [(r.attrs["data-key"], r.find_all("td")[1].all_text()) for r in by_source] == [
        ("linkedin", "1"), ("referral", "2"), ("unknown", "1")]
    referral = by_source[1].find_all("td", **{"data-stage": "hired"})[0].all_text()
    assert referral == "1"
    by_opening = page.find("table", class_="funnel-by-opening").find("tbody").find_all("tr")
    assert len(by_opening) == 1 and "Funnel opening" in by_opening[0].all_text()
    only = _page(client.get(f"/recruiting/funnel?opening_id={opening}&source=unknown"))
    assert only.find("h2", id="overall-title").all_text().endswith("(1 applications)")
    # another manager sees none of it
    other = _page(crew.client("hm_b").get("/recruiting/funnel"))
    assert other.find("h2", id="overall-title").all_text().endswith("(0 applications)")


# -- the small parts --------------------------------------------------------------------------

def test_every_recruiting_label_has_both_languages() -> None:
    for lang in ("en", "zh"):
        translate = translator(lang, strict=True)
        for keys in RECRUITING_LABELS.values():
            assert all(translate(key) for key in keys.values())


def test_evidence_marks_and_next_stage() -> None:
    line = "精通 Python、C++，熟悉 PyTorch"
    assert evidence_marks(line, [{"surface": "python"}, {"surface": "PyTorch"}]) == [
        ("精通 ", False), ("Python", True), ("、C++，熟悉 ", False), ("PyTorch", True)]
    assert evidence_marks(line, [{"surface": "Rust"}]) == [(line, False)]
    assert evidence_marks(None, [{"surface": "Python"}]) == []
    assert [next_stage(s) for s in ("applied", "offer", "hired", "rejected")] == [
        "screened", "hired", None, None]


def test_weights_of_the_form_are_scaled_to_one() -> None:
    assert weights_of_form({"skills": "50", "similarity": "30", "experience": "10",
                            "education": "10"}) == {"skills": 0.5, "similarity": 0.3,
                                                    "experience": 0.1, "education": 0.1}
    thirds = weights_of_form({"skills": "1", "similarity": "1", "experience": "1"})
    assert sum(thirds.values()) == pytest.approx(1.0, abs=1e-9) and thirds["education"] == 0
    with pytest.raises(Exception, match="must not be negative"):
        weights_of_form({"skills": "-1", "similarity": "2"})
