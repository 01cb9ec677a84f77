"""The building blocks of a skill-check family: questions, the exercise a family builds from a
seed, a version-stable random draw, and the number formatting shared by the prompts.

A family is a function ``build(draw, level) -> Exercise``. The exercise holds the answers; the
public ``SkillCheck`` (talentgraph.plan._checks) copies everything but them.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

__all__ = [
    "QUESTION_KINDS",
    "CheckFamily",
    "Choice",
    "Draw",
    "Exercise",
    "Item",
    "Question",
    "choices_from",
    "fmt",
    "fmt_list",
    "fmt_matrix",
    "key_of",
    "markdown_table",
]

T = TypeVar("T")

#: How an answer is typed and compared: a number (with a tolerance), a choice key, or text.
QUESTION_KINDS = ("number", "choice", "text")


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a multiple-choice question: its key ("a", "b", ...) and its label."""

    key: str
    label_en: str
    label_zh: str


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a check; a number is right within ``max(abs_tol, rel_tol * |expected|)``."""

    key: str
    label_en: str
    label_zh: str
    kind: str = "number"
    abs_tol: float = 0.0
    rel_tol: float = 0.0
    choices: tuple[Choice, ...] = ()
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """A question with its expected answer and a worked solution shown after grading."""

    question: Question
    expected: float | str
    solution_en: str = ""
    solution_zh: str = ""


@dataclass(frozen=True, slots=True)
class Exercise:
    """What a family builds from a seed: the prompt in both languages and the items."""

    prompt_en: str
    prompt_zh: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class CheckFamily:
    """A kind of exercise: its name, titles, the skills (slug -> default level) it proves."""

    name: str
    title_en: str
    title_zh: str
    skills: Mapping[str, int]
    build: Callable[[Draw, int], Exercise] = field(repr=False)


class Draw:
    """Random draws that stay the same across Python and NumPy versions.

    Only ``random.Random.random()`` with a string seed is guaranteed stable by Python, so
    every draw is built on it: a check issued today grades the same after an upgrade.
    """

    def __init__(self, seed: str) -> None:
        self._random = random.Random(seed)

    def uniform(self) -> float:
        """A float in [0, 1)."""
        return self._random.random()

    def integer(self, low: int, high: int) -> int:
        """An int in [low, high], both ends included."""
        return low + min(int(self.uniform() * (high - low + 1)), high - low)

    def choice(self, options: Sequence[T]) -> T:
        """One of ``options``."""
        return options[self.integer(0, len(options) - 1)]

    def sample(self, options: Sequence[T], count: int) -> list[T]:
        """``count`` distinct elements of ``options``, in random order."""
        pool = list(options)
        return [pool.pop(self.integer(0, len(pool) - 1)) for _ in range(count)]

    def shuffled(self, options: Sequence[T]) -> list[T]:
        """``options`` in a random order."""
        return self.sample(options, len(options))

    def step(self, low: float, high: float, step: float, *, nonzero: bool = False) -> float:
        """A multiple of ``step`` in [low, high] (not zero when ``nonzero``), rounded cleanly."""
        count = round((high - low) / step)
        while True:
            value = round(low + self.integer(0, count) * step, 6)
            if not (nonzero and value == 0):
                return value


def choices_from(draw: Draw, labels: Sequence[tuple[str, str]]) -> tuple[Choice, ...]:
    """Choices "a", "b", ... over ``labels`` (en, zh) in a random order."""
    order = draw.shuffled(labels)
    return tuple(Choice(chr(ord("a") + i), en, zh) for i, (en, zh) in enumerate(order))


def key_of(choices: Sequence[Choice], label_en: str) -> str:
    """The key of the choice whose English label is ``label_en``."""
    return next(c.key for c in choices if c.label_en == label_en)


def fmt(value: float, digits: int = 4) -> str:
    """A number as a person writes it: no trailing zeros, thousands not separated."""
    if isinstance(value, int) or (math.isfinite(value) and float(value).is_integer()):
        return str(int(value))
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_list(values: Sequence[float]) -> str:
    """``[1, -0.5, 2]``."""
    return "[" + ", ".join(fmt(v) for v in values) + "]"


def fmt_matrix(rows: Sequence[Sequence[float]]) -> str:
    """``[[1, 2], [3, 4]]``."""
    return "[" + ", ".join(fmt_list(row) for row in rows) + "]"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
