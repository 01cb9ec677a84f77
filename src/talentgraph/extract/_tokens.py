"""English tokenisation with character offsets, and sentence splitting for tagging.

Tokens keep technical names whole (``C++``, ``C#``, ``.NET``, ``Node.js``, ``CI/CD``) and split
other punctuation into one-character tokens, which is how the SkillSpan and Green training sets are
tokenised (near enough for a CRF).
"""

from __future__ import annotations

import re

__all__ = ["Token", "is_mostly_cjk", "split_sentences", "tokenize"]

Token = tuple[str, int, int]
"""A token: its text, its start offset and its end offset (exclusive) in the source string."""

_TOKEN_RE = re.compile(
    r"""
    \.?[^\W_](?:[\w]|[-'’.+/&](?=[^\W_]))*[+#]*   # words, with inner - ' . + / & and trailing + #
    | [^\w\s]                                   # any other single non-space character
    | _+
    """,
    re.VERBOSE,
)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?;•·▪●])\s+|\s+(?=[•·▪●*–-]\s)|\n+|\t+| {3,}")
_WORD_RE = re.compile(r"[^\W_]")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_LATIN_RE = re.compile(r"[A-Za-z]")


def tokenize(text: str, *, start: int = 0, end: int | None = None) -> list[Token]:
    """Split ``text[start:end]`` into tokens with offsets into ``text``.

    >>> tokenize("Use C++ and Node.js.")
    [('Use', 0, 3), ('C++', 4, 7), ('and', 8, 11), ('Node.js', 12, 19), ('.', 19, 20)]
    """
    stop = len(text) if end is None else end
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text, start, stop)]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences (or lines, or bullets) of ``text``, blanks dropped.

    Splits on newlines, tabs, runs of spaces, bullets and sentence punctuation followed by space.
    """
    ranges: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if m.start() > pos:
            ranges.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        ranges.append((pos, len(text)))
    return [(s, e) for s, e in ranges if _WORD_RE.search(text, s, e)]


def is_mostly_cjk(text: str) -> bool:
    """True when CJK characters outnumber Latin letters in ``text`` (not English)."""
    cjk = len(_CJK_RE.findall(text))
    return cjk > 0 and cjk >= len(_LATIN_RE.findall(text))
