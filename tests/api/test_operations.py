"""Imports, jobs and market snapshots through the API."""

from __future__ import annotations

import time
from pathlib import Path

from talentgraph.store import Database
from tests.api._client import auth, make_client, token_for

EMPLOYEES = ("ref,name,email,role_family,level,city\n"
             "E1,王芳,wf@example.com,data-scientist,L2,北京\n"
             "E2,Tom Lee,tom@example.com,ml-engineer,L3,Shanghai\n")


def test_import_is_all_or_nothing_and_idempotent(database: Database, tmp_path: Path) -> None:
    client = make_client(database, tmp_path)
    hr = auth(token_for(database, "hr1", "hr"))
    files = {"file": ("people.csv", EMPLOYEES.encode(), "text/csv")}
    first = client.post("/api/v1/imports/employees", headers=hr, files=files)
    assert first.status_code == 200, first.text
    assert (first.json()["created"], first.json()["unchanged"]) == (2, 0)
    again = client.post("/api/v1/imports/employees", headers=hr, files=files).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    bad = EMPLOYEES + "E3,,not-an-email,data-scientist,L2,北京\n"
    refused = client.post("/api/v1/imports/employees", headers=hr,
                          files={"file": ("bad.csv", bad.encode(), "text/csv")})
    assert refused.status_code == 422 and refused.json()["code"] == "E0210"
    issues = refused.json()["errors"]
    assert {(i["file"], i["row"]) for i in issues} == {("bad.csv", 4)}
    assert {i["column"] for i in issues} >= {"name", "email"}
    listed = client.get("/api/v1/employees", headers=hr)
    if listed.status_code == 200:  # the people routes exist
        assert listed.json()["total"] == 2
    recruiter = auth(token_for(database, "rec", "recruiter"))
    denied = client.post("/api/v1/imports/employees", headers=recruiter, files=files)
    assert denied.status_code == 403
    assert client.post("/api/v1/imports/nonsense", headers=hr, files=files).status_code == 404


def test_import_in_the_background_reports_progress(database: Database, tmp_path: Path) -> None:
    client = make_client(database, tmp_path)
    hr = auth(token_for(database, "hr1", "hr"))
    with client:
        accepted = client.post("/api/v1/imports/employees?background=true", headers=hr,
                               files={"file": ("people.csv", EMPLOYEES.encode(), "text/csv")})
        assert accepted.status_code == 202, accepted.text
        url = accepted.json()["status_url"]
        for _ in range(100):
            job = client.get(url, headers=hr).json()
            if job["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.1)
    assert job["status"] == "succeeded", job
    assert job["progress"] == 1.0
    other = auth(token_for(database, "emp", "employee"))
    assert client.get(url, headers=other).status_code == 404
