"""Skill levels from evidence (talentgraph.plan._levels): the documented rule and its properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentgraph.domain import EVIDENCE_SOURCES, EvidencePiece, SkillLevel
from talentgraph.errors import ParameterError
from talentgraph.plan import (
    DEFAULT_POLICY,
    LevelPolicy,
    derive_profile,
    derive_skill_level,
    explain_level,
)

TODAY = date(2026, 5, 1)


def piece(source: str, level: int, days_ago: int = 0, skill: str = "python") -> EvidencePiece:
    return EvidencePiece(skill=skill, source=source, level=level,
                         observed_on=TODAY - timedelta(days=days_ago))


pieces = st.builds(
    piece, st.sampled_from(EVIDENCE_SOURCES), st.integers(0, 4), st.integers(0, 4000))


def test_manager_outweighs_self_assessment_and_says_so() -> None:
    result = derive_skill_level([piece("self", 4, 30), piece("manager", 2)], today=TODAY)
    assert result.level == 2
    assert result.skill == "python"
    assert result.why[0].startswith("Level 2: the weighted average of 2 pieces")
    assert ("manager assessment 2 on 2026-05-01 (weight 0.80) outweighs self-assessment 4 on "
            "2026-04-01") in result.why[1]
    assert result.evidence[0].source == "manager"  # heaviest first
    assert 0 < result.confidence < 0.5  # they disagree by two levels


def test_agreeing_strong_evidence_gives_high_confidence() -> None:
    result = derive_skill_level([piece("check", 3), piece("manager", 3, 10),
                                 piece("self", 3, 10)], today=TODAY)
    assert result.level == 3
    assert result.confidence >= 0.85
    assert "All 3 pieces agree." in result.why


def test_lone_self_assessment_is_capped_at_two() -> None:
    result = derive_skill_level([piece("self", 4), piece("resume", 4)], today=TODAY)
    assert result.level == 2
    assert any("Only the person's own claims" in line and "capped at 2" in line
               for line in result.why)
    confirmed = derive_skill_level([piece("self", 4), piece("course", 4)], today=TODAY)
    assert confirmed.level == 4


def test_stale_evidence_is_capped_and_explained() -> None:
    result = derive_skill_level([piece("manager", 3, days_ago=365 * 9)], today=TODAY)
    assert result.level == 1
    assert any("is 9.0 years old" in line for line in result.why)
    assert any(line.startswith("All evidence is old (newest 2017-") for line in result.why)


def test_recent_evidence_outweighs_old_evidence() -> None:
    old_check = piece("check", 4, days_ago=365 * 10)
    recent = piece("manager", 2)
    assert derive_skill_level([old_check, recent], today=TODAY).level == 2
    fresh_check = piece("check", 4)
    assert derive_skill_level([fresh_check, recent], today=TODAY).level == 3


def test_no_evidence_is_level_zero() -> None:
    result = derive_skill_level([], today=TODAY, skill="rag")
    assert result == SkillLevel(skill="rag", level=0, confidence=0.0,
                                why=("No evidence: level 0.",), evidence=())


def test_future_dated_evidence_counts_as_fresh() -> None:
    future = EvidencePiece("python", "manager", 3, TODAY + timedelta(days=30))
    assert DEFAULT_POLICY.freshness(future, today=TODAY) == 1.0
    assert derive_skill_level([future], today=TODAY).level == 3


def test_explain_level_in_chinese() -> None:
    lines = explain_level([piece("self", 4, 30), piece("manager", 2)], today=TODAY,
                          language="zh")
    assert lines[0] == "2 级：2 条证据的加权平均为 2.39。"
    assert "2026-05-01 的经理评估 2 级" in lines[1] and "胜过" in lines[1]
    assert explain_level([piece("self", 3)], today=TODAY)[-1].startswith("Only the person's")


def test_derive_profile_groups_by_skill() -> None:
    profile = derive_profile([piece("manager", 3, skill="sql"), piece("self", 1),
                              piece("check", 2, skill="sql")], today=TODAY)
    assert list(profile) == ["python", "sql"]
    assert profile["python"].level == 1 and profile["sql"].level == 2  # (0.8*3+1*2)/1.8
    assert len(profile["sql"].evidence) == 2


def test_policy_overrides_and_validation() -> None:
    generous = LevelPolicy(weights={"self": 1.0}, claim_cap=4)
    assert generous.weights["manager"] == 0.8 and generous.weights["self"] == 1.0
    assert LevelPolicy() == DEFAULT_POLICY and hash(LevelPolicy()) == hash(DEFAULT_POLICY)
    assert generous != DEFAULT_POLICY
    result = derive_skill_level([piece("self", 4), piece("manager", 2)], today=TODAY,
                                policy=generous)
    assert result.level == 3
    with pytest.raises(ParameterError, match=r"The 'weights' parameter of LevelPolicy must be a "
                       r"mapping keyed by evidence sources .* Got 'boss' instead"):
        LevelPolicy(weights={"boss": 1.0})
    with pytest.raises(ParameterError, match=r"half_life_days\['check'\]"):
        LevelPolicy(half_life_days={"check": 0})
    with pytest.raises(ParameterError, match="claim_cap"):
        LevelPolicy(claim_cap=5)


def test_bad_evidence_is_rejected_with_the_message_form() -> None:
    with pytest.raises(ParameterError, match=r"The 'evidence' parameter of derive_skill_level "
                       r"must be evidence of one skill .*Got \['python', 'sql'\] instead"):
        derive_skill_level([piece("self", 1), piece("self", 1, skill="sql")], today=TODAY)
    with pytest.raises(ParameterError, match="source is one of"):
        derive_skill_level([EvidencePiece("python", "rumour", 2, TODAY)], today=TODAY)
    with pytest.raises(ParameterError, match=r"level in \[0, 4\].* Got 5 instead"):
        derive_skill_level([EvidencePiece("python", "self", 5, TODAY)], today=TODAY)
    with pytest.raises(ParameterError, match="'today' parameter"):
        derive_skill_level([piece("self", 1)], today=datetime(2026, 5, 1))  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.lists(pieces, max_size=6), st.integers(0, 4), st.integers(0, 3))
def test_monotonic_in_a_checks_level(others: list[EvidencePiece], low: int, step: int) -> None:
    high = min(4, low + step + 1)
    at_low = derive_skill_level([*others, piece("check", low, 5)], today=TODAY).level
    at_high = derive_skill_level([*others, piece("check", high, 5)], today=TODAY).level
    assert at_low <= at_high


@settings(max_examples=150, deadline=None)
@given(st.lists(pieces, min_size=1, max_size=6), st.integers(0, 4), st.integers(1, 3000))
def test_older_strong_evidence_counts_less(others: list[EvidencePiece], level: int,
                                           extra_days: int) -> None:
    fresh = piece("check", level, 0)
    old = piece("check", level, extra_days)
    assert DEFAULT_POLICY.weight(old, today=TODAY) < DEFAULT_POLICY.weight(fresh, today=TODAY)
    # the older the check, the closer the level moves to what the rest of the evidence says
    weights = [DEFAULT_POLICY.weight(p, today=TODAY) for p in others]
    rest_average = sum(w * p.level for w, p in zip(weights, others, strict=True)) / sum(weights)
    with_fresh = derive_skill_level([*others, fresh], today=TODAY).level
    with_old = derive_skill_level([*others, old], today=TODAY).level
    if rest_average >= level:
        assert with_old >= with_fresh
    else:
        assert with_old <= with_fresh


@settings(max_examples=100, deadline=None)
@given(st.lists(pieces, max_size=8), st.randoms(use_true_random=False))
def test_deterministic_whatever_the_order(evidence: list[EvidencePiece], rnd) -> None:
    shuffled = list(evidence)
    rnd.shuffle(shuffled)
    first = derive_skill_level(evidence, today=TODAY, skill="python")
    second = derive_skill_level(shuffled, today=TODAY, skill="python")
    assert (first.level, first.confidence, first.why) == (second.level, second.confidence,
                                                          second.why)
    assert 0 <= first.level <= 4 and 0.0 <= first.confidence <= 1.0
