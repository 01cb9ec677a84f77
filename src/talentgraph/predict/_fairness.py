"""Risk scores by protected group, with impact ratios (the groups are never model features).

For each protected column found in the scored data (gender, age, marital status, ... and the
columns the user marked), employees are grouped by its value (age and other many-valued numbers
in bands), and each group gets its size, risk quantiles, mean risk, the share flagged *high* and
the **impact ratio** = share flagged high in the group / share in the most-flagged group.

Four-fifths rule: a ratio below 0.8 means the groups are flagged at clearly different rates and
should be reviewed. Being flagged can help (a retention conversation, a pay review) or hurt (a
shortlist for cuts): check both directions before using the scores. Groups under
``MIN_GROUP_SIZE`` people are shown but not compared (too small to say anything).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["FOUR_FIFTHS", "MIN_GROUP_SIZE", "fairness_by_group"]

FOUR_FIFTHS = 0.8
MIN_GROUP_SIZE = 10
MAX_GROUPS = 12
_AGE_BANDS = ((0, 30, "<30"), (30, 40, "30-39"), (40, 50, "40-49"), (50, 200, "50+"))


def _groups(values: pd.Series, kind: str) -> pd.Series:
    """The group label of every row ("(missing)" for empty cells)."""
    numbers = pd.to_numeric(values, errors="coerce")
    text = values.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                      else str(v).strip())
    is_number = bool(text.ne("").any()) and bool(numbers[text.ne("")].notna().all())
    if is_number and kind == "age" and numbers.dropna().between(14, 100).all():
        labels = pd.Series("(missing)", index=values.index, dtype=object)
        for low, high, name in _AGE_BANDS:
            labels[(numbers >= low) & (numbers < high)] = name
        return labels
    if is_number and numbers.nunique() > MAX_GROUPS:
        quartile = pd.qcut(numbers, 4, duplicates="drop")
        return quartile.astype(str).where(numbers.notna(), "(missing)")
    out = text.where(text.ne(""), "(missing)")
    if is_number:
        out = numbers.map(lambda v: "(missing)" if np.isnan(v) else f"{v:g}")
    return out.astype(object)


def fairness_by_group(frame: pd.DataFrame, risk: np.ndarray, *, high_from: float,
                      protected: Mapping[str, str]) -> list[dict[str, Any]]:
    """One table per protected column of ``frame``: each group's risk figures and impact ratio."""
    risk = np.asarray(risk, dtype=float)
    tables = []
    for column, kind in protected.items():
        if column not in frame.columns:
            continue
        labels = _groups(frame[column], kind).to_numpy()
        groups = []
        order = {name: i for i, (_, _, name) in enumerate(_AGE_BANDS)}
        for name in sorted(set(labels), key=lambda v: (order.get(v, len(order)), str(v)))[
                :MAX_GROUPS]:
            r = risk[labels == name]
            p10, p25, p50, p75, p90 = np.quantile(r, [0.1, 0.25, 0.5, 0.75, 0.9])
            groups.append({"group": str(name), "n": int(len(r)), "mean": float(r.mean()),
                           "p10": float(p10), "p25": float(p25), "median": float(p50),
                           "p75": float(p75), "p90": float(p90),
                           "share_high": float((r >= high_from).mean()),
                           "is_small": len(r) < MIN_GROUP_SIZE})
        compared = [g for g in groups if not g["is_small"]]
        top = max((g["share_high"] for g in compared), default=0.0)
        for g in groups:
            g["impact_ratio"] = (None if g["is_small"] or top == 0
                                 else float(g["share_high"] / top))
            g["below_four_fifths"] = g["impact_ratio"] is not None and \
                g["impact_ratio"] < FOUR_FIFTHS
        ratios = [g["impact_ratio"] for g in groups if g["impact_ratio"] is not None]
        tables.append({"column": column, "kind": kind, "groups": groups,
                       "min_impact_ratio": min(ratios) if ratios else None})
    return tables
