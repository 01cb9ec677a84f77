"""The framework API: search in both languages, roles by level, the organisation's own skills."""

from __future__ import annotations

from pathlib import Path

from talentgraph.store import Database
from tests.api._client import auth, make_client, token_for


def test_search_roles_and_own_skills(database: Database, tmp_path: Path) -> None:
    client = make_client(database, tmp_path)
    employee = auth(token_for(database, "emp", "employee"))
    hr = auth(token_for(database, "hr1", "hr"))
    found = client.get("/api/v1/framework/skills?q=检索增强", headers=employee).json()
    assert found["items"][0]["slug"] == "rag"
    role = client.get("/api/v1/framework/roles/llm-algorithm-engineer", headers=employee).json()
    assert [lv["level"] for lv in role["levels"]][:2] == ["L1", "L2"]
    assert all(len(s["levels"]) == 5 for s in role["skills"])
    new = {"slug": "agent-evaluation", "name_en": "Agent evaluation", "name_zh": "智能体评测",
           "prerequisites": ["rag"]}
    assert client.post("/api/v1/framework/skills", headers=employee, json=new).status_code == 403
    created = client.post("/api/v1/framework/skills", headers=hr, json=new)
    assert created.status_code == 201 and created.json()["source"] == "org"
    again = client.post("/api/v1/framework/skills", headers=hr, json=new)
    assert again.status_code == 409
    mine = client.get("/api/v1/framework/skills?q=智能体评测", headers=employee).json()
    assert mine["items"][0]["slug"] == "agent-evaluation"
    cyclic = client.post("/api/v1/framework/skills", headers=hr, json={
        "slug": "x-skill", "name_en": "X", "prerequisites": ["nonexistent-skill"]})
    assert cyclic.status_code == 422
    assert client.get("/api/v1/framework/skills/no-such-skill", headers=employee).status_code == 404
