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


def test_own_roles_and_aliases(database: Database, tmp_path: Path) -> None:
    client = make_client(database, tmp_path)
    hr = auth(token_for(database, "hr1", "hr"))
    role = {"slug": "agent-engineer", "name_en": "Agent engineer", "name_zh": "智能体工程师",
            "skills": [{"skill": "rag", "weight": 1.0, "levels": [1, 2, 3, 4, 4]},
                       {"skill": "python", "weight": 0.6, "levels": [2, 2, 3, 3, 4]}]}
    created = client.post("/api/v1/framework/roles", headers=hr, json=role)
    assert created.status_code == 201, created.text
    got = client.get("/api/v1/framework/roles/agent-engineer", headers=hr).json()
    assert [s["skill"] for s in got["skills"]] == ["rag", "python"]
    assert [lv["level"] for lv in got["levels"]] == ["L1", "L2", "L3", "L4", "L5"]
    slugs = [r["slug"] for r in client.get("/api/v1/framework/roles", headers=hr).json()]
    assert "agent-engineer" in slugs and "llm-algorithm-engineer" in slugs
    falling = dict(role, slug="bad-role", skills=[{"skill": "rag", "levels": [3, 2, 1, 0, 0]}])
    assert client.post("/api/v1/framework/roles", headers=hr, json=falling).status_code == 422
    alias = client.post("/api/v1/framework/skills/rag/aliases", headers=hr,
                        json={"alias": "知识库问答", "language": "zh"})
    assert alias.status_code == 201
    found = client.get("/api/v1/framework/skills?q=知识库问答", headers=hr).json()
    assert found["items"][0]["slug"] == "rag"
