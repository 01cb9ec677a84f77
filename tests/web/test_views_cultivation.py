"""The cultivation pages through the real app (SQLite and PostgreSQL): development profiles with
the team rule (own, team, hr all; 404 for others, 403 for recruiters), why a level, building a
plan and taking a step's check through the forms (the level rises), performance reviews (self,
manager and peer input; calibration), the team heat map and readiness ranking, and the career
ladder of a role. Also the safe Markdown of check prompts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from talentgraph.domain import SYSTEM
from talentgraph.plan._checks import _BY_NAME, _exercise
from talentgraph.services import _people as people
from talentgraph.services._profiles import add_evidence
from talentgraph.store import AuditEvent, Database, Review, SkillCheckAttempt
from talentgraph.web._markdown import render_markdown
from talentgraph.web._page import web_link
from tests.api._client import ensure_user, make_client
from tests.web._html import Element, parse_html
from tests.web._web import form_token, sign_in

TODAY = date.today()


@dataclass
class Team:
    """mei manages dana and eli (logged in as the hiring manager "boss"); gus reports to eli;
    far is on no team. Users: hr1, rec1, boss, dana, eli, far."""

    database: Database
    tmp_path: Path
    ids: dict[str, int]

    def client(self, who: str, *, lang: str = "en") -> TestClient:
        client = make_client(self.database, self.tmp_path)
        client.headers["Accept-Language"] = lang
        assert sign_in(client, who).status_code == 303
        return client

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
        add_evidence(session, employee_id=dana, actor=SYSTEM, skill="sql", source="self",
                     level=1, detail="daily reports")
        add_evidence(session, employee_id=eli, actor=SYSTEM, skill="sql", source="manager",
                     level=3)
        add_evidence(session, employee_id=eli, actor=SYSTEM, skill="python", source="manager",
                     level=2)
    ids = {"mei": mei, "dana": dana, "eli": eli, "gus": gus, "far": far}
    ensure_user(database, "hr1", "hr")
    ensure_user(database, "rec1", "recruiter")
    ensure_user(database, "boss", "hiring_manager", employee_id=mei)
    for name in ("dana", "eli", "far"):
        ensure_user(database, name, "employee", employee_id=ids[name])
    return Team(database, tmp_path, ids)


def _page(response: Response, status: int = 200) -> Element:
    assert response.status_code == status, response.text[:2000]
    return parse_html(response.text)


def _skill_levels(page: Element) -> dict[str, int]:
    return {li.attrs["data-slug"]: int(li.attrs["data-level"])
            for li in page.find_all("li", class_="skill-item")}


def _profile_text(client: TestClient) -> str:
    """The HTML of the signed-in user's own development page (a fresh CSRF token)."""
    return client.get("/development").text


def _answers(check_id: str) -> dict[str, str]:
    """The right answers of a check, rebuilt from its id with the plan's internals."""
    family, _skill, level, seed = check_id.split(":")
    items = _exercise(_BY_NAME[family], int(level[1:]), int(seed, 16)).items
    return {item.question.key: str(item.expected) for item in items}


# --- visibility ---------------------------------------------------------------------------------

def test_an_employee_sees_their_own_profile_and_404_for_a_colleague(team: Team) -> None:
    dana = team.client("dana")
    page = _page(dana.get("/development"))
    assert page.find("h1").all_text() == "My development"
    assert _skill_levels(page) == {"sql": 1}
    assert page.find_all("nav", class_="team-picker") == []  # dana manages nobody
    # her gap is to the next level (L2) of her own role family, with coverage
    assert "Against Data analyst, L2" in page.find("p", class_="gap-target").all_text()
    sql = page.find("table", class_="gaps").find("tr", **{"data-slug": "sql"})
    assert [td.all_text() for td in sql.find_all("td")][1:3] == ["1", "3"]
    # hired 20 days ago: the onboarding plan is shown without asking
    assert len(page.find_all("div", class_="onboarding-phase")) == 3
    # the readiness for the next level says why, and she is not ready yet
    assert page.find("section", id="readiness").find("span", class_="ready-no")
    # the same profile at its own address; a colleague's is missing, exactly like a wrong id
    assert _page(dana.get(f"/development/{team.ids['dana']}")).find("h1").all_text() \
        == "My development"
    colleague = _page(dana.get(f"/development/{team.ids['eli']}"), 404)
    nobody = _page(dana.get("/development/999999"), 404)
    assert colleague.find("p", class_="error-message").all_text() == \
        f"No employee with id {team.ids['eli']}."
    assert nobody.find("h1").all_text() == colleague.find("h1").all_text()
    assert "Eli" not in dana.get(f"/development/{team.ids['eli']}").text
    why = dana.get(f"/development/{team.ids['eli']}/skills/sql/why",
                   headers={"HX-Request": "true"})
    assert why.status_code == 404
    # the reads are audited (ids and fields, never the values)
    reads = team.audit(actor="dana", resource="employee_skill", action="read")
    assert {e.resource_id for e in reads} == {str(team.ids["dana"])}


def test_a_manager_sees_their_team_and_hr_anyone(team: Team) -> None:
    ids = team.ids
    boss = team.client("boss", lang="zh")
    own = _page(boss.get("/development"))
    assert own.find("h1").all_text() == "我的培养发展"
    picker = own.find("nav", class_="team-picker")
    assert sorted(a.attrs["data-employee"] for a in picker.find_all("a")) == sorted(
        str(ids[n]) for n in ("dana", "eli", "gus"))  # direct and indirect reports
    dana = _page(boss.get(f"/development/{ids['dana']}"))
    assert dana.find("h1").all_text() == "Dana"
    assert dana.find("code", class_="person-ref").all_text() == "E101"
    assert _skill_levels(dana) == {"sql": 1}
    _page(boss.get(f"/development/{ids['far']}"), 404)

    hr = team.client("hr1")
    search = _page(hr.get("/development", params={"q": "e104"}))
    assert [r.attrs["data-ref"] for r in search.find("table", class_="people")
            .find("tbody").find_all("tr")] == ["E104"]
    far = _page(hr.get(f"/development/{ids['far']}"))
    assert far.find("h1").all_text() == "Far"
    assert far.find("p", class_="gap-target").all_text() == \
        "Against Machine learning engineer, L3"
    assert far.find_all("nav", class_="team-picker") == []  # hr's own picker is the search

    recruiter = team.client("rec1")
    for path in ("/development", f"/development/{ids['dana']}", "/performance", "/team"):
        refused = _page(recruiter.get(path), 403)
        assert refused.find("p", class_="error-message").all_text() == \
            "You do not have access to this page."
    assert recruiter.get("/").text.count('href="/development"') == 0


def test_why_a_level_loads_as_a_partial_in_the_page_language(team: Team) -> None:
    ids = team.ids
    with team.database.session() as session:
        add_evidence(session, employee_id=ids["dana"], actor=SYSTEM, skill="sql",
                     source="manager", level=2, observed_on=TODAY)
    dana = team.client("dana", lang="zh")
    page = _page(dana.get("/development"))
    details = page.find("li", **{"data-slug": "sql"}).find("details", class_="why")
    url = f"/development/{ids['dana']}/skills/sql/why"
    assert details.attrs["hx-get"] == url and details.attrs["hx-trigger"] == "toggle once"
    partial = dana.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.text
    why = parse_html(partial.text)
    assert why.find("p", class_="why-level").all_text().startswith("2 级（熟悉）")
    # (0.8 x 2 + 0.2 x 1) / 1.0 = 1.8 -> 2, said in Chinese
    assert why.find("ul", class_="why-reasons").find("li").all_text() == \
        "2 级：2 条证据的加权平均为 1.80。"
    rows = why.find("table", class_="evidence").find("tbody").find_all("tr")
    assert [[td.all_text() for td in r.find_all("td")] for r in rows] == [
        ["上级评估", "2", TODAY.isoformat(), "–"], ["自评", "1", TODAY.isoformat(),
                                                   "daily reports"]]
    # without htmx the same explanation is a page of its own
    full = _page(dana.get(url))
    assert full.find("h1").all_text() == "等级依据：SQL"
    assert full.find("div", class_="why-detail").attrs["data-skill"] == "sql"


# --- the loop through the forms -----------------------------------------------------------------

def test_build_a_plan_take_its_check_and_the_level_rises(team: Team) -> None:
    ids = team.ids
    dana = team.client("dana")
    page = dana.get("/development")
    built = dana.post(f"/development/{ids['dana']}/plans", data={
        "csrf_token": form_token(page.text), "role": "", "level": "", "hours_per_week": "4",
        "language": "en"}, follow_redirects=False)
    assert built.status_code == 303 and built.headers["location"] == "/development#plan"
    profile = _page(dana.get("/development"))
    steps = profile.find("ol", class_="plan-steps").find_all("li", class_="plan-step")
    assert len(steps) > 3
    assert [int(s.attrs["data-order"]) for s in steps] == list(range(1, len(steps) + 1))
    assert "Towards Data analyst, L2" in profile.find("p", class_="plan-summary").all_text()
    sql = next(s for s in steps if s.attrs["data-slug"] == "sql")
    assert "starts in week" in sql.all_text() and sql.find("ul", class_="resources")
    # dana is not her own manager: no "mark complete" form, but a "take the check" button
    assert sql.find_all("select") == []
    start = sql.find("form")
    assert start.attrs["action"].endswith(f"/steps/{sql.attrs['data-order']}/check")
    opened = dana.post(start.attrs["action"], data={"csrf_token": form_token(_profile_text(
        dana))}, follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"].startswith("/checks/")
    check_page = _page(dana.get(opened.headers["location"]))
    check_id = check_page.find("dl", class_="check-facts").attrs["data-check-id"]
    assert check_id.startswith("sql-query:sql:L3:")
    assert check_page.find("div", class_="prose").find("table")  # the prompt's data table
    questions = [q.attrs["data-key"] for q in check_page.find("form", class_="check-form")
                 .find_all("div", class_="question")
                 + check_page.find("form", class_="check-form").find_all("fieldset")]
    answers = _answers(check_id)
    assert sorted(questions) == sorted(answers)
    form = {"csrf_token": form_token(dana.get(opened.headers["location"]).text)}
    form.update({f"answer.{key}": value for key, value in answers.items()})
    graded = _page(dana.post(opened.headers["location"], data=form))
    result = graded.find("section", class_="check-result")
    assert result.find("h2").all_text() == "Passed"
    assert result.find("p", class_="new-level").attrs["data-after"] == "3"
    assert "rose from 1 to 3" in result.find("p", class_="new-level").all_text()
    feedback = result.find("ol", class_="feedback").find_all("li")
    assert all("is-correct" in li.attrs["class"] for li in feedback)
    assert all(li.find("p", class_="solution").all_text() for li in feedback)
    # the profile shows the new level, the step done, and the gap met
    after = _page(dana.get("/development"))
    assert _skill_levels(after)["sql"] == 3
    done = after.find("li", **{"data-slug": "sql", "class": "plan-step"})
    assert "is-done" in done.attrs["class"]
    assert after.find("table", class_="gaps").find_all("tr", **{"data-slug": "sql"}) == []
    # graded once: a second submission shows the 409 message on the check's page
    again = _page(dana.post(opened.headers["location"], data=form), 409)
    assert "graded already" in again.find("div", class_="flash-error").all_text()
    assert again.find_all("form", class_="check-form") == []


def test_a_manager_marks_a_step_complete_at_a_level(team: Team) -> None:
    ids = team.ids
    boss = team.client("boss")
    page = boss.get(f"/development/{ids['dana']}")
    built = boss.post(f"/development/{ids['dana']}/plans", data={
        "csrf_token": form_token(page.text), "hours_per_week": "6"}, follow_redirects=False)
    assert built.headers["location"] == f"/development/{ids['dana']}#plan"
    profile = _page(boss.get(f"/development/{ids['dana']}"))
    step = profile.find("ol", class_="plan-steps").find_all("li", class_="plan-step")[0]
    slug = step.attrs["data-slug"]
    assert step.find_all("button", class_="take-check") == []  # only dana takes her checks
    complete = next(f for f in step.find_all("form") if f.attrs["action"].endswith("/complete"))
    marked = boss.post(complete.attrs["action"], data={
        "csrf_token": form_token(page.text), "level": "3"}, follow_redirects=False)
    assert marked.status_code == 303
    after = _page(boss.get(f"/development/{ids['dana']}"))
    assert _skill_levels(after)[slug] == 3
    assert "is-done" in after.find("li", **{"data-order": "1"}).attrs["class"]
    # dana may not mark her own steps complete
    dana = team.client("dana")
    refused = dana.post(complete.attrs["action"].replace("/steps/1/", "/steps/2/"), data={
        "csrf_token": form_token(_profile_text(dana)), "level": "4"})
    assert refused.status_code == 403


def test_a_plan_towards_an_unknown_role_shows_the_error_on_the_profile(team: Team) -> None:
    dana = team.client("dana")
    response = dana.post(f"/development/{team.ids['dana']}/plans", data={
        "csrf_token": form_token(_profile_text(dana)), "role": "astronaut"})
    page = _page(response, 422)
    assert "'role' parameter must be the slug of a role family" in \
        page.find("div", class_="flash-error").all_text()
    assert page.find("h1").all_text() == "My development"


# --- performance --------------------------------------------------------------------------------

def _post(client: TestClient, path: str, data: dict[str, str], *, page: str = "/performance",
          status: int = 303) -> Response:
    response = client.post(path, data={"csrf_token": form_token(client.get(page).text), **data},
                           follow_redirects=False)
    assert response.status_code == status, response.text[:2000]
    return response


def test_performance_goals_self_manager_and_peer_input_and_calibration(team: Team) -> None:
    ids = team.ids
    hr = team.client("hr1")
    created = _post(hr, "/performance/cycles", {"slug": "2026H2", "name": "2026 下半年",
                                                "goal_weight": "0.7",
                                                "competency_weight": "0.3"})
    assert created.headers["location"] == "/performance?cycle=2026H2"
    bad = _post(hr, "/performance/cycles", {"slug": "2027H1", "name": "x", "goal_weight": "0.9",
                                            "competency_weight": "0.3"}, status=422)
    assert "sums to 1" in parse_html(bad.text).find("div", class_="flash-error").all_text()

    boss = team.client("boss")
    page = _page(boss.get("/performance"))
    assert sorted(a.attrs["data-employee"] for a in page.find("section", id="team-reviews")
                  .find_all("article")) == sorted(str(ids[n]) for n in ("dana", "eli", "gus"))
    _post(boss, f"/performance/2026H2/reviews/{ids['dana']}/goals", {
        "goal_title_0": "Ship the churn dashboard", "goal_weight_0": "2", "goal_kind_0": "goal",
        "goal_title_1": "Communication", "goal_weight_1": "1", "goal_kind_1": "competency"})
    _post(boss, f"/performance/2026H2/reviews/{ids['eli']}/goals", {
        "goal_title_0": "Ship the churn dashboard", "goal_weight_0": "1", "goal_kind_0": "goal"})

    dana = team.client("dana")
    mine = _page(dana.get("/performance")).find("section", id="my-review")
    form = mine.find("form", class_="rating-form")
    assert form.attrs["data-source"] == "self"
    _post(dana, form.attrs["action"], {"source": "self", "title_0": "Ship the churn dashboard",
                                       "rating_0": "4", "title_1": "Communication",
                                       "rating_1": "3.5", "comment": "went well"})
    with team.database.session() as session:
        review = session.scalar(select(Review).where(Review.employee_id == ids["dana"]))
        assert {g["title"]: g["self"] for g in review.goals} == {
            "Ship the churn dashboard": 4.0, "Communication": 3.5}
        assert review.inputs[-1]["comment"] == "went well"
    shown = _page(dana.get("/performance")).find("section", id="my-review")
    assert [td.all_text() for td in shown.find("table", class_="review-goals")
            .find_all("td", class_="self-rating")] == ["4.0", "3.5"]
    assert "Final score" in shown.find("p", class_="final-score").all_text()
    # a rating out of the scale is refused with the reason, on the page
    out = _post(dana, form.attrs["action"], {"source": "self", "title_0": "Communication",
                                             "rating_0": "9"}, status=422)
    assert "[1, 5]" in parse_html(out.text).find("div", class_="flash-error").all_text()
    # dana may not give herself manager input
    _post(dana, form.attrs["action"], {"source": "manager", "title_0": "Communication",
                                       "rating_0": "5"}, status=403)

    # eli rates dana as a peer (same manager); he sees her goals, not her ratings
    eli = team.client("eli")
    peers = _page(eli.get("/performance")).find("section", id="peer-reviews")
    peer_form = peers.find("article", **{"data-employee": str(ids["dana"])}).find("form")
    assert "4.0" not in peers.all_text()
    _post(eli, peer_form.attrs["action"], {"source": "peer", "title_0": "Communication",
                                           "rating_0": "4"})
    # the manager rates both; the final scores follow
    for who in ("dana", "eli"):
        _post(boss, f"/performance/2026H2/reviews/{ids[who]}/inputs", {
            "source": "manager", "title_0": "Ship the churn dashboard",
            "rating_0": "5" if who == "dana" else "2"})
    team_page = _page(boss.get("/performance?cycle=2026H2"))
    article = team_page.find("article", **{"data-employee": str(ids["dana"])})
    assert [td.all_text() for td in article.find_all("td", class_="manager-rating")] == [
        "5.0", "–"]
    assert article.find("details", class_="score-why").find("li")

    calibration = _page(boss.get("/performance/calibration?cycle=2026H2"))
    rows = calibration.find("table", class_="calibration").find("tbody").find_all("tr")
    assert sorted(r.attrs["data-ref"] for r in rows) == ["E101", "E102"]
    assert calibration.find("table", class_="raters").find("td").all_text() == "boss"
    own_team = _page(dana.get("/performance/calibration?cycle=2026H2"))  # she has no team
    assert own_team.find_all("table", class_="calibration") == []
    assert own_team.find("p", class_="empty").all_text() == "No final scores in this cycle yet."
    as_hr = _page(hr.get("/performance/calibration?cycle=2026H2"))
    assert len(as_hr.find("table", class_="calibration").find("tbody").find_all("tr")) == 2

    # hr closes the cycle: no more input forms
    _post(hr, "/performance/cycles/2026H2/status", {"status": "closed"})
    closed = _page(dana.get("/performance"))
    assert closed.find("section", id="my-review").find_all("form") == []
    assert _post(boss, "/performance/cycles/2026H2/status", {"status": "open"}, status=403)


# --- team ---------------------------------------------------------------------------------------

def test_the_team_heat_map_bus_factor_and_readiness(team: Team) -> None:
    ids = team.ids
    boss = team.client("boss")
    page = _page(boss.get("/team"))
    heatmap = page.find("table", class_="heatmap")
    skills = [th.attrs["data-slug"] for th in heatmap.find("thead").find_all("th")
              if "data-slug" in th.attrs]
    rows = {tr.attrs["data-ref"]: [int(td.all_text()) for td in tr.find_all("td")]
            for tr in heatmap.find("tbody").find_all("tr")}
    assert sorted(rows) == ["E101", "E102", "E103"]
    assert rows["E102"][skills.index("sql")] == 3 and rows["E101"][skills.index("sql")] == 1
    cell = heatmap.find("tr", **{"data-ref": "E102"}).find_all("td")[skills.index("sql")]
    assert "heat-3" in cell.attrs["class"] and cell.attrs["title"] == "Eli · SQL: proficient"
    bus = page.find("ul", class_="bus-factor").find("li", **{"data-slug": "sql"})
    assert bus.all_text() == "SQL — only Eli"
    assert page.find("section", id="needs").find("table", class_="needs")
    ranked = _page(boss.get("/team", params={"role": "data-analyst", "level": "L2"}))
    refs = [tr.attrs["data-ref"] for tr in ranked.find("table", class_="readiness")
            .find("tbody").find_all("tr")]
    assert sorted(refs) == ["E101", "E103"]  # the L1s of the team
    # hr picks any manager; an employee without reports has an empty team
    hr = team.client("hr1")
    assert _page(hr.get("/team")).find_all("table", class_="heatmap") == []
    options = _page(hr.get("/team")).find("select", id="team-manager").find_all("option")
    assert [o.attrs["value"] for o in options] == [str(ids["mei"]), str(ids["eli"])]
    eli_team = _page(hr.get("/team", params={"manager": ids["eli"]}))
    assert eli_team.find("p", class_="team-of").all_text() == "The team of Eli (1)"
    assert eli_team.find("section", id="heatmap").find("p", class_="empty").all_text() == \
        "Nobody on the team has a recorded skill yet."  # gus has no evidence
    far = team.client("far")
    assert "Nobody reports" in _page(far.get("/team")).find("section", id="heatmap").all_text()
    _page(far.get("/team", params={"manager": ids["mei"]}), 404)


# --- careers ------------------------------------------------------------------------------------

def test_a_role_page_shows_its_ladder_and_lateral_paths(team: Team) -> None:
    dana = team.client("dana", lang="zh")
    page = _page(dana.get("/framework/roles/data-analyst"))
    rungs = page.find("ol", class_="ladder").find_all("li", class_="rung")
    assert [r.attrs["data-level"] for r in rungs] == ["L1", "L2", "L3", "L4", "L5"]
    assert rungs[1].find("ul", class_="rung-changes").find("li").all_text()
    lateral = page.find("table", class_="lateral").find("tbody").find_all("tr")
    assert 1 <= len(lateral) <= 5
    overlaps = [int(tr.find_all("td")[1].all_text().rstrip("%")) for tr in lateral]
    assert overlaps == sorted(overlaps, reverse=True)
    assert "data-scientist" in [tr.attrs["data-role"] for tr in lateral]
    _page(dana.get("/framework/roles/data-analyst?level=L9"), 422)


# --- the prompt's Markdown ----------------------------------------------------------------------

def test_check_prompts_render_a_safe_markdown_subset() -> None:
    html = str(render_markdown(
        "A **bold** `x = [1, 2]` <script>alert(1)</script>\nnext line\n\n"
        "- item `a<b`\n- **two**\n\n| a | b |\n|---|---|\n| 1 | <i>2</i> |\n\n"
        "```sql\nSELECT * FROM t WHERE a < 1;\n```\n[link](javascript:x) ![img](x.png)"))
    assert "<script>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<p>A <strong>bold</strong> <code>x = [1, 2]</code> &lt;script&gt;" in html
    assert "<br>next line</p>" in html
    assert "<ul><li>item <code>a&lt;b</code></li><li><strong>two</strong></li></ul>" in html
    assert "<th>a</th><th>b</th>" in html and "<td>&lt;i&gt;2&lt;/i&gt;</td>" in html
    assert "<pre><code>SELECT * FROM t WHERE a &lt; 1;</code></pre>" in html
    assert "<a" not in html and "<img" not in html
    assert re.search(r"<p>\[link\]\(javascript:x\) !\[img\]\(x.png\)</p>", html)


def test_checks_are_only_for_who_may_see_them(team: Team) -> None:
    dana = team.client("dana")
    page = _profile_text(dana)
    dana.post(f"/development/{team.ids['dana']}/plans",
              data={"csrf_token": form_token(page), "hours_per_week": "5"})
    profile = _page(dana.get("/development"))
    form = next(f for f in profile.find_all("form") if f.attrs["action"].endswith("/check"))
    opened = dana.post(form.attrs["action"], data={"csrf_token": form_token(page)},
                       follow_redirects=False)
    path = opened.headers["location"]
    with team.database.session() as session:
        attempt = session.scalars(select(SkillCheckAttempt)).one()
    assert path == f"/checks/{attempt.id}" and attempt.employee_id == team.ids["dana"]
    # her manager may look at it (without the form); a colleague and a recruiter may not
    boss = team.client("boss")
    seen = _page(boss.get(path))
    assert seen.find_all("form", class_="check-form") == []
    assert seen.find("p", class_="check-closed").all_text() == "Waiting for the answers."
    _page(team.client("eli").get(path), 404)
    _page(team.client("rec1").get(path), 403)
    answered = boss.post(path, data={"csrf_token": form_token(boss.get("/development").text),
                                     "answer.x": "1"})
    assert answered.status_code == 404  # only the person it was issued to answers it


@pytest.mark.parametrize(("url", "expected"), [
    ("https://d2l.ai/", "https://d2l.ai/"),
    (" http://cs231n.stanford.edu ", "http://cs231n.stanford.edu"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("/internal/course", None),
    ("https://a.example/x y", None),
    (None, None),
])
def test_only_http_links_of_learning_resources_reach_the_page(url: str | None,
                                                              expected: str | None) -> None:
    assert web_link(url) == expected
