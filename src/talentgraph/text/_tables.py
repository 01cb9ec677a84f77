"""Records out of tables: CSV, TSV, JSON, JSON Lines and XLSX, one record per row or object.

Rows are numbered from 1 starting at the first record (the header row of CSV/TSV/XLSX is not
counted; in JSON Lines the number is the line number). A bad row becomes a BadRecordError that
is *yielded*, so the caller can report it and go on; a problem with the whole file is raised.
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
    "iter_delimited",
    "iter_json",
    "iter_jsonl",
    "iter_xlsx",
    "make_columns",
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


def iter_delimited(
    text: str, *, delimiter: str, columns: _Columns
) -> Iterator[Record | BadRecordError]:
    """Records from CSV/TSV text (already decoded; a BOM is dropped)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        header = [name.strip() for name in header or []]
        columns.check(header)
        for row_no, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            yield columns.record(dict(zip(header, cells, strict=False)), row_no)
    except csv.Error as exc:
        raise CorruptDocumentError(
            f"{columns.source} is not valid {'TSV' if delimiter == chr(9) else 'CSV'} near line "
            f"{reader.line_num}: {exc}. Expected a header row and quoted fields. Re-export it."
        ) from exc


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


def _iter_objects(
    objects: Iterable[tuple[int, Any]], columns: _Columns
) -> Iterator[Record | BadRecordError]:
    items = list(objects)
    keys: list[str] = []
    for _, obj in items:
        if isinstance(obj, dict):
            keys.extend(key for key in obj if key not in keys)
    if items and not any(isinstance(obj, dict) and columns.text_col in obj for _, obj in items):
        columns.check(keys)
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
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorruptDocumentError(
            f"{columns.source} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}). Expected a JSON list of objects. Fix the file or export it again."
        ) from exc
    objects = _objects_from_json(value, columns.source)
    yield from _iter_objects(enumerate(objects, start=1), columns)


def iter_jsonl(text: str, *, columns: _Columns) -> Iterator[Record | BadRecordError]:
    """Records from JSON Lines: one object per line; a bad line is a BadRecordError."""
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
                        f"{columns.source} row {line_no}: not valid JSON ({exc.msg} at column "
                        f"{exc.colno}). Expected one JSON object per line."
                    ),
                )
            )
    yield from _iter_objects(parsed, columns)


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


def iter_xlsx(data: bytes, *, columns: _Columns) -> Iterator[Record | BadRecordError]:
    """Records from the first sheet of an XLSX workbook; the first row is the header."""
    _check_xlsx_zip(data, columns.source)
    import openpyxl  # lazy: only XLSX input pays for the import

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                rows = list(workbook.worksheets[0].iter_rows(values_only=True))
            finally:
                workbook.close()
    except Exception as exc:  # openpyxl raises many types on broken input
        raise CorruptDocumentError(
            f"{columns.source} is not a readable XLSX file ({type(exc).__name__}). Expected an "
            f".xlsx workbook with a header row. Re-save it in Excel or export CSV."
        ) from exc
    if not rows:
        columns.check([])
    header = ["" if name is None else str(name).strip() for name in rows[0]]
    columns.check([name for name in header if name])
    for row_no, cells in enumerate(rows[1:], start=1):
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        yield columns.record(dict(zip(header, cells, strict=False)), row_no)


def make_columns(*, source: str, id_col: str, title_col: str, text_col: str) -> _Columns:
    """The shared row -> Record converter for one file."""
    return _Columns(source=source, id_col=id_col, title_col=title_col, text_col=text_col)
