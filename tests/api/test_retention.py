"""The pay and retention API (SQLite and PostgreSQL): scoring an uploaded HR export with a tiny
attrition model trained in the test, the dashboard, fairness, pay against the market, the
raise simulation, salary surveys, retention actions, and who may call them (hr and admin only).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from talentgraph.store import Database, RiskScore
from tests.api._client import auth, make_client, token_for
from tests.services._retention_team import EXPORT, Team, build_team, train_tiny_model

API = "/api/v1"
@pytest.fixture
def setup(database: Database, tmp_path: Path) -> tuple[TestClient, Team, dict[str, dict]]:
    team = build_team(database, tmp_path)
    train_tiny_model(tmp_path / "models" / "tiny")
    client = make_client(database, tmp_path)
    headers = {role: auth(token_for(database, f"api_{role}", role))
               for role in ("admin", "hr", "recruiter", "hiring_manager", "employee")}
    return client, team, headers


def test_scoring_an_hr_export_stores_risk_with_worded_drivers(
        setup: tuple[TestClient, Team, dict[str, dict]], database: Database) -> None:
    client, team, headers = setup
    response = client.post(f"{API}/retention/scores", headers=headers["hr"],
                           files={"file": ("hr.csv", EXPORT, "text/csv")},
                           data={"model": "tiny"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["file"] == "hr.csv" and body["model"] == "tiny"
    assert body["model_version"].startswith("attrition-") and body["model_version"].endswith(
        "abababab")
    assert (body["rows"], body["scored"], body["unmatched"], body["unmatched_rows"]) == (
        6, 5, 1, [6])
    assert sum(body["bands"].values()) == 5
    with database.session() as session:
        scores = {s.employee_id: s for s in session.scalars(
            select(RiskScore).where(RiskScore.model_version == body["model_version"]))}
    assert set(scores) == {team.ids[r] for r in ("E1", "E2", "E3", "E4", "E5")}
    e1 = scores[team.ids["E1"]]
    assert e1.band == "high" and e1.risk > scores[team.ids["E5"]].risk
    assert 1 <= len(e1.drivers) <= 3
    assert set(e1.drivers[0]) == {"feature", "direction", "text_en", "text_zh",
                                  "contribution", "kind"}
    kinds = {d["feature"]: d["kind"] for d in e1.drivers}
    assert kinds.get("OverTime", "overtime") == "overtime"
    assert any("（风险升高）" in d["text_zh"] for d in e1.drivers)
    board = client.get(f"{API}/retention/dashboard", headers=headers["hr"]).json()
    assert board["top"][0]["ref"] == "E1" and board["top"][0]["drivers"] == e1.drivers
    assert board["model_versions"] == [body["model_version"]]  # the latest score of each


def test_scoring_refuses_a_missing_model_or_ref_column(
        setup: tuple[TestClient, Team, dict[str, dict]]) -> None:
    client, _, headers = setup
    missing = client.post(f"{API}/retention/scores", headers=headers["hr"],
                          files={"file": ("hr.csv", EXPORT, "text/csv")},
                          data={"model": "nothing-here"})
    assert missing.status_code == 404
    assert missing.json()["code"] == "E0404"
    assert "No trained model named 'nothing-here'" in missing.json()["error"]
    assert "/tmp" not in missing.json()["error"]  # never a server path
    no_ref = client.post(f"{API}/retention/scores", headers=headers["hr"],
                         files={"file": ("hr.csv", b"who,MonthlyIncome\nE1,1\n", "text/csv")},
                         data={"model": "tiny"})
    assert no_ref.status_code == 422 and no_ref.json()["code"] == "E0207"
    assert "Columns found: 'who', 'MonthlyIncome'" in no_ref.json()["error"]
    wrong = client.post(f"{API}/retention/scores", headers=headers["hr"],
                        files={"file": ("hr.csv", b"ref,x\nX1,1\n", "text/csv")},
                        data={"model": "tiny"})
    assert wrong.status_code == 422 and "no row's 'ref' names an employee" in wrong.json()["error"]


def test_scoring_in_the_background(setup: tuple[TestClient, Team, dict[str, dict]],
                                   database: Database) -> None:
    client, _, headers = setup
    with client:
        accepted = client.post(f"{API}/retention/scores", headers=headers["hr"],
                               files={"file": ("hr.csv", EXPORT, "text/csv")},
                               data={"model": "tiny", "background": "true"})
        assert accepted.status_code == 202, accepted.text
        url = accepted.json()["status_url"]
        for _ in range(300):
            job = client.get(url, headers=headers["hr"]).json()
            if job["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.1)
    assert job["status"] == "succeeded", job
    assert job["kind"] == "risk_scores" and job["result"]["scored"] == 5
    with database.session() as session:
        assert len(session.scalars(select(RiskScore)).all()) == 3 + 5


def test_pay_comparison_simulation_and_surveys(
        setup: tuple[TestClient, Team, dict[str, dict]]) -> None:
    client, _, headers = setup
    hr = headers["hr"]
    pay = client.get(f"{API}/pay/comparison?limit=2", headers=hr).json()
    assert [item["ref"] for item in pay["items"]] == ["E4", "E1"] and pay["total"] == 5
    assert pay["items"][1]["market"]["group"] == "role_family"
    assert pay["items"][1]["is_also_at_risk"] is True
    assert pay["overall"]["under_market"] == 3 and pay["rates"]["as_of"]
    simulated = client.post(f"{API}/pay/simulate", headers=hr, json={
        "budget": 100_000, "weights": {"risk": 1, "performance": 0.5, "gap": 1}})
    assert simulated.status_code == 200, simulated.text
    plan = simulated.json()
    assert plan["spent"] == 100_000 and plan["remaining"] == 0
    assert [line["ref"] for line in plan["lines"]][:2] == ["E1", "E4"]
    assert "Estimate" in plan["assumption"] and plan["leavers_avoided"] > 0
    refused = client.post(f"{API}/pay/simulate", headers=hr, json={"budget": -5})
    assert refused.status_code == 422 and refused.json()["code"] == "E0412"
    survey = "source,role_family,level,p50,effective_on\nMercer,ml-engineer,L3,700000,2026-01-01\n"
    imported = client.post(f"{API}/imports/salary_survey", headers=hr,
                           files={"file": ("survey.csv", survey.encode(), "text/csv")})
    assert imported.status_code == 200 and imported.json()["created"] == 1
    listed = client.get(f"{API}/salary-surveys", headers=hr).json()
    assert [(s["source"], s["p50"], s["city"]) for s in listed["items"]] == [
        ("Mercer", 700_000, "")]
    e1 = client.get(f"{API}/pay/comparison?sort=ref&limit=1", headers=hr).json()["items"][0]
    assert e1["market"]["source"] == "survey" and e1["market"]["median"] == 700_000


def test_actions_through_the_api(setup: tuple[TestClient, Team, dict[str, dict]]) -> None:
    client, _, headers = setup
    hr = headers["hr"]
    first = client.post(f"{API}/retention/actions/suggest", headers=hr, json={})
    assert first.status_code == 200, first.text
    created = first.json()["created"]
    assert first.json()["people"] == 2 and len(created) == 7
    again = client.post(f"{API}/retention/actions/suggest", headers=hr, json={"bands": ["high"]})
    assert again.json()["created"] == [] and again.json()["existing"] == 4
    pay_review = next(a for a in created if a["kind"] == "pay_review"
                      and a["figures"].get("pay") == 480_000)
    done = client.patch(f"{API}/retention/actions/{pay_review['id']}", headers=hr,
                        json={"status": "done", "outcome": "stayed"})
    assert done.status_code == 200 and done.json()["done_at"]
    bad = client.patch(f"{API}/retention/actions/{pay_review['id']}", headers=hr,
                       json={"status": "finished"})
    assert bad.status_code == 422
    listed = client.get(f"{API}/retention/actions?status=done", headers=hr).json()
    assert [a["id"] for a in listed["items"]] == [pay_review["id"]]
    outcomes = client.get(f"{API}/retention/actions/outcomes", headers=hr).json()
    assert outcomes[0]["action"]["id"] == pay_review["id"] and outcomes[0]["has_left"] is False
    assert outcomes[0]["risk_before"] == 0.8 and outcomes[0]["risk_after"] is None
    fairness = client.get(f"{API}/retention/fairness?min_group=1", headers=hr).json()
    assert [t["attribute"] for t in fairness] == ["gender", "age"]


@pytest.mark.parametrize("role", ["recruiter", "employee", "hiring_manager"])
def test_only_hr_and_admin_may_call_pay_and_retention(
        setup: tuple[TestClient, Team, dict[str, dict]], role: str) -> None:
    client, _, headers = setup
    calls = [("GET", "/pay/comparison", {}), ("POST", "/pay/simulate", {"json": {"budget": 1}}),
             ("GET", "/salary-surveys", {}), ("GET", "/retention/dashboard", {}),
             ("GET", "/retention/fairness", {}), ("GET", "/retention/actions", {}),
             ("POST", "/retention/actions/suggest", {"json": {}}),
             ("GET", "/retention/actions/outcomes", {}),
             ("PATCH", "/retention/actions/1", {"json": {"status": "done"}}),
             ("POST", "/retention/scores", {"files": {"file": ("hr.csv", EXPORT)},
                                            "data": {"model": "tiny"}})]
    for method, path, kwargs in calls:
        response = client.request(method, API + path, headers=headers[role], **kwargs)
        assert response.status_code == 403, (path, response.text)
        assert response.json()["code"] == "E0603"
    assert client.get(f"{API}/pay/comparison", headers=headers["admin"]).status_code == 200
