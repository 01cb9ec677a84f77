"""PDF and DOCX input: text, scanned, encrypted, truncated, too many pages, zip bombs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from talentgraph.domain import Record
from talentgraph.errors import CorruptDocumentError, EmptyInputError, InputTooLargeError
from talentgraph.settings import Settings
from talentgraph.text import _documents, read_document, read_records


def test_pdf_text_in_english_and_chinese(files: Path) -> None:
    assert read_document(files / "posting_en.pdf") == (
        "Machine Learning Engineer\nRequirements: Python and PyTorch."
    )
    [record] = read_records(files / "resume_zh.pdf")
    assert isinstance(record, Record)
    assert record.title == "李四 算法工程师" and "专业技能：Python、深度学习" in record.text


def test_truncated_pdf_is_corrupt(files: Path) -> None:
    with pytest.raises(CorruptDocumentError, match="truncated.pdf") as info:
        read_document(files / "truncated.pdf")
    assert info.value.code == "E0206"


def test_broken_pdf_body_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage\n%%EOF\n")
    with pytest.raises(CorruptDocumentError, match="broken.pdf is not a readable PDF"):
        read_document(path)


def _blank_pdf(pages: int, *, password: str | None = None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if password is not None:
        writer.encrypt(user_password=password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_without_text_says_it_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_blank_pdf(1))
    with pytest.raises(EmptyInputError, match="scanned image.*OCR"):
        read_document(path)


def test_password_protected_pdf(tmp_path: Path) -> None:
    path = tmp_path / "secret.pdf"
    path.write_bytes(_blank_pdf(1, password="s3cret"))
    with pytest.raises(CorruptDocumentError, match="secret.pdf is a password-protected PDF"):
        read_document(path)


def test_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(_blank_pdf(3))
    with pytest.raises(InputTooLargeError, match="3 pages; at most 2"):
        read_document(path, settings=Settings(_env_file=None, max_pdf_pages=2))


def test_docx_paragraphs_and_table_cells_in_order(docx_path: Path) -> None:
    text = read_document(docx_path)
    assert text.split("\n") == [
        "王五 机器学习工程师",
        "工作经历",
        "2021-2024 某公司 负责推荐模型",
        "专业技能",
        "Python、Spark",
        "英语六级",  # merged cell once, not twice
    ]


def test_truncated_docx_is_corrupt(docx_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes(docx_path.read_bytes()[:500])
    with pytest.raises(CorruptDocumentError, match="cut.docx is not a readable DOCX"):
        read_document(path)


def test_zip_without_document_xml_is_not_word(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CorruptDocumentError, match="without word/document.xml"):
        read_document(path)


def test_docx_zip_bomb_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_documents, "MAX_DOCX_XML_BYTES", 1000)
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document>" + " " * 100_000 + "</w:document>")
    assert path.stat().st_size < 2000
    with pytest.raises(InputTooLargeError, match="zip bombs"):
        read_document(path)


def test_docx_sniffed_without_extension(docx_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "resume.bin"
    path.write_bytes(docx_path.read_bytes())
    assert read_document(path).startswith("王五")
