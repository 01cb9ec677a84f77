"""Parse the posting dates found in job-board exports into ``datetime.date``.

Rules (garbage gives ``None``, never an exception; only years 1900-2100 are accepted):

- ISO-like year-first dates: ``2024-03-01``, ``2024/3/1``, ``2024.3.1``, ``20240301``,
  ``2024年3月1日`` (also 号), with or without a time and a zone after them
  (``2024-03-01T23:30:00-05:00``): the date *as written*, never shifted to UTC.
- Year-last numeric dates (``01/03/2024``, ``1-3-24``): a part over 12 decides (``13/03/2024`` is
  13 March, ``03/13/2024`` is 13 March); when both parts are 12 or less the US order month/day
  is used (``01/03/2024`` is 3 January), whatever the separator. Two-digit years are 2000-2069
  or 1970-1999.
- English month names: ``Mar 1, 2024``, ``1 March 2024``, ``01-Mar-2024``, ``Fri, 01 Mar 2024``.
- No day (``2024-03``, ``2024年3月``, ``March 2024``): the 1st of the month.
- A bare year (``2024``, the ``work_year`` of salary surveys): 1 July, the middle of the year,
  so yearly trends can use it.
- No year (``3月1日``, ``Mar 1``): the latest such date not after ``reference``; ``None``
  without a reference.
- Relative (``today``, ``yesterday``, ``3 days ago``, ``30+ days ago`` (30 days: the bound given),
  ``2 weeks ago``, ``1 month ago`` (30 days), ``3天前``, ``昨天``, ``前天``, ``刚刚``, ``2小时前``):
  counted back from ``reference``; ``None`` without one.
- Numbers (cells of XLSX or JSON, or digit strings): a year 1900-2100 as above; 8 digits as
  yyyymmdd; 20000-79999 as an Excel serial day (days since 1899-12-30, time of day dropped);
  10 or 13 digits as a Unix time in seconds or milliseconds (UTC).
- ``date`` and ``datetime`` values are returned as their date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

__all__ = ["parse_posting_date"]

_MIN_YEAR, _MAX_YEAR = 1900, 2100
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_RANGE = (20_000, 80_000)  # 1954-10 .. 2119-01
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+")
_PREFIX = re.compile(
    r"^(?:(?:date\s+)?posted(?:\s+on)?|published(?:\s+on)?|updated(?:\s+on)?|"
    r"发布于|发布时间|发布日期|更新于|更新时间|发布)\s*[:：]?\s*"
)
_TAIL = r"(?:[t\s,].*)?"  # (casefolded) a time, a zone, or anything after a space
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TAIL)
_YMD_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?" + _TAIL)
_YM = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?")
_MD_ZH = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?" + _TAIL)
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})" + _TAIL)
_NAME_D_Y = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TAIL)
_D_NAME_Y = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4}|\d{2})" + _TAIL)
_NAME_Y = re.compile(r"([a-z]+)\.?,?\s+(\d{4})")
_NAME_D = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?")
_D_NAME = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_AGO_EN = re.compile(r"(\d+|an?|one)\+?\s*(minute|min|hour|hr|day|week|wk|month|mo|year|yr)s?"
                     r"\s+ago")
_AGO_ZH = re.compile(r"(\d+)\+?\s*(分钟|小时|天|日|周|星期|个月|月|年)(?:以)?前")
_DAYS = {"minute": 0, "min": 0, "hour": 0, "hr": 0, "day": 1, "week": 7, "wk": 7, "month": 30,
         "mo": 30, "year": 365, "yr": 365, "分钟": 0, "小时": 0, "天": 1, "日": 1, "周": 7,
         "星期": 7, "个月": 30, "月": 30, "年": 365}
_WORDS = {"today": 0, "just now": 0, "just posted": 0, "now": 0, "yesterday": 1,
          "今天": 0, "今日": 0, "刚刚": 0, "刚发布": 0, "昨天": 1, "昨日": 1, "前天": 2}


def _date(year: int, month: int, day: int) -> dt.date | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month(name: str) -> int | None:
    """1-12 for an English month name or its abbreviation (at least three letters)."""
    if len(name) < 3:
        return None
    for number, full in enumerate(_MONTHS, start=1):
        if full.startswith(name) or (name == "sept" and number == 9):
            return number
    return None


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        return 2000 + value if value < 70 else 1900 + value
    return value


def _without_year(month: int, day: int, reference: dt.date | None) -> dt.date | None:
    """The latest date with this month and day that is not after ``reference``."""
    if reference is None:
        return None
    found = _date(reference.year, month, day)
    if found is None or found > reference:
        found = _date(reference.year - 1, month, day)
    return found


def _from_number(value: float) -> dt.date | None:
    if value != value or value < 0:  # NaN or negative
        return None
    whole = int(value)
    if value == whole and _MIN_YEAR <= whole <= _MAX_YEAR:
        return dt.date(whole, 7, 1)
    if value == whole and 19_000_101 <= whole <= 21_001_231:
        return _date(whole // 10_000, whole // 100 % 100, whole % 100)
    if _EXCEL_RANGE[0] <= value < _EXCEL_RANGE[1]:
        return _EXCEL_EPOCH + dt.timedelta(days=whole)
    seconds = None
    if 1e9 <= value < 4.2e9:
        seconds = value
    elif 1e12 <= value < 4.2e12:
        seconds = value / 1000
    if seconds is not None:
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    return None


def _relative(text: str, reference: dt.date | None) -> tuple[bool, dt.date | None]:
    """(is it a relative date, the date it means)."""
    days: int | None = _WORDS.get(text.rstrip(".!"))
    if days is None:
        match = _AGO_EN.fullmatch(text) or _AGO_ZH.fullmatch(text)
        if match is None:
            return False, None
        count = 1 if match.group(1) in ("a", "an", "one") else int(match.group(1))
        days = count * _DAYS[match.group(2)]
    if reference is None:
        return True, None
    try:
        return True, reference - dt.timedelta(days=days)
    except OverflowError:
        return True, None


def _from_text(raw: str, reference: dt.date | None) -> dt.date | None:
    text = unicodedata.normalize("NFKC", raw).strip().casefold()
    text = _WEEKDAY.sub("", _PREFIX.sub("", text)).strip()
    if not text:
        return None
    is_relative, found = _relative(text, reference)
    if is_relative:
        return found
    if match := _YMD.fullmatch(text) or _YMD_ZH.fullmatch(text):
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _YM.fullmatch(text):  # before numbers: "2024.3" is March 2024
        return _date(int(match.group(1)), int(match.group(2)), 1)
    if _NUMBER.fullmatch(text):
        return _from_number(float(text))
    if match := _MD_ZH.fullmatch(text):
        return _without_year(int(match.group(1)), int(match.group(2)), reference)
    if match := _DMY.fullmatch(text):
        first, second, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
        if first > 12:
            return _date(year, second, first)
        return _date(year, first, second)
    if match := _NAME_D_Y.fullmatch(text):
        month = _month(match.group(1))
        return _date(int(match.group(3)), month, int(match.group(2))) if month else None
    if match := _D_NAME_Y.fullmatch(text):
        month = _month(match.group(2))
        return _date(_year(match.group(3)), month, int(match.group(1))) if month else None
    if match := _NAME_Y.fullmatch(text):
        month = _month(match.group(1))
        return _date(int(match.group(2)), month, 1) if month else None
    if match := _NAME_D.fullmatch(text) or _D_NAME.fullmatch(text):
        name, day = (match.group(1), match.group(2))
        if name.isdigit():
            name, day = day, name
        month = _month(name)
        return _without_year(month, int(day), reference) if month else None
    return None


def parse_posting_date(raw: object, *, reference: dt.date | None = None) -> dt.date | None:
    """The date a posting's raw date cell means, or ``None`` when it means none.

    Accepts strings in the forms the module docstring lists (Chinese and English), numbers
    (years, yyyymmdd, Excel serials, Unix times) and date/datetime values. ``reference`` (the
    day the data was collected) resolves relative dates and dates without a year; without it
    they give ``None``. Never raises: a value that is not a date gives ``None``.
    """
    try:
        if raw is None or isinstance(raw, bool):
            return None
        if isinstance(raw, dt.datetime):
            return raw.date() if _MIN_YEAR <= raw.year <= _MAX_YEAR else None
        if isinstance(raw, dt.date):
            return raw if _MIN_YEAR <= raw.year <= _MAX_YEAR else None
        if isinstance(raw, int | float):
            return _from_number(float(raw))
        if isinstance(raw, str):
            return _from_text(raw, reference)
    except (ValueError, OverflowError, TypeError, OSError):
        return None
    return None
