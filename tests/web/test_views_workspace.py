"""The workspace pages through the real app (SQLite and PostgreSQL): the home overview, the
people pages with their row-level scoping and audit, and the admin page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from talentgraph.domain import SYSTEM
from talentgraph.services._people import create_employee, create_pay_band, create_pay_record
from talentgraph.services._recruiting import create_opening
from talentgraph.store import AuditEvent, Database, RiskScore
from tests.api._client import PASSWORD, auth, ensure_user, make_client
from tests.web._html import Element, parse_html
from tests.web._web import form_token, sign_in

PAGES = ("/", "/market", "/market/run", "/framework", "/jobs", "/recruiting", "/development",
         "/performance", "/pay", "/retention", "/admin")


@pytest.fixture
def client(database: Database, tmp_path: Path) -> TestClient:
    return make_client(database, tmp_path)


def _as(client: TestClient, database: Database, role: str, *, username: str | None = None,
        employee_id: int | None = None) -> TestClient:
    name = username or f"web_{role}"
    ensure_user(database, name, role, employee_id=employee_id)
    assert sign_in(client, name).status_code == 303
    return client


def _rows(page: Element, table_class: str) -> list[list[str]]:
    body = page.find("table", class_=table_class).find("tbody")
    return [[cell.all_text() for cell in row.find_all("td")] for row in body.find_all("tr")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_renders_for_an_admin_in_both_languages(
        client: TestClient, database: Database, lang: str) -> None:
    _as(client, database, "admin")
    for path in PAGES:
        response = client.get(path, headers={"Accept-Language": lang})
        assert response.status_code == 200, (path, response.text[:500])
        page = parse_html(response.text)
        assert page.find("html").attrs["lang"] == ("zh-CN" if lang == "zh" else "en")
        assert page.find("h1").all_text()


def test_the_home_page_counts_what_the_user_may_see(client: TestClient,
                                                    database: Database) -> None:
    manager = ensure_user(database, "mgr", "hiring_manager")
    with database.session() as session:
        create_opening(session, actor=SYSTEM, fields={"title": "LLM engineer",
                                                      "hiring_manager_id": manager})
        create_opening(session, actor=SYSTEM, fields={"title": "Data analyst"})
    _as(client, database, "hiring_manager", username="mgr")
    page = parse_html(client.get("/").text)
    cards = {c.find("span", class_="stat-label").all_text():
             c.find("span", class_="stat-value").all_text()
             for c in page.find_all("li", class_="stat-card")}
    assert cards["Open openings"] == "1"  # only the manager's own opening
    assert "Current employees" not in cards and "Pay bands" not in cards


def test_a_hiring_manager_sees_only_their_own_openings(client: TestClient,
                                                       database: Database) -> None:
    manager = ensure_user(database, "mgr", "hiring_manager")
    with database.session() as session:
        create_opening(session, actor=SYSTEM, fields={
            "ref": "OPN-MINE", "title": "LLM engineer", "hiring_manager_id": manager,
            "role_family": "llm-algorithm-engineer"})
        create_opening(session, actor=SYSTEM, fields={"ref": "OPN-OTHER", "title": "Analyst"})
    _as(client, database, "hiring_manager", username="mgr")
    page = parse_html(client.get("/recruiting", headers={"Accept-Language": "zh"}).text)
    rows = _rows(page, "openings")
    assert [row[0] for row in rows] == ["OPN-MINE"]
    assert rows[0][2] == "大模型算法工程师" and rows[0][5] == "招聘中"
    assert client.get("/pay").status_code == 403


def _pay_fixture(database: Database) -> int:
    with database.session() as session:
        employee = create_employee(session, actor=SYSTEM, fields={
            "ref": "E-001", "name": "王芳", "role_family": "data-analyst", "level": "L2",
            "city": "北京"})
        create_pay_band(session, actor=SYSTEM, role_family="data-analyst", level="L2",
                        minimum=200_000, midpoint=250_000, maximum=300_000)
        create_pay_record(session, employee_id=employee.id, actor=SYSTEM,
                          effective_on=date(2024, 1, 1), annual=240_000)
        create_pay_record(session, employee_id=employee.id, actor=SYSTEM,
                          effective_on=date(2025, 1, 1), annual=275_000)
        session.add(RiskScore(employee_id=employee.id, model_version="attrition-1", risk=0.72,
                              band="high", drivers=[{"feature": "pay below band"}]))
        return employee.id


def test_hr_sees_latest_pay_with_compa_ratio_and_the_read_is_audited(
        client: TestClient, database: Database) -> None:
    employee_id = _pay_fixture(database)
    _as(client, database, "hr")
    page = parse_html(client.get("/pay").text)
    assert _rows(page, "pay-bands") == [["Data analyst", "L2", "All cities", "CNY", "200,000",
                                          "250,000", "300,000"]]
    line = _rows(page, "pay")[0]
    assert line[:2] == ["E-001", "王芳"]
    assert line[4] == "275,000 CNY" and line[5] == "2025-01-01" and line[7] == "1.10"
    with database.session() as session:
        reads = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "read", AuditEvent.resource == "pay",
            AuditEvent.actor == "web_hr")).all()
    assert [event.detail["ids"] for event in reads] == [[employee_id]]
    assert "王芳" not in str(reads[0].detail)  # ids and fields only, never values
    retention = parse_html(client.get("/retention").text)
    assert _rows(retention, "risk-scores")[0][:4] == ["E-001", "72%", "High",
                                                       "pay below band"]


def test_an_employee_sees_only_their_own_development_and_no_pay(
        client: TestClient, database: Database) -> None:
    employee_id = _pay_fixture(database)
    _as(client, database, "employee", employee_id=employee_id)
    development = client.get("/development")
    assert development.status_code == 200
    assert "王芳" not in development.text and "E-001" not in development.text
    assert client.get("/pay").status_code == 403
    assert client.get("/retention").status_code == 403
    assert client.get("/admin").status_code == 403


def test_admin_adds_a_user_and_the_audit_log_shows_it(client: TestClient, database: Database,
                                                      tmp_path: Path) -> None:
    _as(client, database, "admin")
    token = form_token(client.get("/admin").text)
    created = client.post("/admin/users", follow_redirects=False, data={
        "csrf_token": token, "username": "zhang.min", "display_name": "张敏",
        "password": PASSWORD, "role": "recruiter"})
    assert created.status_code == 303
    assert created.headers["location"] == "/admin?notice=user_created"
    page = parse_html(client.get(created.headers["location"]).text)
    assert page.find("div", class_="flash-success").all_text() == "The user was added."
    assert page.find("tr", **{"data-user": "zhang.min"}).all_text().startswith("zhang.min 张敏")
    assert sign_in(make_client(database, tmp_path), "zhang.min").status_code == 303
    short = client.post("/admin/users", data={"csrf_token": token, "username": "li.lei",
                                              "password": "short", "role": "hr"})
    assert short.status_code == 422 and "at least 8 characters" in short.text
    audit = parse_html(client.get("/admin", params={"action": "create"}).text)
    actions = {row.attrs["data-action"] for row in
               audit.find("table", class_="audit").find("tbody").find_all("tr")}
    assert actions == {"create"}
    csv_text = client.get("/admin/audit.csv", params={"action": "create"}).text
    assert csv_text.splitlines()[0].startswith("id,at,actor_id,actor,action")
    assert all(",create," in line for line in csv_text.splitlines()[1:])
    with database.session() as session:
        assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "export",
                                                          AuditEvent.resource == "audit"))


def test_admin_creates_a_token_shown_once_and_revokes_it(client: TestClient,
                                                         database: Database) -> None:
    ensure_user(database, "bot", "recruiter")
    _as(client, database, "admin")
    token = form_token(client.get("/admin").text)
    response = client.post("/admin/tokens", data={
        "csrf_token": token, "username": "bot", "name": "nightly", "scopes": ["read"]})
    assert response.status_code == 201
    secret = parse_html(response.text).find("code", class_="new-token").all_text()
    assert secret.startswith("tg_")
    assert client.get("/api/v1/me", headers=auth(secret)).json()["username"] == "bot"
    assert secret not in client.get("/admin").text  # shown once only
    listing = parse_html(client.get("/admin").text)
    row = [r for r in listing.find("table", class_="tokens").find("tbody").find_all("tr")
           if "nightly" in r.all_text()][0]
    token_id = int(row.attrs["data-token"])
    revoked = client.post(f"/admin/tokens/{token_id}/revoke", data={"csrf_token": token},
                          follow_redirects=False)
    assert revoked.status_code == 303
    assert client.get("/api/v1/me", headers=auth(secret)).status_code == 401
    unknown = client.post("/admin/tokens", data={"csrf_token": token, "username": "nobody",
                                                 "scopes": ["read"]})
    assert unknown.status_code == 404
    assert parse_html(unknown.text).find("div", class_="flash-error").all_text() == \
        "No user named 'nobody'."


def test_hr_may_not_use_the_admin_page(client: TestClient, database: Database) -> None:
    _as(client, database, "hr")
    assert client.get("/admin").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403
