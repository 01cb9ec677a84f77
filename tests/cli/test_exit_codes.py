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
