"""Skill trends: Fisher exact per skill, Benjamini-Hochberg q-values, period selection."""

from __future__ import annotations

import numpy as np
import pytest

from talentgraph.analytics._trends import (
    TREND_COLUMNS,
    compute_skill_trends,
    select_trend_periods,
)

TOTALS = {"2024-Q1": 100, "2024-Q2": 100}


def _trends(counts: dict[str, tuple[int, int]], *, min_postings: int = 2, alpha: float = 0.05,
            totals: dict[str, int] = TOTALS):
    by_period = {"2024-Q1": {s: a for s, (a, _) in counts.items()},
                 "2024-Q2": {s: b for s, (_, b) in counts.items()}}
    return compute_skill_trends(by_period, totals, periods=("2024-Q1", "2024-Q2"),
                                min_postings=min_postings, alpha=alpha)


def test_select_trend_periods_takes_last_two_full_periods() -> None:
    totals = {"2023-Q4": 50, "2024-Q1": 40, "2024-Q2": 35, "2024-Q3": 3}
    assert select_trend_periods(totals, min_postings=30) == ("2024-Q1", "2024-Q2")
    assert select_trend_periods(totals, min_postings=45) is None


def test_big_change_is_rising_small_change_is_steady() -> None:
    got = _trends({"pytorch": (10, 45), "python": (2, 4), "sql": (40, 8)})
    by_slug = {r["slug"]: r for r in got.to_dict("records")}
    assert by_slug["pytorch"]["trend"] == "rising" and by_slug["pytorch"]["q_value"] < 0.05
    assert by_slug["sql"]["trend"] == "falling" and by_slug["sql"]["q_value"] < 0.05
    assert by_slug["python"]["trend"] == "steady" and by_slug["python"]["q_value"] > 0.05
    assert by_slug["pytorch"]["share_from"] == 0.1 and by_slug["pytorch"]["share_to"] == 0.45
    assert by_slug["pytorch"]["change"] == pytest.approx(0.35)
    assert list(got.columns) == list(TREND_COLUMNS)
    assert got["slug"].tolist() == ["pytorch", "python", "sql"]  # change descending


def test_fisher_p_value_by_hand() -> None:
    # 3/3 vs 0/3: the two tables as or more extreme each have probability 1/C(6,3) = 1/20
    got = _trends({"x-skill": (3, 0)}, min_postings=1, totals={"2024-Q1": 3, "2024-Q2": 3})
    assert got.loc[0, "p_value"] == pytest.approx(0.1)
    assert got.loc[0, "trend"] == "steady"


def test_benjamini_hochberg_q_values() -> None:
    got = _trends({"a-skill": (10, 45), "b-skill": (10, 20), "c-skill": (10, 12),
                   "d-skill": (30, 10)})
    p = got["p_value"].to_numpy()
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    expected = np.minimum.accumulate(ranked[::-1])[::-1]
    np.testing.assert_allclose(got["q_value"].to_numpy()[order], np.minimum(expected, 1))
    assert (got["q_value"] >= got["p_value"]).all()


def test_skills_below_minimum_are_not_tested() -> None:
    got = _trends({"python": (2, 4), "pytorch": (10, 45)}, min_postings=5)
    assert got["slug"].tolist() == ["pytorch"]


def test_ties_in_change_are_broken_by_slug() -> None:
    got = _trends({"b-skill": (10, 20), "a-skill": (10, 20)})
    assert got["slug"].tolist() == ["a-skill", "b-skill"]


def test_no_skills_gives_empty_table_with_columns() -> None:
    got = _trends({})
    assert got.empty and list(got.columns) == list(TREND_COLUMNS)
