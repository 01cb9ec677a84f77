"""iter_postings: folders of mixed files, column mapping, and bad input that never stops the run."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from talentgraph.domain import Posting, SkippedRow
from talentgraph.errors import FileNotFoundInputError, MissingColumnError, ParameterError
from talentgraph.settings import Settings
from talentgraph.text import MAX_POSTING_CHARS, PostingReadStats, iter_postings


def _postings(items: list[Posting | SkippedRow]) -> list[Posting]:
    return [item for item in items if isinstance(item, Posting)]


def _skipped(items: list[Posting | SkippedRow]) -> list[SkippedRow]:
    return [item for item in items if isinstance(item, SkippedRow)]


def test_mixed_encodings_in_one_folder_in_sorted_order(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    csv_text = "职位名称,职位描述,薪资,城市\n{t},熟悉Python,15k-30k,北京\n"
    (folder / "b_gbk.csv").write_bytes(csv_text.format(t="数据工程师").encode("gbk"))
    (folder / "a_utf16.csv").write_bytes(csv_text.format(t="算法工程师").encode("utf-16"))
    (folder / "sub" / "c.txt").write_bytes("产品经理\n负责需求分析".encode("gb18030"))
    items = list(iter_postings([folder], start_seq=10))
    assert _skipped(items) == []
    first, second, third = items
    assert isinstance(first, Posting) and isinstance(second, Posting)
    assert [p.seq for p in _postings(items)] == [10, 11, 12]
    assert first.title == "算法工程师" and second.title == "数据工程师"
    assert first.salary_raw == "15k-30k" and second.city_raw == "北京"
    assert first.source == f"{folder / 'a_utf16.csv'}:1" == first.id
    assert isinstance(third, Posting) and third.title == "产品经理"
    assert third.id == third.source == str(folder / "sub" / "c.txt")
    assert third.text == "产品经理\n负责需求分析"


def test_rows_without_text_and_whitespace_values(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(
        "id,title,description,salary,city\n"
        "1,Data Engineer,,  ,\n"  # title only: a posting with empty text
        "2,  ,   ,100k,Beijing\n"  # neither: skipped
        "3,,Spark and SQL,,Shanghai\n",
        encoding="utf-8",
    )
    stats = PostingReadStats()
    items = list(iter_postings([path], stats=stats))
    title_only, skipped, text_only = items
    assert isinstance(title_only, Posting) and title_only.text == ""
    assert title_only.salary_raw is None and title_only.city_raw is None
    assert isinstance(skipped, SkippedRow) and skipped.reason == "no_text" and skipped.id == "2"
    assert "jobs.csv row 2" in skipped.message and "'description'" in skipped.message
    assert isinstance(text_only, Posting) and text_only.title is None
    assert text_only.text == "Spark and SQL" and text_only.seq == 1
    assert stats.rows_read == 3 and stats.skipped_by_reason == {"no_text": 1}


def test_duplicate_ids_get_a_suffix_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,title\nx,A\nx,B\nx#2,C\ny,D\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "x", "title": "E"}\n{"id": 7, "title": "F"}\n',
                                      encoding="utf-8")
    stats = PostingReadStats()
    postings = _postings(list(iter_postings([tmp_path / "a.csv", tmp_path / "b.jsonl"],
                                            stats=stats)))
    assert [p.id for p in postings] == ["x", "x#2", "x#2#2", "y", "x#3", "7"]
    assert len({p.id for p in postings}) == len(postings)
    assert stats.duplicate_ids == 3


def test_a_50_mb_field_is_truncated_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    size = 50 * 1024 * 1024
    with path.open("w", encoding="utf-8") as out:
        out.write("title,text\nBig,")
        out.write("Python " * (size // 7))
        out.write("\nSmall,SQL\n")
    settings = Settings(_env_file=None, max_table_bytes=2 * size)
    stats = PostingReadStats()
    started = time.perf_counter()
    big, small = list(iter_postings([path], settings=settings, stats=stats))
    elapsed = time.perf_counter() - started
    assert isinstance(big, Posting) and len(big.text) == MAX_POSTING_CHARS
    assert big.text.startswith("Python Python")
    assert isinstance(small, Posting) and small.text == "SQL"
    assert stats.truncated_fields == 1
    assert elapsed < 30  # generous: a loose guard against quadratic parsing, not a benchmark


def test_unreadable_files_are_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    (tmp_path / "1_empty.csv").write_bytes(b"")
    (tmp_path / "2_binary.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    (tmp_path / "3_broken.xlsx").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "4_broken.json").write_text("[{", encoding="utf-8")
    (tmp_path / "5_header_only.csv").write_text("\n", encoding="utf-8")
    (tmp_path / "6_good.csv").write_text("title\nML Engineer\n", encoding="utf-8")
    stats = PostingReadStats()
    items = list(iter_postings([tmp_path], stats=stats))
    skipped = _skipped(items)
    assert [s.reason for s in skipped] == ["unreadable_file"] * 5
    assert all(s.id is None for s in skipped)
    assert "1_empty.csv is empty" in skipped[0].message
    assert "looks binary" in skipped[1].message and "3_broken.xlsx" in skipped[2].message
    assert "not valid JSON" in skipped[3].message and "no header" in skipped[4].message
    [good] = _postings(items)
    assert good.title == "ML Engineer" and good.seq == 0
    assert stats.skipped_by_reason == {"unreadable_file": 5} and stats.files_read == 6


def test_bad_rows_name_file_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_text(
        '{"title": {"zh": "工程师"}, "text": "x"}\n'
        "not json\n"
        '["a list"]\n'
        '{"title": "OK", "text": ["Python", "SQL"], "salary": {"min": 10, "max": 20}}\n',
        encoding="utf-8",
    )
    items = list(iter_postings([path]))
    nested, not_json, not_object, good = items
    assert isinstance(nested, SkippedRow) and nested.reason == "bad_row"
    assert "jobs.jsonl row 1" in nested.message and "'title'" in nested.message
    assert nested.source == f"{path}:1"
    assert isinstance(not_json, SkippedRow) and "row 2" in not_json.message
    assert isinstance(not_object, SkippedRow) and "row 3" in not_object.message
    assert isinstance(good, Posting) and good.text == "Python, SQL"
    assert good.salary_raw == '{"max": 20, "min": 10}'


def test_unmappable_file_raises_naming_the_file_and_columns(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("title\nA\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("名称,描述\n算法,熟悉Python\n", encoding="utf-8")
    items = iter_postings([tmp_path])
    assert isinstance(next(items), Posting)
    with pytest.raises(MissingColumnError) as info:
        next(items)
    assert "b.csv" in str(info.value) and "'名称', '描述'" in str(info.value)
    assert "--map" in str(info.value)


def test_map_override(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("名称,描述,要求,工资\n算法,负责模型,熟悉Python,20k\n", encoding="utf-8")
    [posting] = list(iter_postings([path], overrides={"title": "名称", "text": "描述+要求",
                                                      "salary": "工资"}))
    assert isinstance(posting, Posting)
    assert posting.title == "算法" and posting.text == "负责模型\n\n熟悉Python"
    assert posting.salary_raw == "20k"
    with pytest.raises(ParameterError, match="'职位名称'"):
        list(iter_postings([path], overrides={"title": "职位名称"}))


def test_chinese_xlsx_with_date_cells(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["职位名称", "职位描述", "任职要求", "薪资", "城市", "发布日期", "公司"])
    sheet.append(["算法工程师", "负责推荐", "熟悉PyTorch", "30k-50k", "上海",
                  dt.datetime(2024, 3, 1), "某科技"])
    sheet.append(["数据分析师", "做报表", None, 15000, "北京", dt.datetime(2024, 3, 2, 9, 30), None])
    path = tmp_path / "jobs.xlsx"
    workbook.save(path)
    first, second = list(iter_postings([path]))
    assert isinstance(first, Posting) and isinstance(second, Posting)
    assert first.text == "负责推荐\n\n熟悉PyTorch" and first.company == "某科技"
    assert first.date_raw == "2024-03-01" and first.city_raw == "上海"
    assert second.date_raw == "2024-03-02T09:30:00" and second.salary_raw == "15000"
    assert second.text == "做报表" and second.company is None


def test_json_document_with_a_data_key_and_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps({"data": [{"jobName": "SRE", "jd": "Kubernetes",
                                          "publish_date": "2024/3/1"}]}), encoding="utf-8")
    [posting] = list(iter_postings([str(path)]))
    assert isinstance(posting, Posting) and posting.title == "SRE"
    assert posting.date_raw == "2024/3/1"
    with pytest.raises(FileNotFoundInputError, match="nope"):
        next(iter_postings([path, tmp_path / "nope"]))  # checked before anything is read
