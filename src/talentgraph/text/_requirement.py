"""Is a mention required or preferred? Cues in its clause first, then its section.

The unit a cue applies to is the *clause* around the span: text between sentence or list-item
breaks (``。；;!?！？`` and newlines, and ``". "``) and Chinese commas (``，``, or ``,`` next to
a CJK character, which is what ``，`` becomes after normalisation). So in
"熟悉PyTorch，有大模型微调经验者优先" the 优先 makes 大模型微调 preferred while PyTorch (in the
clause with 熟悉) stays required. ``、`` does not split, so in "熟悉Go、Rust者优先" both are
preferred. English commas do not split: in "Experience with Docker, Kubernetes is a plus" both
are preferred.

Order: a preference cue in the clause -> "preferred"; a requirement cue in the clause ->
"required"; a requirement cue elsewhere in the sentence -> "required"; the span inside a
``preferred`` section -> "preferred"; inside ``requirements`` -> "required"; else ``None``.
Inside a ``preferred`` section only the hard cues (``HARD_REQUIRED_CUES``: 必须, must, required,
...) count as requirement cues: "熟悉CUDA" under 加分项 stays preferred.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from talentgraph.domain import Section
from talentgraph.errors import ParameterError

__all__ = [
    "HARD_REQUIRED_CUES",
    "PREFERRED_CUES",
    "REQUIRED_CUES",
    "requirement_of",
    "requirements_of",
]

#: Cues that make a clause "preferred".
PREFERRED_CUES = (
    "优先",
    "加分",
    "者优先",
    "更佳",
    "为佳",
    "者佳",
    "尤佳",
    "优先考虑",
    "更好",
    "a plus",
    "is a plus",
    "nice to have",
    "nice-to-have",
    "preferred",
    "bonus",
    "ideally",
    "desirable",
    "advantageous",
    "an advantage",
)
#: Cues that make a clause "required".
REQUIRED_CUES = (
    "必须",
    "要求",
    "需要",
    "熟练",
    "精通",
    "熟悉",
    "掌握",
    "具备",
    "must",
    "required",
    "requirement",
    "requirements",
    "you have",
    "proficiency",
    "proficient",
    "experience with",
    "experience in",
    "strong",
    "solid",
)

#: Requirement cues strong enough to override a ``preferred`` section.
HARD_REQUIRED_CUES = ("必须", "务必", "must", "required", "mandatory")

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_SENTENCE_BREAK = re.compile(r"[。；;!?！？\n]|\.\s")
# Every branch starts with a literal, so the engine can skip ahead to the next candidate
# character (a leading look-behind branch made it try every position). Clause breaks are the
# sentence breaks plus the commas, so one scan finds both (``_break_units``).
_CLAUSE_BREAK = re.compile(rf"[。；;!?！？\n，]|\.\s|,(?:(?<=[{_CJK}],)|(?=[{_CJK}]))")
_COMMAS = frozenset(",，")


def _cue_pattern(cues: Sequence[str], *, exclude: str = "") -> re.Pattern[str]:
    parts = []
    for cue in sorted(cues, key=len, reverse=True):
        escaped = re.escape(cue).replace(r"\ ", r"\s+")
        parts.append(rf"\b{escaped}\b" if cue.isascii() else escaped)
    return re.compile(rf"(?:{'|'.join(parts)}){exclude}", re.IGNORECASE)


_PREFERRED = _cue_pattern(PREFERRED_CUES, exclude="(?!级)")  # 优先级 is "priority"
_REQUIRED = _cue_pattern(REQUIRED_CUES)
_HARD_REQUIRED = _cue_pattern(HARD_REQUIRED_CUES)


def _section_at(position: int, sections: Sequence[Section]) -> Section | None:
    for section in sections:
        if section.start <= position < section.end:
            return section
    return None


def requirement_of(text: str, start: int, end: int, sections: Sequence[Section]) -> str | None:
    """``"required"``, ``"preferred"`` or ``None`` for the span ``text[start:end]``.

    ``sections`` come from ``split_sections`` on the same text. The module docstring gives the
    rules and the clause choice; ``requirements_of`` answers for many spans at once.
    """
    if not (0 <= start <= end <= len(text)):
        raise ParameterError.invalid(
            "start/end", "requirement_of", f"0 <= start <= end <= {len(text)}", (start, end)
        )
    return requirements_of(text, [(start, end)], sections)[0]


class _Units:
    """All break positions of one text, found once, so each span's unit is a bisect away."""

    def __init__(self, text: str, breaks: re.Pattern[str] | list[tuple[int, int]]) -> None:
        if isinstance(breaks, re.Pattern):
            matches = [(m.start(), m.end()) for m in breaks.finditer(text)]
        else:
            matches = breaks
        self.starts = [m[0] for m in matches]
        self.ends = sorted(m[1] for m in matches)
        self.n = len(text)

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        i = bisect_right(self.ends, start) - 1
        left = self.ends[i] if i >= 0 and self.ends[i] >= start - 2000 else max(0, start - 2000)
        j = bisect_left(self.starts, max(end, start))
        right = self.starts[j] if j < len(self.starts) else self.n
        return left, right


def _break_units(text: str) -> tuple[_Units, _Units]:
    """Clause and sentence units of ``text`` from one scan: the sentence breaks are exactly the
    clause breaks that are not commas (no clause break overlaps a sentence break)."""
    clause = [m.span() for m in _CLAUSE_BREAK.finditer(text)]
    sentence = [span for span in clause if text[span[0]] not in _COMMAS]
    return _Units(text, clause), _Units(text, sentence)


def requirements_of(
    text: str, spans: Sequence[tuple[int, int]], sections: Sequence[Section]
) -> list[str | None]:
    """``requirement_of`` for many spans of one text at once (same rules, same answers),
    scanning the text for breaks once and judging each clause once."""
    if not spans:
        return []
    clauses, sentences = _break_units(text)
    cues = _CuePositions(text)
    cache: dict[tuple[int, int, int, int, str | None], str | None] = {}
    out: list[str | None] = []
    for start, end in spans:
        if not (0 <= start <= end <= len(text)):
            raise ParameterError.invalid(
                "spans", "requirements_of", f"0 <= start <= end <= {len(text)}", (start, end)
            )
        section = _section_at(start, sections)
        kind = section.kind if section is not None else None
        c_left, c_right = clauses.bounds(start, end)
        s_left, s_right = sentences.bounds(start, end)
        key = (c_left, c_right, s_left, s_right, kind)
        if key not in cache:
            cache[key] = cues.judge((c_left, c_right), (s_left, s_right), kind)
        out.append(cache[key])
    return out


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_AUTOMATON: list[object] = []


def _cue_automaton():  # type: ignore[no-untyped-def]
    """One Aho-Corasick automaton over every cue (lower-cased), built on first use."""
    if not _AUTOMATON:
        import ahocorasick

        kinds: dict[str, set[str]] = {}
        for kind, cues in (("p", PREFERRED_CUES), ("r", REQUIRED_CUES),
                           ("h", HARD_REQUIRED_CUES)):
            for cue in cues:
                kinds.setdefault(cue.lower(), set()).add(kind)
        automaton = ahocorasick.Automaton()
        for cue, kind_set in kinds.items():
            automaton.add_word(cue, (len(cue), tuple(sorted(kind_set)), cue.isascii()))
        automaton.make_automaton()
        _AUTOMATON.append(automaton)
    return _AUTOMATON[0]


class _CuePositions:
    """Where each kind of cue occurs in the text, found in one scan per kind."""

    def __init__(self, text: str) -> None:
        self.preferred: list[tuple[int, int]] = []
        self.required: list[tuple[int, int]] = []
        self.hard: list[tuple[int, int]] = []
        low = text.lower()
        if len(low) != len(text):  # rare: lower() changed the length; use the regexes
            self.preferred = [(m.start(), m.end()) for m in _PREFERRED.finditer(text)]
            self.required = [(m.start(), m.end()) for m in _REQUIRED.finditer(text)]
            self.hard = [(m.start(), m.end()) for m in _HARD_REQUIRED.finditer(text)]
            return
        n = len(low)
        targets = {"p": self.preferred, "r": self.required, "h": self.hard}
        for end_idx, (length, kinds, ascii_cue) in _cue_automaton().iter(low):
            start, end = end_idx - length + 1, end_idx + 1
            if ascii_cue and ((start > 0 and _is_word(low[start - 1]))
                              or (end < n and _is_word(low[end]))):
                continue
            for kind in kinds:
                if kind == "p" and low.startswith("级", end):
                    continue  # 优先级 is "priority"
                targets[kind].append((start, end))
        for found in targets.values():
            found.sort()

    @staticmethod
    def _inside(found: list[tuple[int, int]], left: int, right: int) -> bool:
        i = bisect_left(found, (left, -1))
        return i < len(found) and found[i][1] <= right

    def judge(self, clause: tuple[int, int], sentence: tuple[int, int],
              kind: str | None) -> str | None:
        required = self.hard if kind == "preferred" else self.required
        if self._inside(self.preferred, *clause):
            return "preferred"
        if self._inside(required, *clause):
            return "required"
        if sentence != clause and self._inside(required, *sentence):
            return "required"
        if kind == "preferred":
            return "preferred"
        if kind == "requirements":
            return "required"
        return None
