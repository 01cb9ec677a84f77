"""Cell values of an import file -> typed values: text, email, phone, numbers, dates, booleans,
choices with aliases, currencies and skill lists.

A parser takes one non-empty cell (a ``str`` from CSV, a JSON value, an XLSX cell value such as
``datetime``) and returns the typed value, or raises ``ValueError`` whose text completes the
sentence "The column ... must be ...". Empty cells never reach a parser.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "SKILL_LEVELS",
    "ParseFn",
    "boolean",
    "choice",
    "currency",
    "day",
    "email",
    "header_key",
    "integer",
    "number",
    "phone",
    "skill",
    "skills",
    "text",
    "weighted_skills",
]

ParseFn = Callable[[Any], Any]

#: Skill levels run from 0 (none) to 4 (expert).
SKILL_LEVELS = (0, 4)
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;.]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-.]{5,30}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[T\s].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_TRUE = {"true", "yes", "y", "t", "1", "是", "对", "真"}
_FALSE = {"false", "no", "n", "f", "0", "否", "不", "假"}
_LIST_SPLIT = re.compile(r"[;,、|\n]")


def header_key(name: str) -> str:
    """The key two column names are compared by: case, width, spaces, _ - . ignored."""
    folded = unicodedata.normalize("NFKC", str(name)).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "_-.")


def _plain_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        raise ValueError("text, not a JSON list or object")
    return str(value).strip()


def text(max_length: int | None = None) -> ParseFn:
    """Text (numbers from a spreadsheet as written: 1001, not 1001.0), at most ``max_length``."""

    def parse(value: Any) -> str:
        result = _plain_text(value)
        if max_length is not None and len(result) > max_length:
            raise ValueError(f"text of at most {max_length} characters (got {len(result)})")
        return result

    return parse


def email() -> ParseFn:
    """An email address such as name@example.com."""

    def parse(value: Any) -> str:
        result = _plain_text(value)
        if len(result) > 254 or not _EMAIL.match(result):
            raise ValueError("an email address such as name@example.com")
        return result

    return parse


def phone() -> ParseFn:
    """A phone number: digits, spaces, + ( ) - . only, with 5 digits at least."""

    def parse(value: Any) -> str:
        result = _plain_text(value)
        if not _PHONE.match(result) or sum(ch.isdigit() for ch in result) < 5:
            raise ValueError("a phone number such as 13800138000 or +86 10 1234 5678")
        return result

    return parse


def integer(low: int, high: int) -> ParseFn:
    """A whole number in [low, high]."""

    def parse(value: Any) -> int:
        try:
            number = float(_plain_text(value))
        except ValueError:
            number = math.nan
        if isinstance(value, bool) or not number.is_integer() or not low <= number <= high:
            raise ValueError(f"a whole number from {low} to {high}")
        return int(number)

    return parse


def number(low: float = 0.0, high: float | None = None) -> ParseFn:
    """A number >= low (and <= high); 12,000 and 25k and 30万 are read too."""
    expected = f"a number >= {low:g}" if high is None else f"a number from {low:g} to {high:g}"

    def parse(value: Any) -> float:
        if isinstance(value, bool):
            raise ValueError(expected)
        raw = unicodedata.normalize("NFKC", _plain_text(value)).replace(",", "").replace(" ", "")
        scale = 1.0
        if raw[-1:] in ("k", "K"):
            raw, scale = raw[:-1], 1_000.0
        elif raw[-1:] in ("万", "w", "W"):
            raw, scale = raw[:-1], 10_000.0
        try:
            result = float(raw) * scale
        except ValueError:
            raise ValueError(expected) from None
        if not math.isfinite(result) or result < low or (high is not None and result > high):
            raise ValueError(expected)
        return result

    return parse


def day() -> ParseFn:
    """A date: 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301 or a spreadsheet date."""
    expected = "a date such as 2024-03-01 or 2024/3/1"

    def parse(value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if 20_000 <= value <= 80_000:  # a spreadsheet serial day number (1954..2119)
                return _EXCEL_EPOCH + dt.timedelta(days=int(value))
            value = _plain_text(value)
        raw = unicodedata.normalize("NFKC", str(value)).strip()
        match = _YMD.match(raw) or _COMPACT.match(raw)
        if match is None:
            raise ValueError(expected)
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise ValueError(f"{expected} (this day does not exist)") from None

    return parse


def boolean() -> ParseFn:
    """true/false, yes/no, 1/0, 是/否."""

    def parse(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        raw = _plain_text(value).casefold()
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        raise ValueError("true or false (also yes/no, 1/0, 是/否)")

    return parse


def choice(options: Mapping[str, tuple[str, ...]]) -> ParseFn:
    """One of ``options`` (keys), each also written as any of its aliases (e.g. 男 -> male)."""
    lookup = {header_key(name): name for name in options}
    lookup.update({header_key(alias): name for name, aliases in options.items()
                   for alias in aliases})

    def parse(value: Any) -> str:
        found = lookup.get(header_key(_plain_text(value)))
        if found is None:
            raise ValueError(f"one of {', '.join(options)}")
        return found

    return parse


def currency() -> ParseFn:
    """A three-letter currency code (ISO 4217) such as CNY or USD; 人民币/元 and 美元 too."""
    named = {"人民币": "CNY", "元": "CNY", "rmb": "CNY", "美元": "USD", "港币": "HKD",
             "欧元": "EUR", "日元": "JPY", "英镑": "GBP"}

    def parse(value: Any) -> str:
        raw = _plain_text(value)
        result = named.get(raw.casefold(), raw.upper())
        if not _CURRENCY.match(result):
            raise ValueError("a three-letter currency code such as CNY or USD")
        return result

    return parse


def _skill_term(value: Any) -> str:
    term = unicodedata.normalize("NFKC", _plain_text(value)).strip()
    if not term:
        raise ValueError("a skill slug or name")
    return term


def skill() -> ParseFn:
    """One skill: a slug (python) or a name or alias in either language (机器学习)."""
    return _skill_term


def skills() -> ParseFn:
    """Skills separated by ; , 、 or | (or a JSON list of them)."""

    def parse(value: Any) -> list[str]:
        if isinstance(value, str) and value.strip().startswith("["):
            value = _json_list(value)
        items = value if isinstance(value, list) else _LIST_SPLIT.split(
            unicodedata.normalize("NFKC", _plain_text(value)))
        terms = [_skill_term(item) for item in items if str(item).strip()]
        return list(dict.fromkeys(terms))

    return parse


def _json_list(value: str) -> list[Any]:
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        raise ValueError("a JSON list (it does not parse)") from None
    if not isinstance(parsed, list):
        raise ValueError("a JSON list")
    return parsed


def weighted_skills() -> ParseFn:
    """Required skills as ``slug:level:weight;...`` (level 0-4, default 2; weight > 0, default
    1) or a JSON list of {"skill", "level", "weight"}."""
    expected = ('skills as "python:3:1;sql:2:0.5" (slug:level 0-4:weight) or a JSON list of '
                '{"skill", "level", "weight"}')
    level, weight = integer(*SKILL_LEVELS), number(0.0, 100.0)

    def one(item: Any) -> dict[str, Any]:
        if isinstance(item, dict):
            parts = [item.get("skill", ""), item.get("level", 2), item.get("weight", 1.0)]
        else:
            parts = [part.strip() for part in str(item).split(":")]
            if len(parts) > 3:
                raise ValueError(expected)
            parts += [2, 1.0][len(parts) - 1:]
        try:
            entry = {"skill": _skill_term(parts[0]), "level": level(parts[1]),
                     "weight": weight(parts[2])}
        except ValueError:
            raise ValueError(expected) from None
        if entry["weight"] <= 0:
            raise ValueError(expected)
        return entry

    def parse(value: Any) -> list[dict[str, Any]]:
        if isinstance(value, str) and value.strip().startswith("["):
            value = _json_list(value)
        if isinstance(value, list):
            items = value
        else:
            raw = unicodedata.normalize("NFKC", _plain_text(value))
            items = [item for item in re.split(r"[;|\n]", raw) if item.strip()]
        return [one(item) for item in items]

    return parse
