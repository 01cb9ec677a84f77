"""normalise_text: each step, the offset map, and a seeded property test."""

from __future__ import annotations

import random

import pytest

from talentgraph.errors import ParameterError
from talentgraph.text import normalise_text


def test_full_width_ascii_and_ideographic_space_become_half_width() -> None:
    result = normalise_text("ＰｙＴｏｒｃｈ　３年")
    assert result.text == "PyTorch 3年"
    assert list(result.offsets) == list(range(10))


def test_traditional_becomes_simplified_in_place() -> None:
    result = normalise_text("熟悉機器學習與資料庫")
    assert result.text == "熟悉机器学习与资料库"
    assert list(result.offsets) == list(range(10))


def test_whitespace_line_endings_and_invisible_characters() -> None:
    original = "a\t\t b\r\nc\u200bd\u00ade\r\n\r\n \r\n\r\nf"
    result = normalise_text(original)
    assert result.text == "a b\ncde\n\nf"
    assert result.span_to_original(1, 2) == (1, 4)  # the space covers "\t\t "
    assert result.span_to_original(3, 4) == (5, 7)  # "\n" covers "\r\n"
    start, end = result.span_to_original(4, 7)
    assert original[start:end] == "c\u200bd\u00ade"


def test_one_char_becoming_two_maps_back_to_the_whole_char() -> None:
    original = "ﬁne-tune ㈱"
    result = normalise_text(original)
    assert result.text == "fine-tune (株)"
    assert result.span_to_original(0, 1) == (0, 1)  # "f" alone covers the ligature
    assert result.span_to_original(1, 4) == (0, 3)  # "ine" starts inside the ligature
    start, end = result.span_to_original(10, 13)
    assert original[start:end] == "㈱"


def test_span_back_to_original_for_a_skill_in_a_mixed_posting() -> None:
    original = "任職要求：\r\n  熟悉ＰｙＴｏｒｃｈ，有大模型經驗者優先"
    result = normalise_text(original)
    start = result.text.index("PyTorch")
    o_start, o_end = result.span_to_original(start, start + len("PyTorch"))
    assert original[o_start:o_end] == "ＰｙＴｏｒｃｈ"
    start = result.text.index("大模型经验")
    o_start, o_end = result.span_to_original(start, start + 5)
    assert original[o_start:o_end] == "大模型經驗"


def test_empty_spans_and_bad_spans() -> None:
    result = normalise_text("ab\u200b")
    assert result.span_to_original(2, 2) == (3, 3)
    assert result.span_to_original(1, 1) == (1, 1)
    with pytest.raises(ParameterError, match="span_to_original"):
        result.span_to_original(2, 5)


def test_empty_and_all_dropped_text() -> None:
    assert normalise_text("").text == ""
    result = normalise_text("\u200b\u200d")
    assert result.text == "" and len(result.offsets) == 0 and result.original_length == 2


def test_not_a_string() -> None:
    with pytest.raises(ParameterError, match="'text' parameter of normalise_text"):
        normalise_text(b"bytes")  # type: ignore[arg-type]


TRICKY = [
    "\r\n\r\n\r\n",
    "ｌｅｅｔ　ｃｏｄｅ\u3000\u3000",
    "e\u0301 café ﬀ ﬃ ㍻ ½ ¹",
    "\u200b\ufeff\u00ad",
    "臺灣軟體開發 後來 髮型 乾淨",
    "𠮷野家 😀 emoji",
    "\t \t\n \n\n\t\n",
    "ｍｉｘｅｄ\r中文\u2028line\u2029para\x0c",
]
_ALPHABET = (
    "abcXYZ09 .,:;-\t\n\r\u3000\u200b\u00adＡＺａ０９，：（）【】"
    "机器学習軟體頭髮乾ﬁ㈱½é\u0301𠮷😀\x00\x07"
)


def _random_strings(n: int) -> list[str]:
    rng = random.Random(20240601)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 60))) for _ in range(n)]


@pytest.mark.parametrize("original", TRICKY + _random_strings(300))
def test_every_normalised_char_maps_back_in_order(original: str) -> None:
    result = normalise_text(original)
    n = len(result.text)
    assert len(result.offsets) == len(result.ends) == n
    assert all(0 <= result.offsets[i] < result.ends[i] <= len(original) for i in range(n))
    assert all(result.offsets[i] <= result.offsets[i + 1] for i in range(n - 1))
    assert all(result.ends[i] <= result.ends[i + 1] for i in range(n - 1))
    if n:
        assert result.span_to_original(0, n)[1] <= len(original)
    assert "\r" not in result.text and "  " not in result.text and "\n\n\n" not in result.text


def test_ascii_without_whitespace_runs_is_unchanged() -> None:
    rng = random.Random(7)
    printable = [chr(c) for c in range(0x21, 0x7F)]
    for _ in range(300):
        words = ["".join(rng.choices(printable, k=rng.randint(1, 8))) for _ in range(10)]
        text = "".join(word + rng.choice([" ", "\n", ""]) for word in words)
        result = normalise_text(text)
        assert result.text == text
        assert list(result.offsets) == list(range(len(text)))


def test_normalised_text_is_stable() -> None:
    once = normalise_text("".join(TRICKY)).text
    assert normalise_text(once).text == once


class _LengthChangingConverter:
    """A stand-in for OpenCC whose phrase rule shortens "乾隆年間" (per char it is 1:1)."""

    def convert(self, text: str) -> str:
        text = text.replace("乾隆年間", "乾隆间")
        return text.replace("間", "间").replace("乾", "干")


def test_length_changing_phrase_falls_back_to_per_character(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from talentgraph.text import _normalise

    monkeypatch.setattr(_normalise, "_converter", _LengthChangingConverter())
    original = "第一行乾\n乾隆年間的Python"
    result = normalise_text(original)
    assert result.text == "第一行干\n干隆年间的Python"  # the changed line went char by char
    assert list(result.offsets) == list(range(len(original)))
