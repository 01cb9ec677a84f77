"""Normalise text for matching while keeping a map back to the original characters.

Steps, in order (each keeps the offset map):

1. per character: NFKC (full-width ASCII -> half-width, ideographic space -> space, ligatures
   split), zero-width characters and soft hyphens removed, other control characters removed,
   tabs -> space, every line ending (CRLF, CR, U+2028/2029, NEL, VT, FF) -> ``\\n``;
2. traditional -> simplified Chinese with OpenCC ``t2s`` (one converter, created lazily);
3. runs of spaces -> one space; three or more line breaks (blank lines holding only spaces count)
   -> two.

NFKC is applied character by character, so a base letter and a following combining mark are not
composed; that is harmless for matching and keeps the map exact.

``offsets[i]`` is the index in the original text of normalised character ``i``; ``ends[i]`` is the
(exclusive) end of the original characters it came from, so a span can always be mapped back to
whole original characters, also when one character became several (``ﬁ`` -> ``fi``) or several
became one (``\\r\\n`` -> ``\\n``, a run of spaces -> one space).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from talentgraph.errors import ParameterError

__all__ = ["NormalisedText", "normalise_text"]

# Characters that step 1 leaves alone: printable ASCII, space, \n, CJK unified ideographs (BMP)
# and the CJK punctuation that NFKC keeps. Everything else goes through the per-character map.
# "\r\n" is matched as one: the class takes the "\r", the optional group its "\n". Written
# with the class first (not as "\r\n|[...]") so the engine scans for the class quickly.
_SPECIAL = re.compile(r"[^\x20-\x7e\n\u4e00-\u9fff\u3001\u3002\u3008-\u3011](?:(?<=\r)\n)?")
_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
_NEWLINES = frozenset("\r\u2028\u2029\x85\x0b\x0c")
_WHITESPACE = re.compile(r"\n(?: *\n){2,}|  +")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_FROM_HAN = re.compile(r"[^\x00-\u33ff]")  # a quick first test: any character from U+3400
_CHAR_CACHE: dict[str, str] = {"\r\n": "\n", "\t": " "}
_converter: Any = None


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """Normalised text with, for each character, the original span it came from."""

    text: str
    offsets: array  # offsets[i]: index in the original text of normalised char i
    ends: array  # ends[i]: exclusive end in the original text of what char i came from
    original_length: int

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the normalised span ``[start, end)``.

        The end is exclusive and covers the whole last original character. An empty span maps to
        an empty span at the corresponding original position.
        """
        n = len(self.text)
        if not (0 <= start <= end <= n):
            raise ParameterError.invalid(
                "start/end",
                "NormalisedText.span_to_original",
                f"0 <= start <= end <= {n}",
                (start, end),
            )
        if start == end:
            position = self.offsets[start] if start < n else self.original_length
            return position, position
        return self.offsets[start], self.ends[end - 1]


def _map_char(char: str) -> str:
    mapped = _CHAR_CACHE.get(char)
    if mapped is None:
        if char in _DROP:
            mapped = ""
        elif char in _NEWLINES:
            mapped = "\n"
        elif unicodedata.category(char) == "Cc":
            mapped = ""
        else:
            mapped = unicodedata.normalize("NFKC", char)
            mapped = "".join("" if c in _DROP else c for c in mapped)
        _CHAR_CACHE[char] = mapped
    return mapped


def _substitute(
    text: str, pattern: re.Pattern[str], replace: Callable[[str], str]
) -> tuple[str, np.ndarray, np.ndarray] | None:
    """Apply ``replace`` to every match; the new text with starts/ends into ``text``.

    Returns ``None`` when nothing changed (the map is then the identity).
    """
    seg_src: list[int] = []  # source start of each output segment
    seg_end: list[int] = []  # source end (exclusive) of each output segment
    seg_len: list[int] = []  # output length of each segment
    seg_copy: list[bool] = []  # copied verbatim (char i -> source start + i) or replaced
    pieces: list[str] = []
    position = 0
    changed = False
    for match in pattern.finditer(text):
        start, end = match.span()
        found = match.group()
        new = replace(found)
        if new == found:
            continue
        changed = True
        if start > position:
            pieces.append(text[position:start])
            seg_src.append(position)
            seg_end.append(start)
            seg_len.append(start - position)
            seg_copy.append(True)
        if new:
            pieces.append(new)
            seg_src.append(start)
            seg_end.append(end)
            seg_len.append(len(new))
            seg_copy.append(False)
        position = end
    if not changed:
        return None
    if position < len(text):
        pieces.append(text[position:])
        seg_src.append(position)
        seg_end.append(len(text))
        seg_len.append(len(text) - position)
        seg_copy.append(True)
    lengths = np.asarray(seg_len, dtype=np.int64)
    total = int(lengths.sum())
    out_start = np.cumsum(lengths) - lengths
    within = np.arange(total, dtype=np.int64) - np.repeat(out_start, lengths)
    copy = np.repeat(np.asarray(seg_copy, dtype=bool), lengths)
    starts = np.repeat(np.asarray(seg_src, dtype=np.int64), lengths)
    starts = np.where(copy, starts + within, starts)
    ends = np.where(copy, starts + 1, np.repeat(np.asarray(seg_end, dtype=np.int64), lengths))
    return "".join(pieces), starts, ends


def _get_converter() -> Any:
    global _converter
    if _converter is None:
        import opencc  # lazy: loading the dictionaries costs a few milliseconds

        _converter = opencc.OpenCC("t2s")
    return _converter


def _to_simplified(text: str) -> tuple[str, np.ndarray, np.ndarray] | None:
    """Traditional -> simplified; ``None`` when the conversion keeps every character in place.

    t2s is character-for-character in length for nearly all input. When a phrase conversion
    changes the length, the affected lines are converted character by character instead.
    """
    # isascii() is O(1) on str; _FROM_HAN scans faster than _HAN: most English stops here
    if text.isascii() or not _FROM_HAN.search(text) or not _HAN.search(text):
        return None
    converter = _get_converter()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return None if converted == text else (converted, np.empty(0), np.empty(0))

    pieces: list[str] = []
    starts: list[int] = []
    position = 0
    for line in text.splitlines(keepends=True):  # rare path: only when lengths differ
        new = converter.convert(line)
        if len(new) == len(line):
            pieces.append(new)
            starts.extend(range(position, position + len(line)))
        else:
            for index, char in enumerate(line):
                converted_char = converter.convert(char)
                pieces.append(converted_char)
                starts.extend([position + index] * len(converted_char))
        position += len(line)
    starts_array = np.asarray(starts, dtype=np.int64)
    return "".join(pieces), starts_array, starts_array + 1


def normalise_text(text: str) -> NormalisedText:
    """Normalise ``text`` (see the module docstring) and keep the map back to ``text``."""
    if not isinstance(text, str):
        raise ParameterError.invalid("text", "normalise_text", "a str", type(text).__name__)
    current = text
    starts: np.ndarray | None = None  # None: identity map so far
    ends: np.ndarray | None = None

    def compose(step: tuple[str, np.ndarray, np.ndarray] | None) -> None:
        nonlocal current, starts, ends
        if step is None:
            return
        new_text, new_starts, new_ends = step
        if len(new_starts) or not new_text:  # an empty map with text means "same positions"
            if starts is None:
                starts, ends = new_starts, new_ends
            else:
                assert ends is not None
                starts, ends = starts[new_starts], ends[new_ends - 1]
        current = new_text

    compose(_substitute(current, _SPECIAL, _map_char))
    compose(_to_simplified(current))
    # _WHITESPACE needs two spaces in a row, or two line breaks with at most one space between
    # (no two spaces in a row): when none of these is in the text it cannot match.
    if "  " in current or "\n\n" in current or "\n \n" in current:
        compose(_substitute(current, _WHITESPACE, lambda run: "\n\n" if run[0] == "\n" else " "))
    if starts is None or ends is None:
        starts = np.arange(len(current), dtype=np.int64)
        ends = starts + 1
    return NormalisedText(
        text=current,
        offsets=array("q", starts.astype(np.int64).tobytes()),
        ends=array("q", ends.astype(np.int64).tobytes()),
        original_length=len(text),
    )
