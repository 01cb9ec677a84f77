"""The console script's contract with scripts: exit codes and `Error Exxxx:` on stderr."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).with_name("talentgraph")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.mark.slow
def test_nothing_readable_exits_non_zero_and_lists_columns(tmp_path: Path) -> None:
    table = tmp_path / "jobs.csv"
    table.write_text("id,title,description\n1,DS,Python and SQL\n", encoding="utf-8")
    result = run("extract", str(table), "--exact-only", "--no-progress")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Error E0207" in result.stderr and "'description'" in result.stderr


@pytest.mark.slow
def test_a_bad_row_is_skipped_and_the_rest_written(tmp_path: Path) -> None:
    table = tmp_path / "jobs.csv"
    table.write_text("id,title,text\n1,DS,Python and SQL\n2,Empty,\n", encoding="utf-8")
    result = run("extract", str(table), "--exact-only", "--no-progress")
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1
    assert "E0208" in result.stderr and "row 2" in result.stderr


def test_unknown_slug_is_a_coded_error_without_traceback() -> None:
    result = run("taxonomy", "show", "no-such-skill-xyz")
    assert result.returncode == 1
    assert result.stderr.startswith("Error E0301:")
    assert "Traceback" not in result.stderr


def test_usage_errors_are_coded_and_exit_2() -> None:
    result = run("extract")
    assert result.returncode == 2
    assert "Error E0412: Missing argument" in result.stderr
    assert "talentgraph extract --help" in result.stderr
    assert "unexpected" not in result.stderr


@pytest.mark.slow
def test_header_only_table_and_empty_folder_are_reported(tmp_path: Path) -> None:
    (tmp_path / "head.csv").write_text("id,title,text\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = run("extract", str(tmp_path / "head.csv"), str(tmp_path / "empty"),
                 "--exact-only", "--no-progress")
    assert result.returncode == 1
    assert "head.csv has no records" in result.stderr
    assert "holds no files to read" in result.stderr


@pytest.mark.slow
def test_a_column_of_numbers_is_not_taken_for_text(tmp_path: Path) -> None:
    table = tmp_path / "jobs.csv"
    table.write_text("id,title,salary,text\n1,Eng,12345,Python\n", encoding="utf-8")
    result = run("extract", str(table), "--text-col", "salary", "--exact-only", "--no-progress")
    assert result.returncode == 1
    assert "holds no words" in result.stderr and "--text-col" in result.stderr


@pytest.mark.slow
def test_link_input_skips_bad_lines_and_keeps_ids(tmp_path: Path) -> None:
    src = tmp_path / "phrases.jsonl"
    src.write_text('{"id": "a", "text": "machine learning"}\n{broken\n'
                   '{"id": "c", "text": "数据分析"}\n', encoding="utf-8")
    result = run("link", "--input", str(src), "--top", "1")
    assert result.returncode == 0
    ids = [line.split('"id": ')[1].split(",")[0] for line in result.stdout.splitlines()]
    assert ids == ['"a"', '"c"']
    assert "E0208" in result.stderr and "row 2" in result.stderr


@pytest.mark.slow
def test_repeated_skills_are_capped_per_document(tmp_path: Path) -> None:
    import json

    doc = tmp_path / "big.txt"
    doc.write_text("Python SQL " * 5000, encoding="utf-8")
    result = run("extract", str(doc), "--exact-only", "--no-progress")
    assert result.returncode == 0
    skills = json.loads(result.stdout)["skills"]
    assert sum(s["slug"] == "python" for s in skills) == 20
    assert sum(s["slug"] == "sql" for s in skills) == 20


def test_link_input_that_does_not_exist() -> None:
    result = run("link", "--input", "/nonexistent/phrases.jsonl")
    assert result.returncode == 1
    assert result.stderr.startswith("Error E0412: Input '/nonexistent/phrases.jsonl' does not exist")
