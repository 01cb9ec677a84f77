"""Legal boilerplate in postings: equal-opportunity statements, E-Verify, privacy notices.

Such paragraphs name words that are skills elsewhere ("pregnancy", "accommodation",
"application process") but are never requirements of the job. ``mark_legal`` carves every
paragraph (a line, or lines up to a blank line) that carries one of ``LEGAL_CUES`` out of the
sections it sits in, as a section of kind ``legal``. A paragraph longer than
``LONG_PARAGRAPH`` characters is not a legal notice but a whole posting on one line (job-board
exports often drop the line breaks): there only the sentences with a cue are legal.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from talentgraph.domain import Section

__all__ = ["LEGAL_CUES", "LONG_PARAGRAPH", "mark_legal"]

#: Phrases that mark a legal paragraph (lower-case).
LEGAL_CUES = (
    "equal opportunity", "equal employment opportunity", "without regard to", "e-verify",
    "reasonable accommodation", "affirmative action", "protected veteran", "sexual orientation",
    "gender identity", "national origin", "privacy notice", "privacy policy",
    "background check", "drug-free workplace", "eeo", "平等就业", "就业歧视", "隐私政策",
)
_CUE = re.compile("|".join(rf"\b{re.escape(c)}\b" if c.isascii() else re.escape(c)
                           for c in LEGAL_CUES), re.IGNORECASE)
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
#: A legal notice is a paragraph of a few sentences; longer ones are split into sentences.
LONG_PARAGRAPH = 800
_SENTENCE = re.compile(r"[^\s.!?。！？;；][^.!?。！？;；]*(?:[.!?。！？;；]+|$)")


def _cue_positions(text: str) -> list[int]:
    """Start of every legal cue in ``text`` (case-insensitive, whole words for Latin cues)."""
    low = text.lower()
    if len(low) != len(text):
        return [m.start() for m in _CUE.finditer(text)]
    found: list[int] = []
    for cue in LEGAL_CUES:
        at = low.find(cue)
        while at != -1:
            end = at + len(cue)
            if not cue.isascii() or ((at == 0 or not low[at - 1].isalnum())
                                     and (end == len(low) or not low[end].isalnum())):
                found.append(at)
            at = low.find(cue, end)
    return sorted(found)


def mark_legal(text: str, sections: Sequence[Section]) -> list[Section]:
    """``sections`` with every legal paragraph of ``text`` cut out as a ``legal`` section."""
    cues = _cue_positions(text)
    if not cues:
        return list(sections)
    legal = []
    for m in _PARAGRAPH.finditer(text):
        i = bisect_left(cues, m.start())
        if not (i < len(cues) and cues[i] < m.end()):
            continue
        if m.end() - m.start() <= LONG_PARAGRAPH:
            legal.append((m.start(), m.end()))
            continue
        for sentence in _SENTENCE.finditer(text, m.start(), m.end()):
            j = bisect_left(cues, sentence.start())
            if j < len(cues) and cues[j] < sentence.end():
                legal.append((sentence.start(), sentence.end()))
    out: list[Section] = []
    for sec in sections:
        pos = sec.start
        for start, end in legal:
            if end <= pos or start >= sec.end:
                continue
            start, end = max(start, pos), min(end, sec.end)
            if start > pos:
                out.append(Section(kind=sec.kind, start=pos, end=start, heading=sec.heading))
            out.append(Section(kind="legal", start=start, end=end, heading=None))
            pos = end
        if pos < sec.end:
            out.append(Section(kind=sec.kind, start=pos, end=sec.end, heading=sec.heading))
    return out
