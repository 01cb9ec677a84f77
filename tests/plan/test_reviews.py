"""Review scoring and calibration (talentgraph.plan._reviews)."""

from __future__ import annotations

import json

import pytest

from talentgraph.errors import ParameterError
from talentgraph.plan import Goal, ReviewScheme, calibrate, score_review


# -- scheme ------------------------------------------------------------------------------------
def test_scheme_defaults_and_validation() -> None:
    scheme = ReviewScheme()
    assert scheme.goal_weight + scheme.competency_weight == 1
    assert ReviewScheme(goal_weight=1.0, competency_weight=0.0).goal_weight == 1.0
    with pytest.raises(ParameterError, match=r"The 'goal_weight' parameter of ReviewScheme must "
                                             r"be a weight that sums to 1 with competency_weight. "
                                             r"Got \(0.5, 0.3\) instead."):
        ReviewScheme(goal_weight=0.5, competency_weight=0.3)
    with pytest.raises(ParameterError, match="'self_weight' parameter of ReviewScheme"):
        ReviewScheme(self_weight=0.5)
    with pytest.raises(ParameterError, match=r"must be a number in \[0, 1\]. Got -0.1"):
        ReviewScheme(peer_weight=-0.1)
    with pytest.raises(ParameterError, match="'scale_max' parameter"):
        ReviewScheme(scale_min=5, scale_max=1)
    with pytest.raises(ParameterError, match="'decimals' parameter"):
        ReviewScheme(decimals=True)


# -- score_review --------------------------------------------------------------------------------
def test_score_review_worked_example() -> None:
    goals = [
        Goal("Ship the ranking model", 0.6, self_rating=4, manager_rating=5, peer_ratings=(3, 5)),
        Goal("Cut serving cost", 0.4, self_rating=3, manager_rating=3, peer_ratings=(3,)),
        Goal("Collaboration", 1.0, self_rating=5, manager_rating=4, kind="competency"),
    ]
    score = score_review(goals=goals, scheme=ReviewScheme())
    # goal 1: .2*4 + .6*5 + .2*4 = 4.6; goal 2: 3.0; goals part .6*4.6 + .4*3 = 3.96
    # competency without peers: (.2*5 + .6*4) / .8 = 4.25; final .7*3.96 + .3*4.25 = 4.047
    assert [g.score for g in score.goals] == pytest.approx([4.6, 3.0, 4.25])
    assert [(p.name, p.score, p.weight, p.count) for p in score.parts] == [
        ("goals", 3.96, 0.7, 2), ("competencies", 4.25, 0.3, 1)]
    assert score.final == 4.05
    assert score.goals[2].inputs == (("self", 5.0, 0.25), ("manager", 4.0, 0.75))
    assert score.why[0] == ("Goals score 3.96 (weight 0.70); competencies score 4.25 "
                            "(weight 0.30). Final score 4.05 on a 1-5 scale.")
    assert "Collaboration" in score.why[1] and "rescaled" in score.why[1]
    assert score.why_zh[0].startswith("业绩目标3.96分（权重0.70）；能力素质4.25分")
    assert json.loads(json.dumps(score.to_dict()))["final"] == 4.05


def test_score_review_one_part_counts_alone_and_unrated_goals_are_left_out() -> None:
    goals = [Goal("A", 2, manager_rating=4), Goal("B", 1, manager_rating=1),
             Goal("C", 5)]  # C has no rating at all
    score = score_review(goals=goals)
    assert score.final == 3.0  # (2*4 + 1*1) / 3, the goals part alone
    assert score.parts[1].score is None and score.parts[1].weight == 0
    assert score.parts[0].weight == 1.0
    assert any("'C' has no weighted rating" in w for w in score.why)
    # a source the scheme does not weigh does not count
    only_self = ReviewScheme(self_weight=0.0, manager_weight=1.0, peer_weight=0.0)
    scored = score_review(goals=[Goal("A", 1, self_rating=5, manager_rating=2)],
                          scheme=only_self)
    assert scored.final == 2.0
    with pytest.raises(ParameterError, match="at least one rated goal"):
        score_review(goals=[Goal("A", 1, self_rating=5)], scheme=only_self)


def test_score_review_rounds_half_up() -> None:
    scheme = ReviewScheme(decimals=1)
    assert round(3.25, 1) == 3.2  # what plain round() would give
    assert score_review(goals=[Goal("A", 1, manager_rating=3.25)], scheme=scheme).final == 3.3
    assert score_review(goals=[Goal("A", 1, manager_rating=3.25)],
                        scheme=ReviewScheme(decimals=0)).final == 3.0


@pytest.mark.parametrize(("goals", "message"), [
    ([], "non-empty sequence of Goal"),
    ([Goal("A", 1, manager_rating=6)], r"ratings in \[1, 5\] for 'A'. Got 6 instead"),
    ([Goal("A", 0, manager_rating=3)], "a positive weight for 'A'"),
    ([Goal(" ", 1, manager_rating=3)], "non-empty title"),
    ([Goal("A", 1, manager_rating=3, kind="kpi")], "a kind in"),
    (["A"], "a sequence of Goal"),
])
def test_score_review_rejects_bad_goals(goals: list[Goal], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        score_review(goals=goals)


# -- calibrate ---------------------------------------------------------------------------------
def test_calibrate_outlier_buckets_and_ties() -> None:
    cal = calibrate({"a": 3, "b": 3, "c": 3, "d": 3, "e": 1})
    by = {c.person: c for c in cal.people}
    assert by["e"].z == -2.0 and by["e"].is_outlier and by["e"].bucket == "bottom"
    assert by["a"].z == 0.5 and not by["a"].is_outlier and by["a"].bucket == "middle"
    # the four tied people share the better suggested bucket
    assert {by[p].suggested_bucket for p in "abcd"} == {"top"}
    assert by["e"].suggested_bucket == "bottom"
    assert cal.moves == ("a", "b", "c", "d")
    dist = {d.bucket: d for d in cal.distribution}
    assert (dist["top"].count, dist["middle"].count, dist["bottom"].count) == (0, 4, 1)
    assert (dist["top"].target_share, dist["bottom"].share) == (0.2, 0.2)
    assert cal.why[0] == "0 of 5 in top (0%) against a target of 20%."
    assert cal.why_zh[2] == "待改进：1/5人（20%），目标10%。"
    assert cal.raters == ()


def test_calibrate_forced_ranking_counts_and_z_cutoffs() -> None:
    scores = {f"p{i:02d}": float(i) for i in range(10)}  # 0..9, evenly spread
    cal = calibrate(scores)
    suggested = {c.person: c.suggested_bucket for c in cal.people}
    assert [p for p, b in suggested.items() if b == "top"] == ["p09", "p08"]
    assert [p for p, b in suggested.items() if b == "bottom"] == ["p00"]
    assert [d.target_count for d in cal.distribution] == [2, 7, 1]
    by = {c.person: c for c in cal.people}
    # z cutoffs of 20/70/10: top z >= 0.8416, bottom z <= -1.2816 (sd of 0..9 = 2.872)
    assert by["p07"].z == pytest.approx((7 - 4.5) / 2.8723, abs=1e-3)
    assert by["p07"].bucket == "top" and by["p06"].bucket == "middle"
    assert by["p00"].bucket == "bottom" and by["p01"].bucket == "middle"
    assert cal.moves == ("p07",)
    assert [c.person for c in cal.people][:3] == ["p09", "p08", "p07"]
    assert not any(c.is_outlier for c in cal.people)


def test_calibrate_groups_raters_cutoffs() -> None:
    scores = {"a1": 4.0, "a2": 4.0, "a3": 5.0, "b1": 2.0, "b2": 2.0, "b3": 3.0}
    groups = {p: p[0] for p in scores}
    raters = {"a1": "mia", "a2": "mia", "a3": "mia", "b1": "li", "b2": "li", "b3": "zoe"}
    cal = calibrate(scores, groups=groups, raters=raters, cutoffs=(4.0, 2.5))
    by = {c.person: c for c in cal.people}
    assert by["a1"].z == by["b1"].z  # same place within their own team
    assert by["a3"].z == by["b3"].z > 0
    assert (by["a1"].bucket, by["a3"].bucket, by["b3"].bucket, by["b1"].bucket) == (
        "top", "top", "middle", "bottom")
    lenient = {r.rater: r for r in cal.raters}
    assert [r.rater for r in cal.raters] == ["mia", "zoe", "li"]
    assert lenient["mia"].count == 3 and lenient["mia"].mean == pytest.approx(4.3333, abs=1e-4)
    assert lenient["mia"].is_lenient and not lenient["mia"].is_harsh
    assert lenient["li"].is_harsh
    assert not lenient["zoe"].is_lenient and not lenient["zoe"].is_harsh  # only one rated


def test_calibrate_edges() -> None:
    empty = calibrate({})
    assert empty.people == () and [d.count for d in empty.distribution] == [0, 0, 0]
    assert empty.why == ()
    (solo,) = calibrate({"ann": 4.5}).people
    assert (solo.z, solo.bucket, solo.suggested_bucket, solo.is_outlier) == (
        0.0, "middle", "middle", False)
    same = calibrate({"a": 3, "b": 3, "c": 3})
    assert {c.z for c in same.people} == {0.0}
    everyone_middle = calibrate({"a": 3, "b": 1}, target=(0.0, 1.0, 0.0))
    assert {(c.bucket, c.suggested_bucket) for c in everyone_middle.people} == {
        ("middle", "middle")}
    halves = calibrate({"a": 3, "b": 1}, target=(0.5, 0.0, 0.5))
    assert [(c.person, c.bucket, c.suggested_bucket) for c in halves.people] == [
        ("a", "top", "top"), ("b", "bottom", "bottom")]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"target": (0.2, 0.7, 0.2)}, r"The 'target' parameter of calibrate must be three shares"),
    ({"groups": {"a": "x"}}, "Got 'no entry for b' instead"),
    ({"raters": {}}, "'raters' parameter"),
    ({"cutoffs": (2.0, 4.0)}, "bottom_below <= top_at"),
    ({"outlier_z": 0}, "'outlier_z' parameter of calibrate must be a positive number"),
])
def test_calibrate_rejects_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        calibrate({"a": 3.0, "b": 4.0}, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="'scores' parameter"):
        calibrate({"a": float("nan")})
