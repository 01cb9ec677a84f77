"""The raw rows of a table with its header, before any column is chosen.

``read_records`` needs the text column named up front; the market analysis first looks at the
header to recognise the columns (``recognise_columns``) and only then reads the rows. Both use the
same checks (existence, size, emptiness), format detection, decoding and parsers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from talentgraph.errors import BadRecordError, EmptyInputError, UnsupportedFormatError
from talentgraph.settings import Settings, get_settings
from talentgraph.text._decode import decode_bytes
from talentgraph.text._read import (
    DOCUMENT_FORMATS,
    TABLE_FORMATS,
    detect_format,
    read_checked_bytes,
)
from talentgraph.text._tables import (
    RowItem,
    load_xlsx_rows,
    object_keys,
    open_delimited,
    parse_json_objects,
    parse_jsonl_objects,
    split_xlsx_rows,
)

__all__ = ["TableRows", "read_table_rows", "table_rows_from_bytes"]


@dataclass(frozen=True, slots=True)
class TableRows:
    """The header of one table file and a one-pass iterator over its rows.

    ``header`` holds the column names in file order (stripped; an unnamed column is ""; for JSON,
    the keys of all objects in order of first appearance). ``rows`` yields ``(row_no, cells)``:
    ``row_no`` counts from 1 at the first data row (the JSON Lines line number), ``cells`` maps
    column name to the raw value (``str`` for CSV/TSV; JSON values; XLSX cell values such as
    ``datetime``), or is a BadRecordError for a row that is not an object or not valid JSON.
    """

    source: str
    format: str
    header: tuple[str, ...]
    rows: Iterator[RowItem]

    def __iter__(self) -> Iterator[RowItem]:
        return self.rows


def _json_rows(items: list[tuple[int, object]], source: str) -> Iterator[RowItem]:
    for row_no, obj in items:
        if isinstance(obj, dict | BadRecordError):
            yield row_no, obj
        else:
            yield row_no, BadRecordError(
                f"{source} row {row_no}: expected a JSON object of fields. Got "
                f"{type(obj).__name__} instead. Make each record an object such as "
                f'{{"title": ..., "description": ...}}.'
            )


def table_rows_from_bytes(data: bytes, *, fmt: str, source: str) -> TableRows:
    """The TableRows of a table already read into ``data`` (``fmt`` one of TABLE_FORMATS).

    Raises an InputError subclass for the whole file (undecodable, corrupt, no header).
    """
    if fmt == "xlsx":
        header, rows = split_xlsx_rows(load_xlsx_rows(data, source=source))
    elif fmt in ("csv", "tsv"):
        text = decode_bytes(data, source=source)
        # any field fits: the file size is already bounded by settings.max_file_bytes
        header, rows = open_delimited(
            text, delimiter="," if fmt == "csv" else "\t", source=source,
            max_field_chars=max(len(text), 131_072),
        )
    elif fmt in ("json", "jsonl"):
        text = decode_bytes(data, source=source)
        parse = parse_json_objects if fmt == "json" else parse_jsonl_objects
        items = parse(text, source=source)
        header, rows = object_keys(items), _json_rows(items, source)
    else:
        raise UnsupportedFormatError(
            f"{source} is read as {fmt!r}, not a table. Expected one of {', '.join(TABLE_FORMATS)}."
            f" Use read_document for one-document files."
        )
    if not any(header):
        raise EmptyInputError(
            f"{source} has no header row with column names (or no records at all). Expected a "
            f"first row naming the columns, e.g. title,description. Add the header or remove the "
            f"file."
        )
    return TableRows(source=source, format=fmt, header=tuple(header), rows=rows)


def read_table_rows(path: Path | str, *, settings: Settings | None = None) -> TableRows:
    """Read a table file (csv, tsv, json, jsonl, xlsx) into its header and raw rows.

    Use it when the columns must be recognised from the header before reading (the market
    analysis); ``read_records`` is simpler when the column names are known. The file is read,
    decoded (UTF-8, UTF-16, GBK/GB18030, ...) and parsed now; rows are produced lazily. Raises an
    InputError subclass for a problem with the whole file (missing, empty, too large, binary,
    undecodable, corrupt, no header, a one-document format such as txt or pdf); a CSV that breaks
    part-way raises CorruptDocumentError when that row is reached.
    """
    path = Path(path)
    settings = settings or get_settings()
    data = read_checked_bytes(path, settings)
    fmt = detect_format(path, data)
    if fmt in DOCUMENT_FORMATS:
        raise UnsupportedFormatError(
            f"{path} is one document ({fmt}), not a table. Expected one of "
            f"{', '.join(TABLE_FORMATS)}. Use read_document for documents."
        )
    return table_rows_from_bytes(data, fmt=fmt, source=str(path))
