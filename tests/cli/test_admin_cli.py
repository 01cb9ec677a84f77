"""The CLI contract of the workspace: ``admin create-user`` (password from TALENTGRAPH_PASSWORD),
``admin create-token`` (a token the API accepts), ``admin rotate-key`` — on the database named by
TALENTGRAPH_DATABASE_URL, created and migrated if new, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from talentgraph.api import create_app
from talentgraph.settings import Settings
from talentgraph.store import Employee, open_database

SCRIPT = Path(sys.executable).with_name("talentgraph")


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=120,
                          env=env, check=False)


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("TALENTGRAPH_")}
    return {**base, "TALENTGRAPH_DATABASE_URL": database_url,
            "TALENTGRAPH_DATA_DIR": str(tmp_path / "data"), "TALENTGRAPH_ENVIRONMENT": "test"}


def test_create_user_token_and_rotate_key(env: dict[str, str], database_url: str,
                                          tmp_path: Path) -> None:
    made = _run(["admin", "create-user", "alice", "--role", "hr"],
                {**env, "TALENTGRAPH_PASSWORD": "a long password"})
    assert made.returncode == 0, made.stderr
    assert "alice" in made.stdout and "hr" in made.stdout
    token = _run(["admin", "create-token", "alice"], env)
    assert token.returncode == 0, token.stderr
    bearer = token.stdout.strip()
    assert bearer.startswith("tg_") and "\n" not in bearer

    keys = (tmp_path / "data" / "encryption.key").read_text().strip().split(",")
    db = open_database(database_url, keys=keys)
    client = TestClient(create_app(Settings(data_dir=tmp_path / "data", environment="test"),
                                   database=db))
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {bearer}"})
    assert me.status_code == 200 and me.json()["role"] == "hr"
    with db.session() as session:
        session.add(Employee(ref="E1", name="周杰", email="zj@example.com"))
    with db.engine.connect() as connection:
        before = connection.execute(text("SELECT name FROM employees")).scalar_one()
    db.dispose()

    rotated = _run(["admin", "rotate-key"], env)
    assert rotated.returncode == 0, rotated.stderr
    new_keys = (tmp_path / "data" / "encryption.key").read_text().strip().split(",")
    assert new_keys != keys and len(new_keys) == 1
    db = open_database(database_url, keys=new_keys)  # only the new key is needed now
    with db.engine.connect() as connection:
        after = connection.execute(text("SELECT name FROM employees")).scalar_one()
    with db.session() as session:
        assert session.scalars(select(Employee.name)).one() == "周杰"
    db.dispose()
    assert after != before


def test_bad_role_and_unknown_user_are_clear_errors(env: dict[str, str]) -> None:
    bad = _run(["admin", "create-user", "bob", "--role", "boss"],
               {**env, "TALENTGRAPH_PASSWORD": "a long password"})
    assert bad.returncode == 1 and "E0412" in bad.stderr and "hiring_manager" in bad.stderr
    missing = _run(["admin", "create-token", "nobody"], env)
    assert missing.returncode == 1 and "E0404" in missing.stderr and "nobody" in missing.stderr
