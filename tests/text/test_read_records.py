"""read_records and read_document on text files and tables, including every bad-input case."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentgraph.domain import Record
from talentgraph.errors import (
    BadRecordError,
    BinaryInputError,
    CorruptDocumentError,
    EmptyInputError,
    FileNotFoundInputError,
    InputTooLargeError,
    MissingColumnError,
    UnsupportedFormatError,
)
from talentgraph.settings import Settings
from talentgraph.text import iter_paths, read_document, read_records


def _records(path: Path, **kwargs: object) -> list[Record | BadRecordError]:
    return list(read_records(path, **kwargs))  # type: ignore[arg-type]


def test_txt_is_one_record_titled_by_its_first_line(files: Path) -> None:
    [record] = _records(files / "posting_zh.txt")
    assert isinstance(record, Record)
    assert record.id == str(files / "posting_zh.txt") == record.source
    assert record.title == "大模型算法工程师（北京）"
    assert "熟悉PyTorch" in record.text


def test_markdown_title_drops_the_hash_marks(files: Path) -> None:
    [record] = _records(files / "posting_en.md")
    assert isinstance(record, Record) and record.title == "Senior Machine Learning Engineer"


def test_long_first_line_is_cut_to_120_chars(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("  " + "x" * 300 + "\nbody", encoding="utf-8")
    [record] = _records(path)
    assert isinstance(record, Record) and record.title == "x" * 120


@pytest.mark.parametrize("name", ["gbk.txt", "utf16.txt", "utf16_be.txt", "utf8_bom.txt"])
def test_encoded_fixtures_read_to_the_same_text(files: Path, name: str) -> None:
    assert (
        read_document(files / name)
        == "算法工程师\n任职要求：熟悉Python和PyTorch，有大模型经验者优先。\n"
    )


def test_gbk_fixture_is_really_gbk(files: Path) -> None:
    with pytest.raises(UnicodeDecodeError):
        (files / "gbk.txt").read_bytes().decode("utf-8")


def test_gb18030_and_bomless_utf16_fixtures(files: Path) -> None:
    assert "吉𠮷" in read_document(files / "gb18030.txt")
    assert read_document(files / "utf16_nobom.txt").startswith("Data Engineer\n")


def test_csv_rows_become_records_and_a_bad_row_is_yielded(files: Path) -> None:
    first, second, bad = _records(files / "postings.csv")
    assert isinstance(first, Record) and first.id == "p1" and first.title == "NLP Engineer"
    assert first.text == "Requirements:\n- Python, PyTorch"  # quoted multi-line field
    assert first.meta == {"city": "Shanghai"}
    assert first.source == f"{files / 'postings.csv'}:1"
    assert isinstance(second, Record) and second.title == "数据分析师"
    assert isinstance(bad, BadRecordError)
    assert "postings.csv row 3" in str(bad) and "'text'" in str(bad)


def test_tsv_uses_tabs(files: Path) -> None:
    records = _records(files / "postings.tsv")
    assert [r.id for r in records if isinstance(r, Record)] == ["t1", "t2"]
    assert isinstance(records[1], Record) and records[1].text == "熟悉Go语言"


def test_csv_with_bom_and_custom_columns(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_bytes("名称,描述\n算法岗,熟悉Python\n".encode("utf-8-sig"))
    [record] = _records(path, title_col="名称", text_col="描述")
    assert isinstance(record, Record)
    assert record.title == "算法岗" and record.text == "熟悉Python"
    assert record.id == f"{path}:1"  # no id column -> FILE:ROW


def test_gbk_csv(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_bytes("id,text\n1,负责数据仓库建设\n".encode("gbk"))
    [record] = _records(path)
    assert isinstance(record, Record) and record.text == "负责数据仓库建设"


def test_missing_text_column_lists_the_columns_found(files: Path) -> None:
    with pytest.raises(MissingColumnError) as info:
        _records(files / "missing_column.csv")
    message = str(info.value)
    assert "missing_column.csv" in message and "'text'" in message
    assert "'id', 'title', 'body'" in message and "--text-col" in message
    assert info.value.code == "E0207"


def test_json_with_a_data_key(files: Path) -> None:
    good, bad, no_id = _records(files / "postings.json")
    assert isinstance(good, Record) and good.id == "j1"
    assert isinstance(bad, BadRecordError) and "row 2" in str(bad) and "42" in str(bad)
    assert isinstance(no_id, Record) and no_id.id == f"{files / 'postings.json'}:3"


def test_json_list_of_non_objects_and_wrong_shapes(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"text": "ok"}, "just a string"]', encoding="utf-8")
    ok, bad = _records(path)
    assert isinstance(ok, Record) and isinstance(bad, BadRecordError) and "str" in str(bad)
    path.write_text('{"rows": []}', encoding="utf-8")
    with pytest.raises(CorruptDocumentError, match="'data', 'records' or 'items'"):
        _records(path)
    path.write_text('[{"text": "ok"', encoding="utf-8")
    with pytest.raises(CorruptDocumentError, match="not valid JSON"):
        _records(path)


def test_json_missing_text_key_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"items": [{"id": 1, "body": "x"}]}', encoding="utf-8")
    with pytest.raises(MissingColumnError, match="'id', 'body'"):
        _records(path)


def test_jsonl_bad_line_is_yielded_and_reading_goes_on(files: Path) -> None:
    first, bad, third = _records(files / "postings.jsonl")
    assert isinstance(first, Record) and first.id == "l1"
    assert isinstance(bad, BadRecordError) and "row 2" in str(bad)
    assert isinstance(third, Record) and third.text == "熟悉向量数据库"


def test_xlsx_rows(xlsx_path: Path) -> None:
    first, second, bad = _records(xlsx_path)
    assert isinstance(first, Record) and first.id == "x1" and first.meta == {"salary": "30k"}
    assert isinstance(second, Record) and second.id == "7" and second.text == "Python and SQL"
    assert isinstance(bad, BadRecordError) and "row 4" in str(bad) and "12345" in str(bad)


def test_xlsx_missing_column_and_broken_file(xlsx_path: Path, tmp_path: Path) -> None:
    with pytest.raises(MissingColumnError, match="'id', 'title', 'text', 'salary'"):
        _records(xlsx_path, text_col="描述")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(xlsx_path.read_bytes()[:300])
    with pytest.raises(CorruptDocumentError, match="broken.xlsx"):
        _records(broken)


@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("empty.txt", EmptyInputError, "is empty"),
        ("binary.txt", BinaryInputError, "looks binary"),
        ("blob.dat", UnsupportedFormatError, "Supported formats: txt, md, pdf, docx, csv"),
        ("no_such_file.txt", FileNotFoundInputError, "does not exist"),
    ],
)
def test_bad_files_raise_coded_errors(
    files: Path, name: str, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words) as info:
        _records(files / name)
    assert name in str(info.value)


def test_whitespace_only_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_text(" \n\t\n", encoding="utf-8")
    with pytest.raises(EmptyInputError, match="only whitespace"):
        read_document(path)


def test_unknown_extension_with_text_is_read_as_text(files: Path) -> None:
    [record] = _records(files / "posting.text")
    assert isinstance(record, Record) and record.title == "Data Engineer"


def test_too_large_file_is_refused_before_reading(files: Path) -> None:
    small = Settings(_env_file=None, max_file_bytes=100)
    with pytest.raises(InputTooLargeError, match="TALENTGRAPH_MAX_FILE_BYTES"):
        _records(files / "posting_zh.txt", settings=small)


def test_read_document_refuses_tables(files: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match="read_records"):
        read_document(files / "postings.csv")


def test_iter_paths_expands_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["b/z.txt", "a.txt", "b/a.md", ".hidden.txt", ".git/config"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    explicit = tmp_path / ".hidden.txt"
    found = list(iter_paths([tmp_path, explicit]))
    assert found == [tmp_path / "a.txt", tmp_path / "b/a.md", tmp_path / "b/z.txt", explicit]
    with pytest.raises(FileNotFoundInputError):
        list(iter_paths([tmp_path / "missing"]))


def test_tables_have_their_own_larger_size_limit(files: Path) -> None:
    # a table of postings is often far bigger than one document: its own limit applies
    small_docs = Settings(_env_file=None, max_file_bytes=100)
    assert _records(files / "postings.csv", settings=small_docs)
    small_tables = Settings(_env_file=None, max_table_bytes=100)
    with pytest.raises(InputTooLargeError, match="TALENTGRAPH_MAX_TABLE_BYTES"):
        _records(files / "postings.csv", settings=small_tables)


def test_a_csv_field_longer_than_the_csv_module_default_is_read(tmp_path: Path) -> None:
    long_text = "Python and SQL. " * 20_000  # 320,000 characters: over csv's 131,072 limit
    path = tmp_path / "long.csv"
    path.write_text(f'id,text\n1,"{long_text}"\n', encoding="utf-8")
    [record] = _records(path)
    assert isinstance(record, Record) and record.text == long_text
