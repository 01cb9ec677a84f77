"""The part functions of the fit score, each mapping a comparison onto 0-1.

They take numbers or numpy arrays alike, so the per-candidate reference path and the vectorised
index path share one definition:

- ``skill credit``: min(level / target, 1) per required skill, weighted by the skill's weight;
- ``similarity_fit``: the cosine of the experience and job vectors, scaled from
  [SIMILARITY_FLOOR, SIMILARITY_CEIL] onto [0, 1] (clipped);
- ``experience_fit``: min(years / min_years, 1), a linear ramp; UNKNOWN_FIT when the resume
  shows no years;
- ``education_fit``: 1 at or above the degree asked, 0.5 one step below, 0 two or more below;
  UNKNOWN_FIT when the resume shows no degree.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from talentgraph.domain import EDUCATION_LEVELS

__all__ = [
    "SIMILARITY_CEIL",
    "SIMILARITY_FLOOR",
    "UNKNOWN_FIT",
    "degree_rank",
    "education_fit",
    "experience_fit",
    "similarity_fit",
    "skill_credit",
]

#: Cosine similarities at or below the floor count 0, at or above the ceiling 1. Calibrated on
#: the ranking benchmark (docs/benchmarks.md): the median cosine of a resume and a job of another
#: field is about 0.18, of the same field about 0.45.
SIMILARITY_FLOOR = 0.15
SIMILARITY_CEIL = 0.55
#: The value of the experience or education part when the resume does not show it.
UNKNOWN_FIT = 0.5
_DEGREE_ALIASES = {"high_school": "none", "secondary": "none", "doctorate": "phd",
                   "doctor": "phd", "masters": "master", "bachelors": "bachelor"}


def degree_rank(degree: str | None) -> int:
    """The index of ``degree`` in EDUCATION_LEVELS (high_school counts as none); -1 if unknown."""
    if not degree:
        return -1
    key = _DEGREE_ALIASES.get(degree.strip().lower(), degree.strip().lower())
    return EDUCATION_LEVELS.index(key) if key in EDUCATION_LEVELS else -1


def skill_credit(level: Any, target: Any) -> Any:
    """min(level / target, 1); a target of 0 or less is met by any level."""
    level = np.asarray(level, dtype=np.float32)
    target = np.asarray(target, dtype=np.float32)
    safe = np.where(target > 0, target, 1.0)
    return np.where(target > 0, np.minimum(level / safe, 1.0), 1.0)


def similarity_fit(cosine: Any) -> Any:
    """The cosine scaled from [SIMILARITY_FLOOR, SIMILARITY_CEIL] onto [0, 1], clipped."""
    scaled = (np.asarray(cosine, dtype=np.float32) - SIMILARITY_FLOOR) / (
        SIMILARITY_CEIL - SIMILARITY_FLOOR)
    return np.clip(scaled, 0.0, 1.0)


def experience_fit(years: Any, min_years: float) -> Any:
    """min(years / min_years, 1); UNKNOWN_FIT where years is NaN; 1 when nothing is asked."""
    years = np.asarray(years, dtype=np.float32)
    if min_years <= 0:
        return np.where(np.isnan(years), UNKNOWN_FIT, 1.0)
    ramp = np.clip(np.nan_to_num(years, nan=0.0) / min_years, 0.0, 1.0)
    return np.where(np.isnan(years), UNKNOWN_FIT, ramp)


def education_fit(rank: Any, required: int) -> Any:
    """1 at or above the degree rank asked, 0.5 one below, 0 further; UNKNOWN_FIT for -1."""
    rank = np.asarray(rank, dtype=np.float32)
    fit = np.clip(1.0 - 0.5 * (required - rank), 0.0, 1.0)
    return np.where(rank < 0, UNKNOWN_FIT, fit)
