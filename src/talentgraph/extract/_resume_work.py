"""Work history and projects of a resume, and total years of experience.

Entries are read from the experience sections (工作经历, 实习经历, Experience ...) and the
project sections (项目经历, Projects). An entry starts at a header line (see
``_resume_blocks``) and takes the header lines that follow until it has its dates, title and
employer (a project: dates and name); the lines after are its description. A later header line
starts the next entry when it has dates, or when the next one or two header lines reach a line
with dates (the stacked "Title / Company / Dates" layout).

- Employer and title: a ``公司：``/``Title:`` field, else the header pieces classified by their
  words (工程师/Engineer: title; 公司/集团/Inc/Ltd: employer); unclassified pieces fill the
  employer first, then the title. Places (北京, London) are skipped. Chinese verbs around them
  are dropped (``就职于X``, ``在X工作``, ``担任X``), and a compound piece is split at the end of
  the organisation's name (``X股份有限公司董事``: employer X股份有限公司, title 董事).
- Without any experience section, dated lines elsewhere (not education, projects or skills)
  that name a title or an employer are read as work entries.
- ``total_years``: the months of the union of the dated work entries (overlapping jobs counted
  once), internships (实习/Intern in the title) left out, divided by 12 and rounded to one
  decimal; None when no job is dated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from talentgraph.domain import Section, WorkEntry
from talentgraph.extract._resume_blocks import Line, classify_piece, is_place, section_lines
from talentgraph.extract._resume_dates import DateRange, month_interval

__all__ = ["DatedEntry", "parse_projects", "parse_work", "total_years", "union_months"]

_VERB_PREFIX = re.compile(r"^(?:期间|其间|先后)?(?:就职于|任职于|供职于|受聘于|受聘为|受聘|服务于|加入|"
                          r"担任|出任|现任|曾任|历任|兼任|任职|从事|任)")
#: "在X工作", "在X任教", "在X担任Y", "在X从事Y工作": the organisation X and the title Y.
_IN_AT = re.compile(r"^在(?P<org>.+?)(?:工作|任职|就职|实习|任教|(?:担任|任|从事)(?P<title>.+?))$")
_VERB_SUFFIX = re.compile(r"(?:工作|任职|就职)$")
#: Where a Chinese organisation name ends, so "X股份有限公司董事" splits into X股份有限公司 + 董事.
_ORG_END = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|总公司|公司|集团|事务所|银行|研究院|研究所|"
                      r"大学|学院|医院|科技|证券|信托|基金|实业|控股)(?:[（(][^）)]*[)）])?")
_INTERN = re.compile(r"实习|\bintern(?:ship)?\b", re.IGNORECASE)
_LOOKAHEAD = 2
_MAX_HEADER_LINES = 4


@dataclass(frozen=True, slots=True)
class DatedEntry:
    """A work or project entry: its span in the text and its month interval (None: undated)."""

    span: tuple[int, int]
    interval: tuple[int, int] | None
    end: date | None  # the last date used; None when still going on
    is_open: bool


@dataclass(slots=True)
class _Block:
    header: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    is_closed: bool = False  # the header is complete; further lines are description

    @property
    def dates(self) -> DateRange | None:
        return next((line.dates for line in self.header if line.dates is not None), None)


def _clean(piece: str) -> str:
    return _VERB_SUFFIX.sub("", _VERB_PREFIX.sub("", piece)).strip() or piece


def _expand(piece: str) -> list[str]:
    """A header piece as one or more pieces: Chinese verbs dropped, "在X担任Y" and a compound
    "X公司董事" split into the organisation and the title."""
    if match := _IN_AT.match(piece):
        title = match.group("title")
        return [match.group("org")] + ([_clean(title)] if title else [])
    piece = _clean(piece)
    if not re.search(r"[\u4e00-\u9fff]", piece) or classify_piece(piece) != "title":
        return [piece]
    ends = [m.end() for m in _ORG_END.finditer(piece) if m.end() < len(piece)]
    if ends:
        org, title = piece[:ends[-1]], _clean(piece[ends[-1]:])
        if classify_piece(title) == "title":
            return [org, title]
    return [piece]


def _roles(block: _Block, *, kind: str) -> dict[str, str]:
    """title/org (work) or name (project) of a block."""
    found: dict[str, str] = {}
    loose: list[str] = []
    for line in block.header:
        if line.label in ("org", "title", "name"):
            found.setdefault(line.label, line.value)
            continue
        for piece in (part for raw in line.pieces for part in _expand(raw)):
            piece_kind = classify_piece(piece)
            if kind == "projects":
                if piece_kind not in ("title",) and not is_place(piece):
                    loose.append(piece)
                continue
            if piece_kind == "school":
                piece_kind = "org"
            if piece_kind in ("title", "org"):
                found.setdefault(piece_kind, piece)
            elif piece_kind is None and not is_place(piece):
                loose.append(piece)
    for role in ("name",) if kind == "projects" else ("org", "title"):
        if role not in found and loose:
            found[role] = loose.pop(0)
    return found


def _is_complete(block: _Block, *, kind: str) -> bool:
    if len(block.header) >= _MAX_HEADER_LINES:
        return True  # an entry's header is a few lines; more is description
    if block.dates is None:
        return False
    roles = _roles(block, kind=kind)
    return "name" in roles if kind == "projects" else {"org", "title"} <= set(roles)


def _dated_soon(lines: list[Line], index: int) -> bool:
    """True when a line with dates follows within two header lines."""
    for line in lines[index + 1:index + 1 + _LOOKAHEAD]:
        if not line.is_header:
            return False
        if line.dates is not None:
            return True
    return False


def _blocks(lines: list[Line], *, kind: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for index, line in enumerate(lines):
        if line.is_header:
            starts = current is None or (line.dates is not None and current.dates is not None)
            if not starts and current is not None and current.is_closed:
                starts = line.dates is not None or _dated_soon(lines, index)
            if starts:
                current = _Block()
                blocks.append(current)
            if current is not None and not current.is_closed:
                current.header.append(line)
                current.is_closed = _is_complete(current, kind=kind)
                continue
        if current is not None:
            current.body.append(line)
            current.is_closed = True
    return blocks


def _span(block: _Block) -> tuple[int, int]:
    last = block.body[-1] if block.body else block.header[-1]
    return block.header[0].start, last.end


def _dated(block: _Block, *, today: date) -> DatedEntry:
    dates = block.dates
    interval = None
    if dates is not None and dates.months is not None:
        interval = month_interval(dates.start, dates.end, has_start_month=dates.has_start_month,
                                  has_end_month=dates.has_end_month, today=today)
    return DatedEntry(span=_span(block), interval=interval,
                      end=None if dates is None else dates.end,
                      is_open=dates is not None and dates.end is None)


def _sections_lines(text: str, sections: list[Section], *, kinds: tuple[str, ...],
                    today: date) -> list[list[Line]]:
    return [section_lines(text, s.start, s.end, heading=s.heading, today=today)
            for s in sections if s.kind in kinds]


def parse_work(text: str, sections: list[Section], *,
               today: date) -> tuple[list[WorkEntry], list[DatedEntry]]:
    """The jobs of a resume in the order written, and their dated spans (same order)."""
    groups = _sections_lines(text, sections, kinds=("experience",), today=today)
    is_fallback = not groups
    if is_fallback:
        others = tuple(s.kind for s in sections
                       if s.kind not in ("education", "projects", "skills"))
        groups = [[line for line in lines if line.dates is not None]
                  for lines in _sections_lines(text, sections, kinds=others, today=today)]
    entries: list[WorkEntry] = []
    dated: list[DatedEntry] = []
    for lines in groups:
        for block in _blocks(lines, kind="experience"):
            roles = _roles(block, kind="experience")
            if not roles or (is_fallback and not _has_classified(block)):
                continue
            dates = block.dates
            description = ""
            if block.body:
                description = text[block.body[0].start:block.body[-1].end].strip()
            entries.append(WorkEntry(
                employer=roles.get("org"), title=roles.get("title"),
                start=None if dates is None else dates.start,
                end=None if dates is None else dates.end,
                months=None if dates is None else dates.months,
                description=description, span=_span(block)))
            dated.append(_dated(block, today=today))
    return entries, dated


def _has_classified(block: _Block) -> bool:
    return any(classify_piece(part) in ("title", "org")
               for line in block.header for piece in line.pieces for part in _expand(piece))


def parse_projects(text: str, sections: list[Section], *,
                   today: date) -> tuple[list[str], list[DatedEntry]]:
    """The project names of a resume in the order written, and their dated spans."""
    names: list[str] = []
    dated: list[DatedEntry] = []
    for lines in _sections_lines(text, sections, kinds=("projects",), today=today):
        for block in _blocks(lines, kind="projects"):
            name = _roles(block, kind="projects").get("name")
            if name:
                names.append(name)
                dated.append(_dated(block, today=today))
    return names, dated


def union_months(intervals: list[tuple[int, int]]) -> int:
    """The number of months the half-open month intervals cover together."""
    covered = 0
    last_end = None
    for start, end in sorted(intervals):
        if last_end is not None and start < last_end:
            start = last_end
        if end > start:
            covered += end - start
            last_end = end if last_end is None else max(last_end, end)
    return covered


def total_years(work: list[WorkEntry], dated: list[DatedEntry]) -> float | None:
    """Years of work: the union of the dated jobs' months / 12, internships left out."""
    intervals = [d.interval for entry, d in zip(work, dated, strict=True)
                 if d.interval is not None and not _INTERN.search(entry.title or "")]
    if not intervals:
        return None
    return round(union_months(intervals) / 12, 1)
