"""Co-occurrence: lift and Jaccard by hand, pair ranking, deterministic clusters."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from talentgraph.analytics._cooccur import (
    PAIR_COLUMNS,
    compute_pair_stats,
    find_skill_clusters,
    select_top_pairs,
)


def _pairs(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["slug_a", "slug_b", "together"])


def test_lift_and_jaccard_by_hand() -> None:
    # N = 10 postings; a in 4, b in 5, c in 5; a+b together 4, b+c together 2
    stats = compute_pair_stats(_pairs([("b", "c", 2), ("a", "b", 4)]),
                               {"a": 4, "b": 5, "c": 5}, n_postings=10)
    assert list(stats.columns) == list(PAIR_COLUMNS)
    first, second = stats.to_dict("records")
    assert (first["slug_a"], first["slug_b"]) == ("a", "b")  # sorted by slugs
    assert first["lift"] == pytest.approx(4 * 10 / (4 * 5))  # 2.0
    assert first["jaccard"] == pytest.approx(4 / (4 + 5 - 4))  # 0.8
    assert second["lift"] == pytest.approx(2 * 10 / (5 * 5))  # 0.8: less than chance
    assert second["jaccard"] == pytest.approx(2 / 8)


def test_top_pairs_need_lift_above_one_and_are_ranked() -> None:
    stats = compute_pair_stats(
        _pairs([("a", "b", 4), ("b", "c", 2), ("a", "c", 2), ("c", "d", 3)]),
        {"a": 4, "b": 5, "c": 5, "d": 3}, n_postings=10)
    top = select_top_pairs(stats, min_together=2, limit=10)
    # a-b: 4*ln 2 = 2.77; c-d: 3*ln 2 = 2.08; a-c: lift 1.0 -> out; b-c: lift 0.8 -> out
    assert list(zip(top["slug_a"], top["slug_b"], strict=True)) == [("a", "b"), ("c", "d")]
    assert select_top_pairs(stats, min_together=4, limit=10)["slug_a"].tolist() == ["a"]
    assert len(select_top_pairs(stats, min_together=1, limit=1)) == 1
    assert math.isclose(top.loc[0, "lift"], 2.0)


def _two_cliques() -> tuple[pd.DataFrame, dict[str, int]]:
    postings = {s: 20 for s in ["a1", "a2", "a3", "a4", "b1", "b2", "b3", "c1", "c2"]}
    rows = [(x, y, 15) for group in (["a1", "a2", "a3", "a4"], ["b1", "b2", "b3"])
            for i, x in enumerate(group) for y in group[i + 1:]]
    rows.append(("c1", "c2", 15))  # a strong pair, but a cluster of 2 is not shown
    rows.append(("a1", "b1", 5))  # lift 5*100/400 = 1.25 < 1.5: no edge
    return compute_pair_stats(_pairs(rows), postings, n_postings=100), postings


def test_clusters_are_communities_numbered_by_size() -> None:
    stats, postings = _two_cliques()
    clusters = find_skill_clusters(stats, postings, min_together=5)
    assert clusters.groupby("cluster")["slug"].apply(list).to_dict() == {
        1: ["a1", "a2", "a3", "a4"], 2: ["b1", "b2", "b3"]}
    assert clusters.set_index("slug")["degree"].to_dict() == {
        "a1": 3, "a2": 3, "a3": 3, "a4": 3, "b1": 2, "b2": 2, "b3": 2}


def test_clusters_are_deterministic() -> None:
    stats, postings = _two_cliques()
    first = find_skill_clusters(stats, postings, min_together=5)
    shuffled = stats.sample(frac=1.0, random_state=3).reset_index(drop=True)
    second = find_skill_clusters(shuffled, postings, min_together=5)
    pd.testing.assert_frame_equal(first, second)


def test_no_edges_gives_empty_clusters() -> None:
    stats = compute_pair_stats(_pairs([]), {}, n_postings=0)
    clusters = find_skill_clusters(stats, {}, min_together=1)
    assert clusters.empty and list(clusters.columns) == ["cluster", "slug", "postings", "degree"]
