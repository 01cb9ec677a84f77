"""``CandidateRanker``: the estimator that scores and ranks candidates for one opening.

    ranker = CandidateRanker(weights=MatchWeights()).fit(opening)   # encodes the job once
    index = ranker.index(resumes)            # encodes the candidates once (CandidateIndex)
    results = ranker.rank(index, top_k=50)   # vectorised scores; explanations for the top 50

score = 100 * sum(weight[part] * value[part]) over the parts skills, similarity, experience and
education (see ``_parts``). A part the opening does not ask about (no skills, no text, no
minimum years, no minimum degree) is left out and the other weights are scaled to sum 1.
Only skills, the experience text, years and the degree are read from a resume: name, contact
details and anything else never enter a score.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from talentgraph.domain import EDUCATION_LEVELS, Resume
from talentgraph.errors import NotFittedError, ParameterError
from talentgraph.match._embed import embed_documents, experience_text
from talentgraph.match._explain import LANGUAGES, explain
from talentgraph.match._index import CandidateIndex
from talentgraph.match._opening import OpeningSpec
from talentgraph.match._parts import (
    degree_rank,
    education_fit,
    experience_fit,
    similarity_fit,
    skill_credit,
)
from talentgraph.match._result import MatchPart, MatchResult, SkillMatch
from talentgraph.match._weights import PARTS, MatchWeights

__all__ = ["CandidateRanker"]


class CandidateRanker:
    """Scores candidates 0-100 for one opening, with named parts and reasons."""

    def __init__(self, *, weights: MatchWeights | None = None, encoder: Any = None) -> None:
        self.weights = weights
        self.encoder = encoder

    # ------------------------------------------------------------------ fit
    def fit(self, opening: OpeningSpec) -> CandidateRanker:
        """Validate the opening and the weights, and encode the job text once."""
        if not isinstance(opening, OpeningSpec):
            raise ParameterError.invalid("opening", "CandidateRanker.fit", "an OpeningSpec",
                                         type(opening).__name__)
        weights = self.weights if self.weights is not None else MatchWeights()
        if not isinstance(weights, MatchWeights):
            raise ParameterError.invalid("weights", "CandidateRanker", "a MatchWeights",
                                         type(weights).__name__)
        vector = _job_vector(opening, encoder=self.encoder)
        has_vector = vector is not None
        applies = {
            "skills": bool(opening.skills),
            "similarity": has_vector,
            "experience": bool(opening.min_years),
            "education": opening.education_min not in (None, "none"),
        }
        raw = {name: w if applies[name] else 0.0 for name, w in weights.as_dict().items()}
        total = sum(raw.values())
        if total <= 0:
            asked = [name for name in PARTS if applies[name]] or ["nothing"]
            raise ParameterError(
                f"The opening and the weights leave nothing to score: the opening asks about "
                f"{', '.join(asked)}, the weights are {weights.as_dict()}. Give weight to a "
                "part the opening asks about, or add skills or a description to the opening.")
        self.opening_ = opening
        self.weights_ = {name: w / total for name, w in raw.items()}
        self.job_vector_ = vector if has_vector else None
        self.slugs_ = [s.slug for s in opening.skills]
        self.targets_ = np.array([s.level for s in opening.skills], dtype=np.float32)
        self.skill_weights_ = np.array([s.weight for s in opening.skills], dtype=np.float32)
        self.required_degree_ = (EDUCATION_LEVELS.index(opening.education_min)
                                 if opening.education_min else 0)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "opening_"):
            raise NotFittedError("This CandidateRanker is not fitted yet. Call "
                                 "fit(opening) before ranking candidates.")

    # ------------------------------------------------------------------ scoring
    def index(self, resumes: Sequence[Resume]) -> CandidateIndex:
        """A CandidateIndex of ``resumes`` (their experience encoded once)."""
        return CandidateIndex.from_resumes(resumes, encoder=self.encoder)

    def part_values(self, index: CandidateIndex) -> dict[str, np.ndarray]:
        """Every candidate's value 0-1 of each part, vectorised: ``{part: (N,) array}``."""
        self._check_fitted()
        if not isinstance(index, CandidateIndex):
            raise ParameterError.invalid("index", "CandidateRanker.part_values",
                                         "a CandidateIndex", type(index).__name__)
        if self.job_vector_ is not None and index.vectors.shape[1] != self.job_vector_.shape[0]:
            raise ParameterError(
                f"The candidates' vectors have {index.vectors.shape[1]} dimensions and the "
                f"job's {self.job_vector_.shape[0]}: they come from different encoders. Build "
                "the CandidateIndex with the ranker's encoder (ranker.index(resumes)).")
        n = len(index)
        values: dict[str, np.ndarray] = {}
        if self.slugs_:
            credit = skill_credit(index.skill_levels(self.slugs_), self.targets_)
            values["skills"] = credit @ self.skill_weights_ / float(self.skill_weights_.sum())
        else:
            values["skills"] = np.zeros(n, dtype=np.float32)
        if self.job_vector_ is not None and n:
            values["similarity"] = similarity_fit(index.vectors @ self.job_vector_)
        else:
            values["similarity"] = np.zeros(n, dtype=np.float32)
        values["experience"] = experience_fit(index.years, self.opening_.min_years or 0.0)
        values["education"] = education_fit(index.degrees, self.required_degree_)
        return {name: np.asarray(values[name], dtype=np.float32) for name in PARTS}

    def score(self, index: CandidateIndex) -> np.ndarray:
        """Every candidate's 0-100 score: an ``(N,)`` float32 array in index order."""
        values = self.part_values(index)
        total = np.zeros(len(index), dtype=np.float32)
        for name in PARTS:
            total += np.float32(self.weights_[name]) * values[name]
        return np.round(100.0 * total, 4)

    def score_parts(self, resume: Resume, *, vector: np.ndarray | None = None
                    ) -> dict[str, float]:
        """One resume's part values, computed directly (the reference the vectorised path is
        tested against); ``vector`` is its experience vector, encoded when not given."""
        self._check_fitted()
        levels: dict[str, int] = {}
        for skill in resume.skills:
            levels[skill.slug] = max(levels.get(skill.slug, 0), max(0, min(int(skill.level), 4)))
        parts: dict[str, float] = {"skills": 0.0}
        if self.opening_.skills:
            got = sum(req.weight * float(skill_credit(levels.get(req.slug, 0), req.level))
                      for req in self.opening_.skills)
            parts["skills"] = got / sum(req.weight for req in self.opening_.skills)
        parts["similarity"] = 0.0
        if self.job_vector_ is not None:
            if vector is None:
                vector = embed_documents([experience_text(resume)], encoder=self.encoder)[0]
            parts["similarity"] = float(similarity_fit(float(vector @ self.job_vector_)))
        years = np.nan if resume.total_years is None else resume.total_years
        parts["experience"] = float(experience_fit(years, self.opening_.min_years or 0.0))
        parts["education"] = float(education_fit(degree_rank(resume.highest_degree),
                                                 self.required_degree_))
        return parts

    # ------------------------------------------------------------------ ranking
    def rank(self, candidates: CandidateIndex | Sequence[Resume], *, top_k: int | None = None,
             lang: str = "en") -> list[MatchResult]:
        """The best ``top_k`` candidates (all when None), best first (ties by candidate id),
        each with its parts, skill evidence and an explanation in ``lang``."""
        self._check_fitted()
        if lang not in LANGUAGES:
            raise ParameterError.invalid("lang", "CandidateRanker.rank",
                                         f"one of {', '.join(LANGUAGES)}", lang)
        if top_k is not None and (isinstance(top_k, bool) or not isinstance(top_k, int)
                                  or top_k < 1):
            raise ParameterError.invalid("top_k", "CandidateRanker.rank", "an int >= 1 or None",
                                         top_k)
        index = candidates if isinstance(candidates, CandidateIndex) else self.index(candidates)
        values = self.part_values(index)
        scores = self.score(index)
        order = _top(scores, index.id_order, top_k)
        cosines = (index.vectors[order] @ self.job_vector_ if self.job_vector_ is not None
                   else np.zeros(len(order), dtype=np.float32))
        results = []
        for rank, (i, cosine) in enumerate(zip(order, cosines, strict=True), start=1):
            parts = {name: MatchPart(value=float(values[name][i]), weight=self.weights_[name],
                                     points=round(100.0 * self.weights_[name]
                                                  * float(values[name][i]), 2))
                     for name in PARTS}
            result = self._result(index.resumes[i], score=float(scores[i]), parts=parts,
                                  cosine=float(cosine), rank=rank)
            results.append(_with_explanation(result, lang))
        return results

    def _result(self, resume: Resume, *, score: float, parts: dict[str, MatchPart],
                cosine: float, rank: int) -> MatchResult:
        shown: dict[str, Any] = {}
        for skill in resume.skills:
            if skill.slug not in shown or skill.level > shown[skill.slug].level:
                shown[skill.slug] = skill
        matched, partial, missing = [], [], []
        for req in self.opening_.skills:
            skill = shown.get(req.slug)
            level = max(0, min(int(skill.level), 4)) if skill is not None else 0
            item = SkillMatch(slug=req.slug, level=level, target=req.level, weight=req.weight,
                              evidence=tuple(skill.evidence) if skill is not None else ())
            if skill is None or level == 0:
                missing.append(item)
            elif level >= req.level:
                matched.append(item)
            else:
                partial.append(item)
        return MatchResult(
            candidate=resume.id, score=round(score, 2), parts=parts,
            matched=tuple(sorted(matched, key=_by_weight)),
            partial=tuple(sorted(partial, key=_by_weight)),
            missing=tuple(sorted(missing, key=_by_weight)),
            similarity=round(cosine, 4), years=resume.total_years,
            degree=resume.highest_degree, min_years=self.opening_.min_years,
            education_min=self.opening_.education_min, rank=rank,
        )


def _job_vector(opening: OpeningSpec, *, encoder: Any) -> np.ndarray | None:
    """The job's vector: the normalised sum of the title's and the description's vectors (the
    title is the densest statement of the job; a description alone dilutes it). None when the
    opening has neither."""
    texts = [t for t in (opening.title.strip(), opening.description.strip()) if t]
    if not texts:
        return None
    total = embed_documents(texts, encoder=encoder).sum(axis=0)
    norm = float(np.linalg.norm(total))
    return (total / norm).astype(np.float32) if norm > 0 else None


def _by_weight(skill: SkillMatch) -> float:
    return -skill.weight  # a stable sort: equal weights keep the opening's order


def _with_explanation(result: MatchResult, lang: str) -> MatchResult:
    from dataclasses import replace

    return replace(result, explanation=explain(result, lang))


def _top(scores: np.ndarray, id_order: np.ndarray, top_k: int | None) -> np.ndarray:
    """Indices of the ``top_k`` best scores, best first, ties broken by candidate id."""
    n = len(scores)
    if top_k is not None and top_k < n:
        kth = np.partition(scores, n - top_k)[n - top_k]
        pool = np.flatnonzero(scores >= kth)  # every candidate tied at the cut stays in
    else:
        pool = np.arange(n)
    ordered = pool[np.lexsort((id_order[pool], -scores[pool]))]
    return ordered[:top_k] if top_k is not None else ordered
