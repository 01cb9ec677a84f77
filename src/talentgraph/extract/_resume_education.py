"""Education entries of a resume: degree, school, major and dates.

Entries are read from the education sections (教育背景, Education ...). Header lines are grouped
into one entry until a line brings a school, a degree or dates the entry already has; bullet
and sentence lines (GPA, coursework, awards) belong to the entry above and are not parsed.
Without an education section, a line naming both a school and a degree is an entry
(``2005年毕业于清华大学，获硕士学位``).

- Degree (``DEGREE_LEVELS``): 博士/PhD -> phd; 硕士/研究生/Master/M.S./MBA -> master;
  本科/学士/Bachelor/B.S./B.Tech -> bachelor; 大专/专科/Associate -> associate;
  高中/中专/High school -> high_school. ``研究生`` alone is read as master, the usual meaning.
- School: the piece naming 大学/学院/University/College/Institute ...
- Major: a ``专业：``/``Major:`` field, the words after "in" ("B.S. in Computer Science"),
  what is left beside the degree word ("计算机专业本科"), else the one unclassified piece.
- Dates: a range, or a single date read as the end (graduation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from talentgraph.domain import EducationEntry, Section
from talentgraph.extract._resume_blocks import (
    Line,
    classify_piece,
    degree_mentions,
    is_place,
    section_lines,
    split_pieces,
)
from talentgraph.extract._resume_dates import find_single_date

__all__ = ["DEGREE_LEVELS", "highest_degree", "parse_education"]

#: Degrees a resume entry can have, lowest first.
DEGREE_LEVELS = ("high_school", "associate", "bachelor", "master", "phd")

_ZH_SCHOOL = re.compile(
    r"[\u4e00-\u9fff]{1,16}?(?:大学|学院|学校|中学|高中|研究生院|党校|书院)"
    r"(?:[\u4e00-\u9fff]{1,10}?(?:学院|分校|研究生院|系))?")
_ZH_SCHOOL_PREFIX = re.compile(r"^(?:\d{4}\s*年(?:\d{1,2}\s*月)?)?(?:毕业于|就读于|肄业于|求学于|"
                               r"考入|进入|于|在|获)")
_EN_IN = re.compile(r"\b(?:in|major(?:ing)? in)\s+(?P<major>[A-Za-z][^,;|()]{1,60})",
                    re.IGNORECASE)
_EN_OF = re.compile(r"\bof\s+(?P<major>[A-Z][^,;|()]{1,60})")
_GENERIC_OF = {"science", "arts", "engineering", "technology", "philosophy", "laws", "law",
               "commerce", "business administration", "education", "fine arts", "applied science",
               "computer applications", "business"}
_ZH_MAJOR_NOISE = re.compile(r"学位|学历|在读|毕业|统招|非全日制|全日制|专业")
_EN_DEGREE_NOISE = re.compile(r"^\s*(?:degree|of|in|science|arts|\(.*?\))\b\s*",
                              re.IGNORECASE)
_NOT_MAJOR = re.compile(r"^(?:gpa|绩点|排名|rank|cgpa|grade|score|成绩)|^\d|%$", re.IGNORECASE)


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    degree: str | None = None
    school: str | None = None
    major: str | None = None
    dates: tuple[date | None, date | None] | None = None
    kinds: set[str] = field(default_factory=set)
    loose: list[str] = field(default_factory=list)


def _school_name(piece: str) -> str:
    if not re.search(r"[\u4e00-\u9fff]", piece):
        return re.sub(r"^(?:at|from)\s+", "", piece, flags=re.IGNORECASE).strip()
    piece = _ZH_SCHOOL_PREFIX.sub("", piece.strip())
    match = _ZH_SCHOOL.search(piece)
    return match.group() if match else piece


def _major_beside_degree(piece: str) -> str | None:
    """The major written around the degree word ("B.S. in CS", "计算机专业本科"), or None."""
    if match := _EN_IN.search(piece):
        return match.group("major").strip()
    if (match := _EN_OF.search(piece)) and match.group("major").strip().lower() not in \
            _GENERIC_OF:
        return match.group("major").strip()
    rest = piece
    for start, end, _ in reversed(degree_mentions(piece)):
        rest = rest[:start] + rest[end:]
    if not re.search(r"[\u4e00-\u9fff]", piece):  # "M.S. Computer Science"
        rest = _EN_DEGREE_NOISE.sub("", rest).strip(" ()-.")
        is_major = bool(rest) and rest[0].isupper() and rest.lower() not in _GENERIC_OF
        return rest if is_major else None
    rest = _ZH_MAJOR_NOISE.sub("", rest).strip(" （）()·-")
    return rest if len(rest) >= 2 else None


def _line_fields(line: Line) -> dict[str, str]:
    """school/degree/major found on one header line."""
    found: dict[str, str] = {}
    if line.label in ("school", "major", "degree"):
        value = line.value.strip()
        if line.label == "degree":
            mentions = degree_mentions(value)
            if mentions:
                found["degree"] = max((m[2] for m in mentions), key=DEGREE_LEVELS.index)
        elif value:
            found[line.label] = _school_name(value) if line.label == "school" else value
        return found
    for piece in line.pieces:
        kind = classify_piece(piece)
        if kind == "degree":
            levels = [m[2] for m in degree_mentions(piece)]
            found.setdefault("degree", max(levels, key=DEGREE_LEVELS.index))
            if (major := _major_beside_degree(piece)) is not None:
                found.setdefault("major", major)
        elif kind == "school":
            found.setdefault("school", _school_name(piece))
        elif not is_place(piece) and not _NOT_MAJOR.search(piece):  # 软件工程 reads as an org
            found.setdefault("loose", piece)
    return found


def _line_dates(line: Line) -> tuple[date | None, date | None] | None:
    if line.dates is not None:
        return line.dates.start, line.dates.end
    single = find_single_date(line.text)
    return None if single is None else (None, single[0])


def _finish(draft: _Draft) -> EducationEntry | None:
    if draft.degree is None and draft.school is None:
        return None
    major = draft.major or (draft.loose[0] if draft.loose else None)
    start, end = draft.dates or (None, None)
    return EducationEntry(degree=draft.degree, school=draft.school, major=major, start=start,
                          end=end, span=(draft.start, draft.end))


def _group(lines: list[Line], *, require_both: bool) -> list[EducationEntry]:
    entries: list[EducationEntry] = []
    draft: _Draft | None = None
    for line in lines:
        if not line.is_header and not require_both:
            if draft is not None:
                draft.end = line.end
            continue
        fields = _line_fields(line)
        dates = _line_dates(line)
        kinds = {k for k in ("school", "degree") if k in fields} | ({"dates"} if dates else set())
        if require_both and not {"school", "degree"} <= kinds:
            continue
        if not kinds and not fields:
            continue
        if draft is None or kinds & draft.kinds:
            if draft is not None and (entry := _finish(draft)) is not None:
                entries.append(entry)
            draft = _Draft(start=line.start, end=line.end)
        draft.end = line.end
        draft.kinds |= kinds
        draft.degree = draft.degree or fields.get("degree")
        draft.school = draft.school or fields.get("school")
        draft.major = draft.major or fields.get("major")
        if "loose" in fields:
            draft.loose.append(fields["loose"])
        draft.dates = draft.dates or dates
    if draft is not None and (entry := _finish(draft)) is not None:
        entries.append(entry)
    return entries


def parse_education(text: str, sections: list[Section], *, today: date) -> list[EducationEntry]:
    """The education entries of a resume, in the order written."""
    found: list[EducationEntry] = []
    chosen = [s for s in sections if s.kind == "education"]
    for section in chosen:
        lines = section_lines(text, section.start, section.end, heading=section.heading,
                              today=today)
        found += _group(lines, require_both=False)
    if chosen:
        return found
    for section in sections:
        if section.kind in ("experience", "projects", "skills"):
            continue
        lines = section_lines(text, section.start, section.end, heading=section.heading,
                              today=today)
        for line in lines:  # outside an education section, a line must name both
            if not line.pieces:
                line.pieces = split_pieces(line.text)
        found += _group(lines, require_both=True)
    return found


def highest_degree(entries: list[EducationEntry]) -> str | None:
    """The highest degree among the entries, or None when none names one."""
    levels = [e.degree for e in entries if e.degree is not None]
    return max(levels, key=DEGREE_LEVELS.index) if levels else None
