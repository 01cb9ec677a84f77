"""``talentgraph extract`` and ``talentgraph link`` from the shell: output shape, table inputs,
bad rows, missing columns, --out, and the error contract of the real console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from talentgraph.cli._app import _register, app
from talentgraph.errors import ParameterError

SKILL_KEYS = {"slug", "name_en", "name_zh", "esco_uri", "start", "end", "surface", "section",
              "requirement", "method", "confidence"}
TOP_KEYS = {"id", "language", "skills", "salary", "experience_min_years", "education_min",
            "city", "role_family", "role_family_scores", "occupation"}
SCRIPT = Path(sys.executable).with_name("talentgraph")

POSTING_ZH = (
    "大模型算法工程师\n北京 | 3-5年 | 硕士 | 40-70K·16薪\n任职要求：\n"
    "1. 熟练使用Python和ＰｙＴｏｒｃｈ；\n2. 有大模型微调经验者优先。\n"
)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _extract(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, ["extract", "--exact-only", "--no-progress", *args])


def test_text_file_gives_one_json_line_with_the_documented_keys(runner: CliRunner,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_text(POSTING_ZH, encoding="utf-8")
    result = _extract(runner, str(path))
    assert result.exit_code == 0, result.output
    rows = _lines(result.stdout)
    assert len(rows) == 1
    row = rows[0]
    assert TOP_KEYS <= set(row)
    assert row["id"] == str(path)
    assert row["language"] == "zh"
    assert row["city"] == "北京"
    assert row["experience_min_years"] == 3
    assert row["education_min"] == "master"
    assert row["salary"]["min_monthly"] == 40000 and row["salary"]["months_per_year"] == 16
    assert row["role_family"] == "llm-algorithm-engineer"
    assert row["role_family"] in row["role_family_scores"]
    assert {"esco_uri", "csco_code"} <= set(row["occupation"])
    for skill in row["skills"]:
        assert set(skill) == SKILL_KEYS
        assert POSTING_ZH[skill["start"]:skill["end"]].strip() == skill["surface"]
    by_slug = {s["slug"]: s for s in row["skills"]}
    assert by_slug["pytorch"]["surface"] == "ＰｙＴｏｒｃｈ"
    assert by_slug["fine-tuning"]["requirement"] == "preferred"
    assert by_slug["python"]["method"] == "exact"
    assert "1 records extracted, 0 skipped" in result.stderr


def test_csv_with_named_columns(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(
        "job_id,job_title,description,company\n"
        "a1,Data Engineer,\"Requirements: Spark, Kafka and SQL. $130K - $160K\",Acme\n"
        "a2,数据分析师,熟练使用SQL与Tableau，上海,某公司\n",
        encoding="utf-8",
    )
    result = _extract(runner, str(path), "--text-col", "description", "--title-col",
                      "job_title", "--id-col", "job_id")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in _lines(result.stdout)}
    assert set(rows) == {"a1", "a2"}
    assert rows["a1"]["title"] == "Data Engineer"
    assert {"spark", "kafka", "sql"} <= {s["slug"] for s in rows["a1"]["skills"]}
    assert rows["a1"]["salary"]["currency"] == "USD"
    assert rows["a2"]["language"] == "zh" and rows["a2"]["city"] == "上海"
    assert {"sql", "tableau"} <= {s["slug"] for s in rows["a2"]["skills"]}


def test_csv_missing_the_text_column_lists_the_columns_found(runner: CliRunner,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("id,title,body\n1,ML Engineer,Python and PyTorch\n", encoding="utf-8")
    result = _extract(runner, str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Error E0207" in result.stderr
    assert "'text'" in result.stderr
    assert "'id', 'title', 'body'" in result.stderr
    assert "--text-col" in result.stderr
    assert "0 records extracted" in result.stderr


def test_bad_row_is_reported_and_skipped_while_the_others_are_written(
        runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("id,title,text\nok-1,A,Python and SQL\nbad-2,B,\nok-3,C,熟悉Go语言开发\n",
                    encoding="utf-8")
    result = _extract(runner, str(path))
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in _lines(result.stdout)] == ["ok-1", "ok-3"]
    assert "Skipped E0208" in result.stderr
    assert "jobs.csv row 2" in result.stderr and "'text'" in result.stderr
    assert "2 records extracted, 1 skipped" in result.stderr


def test_bad_row_message_names_the_record_id(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("id,title,text\nok-1,A,Python\nbad-2,B,\n", encoding="utf-8")
    assert "bad-2" in _extract(runner, str(path)).stderr


def test_out_file_gets_the_json_lines(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "posting.txt"
    src.write_text("Backend Engineer\nRequirements: Go, gRPC and PostgreSQL.\n",
                   encoding="utf-8")
    out = tmp_path / "out" / "skills.jsonl"
    out.parent.mkdir()
    result = _extract(runner, str(src), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    rows = _lines(out.read_text(encoding="utf-8"))
    assert len(rows) == 1
    assert {"go", "grpc", "postgresql"} <= {s["slug"] for s in rows[0]["skills"]}


def test_missing_input_raises_a_parameter_error(runner: CliRunner, tmp_path: Path) -> None:
    result = _extract(runner, str(tmp_path / "nope.txt"))
    assert isinstance(result.exception, ParameterError)
    assert "does not exist" in str(result.exception)
    assert "nope.txt" in str(result.exception)


def test_link_prints_top_k_candidates(runner: CliRunner) -> None:
    result = runner.invoke(app, ["link", "machine learning", "大模型微调", "--top", "3"])
    assert result.exit_code == 0, result.output
    rows = _lines(result.stdout)
    assert len(rows) == 2
    for row in rows:
        assert {"id", "candidates"} <= set(row)
        assert len(row["candidates"]) == 3
        for cand in row["candidates"]:
            assert {"esco_uri", "label", "score"} <= set(cand)
            assert cand["esco_uri"].startswith("http://data.europa.eu/esco/skill/")
        scores = [c["score"] for c in row["candidates"]]
        assert scores == sorted(scores, reverse=True)
    assert rows[0]["candidates"][0]["label"].lower() == "machine learning"


def test_link_without_input_is_a_parameter_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["link"])
    assert isinstance(result.exception, ParameterError)
    assert "--input" in str(result.exception)


# ------------------------------------------------------------ the real console script
def test_console_script_prints_coded_error_and_exits_non_zero(tmp_path: Path) -> None:
    proc = subprocess.run([str(SCRIPT), "extract", "--exact-only", "--no-progress",
                           str(tmp_path / "missing.txt")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith("Error E0412: Input ")
    assert "missing.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_console_script_missing_column_exits_non_zero(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,body\n1,Python\n", encoding="utf-8")
    proc = subprocess.run([str(SCRIPT), "extract", "--exact-only", "--no-progress", str(path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert "Error E0207" in proc.stderr and "'id', 'body'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1
