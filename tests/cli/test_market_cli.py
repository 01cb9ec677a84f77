"""``talentgraph market analyze`` end to end: the files it writes, what summary.json says,
duplicates and skipped rows counted, --map, and the errors a user sees."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _market_corpus import write_corpus as _write_corpus
from typer.testing import CliRunner

from talentgraph.cli._app import _register, app

SCRIPT = Path(sys.executable).with_name("talentgraph")

@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    base = tmp_path_factory.mktemp("market")
    corpus = _write_corpus(base / "in")
    out = base / "out"
    proc = subprocess.run([str(SCRIPT), "market", "analyze", str(corpus), "--out", str(out),
                           "--lang", "zh", "--no-progress", "-j", "2"],
                          capture_output=True, text=True, timeout=300)
    return out, proc


def _read(path: Path) -> io.StringIO:
    return io.StringIO(path.read_text(encoding="utf-8-sig"))


def _summary(out: Path) -> dict[str, Any]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_the_run_succeeds_and_names_the_report(analysed: tuple[Path, Any]) -> None:
    out, proc = analysed
    assert proc.returncode == 0, proc.stderr
    assert str(out / "report.html") in proc.stdout


def test_summary_counts_every_row_once(analysed: tuple[Path, Any]) -> None:
    out, _ = analysed
    s = _summary(out)
    assert s["postings_read"] == 30 + 16
    assert s["skipped"] == 1 and s["skipped_by_reason"] == {"no_text": 1}
    assert s["exact_duplicates"] >= 1 and s["near_duplicates"] >= 1
    assert s["duplicates"] == s["exact_duplicates"] + s["near_duplicates"]
    assert s["unique_postings"] == s["postings_read"] - s["duplicates"] - s["skipped"]


def test_postings_jsonl_holds_each_unique_posting_once(analysed: tuple[Path, Any]) -> None:
    out, _ = analysed
    lines = (out / "postings.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == _summary(out)["unique_postings"]
    assert len({r["id"] for r in rows}) == len(rows)
    assert all("skills" in r and "role_family" in r for r in rows)


def test_top_skills_is_a_mapping_of_role_family_to_ranked_shares(
        analysed: tuple[Path, Any]) -> None:
    out, _ = analysed
    top = _summary(out)["top_skills"]
    assert top, "no role family has top skills"
    for role, skills in top.items():
        assert isinstance(role, str) and skills
        shares = [s["share"] for s in skills]
        assert shares == sorted(shares, reverse=True)
        assert all(set(s) == {"slug", "share"} and 0 < s["share"] <= 1 for s in skills)
    everything = {s["slug"] for skills in top.values() for s in skills}
    assert "python" in everything


def test_every_table_is_written_as_csv(analysed: tuple[Path, Any]) -> None:
    out, _ = analysed
    names = {p.stem for p in out.glob("*.csv")}
    for expected in ("volume", "skill_demand", "skill_demand_by_role_family", "skill_trends",
                     "emerging_terms", "skill_pairs", "pay_by_role_family", "data_quality",
                     "skipped", "currency_rates"):
        assert expected in names
    demand = list(csv.DictReader(_read(out / "skill_demand.csv")))
    assert demand and {"slug", "share", "required", "preferred"} <= set(demand[0])


def test_report_is_self_contained_chinese_html(analysed: tuple[Path, Any]) -> None:
    out, _ = analysed
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert 'lang="zh' in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<svg" in html


def test_unparseable_salary_is_kept_and_counted(analysed: tuple[Path, Any]) -> None:
    out, _ = analysed
    quality = {r["metric"]: float(r["value"]) for r in
               csv.DictReader(_read(out / "data_quality.csv"))}
    assert 0 < quality["share_salary_unparsed"] < 0.1
    assert 0.5 < quality["share_with_salary"] < 1


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def test_unmappable_input_lists_the_columns_found(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["market", "analyze", str(path), "--out", str(tmp_path / "o"),
                                 "--no-progress", "-j", "1"])
    assert result.exit_code != 0
    message = str(result.exception) + result.output
    assert "foo" in message and "bar" in message and "--map" in message


def test_map_names_an_unrecognised_column(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["headline", "body"])
        writer.writerow(["Data Analyst", "We need SQL and Python. Excel is a plus."])
    out = tmp_path / "o"
    result = runner.invoke(app, ["market", "analyze", str(path), "--out", str(out),
                                 "--map", "title=headline", "--map", "text=body",
                                 "--no-progress", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert _summary(out)["unique_postings"] == 1


@pytest.mark.parametrize("args, needle", [
    (["--lang", "fr"], "--lang"),
    (["--engine", "hadoop"], "--engine"),
    (["--map", "salary"], "FIELD=COLUMN"),
    (["--map", "pay=x"], "not a posting field"),
    (["--currency", "XYZ"], "--currency"),
    (["--reference-date", "yesterday"], "YYYY-MM-DD"),
])
def test_bad_options_give_coded_errors(runner: CliRunner, tmp_path: Path, args: list[str],
                                       needle: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text("title,text\nA,Python\n", encoding="utf-8")
    result = runner.invoke(app, ["market", "analyze", str(path), "--out",
                                 str(tmp_path / "o"), "--no-progress", *args])
    assert result.exit_code != 0
    assert needle in str(result.exception) + result.output


def test_a_messy_folder_finishes_and_says_what_it_could_not_use(runner: CliRunner,
                                                                tmp_path: Path) -> None:
    folder = tmp_path / "messy"
    folder.mkdir()
    gbk_rows = ["职位名称,职位描述,薪资,城市,发布日期",
                "数据分析师,熟练使用SQL和Python进行数据分析,15-25K,北京,2024/3/1",
                "算法工程师,熟悉PyTorch和大模型微调,面议,上海,3月1日",
                "空描述岗位,,20-30K,深圳,2024年3月5日",
                ",,20-30K,深圳,"]
    (folder / "a_gbk.csv").write_bytes("\n".join(gbk_rows).encode("gbk"))
    utf16 = "title\tdescription\tdate\nData Engineer\tWe use Spark, Kafka and Airflow.\t30+ days ago\n"
    (folder / "b_utf16.tsv").write_bytes(utf16.encode("utf-16"))
    big = "Requirements: Python and SQL. " + "x" * (5 * 1024 * 1024)
    with (folder / "c_dupes.jsonl").open("w", encoding="utf-8") as fh:
        for i, text in enumerate(["Kubernetes and Docker experience.", "Tableau dashboards.",
                                  big]):
            fh.write(json.dumps({"id": "same-id", "title": f"Role {i}", "text": text,
                                 "date": "Mar 4, 2024"}) + "\n")
    (folder / "d_binary.csv").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    result = runner.invoke(app, ["market", "analyze", str(folder), "--out", str(out),
                                 "--no-progress", "-j", "1"])
    assert result.exit_code == 0, result.output
    s = _summary(out)
    assert s["skipped_by_reason"] == {"no_text": 1, "unreadable_file": 1}
    assert s["duplicate_ids"] == 2
    # 3 GBK rows with a title, 1 UTF-16 row, 3 JSONL rows (the row with neither is skipped)
    assert s["unique_postings"] == 7
    skipped = list(csv.DictReader(_read(out / "skipped.csv")))
    assert any("d_binary.csv" in row["source"] for row in skipped)
    quality = s["data_quality"]
    assert quality["share_salary_unparsed"] > 0  # 面议 is kept as raw text and counted
    assert quality["share_with_date"] < 1  # "30+ days ago" without a reference date: unknown
    ids = [json.loads(line)["id"] for line in
           (out / "postings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {"same-id", "same-id#2", "same-id#3"} <= set(ids)
