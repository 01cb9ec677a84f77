"""``talentgraph demo`` end to end (what ``make run`` runs): the market analysis, the demo
workspace with its market snapshot and logins printed, a second run that adds nothing, and
``--serve`` serving the web app on that workspace until interrupted."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from talentgraph.services._demo import DEMO_LOGINS, DEMO_PASSWORD, DEMO_SNAPSHOT_TITLE

SCRIPT = Path(sys.executable).with_name("talentgraph")
pytestmark = pytest.mark.slow


def _env() -> dict[str, str]:
    """The environment of a user who set nothing: SQLite in the demo folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTGRAPH_")}
    return {**env, "COLUMNS": "120", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("demo") / "out"
    proc = subprocess.run([str(SCRIPT), "demo", "--no-serve", "--out", str(out), "-j", "1"],
                          capture_output=True, text=True, timeout=600, env=_env(), cwd=out.parent)
    return out, proc


def test_demo_prints_the_url_the_logins_and_the_password(
        demo: tuple[Path, subprocess.CompletedProcess]) -> None:
    out, proc = demo
    assert proc.returncode == 0, proc.stderr
    assert "http://127.0.0.1:8000" in proc.stdout
    assert f"password of each: {DEMO_PASSWORD}" in proc.stdout
    for login in DEMO_LOGINS:
        assert re.search(rf"^\s+{login.username}\s+{login.role}\s", proc.stdout, re.M)
    assert "employees 40" in proc.stdout and "market snapshots 1" in proc.stdout
    assert "talentgraph demo --serve" in proc.stdout  # how to serve it, since --no-serve


def test_demo_builds_the_workspace_database_with_the_market_snapshot(
        demo: tuple[Path, subprocess.CompletedProcess]) -> None:
    out, proc = demo
    assert proc.returncode == 0, proc.stderr
    db = out / "workspace" / "talentgraph.db"
    assert db.is_file() and (out / "talentgraph.db").is_file()  # the older SQLite file too
    con = sqlite3.connect(db)
    try:
        snapshots = con.execute("SELECT title, language, summary, out_dir FROM market_snapshots"
                                ).fetchall()
        users = dict(con.execute("SELECT username, role FROM users").fetchall())
    finally:
        con.close()
    assert len(snapshots) == 1
    title, language, summary, out_dir = snapshots[0]
    assert (title, language) == (DEMO_SNAPSHOT_TITLE, "en")
    assert json.loads(summary)["postings_read"] > 2000
    assert Path(out_dir) == (out / "workspace" / "market" / "demo").resolve()
    assert (Path(out_dir) / "report.html").is_file()
    assert users == {login.username: login.role for login in DEMO_LOGINS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"talentgraph demo --serve exited early: {proc.stdout.read()}")  # type: ignore[union-attr]
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.5)
    pytest.fail(f"nothing answered at {url}")


def test_demo_serve_reuses_the_workspace_and_the_employee_logs_in(
        demo: tuple[Path, subprocess.CompletedProcess]) -> None:
    out, _ = demo
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([str(SCRIPT), "demo", "--serve", "--port", str(port), "--out",
                             str(out), "-j", "1"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=_env(), cwd=out.parent)
    try:
        _wait_for(f"{base}/login", proc)
        with httpx.Client(base_url=base, timeout=30) as client:
            form = client.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            assert token is not None
            answer = client.post("/login", data={"username": "employee",
                                                 "password": DEMO_PASSWORD,
                                                 "csrf_token": token[1], "next": "/"})
            assert answer.status_code == 303, answer.text
            plans = client.get("/api/v1/learning-plans").json()
        assert plans["total"] == 1
        assert plans["items"][0]["target_role"] == "llm-algorithm-engineer"
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, output
    assert "nothing new (already seeded)" in output
    assert f"{base}" in output and "Ctrl-C" in output
