"""Read a file into records (tables) or one document's text, choosing the reader by extension.

File-level problems raise InputError subclasses; a bad row of a table is yielded as a
BadRecordError so a batch can report it and continue. Nothing is invented: a file that cannot be
read gives an error, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from talentgraph.domain import Record
from talentgraph.errors import (
    BadRecordError,
    BinaryInputError,
    EmptyInputError,
    EncodingInputError,
    FileNotFoundInputError,
    InputTooLargeError,
    UnsupportedFormatError,
)
from talentgraph.settings import Settings, get_settings
from talentgraph.text._decode import decode_bytes
from talentgraph.text._documents import extract_docx_text, extract_pdf_text
from talentgraph.text._tables import iter_delimited, iter_json, iter_jsonl, iter_xlsx, make_columns

__all__ = [
    "DOCUMENT_FORMATS",
    "TABLE_FORMATS",
    "detect_format",
    "read_checked_bytes",
    "read_document",
    "read_document_text",
    "read_records",
    "title_of",
]

#: Extensions read as one document each.
DOCUMENT_FORMATS = ("txt", "md", "pdf", "docx")
#: Extensions read as one record per row or object.
TABLE_FORMATS = ("csv", "tsv", "json", "jsonl", "xlsx")
_TITLE_MAX = 120


def _supported() -> str:
    return ", ".join(DOCUMENT_FORMATS + TABLE_FORMATS)


def read_checked_bytes(path: Path, settings: Settings) -> bytes:
    """The file's bytes, after the existence, size and emptiness checks (InputError if not)."""
    source = str(path)
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "does not exist"
        raise FileNotFoundInputError(
            f"{source} {what}. Expected a file to read. Check the path and the current directory."
        )
    size = path.stat().st_size
    is_table = path.suffix.lower().lstrip(".") in TABLE_FORMATS
    limit = settings.max_table_bytes if is_table else settings.max_file_bytes
    if size > limit:
        variable = "TALENTGRAPH_MAX_TABLE_BYTES" if is_table else "TALENTGRAPH_MAX_FILE_BYTES"
        raise InputTooLargeError(
            f"{source} is {size} bytes; at most {limit} are read. Split the file or raise "
            f"{variable}."
        )
    if size == 0:
        raise EmptyInputError(f"{source} is empty (0 bytes). Expected a document with text.")
    return path.read_bytes()


def _sniff(data: bytes) -> str | None:
    """The format that the magic bytes of a file with an unknown extension show."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if b"word/" in data[:4096]:
            return "docx"
        if b"xl/" in data[:4096]:
            return "xlsx"
    return None


def detect_format(path: Path, data: bytes) -> str:
    """The reader to use: the extension, else the magic bytes, else "txt" for decodable text."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in DOCUMENT_FORMATS or suffix in TABLE_FORMATS:
        return suffix
    sniffed = _sniff(data)
    if sniffed is not None:
        return sniffed
    try:
        decode_bytes(data, source=str(path))
    except (BinaryInputError, EncodingInputError) as exc:
        raise UnsupportedFormatError(
            f"{path} has an extension ({path.suffix or 'none'}) talentgraph does not read and "
            f"its content is not text. Supported formats: {_supported()}. Convert the file to "
            f"one of them."
        ) from exc
    return "txt"


def _text_document(data: bytes, *, source: str) -> str:
    text = decode_bytes(data, source=source)
    if not text.strip():
        raise EmptyInputError(f"{source} holds only whitespace. Expected a document with text.")
    return text


def read_document_text(fmt: str, data: bytes, *, source: str, settings: Settings) -> str:
    """The text of one document already read as ``data`` in format ``fmt`` (a DOCUMENT_FORMAT)."""
    if fmt == "pdf":
        return extract_pdf_text(data, source=source, max_pages=settings.max_pdf_pages)
    if fmt == "docx":
        return extract_docx_text(data, source=source)
    return _text_document(data, source=source)


def title_of(text: str, *, is_markdown: bool) -> str | None:
    """A document's title: its first non-blank line (Markdown hashes dropped), cut to 120."""
    for line in text.splitlines():
        line = line.strip()
        if is_markdown:
            line = line.lstrip("#").strip()
        if line:
            return line[:_TITLE_MAX]
    return None


def read_document(path: Path | str, *, settings: Settings | None = None) -> str:
    """The whole text of one document (txt, md, pdf, docx, or text with another extension).

    Tables (csv, tsv, json, jsonl, xlsx) hold many records: use ``read_records`` for them.
    Raises an InputError subclass when the file cannot be read.
    """
    path = Path(path)
    settings = settings or get_settings()
    data = read_checked_bytes(path, settings)
    fmt = detect_format(path, data)
    if fmt in TABLE_FORMATS:
        raise UnsupportedFormatError(
            f"{path} is a table ({fmt}) of many records, not one document. Expected one of "
            f"{', '.join(DOCUMENT_FORMATS)}. Use read_records (or the batch commands) for tables."
        )
    return read_document_text(fmt, data, source=str(path), settings=settings)


def read_records(
    path: Path | str,
    *,
    id_col: str = "id",
    title_col: str = "title",
    text_col: str = "text",
    settings: Settings | None = None,
) -> Iterator[Record | BadRecordError]:
    """Yield the records of a file: one per row/object of a table, one for a document.

    Raises an InputError subclass for a problem with the whole file (missing, empty, too large,
    binary, undecodable, corrupt, missing text column); yields a BadRecordError for a bad row and
    goes on. The file is checked when iteration starts.
    """
    path = Path(path)
    settings = settings or get_settings()
    source = str(path)
    data = read_checked_bytes(path, settings)
    fmt = detect_format(path, data)
    if fmt in DOCUMENT_FORMATS:
        text = read_document_text(fmt, data, source=source, settings=settings)
        title = title_of(text, is_markdown=fmt == "md")
        yield Record(id=source, text=text, title=title, source=source, meta={"format": fmt})
        return
    columns = make_columns(source=source, id_col=id_col, title_col=title_col, text_col=text_col)
    if fmt == "xlsx":
        yield from iter_xlsx(data, columns=columns)
        return
    text = decode_bytes(data, source=source)
    if fmt in ("csv", "tsv"):
        yield from iter_delimited(text, delimiter="," if fmt == "csv" else "\t", columns=columns)
    elif fmt == "json":
        yield from iter_json(text, columns=columns)
    else:
        yield from iter_jsonl(text, columns=columns)
