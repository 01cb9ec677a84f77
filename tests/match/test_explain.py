"""Explanations in English and Chinese name the matched, partly matched and missing skills."""

from __future__ import annotations

import dataclasses

import pytest

from talentgraph.errors import ParameterError
from talentgraph.match import CandidateRanker, MatchResult, explain
from tests.match._factories import WordEncoder, make_opening, make_resume


def _result() -> MatchResult:
    resume = make_resume("a", {"rag": 3, "python": 3, "pytorch": 1}, years=5.5, degree="master")
    return CandidateRanker(encoder=WordEncoder()).fit(make_opening()).rank([resume])[0]


def test_english_explanation_names_levels_and_missing_skills() -> None:
    result = _result()
    assert result.explanation == explain(result, "en")
    text = result.explanation
    assert text.startswith("Covers 3 of 4 skills asked (Retrieval-augmented generation (RAG) "
                           "at 3/3, Python at 3/3, PyTorch at 1/2); missing: Kubernetes.")
    assert "Experience 5.5 y (asks 3+)." in text
    assert "Degree: master (asks bachelor+)." in text
    assert "Work similarity to the job: " in text


def test_chinese_explanation_names_the_same_skills() -> None:
    text = explain(_result(), "zh")
    assert text.startswith("覆盖 4 项所需技能中的 3 项（检索增强生成 3/3、Python 3/3、PyTorch框架 1/2）"
                           "；缺少：Kubernetes。")
    assert "工作年限 5.5 年（要求 3 年以上）。" in text
    assert "学历：硕士（要求本科及以上）。" in text
    assert "工作经历与岗位相似度" in text


def test_rank_explains_in_the_language_asked() -> None:
    resume = make_resume("a", {"rag": 3})
    (result,) = CandidateRanker(encoder=WordEncoder()).fit(make_opening()).rank([resume],
                                                                                lang="zh")
    assert result.explanation.startswith("覆盖 4 项所需技能中的 1 项")
    assert "缺少：Python、PyTorch框架、Kubernetes" in result.explanation
    assert "未写明工作年限（要求 3 年以上）" in result.explanation
    assert "未写明学历" in result.explanation


def test_unknown_facts_and_unknown_slugs_are_said_plainly() -> None:
    result = dataclasses.replace(_result(), years=None, degree=None)
    text = explain(result, "en")
    assert "Experience not shown (asks 3+)." in text and "Degree not shown (asks bachelor+)." in text
    ranker = CandidateRanker(encoder=WordEncoder()).fit(
        make_opening(skills=(), description="in-house tooling"))
    assert "Covers" not in ranker.rank([make_resume("b", {})])[0].explanation


def test_explain_rejects_other_languages() -> None:
    with pytest.raises(ParameterError, match="The 'lang' parameter of explain must be one of en, zh"):
        explain(_result(), "de")
