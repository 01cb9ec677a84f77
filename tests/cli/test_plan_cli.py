"""``talentgraph plan`` through Typer's CliRunner and the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentgraph.cli._app import _register, app

runner = CliRunner()


@pytest.fixture(autouse=True, scope="module")
def _registered() -> None:
    _register()


def _profile(tmp_path: Path, skills: object) -> Path:
    path = tmp_path / "me.json"
    path.write_text(json.dumps({"skills": skills}, ensure_ascii=False), encoding="utf-8")
    return path


def test_help_shows_the_contract_and_an_example() -> None:
    result = runner.invoke(app, ["plan", "--help"], env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0
    for option in ("--profile", "--role", "--level", "--hours-per-week", "--out"):
        assert option in result.output
    assert "talentgraph plan --profile me.json --role llm-algorithm-engineer" in result.output


def test_plan_json_contract_on_stdout(tmp_path: Path) -> None:
    profile = _profile(tmp_path, {"python": 3, "PyTorch": 2, "大模型": 1, "微调": 1})
    result = runner.invoke(app, ["plan", "--profile", str(profile), "--role",
                                 "llm-algorithm-engineer", "--level", "L3",
                                 "--hours-per-week", "6"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert {"role", "level", "gaps", "steps", "uncovered", "total_hours", "weeks"} <= set(plan)
    assert (plan["role"], plan["level"]) == ("llm-algorithm-engineer", "L3")
    gaps = {g["slug"]: g for g in plan["gaps"]}
    assert gaps["large-language-models"]["current"] == 1  # 大模型 resolved
    assert gaps["large-language-models"]["target"] == 4
    assert gaps["pytorch"] == {**gaps["pytorch"], "current": 2, "target": 3, "weight": 0.9}
    assert "python" not in gaps  # already at target 3
    for key in ("order", "slug", "resources", "hours", "check"):
        assert all(key in step for step in plan["steps"])
    assert [s["order"] for s in plan["steps"]] == list(range(1, len(plan["steps"]) + 1))
    slugs = [s["slug"] for s in plan["steps"]]
    assert slugs.index("transformer") < slugs.index("large-language-models")
    assert plan["weeks"] == -(-plan["total_hours"] // 6)
    assert isinstance(plan["uncovered"], list)


def test_out_file_and_role_by_chinese_name(tmp_path: Path) -> None:
    profile = _profile(tmp_path, {"sql": 2, "Excel": 3})
    out = tmp_path / "plans" / "plan.json"
    result = runner.invoke(app, ["plan", "--profile", str(profile), "--role", "数据分析师",
                                 "--level", "l2", "--out", str(out), "--language", "zh"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out}: ")
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["role"] == "data-analyst" and plan["level"] == "L2"
    assert "excel" not in {g["slug"] for g in plan["gaps"]}


def test_organisation_resources_join_the_catalogue(tmp_path: Path) -> None:
    profile = _profile(tmp_path, {})
    extra = tmp_path / "ours.json"
    extra.write_text(json.dumps([{"ref": "acme-excel", "title": "Excel at Acme",
                                  "kind": "course", "language": "en", "skills": ["excel"],
                                  "level": 3, "hours": 2}]), encoding="utf-8")
    result = runner.invoke(app, ["plan", "--profile", str(profile), "--role", "data-analyst",
                                 "--level", "L2", "--resources", str(extra)])
    assert result.exit_code == 0, result.output
    steps = {s["slug"]: s for s in json.loads(result.output)["steps"]}
    assert steps["excel"]["resources"] == ["docs-excel-help", "acme-excel"]  # level 2, then 3


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from talentgraph.cli._app import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=120, check=False)


def test_errors_are_clear_and_exit_non_zero(tmp_path: Path) -> None:
    bad = _profile(tmp_path, {"python": 3, "zzqq-nothing": 2, "完全没有的技能xyz": 1})
    result = _run("plan", "--profile", str(bad), "--role", "ml-engineer", "--level", "L2")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("Error E0301: 2 skill names of the profile match no skill")
    assert "  - zzqq-nothing" in result.stderr and "  - 完全没有的技能xyz" in result.stderr
    good = _profile(tmp_path, {"python": 3})
    result = _run("plan", "--profile", str(good), "--role", "astronaut", "--level", "L2")
    assert result.returncode == 1
    assert "Error E0412: The '--role' parameter of talentgraph plan must be a role family" in \
        result.stderr and "data-analyst" in result.stderr and "Got 'astronaut'" in result.stderr
    result = _run("plan", "--profile", str(good), "--role", "ml-engineer", "--level", "L9")
    assert "The 'level' parameter of talentgraph plan must be one of 'L1'" in result.stderr
    result = _run("plan", "--profile", str(tmp_path / "none.json"), "--role", "ml-engineer",
                  "--level", "L2")
    assert result.stderr.startswith("Error E0201: The profile file")
    broken = tmp_path / "broken.json"
    broken.write_text('{"skills": [1, 2]}', encoding="utf-8")
    result = _run("plan", "--profile", str(broken), "--role", "ml-engineer", "--level", "L2")
    assert result.stderr.startswith("Error E0208: The profile file") and "Got list" in result.stderr
