"""Legal boilerplate in postings: equal-opportunity statements, E-Verify, privacy notices.

Such paragraphs name words that are skills elsewhere ("pregnancy", "accommodation",
"application process") but are never requirements of the job. ``mark_legal`` carves every
paragraph (a line, or lines up to a blank line) that carries one of ``LEGAL_CUES`` out of the
sections it sits in, as a section of kind ``legal``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from talentgraph.domain import Section

__all__ = ["LEGAL_CUES", "mark_legal"]

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


def mark_legal(text: str, sections: Sequence[Section]) -> list[Section]:
    """``sections`` with every legal paragraph of ``text`` cut out as a ``legal`` section."""
    if not _CUE.search(text):
        return list(sections)
    legal = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if _CUE.search(m.group())]
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
