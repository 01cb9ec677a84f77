"""A level 0-4 for each skill a resume shows, from depth words, years used and recency.

The rule, applied per skill over all its mentions (the reasons go into ``ResumeSkill.why``):

1. Depth words (the candidate's own statement) decide when present: 精通/expert/expertise/
   mastery 4; 熟练/熟练掌握/擅长/proficient/proficiency 3; 熟悉/掌握/familiar/experienced/
   working knowledge/intermediate 2; 了解/接触过/basic/exposure/beginner/novice 1. A depth word
   applies to a mention that follows it in the same clause (no ``。;；!?`` or line break
   between) within 60 characters, the nearest one winning ("精通 Python、C++，熟悉 PyTorch":
   Python and C++ 4, PyTorch 2); a word right after the mention in brackets or after a colon
   or dash ("Python (expert)", "Docker: basic") is the mention's own and comes first. The
   strongest statement across the mentions is kept.
   A negated word (不熟悉, "not familiar") means level 0 unless another mention says more.
2. Otherwise years used decide: under 1 year 1, 1 to under 3 years 2, 3 years or more 3
   (years alone never give 4: expertise must be claimed).
3. A skill only named (a skills list, no depth word, no dated use) is level 1.
4. Recency: when the skill was last used more than 5 years before ``today``, the level drops
   by one (not below 1).

Years used: the months of the dated work and project entries whose text mentions the skill,
overlapping entries counted once, / 12, rounded to one decimal. Last used: the latest end of
those entries (``today`` for one still going on). None when no dated entry mentions the skill.
"""

from __future__ import annotations

import re
from datetime import date

from talentgraph.domain import ResumeSkill, Section, SkillEvidenceSpan, SkillMention
from talentgraph.extract._resume_work import DatedEntry, union_months

__all__ = ["DEPTH_WORDS", "STALE_AFTER_YEARS", "infer_skills"]

#: Depth words (lower-cased) -> level.
DEPTH_WORDS: dict[str, int] = {
    "精通": 4, "expert": 4, "expertise": 4, "mastery": 4,
    "熟练掌握": 3, "熟练使用": 3, "熟练运用": 3, "熟练": 3, "擅长": 3, "proficient": 3,
    "proficiency": 3,
    "熟悉": 2, "掌握": 2, "familiar": 2, "familiarity": 2, "experienced": 2,
    "working knowledge": 2, "intermediate": 2,
    "了解": 1, "初步了解": 1, "接触过": 1, "basic": 1, "basics": 1, "exposure": 1,
    "beginner": 1, "novice": 1,
}
#: A skill last used more than this many years ago drops one level.
STALE_AFTER_YEARS = 5
_WINDOW = 60
_DEPTH = re.compile(
    r"(?:不|未|没有?|not\s+|no\s+)?(?:"
    + "|".join(sorted((re.escape(w) for w in DEPTH_WORDS), key=len, reverse=True)) + r")",
    re.IGNORECASE)
_BREAK = re.compile(r"[。;；!！?？\n]")
_AFTER = re.compile(r"\s*(?:[(（:：\-–—]\s*)(?P<word>[^)）,，;；\n]{1,24})")
_ANNOTATION = ("(", "（", ":", "：", "-", "–", "—")
_NEGATION = re.compile(r"^(?:不|未|没有?|not\s+|no\s+)", re.IGNORECASE)


def _is_word(text: str, start: int, end: int) -> bool:
    """Latin depth words must be whole words ("expert" not in "expertly-made" prefix)."""
    if text[start].isascii() and start > 0 and text[start - 1].isalpha():
        return False
    return not (text[end - 1].isascii() and end < len(text) and text[end].isalpha())


def _depth_before(text: str, start: int) -> tuple[str, int] | None:
    """The nearest depth word before ``start`` in the same clause: (surface, level)."""
    window_start = max(0, start - _WINDOW)
    window = text[window_start:start]
    breaks = list(_BREAK.finditer(window))
    if breaks:
        window_start += breaks[-1].end()
        window = text[window_start:start]
    found = None
    for match in _DEPTH.finditer(window):
        before = window[:match.start()].rstrip()
        if before.endswith(_ANNOTATION):
            continue  # "Python (expert), Docker": the word belongs to Python
        if _is_word(window, *match.span()):
            found = match
    if found is None:
        return None
    return _level_of(found.group())


def _depth_after(text: str, end: int) -> tuple[str, int] | None:
    match = _AFTER.match(text, end)
    if match is None:
        return None
    word = match.group("word").strip()
    depth = _DEPTH.fullmatch(word)
    return _level_of(depth.group()) if depth else None


def _level_of(surface: str) -> tuple[str, int]:
    if _NEGATION.match(surface):
        return surface, 0
    return surface, DEPTH_WORDS[" ".join(surface.lower().split())]


def _section_of(position: int, sections: list[Section]) -> str | None:
    for section in sections:
        if section.start <= position < section.end:
            return section.kind
    return None


def _month_text(value: date) -> str:
    return f"{value.year}-{value.month:02d}"


def _years_level(years: float) -> int:
    return 1 if years < 1 else 2 if years < 3 else 3


def _one_skill(slug: str, mentions: list[SkillMention], *, text: str, sections: list[Section],
               dated: list[DatedEntry], today: date) -> ResumeSkill:
    evidence = tuple(SkillEvidenceSpan(m.start, m.end, m.surface or text[m.start:m.end],
                                       _section_of(m.start, sections)) for m in mentions)
    why: list[str] = []
    depth: tuple[str, int, SkillMention] | None = None
    for mention in mentions:
        found = _depth_after(text, mention.end) or _depth_before(text, mention.start)
        if found is not None and (depth is None or found[1] > depth[1]):
            depth = (found[0], found[1], mention)
    used = [d for d in dated if d.interval is not None
            and any(d.span[0] <= m.start < d.span[1] for m in mentions)]
    years = None
    last_used = None
    if used:
        years = round(union_months([d.interval for d in used if d.interval]) / 12, 1)
        last_used = max(today if d.is_open else (d.end or today) for d in used)
        why.append(f"Used {years:g} years in {len(used)} dated job(s)/project(s) that mention "
                   f"it.")
    if depth is not None:
        level = depth[1]
        where = _section_of(depth[2].start, sections) or "text"
        why.insert(0, f"'{depth[0]}' next to '{depth[2].surface}' ({where}): level {level}, "
                      f"the candidate's own statement.")
    elif years is not None:
        level = _years_level(years)
        why.append(f"No depth word; {years:g} years of use gives level {level} "
                   f"(<1 year: 1, 1-3: 2, 3+: 3).")
    else:
        level = 1
        why.append("Named without a depth word or dated use: level 1.")
    if last_used is not None and level > 1 and (today.year - last_used.year) * 12 + (
            today.month - last_used.month) > STALE_AFTER_YEARS * 12:
        level -= 1
        why.append(f"Last used {_month_text(last_used)}, over {STALE_AFTER_YEARS} years ago: "
                   f"one level lower ({level}).")
    return ResumeSkill(slug=slug, level=level, evidence=evidence, years=years,
                       last_used=last_used, depth_word=None if depth is None else depth[0],
                       why=tuple(why))


def infer_skills(text: str, mentions: list[SkillMention], *, sections: list[Section],
                 dated: list[DatedEntry], today: date) -> list[ResumeSkill]:
    """One ResumeSkill per skill mentioned, strongest first, then in order of appearance."""
    by_slug: dict[str, list[SkillMention]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        by_slug.setdefault(mention.slug, []).append(mention)
    skills = [_one_skill(slug, found, text=text, sections=sections, dated=dated, today=today)
              for slug, found in by_slug.items()]
    order = {slug: index for index, slug in enumerate(by_slug)}
    return sorted(skills, key=lambda s: (-s.level, order[s.slug]))
