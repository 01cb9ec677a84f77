"""Promotion readiness (talentgraph.plan._readiness)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from talentgraph.domain import EvidencePiece, Role, RoleSkill, SkillLevel
from talentgraph.errors import ParameterError
from talentgraph.plan import ReadinessPolicy, promotion_readiness, rank_ready
from talentgraph.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def analyst() -> Role:
    return load_taxonomy().roles["data-analyst"]


def _at(role: Role, level: str) -> dict[str, int]:
    index = int(level[1]) - 1
    return {rs.skill: rs.levels[index] for rs in role.skills}


TOY = Role(slug="toy", name_en="Toy", name_zh="玩具", skills=(
    RoleSkill(skill="a", weight=1.0, levels=(1, 2, 2, 3, 4)),
    RoleSkill(skill="b", weight=0.5, levels=(1, 4, 4, 4, 4)),
    RoleSkill(skill="c", weight=0.2, levels=(0, 0, 0, 0, 0)),
))


def test_coverage_results_and_score_exact() -> None:
    ready = promotion_readiness(profile={"a": 1, "b": 4}, role=TOY, target_level="L2",
                                review_scores=[1.0, 5.0, 3.0])
    assert ready.skill_coverage == pytest.approx((1.0 * 1 / 2 + 0.5 * 4 / 4) / 1.5, abs=1e-4)
    assert ready.review_average == 4.0  # the last two reviews
    assert ready.results_score == 0.75  # (4 - 1) / (5 - 1)
    assert ready.score == pytest.approx(0.7 * 0.6667 + 0.3 * 0.75, abs=1e-4)
    assert not ready.is_ready
    assert [(m.skill, m.current, m.target, m.deficit, m.is_critical) for m in ready.missing] == [
        ("a", 1, 2, 1, True)]
    assert ready.why[0] == "Not yet ready for L2: skill coverage too low."
    assert ready.why_zh[0] == "尚未达到L2晋升要求：技能覆盖率不足。"


def test_ready_analyst_at_every_target(analyst: Role) -> None:
    ready = promotion_readiness(profile=_at(analyst, "L3"), role=analyst, target_level="L3",
                                review_scores=[3.0, 4.0, 4.0])
    assert ready.is_ready and ready.skill_coverage == 1.0 and ready.missing == ()
    assert ready.score == pytest.approx(0.7 + 0.3 * 0.75)
    assert ready.why[0] == "Ready for L3."
    assert ready.why[-1] == "The last 2 review(s) average 4.00; 3.5 is needed."
    assert ready.why_zh[0] == "已达到L3晋升要求。"


def test_reviews_are_needed_unless_the_policy_says_otherwise(analyst: Role) -> None:
    profile = _at(analyst, "L3")
    none = promotion_readiness(profile=profile, role=analyst, target_level="L3")
    assert not none.is_ready and none.results_score is None and none.score == 1.0
    assert none.why[0] == "Not yet ready for L3: no review results yet."
    lax = promotion_readiness(profile=profile, role=analyst, target_level="L3",
                              policy=ReadinessPolicy(require_reviews=False))
    assert lax.is_ready
    low = promotion_readiness(profile=profile, role=analyst, target_level="L3",
                              review_scores=[5.0, 3.0, 3.5])
    assert not low.is_ready and low.review_average == 3.25
    assert "reviews below the bar" in low.why[0]


def test_critical_skill_more_than_one_level_below_blocks(analyst: Role) -> None:
    profile = _at(analyst, "L3")  # data-analysis (weight 1.0) has target 4 at L3
    profile["data-analysis"] = 2
    blocked = promotion_readiness(profile=profile, role=analyst, target_level="L3",
                                  review_scores=[4.0])
    assert blocked.skill_coverage >= 0.9  # coverage alone would pass
    assert not blocked.is_ready
    assert blocked.why[0] == "Not yet ready for L3: critical skills too far below target."
    assert ("Critical skill data-analysis (weight 1) is at 2, 2 levels below the target 4; "
            "at most 1 is allowed.") in blocked.why
    profile["data-analysis"] = 3
    assert promotion_readiness(profile=profile, role=analyst, target_level="L3",
                               review_scores=[4.0]).is_ready
    strict = ReadinessPolicy(max_critical_deficit=0)
    assert not promotion_readiness(profile=profile, role=analyst, target_level="L3",
                                   review_scores=[4.0], policy=strict).is_ready


def test_missing_order_and_evidence_of_deciding_skills(analyst: Role) -> None:
    seen = date(2025, 1, 15)

    def level(slug: str, value: int) -> SkillLevel:
        piece = EvidencePiece(skill=slug, source="manager", level=value, observed_on=seen,
                              detail="Q4 review")
        return SkillLevel(skill=slug, level=value, confidence=0.8, why=("manager said so",),
                          evidence=(piece,))

    profile: dict[str, SkillLevel | int] = dict(_at(analyst, "L2"))
    profile["sql"] = level("sql", 3)  # critical (1.0) and at the L2 target: decides
    profile["excel"] = level("excel", 3)  # weight 0.7, at target: does not decide
    profile["business-analysis"] = level("business-analysis", 1)  # missing at L2 (target 2)
    ready = promotion_readiness(profile=profile, role=analyst, target_level="L3",
                                review_scores=[4.0])
    missing = [m.skill for m in ready.missing]
    assert missing[:2] == ["business-analysis", "data-analysis"]  # 0.8 x 2 before 1.0 x 1
    assert set(missing) == {rs.skill for rs in analyst.skills
                            if rs.levels[2] > (profile[rs.skill] if isinstance(
                                profile[rs.skill], int) else profile[rs.skill].level)}
    assert [e.skill for e in ready.evidence] == ["business-analysis", "sql"]
    data = json.loads(json.dumps(ready.to_dict(), ensure_ascii=False))
    assert data["evidence"][1]["evidence"][0]["observed_on"] == "2025-01-15"
    assert data["missing"][0]["deficit"] == 2


def test_rank_ready_orders_ready_first_then_score_then_name(analyst: Role) -> None:
    top = _at(analyst, "L3")
    close = dict(top, **{"data-analysis": 2})
    far = _at(analyst, "L1")
    people = {"zoe": top, "amy": top, "bo": close, "cy": far}
    reviews = {"zoe": [4.0], "amy": [4.0], "bo": [5.0], "cy": [5.0]}
    ranked = rank_ready(people, role=analyst, target_level="L3", reviews=reviews)
    assert [r.person for r in ranked] == ["amy", "zoe", "bo", "cy"]
    assert [r.readiness.is_ready for r in ranked] == [True, True, False, False]
    assert ranked[2].readiness.score > ranked[3].readiness.score
    assert ranked[0].to_dict()["person"] == "amy"
    assert rank_ready({}, role=analyst, target_level="L3") == []
    no_reviews = rank_ready({"amy": top}, role=analyst, target_level="L3")
    assert not no_reviews[0].readiness.is_ready


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"target_level": "L9"}, "The 'target_level' parameter of promotion_readiness must be one "
                             "of L1, L2, L3, L4, L5. Got 'L9' instead."),
    ({"review_scores": [7.0]}, r"must be a sequence of scores in \[1, 5\]. Got \[7.0\]"),
    ({"review_scores": "4"}, "'review_scores' parameter"),
    ({"profile": {"a": -1}}, "'profile' parameter of promotion_readiness"),
    ({"policy": "strict"}, "'policy' parameter"),
])
def test_promotion_readiness_rejects_bad_input(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"profile": {}, "role": TOY, "target_level": "L2", **kwargs}
    with pytest.raises(ParameterError, match=message):
        promotion_readiness(**args)  # type: ignore[arg-type]


def test_policy_validation() -> None:
    with pytest.raises(ParameterError, match=r"The 'coverage_threshold' parameter of "
                                             r"ReadinessPolicy must be a number in \[0, 1\]"):
        ReadinessPolicy(coverage_threshold=1.5)
    with pytest.raises(ParameterError, match="'review_count' parameter"):
        ReadinessPolicy(review_count=0)
    with pytest.raises(ParameterError, match="'review_threshold' parameter"):
        ReadinessPolicy(review_threshold=6)
