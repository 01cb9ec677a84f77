"""Split a posting or resume into sections (responsibilities, requirements, education, ...).

A heading is a line whose label, after removing decoration (``#``, ``**``, ``【】``, ``[]``,
numbering such as ``1.``, ``一、`` or ``(二)``) and a trailing ``:``/``：``, is one of the labels
in ``SECTION_HEADINGS`` (compared case-insensitively, curly apostrophes as straight ones). The
label may be followed by text on the same line after a colon or a closing bracket
(``任职要求：本科及以上``). The label itself is at most 40 characters.

Each section runs from its heading line to the next heading; text before the first heading is
``summary``. Sections cover the text contiguously. Extend the labels with ``extra_headings`` or
by adding to ``SECTION_HEADINGS`` (see docs/input-formats.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from talentgraph.domain import Section
from talentgraph.errors import ParameterError

__all__ = ["SECTION_HEADINGS", "SECTION_KINDS", "split_sections"]

#: Heading labels per section kind, Chinese and English. Compared after casefolding.
SECTION_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "summary": (
        "职位概述",
        "职位简介",
        "岗位概述",
        "个人简介",
        "个人总结",
        "自我评价",
        "自我介绍",
        "Summary",
        "Profile",
        "Overview",
        "Professional summary",
        "About the role",
        "About the job",
        "About you",
    ),
    "responsibilities": (
        "岗位职责",
        "工作职责",
        "职位职责",
        "职位描述",
        "岗位描述",
        "工作内容",
        "你将负责",
        "主要职责",
        "职责描述",
        "Responsibilities",
        "Key responsibilities",
        "Job responsibilities",
        "Your responsibilities",
        "What you'll do",
        "What you will do",
        "Duties",
        "The role",
        "Your role",
        "Job description",
    ),
    "requirements": (
        "任职要求",
        "岗位要求",
        "任职资格",
        "职位要求",
        "我们希望你",
        "基本要求",
        "任职条件",
        "Requirements",
        "Qualifications",
        "Basic qualifications",
        "Minimum qualifications",
        "Required qualifications",
        "What you'll bring",
        "What you will bring",
        "What we're looking for",
        "What we are looking for",
        "Must have",
        "Must-have",
        "Must haves",
        "Skills & experience",
        "Skills and experience",
        "Who you are",
    ),
    "preferred": (
        "加分项",
        "优先条件",
        "加分条件",
        "优先考虑",
        "Preferred qualifications",
        "Preferred",
        "Nice to have",
        "Nice-to-have",
        "Nice to haves",
        "Bonus points",
        "Bonus",
        "Plus",
        "Pluses",
    ),
    "benefits": (
        "福利待遇",
        "薪资福利",
        "薪酬福利",
        "我们提供",
        "福利",
        "Benefits",
        "Perks",
        "What we offer",
        "Perks & benefits",
        "Perks and benefits",
        "Compensation",
    ),
    "company": (
        "公司介绍",
        "公司简介",
        "关于我们",
        "About us",
        "About the company",
        "Who we are",
        "Company",
        "About",
    ),
    "experience": (
        "工作经历",
        "工作经验",
        "实习经历",
        "Experience",
        "Work experience",
        "Work history",
        "Employment",
        "Employment history",
        "Professional experience",
    ),
    "education": ("教育经历", "教育背景", "学历", "Education", "Education background"),
    "projects": ("项目经历", "项目经验", "Projects", "Project experience", "Selected projects"),
    "skills": (
        "专业技能",
        "技能特长",
        "技能",
        "个人技能",
        "Skills",
        "Technical skills",
        "Core skills",
    ),
    "contact": (
        "联系方式",
        "个人信息",
        "基本信息",
        "Contact",
        "Contact information",
        "Personal information",
        "Personal details",
    ),
    "awards": (
        "获奖",
        "获奖经历",
        "获奖情况",
        "荣誉奖项",
        "Awards",
        "Honors",
        "Honours",
        "Awards & honors",
        "Awards and honors",
    ),
    "publications": ("论文", "发表", "发表论文", "学术成果", "Publications", "Papers"),
}
#: Every section kind split_sections can return.
SECTION_KINDS = (*SECTION_HEADINGS, "other")

_MAX_LABEL = 40
# Generic one-word labels: a heading only when alone on their line ("Skills: Python" is a field).
_ALONE_ONLY = frozenset(
    {
        "summary",
        "profile",
        "overview",
        "preferred",
        "bonus",
        "plus",
        "pluses",
        "company",
        "about",
        "experience",
        "employment",
        "education",
        "projects",
        "skills",
        "contact",
        "honors",
        "honours",
        "awards",
        "papers",
        "compensation",
        "benefits",
        "perks",
        "学历",
        "技能",
        "福利",
        "论文",
        "发表",
        "获奖",
    }
)
# A line that is visibly a heading (markdown #, 【...】, **...**) but not a known label: "other".
_DECORATED = re.compile(
    r"^\s*(?:#{1,6}\s+(?P<md>[^\n]{1,40}?)|【(?P<cn>[^】\n]{1,40})】|"
    r"\*\*(?P<bold>[^*\n]{1,40})\*\*)\s*[:：]?\s*$"
)
_NUMBERING = re.compile(
    r"^(?:[0-9]{1,2}\s*[.、)]|[一二三四五六七八九十]{1,3}\s*[、.]|"
    r"[(（]\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[)）])\s*"
)
_OPEN = "#*【[〖「『 \t>-=•·"
_CLOSE = "*】]〗」』 \t"
_SPLIT = re.compile(r"[:：】\]〗」』]")


def _key(label: str) -> str:
    label = label.replace("\u2019", "'").replace("\u2018", "'").replace("＆", "&")
    return " ".join(label.casefold().split())


_DEFAULT_TABLE: dict[str, str] = {}


def _table(extra: Mapping[str, Iterable[str]] | None) -> dict[str, str]:
    if not extra and _DEFAULT_TABLE:
        return _DEFAULT_TABLE
    table = {_key(label): kind for kind, labels in SECTION_HEADINGS.items() for label in labels}
    for kind, labels in (extra or {}).items():
        for label in labels:
            table[_key(label)] = kind
    if not extra:
        _DEFAULT_TABLE.update(table)
    return table


def _heading(line: str, table: Mapping[str, str]) -> tuple[str, str] | None:
    """``(kind, label)`` when the line is a heading, else ``None``."""
    stripped = line.strip().lstrip(_OPEN)
    stripped = _NUMBERING.sub("", stripped).lstrip(_OPEN)
    if not stripped:
        return None
    candidates = [(stripped.rstrip(_CLOSE + ":：").strip(), True)]
    parts = _SPLIT.split(stripped, maxsplit=1)
    if len(parts) == 2 and parts[1].strip(_CLOSE + ":："):
        candidates.append((parts[0].rstrip(_CLOSE).strip(), False))
    for label, is_alone in candidates:
        if 0 < len(label) <= _MAX_LABEL:
            key = _key(label)
            kind = table.get(key)
            if kind is not None and (is_alone or key not in _ALONE_ONLY):
                return kind, label
    decorated = _DECORATED.match(line)
    if decorated is not None:
        label = next(group for group in decorated.groups() if group is not None)
        return "other", label.strip()
    return None


def split_sections(
    text: str,
    *,
    language: str | None = None,
    extra_headings: Mapping[str, Iterable[str]] | None = None,
) -> list[Section]:
    """The sections of ``text``, contiguous and in order, with spans into ``text``.

    Headings of both languages are always recognised (documents mix them); ``language`` is
    checked ("zh", "en" or None) and reserved for language-specific rules. ``extra_headings``
    maps a kind (new or existing) to more heading labels.
    """
    if language not in (None, "zh", "en"):
        raise ParameterError.invalid("language", "split_sections", "'zh', 'en' or None", language)
    table = _table(extra_headings)
    found: list[tuple[int, str, str]] = []  # (line start, kind, label)
    position = 0
    for line in text.splitlines(keepends=True):
        if len(line) <= 400:  # a long line is a paragraph, not a heading
            heading = _heading(line, table)
            # An unknown decorated heading ("## How to apply") ends a section, but before the
            # first known heading (a title, say) it stays part of the summary.
            if heading is not None and (heading[0] != "other" or found):
                found.append((position, *heading))
        position += len(line)
    sections: list[Section] = []
    first = found[0][0] if found else len(text)
    if text[:first].strip():
        sections.append(Section(kind="summary", start=0, end=first))
    elif sections == [] and found:
        found[0] = (0, found[0][1], found[0][2])  # leading blank lines join the first section
    for index, (start, kind, label) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(text)
        sections.append(Section(kind=kind, start=start, end=end, heading=label))
    return sections
