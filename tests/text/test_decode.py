"""decode_bytes: BOMs, UTF-16 without BOM, GBK/GB18030, binary and undecodable bytes."""

from __future__ import annotations

import pytest

from talentgraph.errors import BinaryInputError, EncodingInputError
from talentgraph.text import decode_bytes

ZH = "岗位职责：负责大模型训练与推理优化，熟悉PyTorch。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gbk", "gb18030"])
def test_chinese_round_trips_in_every_supported_encoding(encoding: str) -> None:
    assert decode_bytes(ZH.encode(encoding), source="x.txt") == ZH


def test_gbk_bytes_are_not_utf8_so_the_fallback_really_runs() -> None:
    data = ZH.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data, source="x.txt") == ZH


def test_gb18030_only_character_is_decoded() -> None:
    text = "姓名：吉𠮷"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    assert decode_bytes(text.encode("gb18030"), source="x.txt") == text


@pytest.mark.parametrize("codec", ["utf-16-be", "utf-32"])
def test_boms_decide_the_encoding(codec: str) -> None:
    bom = b"\xfe\xff" if codec == "utf-16-be" else b""
    assert decode_bytes(bom + ZH.encode(codec), source="x.txt") == ZH


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_found_by_its_nul_pattern(codec: str) -> None:
    text = "Requirements: Python, SQL and Airflow.\n"
    assert decode_bytes(text.encode(codec), source="x.txt") == text


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(BinaryInputError, match="x.bin looks binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, source="x.bin")


def test_many_control_bytes_mean_binary() -> None:
    with pytest.raises(BinaryInputError):
        decode_bytes(b"abc\x01\x02\x03\x04\x05\x06" * 20, source="x.txt")


def test_bad_bytes_after_a_utf8_bom_name_the_encoding() -> None:
    with pytest.raises(EncodingInputError, match="utf-8 byte-order mark") as info:
        decode_bytes(b"\xef\xbb\xbfok \xff\xfe\xfa", source="x.txt")
    assert "x.txt" in str(info.value) and info.value.code == "E0204"


def test_undecodable_bytes_list_the_encodings_tried() -> None:
    data = bytes(range(0x80, 0x100)) * 3
    with pytest.raises(EncodingInputError) as info:
        decode_bytes(data, source="weird.txt")
    message = str(info.value)
    assert "weird.txt" in message and "utf-8" in message and "gb18030" in message


def test_empty_bytes_give_empty_text() -> None:
    assert decode_bytes(b"", source="x.txt") == ""


def test_a_western_legacy_file_falls_back_to_detection() -> None:
    text = "Résumé — Senior engineer at Café Müller, Zürich. Naïve façade déjà vu. " * 3
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    assert "Zürich" in decode_bytes(data, source="x.txt")


def test_western_single_byte_text_is_read_as_cp1252() -> None:
    from talentgraph.text import decode_bytes

    data = "Senior Engineer café naïve résumé with Python and SQL for Müller GmbH\n".encode("cp1252")
    assert decode_bytes(data, source="latin1.txt").startswith("Senior Engineer café naïve résumé")
