"""Test helpers for the API: an app on a given database, and clients logged in as a role."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from talentgraph.api import create_app
from talentgraph.domain import SYSTEM
from talentgraph.services._accounts import create_token, create_user, get_user
from talentgraph.settings import Settings
from talentgraph.store import Database

PASSWORD = "correct horse battery"


def make_client(database: Database, tmp_path: Path, **settings: object) -> TestClient:
    """A TestClient on a fresh app over ``database`` (no cookies, no token)."""
    app = create_app(Settings(data_dir=tmp_path, environment="test", **settings),
                     database=database)
    return TestClient(app)


def ensure_user(database: Database, username: str, role: str, *,
                employee_id: int | None = None) -> int:
    """The id of a user with this name and role, created when missing."""
    with database.session() as session:
        try:
            return get_user(session, username=username).id
        except KeyError:
            return create_user(session, username=username, password=PASSWORD, role=role,
                               employee_id=employee_id, actor=SYSTEM).id


def token_for(database: Database, username: str, role: str, *,
              scopes: tuple[str, ...] = ("read", "write"), employee_id: int | None = None) -> str:
    """A new API token of the user ``username`` (created with ``role`` when missing)."""
    ensure_user(database, username, role, employee_id=employee_id)
    with database.session() as session:
        user = get_user(session, username=username)
        return create_token(session, user=user, actor=SYSTEM, scopes=scopes).token


def auth(token: str) -> dict[str, str]:
    """The header that authenticates with ``token``."""
    return {"Authorization": f"Bearer {token}"}
