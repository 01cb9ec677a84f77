"""Write the encoded and binary fixtures in tests/data/files/ (run once; the output is committed).

    .venv/bin/python tests/text/_make_fixtures.py

Every text here is self-written. PDFs are assembled by hand (a Helvetica text object for English;
a Type0 STSong-Light font with the UniGB-UTF16-H CMap for Chinese) so they need no PDF writer.
"""

from __future__ import annotations

from pathlib import Path

FILES = Path(__file__).resolve().parents[1] / "data" / "files"

ZH_TEXT = "算法工程师\n任职要求：熟悉Python和PyTorch，有大模型经验者优先。\n"
ZH_GB18030_ONLY = "姓名：吉𠮷\n技能：深度学习\n"  # U+20BB7 exists in GB18030 but not in GBK
EN_TEXT = "Data Engineer\nRequirements: Python, SQL and Airflow.\n"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from its numbered objects (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def pdf_with_text(lines: list[str], *, chinese: bool) -> bytes:
    """A one-page PDF showing ``lines``."""
    if chinese:
        font = (
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
            b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>"
        )
        shows = [b"<" + line.encode("utf-16-be").hex().encode() + b"> Tj" for line in lines]
    else:
        font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
        shows = [b"(" + line.encode("latin-1") + b") Tj" for line in lines]
    content = b"BT /F1 12 Tf 72 720 Td 16 TL " + b" T* ".join(shows) + b" ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            (
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            ),
            font,
            _stream(content),
        ]
    )


def main() -> None:
    """Write every generated fixture."""
    FILES.mkdir(parents=True, exist_ok=True)
    (FILES / "gbk.txt").write_bytes(ZH_TEXT.encode("gbk"))
    (FILES / "gb18030.txt").write_bytes(ZH_GB18030_ONLY.encode("gb18030"))
    (FILES / "utf16.txt").write_bytes(ZH_TEXT.encode("utf-16"))  # LE with BOM
    (FILES / "utf16_be.txt").write_bytes(b"\xfe\xff" + ZH_TEXT.encode("utf-16-be"))
    (FILES / "utf16_nobom.txt").write_bytes(EN_TEXT.encode("utf-16-le"))
    (FILES / "utf8_bom.txt").write_bytes(ZH_TEXT.encode("utf-8-sig"))
    (FILES / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (FILES / "blob.dat").write_bytes(b"\x89\x01\x02\x03\x00\x00\xff" * 50)
    (FILES / "posting.text").write_text(EN_TEXT, encoding="utf-8")
    en_pdf = pdf_with_text(
        ["Machine Learning Engineer", "Requirements: Python and PyTorch."], chinese=False
    )
    (FILES / "posting_en.pdf").write_bytes(en_pdf)
    (FILES / "resume_zh.pdf").write_bytes(
        pdf_with_text(["李四 算法工程师", "专业技能：Python、深度学习"], chinese=True)
    )
    (FILES / "truncated.pdf").write_bytes(en_pdf[: len(en_pdf) // 2])


if __name__ == "__main__":
    main()
