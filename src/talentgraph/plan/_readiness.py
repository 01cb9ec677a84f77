"""Promotion readiness: how far a person's skills and results are from a target level (issue 5).

The rule (``ReadinessPolicy`` holds every number):

- **Skill coverage** is the weighted share of the target level's skill targets met, with
  partial credit: sum(weight x min(level, target) / target) / sum(weight), over the role's
  skills with a target above 0 at the level.
- **Results** are the mean of the last ``review_count`` review scores (oldest first in the
  input); ``results_score`` puts that mean on 0-1 over the review scale.
- **Score** (0-1) = ``skill_share`` x coverage + (1 - ``skill_share``) x results_score, or the
  coverage alone when there is no review.
- **Ready** when coverage >= ``coverage_threshold`` (0.9), AND no critical skill (weight >=
  ``critical_weight``, 0.8) is more than ``max_critical_deficit`` (1) level below its target,
  AND the reviews average >= ``review_threshold`` (3.5 on 1-5); with no review at all a person
  is not ready unless ``require_reviews`` is False.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from talentgraph.domain import Role, SkillLevel
from talentgraph.errors import ParameterError
from talentgraph.plan._careers import profile_levels, role_targets, to_plain

__all__ = [
    "MissingSkill",
    "RankedReadiness",
    "Readiness",
    "ReadinessPolicy",
    "promotion_readiness",
    "rank_ready",
]


def _is_number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


@dataclass(frozen=True, slots=True)
class ReadinessPolicy:
    """The thresholds of the readiness rule (module doc); checked on construction."""

    coverage_threshold: float = 0.9
    critical_weight: float = 0.8
    max_critical_deficit: int = 1
    review_threshold: float = 3.5
    review_count: int = 2
    scale_min: float = 1.0
    scale_max: float = 5.0
    skill_share: float = 0.7
    require_reviews: bool = True

    def __post_init__(self) -> None:
        for name in ("coverage_threshold", "critical_weight", "skill_share"):
            value = getattr(self, name)
            if not _is_number(value) or not 0 <= value <= 1:
                raise ParameterError.invalid(name, "ReadinessPolicy", "a number in [0, 1]",
                                             value)
        for name, low in (("max_critical_deficit", 0), ("review_count", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ParameterError.invalid(name, "ReadinessPolicy", f"an int >= {low}", value)
        if not (_is_number(self.scale_min) and _is_number(self.scale_max)
                and self.scale_min < self.scale_max):
            raise ParameterError.invalid("scale_max", "ReadinessPolicy",
                                         "a number above scale_min",
                                         (self.scale_min, self.scale_max))
        if not (_is_number(self.review_threshold)
                and self.scale_min <= self.review_threshold <= self.scale_max):
            raise ParameterError.invalid("review_threshold", "ReadinessPolicy",
                                         f"a number in [{self.scale_min:g}, {self.scale_max:g}]",
                                         self.review_threshold)
        if not isinstance(self.require_reviews, bool):
            raise ParameterError.invalid("require_reviews", "ReadinessPolicy", "a bool",
                                         self.require_reviews)


@dataclass(frozen=True, slots=True)
class MissingSkill:
    """A skill below its target at the level: by how much, and whether it is critical."""

    skill: str
    current: int
    target: int
    deficit: int
    weight: float
    is_critical: bool


@dataclass(frozen=True, slots=True)
class Readiness:
    """How ready one person is for ``target_level`` of ``role``, what is missing, and why."""

    role: str
    target_level: str
    score: float
    is_ready: bool
    skill_coverage: float
    results_score: float | None
    review_average: float | None
    missing: tuple[MissingSkill, ...]
    evidence: tuple[SkillLevel, ...]
    why: tuple[str, ...]
    why_zh: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The readiness as JSON-ready data (evidence dates as ISO strings)."""
        return to_plain(self)


def _check_reviews(scores: object, policy: ReadinessPolicy, *, owner: str,
                   name: str) -> list[float]:
    if isinstance(scores, str | bytes) or not isinstance(scores, Sequence) or not all(
            _is_number(s) and policy.scale_min <= s <= policy.scale_max for s in scores):
        raise ParameterError.invalid(
            name, owner, f"a sequence of scores in [{policy.scale_min:g}, {policy.scale_max:g}]",
            scores)
    return [float(s) for s in scores]


def _sentences(result: dict[str, Any], policy: ReadinessPolicy, *,
               blockers: list[MissingSkill]) -> tuple[list[str], list[str]]:
    level, coverage, average = result["level"], result["coverage"], result["average"]
    reasons_en, reasons_zh = [], []
    if coverage < policy.coverage_threshold:
        reasons_en.append("skill coverage too low")
        reasons_zh.append("技能覆盖率不足")
    if blockers:
        reasons_en.append("critical skills too far below target")
        reasons_zh.append("关键技能差距过大")
    if average is None and policy.require_reviews:
        reasons_en.append("no review results yet")
        reasons_zh.append("尚无绩效评估结果")
    elif average is not None and average < policy.review_threshold:
        reasons_en.append("reviews below the bar")
        reasons_zh.append("绩效评估未达要求")
    if reasons_en:
        en = [f"Not yet ready for {level}: {'; '.join(reasons_en)}."]
        zh = [f"尚未达到{level}晋升要求：{'；'.join(reasons_zh)}。"]
    else:
        en, zh = [f"Ready for {level}."], [f"已达到{level}晋升要求。"]
    en.append(f"Weighted skill coverage of the {level} targets is {coverage:.2f}; "
              f"{policy.coverage_threshold:.2f} is needed.")
    zh.append(f"{level}目标的加权技能覆盖率为{coverage:.2f}，要求{policy.coverage_threshold:.2f}。")
    for m in blockers:
        en.append(f"Critical skill {m.skill} (weight {m.weight:g}) is at {m.current}, "
                  f"{m.deficit} levels below the target {m.target}; at most "
                  f"{policy.max_critical_deficit} is allowed.")
        zh.append(f"关键技能{m.skill}（权重{m.weight:g}）当前{m.current}级，比目标{m.target}级低"
                  f"{m.deficit}级，最多允许{policy.max_critical_deficit}级。")
    if average is not None:
        en.append(f"The last {result['count']} review(s) average {average:.2f}; "
                  f"{policy.review_threshold:g} is needed.")
        zh.append(f"最近{result['count']}次评估平均{average:.2f}分，要求{policy.review_threshold:g}分。")
    return en, zh


def promotion_readiness(*, profile: Mapping[str, SkillLevel | int], role: Role,
                        target_level: str, review_scores: Sequence[float] = (),
                        policy: ReadinessPolicy | None = None) -> Readiness:
    """How ready a person with ``profile`` is for ``target_level`` of ``role`` (rule: module doc)."""
    owner = "promotion_readiness"
    policy = policy if policy is not None else ReadinessPolicy()
    if not isinstance(policy, ReadinessPolicy):
        raise ParameterError.invalid("policy", owner, "a ReadinessPolicy", type(policy).__name__)
    if not isinstance(role, Role):
        raise ParameterError.invalid("role", owner, "a Role", type(role).__name__)
    targets = role_targets(role, target_level, owner=owner, name="target_level")
    levels = profile_levels(profile, owner=owner)
    reviews = _check_reviews(review_scores, policy, owner=owner, name="review_scores")
    total = sum(w for _t, w in targets.values())
    coverage = (sum(w * min(levels.get(s, 0), t) / t for s, (t, w) in targets.items()) / total
                if total else 1.0)
    missing = sorted((MissingSkill(skill=s, current=levels.get(s, 0), target=t,
                                   deficit=t - levels.get(s, 0), weight=w,
                                   is_critical=w >= policy.critical_weight)
                      for s, (t, w) in targets.items() if levels.get(s, 0) < t),
                     key=lambda m: (-m.weight * m.deficit, -m.weight, m.skill))
    blockers = [m for m in missing if m.is_critical and m.deficit > policy.max_critical_deficit]
    last = reviews[-policy.review_count:]
    average = fmean(last) if last else None
    results = (None if average is None else
               (average - policy.scale_min) / (policy.scale_max - policy.scale_min))
    score = coverage if results is None else (
        policy.skill_share * coverage + (1 - policy.skill_share) * results)
    reviews_ok = (average >= policy.review_threshold if average is not None
                  else not policy.require_reviews)
    is_ready = coverage >= policy.coverage_threshold - 1e-9 and not blockers and reviews_ok
    deciding = [m.skill for m in missing] + sorted(
        (s for s, (_t, w) in targets.items() if w >= policy.critical_weight and s not in
         {m.skill for m in missing}), key=lambda s: (-targets[s][1], s))
    evidence = tuple(profile[s] for s in deciding if isinstance(profile.get(s), SkillLevel))
    level = target_level.upper()
    why, why_zh = _sentences({"level": level, "coverage": coverage, "average": average,
                              "count": len(last)}, policy, blockers=blockers)
    return Readiness(
        role=role.slug, target_level=level, score=round(score, 4), is_ready=is_ready,
        skill_coverage=round(coverage, 4), results_score=None if results is None else round(
            results, 4), review_average=None if average is None else round(average, 4),
        missing=tuple(missing), evidence=evidence, why=tuple(why), why_zh=tuple(why_zh))


@dataclass(frozen=True, slots=True)
class RankedReadiness:
    """One person's place in a readiness list."""

    person: str
    readiness: Readiness

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready data."""
        return to_plain(self)


def rank_ready(people: Mapping[str, Mapping[str, SkillLevel | int]], *, role: Role,
               target_level: str, reviews: Mapping[str, Sequence[float]] | None = None,
               policy: ReadinessPolicy | None = None) -> list[RankedReadiness]:
    """Everyone's readiness for ``target_level``: the ready first, then by score, then by name."""
    if not isinstance(people, Mapping):
        raise ParameterError.invalid("people", "rank_ready", "a mapping of people to profiles",
                                     type(people).__name__)
    if reviews is not None and not isinstance(reviews, Mapping):
        raise ParameterError.invalid("reviews", "rank_ready",
                                     "a mapping of people to review scores or None",
                                     type(reviews).__name__)
    ranked = [RankedReadiness(person, promotion_readiness(
        profile=profile, role=role, target_level=target_level,
        review_scores=(reviews or {}).get(person, ()), policy=policy))
        for person, profile in people.items()]
    ranked.sort(key=lambda r: (not r.readiness.is_ready, -r.readiness.score, r.person))
    return ranked
