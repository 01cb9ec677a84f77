"""Skill demand trends between two periods, tested so that noise on small counts is not a trend.

For each skill, the share of postings asking for it in the earlier and the later period form a
2x2 table (postings with / without the skill, per period); a two-sided Fisher exact test gives
its p-value, and the Benjamini-Hochberg procedure over all tested skills turns p-values into
q-values that control the false discovery rate. A skill is "rising" or "falling" only when its
q-value is below ``alpha``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control, fisher_exact

__all__ = ["TREND_COLUMNS", "compute_skill_trends", "select_trend_periods"]

TREND_COLUMNS = ("slug", "period_from", "period_to", "postings_from", "total_from", "share_from",
                 "postings_to", "total_to", "share_to", "change", "p_value", "q_value", "trend")


def select_trend_periods(period_totals: Mapping[str, int], *,
                         min_postings: int) -> tuple[str, str] | None:
    """The last two periods (in time order) holding at least ``min_postings`` postings each, or
    None when fewer than two do. Period labels ("2024-Q1", "2024-03", "2024") sort in time order.
    """
    full = sorted(p for p, n in period_totals.items() if p is not None and n >= min_postings)
    if len(full) < 2:
        return None
    return full[-2], full[-1]


def compute_skill_trends(skill_counts: Mapping[str, Mapping[str, int]],
                         period_totals: Mapping[str, int], *, periods: tuple[str, str],
                         min_postings: int, alpha: float) -> pd.DataFrame:
    """The trend of every skill with ``min_postings`` or more postings in either period.

    ``skill_counts[period][slug]`` is the number of postings of ``period`` asking for ``slug``;
    ``period_totals[period]`` the number of postings of the period. Returns ``TREND_COLUMNS``
    sorted by change (share_to - share_from) descending, ties by slug.
    """
    period_from, period_to = periods
    total_from, total_to = int(period_totals[period_from]), int(period_totals[period_to])
    counts_from = skill_counts.get(period_from, {})
    counts_to = skill_counts.get(period_to, {})
    slugs = sorted(s for s in set(counts_from) | set(counts_to)
                   if max(counts_from.get(s, 0), counts_to.get(s, 0)) >= min_postings)
    rows = []
    for slug in slugs:
        a, b = int(counts_from.get(slug, 0)), int(counts_to.get(slug, 0))
        p_value = float(fisher_exact([[a, total_from - a], [b, total_to - b]],
                                     alternative="two-sided").pvalue)
        share_from, share_to = a / total_from, b / total_to
        rows.append((slug, period_from, period_to, a, total_from, share_from, b, total_to,
                     share_to, share_to - share_from, min(p_value, 1.0)))
    frame = pd.DataFrame(rows, columns=list(TREND_COLUMNS[:-2]))
    if frame.empty:
        frame["q_value"] = pd.Series(dtype=float)
        frame["trend"] = pd.Series(dtype=object)
        return frame
    frame["q_value"] = false_discovery_control(frame["p_value"].to_numpy(), method="bh")
    significant = frame["q_value"].to_numpy() < alpha
    change = frame["change"].to_numpy()
    frame["trend"] = np.where(significant & (change > 0), "rising",
                              np.where(significant & (change < 0), "falling", "steady"))
    frame = frame.sort_values(["change", "slug"], ascending=[False, True], kind="mergesort")
    return frame.reset_index(drop=True)
