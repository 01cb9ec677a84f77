"""Text out of PDF (pypdf) and DOCX (python-docx) files, with guards for broken and huge files.

Parsers for untrusted binary formats fail in many ways; every failure becomes a
CorruptDocumentError naming the file (the original exception is chained for ``--debug``).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from talentgraph.errors import CorruptDocumentError, EmptyInputError, InputTooLargeError

__all__ = [
    "MAX_DOCX_MEMBERS",
    "MAX_DOCX_UNPACKED_BYTES",
    "MAX_DOCX_XML_BYTES",
    "extract_docx_text",
    "extract_pdf_text",
]

#: Largest uncompressed word/document.xml read (zip-bomb guard).
MAX_DOCX_XML_BYTES = 50 * 1024 * 1024
#: Largest uncompressed size of all parts of a DOCX together: python-docx loads every part
#: (styles, headers, images), so a bomb hidden in any of them must be refused too.
MAX_DOCX_UNPACKED_BYTES = 200 * 1024 * 1024
#: Most parts (zip members) a DOCX may have.
MAX_DOCX_MEMBERS = 2000


def _corrupt(source: str, kind: str, exc: BaseException) -> CorruptDocumentError:
    return CorruptDocumentError(
        f"{source} is not a readable {kind} file: it is truncated, broken or not really a {kind} "
        f"({type(exc).__name__}). Expected a complete {kind}. Open it in an editor, re-save "
        f"or re-export it, and try again."
    )


def extract_pdf_text(data: bytes, *, source: str, max_pages: int) -> str:
    """The text of every page of a PDF, pages separated by a blank line.

    Raises CorruptDocumentError (broken, truncated or password-protected), InputTooLargeError
    (more than ``max_pages`` pages) and EmptyInputError (no text layer: a scanned image).
    """
    from pypdf import PdfReader  # lazy: only PDF input pays for the import

    try:
        if b"%PDF-" not in data[:1024]:
            raise CorruptDocumentError(
                f"{source} is not a PDF: it has no %PDF header. Expected a PDF document. Check "
                f"that the file has the right extension."
            )
        if not data.rstrip().endswith(b"%%EOF") and b"%%EOF" not in data[-1024:]:
            raise CorruptDocumentError(
                f"{source} is a truncated PDF: it has no end-of-file marker (%%EOF). Expected a "
                f"complete PDF. Download or export the file again."
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise CorruptDocumentError(
                    f"{source} is a password-protected PDF. Expected an unencrypted PDF. Remove "
                    f"the password (print to PDF or export without protection) and try again."
                )
            n_pages = len(reader.pages)
            if n_pages > max_pages:
                raise InputTooLargeError(
                    f"{source} has {n_pages} pages; at most {max_pages} are read. Expected a "
                    f"posting or resume of at most {max_pages} pages. Split the file or raise "
                    f"TALENTGRAPH_MAX_PDF_PAGES."
                )
            pages = [page.extract_text() or "" for page in reader.pages]
    except (CorruptDocumentError, InputTooLargeError):
        raise
    except Exception as exc:  # pypdf raises many types on broken input; all mean "corrupt"
        raise _corrupt(source, "PDF", exc) from exc
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise EmptyInputError(
            f"{source} has no extractable text: it may be a scanned image. Expected a PDF with a "
            f"text layer. Run OCR on it first (e.g. ocrmypdf) or provide the DOCX/TXT version."
        )
    return text


def _iter_blocks(container: Any) -> Iterator[str]:
    """Paragraph texts of a document or table cell in reading order, tables cell by cell."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is repeated once per grid column
                        continue
                    seen.add(id(cell._tc))
                    yield from _iter_blocks(cell)
        else:
            yield block.text


def _check_docx_zip(data: bytes, source: str) -> None:
    """Refuse a DOCX that unpacks too large before any part is decompressed.

    The sizes checked are the ones the zip declares; a part that lies about its size is cut
    at the declared size by ``zipfile`` and then fails its CRC check (a corrupt file).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            info = archive.getinfo("word/document.xml")
    except KeyError as exc:
        raise CorruptDocumentError(
            f"{source} is a zip file without word/document.xml, so not a Word document. Expected "
            f"a .docx saved by Word, WPS or LibreOffice. Re-save it as .docx."
        ) from exc
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _corrupt(source, "DOCX", exc) from exc
    if info.file_size > MAX_DOCX_XML_BYTES:
        raise InputTooLargeError(
            f"{source} unpacks to {info.file_size} bytes of document text; at most "
            f"{MAX_DOCX_XML_BYTES} are read (a guard against zip bombs). Expected an ordinary "
            f"resume or posting. Split the document."
        )
    total = sum(member.file_size for member in members)
    if len(members) > MAX_DOCX_MEMBERS or total > MAX_DOCX_UNPACKED_BYTES:
        raise InputTooLargeError(
            f"{source} holds {len(members)} parts that unpack to {total} bytes; at most "
            f"{MAX_DOCX_MEMBERS} parts and {MAX_DOCX_UNPACKED_BYTES} bytes are read (a guard "
            f"against zip bombs). Expected an ordinary resume or posting. Remove large images "
            f"or embedded files, or save it as PDF."
        )


def extract_docx_text(data: bytes, *, source: str) -> str:
    """Paragraphs and table cells of a DOCX in order, one per line.

    Raises CorruptDocumentError (broken zip, not a Word file), InputTooLargeError (zip bomb
    guard) and EmptyInputError (no text).
    """
    _check_docx_zip(data, source)
    import docx  # lazy: only DOCX input pays for the import

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = docx.Document(io.BytesIO(data))
            lines = list(_iter_blocks(document))
    except Exception as exc:  # python-docx/lxml raise many types on broken input
        raise _corrupt(source, "DOCX", exc) from exc
    text = "\n".join(lines).strip()
    if not text:
        raise EmptyInputError(
            f"{source} has no text in its paragraphs or tables. Expected a document with text. "
            f"If the text is in images or text boxes, save it as PDF or TXT instead."
        )
    return text
