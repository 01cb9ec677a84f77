"""Killing the server in the middle of an import leaves the database as it was before the import
(issue 4, "Checks that must hold").

A real server (``talentgraph serve``) runs on SQLite, and on PostgreSQL when one is available. An
admin made with the CLI imports a small employees file (the baseline), then uploads a large one;
once the server is writing that import (rows reach the SQLite write-ahead log, or PostgreSQL
runs the INSERTs) the process is killed with SIGKILL. After a restart every table but the API
tokens (whose last use is stamped) equals the baseline, row for row, and the schema is at head.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from talentgraph.store import head_revision, open_database, schema_revision
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery"
BIG_ROWS = 60_000
#: Tables whose rows the server may touch outside the import (the token's last use).
VOLATILE = frozenset({"api_tokens"})
COLUMNS = ("ref", "name", "email", "phone", "department", "city", "hired_on")


def _employees_csv(rows: int, *, prefix: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for i in range(rows):
        writer.writerow([f"{prefix}{i:06d}", f"Person {prefix}{i}", f"{prefix.lower()}{i}@example.com",
                         f"+86 138 0000 {i % 10_000:04d}", "研发部", "北京", "2021-03-01"])
    return out.getvalue().encode("utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``talentgraph serve`` in its own process group, on one workspace."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env, self.cwd = env, cwd
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = cwd / f"server-{self.port}.log"

    def cli(self, *args: str) -> str:
        """Run ``talentgraph ARGS`` on the workspace; its standard output."""
        done = subprocess.run([str(BIN / "talentgraph"), *args], env=self.env, cwd=self.cwd,
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self) -> None:
        """Start the server and wait until it answers."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "talentgraph"), "serve", "--port", str(self.port),
                 "--log-level", "warning"],
                env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text(errors="replace")
            try:
                status, _ = self.request("GET", "/api/v1/health")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"the server did not start: {self.log.read_text(errors='replace')}")

    def kill(self) -> None:
        """SIGKILL the server (and anything it started)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def connect(self, timeout: float = 120) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method: str, path: str, *, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """One request; the status and the decoded JSON body."""
        connection = self.connect(timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()


def _multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").encode() + content + \
        f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (but the volatile ones), in primary-key order."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    inspector = inspect(engine)
    with engine.connect() as connection:
        for table in sorted(inspector.get_table_names()):
            if table in VOLATILE:
                continue
            keys = inspector.get_pk_constraint(table)["constrained_columns"] or ["1"]
            order = ", ".join(f'"{k}"' for k in keys)
            rows = connection.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}'))
            tables[table] = [tuple(row) for row in rows]
    return tables


def _writing_sqlite(url: str) -> Callable[[], bool]:
    wal = Path(url.removeprefix("sqlite:///") + "-wal")
    start = wal.stat().st_size if wal.exists() else 0

    def is_writing() -> bool:  # pages of the uncommitted import spill into the WAL
        return wal.exists() and wal.stat().st_size > start + (4 << 20)

    return is_writing


def _writing_postgres(engine: Engine) -> Callable[[], bool]:
    def is_writing() -> bool:
        with engine.connect() as connection:
            return bool(connection.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND query ILIKE 'INSERT INTO employees%'")))

    return is_writing


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    """A server's environment on a new workspace (started by the test)."""
    env = {**os.environ, "TALENTGRAPH_DATA_DIR": str(tmp_path),
           "TALENTGRAPH_DATABASE_URL": database_url, "TALENTGRAPH_ENCRYPTION_KEYS": TEST_KEY,
           "TALENTGRAPH_ENVIRONMENT": "test", "TALENTGRAPH_PASSWORD": PASSWORD}
    server = Server(env, tmp_path)
    yield server
    server.kill()


def test_killing_the_server_mid_import_leaves_the_database_as_before(
        server: Server, database_url: str) -> None:
    server.cli("admin", "create-user", "crash-admin", "--role", "admin")
    token = server.cli("admin", "create-token", "crash-admin").strip().splitlines()[-1]
    auth = {"Authorization": f"Bearer {token}"}
    server.start()

    body, content_type = _multipart("baseline.csv", _employees_csv(3, prefix="A"))
    status, report = server.request("POST", "/api/v1/imports/employees", body=body,
                                    headers={**auth, "Content-Type": content_type})
    assert status == 200, report
    assert (report["rows"], report["created"]) == (3, 3)

    engine = create_engine(database_url)
    try:
        baseline = _snapshot(engine)
        assert [row[0] for row in baseline["employees"]] == [1, 2, 3]
        is_writing = (_writing_sqlite(database_url) if database_url.startswith("sqlite")
                      else _writing_postgres(engine))

        body, content_type = _multipart("big.csv", _employees_csv(BIG_ROWS, prefix="B"))
        connection = server.connect(timeout=300)
        connection.request("POST", "/api/v1/imports/employees", body=body,
                           headers={**auth, "Content-Type": content_type})  # all sent
        deadline = time.monotonic() + 240
        while not is_writing():
            assert time.monotonic() < deadline, "the import never started writing"
            assert server.process is not None and server.process.poll() is None
            time.sleep(0.05)
        server.kill()
        with pytest.raises((ConnectionError, http.client.HTTPException)):
            connection.getresponse()  # the import never answered
        connection.close()

        server.start()  # reopens (and migrates) the workspace
        assert server.request("GET", "/api/v1/health")[1]["ok"] is True
        assert schema_revision(engine) == head_revision()
        if database_url.startswith("sqlite"):
            with engine.connect() as check:
                assert check.scalar(text("PRAGMA integrity_check")) == "ok"
        after = _snapshot(engine)
        assert after.keys() == baseline.keys()
        for table, rows in baseline.items():
            assert after[table] == rows, f"{table} changed"
        status, page = server.request("GET", "/api/v1/employees?limit=10", headers=auth)
        assert status == 200 and page["total"] == 3
    finally:
        engine.dispose()
    server.kill()
    open_database(database_url, keys=[TEST_KEY]).dispose()  # opens and migrates cleanly
