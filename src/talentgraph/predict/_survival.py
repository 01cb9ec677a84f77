"""Survival data (tenure + event flag) as a discrete-time hazard problem.

Tenure is cut into intervals as long as the horizon (12 months by default): interval ``k`` covers
tenure ``[k*w, (k+1)*w)``. ``expand_person_periods`` turns each employee into one row per interval
they were at risk in, with the tenure column set to the interval's start:

- every completed interval: label 0 (stayed through it), weight 1;
- the interval of the exit (event = 1): label 1, weight 1;
- the interval in progress when the record was taken (event = 0): label 0 with weight = the
  observed fraction of the interval (the actuarial life-table correction; a fraction of 0 drops
  the row).

A classifier on these rows estimates the hazard ``h_k(x)`` = P(leaving within the next ``w`` |
still employed at ``k*w``, x) (Singer & Willett's discrete-time logistic hazard model).
``horizon_risk`` turns the hazards at an employee's current tenure ``t = (k + f) * w`` into the
probability of leaving within the horizon, interpolating the survival curve log-linearly inside
an interval: ``1 - (1 - h_k)^(1 - f) * (1 - h_{k+1})^f`` (exactly ``h_k`` at an interval start).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from talentgraph.errors import ParameterError, TrainingDataError

__all__ = ["DURATION_UNITS", "MAX_PERSON_PERIODS", "PersonPeriods", "check_durations",
           "expand_person_periods", "horizon_risk", "interval_position"]

#: Units of the duration column and their length in months.
DURATION_UNITS = {"months": 1.0, "years": 12.0, "days": 12.0 / 365.25, "weeks": 12.0 / 52.18}
#: Guard against a tiny horizon over long tenures (each employee becomes tenure / horizon rows).
MAX_PERSON_PERIODS = 2_000_000


@dataclass(frozen=True, slots=True)
class PersonPeriods:
    """One row per employee and interval at risk: covariates, label, weight and employee index."""

    frame: pd.DataFrame
    label: np.ndarray
    weight: np.ndarray
    employee: np.ndarray


def check_durations(values: pd.Series, *, column: str) -> np.ndarray:
    """The durations as floats; raises TrainingDataError for missing or negative ones."""
    durations = pd.to_numeric(values, errors="coerce").to_numpy(float)
    bad = np.flatnonzero(~np.isfinite(durations) | (durations < 0))
    if bad.size:
        rows = ", ".join(str(i + 1) for i in bad[:5])
        raise TrainingDataError(
            f"The duration column {column!r} needs a tenure of 0 or more in every row. Got a "
            f"missing, negative or non-numeric value in rows {rows}"
            f"{' ...' if bad.size > 5 else ''}. Fix those rows or remove them.")
    return durations


def expand_person_periods(frame: pd.DataFrame, left: np.ndarray, *, duration_column: str,
                          width: float) -> PersonPeriods:
    """The person-period rows of survival data (see the module docstring)."""
    if not width > 0:
        raise ParameterError.invalid("width", "expand_person_periods", "a positive number",
                                     width)
    durations = check_durations(frame[duration_column], column=duration_column)
    last = np.where(durations > 0, np.ceil(durations / width) - 1, 0).astype(int)
    counts = last + 1
    if counts.sum() > MAX_PERSON_PERIODS:
        raise ParameterError(
            f"Survival data with this horizon makes {int(counts.sum()):,} person-period rows, "
            f"over the limit of {MAX_PERSON_PERIODS:,}. Use a longer horizon or check the "
            f"duration unit (--duration-unit).")
    employee = np.repeat(np.arange(len(frame)), counts)
    interval = np.concatenate([np.arange(c) for c in counts]) if len(counts) else np.zeros(0)
    is_last = interval == last[employee]
    label = (is_last & (left[employee] == 1)).astype(int)
    partial = (durations[employee] - interval * width) / width
    weight = np.where(is_last & (left[employee] == 0), np.clip(partial, 0.0, 1.0), 1.0)
    keep = weight > 0
    rows = frame.iloc[employee[keep]].reset_index(drop=True).copy()
    rows[duration_column] = (interval[keep] * width).astype(float)
    return PersonPeriods(frame=rows, label=label[keep], weight=weight[keep],
                         employee=employee[keep])


def interval_position(durations: np.ndarray, *, width: float) -> tuple[np.ndarray, np.ndarray]:
    """(interval index k, fraction f in [0, 1)) of each current tenure."""
    position = np.maximum(durations, 0.0) / width
    k = np.floor(position)
    return k, position - k


def horizon_risk(h_now: np.ndarray, h_next: np.ndarray, fraction: np.ndarray) -> np.ndarray:
    """P(leaving within the horizon) from the hazards of this and the next interval."""
    h_now = np.clip(h_now, 0.0, 1.0 - 1e-12)
    h_next = np.clip(h_next, 0.0, 1.0 - 1e-12)
    survive = np.exp((1.0 - fraction) * np.log1p(-h_now) + fraction * np.log1p(-h_next))
    return 1.0 - survive
