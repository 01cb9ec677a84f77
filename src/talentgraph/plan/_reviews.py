"""Review cycles: weighted goals and competencies, self/manager/peer input, calibration (issue 5).

Scoring rule (``score_review``):

1. Each goal's rating is the scheme-weighted mean of the inputs it has: self, manager, and the
   mean of the peer ratings. When an input is missing, the weights of the present inputs are
   rescaled to sum to 1 (said in ``why``); a goal with no weighted input is left out.
2. The goals part and the competencies part are each the goal-weighted mean of their rated
   goals (goal weights need not sum to 1; they are shares within their part).
3. The final score is ``goal_weight x goals + competency_weight x competencies``; when one part
   has no rated goal, the other counts alone. It is rounded half up to ``decimals`` places.

Calibration rule (``calibrate``): z-score of each score within its group (population standard
deviation; 0 in a group of one or of equal scores); the bucket (top, middle, bottom) from the
score cutoffs when given, else from the z cutoffs that the target distribution gives under a
normal curve (20/70/10: top z >= 0.84, bottom z <= -1.28); the suggested bucket from ranking
everyone by z so that the counts meet the target (ties share the better bucket); outliers
have ``|z| >= outlier_z`` in a group of three or more; a rater is lenient (harsh) when the mean
of the scores they gave, minus the overall mean, is at least ``leniency_threshold`` standard
deviations above (below) it, with two or more people rated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist, fmean, pstdev
from typing import Any

from talentgraph.errors import ParameterError
from talentgraph.plan._careers import to_plain

__all__ = [
    "BUCKETS",
    "GOAL_KINDS",
    "BucketShare",
    "Calibration",
    "CalibratedScore",
    "Goal",
    "GoalScore",
    "RaterLeniency",
    "ReviewPart",
    "ReviewScheme",
    "ReviewScore",
    "calibrate",
    "score_review",
]

GOAL_KINDS = ("goal", "competency")
BUCKETS = ("top", "middle", "bottom")
_BUCKETS_ZH = {"top": "优秀", "middle": "达标", "bottom": "待改进"}
_PART_NAMES = {"goal": ("goals", "业绩目标"), "competency": ("competencies", "能力素质")}
_TOL = 1e-6


def _is_number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _round_half_up(value: float, decimals: int) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class Goal:
    """A goal (KRA) or competency with its weight and the ratings given on the scheme's scale."""

    title: str
    weight: float
    self_rating: float | None = None
    manager_rating: float | None = None
    peer_ratings: tuple[float, ...] = ()
    kind: str = "goal"


@dataclass(frozen=True, slots=True)
class ReviewScheme:
    """How a review is scored: part weights, input weights, the rating scale and rounding.

    ``goal_weight + competency_weight`` and ``self_weight + manager_weight + peer_weight``
    must each sum to 1; checked on construction.
    """

    goal_weight: float = 0.7
    competency_weight: float = 0.3
    self_weight: float = 0.2
    manager_weight: float = 0.6
    peer_weight: float = 0.2
    scale_min: float = 1.0
    scale_max: float = 5.0
    decimals: int = 2

    def __post_init__(self) -> None:
        for name in ("goal_weight", "competency_weight", "self_weight", "manager_weight",
                     "peer_weight"):
            value = getattr(self, name)
            if not _is_number(value) or not 0 <= value <= 1:
                raise ParameterError.invalid(name, "ReviewScheme", "a number in [0, 1]", value)
        parts = (self.goal_weight, self.competency_weight)
        if abs(sum(parts) - 1) > _TOL:
            raise ParameterError.invalid("goal_weight", "ReviewScheme",
                                         "a weight that sums to 1 with competency_weight", parts)
        inputs = (self.self_weight, self.manager_weight, self.peer_weight)
        if abs(sum(inputs) - 1) > _TOL:
            raise ParameterError.invalid(
                "self_weight", "ReviewScheme",
                "a weight that sums to 1 with manager_weight and peer_weight", inputs)
        if not (_is_number(self.scale_min) and _is_number(self.scale_max)
                and self.scale_min < self.scale_max):
            raise ParameterError.invalid("scale_max", "ReviewScheme",
                                         "a number above scale_min",
                                         (self.scale_min, self.scale_max))
        if isinstance(self.decimals, bool) or not isinstance(self.decimals, int) or \
                not 0 <= self.decimals <= 6:
            raise ParameterError.invalid("decimals", "ReviewScheme", "an int in [0, 6]",
                                         self.decimals)


@dataclass(frozen=True, slots=True)
class GoalScore:
    """One goal's combined rating and the inputs (source, rating, effective weight) behind it."""

    title: str
    kind: str
    weight: float
    score: float | None
    inputs: tuple[tuple[str, float, float], ...]


@dataclass(frozen=True, slots=True)
class ReviewPart:
    """The goals or competencies part: its score, its effective weight and how many it rates."""

    name: str
    score: float | None
    weight: float
    count: int


@dataclass(frozen=True, slots=True)
class ReviewScore:
    """A review's final score on the scheme's scale, its parts, per-goal scores and reasons."""

    final: float
    parts: tuple[ReviewPart, ...]
    goals: tuple[GoalScore, ...]
    why: tuple[str, ...]
    why_zh: tuple[str, ...]
    scale_min: float
    scale_max: float

    def to_dict(self) -> dict[str, Any]:
        """The score as JSON-ready data."""
        return to_plain(self)


def _check_goal(goal: object, scheme: ReviewScheme) -> Goal:
    owner = "score_review"
    if not isinstance(goal, Goal):
        raise ParameterError.invalid("goals", owner, "a sequence of Goal", type(goal).__name__)
    if not isinstance(goal.title, str) or not goal.title.strip():
        raise ParameterError.invalid("goals", owner, "goals with a non-empty title", goal.title)
    if not _is_number(goal.weight) or goal.weight <= 0:
        raise ParameterError.invalid("goals", owner, f"a positive weight for {goal.title!r}",
                                     goal.weight)
    if goal.kind not in GOAL_KINDS:
        raise ParameterError.invalid("goals", owner, f"a kind in {GOAL_KINDS} for "
                                     f"{goal.title!r}", goal.kind)
    ratings = [goal.self_rating, goal.manager_rating, *goal.peer_ratings]
    for rating in ratings:
        if rating is not None and not (_is_number(rating)
                                       and scheme.scale_min <= rating <= scheme.scale_max):
            raise ParameterError.invalid(
                "goals", owner, f"ratings in [{scheme.scale_min:g}, {scheme.scale_max:g}] for "
                f"{goal.title!r}", rating)
    return goal


def _goal_score(goal: Goal, scheme: ReviewScheme) -> GoalScore:
    given = []
    if goal.self_rating is not None:
        given.append(("self", float(goal.self_rating), scheme.self_weight))
    if goal.manager_rating is not None:
        given.append(("manager", float(goal.manager_rating), scheme.manager_weight))
    if goal.peer_ratings:
        given.append(("peer", fmean(goal.peer_ratings), scheme.peer_weight))
    total = sum(w for _s, _r, w in given)
    if total <= 0:
        return GoalScore(goal.title, goal.kind, goal.weight, None, ())
    inputs = tuple((s, r, w / total) for s, r, w in given if w > 0)
    return GoalScore(goal.title, goal.kind, goal.weight, sum(r * w for _s, r, w in inputs),
                     tuple((s, r, round(w, 6)) for s, r, w in inputs))


def score_review(*, goals: Sequence[Goal], scheme: ReviewScheme | None = None) -> ReviewScore:
    """The final score of one review from its weighted goals and inputs (rule: module doc)."""
    scheme = scheme if scheme is not None else ReviewScheme()
    if not isinstance(scheme, ReviewScheme):
        raise ParameterError.invalid("scheme", "score_review", "a ReviewScheme",
                                     type(scheme).__name__)
    if isinstance(goals, str | bytes) or not isinstance(goals, Sequence) or not goals:
        raise ParameterError.invalid("goals", "score_review", "a non-empty sequence of Goal",
                                     goals)
    scored = [_goal_score(_check_goal(g, scheme), scheme) for g in goals]
    why: list[str] = []
    why_zh: list[str] = []
    for goal, score in zip(goals, scored, strict=True):
        if score.score is None:
            why.append(f"{goal.title!r} has no weighted rating and is left out.")
            why_zh.append(f"“{goal.title}”没有有效评分，未计入。")
        elif len(score.inputs) < 3:
            used = ", ".join(s for s, _r, _w in score.inputs)
            why.append(f"{goal.title!r} is rated from {used} only; their weights were rescaled.")
            why_zh.append(f"“{goal.title}”只有{used}的评分，权重已按比例调整。")
    part_weight = {"goal": scheme.goal_weight, "competency": scheme.competency_weight}
    raw_parts = []
    for kind in GOAL_KINDS:
        rated = [s for s in scored if s.kind == kind and s.score is not None]
        weight = sum(s.weight for s in rated)
        value = sum(s.weight * s.score for s in rated if s.score is not None) / weight \
            if rated else None
        raw_parts.append((kind, value, part_weight[kind] if rated else 0.0, len(rated)))
    total = sum(w for _k, _v, w, _n in raw_parts)
    if total <= 0:
        raise ParameterError.invalid("goals", "score_review",
                                     "at least one rated goal of a kind the scheme weighs",
                                     [g.title for g in goals])
    parts = tuple(ReviewPart(_PART_NAMES[k][0], None if v is None else round(v, 4), w / total, n)
                  for k, v, w, n in raw_parts)
    final = _round_half_up(sum(p.weight * p.score for p in parts if p.score is not None),
                           scheme.decimals)
    en = "; ".join(f"{p.name} score {p.score:.2f} (weight {p.weight:.2f})"
                   for p in parts if p.score is not None)
    zh = "；".join(f"{_PART_NAMES[k][1]}{p.score:.2f}分（权重{p.weight:.2f}）"
                  for k, p in zip(GOAL_KINDS, parts, strict=True) if p.score is not None)
    why.insert(0, f"{en[0].upper()}{en[1:]}. Final score {final:g} on a "
                  f"{scheme.scale_min:g}-{scheme.scale_max:g} scale.")
    why_zh.insert(0, f"{zh}。最终得分{final:g}（{scheme.scale_min:g}-{scheme.scale_max:g}分制）。")
    return ReviewScore(final=final, parts=parts, goals=tuple(scored), why=tuple(why),
                       why_zh=tuple(why_zh), scale_min=scheme.scale_min,
                       scale_max=scheme.scale_max)


# -- calibration ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CalibratedScore:
    """One person's score, group z-score, bucket, suggested bucket and outlier flag."""

    person: str
    score: float
    group: str
    z: float
    bucket: str
    suggested_bucket: str
    is_outlier: bool


@dataclass(frozen=True, slots=True)
class BucketShare:
    """How many people a bucket holds against the target share."""

    bucket: str
    name_zh: str
    target_share: float
    target_count: int
    count: int
    share: float


@dataclass(frozen=True, slots=True)
class RaterLeniency:
    """The mean of the scores one rater gave against the overall mean."""

    rater: str
    count: int
    mean: float
    leniency: float  # rater mean - overall mean, in score units
    leniency_z: float  # the same in overall standard deviations
    is_lenient: bool
    is_harsh: bool


@dataclass(frozen=True, slots=True)
class Calibration:
    """The calibration view of a team or an organisation."""

    people: tuple[CalibratedScore, ...]
    distribution: tuple[BucketShare, ...]
    raters: tuple[RaterLeniency, ...]
    moves: tuple[str, ...]  # people whose bucket differs from the suggested one
    why: tuple[str, ...]
    why_zh: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The calibration as JSON-ready data."""
        return to_plain(self)


def _check_calibration_args(scores: Mapping[str, float], *, groups: Mapping[str, str] | None,
                            raters: Mapping[str, str] | None,
                            target: Sequence[float], cutoffs: tuple[float, float] | None,
                            outlier_z: float, leniency_threshold: float) -> None:
    owner = "calibrate"
    if not isinstance(scores, Mapping) or not all(_is_number(v) for v in scores.values()):
        raise ParameterError.invalid("scores", owner, "a mapping of people to finite numbers",
                                     scores)
    for name, mapping in (("groups", groups), ("raters", raters)):
        if mapping is None:
            continue
        missing = sorted(p for p in scores if not isinstance(mapping.get(p), str))
        if missing:
            raise ParameterError.invalid(name, owner, "a mapping with a name for every person "
                                         "scored", f"no entry for {', '.join(missing)}")
    if (len(target) != 3 or not all(_is_number(t) and t >= 0 for t in target)
            or abs(sum(target) - 1) > _TOL):
        raise ParameterError.invalid("target", owner, "three shares (top, middle, bottom) "
                                     "that sum to 1", tuple(target))
    if cutoffs is not None and (len(cutoffs) != 2 or not all(_is_number(c) for c in cutoffs)
                                or cutoffs[1] > cutoffs[0]):
        raise ParameterError.invalid("cutoffs", owner, "(top_at, bottom_below) with "
                                     "bottom_below <= top_at", cutoffs)
    for name, value in (("outlier_z", outlier_z), ("leniency_threshold", leniency_threshold)):
        if not _is_number(value) or value <= 0:
            raise ParameterError.invalid(name, owner, "a positive number", value)


def _z_scores(scores: Mapping[str, float], groups: Mapping[str, str]) -> dict[str, float]:
    members: dict[str, list[str]] = {}
    for person in scores:
        members.setdefault(groups[person], []).append(person)
    z: dict[str, float] = {}
    for people in members.values():
        values = [float(scores[p]) for p in people]
        mean, sd = fmean(values), pstdev(values)
        for p in people:
            z[p] = (float(scores[p]) - mean) / sd if sd > _TOL else 0.0
    return z


def _z_below(share: float) -> float:
    """The z under which ``share`` of a normal curve lies (-inf for 0, +inf for 1)."""
    if share <= 0:
        return -math.inf
    if share >= 1:
        return math.inf
    return NormalDist().inv_cdf(share)


def _suggested(order: list[str], key: Mapping[str, tuple[float, float]],
               target: Sequence[float]) -> dict[str, str]:
    n = len(order)
    n_top = min(n, math.floor(target[0] * n + 0.5))
    n_bottom = min(n - n_top, math.floor(target[2] * n + 0.5))
    by_rank = {p: "top" if i < n_top else "bottom" if i >= n - n_bottom else "middle"
               for i, p in enumerate(order)}
    best: dict[tuple[float, float], str] = {}
    for p in order:  # people tied on (z, score) share the better bucket
        best.setdefault(key[p], by_rank[p])
    return {p: best[key[p]] for p in order}


def calibrate(scores: Mapping[str, float], *, groups: Mapping[str, str] | None = None,
              raters: Mapping[str, str] | None = None,
              target: Sequence[float] = (0.2, 0.7, 0.1),
              cutoffs: tuple[float, float] | None = None, outlier_z: float = 2.0,
              leniency_threshold: float = 0.5) -> Calibration:
    """Group z-scores, buckets against a target distribution, outliers and rater leniency."""
    _check_calibration_args(scores, groups=groups, raters=raters, target=target,
                            cutoffs=cutoffs, outlier_z=outlier_z,
                            leniency_threshold=leniency_threshold)
    group_of = dict(groups) if groups is not None else {p: "all" for p in scores}
    z = _z_scores(scores, group_of)
    size = {g: sum(1 for p in scores if group_of[p] == g) for g in set(group_of.values())}
    top_z = _z_below(1 - target[0])
    bottom_z = _z_below(target[2])

    def bucket(p: str) -> str:
        if cutoffs is not None:
            value = float(scores[p])
            return "top" if value >= cutoffs[0] else "bottom" if value < cutoffs[1] else "middle"
        return "top" if z[p] >= top_z - 1e-9 else "bottom" if z[p] <= bottom_z + 1e-9 \
            else "middle"

    key = {p: (round(z[p], 9), float(scores[p])) for p in scores}
    order = sorted(scores, key=lambda p: (-key[p][0], -key[p][1], p))
    suggested = _suggested(order, key, target)
    people = tuple(CalibratedScore(
        person=p, score=float(scores[p]), group=group_of[p], z=round(z[p], 4), bucket=bucket(p),
        suggested_bucket=suggested[p],
        is_outlier=size[group_of[p]] >= 3 and abs(z[p]) >= outlier_z - 1e-9) for p in order)
    n = len(people)
    distribution = tuple(BucketShare(
        bucket=b, name_zh=_BUCKETS_ZH[b], target_share=float(t),
        target_count=sum(1 for s in suggested.values() if s == b),
        count=sum(1 for c in people if c.bucket == b),
        share=round(sum(1 for c in people if c.bucket == b) / n, 4) if n else 0.0)
        for b, t in zip(BUCKETS, target, strict=True))
    why = [f"{d.count} of {n} in {d.bucket} ({d.share:.0%}) against a target of "
           f"{d.target_share:.0%}." for d in distribution if n]
    why_zh = [f"{d.name_zh}：{d.count}/{n}人（{d.share:.0%}），目标{d.target_share:.0%}。"
              for d in distribution if n]
    return Calibration(people=people, distribution=distribution,
                       raters=_leniency(scores, raters, threshold=leniency_threshold),
                       moves=tuple(c.person for c in people if c.bucket != c.suggested_bucket),
                       why=tuple(why), why_zh=tuple(why_zh))


def _leniency(scores: Mapping[str, float], raters: Mapping[str, str] | None, *,
              threshold: float) -> tuple[RaterLeniency, ...]:
    if raters is None or not scores:
        return ()
    values = [float(v) for v in scores.values()]
    mean, sd = fmean(values), pstdev(values)
    given: dict[str, list[float]] = {}
    for person, score in scores.items():
        given.setdefault(raters[person], []).append(float(score))
    found = []
    for rater, rated in given.items():
        diff = fmean(rated) - mean
        diff_z = diff / sd if sd > _TOL else 0.0
        judged = len(rated) >= 2
        found.append(RaterLeniency(
            rater=rater, count=len(rated), mean=round(fmean(rated), 4), leniency=round(diff, 4),
            leniency_z=round(diff_z, 4), is_lenient=judged and diff_z >= threshold,
            is_harsh=judged and diff_z <= -threshold))
    found.sort(key=lambda r: (-r.leniency, r.rater))
    return tuple(found)
