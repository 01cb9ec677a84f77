"""Synthetic HR exports with planted signals for the attrition tests (no real data needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def make_snapshot(n: int = 400, *, seed: int = 0, signal: str = "overtime") -> pd.DataFrame:
    """One row per employee with an ``Attrition`` Yes/No column.

    ``signal="overtime"``: leaving rises with overtime and low job satisfaction and falls with
    income relative to the job level. ``signal="gender"``: leaving depends on Gender only, and
    every other column is independent of Gender and of leaving.
    """
    rng = np.random.default_rng(seed)
    level = rng.integers(1, 4, n)
    frame = pd.DataFrame({
        "EmployeeNumber": rng.permutation(np.arange(1000, 1000 + n)),
        "Age": rng.integers(21, 60, n),
        "Gender": rng.choice(["Male", "Female"], n),
        "MaritalStatus": rng.choice(["Single", "Married", "Divorced"], n),
        "Department": rng.choice(["Research", "Sales", "HR"], n, p=[0.6, 0.3, 0.1]),
        "OverTime": rng.choice(["Yes", "No"], n, p=[0.3, 0.7]),
        "JobSatisfaction": rng.integers(1, 5, n),
        "JobLevel": level,
        "MonthlyIncome": np.round(level * 3000 * rng.lognormal(0, 0.25, n)),
        "YearsAtCompany": rng.integers(0, 15, n),
        "DistanceFromHome": rng.integers(1, 30, n),
        "EmployeeCount": 1,
    })
    if signal == "overtime":
        income_gap = np.log(frame["MonthlyIncome"] / (level * 3000))
        logit = (-2.2 + 2.2 * (frame["OverTime"] == "Yes") - 0.7 * (frame["JobSatisfaction"] - 2.5)
                 - 1.5 * income_gap)
    elif signal == "gender":
        logit = -2.0 + 2.5 * (frame["Gender"] == "Female")
    else:
        raise ValueError(signal)
    left = rng.random(n) < _sigmoid(np.asarray(logit, dtype=float))
    frame["Attrition"] = np.where(left, "Yes", "No")
    return frame


def make_survival(n: int = 400, *, seed: int = 0) -> pd.DataFrame:
    """Tenure in months (``TenureMonths``) and an event flag (``Left`` 1/0): overtime doubles
    the monthly hazard; people still employed are censored at a random export date."""
    rng = np.random.default_rng(seed)
    overtime = rng.random(n) < 0.35
    satisfaction = rng.integers(1, 5, n)
    hazard = 0.012 * np.where(overtime, 2.6, 1.0) * np.exp(-0.35 * (satisfaction - 2.5))
    time_to_exit = rng.exponential(1.0 / hazard)
    observed_for = rng.uniform(1, 72, n)
    left = time_to_exit <= observed_for
    return pd.DataFrame({
        "工号": np.arange(1, n + 1),
        "性别": rng.choice(["男", "女"], n),
        "年龄": rng.integers(22, 58, n),
        "OverTime": np.where(overtime, "Yes", "No"),
        "JobSatisfaction": satisfaction,
        "Department": rng.choice(["Research", "Sales"], n),
        "TenureMonths": np.round(np.minimum(time_to_exit, observed_for), 1),
        "Left": left.astype(int),
    })
