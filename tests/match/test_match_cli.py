"""``talentgraph match``: the CSV contract, order, languages and unreadable resumes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentgraph.cli._app import _register, app
from talentgraph.cli._match import RANKING_COLUMNS
from talentgraph.errors import EmptyInputError, ParameterError

DATA = Path(__file__).resolve().parents[1] / "data" / "match"
runner = CliRunner()


@pytest.fixture(autouse=True, scope="module")
def _registered() -> None:
    _register()


def _run(*args: str) -> object:
    return runner.invoke(app, ["match", *args, "--no-progress"])


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_yaml_opening_ranks_best_first_with_the_contract_columns(tmp_path: Path) -> None:
    out = tmp_path / "ranking.csv"
    result = _run("--opening", str(DATA / "opening.yaml"), "--resumes", str(DATA / "resumes"),
                  "--out", str(out))
    assert result.exit_code == 0, result.output
    header, rows = _rows(out)
    assert header == list(RANKING_COLUMNS) == ["candidate", "score", "matched", "missing",
                                               "explanation"]
    assert [r["candidate"] for r in rows] == ["alice_llm.txt", "bob_backend.md",
                                              "carol_chef.txt"]
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True) and 0 <= scores[-1] and scores[0] <= 100
    alice, bob, carol = rows
    assert alice["matched"].split(";") == ["rag", "python", "pytorch", "kubernetes"]
    assert alice["missing"] == ""
    assert set(bob["matched"].split(";")) == {"python", "pytorch"}
    assert bob["missing"].split(";") == ["rag", "kubernetes"]
    assert carol["matched"] == "" and carol["missing"].split(";") == ["rag", "python", "pytorch",
                                                                      "kubernetes"]
    assert bob["explanation"].startswith("Covers 2 of 4 skills asked")
    assert "missing: Retrieval-augmented generation (RAG), Kubernetes" in bob["explanation"]
    # unreadable resumes are reported and skipped, not fatal
    assert "Skipped broken.pdf: Error E0206" in result.stderr
    assert "Skipped empty.txt: Error E0202" in result.stderr
    assert "3 candidates ranked, 2 unreadable resumes skipped" in result.stderr


def test_chinese_description_against_english_resumes(tmp_path: Path) -> None:
    out = tmp_path / "ranking.csv"
    result = _run("--opening", str(DATA / "jd_zh.txt"), "--resumes", str(DATA / "resumes"),
                  "--out", str(out), "--lang", "zh", "--weights", "skills=0,similarity=1")
    assert result.exit_code == 0, result.output
    _, rows = _rows(out)
    # similarity alone (multilingual encoder): the LLM engineer first, the chef last
    assert [r["candidate"] for r in rows] == ["alice_llm.txt", "bob_backend.md",
                                              "carol_chef.txt"]
    assert rows[0]["explanation"].startswith("工作经历与岗位相似度")
    assert float(rows[0]["score"]) > float(rows[2]["score"]) + 30


def test_bad_options_are_refused(tmp_path: Path) -> None:
    out = str(tmp_path / "r.csv")
    opening = str(DATA / "opening.yaml")
    result = _run("--opening", opening, "--resumes", str(DATA / "resumes"), "--out", out,
                  "--weights", "skills=2")
    assert isinstance(result.exception, ParameterError)
    assert "must be a number in [0, 1]. Got 2.0" in str(result.exception)
    result = _run("--opening", opening, "--resumes", str(DATA / "opening.yaml"), "--out", out)
    assert isinstance(result.exception, ParameterError)
    assert "is a file, not a folder" in str(result.exception)
    result = _run("--opening", opening, "--resumes", str(DATA / "resumes"), "--out", out,
                  "--lang", "fr")
    assert isinstance(result.exception, ParameterError)


def test_a_folder_of_unreadable_resumes_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    result = _run("--opening", str(DATA / "opening.yaml"), "--resumes", str(folder), "--out",
                  str(tmp_path / "r.csv"))
    assert isinstance(result.exception, EmptyInputError)
    assert "(1 unreadable)" in str(result.exception)
    assert not (tmp_path / "r.csv").exists()
