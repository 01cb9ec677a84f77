"""Factories for the match tests: resumes, openings and a deterministic test encoder."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from talentgraph.domain import Resume, ResumeSkill, SkillEvidenceSpan
from talentgraph.match import OpeningSpec, SkillRequirement

DIM = 64


class WordEncoder:
    """A deterministic stand-in for the sentence encoder (the ``encoder`` seam): hashed bag of
    lower-cased words, L2-normalised. Texts sharing words get a positive cosine."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode("utf-8"), digest_size=4).digest()
                out[i, int.from_bytes(digest, "little") % DIM] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


def make_resume(id: str, skills: dict[str, int], *, text: str | None = None,  # noqa: A002
                years: float | None = None, degree: str | None = None,
                name: str | None = None) -> Resume:
    """A Resume whose text lists its skills, each skill with an evidence span into the text."""
    body = text if text is not None else "Skills: " + ", ".join(skills)
    found = []
    for slug, level in skills.items():
        start = body.find(slug)
        span = (SkillEvidenceSpan(start, start + len(slug), slug, "skills"),) if start >= 0 else ()
        found.append(ResumeSkill(slug=slug, level=level, evidence=span))
    return Resume(id=id, text=body, language="en", name=name, skills=tuple(found),
                  total_years=years, highest_degree=degree)


def make_opening(**overrides: object) -> OpeningSpec:
    """An LLM application opening: rag 3, python 3, pytorch 2 (weight 1) and kubernetes 2 (0.5)."""
    fields: dict[str, object] = {
        "title": "LLM application engineer",
        "skills": (SkillRequirement("rag", 3), SkillRequirement("python", 3),
                   SkillRequirement("pytorch", 2), SkillRequirement("kubernetes", 2, 0.5)),
        "description": "Build rag assistants with python and pytorch on kubernetes",
        "min_years": 3.0,
        "education_min": "bachelor",
    }
    fields.update(overrides)
    return OpeningSpec(**fields)  # type: ignore[arg-type]
