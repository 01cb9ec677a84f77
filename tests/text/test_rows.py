"""read_table_rows: header and raw rows for every table format, encodings, and bad files."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from talentgraph.errors import (
    BadRecordError,
    CorruptDocumentError,
    EmptyInputError,
    EncodingInputError,
    UnsupportedFormatError,
)
from talentgraph.text import TableRows, read_table_rows

ROWS = [{"职位名称": "算法工程师", "职位描述": "熟悉PyTorch"}, {"职位名称": "数据分析师", "职位描述": "SQL"}]


def _write_csv(path: Path, encoding: str, delimiter: str = ",") -> Path:
    lines = [delimiter.join(ROWS[0])] + [delimiter.join(row.values()) for row in ROWS]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16", "gb18030"])
def test_csv_in_each_encoding_gives_the_same_rows(tmp_path: Path, encoding: str) -> None:
    table = read_table_rows(_write_csv(tmp_path / "jobs.csv", encoding))
    assert isinstance(table, TableRows) and table.format == "csv"
    assert table.header == ("职位名称", "职位描述")
    assert list(table) == [(1, ROWS[0]), (2, ROWS[1])]


def test_tsv_and_blank_lines_keep_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "jobs.tsv"
    path.write_text(" id \ttitle\n1\tA\n\t\n2\tB, C\n", encoding="utf-8")
    table = read_table_rows(path)
    assert table.header == ("id", "title")
    assert list(table.rows) == [(1, {"id": "1", "title": "A"}), (3, {"id": "2", "title": "B, C"})]


def test_json_header_is_the_union_of_keys_and_non_objects_are_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps({"data": [{"title": "A"}, [1], {"text": "x", "title": "B"}]}),
                    encoding="utf-8")
    table = read_table_rows(path)
    assert table.header == ("title", "text")
    first, bad, third = list(table)
    assert first == (1, {"title": "A"}) and third == (3, {"text": "x", "title": "B"})
    assert bad[0] == 2 and isinstance(bad[1], BadRecordError) and "row 2" in str(bad[1])


def test_jsonl_bad_line_is_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_text('{"title": "A"}\n{"title": \n\n{"title": "C", "n": 3}\n', encoding="utf-8")
    table = read_table_rows(path)
    assert table.header == ("title", "n")
    rows = list(table)
    assert rows[0] == (1, {"title": "A"}) and rows[2] == (4, {"title": "C", "n": 3})
    assert isinstance(rows[1][1], BadRecordError) and "row 2" in str(rows[1][1])


def test_xlsx_keeps_cell_types(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["title", None, "发布日期", "salary"])
    sheet.append(["A", "x", dt.datetime(2024, 3, 1), 30000])
    sheet.append([None, None, None, None])
    sheet.append(["B", None, None, 1.5])
    path = tmp_path / "jobs.xlsx"
    workbook.save(path)
    table = read_table_rows(path)
    assert table.header == ("title", "", "发布日期", "salary")
    rows = list(table)
    assert rows[0] == (1, {"title": "A", "": "x", "发布日期": dt.datetime(2024, 3, 1),
                           "salary": 30000})
    assert rows[1][0] == 3 and rows[1][1]["salary"] == 1.5


def test_a_field_over_the_csv_module_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("title,text\nA," + "x" * 300_000 + "\n", encoding="utf-8")
    limit = csv.field_size_limit()
    assert limit < 300_000
    [(row_no, row)] = list(read_table_rows(path))
    assert row_no == 1 and len(row["text"]) == 300_000
    assert csv.field_size_limit() == limit  # the process-wide limit is left as it was


def test_bad_files_raise_coded_errors(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("算法工程师", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="not a table"):
        read_table_rows(doc)
    blank = tmp_path / "blank.csv"
    blank.write_text("\n\n", encoding="utf-8")
    with pytest.raises(EmptyInputError, match="blank.csv has no header"):
        read_table_rows(blank)
    broken = tmp_path / "broken.json"
    broken.write_text('[{"title": ', encoding="utf-8")
    with pytest.raises(CorruptDocumentError, match="broken.json is not valid JSON"):
        read_table_rows(broken)
    bad_xlsx = tmp_path / "bad.xlsx"
    bad_xlsx.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CorruptDocumentError, match="bad.xlsx"):
        read_table_rows(bad_xlsx)
    undecodable = tmp_path / "bad.csv"
    undecodable.write_bytes(b"\xef\xbb\xbftitle\n\xff\xfe\xfa\n")
    with pytest.raises(EncodingInputError, match="bad.csv"):
        read_table_rows(undecodable)
