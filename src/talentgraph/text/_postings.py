"""Read postings for the market analysis from files and folders of tables and documents.

One Posting per table row (columns recognised by ``recognise_columns``) and per one-document file.
Bad input never stops the run: a row without title and text, a bad row and a file that cannot be
read at all come out as SkippedRow and reading goes on. Only a table whose columns cannot be
mapped raises (MissingColumnError, or ParameterError for a bad ``--map``): the user must say
which column is which, and guessing would fill the analysis with wrong fields.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentgraph.domain import Posting, SkippedRow
from talentgraph.errors import BadRecordError, InputError
from talentgraph.settings import Settings, get_settings
from talentgraph.text._columns import recognise_columns
from talentgraph.text._paths import iter_paths
from talentgraph.text._read import (
    DOCUMENT_FORMATS,
    detect_format,
    read_checked_bytes,
    read_document_text,
    title_of,
)
from talentgraph.text._rows import table_rows_from_bytes

__all__ = ["MAX_POSTING_CHARS", "PostingReadStats", "iter_postings"]

#: Longest value kept for any posting field (characters); longer ones are cut and counted.
MAX_POSTING_CHARS = 100_000
_TEXT_JOIN = "\n\n"
# Posting attribute for each field other than id, title and text (kept as raw strings).
_RAW_ATTRS = {"salary": "salary_raw", "city": "city_raw", "date": "date_raw",
              "company": "company", "experience": "experience_raw",
              "education": "education_raw", "seniority": "seniority_raw"}


@dataclass
class PostingReadStats:
    """Counts kept by ``iter_postings`` while it reads (pass one as ``stats=``; it is updated).

    ``rows_read`` counts every table row and one-document file read, used or skipped;
    ``skipped_by_reason`` counts SkippedRow by reason; ``duplicate_ids`` the postings renamed
    "<id>#2", "<id>#3"...; ``truncated_fields`` the values cut to MAX_POSTING_CHARS.
    """

    files_read: int = 0
    rows_read: int = 0
    postings: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    duplicate_ids: int = 0
    truncated_fields: int = 0

    def count_skip(self, reason: str) -> None:
        """Add one skipped row under ``reason``."""
        self.skipped_by_reason[reason] = self.skipped_by_reason.get(reason, 0) + 1


class _FieldError(Exception):
    """A cell that cannot be a posting field (raised inside a row, becomes a bad_row)."""


def _cell_text(value: Any, *, field_name: str) -> str | None:
    """The cell as a stripped string; None when empty. Nested values only for raw fields."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN: pandas-style missing value
            return None
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        is_midnight = value.time() == dt.time(0) and value.tzinfo is None
        text = value.date().isoformat() if is_midnight else value.isoformat()
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    elif isinstance(value, str):
        text = value
    elif isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        text = ", ".join(str(v) for v in value if v is not None)
    elif isinstance(value, dict | list):
        if field_name in ("title", "text", "id"):
            raise _FieldError(f"a JSON {type(value).__name__}, not text")
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    text = text.strip()
    return text or None


class _Reader:
    """The state shared across files: seq, the ids seen, the stats."""

    def __init__(self, *, start_seq: int, stats: PostingReadStats) -> None:
        self.seq = start_seq
        self.stats = stats
        self.ids_seen: set[str] = set()
        self.next_copy: dict[str, int] = {}

    def unique_id(self, raw: str) -> str:
        if raw not in self.ids_seen:
            self.ids_seen.add(raw)
            return raw
        self.stats.duplicate_ids += 1
        copy = self.next_copy.get(raw, 2)
        while f"{raw}#{copy}" in self.ids_seen:
            copy += 1
        self.next_copy[raw] = copy + 1
        self.ids_seen.add(f"{raw}#{copy}")
        return f"{raw}#{copy}"

    def cut(self, value: str | None) -> str | None:
        if value is not None and len(value) > MAX_POSTING_CHARS:
            self.stats.truncated_fields += 1
            return value[:MAX_POSTING_CHARS]
        return value

    def posting(self, *, raw_id: str, source: str, title: str | None, text: str,
                raw: Mapping[str, str | None]) -> Posting:
        extra = {attr: self.cut(raw.get(name)) for name, attr in _RAW_ATTRS.items()}
        posting = Posting(seq=self.seq, id=self.unique_id(raw_id), source=source,
                          title=self.cut(title), text=self.cut(text) or "", **extra)
        self.seq += 1
        self.stats.postings += 1
        return posting

    def skip(self, *, source: str, reason: str, message: str, raw_id: str | None = None
             ) -> SkippedRow:
        self.stats.count_skip(reason)
        return SkippedRow(source=source, id=raw_id, reason=reason, message=message)


def _row_values(row: Mapping[str, Any], mapping: Mapping[str, tuple[str, ...]],
                *, where: str) -> dict[str, str | None]:
    """Each mapped field's value (text joined from several columns); raises BadRecordError."""
    values: dict[str, str | None] = {}
    for name, columns in mapping.items():
        parts = []
        for column in columns:
            try:
                part = _cell_text(row.get(column), field_name=name)
            except _FieldError as exc:
                raise BadRecordError(
                    f"{where}: field {name!r} (column {column!r}) must be text. Got {exc}. "
                    f"Put plain text in that column or map another one with --map {name}=COLUMN."
                ) from exc
            if part is not None:
                parts.append(part)
        values[name] = _TEXT_JOIN.join(parts) if parts else None
    return values


def _iter_table(data: bytes, fmt: str, source: str, *, reader: _Reader,
                overrides: Mapping[str, str] | None) -> Iterator[Posting | SkippedRow]:
    try:
        table = table_rows_from_bytes(data, fmt=fmt, source=source)
    except InputError as exc:
        yield reader.skip(source=source, reason="unreadable_file", message=exc.message)
        return
    mapping = recognise_columns(table.header, overrides=overrides, source=source)
    rows = iter(table.rows)
    while True:
        try:
            item = next(rows, None)
        except InputError as exc:  # a CSV that breaks part-way: keep what was read
            yield reader.skip(source=source, reason="unreadable_file", message=exc.message)
            return
        if item is None:
            return
        row_no, row = item
        reader.stats.rows_read += 1
        where = f"{source}:{row_no}"
        if isinstance(row, BadRecordError):
            yield reader.skip(source=where, reason="bad_row", message=row.message)
            continue
        try:
            values = _row_values(row, mapping, where=f"{source} row {row_no}")
        except BadRecordError as exc:
            yield reader.skip(source=where, reason="bad_row", message=exc.message)
            continue
        raw_id = values.get("id")
        if values.get("title") is None and values.get("text") is None:
            columns = [c for f in ("title", "text") for c in mapping.get(f, ())]
            yield reader.skip(
                source=where, reason="no_text", raw_id=raw_id,
                message=f"{source} row {row_no}: no title and no text (columns "
                f"{', '.join(repr(c) for c in columns)} are empty). Fill them in or remove the row.",
            )
            continue
        yield reader.posting(raw_id=raw_id or where, source=where, title=values.get("title"),
                             text=values.get("text") or "", raw=values)


def iter_postings(
    paths: Sequence[Path | str],
    *,
    overrides: Mapping[str, str] | None = None,
    settings: Settings | None = None,
    start_seq: int = 0,
    stats: PostingReadStats | None = None,
) -> Iterator[Posting | SkippedRow]:
    """Yield a Posting for every row of the tables and every document in ``paths``.

    ``paths`` are files and folders (folders expanded recursively, files sorted, hidden ones
    skipped); postings get ``seq`` ``start_seq``, ``start_seq + 1``... in that order. Table
    columns are recognised per file (``recognise_columns``; ``overrides`` from ``--map`` apply
    to every table file). A document file is one Posting: id and source its path, title its first
    line. Ids are made unique ("<id>#2" for the second), rows without an id get "path:row".
    Values are stripped, whitespace-only ones are None, every value is cut to MAX_POSTING_CHARS;
    salary, city, date, company, experience, education and seniority stay raw strings (XLSX
    dates as ISO strings). Yields SkippedRow for a row without title and text ("no_text"), a bad
    row ("bad_row") and a file that cannot be read ("unreadable_file", id None). Raises
    FileNotFoundInputError for a path that does not exist (before reading anything), and
    MissingColumnError or ParameterError when a table's columns cannot be mapped. ``stats`` is
    updated in place while reading.
    """
    settings = settings or get_settings()
    reader = _Reader(start_seq=start_seq, stats=stats if stats is not None else PostingReadStats())
    files = list(iter_paths([Path(p) for p in paths]))
    for path in files:
        source = str(path)
        reader.stats.files_read += 1
        try:
            data = read_checked_bytes(path, settings)
            fmt = detect_format(path, data)
            text = (read_document_text(fmt, data, source=source, settings=settings)
                    if fmt in DOCUMENT_FORMATS else None)
        except InputError as exc:
            yield reader.skip(source=source, reason="unreadable_file", message=exc.message)
            continue
        if text is None:
            yield from _iter_table(data, fmt, source, reader=reader, overrides=overrides)
            continue
        reader.stats.rows_read += 1
        if not text.strip():
            yield reader.skip(source=source, reason="no_text",
                              message=f"{source} holds no text. Expected a posting document.")
            continue
        title = title_of(text, is_markdown=fmt == "md")
        yield reader.posting(raw_id=source, source=source, title=title, text=text.strip(), raw={})
