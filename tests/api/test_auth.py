"""Authentication and protection of the API: tokens (scoped, revocable, hashed), the error
envelope, request size limits, the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from talentgraph.errors import AuthenticationError, ThrottledError
from talentgraph.services._accounts import authenticate
from talentgraph.settings import Settings
from talentgraph.store import ApiToken, AuditEvent, Database
from tests.api._client import PASSWORD, auth, ensure_user, make_client, token_for


def test_anonymous_gets_the_envelope(database: Database, tmp_path: Path) -> None:
    response = make_client(database, tmp_path).get("/api/v1/me")
    assert response.status_code == 401
    body = response.json()
    assert body["ok"] is False and body["code"] == "E0601" and body["errors"]


def test_token_authenticates_and_is_stored_hashed(database: Database, tmp_path: Path) -> None:
    token = token_for(database, "alice", "hr")
    client = make_client(database, tmp_path)
    me = client.get("/api/v1/me", headers=auth(token))
    assert me.status_code == 200 and me.json()["username"] == "alice"
    with database.session() as session:
        stored = session.scalars(select(ApiToken.token_hash)).all()
    assert token not in stored and all(len(h) == 64 for h in stored)
    assert client.get("/api/v1/me", headers=auth(token + "x")).status_code == 401


def test_revoked_token_stops_working(database: Database, tmp_path: Path) -> None:
    token = token_for(database, "bob", "recruiter")
    client = make_client(database, tmp_path)
    mine = client.get("/api/v1/tokens", headers=auth(token)).json()
    assert len(mine) == 1
    assert client.delete(f"/api/v1/tokens/{mine[0]['id']}", headers=auth(token)).status_code == 200
    assert client.get("/api/v1/me", headers=auth(token)).status_code == 401


def test_read_only_token_cannot_write(database: Database, tmp_path: Path) -> None:
    token = token_for(database, "root", "admin", scopes=("read",))
    client = make_client(database, tmp_path)
    assert client.get("/api/v1/users", headers=auth(token)).status_code == 200
    response = client.post("/api/v1/users", headers=auth(token), json={
        "username": "carol", "password": PASSWORD, "role": "hr"})
    assert response.status_code == 403 and "read-only" in response.json()["error"]


def test_admin_creates_users_and_validation_uses_the_envelope(
        database: Database, tmp_path: Path) -> None:
    token = token_for(database, "root", "admin")
    client = make_client(database, tmp_path)
    created = client.post("/api/v1/users", headers=auth(token), json={
        "username": "dora", "password": PASSWORD, "role": "recruiter"})
    assert created.status_code == 201 and created.json()["role"] == "recruiter"
    again = client.post("/api/v1/users", headers=auth(token), json={
        "username": "dora", "password": PASSWORD, "role": "recruiter"})
    assert again.status_code == 409 and again.json()["code"] == "E0409"
    bad = client.post("/api/v1/users", headers=auth(token), json={
        "username": "x y", "password": "short", "role": "boss"})
    assert bad.status_code == 422 and bad.json()["code"] == "E0412"
    assert {e["location"] for e in bad.json()["errors"]} >= {"body.username", "body.password"}
    wrong_role = client.post("/api/v1/users", headers=auth(token), json={
        "username": "erin", "password": PASSWORD, "role": "boss"})
    assert wrong_role.status_code == 422 and "boss" in wrong_role.json()["error"]


def test_sort_and_pagination_of_users(database: Database, tmp_path: Path) -> None:
    token = token_for(database, "root", "admin")
    for name in ("zed", "amy", "kim"):
        ensure_user(database, name, "employee")
    client = make_client(database, tmp_path)
    page = client.get("/api/v1/users?sort=-username&limit=2", headers=auth(token)).json()
    assert page["total"] == 4 and [u["username"] for u in page["items"]] == ["zed", "root"]
    nxt = client.get("/api/v1/users?sort=-username&limit=2&offset=2", headers=auth(token)).json()
    assert [u["username"] for u in nxt["items"]] == ["kim", "amy"]
    bad = client.get("/api/v1/users?sort=password_hash", headers=auth(token))
    assert bad.status_code == 422 and "sort" in bad.json()["error"]


def test_request_size_limit(database: Database, tmp_path: Path) -> None:
    token = token_for(database, "root", "admin")
    client = make_client(database, tmp_path, max_request_bytes=1000)
    response = client.post("/api/v1/users", headers=auth(token), content=b"x" * 5000)
    assert response.status_code == 413 and response.json()["code"] == "E0209"


def test_login_throttling(database: Database) -> None:
    ensure_user(database, "frank", "hr")
    settings = Settings(login_max_failures=3, environment="test")
    for _ in range(3):
        with pytest.raises(AuthenticationError), database.session() as session:
            authenticate(session, username="frank", password="wrong", ip="10.0.0.1",
                         settings=settings)
    # the right password is refused too while throttled, from the same address or name
    with pytest.raises(ThrottledError), database.session() as session:
        authenticate(session, username="frank", password=PASSWORD, ip="10.0.0.2",
                     settings=settings)
    with database.session() as session:
        failed = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "login_failed")).all()
    assert len(failed) == 3 and failed[0].ip == "10.0.0.1"


def test_every_write_is_audited_and_admins_export_it(database: Database, tmp_path: Path) -> None:
    token = token_for(database, "root", "admin")
    client = make_client(database, tmp_path)
    client.post("/api/v1/users", headers=auth(token), json={
        "username": "gina", "password": PASSWORD, "role": "hr"})
    events = client.get("/api/v1/audit?action=create&resource=user", headers=auth(token)).json()
    assert events["total"] >= 2 and events["items"][0]["actor"] == "root"
    csv_text = client.get("/api/v1/audit/export", headers=auth(token)).text
    assert csv_text.splitlines()[0].startswith("id,at,actor_id,actor,action")
    assert "user" in csv_text
    hr = token_for(database, "gina", "hr")
    assert client.get("/api/v1/audit", headers=auth(hr)).status_code == 403


def test_audit_export_escapes_formulas(database: Database, tmp_path: Path) -> None:
    from talentgraph.errors import AuthenticationError as Refused

    with pytest.raises(Refused), database.session() as session:
        authenticate(session, username="=HYPERLINK(1)", password="x", ip="1.2.3.4",
                     settings=Settings(environment="test"))
    token = token_for(database, "root", "admin")
    csv_text = make_client(database, tmp_path).get("/api/v1/audit/export",
                                                   headers=auth(token)).text
    assert "'=HYPERLINK(1)" in csv_text and ",=HYPERLINK" not in csv_text
