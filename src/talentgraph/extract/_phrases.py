"""Candidate skill phrases in Chinese text for the semantic linker.

Chinese postings name skills after a small set of cue verbs ("熟悉分布式训练框架", "掌握常用的
推荐算法", "具备大模型微调经验"). We take the object of each cue up to the next clause break and
trim the words that follow a skill but are not part of it (经验, 能力, 者优先, 等). Phrases already
covered by an exact match are dropped by the caller.
"""

from __future__ import annotations

import re

__all__ = ["candidate_phrases_zh"]

_CUE = re.compile(
    r"(?:熟练掌握|熟练使用|熟练运用|精通|熟悉|掌握|了解|理解|具备|具有|拥有|有|擅长|负责|参与|从事|主导|深入理解)"
)
_BREAK = re.compile(r"[，,。；;：:！!？?\n（）()【】\[\]]")
_ITEM = re.compile(r"、|以及|和|及|与|或|/")
_TRAIL = re.compile(
    r"(?:相关)?(?:的)?(?:工作|项目|开发|研发)?(?:经验|经历|能力|背景|知识|技能|者优先|优先|者|等|等等|"
    r"及以上|以上|方向)+$"
)
_LEAD = re.compile(r"^(?:使用|运用|常用的?|主流的?|一种或多种|至少一种|一门|相关|基本的?|常见的?)+")


def candidate_phrases_zh(text: str, *, max_len: int = 24) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` in ``text`` of phrases that likely name a skill."""
    spans: list[tuple[int, int]] = []
    for cue in _CUE.finditer(text):
        clause_start = cue.end()
        brk = _BREAK.search(text, clause_start)
        clause_end = brk.start() if brk else len(text)
        item_start = clause_start
        for item in [*_ITEM.finditer(text, clause_start, clause_end), None]:
            item_end = item.start() if item else clause_end
            span = _trim(text, item_start, item_end, max_len)
            if span:
                spans.append(span)
            if item is None:
                break
            item_start = item.end()
    return spans


def _trim(text: str, start: int, end: int, max_len: int) -> tuple[int, int] | None:
    phrase = text[start:end]
    lead = _LEAD.match(phrase)
    if lead:
        start += lead.end()
        phrase = text[start:end]
    trail = _TRAIL.search(phrase)
    if trail and trail.start() > 0:
        end = start + trail.start()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if 2 <= end - start <= max_len:
        return (start, end)
    return None
