"""The shipped demo corpus of the market analysis: present, readable, of the documented sizes,
and every file's licence named in its README."""

from __future__ import annotations

import csv
import io
import json
import re
from importlib import resources

import pytest

from talentgraph.extract._salary import extract_salary

DEMO = resources.files("talentgraph") / "demo" / "market"
FILES = ("skillspan_postings.jsonl", "aijobs_salaries.csv", "zh_postings_demo.csv", "bad_rows.csv")
ZH_HEADER = ["编号", "职位名称", "职位描述", "薪资", "城市", "发布日期", "公司", "招聘渠道", "来源"]


def _readme() -> str:
    return (DEMO / "README.md").read_text(encoding="utf-8")


def _table() -> dict[str, tuple[int, str]]:
    """README's file table: file -> (documented rows, licence)."""
    rows = {}
    for line in _readme().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in FILES:
            rows[cells[0]] = (int(cells[1]), cells[3])
    return rows


def _csv_rows(name: str) -> list[dict[str, str]]:
    text = (DEMO / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _count(name: str) -> int:
    if name.endswith(".jsonl"):
        lines = (DEMO / name).read_text(encoding="utf-8").splitlines()
        return len([json.loads(line) for line in lines if line.strip()])
    return len(_csv_rows(name))


def test_folder_holds_the_documented_files_and_stays_small() -> None:
    names = sorted(p.name for p in DEMO.iterdir() if p.is_file())
    assert names == sorted([*FILES, "README.md"])
    total = sum(len((DEMO / n).read_bytes()) for n in names)
    assert total < 3_000_000


@pytest.mark.parametrize("name", FILES)
def test_readme_names_each_file_with_its_licence_and_true_size(name: str) -> None:
    table = _table()
    assert name in table, f"README.md has no table row for {name}"
    rows, licence = table[name]
    assert re.search(r"MIT|CC0|Apache-2\.0", licence), licence
    assert _count(name) == rows


def test_skillspan_postings_are_whole_detokenised_postings() -> None:
    lines = (DEMO / "skillspan_postings.jsonl").read_text(encoding="utf-8").splitlines()
    postings = [json.loads(line) for line in lines]
    assert all(set(p) == {"id", "title", "text", "source"} for p in postings)
    assert all(p["title"] is None and p["source"] in {"tech", "house"} for p in postings)
    assert len({p["id"] for p in postings}) == len(postings)
    text = "\n".join(p["text"] for p in postings)
    assert not re.search(r"\w \.(\s|$)|\w ,", text)  # no space before a full stop or comma
    assert sum(len(p["text"].splitlines()) for p in postings) > 5_000  # sentences kept


def test_aijobs_sample_covers_every_year_with_parseable_salaries() -> None:
    rows = _csv_rows("aijobs_salaries.csv")
    assert {"job_title", "salary", "work_year", "location", "experience_level"} <= set(rows[0])
    assert {r["work_year"] for r in rows} == {str(y) for y in range(2020, 2026)}
    for row in rows[::50]:
        salary = extract_salary(row["salary"])
        assert salary is not None and salary.currency == "USD" and salary.period == "year"
    assert all(not row.get("description") for row in rows)


def test_zh_postings_are_marked_as_written_by_us_and_have_reposts() -> None:
    rows = _csv_rows("zh_postings_demo.csv")
    assert list(rows[0]) == ZH_HEADER
    assert {r["来源"] for r in rows} == {"demo (written by talentgraph)"}
    assert "demo (written by talentgraph)" in _readme()
    keys = [(r["职位名称"], r["职位描述"]) for r in rows]
    exact = len(keys) - len(set(keys))
    assert 5 <= exact <= len(rows) * 0.05
    parsed = [extract_salary(r["薪资"]) for r in rows]
    assert sum(s is not None for s in parsed) / len(rows) > 0.95
    assert {s.currency for s in parsed if s} == {"CNY"}
    years = {r["发布日期"][:4] for r in rows}
    assert years == {"2024", "2025"}
    assert any("年" in r["发布日期"] for r in rows) and any("/" in r["发布日期"] for r in rows)


def test_bad_rows_show_each_documented_problem() -> None:
    rows = _csv_rows("bad_rows.csv")
    ids = [r["编号"] for r in rows]
    assert len(ids) != len(set(ids))
    assert any(not r["职位名称"].strip() and not r["职位描述"].strip() for r in rows)
    assert "30+ days ago" in {r["发布日期"] for r in rows}
    assert any(r["薪资"] == "面议" and extract_salary(r["薪资"]) is None for r in rows)


def test_notice_credits_skillspan_for_the_demo() -> None:
    from pathlib import Path

    notice = (Path(__file__).resolve().parents[1] / "NOTICE").read_text(encoding="utf-8")
    assert "demo/market" in notice and "kris927b/SkillSpan" in notice
