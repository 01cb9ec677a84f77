"""Reading and comparing a person's answers to skill-check questions.

Numbers may be typed as people type them: ``0.25``, ``25%``, ``1,048,576``, ``1.05e6``, ``3/4``,
full-width digits, a Unicode minus, a trailing unit (``12.5 MiB``). A number is right within
``max(abs_tol, rel_tol * |expected|)``. A choice is its key (``b``) or its label in either
language. A text answer that is a shape is compared by its integers, so ``(2, 8, 128, 64)``,
``[2,8,128,64]`` and ``2×8×128×64`` are the same answer.
"""

from __future__ import annotations

import math
import re
import unicodedata

from talentgraph.plan._check_base import Question, fmt

__all__ = ["format_expected", "is_correct", "parse_number"]

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$")
_INTEGERS = re.compile(r"-?\d+")
_SHAPE = re.compile(r"[(\[]\s*-?\d+(\s*,\s*-?\d+)*\s*[)\]]")
_CHOICE_KEY = re.compile(r"^\(?([a-z])[).、]?$")  # "b", "(b)", "b)", "b."
_SEPARATORS = str.maketrans({",": None, "_": None, " ": None, "\u2009": None, "\u202f": None,
                             "'": None, "−": "-"})


def parse_number(given: str | float, *, unit: str = "") -> float | None:
    """The number in ``given`` (None when it is not one); ``%`` divides by 100 unless the
    question's unit is ``%``."""
    if isinstance(given, bool):
        return None
    if isinstance(given, int | float):
        return float(given) if math.isfinite(given) else None
    text = unicodedata.normalize("NFKC", str(given)).strip().casefold().translate(_SEPARATORS)
    if unit and text.endswith(unit.casefold()):
        text = text[: -len(unit)]
    scale = 1.0
    if text.endswith("%"):
        text, scale = text[:-1], (1.0 if unit == "%" else 0.01)
    numerator, _, denominator = text.partition("/")
    if not _NUMBER.match(numerator) or (denominator and not _NUMBER.match(denominator)):
        return None
    if denominator and float(denominator) == 0:
        return None
    value = float(numerator) / float(denominator) if denominator else float(numerator)
    return value * scale if math.isfinite(value) else None


def _normal_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def is_correct(question: Question, expected: float | str, given: str | float | None) -> bool:
    """Whether ``given`` answers ``question`` whose right answer is ``expected``."""
    if given is None or (isinstance(given, str) and not given.strip()):
        return False
    if question.kind == "number":
        value = parse_number(given, unit=question.unit)
        target = float(expected)
        return value is not None and abs(value - target) <= max(
            question.abs_tol, question.rel_tol * abs(target), 1e-9)
    text = _normal_text(str(given))
    if question.kind == "choice":
        bare = _CHOICE_KEY.match(text)
        text = bare.group(1) if bare else text
        return any(c.key == expected and text in (c.key, _normal_text(c.label_en),
                                                   _normal_text(c.label_zh))
                   for c in question.choices)
    if _SHAPE.fullmatch(str(expected)):
        given_ints = _INTEGERS.findall(unicodedata.normalize("NFKC", str(given)))
        return given_ints == _INTEGERS.findall(str(expected))
    return text == _normal_text(str(expected))


def format_expected(question: Question, expected: float | str) -> str:
    """The right answer as shown after grading: a choice with its label, a number with its unit."""
    if question.kind == "choice":
        choice = next(c for c in question.choices if c.key == expected)
        return f"{choice.key}) {choice.label_en} / {choice.label_zh}"
    if question.kind == "text":
        return str(expected)
    value = float(expected)
    shown = fmt(value) if question.abs_tol >= 0.5 or abs(value) >= 0.1 or value == 0 \
        else f"{value:.4g}"
    return f"{shown} {question.unit}".rstrip() if question.unit else shown
