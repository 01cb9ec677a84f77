"""The pay and retention pages through the real app (SQLite and PostgreSQL): they render for hr
with the market comparison, the simulator and the action tracker (forms with their CSRF
token), in both languages, and are refused to a recruiter."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentgraph.store import Database
from tests.api._client import ensure_user, make_client
from tests.services._retention_team import EXPORT, build_team, train_tiny_model
from tests.web._html import Element, parse_html
from tests.web._web import form_token, sign_in


@pytest.fixture
def client(database: Database, tmp_path: Path) -> TestClient:
    build_team(database, tmp_path)
    return make_client(database, tmp_path)


def _signed_in(client: TestClient, database: Database, role: str) -> TestClient:
    ensure_user(database, f"web_{role}", role)
    assert sign_in(client, f"web_{role}").status_code == 303
    return client


def _rows(page: Element, table_class: str) -> list[list[str]]:
    body = page.find("table", class_=table_class).find("tbody")
    return [[cell.all_text() for cell in row.find_all("td")] for row in body.find_all("tr")]


def test_the_pay_page_compares_with_the_market_and_simulates(client: TestClient,
                                                             database: Database) -> None:
    _signed_in(client, database, "hr")
    response = client.get("/pay")
    assert response.status_code == 200
    page = parse_html(response.text)
    rows = {row[0]: row for row in _rows(page, "pay")}
    assert list(rows) == ["E4", "E1", "E3", "E2", "E5"]
    e1 = rows["E1"]
    assert e1[4] == "480,000 CNY" and e1[7] == "0.96" and e1[8] == "600,000"
    assert "Postings" in e1[9] and "(n=40)" in e1[9]  # the source, and its sample
    assert "AI jobs 2026 · pay_by_role_family: ml-engineer" in e1[9]
    assert e1[10] == "20.0% under" and e1[11] == "High"
    highlighted = [tr.attrs.get("data-ref") for tr in page.find_all("tr", class_="risk-high")]
    assert highlighted == ["E1"]  # under the market and at high risk
    groups = _rows(page, "pay-groups")
    assert ["Machine learning engineer", "L3", "1", "0.96", "1", "1", "120,000", "20.0%"] in groups
    assert "2026-11-02" in page.find("p", id="pay-basis").all_text()  # the rates' date
    token = form_token(response.text)
    simulated = client.post("/pay/simulate", data={
        "csrf_token": token, "budget": "100000", "currency": "CNY", "w_risk": "1",
        "w_perf": "0.5", "w_gap": "1", "max_raise_pct": "20", "min_raise": "0",
        "pay_effect": "1"})
    assert simulated.status_code == 200, simulated.text[:500]
    result = parse_html(simulated.text)
    plan = _rows(result, "raise-plan")
    assert [row[0] for row in plan] == ["E1", "E4", "E3", "E2"]
    assert plan[0][5] == "96,000 (20.0%)" and plan[0][8] == "largest raise"
    assert plan[1][5] == "4,000 (1.3%)" and plan[1][8] == "budget"
    summary = result.find("dl", class_="sim-summary").all_text()
    assert "100,000 / 100,000 CNY" in summary
    refused = client.post("/pay/simulate", data={"budget": "100000"})  # no CSRF token
    assert refused.status_code == 403


def test_the_retention_page_tracks_actions_in_chinese(client: TestClient,
                                                      database: Database) -> None:
    _signed_in(client, database, "hr")
    zh = {"Accept-Language": "zh-CN"}
    page = parse_html(client.get("/retention", headers=zh).text)
    counts = {li.attrs["data-band"]: li.find("span", class_="stat-value").all_text()
              for li in page.find_all("li", class_="stat-card")}
    assert counts == {"high": "1", "medium": "1", "low": "1"}
    top = _rows(page, "risk-scores")
    assert top[0][:4] == ["E1", "80%", "高", "收入低于同职级中位数（风险升高）; 经常加班（风险升高）"]
    token = form_token(client.get("/retention").text)
    suggested = client.post("/retention/actions/suggest", data={"csrf_token": token},
                            follow_redirects=False)
    assert suggested.status_code == 303
    assert suggested.headers["location"] == "/retention?suggested=7#actions"
    page = parse_html(client.get("/retention?suggested=7", headers=zh).text)
    assert "新增 7 条建议行动。" in page.find("div", class_="flash").all_text()
    tracker = {(row[0], row[1]): row for row in _rows(page, "retention-actions")}
    pay = tracker[("E1", "薪酬复核")]
    assert pay[2] == "人力资源（HR）"
    assert "年薪 480,000，市场中位数 600,000 CNY（低 20.0%" in pay[3]
    assert tracker[("E1", "职业发展面谈")][2] == "直属经理"
    assert "薪酬复核" in _rows(page, "risk-scores")[0][4]
    row = next(tr for tr in page.find_all("tr") if tr.attrs.get("id", "").startswith("action-")
               and tr.find("td").all_text() == "E1")
    action_id = row.attrs["id"].removeprefix("action-")
    updated = client.post(f"/retention/actions/{action_id}", follow_redirects=False, data={
        "csrf_token": token, "status": "done", "outcome": "stayed"})
    assert updated.status_code == 303
    page = parse_html(client.get("/retention", headers=zh).text)
    assert page.find("tr", id=f"action-{action_id}").attrs["data-status"] == "done"
    outcomes = _rows(page, "action-outcomes")
    assert outcomes[0][0] == "E1" and outcomes[0][2] == "留任" and outcomes[0][3] == "仍在职"
    fairness = _rows(page, "fairness")
    assert ["性别", "female", "2", "60%", "60%", "50%", "人数过少，不作比较"] in fairness


def test_an_hr_export_is_scored_from_the_page(client: TestClient, database: Database,
                                              tmp_path: Path) -> None:
    _signed_in(client, database, "hr")
    assert "retention.no_models" not in client.get("/retention").text
    train_tiny_model(tmp_path / "models" / "tiny")
    page = client.get("/retention")
    assert '<option value="tiny">tiny</option>' in page.text
    scored = client.post("/retention/scores", follow_redirects=False,
                         data={"csrf_token": form_token(page.text), "model": "tiny"},
                         files={"file": ("hr.csv", EXPORT, "text/csv")})
    assert scored.status_code == 303 and scored.headers["location"] == "/retention?scored=5"
    bad = client.post("/retention/scores", data={
        "csrf_token": form_token(page.text), "model": "tiny"},
        files={"file": ("hr.csv", b"who,x\nE1,1\n", "text/csv")})
    assert bad.status_code == 422
    assert "Columns found: &#39;who&#39;, &#39;x&#39;" in bad.text


def test_a_recruiter_is_refused_the_pay_and_retention_pages(client: TestClient,
                                                           database: Database) -> None:
    _signed_in(client, database, "recruiter")
    for path in ("/pay", "/retention"):
        response = client.get(path)
        assert response.status_code == 403
        assert "E1" not in response.text and "480,000" not in response.text
    token = form_token(client.get("/").text)
    assert client.post("/pay/simulate", data={"csrf_token": token,
                                              "budget": "1"}).status_code == 403
    assert client.post("/retention/actions/suggest",
                       data={"csrf_token": token}).status_code == 403
    links = {a.attrs.get("href") for a in parse_html(client.get("/").text).find_all("a")}
    assert "/pay" not in links and "/retention" not in links
