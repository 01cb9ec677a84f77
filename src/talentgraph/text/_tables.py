"""Records out of tables: CSV, TSV, JSON, JSON Lines and XLSX, one record per row or object.

Rows are numbered from 1 starting at the first record (the header row of CSV/TSV/XLSX is not
counted; in JSON Lines the number is the line number). A bad row becomes a BadRecordError that
is *yielded*, so the caller can report it and go on; a problem with the whole file is raised.

Two layers share the parsing: ``open_delimited``, ``parse_json_objects``/``parse_jsonl_objects``
and ``load_xlsx_rows``/``split_xlsx_rows`` give the raw rows with their header (used by
``read_table_rows``); ``iter_delimited``/``iter_json``/``iter_jsonl``/``iter_xlsx`` turn them into
Records for ``read_records``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from talentgraph.domain import Record
from talentgraph.errors import (
    BadRecordError,
    CorruptDocumentError,
    InputTooLargeError,
    MissingColumnError,
)

__all__ = [
    "MAX_XLSX_UNZIPPED_BYTES",
    "RowItem",
    "iter_delimited",
    "iter_json",
    "iter_jsonl",
    "iter_xlsx",
    "load_xlsx_rows",
    "make_columns",
    "object_keys",
    "open_delimited",
    "parse_json_objects",
    "parse_jsonl_objects",
    "split_xlsx_rows",
]

#: Largest total uncompressed size of an XLSX read (zip-bomb guard).
MAX_XLSX_UNZIPPED_BYTES = 200 * 1024 * 1024
_JSON_LIST_KEYS = ("data", "records", "items")


class _Columns:
    """The column names asked for, and the row -> Record conversion shared by every format."""

    def __init__(self, *, source: str, id_col: str, title_col: str, text_col: str) -> None:
        self.source = source
        self.id_col = id_col
        self.title_col = title_col
        self.text_col = text_col

    def check(self, found: Sequence[str]) -> None:
        """Raise MissingColumnError when the text column is not among ``found``."""
        if self.text_col not in found:
            shown = ", ".join(repr(name) for name in found) or "none"
            raise MissingColumnError(
                f"{self.source} has no column {self.text_col!r} for the document text. Columns "
                f"found: {shown}. Name the text column with --text-col (and --id-col, "
                f"--title-col for the others).",
                details=[f"column found: {name}" for name in found],
            )

    def record(self, row: Mapping[str, Any], row_no: int) -> Record | BadRecordError:
        """The Record for one row, or the BadRecordError saying why the row is unusable."""
        where = f"{self.source}:{row_no}"
        text = row.get(self.text_col)
        if not isinstance(text, str) or not text.strip():
            got = "nothing" if text is None else repr(text)[:60]
            raw = row.get(self.id_col)
            named = f" (id {str(raw).strip()!r})" if raw not in (None, "") else ""
            return BadRecordError(
                f"{self.source} row {row_no}{named}: field {self.text_col!r} must be non-empty text. "
                f"Got {got} instead. Fill in the text or remove the row."
            )
        if not any(ch.isalpha() for ch in text):
            raw = row.get(self.id_col)
            named = f" (id {str(raw).strip()!r})" if raw not in (None, "") else ""
            return BadRecordError(
                f"{self.source} row {row_no}{named}: field {self.text_col!r} holds no words. "
                f"Got {text[:40]!r}. Check that --text-col names the column with the text."
            )
        raw_id = row.get(self.id_col)
        record_id = str(raw_id).strip() if raw_id not in (None, "") else where
        raw_title = row.get(self.title_col)
        title = str(raw_title).strip() or None if raw_title is not None else None
        named = {self.id_col, self.title_col, self.text_col}
        meta = {key: _plain(value) for key, value in row.items() if key not in named and key}
        return Record(id=record_id, text=text, title=title, source=where, meta=meta)


def _plain(value: Any) -> Any:
    """A JSON-friendly version of a cell value (dates as ISO strings)."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return value


RowItem = tuple[int, dict[str, Any] | BadRecordError]
"""One row of a table: its 1-based number and the cells by column name (or why it is unusable)."""


def _delimited_error(source: str, delimiter: str, line: int, exc: csv.Error) -> CorruptDocumentError:
    kind = "TSV" if delimiter == "\t" else "CSV"
    return CorruptDocumentError(
        f"{source} is not valid {kind} near line {line}: {exc}. Expected a header row and quoted "
        f"fields. Re-export it."
    )


def open_delimited(
    text: str, *, delimiter: str, source: str, max_field_chars: int | None = None
) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """The header of CSV/TSV text and a lazy iterator of its rows (blank lines skipped).

    ``max_field_chars`` raises the csv module's per-field limit (131,072 characters) while this
    reader parses, and only then: the limit is process-wide, so it is restored after every row.
    A malformed file raises CorruptDocumentError, for the header now and for a row when reached.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)

    def next_cells() -> list[str] | None:
        previous = None if max_field_chars is None else csv.field_size_limit(max_field_chars)
        try:
            return next(reader, None)
        except csv.Error as exc:
            raise _delimited_error(source, delimiter, reader.line_num, exc) from exc
        finally:
            if previous is not None:
                csv.field_size_limit(previous)

    header = [name.strip() for name in next_cells() or []]

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        row_no = 0
        while (cells := next_cells()) is not None:
            row_no += 1
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            yield row_no, dict(zip(header, cells, strict=False))

    return header, rows()


def iter_delimited(
    text: str, *, delimiter: str, columns: _Columns
) -> Iterator[Record | BadRecordError]:
    """Records from CSV/TSV text (already decoded; a BOM is dropped)."""
    # a field may be as long as the file (a 1 MB description is still one record)
    header, rows = open_delimited(text, delimiter=delimiter, source=columns.source,
                                  max_field_chars=max(len(text), 131_072))
    columns.check(header)
    for row_no, row in rows:
        yield columns.record(row, row_no)


def _objects_from_json(value: Any, source: str) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in _JSON_LIST_KEYS:
            if isinstance(value.get(key), list):
                return value[key]
        got = f"an object with keys {sorted(value)[:10]}"
    else:
        got = type(value).__name__
    raise CorruptDocumentError(
        f"{source} does not hold a list of records. Expected a JSON list of objects, or an object "
        f"with a list under 'data', 'records' or 'items'. Got {got}. Wrap the records in a list."
    )


def parse_json_objects(text: str, *, source: str) -> list[tuple[int, Any]]:
    """The numbered items of a JSON document (a list, or one under data/records/items).

    Raises CorruptDocumentError when the text is not JSON or holds no list of records.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorruptDocumentError(
            f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}). Expected a JSON list of objects. Fix the file or export it again."
        ) from exc
    return list(enumerate(_objects_from_json(value, source), start=1))


def parse_jsonl_objects(text: str, *, source: str) -> list[tuple[int, Any]]:
    """The objects of JSON Lines text numbered by line; a bad line becomes a BadRecordError."""
    parsed: list[tuple[int, Any]] = []
    for line_no, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            parsed.append((line_no, json.loads(line)))
        except json.JSONDecodeError as exc:
            parsed.append(
                (
                    line_no,
                    BadRecordError(
                        f"{source} row {line_no}: not valid JSON ({exc.msg} at column "
                        f"{exc.colno}). Expected one JSON object per line."
                    ),
                )
            )
    return parsed


def object_keys(items: Iterable[tuple[int, Any]]) -> list[str]:
    """The keys of the JSON objects among ``items``, in order of first appearance."""
    keys: dict[str, None] = {}
    for _, obj in items:
        if isinstance(obj, dict):
            keys.update(dict.fromkeys(obj))
    return list(keys)


def _iter_objects(
    items: list[tuple[int, Any]], columns: _Columns
) -> Iterator[Record | BadRecordError]:
    if items and not any(isinstance(obj, dict) and columns.text_col in obj for _, obj in items):
        columns.check(object_keys(items))
    for row_no, obj in items:
        if isinstance(obj, BadRecordError):
            yield obj
        elif not isinstance(obj, dict):
            yield BadRecordError(
                f"{columns.source} row {row_no}: expected a JSON object with a "
                f"{columns.text_col!r} field. Got {type(obj).__name__} instead."
            )
        else:
            yield columns.record(obj, row_no)


def iter_json(text: str, *, columns: _Columns) -> Iterator[Record | BadRecordError]:
    """Records from a JSON document (a list of objects, or one under data/records/items)."""
    yield from _iter_objects(parse_json_objects(text, source=columns.source), columns)


def iter_jsonl(text: str, *, columns: _Columns) -> Iterator[Record | BadRecordError]:
    """Records from JSON Lines: one object per line; a bad line is a BadRecordError."""
    yield from _iter_objects(parse_jsonl_objects(text, source=columns.source), columns)


def _check_xlsx_zip(data: bytes, source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptDocumentError(
            f"{source} is not a readable XLSX file: it is truncated or not really a spreadsheet "
            f"({type(exc).__name__}). Expected an .xlsx saved by Excel, WPS or LibreOffice. "
            f"Re-save it as .xlsx (or export CSV)."
        ) from exc
    if total > MAX_XLSX_UNZIPPED_BYTES:
        raise InputTooLargeError(
            f"{source} unpacks to {total} bytes; at most {MAX_XLSX_UNZIPPED_BYTES} are read (a "
            f"guard against zip bombs). Split the workbook or export CSV."
        )


def load_xlsx_rows(data: bytes, *, source: str) -> list[tuple[Any, ...]]:
    """Every row of the first sheet of an XLSX workbook as cell values (header row included).

    Raises CorruptDocumentError for a broken workbook and InputTooLargeError for a zip bomb.
    """
    _check_xlsx_zip(data, source)
    import openpyxl  # lazy: only XLSX input pays for the import

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                return list(workbook.worksheets[0].iter_rows(values_only=True))
            finally:
                workbook.close()
    except Exception as exc:  # openpyxl raises many types on broken input
        raise CorruptDocumentError(
            f"{source} is not a readable XLSX file ({type(exc).__name__}). Expected an "
            f".xlsx workbook with a header row. Re-save it in Excel or export CSV."
        ) from exc


def split_xlsx_rows(
    rows: Sequence[tuple[Any, ...]],
) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """The header (first row, names stripped, empty cells as "") and the numbered data rows.

    Rows whose cells are all empty are skipped but still counted.
    """
    if not rows:
        return [], iter(())
    header = ["" if name is None else str(name).strip() for name in rows[0]]

    def data_rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for row_no, cells in enumerate(rows[1:], start=1):
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue
            yield row_no, dict(zip(header, cells, strict=False))

    return header, data_rows()


def iter_xlsx(data: bytes, *, columns: _Columns) -> Iterator[Record | BadRecordError]:
    """Records from the first sheet of an XLSX workbook; the first row is the header."""
    rows = load_xlsx_rows(data, source=columns.source)
    if not rows:
        columns.check([])
    header, data_rows = split_xlsx_rows(rows)
    columns.check([name for name in header if name])
    for row_no, row in data_rows:
        yield columns.record(row, row_no)


def make_columns(*, source: str, id_col: str, title_col: str, text_col: str) -> _Columns:
    """The shared row -> Record converter for one file."""
    return _Columns(source=source, id_col=id_col, title_col=title_col, text_col=text_col)
