"""Date ranges in resumes: "2019.07 - 至今", "2015年9月-2019年6月", "Jul 2019 – Present".

Rules (the month arithmetic is the one recruiters use):

- A date is a year 1950-2099 with an optional month: ``2019.07``, ``2019/7``, ``2019-07``,
  ``2019年7月``, ``Jul 2019``, ``July, 2019``, ``07/2019``, or a bare year ``2019``.
- A range is two dates joined by ``-``, ``–``, ``—``, ``~``, ``至``, ``到`` or ``to``, or a
  date followed by an open end: ``至今``, ``今``, ``现在``, ``目前``, ``Present``, ``Current``,
  ``Now``, ``Today``, ``Ongoing``, ``To date``. An open end is ``today``; ``end`` is then None.
- A written month counts whole: ``2019.07 - 2021.03`` is 21 months (July 2019 to March 2021
  inclusive), because people write the first and the last month they were there.
- A bare year stands for 1 July, its middle (as ``parse_posting_date`` reads a bare year), and
  counts from there: ``2015 - 2019`` is 48 months, ``2015.09 - 2019`` is 46.
- A range that ends before it starts, or starts after ``today``, has ``months = None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["DateRange", "find_date_range", "find_single_date", "month_interval"]

_MONTH_NAMES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_MONTH_NUM = r"(?:1[0-2]|0?[1-9])(?!\d)"


def _date_pattern(p: str) -> str:
    """One date, its groups prefixed with ``p`` (so a range can hold two)."""
    return (
        rf"(?:(?P<{p}ny>{_YEAR})(?!\d)(?:\s*[./\-－．年]\s*(?P<{p}nm>{_MONTH_NUM})\s*月?|\s*年)?"
        rf"|(?P<{p}wm>{_MON})\.?,?\s*'?(?P<{p}wy>{_YEAR})(?!\d)"
        rf"|(?P<{p}sm>{_MONTH_NUM})\s*[/.]\s*(?P<{p}sy>{_YEAR})(?!\d))"
    )


_OPEN_END = (r"(?P<open>至今|现在|目前|今|present|current(?:ly)?|now|today|ongoing|"
             r"(?:till|to|until) date|date)")
_JOIN = r"\s*(?:-|–|—|―|－|~|～|至|到|\bto\b|\buntil\b|\btill\b)\s*"
_RANGE = re.compile(
    rf"(?<![\d.])(?:{_date_pattern('s_')})(?:{_JOIN}(?:{_date_pattern('e_')}|{_OPEN_END})"
    rf"|\s*(?P<open2>至今))(?![A-Za-z])",
    re.IGNORECASE,
)
_SINGLE = re.compile(rf"(?<![\d.])(?:{_date_pattern('s_')})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateRange:
    """A date range found in a line: dates, whether each had a month, months, and its span."""

    start: date
    end: date | None  # None: open ("至今", "Present")
    months: int | None
    span: tuple[int, int]
    has_start_month: bool = True
    has_end_month: bool = True


def _parts(match: re.Match[str], p: str) -> tuple[int, int | None] | None:
    """(year, month or None) of the date whose groups start with ``p``."""
    if match.group(f"{p}ny"):
        month = match.group(f"{p}nm")
        return int(match.group(f"{p}ny")), int(month) if month else None
    if match.group(f"{p}wy"):
        return int(match.group(f"{p}wy")), _MONTH_NAMES[match.group(f"{p}wm")[:3].lower()]
    if match.group(f"{p}sy"):
        return int(match.group(f"{p}sy")), int(match.group(f"{p}sm"))
    return None


def month_interval(start: date, end: date | None, *, has_start_month: bool = True,
                   has_end_month: bool = True, today: date) -> tuple[int, int] | None:
    """The half-open month interval ``[a, b)`` (months since year 0) a range covers, or None."""
    first = start.year * 12 + start.month - 1
    if end is None:
        last = today.year * 12 + today.month  # the current month counts
    else:
        last = end.year * 12 + end.month - (0 if has_end_month else 1)
    if first > today.year * 12 + today.month - 1 or last <= first:
        return None
    return first, last


def _make(year: int, month: int | None) -> date:
    return date(year, month or 7, 1)


def find_date_range(line: str, *, today: date) -> DateRange | None:
    """The first date range in ``line`` (spans index into ``line``), or None."""
    for match in _RANGE.finditer(line):
        start_parts = _parts(match, "s_")
        if start_parts is None:
            continue
        start = _make(*start_parts)
        end_parts = _parts(match, "e_")
        end = None if end_parts is None else _make(*end_parts)
        has_end_month = end_parts is None or end_parts[1] is not None
        has_start_month = start_parts[1] is not None
        if end is not None and end < start:
            months = None
        else:
            interval = month_interval(start, end, has_start_month=has_start_month,
                                      has_end_month=has_end_month, today=today)
            months = None if interval is None else interval[1] - interval[0]
        return DateRange(start=start, end=end, months=months, span=match.span(),
                         has_start_month=has_start_month, has_end_month=has_end_month)
    return None


def find_single_date(line: str) -> tuple[date, tuple[int, int]] | None:
    """The last single date in ``line`` (a graduation "2019.06" or "May 2019"), or None."""
    found = None
    for match in _SINGLE.finditer(line):
        parts = _parts(match, "s_")
        if parts is not None:
            found = (_make(*parts), match.span())
    return found
