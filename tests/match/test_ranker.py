"""CandidateRanker: the parts, their bounds, partial credit, order, the fast path, fairness."""

from __future__ import annotations

import numpy as np
import pytest

from talentgraph.domain import Resume
from talentgraph.errors import NotFittedError, ParameterError
from talentgraph.match import (
    PARTS,
    UNKNOWN_FIT,
    CandidateIndex,
    CandidateRanker,
    MatchWeights,
)
from tests.match._factories import WordEncoder, make_opening, make_resume

TEXT = "Built rag assistants with python and pytorch on kubernetes for five years."


def _ranker(**opening: object) -> CandidateRanker:
    return CandidateRanker(encoder=WordEncoder()).fit(make_opening(**opening))


def _pool() -> list[Resume]:
    return [
        make_resume("strong", {"rag": 3, "python": 4, "pytorch": 2, "kubernetes": 2}, text=TEXT,
                    years=6, degree="master"),
        make_resume("partial", {"rag": 1, "python": 3, "pytorch": 1}, years=2,
                    degree="bachelor"),
        make_resume("none", {}, text="Head chef: menus, kitchen team, food costs.", years=10,
                    degree="associate"),
        make_resume("unknowns", {"python": 2}, text="python scripts"),
    ]


def test_parts_and_score_stay_in_bounds_and_add_up() -> None:
    ranker = _ranker()
    for result in ranker.rank(_pool()):
        assert 0.0 <= result.score <= 100.0
        assert set(result.parts) == set(PARTS)
        for part in result.parts.values():
            assert 0.0 <= part.value <= 1.0
            assert part.points == pytest.approx(100 * part.weight * part.value, abs=0.01)
        assert result.score == pytest.approx(sum(p.points for p in result.parts.values()),
                                             abs=0.05)


def test_partial_credit_is_level_over_target_capped_at_one() -> None:
    ranker = _ranker()
    parts = ranker.score_parts(_pool()[1])  # rag 1/3, python 3/3, pytorch 1/2, no kubernetes
    assert parts["skills"] == pytest.approx((1 / 3 + 1 + 1 / 2) / 3.5)
    over = ranker.score_parts(make_resume("over", {"rag": 4, "python": 4, "pytorch": 4,
                                                   "kubernetes": 4}))
    assert over["skills"] == pytest.approx(1.0)


def test_experience_and_education_fit() -> None:
    ranker = _ranker()
    strong, partial, none, unknowns = (ranker.score_parts(r) for r in _pool())
    assert strong["experience"] == 1.0 and partial["experience"] == pytest.approx(2 / 3)
    assert unknowns["experience"] == UNKNOWN_FIT and unknowns["education"] == UNKNOWN_FIT
    assert strong["education"] == 1.0 and partial["education"] == 1.0
    assert none["education"] == 0.5  # associate is one step below bachelor


def test_ranking_order_on_a_handmade_case_and_skill_lists() -> None:
    results = _ranker().rank(_pool())
    assert [r.candidate for r in results][:3] == ["strong", "partial", "unknowns"]
    assert [r.rank for r in results] == [1, 2, 3, 4]
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    best, second = results[0], results[1]
    assert [s.slug for s in best.matched] == ["rag", "python", "pytorch", "kubernetes"]
    assert best.missing == () and best.partial == ()
    assert [s.slug for s in second.matched] == ["python"]
    assert [(s.slug, s.level, s.target) for s in second.partial] == [("rag", 1, 3),
                                                                     ("pytorch", 1, 2)]
    assert [s.slug for s in second.missing] == ["kubernetes"]


def test_matched_skills_carry_the_resume_evidence_span() -> None:
    resume = _pool()[0]
    best = _ranker().rank([resume])[0]
    rag = next(s for s in best.matched if s.slug == "rag")
    (span,) = rag.evidence
    assert resume.text[span.start:span.end] == "rag" == span.surface


def test_ties_are_broken_by_candidate_id_whatever_the_input_order() -> None:
    twins = [make_resume(name, {"python": 3}, text="python") for name in ("b", "c", "a")]
    ranker = _ranker()
    assert [r.candidate for r in ranker.rank(twins)] == ["a", "b", "c"]
    assert [r.candidate for r in ranker.rank(twins, top_k=2)] == ["a", "b"]


def test_index_path_equals_the_per_candidate_path() -> None:
    encoder = WordEncoder()
    ranker = CandidateRanker(encoder=encoder).fit(make_opening())
    pool = _pool() + [make_resume("dup", {"rag": 1}, text="rag rag")]
    index = ranker.index(pool)
    values = ranker.part_values(index)
    scores = ranker.score(index)
    for i, resume in enumerate(pool):
        slow = ranker.score_parts(resume)
        for name in PARTS:
            assert values[name][i] == pytest.approx(slow[name], abs=1e-5)
        expected = 100 * sum(ranker.weights_[k] * v for k, v in slow.items())
        assert scores[i] == pytest.approx(expected, abs=1e-3)


def test_fit_encodes_the_job_once_and_rank_reuses_the_index() -> None:
    encoder = WordEncoder()
    ranker = CandidateRanker(encoder=encoder).fit(make_opening())
    assert len(encoder.calls) == 1
    assert encoder.calls[0][0] == "LLM application engineer"  # the title, then the description
    index = ranker.index(_pool())
    assert len(encoder.calls) == 2
    ranker.rank(index, top_k=2)
    ranker.rank(index)
    assert len(encoder.calls) == 2
    assert index.vectors.dtype == np.float32 and index.vectors.shape == (4, 64)


def test_protected_attributes_never_move_a_score() -> None:
    plain = make_resume("x", {"python": 3, "rag": 2}, text=TEXT, years=5, degree="master")
    personal = Resume(
        id="y", language="en", name="Maria Example", emails=("maria@example.com",),
        phones=("+1 555 0199",),
        text=("Maria Example\nmaria@example.com +1 555 0199\nGender: Female\nAge: 52\n"
              "Date of birth: 1973-04-01\nMarital status: married\n性别：女 年龄：52岁\n" + TEXT),
        skills=plain.skills, total_years=5, highest_degree="master")
    ranker = _ranker()
    a, b = ranker.rank([plain, personal])
    assert a.parts == b.parts and a.score == b.score


def test_parts_the_opening_does_not_ask_about_are_left_out() -> None:
    ranker = _ranker(min_years=None, education_min=None)
    assert ranker.weights_ == pytest.approx({"skills": 0.625, "similarity": 0.375,
                                             "experience": 0.0, "education": 0.0})
    result = ranker.rank(_pool()[:1])[0]
    assert "Experience" not in result.explanation and "Degree" not in result.explanation


def test_weights_that_leave_nothing_to_score_are_refused() -> None:
    only_years = MatchWeights(skills=0, similarity=0, experience=1, education=0)
    with pytest.raises(ParameterError, match="leave nothing to score"):
        CandidateRanker(weights=only_years, encoder=WordEncoder()).fit(
            make_opening(min_years=None))


def test_rank_before_fit_and_bad_arguments() -> None:
    with pytest.raises(NotFittedError, match=r"Call fit\(opening\)"):
        CandidateRanker().rank([])
    ranker = _ranker()
    with pytest.raises(ParameterError) as info:
        ranker.rank(_pool(), top_k=0)
    assert info.value.message == ("The 'top_k' parameter of CandidateRanker.rank must be an int "
                                  ">= 1 or None. Got 0 instead.")
    with pytest.raises(ParameterError, match="'lang' parameter"):
        ranker.rank(_pool(), lang="fr")
    with pytest.raises(ParameterError, match="'opening' parameter"):
        CandidateRanker().fit({"skills": []})  # type: ignore[arg-type]


def test_index_rejects_mismatched_vectors() -> None:
    with pytest.raises(ParameterError, match="a 2-d array with 2 rows"):
        CandidateIndex(_pool()[:2], np.zeros((3, 8), dtype=np.float32))
    other_encoder = CandidateIndex(_pool()[:2], np.ones((2, 8), dtype=np.float32))
    with pytest.raises(ParameterError, match="8 dimensions and the job's 64"):
        _ranker().rank(other_encoder)
    empty = CandidateIndex([], np.zeros((0, 64), dtype=np.float32))
    assert _ranker().rank(empty) == []
