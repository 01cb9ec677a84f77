"""Skills asked for together: pair statistics (lift, Jaccard) and clusters of related skills.

lift(a, b) = P(a and b) / (P(a) P(b)) = together * N / (postings_a * postings_b): how many times
more often two skills appear in the same posting than if they were independent (1 = no relation).
Jaccard = together / (postings_a + postings_b - together): the overlap of the two posting sets.
Clusters are communities (Louvain, fixed seed) of the graph whose edges are pairs with a lift of
at least ``min_lift``.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["PAIR_COLUMNS", "compute_pair_stats", "find_skill_clusters", "select_top_pairs"]

PAIR_COLUMNS = ("slug_a", "slug_b", "together", "postings_a", "postings_b", "lift", "jaccard")


def compute_pair_stats(pairs: pd.DataFrame, skill_postings: Mapping[str, int], *,
                       n_postings: int) -> pd.DataFrame:
    """Lift and Jaccard of every pair in ``pairs`` (columns slug_a, slug_b, together).

    Returns ``PAIR_COLUMNS`` for all pairs given, sorted by slug_a, slug_b.
    """
    frame = pairs[["slug_a", "slug_b", "together"]].copy()
    frame["together"] = frame["together"].astype(np.int64)
    frame["postings_a"] = frame["slug_a"].map(skill_postings).astype(np.int64)
    frame["postings_b"] = frame["slug_b"].map(skill_postings).astype(np.int64)
    together = frame["together"].to_numpy(dtype=float)
    pa, pb = frame["postings_a"].to_numpy(dtype=float), frame["postings_b"].to_numpy(dtype=float)
    frame["lift"] = together * n_postings / (pa * pb) if len(frame) else np.zeros(0)
    frame["jaccard"] = together / (pa + pb - together) if len(frame) else np.zeros(0)
    frame = frame.sort_values(["slug_a", "slug_b"], kind="mergesort")
    return frame.reset_index(drop=True)


def select_top_pairs(stats: pd.DataFrame, *, min_together: int, limit: int) -> pd.DataFrame:
    """The pairs worth reporting: ``together >= min_together`` and ``lift > 1``, ranked by
    ``together * ln(lift)`` (frequent *and* more-than-chance) descending, ties by slugs; the
    first ``limit``."""
    keep = stats[(stats["together"] >= min_together) & (stats["lift"] > 1.0)].copy()
    keep["_score"] = keep["together"] * np.log(keep["lift"])
    keep = keep.sort_values(["_score", "slug_a", "slug_b"], ascending=[False, True, True],
                            kind="mergesort")
    return keep.drop(columns="_score").head(limit).reset_index(drop=True)


def find_skill_clusters(stats: pd.DataFrame, skill_postings: Mapping[str, int], *,
                        min_together: int, min_lift: float = 1.5, min_size: int = 3,
                        seed: int = 0) -> pd.DataFrame:
    """Communities of skills often asked for together.

    The graph has one edge per pair with ``together >= min_together`` and ``lift >= min_lift``,
    weighted by Jaccard (so a pair of rare skills does not outweigh a common, strong pair);
    communities come from Louvain with a fixed ``seed`` on a graph built in slug order, so the
    result is reproducible. Communities of at least ``min_size`` skills are numbered 1.. by size
    (ties by their first slug). Columns: cluster, slug, postings, degree (edges of the skill in
    the graph); rows by cluster, then postings descending, then slug.
    """
    edges = stats[(stats["together"] >= min_together) & (stats["lift"] >= min_lift)]
    edges = edges.sort_values(["slug_a", "slug_b"], kind="mergesort")
    graph = nx.Graph()
    graph.add_nodes_from(sorted(set(edges["slug_a"]) | set(edges["slug_b"])))
    graph.add_weighted_edges_from(
        zip(edges["slug_a"], edges["slug_b"], edges["jaccard"].astype(float), strict=True))
    columns = ["cluster", "slug", "postings", "degree"]
    if graph.number_of_edges() == 0:
        return pd.DataFrame({c: pd.Series(dtype=object if c == "slug" else np.int64)
                             for c in columns})
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    kept = sorted((sorted(c) for c in communities if len(c) >= min_size),
                  key=lambda members: (-len(members), members[0]))
    rows = []
    for number, members in enumerate(kept, start=1):
        ordered = sorted(members, key=lambda s: (-int(skill_postings[s]), s))
        rows.extend((number, slug, int(skill_postings[slug]), int(graph.degree(slug)))
                    for slug in ordered)
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"cluster": np.int64, "postings": np.int64, "degree": np.int64})
