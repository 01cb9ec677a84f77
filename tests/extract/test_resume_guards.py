"""Unreadable, empty, image-only and oversized resumes: a clear error, never a half Resume."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from talentgraph.errors import (
    CorruptDocumentError,
    EmptyInputError,
    FileNotFoundInputError,
    InputError,
    InputTooLargeError,
    ParameterError,
)
from talentgraph.extract import parse_resume
from talentgraph.settings import Settings
from talentgraph.text import _documents
from tests.extract._resume_files import EN_PDF_LINES, write_docx, write_image_pdf, write_pdf

TODAY = date(2024, 6, 15)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyInputError, match=r"empty.txt is empty \(0 bytes\)") as info:
        parse_resume(path)
    assert info.value.code == "E0202"


def test_blank_text_and_blank_file(tmp_path: Path) -> None:
    with pytest.raises(EmptyInputError, match="The resume text is empty"):
        parse_resume(" \n\t\n")
    path = tmp_path / "blank.md"
    path.write_text("\n   \n", encoding="utf-8")
    with pytest.raises(EmptyInputError, match="blank.md holds only whitespace"):
        parse_resume(path)


def test_image_only_pdf_needs_ocr(tmp_path: Path) -> None:
    path = write_image_pdf(tmp_path / "scan.pdf")
    with pytest.raises(EmptyInputError, match="scan.pdf has no extractable text.*OCR"):
        parse_resume(path)


def test_pdf_with_too_many_pages(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "long.pdf", [EN_PDF_LINES, ["page two"], ["page three"]])
    settings = Settings(_env_file=None, max_pdf_pages=2)
    with pytest.raises(InputTooLargeError, match="long.pdf has 3 pages; at most 2") as info:
        parse_resume(path, settings=settings)
    assert (info.value.code, info.value.status) == ("E0209", 413)
    assert parse_resume(path, today=TODAY).name == "Daniel Okafor"  # within the default 50


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Python developer. " * 100, encoding="utf-8")
    with pytest.raises(InputTooLargeError, match="big.txt is 1800 bytes; at most 1000"):
        parse_resume(path, settings=Settings(_env_file=None, max_file_bytes=1000))
    with pytest.raises(InputTooLargeError, match="resume text is 1800 bytes; at most 1000"):
        parse_resume(path.read_text(encoding="utf-8"),
                     settings=Settings(_env_file=None, max_file_bytes=1000))


def _bomb(source: Path, target: Path, *, part: str, size: int) -> Path:
    """``source`` with ``part`` replaced by (or added as) ``size`` bytes that pack tiny."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            if info.filename != part:
                bomb.writestr(info, original.read(info))
        if part == "word/document.xml":
            xml = original.read(part)
            head, tail = xml.rsplit(b"</w:body>", 1)
            bomb.writestr(part, head + b" " * (size - len(xml)) + b"</w:body>" + tail)
        else:
            bomb.writestr(part, b"\0" * size)
    return target


def test_zip_bomb_docx_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    real = write_docx(tmp_path / "real.docx")
    size = _documents.MAX_DOCX_XML_BYTES + 1024
    bomb = _bomb(real, tmp_path / "bomb.docx", part="word/document.xml", size=size)
    assert bomb.stat().st_size < 200_000  # 50 MB of XML packed small
    with pytest.raises(InputTooLargeError, match=r"bomb.docx unpacks to \d+ bytes of document "
                                                 r"text.*zip bombs") as info:
        parse_resume(bomb)
    assert info.value.code == "E0209"


def test_zip_bomb_in_another_docx_part_is_refused(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_documents, "MAX_DOCX_UNPACKED_BYTES", 1_000_000)
    real = write_docx(tmp_path / "real.docx")
    bomb = _bomb(real, tmp_path / "media.docx", part="word/media/image1.png", size=2_000_000)
    with pytest.raises(InputTooLargeError, match=r"media.docx holds \d+ parts that unpack to "
                                                 r"\d+ bytes.*zip bombs"):
        parse_resume(bomb)
    assert parse_resume(real, today=TODAY).name == "张伟"  # an ordinary DOCX still reads


def test_docx_with_too_many_parts_is_refused(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_documents, "MAX_DOCX_MEMBERS", 5)
    path = write_docx(tmp_path / "parts.docx")
    with pytest.raises(InputTooLargeError, match=r"parts.docx holds \d+ parts"):
        parse_resume(path)


def test_broken_files_are_corrupt(tmp_path: Path) -> None:
    cut = tmp_path / "cut.docx"
    cut.write_bytes(write_docx(tmp_path / "whole.docx").read_bytes()[:700])
    with pytest.raises(CorruptDocumentError, match="cut.docx is not a readable DOCX"):
        parse_resume(cut)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"this is not a pdf at all")
    with pytest.raises(CorruptDocumentError, match="fake.pdf is not a PDF"):
        parse_resume(fake)


def test_missing_file_and_bad_argument(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundInputError, match="nowhere.pdf does not exist"):
        parse_resume(str(tmp_path / "nowhere.pdf"))
    with pytest.raises(ParameterError, match="The 'path_or_text' parameter of parse_resume "
                                             "must be a file path"):
        parse_resume(b"bytes are not text")  # type: ignore[arg-type]


def test_every_refusal_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(InputError):
        parse_resume(path)
