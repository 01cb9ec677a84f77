"""How much each named part of the fit score counts: ``MatchWeights``."""

from __future__ import annotations

import math
from dataclasses import dataclass

from talentgraph.errors import ParameterError

__all__ = ["PARTS", "MatchWeights"]

#: The named parts of a fit score, in the order they are reported.
PARTS = ("skills", "similarity", "experience", "education")
_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class MatchWeights:
    """Weights of the four parts of the fit score: non-negative and summing to 1."""

    skills: float = 0.5
    similarity: float = 0.3
    experience: float = 0.1
    education: float = 0.1

    def __post_init__(self) -> None:
        for name in PARTS:
            value = getattr(self, name)
            if (isinstance(value, bool) or not isinstance(value, (int, float))
                    or not math.isfinite(value) or value < 0 or value > 1):
                raise ParameterError.invalid(name, "MatchWeights", "a number in [0, 1]", value)
        total = sum(getattr(self, name) for name in PARTS)
        if abs(total - 1.0) > _TOLERANCE:
            raise ParameterError(
                f"The weights of MatchWeights must sum to 1. Got {self.as_dict()} (sum "
                f"{total:g}) instead. Fix: scale them, e.g. skills=0.5,similarity=0.3,"
                "experience=0.1,education=0.1.")

    def as_dict(self) -> dict[str, float]:
        """``{part: weight}`` in PARTS order."""
        return {name: float(getattr(self, name)) for name in PARTS}

    @classmethod
    def parse(cls, text: str) -> MatchWeights:
        """Weights from ``"skills=0.6,similarity=0.4"``; parts not named weigh 0."""
        values: dict[str, float] = {}
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            name, sep, raw = item.partition("=")
            name = name.strip()
            if not sep or name not in PARTS:
                raise ParameterError.invalid(
                    "weights", "MatchWeights.parse",
                    f"comma-separated NAME=NUMBER pairs with NAME one of {', '.join(PARTS)}",
                    item)
            if name in values:
                raise ParameterError.invalid("weights", "MatchWeights.parse",
                                             "each part named once", text)
            try:
                values[name] = float(raw)
            except ValueError as exc:
                raise ParameterError.invalid("weights", "MatchWeights.parse",
                                             f"a number after '{name}='", raw.strip()) from exc
        if not values:
            raise ParameterError.invalid("weights", "MatchWeights.parse",
                                         "at least one NAME=NUMBER pair", text)
        return cls(**{name: values.get(name, 0.0) for name in PARTS})
