"""``CandidateIndex``: many resumes prepared once for fast ranking against any opening.

It holds a float32 matrix of experience vectors (one row per candidate), a sparse
candidates x skills matrix of levels, and arrays of years and degree ranks, so scoring a
candidate pool is a handful of numpy operations whatever its size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse

from talentgraph.domain import Resume
from talentgraph.errors import ParameterError
from talentgraph.match._embed import embed_documents, experience_text
from talentgraph.match._parts import degree_rank

__all__ = ["CandidateIndex"]


class CandidateIndex:
    """Resumes with their experience vectors, skill levels, years and degrees as arrays."""

    def __init__(self, resumes: Sequence[Resume], vectors: np.ndarray) -> None:
        resumes = tuple(resumes)
        for i, resume in enumerate(resumes):
            if not isinstance(resume, Resume):
                raise ParameterError.invalid(f"resumes[{i}]", "CandidateIndex", "a Resume",
                                             type(resume).__name__)
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(resumes):
            raise ParameterError.invalid("vectors", "CandidateIndex",
                                         f"a 2-d array with {len(resumes)} rows",
                                         getattr(vectors, "shape", None))
        self.resumes = resumes
        self.ids = [r.id for r in resumes]
        self.vectors = np.ascontiguousarray(vectors)
        self.skill_columns: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[int] = []
        for i, resume in enumerate(resumes):
            best: dict[str, int] = {}  # a slug listed twice counts once, at its highest level
            for skill in resume.skills:
                best[skill.slug] = max(best.get(skill.slug, 0), max(0, min(int(skill.level), 4)))
            for slug, level in best.items():
                rows.append(i)
                cols.append(self.skill_columns.setdefault(slug, len(self.skill_columns)))
                vals.append(level)
        shape = (len(resumes), max(len(self.skill_columns), 1))
        levels = sparse.coo_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)),
                                   shape=shape).tocsc()
        self.levels = levels
        self.years = np.array([np.nan if r.total_years is None else r.total_years
                               for r in resumes], dtype=np.float32)
        self.degrees = np.array([degree_rank(r.highest_degree) for r in resumes], dtype=np.int8)
        # ties are broken by candidate id, so the order never depends on the input order
        self.id_order = np.empty(len(resumes), dtype=np.int64)
        self.id_order[np.argsort(np.array(self.ids, dtype=object), kind="stable")] = np.arange(
            len(resumes))

    def __len__(self) -> int:
        return len(self.resumes)

    @classmethod
    def from_resumes(cls, resumes: Sequence[Resume], *, encoder: Any = None,
                     vectors: np.ndarray | None = None) -> CandidateIndex:
        """Index ``resumes``, encoding their experience text (or using ``vectors`` given)."""
        resumes = list(resumes)
        if vectors is None:
            vectors = embed_documents([experience_text(r) for r in resumes], encoder=encoder)
        return cls(resumes, vectors)

    def skill_levels(self, slugs: Sequence[str]) -> np.ndarray:
        """A dense ``(N, len(slugs))`` float32 array of levels; 0 for a skill nobody shows."""
        out = np.zeros((len(self.resumes), len(slugs)), dtype=np.float32)
        known = [(j, self.skill_columns[s]) for j, s in enumerate(slugs)
                 if s in self.skill_columns]
        if known and len(self.resumes):
            where, cols = zip(*known, strict=True)
            out[:, list(where)] = self.levels[:, list(cols)].toarray()
        return out

