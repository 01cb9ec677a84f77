"""Turn the bytes of a text file into ``str``: BOMs, UTF-16, UTF-8, GB18030, then a guess.

The order is fixed and strict, so the same bytes always give the same text:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. BOM-less UTF-16 is recognised by its NUL pattern (ASCII-range text has a NUL in every
   other byte);
3. NUL bytes or many control bytes left over mean the file is binary -> BinaryInputError;
4. strict UTF-8, then strict GB18030 (a superset of GBK and GB2312);
5. charset-normalizer as a last resort (only its confident answers are used);
6. otherwise EncodingInputError naming the file and every encoding tried.

GB18030 is tried before any single-byte Western encoding on purpose: talentgraph reads Chinese
documents, and most legacy Chinese files are GBK. A Latin-1 file can therefore occasionally
decode as GB18030; save such files as UTF-8.
"""

from __future__ import annotations

import codecs

from talentgraph.errors import BinaryInputError, EncodingInputError

__all__ = ["decode_bytes", "is_probably_binary"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bytes that never occur in text: C0 controls other than \t \n \v \f \r and ESC, plus DEL.
_CONTROL_BYTES = frozenset(range(0x09)) | frozenset(range(0x0E, 0x1B)) | {0x1C, 0x1D}
_CONTROL_BYTES |= {0x1E, 0x1F, 0x7F}
_SAMPLE = 8192
_MAX_CONTROL_RATIO = 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 codec whose NUL pattern the sample shows (``None`` when it does not)."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(data) % 2:
        return None
    half = len(sample) // 2
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= 0.3 * half and even_nuls <= 0.05 * half:
        return "utf-16-le"
    if even_nuls >= 0.3 * half and odd_nuls <= 0.05 * half:
        return "utf-16-be"
    return None


def is_probably_binary(data: bytes) -> bool:
    """Whether the (BOM-less, non-UTF-16) bytes look binary: a NUL byte or many control bytes."""
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > _MAX_CONTROL_RATIO * len(sample)


def _decode_with_bom(data: bytes, source: str) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise EncodingInputError(
                    f"{source} starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (bad byte at offset {exc.start + len(bom)}). Expected the whole "
                    f"file in one encoding. Re-save it as UTF-8."
                ) from exc
    return None


def decode_bytes(data: bytes, *, source: str) -> str:
    """Decode the bytes of a text file, trying the encodings in the order the module describes.

    ``source`` names the file in error messages. Raises BinaryInputError for binary content and
    EncodingInputError when no encoding decodes the bytes cleanly. ``b""`` gives ``""``.
    """
    if not data:
        return ""
    text = _decode_with_bom(data, source)
    if text is not None:
        return text
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all; the binary check below will decide
    if is_probably_binary(data):
        raise BinaryInputError(
            f"{source} looks binary (it contains NUL or control bytes), not text. Expected a "
            f"text document (txt, md, csv, json, pdf, docx, xlsx). Check that the file has the "
            f"right extension."
        )
    tried = ["utf-8", "gb18030"]
    for encoding in tried:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # imported lazily: only odd files get here

    best = from_bytes(data).best()
    tried.append("charset-normalizer detection")
    if best is not None and not best.encoding.startswith(("utf_16", "utf_32", "utf_8", "gb")):
        guessed = str(best)
        multibyte = ("big5", "shift_jis", "euc", "cp932", "cp936", "cp949", "cp950",
                     "iso2022", "hz", "johab", "gb", "utf")
        if not best.encoding.startswith(multibyte):
            # a single-byte Latin code page: Western European (cp1252) is by far the likeliest
            # for postings and resumes, and the detector often picks a neighbour (ï -> ď)
            try:
                guessed = data.decode("cp1252")
            except UnicodeDecodeError:
                pass
        printable = sum(1 for char in guessed if char.isprintable() or char in "\t\r\n")
        if "\ufffd" not in guessed and printable >= 0.98 * len(guessed):
            return guessed
    raise EncodingInputError(
        f"{source} is not valid text in any supported encoding (tried {', '.join(tried)}). "
        f"Expected UTF-8, UTF-16 with a byte-order mark, GBK or GB18030. Re-save the file as UTF-8."
    )
