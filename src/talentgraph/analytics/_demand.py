"""Skill demand: the share of postings asking for each skill, overall and within groups.

share = postings asking for the skill / postings (of the group). Every table here is derived from
the engines' ``count_postings``/``count_skills`` answers; unknown group values arrive as None and
leave as the label "unknown".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["UNKNOWN", "label_unknown", "order_groups", "rank_skill_demand", "rank_skills_in_groups"]

UNKNOWN = "unknown"

#: (name_en, name_zh) of a slug.
SkillNames = Callable[[str], tuple[str, str]]


def label_unknown(values: pd.Series) -> pd.Series:
    """Group values as strings, with "unknown" for None/NaN (the form every table shows)."""
    out = values.astype(object)
    return out.where(values.notna(), UNKNOWN).map(str)


def order_groups(totals: Mapping[str, int], *, chronological: bool = False,
                 level_order: Sequence[str] = ()) -> list[str]:
    """Group labels in report order: time order for periods, the given level order, else by
    postings descending then label; "unknown" always last."""
    known = [g for g in totals if g != UNKNOWN]
    if chronological:
        ordered = sorted(known)
    elif level_order:
        rank = {level: i for i, level in enumerate(level_order)}
        ordered = sorted(known, key=lambda g: (rank.get(g, len(rank)), g))
    else:
        ordered = sorted(known, key=lambda g: (-int(totals[g]), g))
    return ordered + ([UNKNOWN] if UNKNOWN in totals else [])


def rank_skill_demand(counts: pd.DataFrame, *, n_postings: int,
                      names: SkillNames) -> pd.DataFrame:
    """Overall demand: ``rank, slug, name_en, name_zh, postings, share, required, preferred,
    required_share`` best first (postings descending, ties by slug)."""
    frame = counts[["slug", "postings", "required", "preferred"]].copy()
    frame = frame.sort_values(["postings", "slug"], ascending=[False, True], kind="mergesort")
    frame = frame.reset_index(drop=True)
    frame.insert(0, "rank", np.arange(1, len(frame) + 1, dtype=np.int64))
    frame.insert(2, "name_en", [names(s)[0] for s in frame["slug"]])
    frame.insert(3, "name_zh", [names(s)[1] for s in frame["slug"]])
    postings = frame["postings"].to_numpy(dtype=float)
    frame.insert(5, "share", postings / n_postings if n_postings else postings * 0.0)
    frame["required_share"] = frame["required"].to_numpy(dtype=float) / postings \
        if len(frame) else np.zeros(0)
    return frame


def rank_skills_in_groups(counts: pd.DataFrame, totals: Mapping[str, int], *, column: str,
                          groups: Sequence[str], names: SkillNames,
                          top: int) -> pd.DataFrame:
    """Demand within each of ``groups`` (in that order): the ``top`` skills of each by postings
    (ties by slug), with ``group_postings`` and ``share`` = postings / group_postings.

    ``counts`` has columns ``column`` (labels), slug, postings, required, preferred.
    """
    columns = [column, "slug", "name_en", "name_zh", "postings", "group_postings", "share",
               "required", "preferred"]
    rank = {g: i for i, g in enumerate(groups)}
    frame = counts[counts[column].isin(rank)].copy()
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame["_group"] = frame[column].map(rank)
    frame = frame.sort_values(["_group", "postings", "slug"], ascending=[True, False, True],
                              kind="mergesort")
    frame = frame.groupby("_group", sort=False).head(top).reset_index(drop=True)
    frame["group_postings"] = frame[column].map(totals).astype(np.int64)
    frame["share"] = frame["postings"].to_numpy(dtype=float) / frame["group_postings"].to_numpy()
    frame["name_en"] = [names(s)[0] for s in frame["slug"]]
    frame["name_zh"] = [names(s)[1] for s in frame["slug"]]
    return frame[columns]
