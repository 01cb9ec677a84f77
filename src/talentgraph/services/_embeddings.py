"""Candidates' experience vectors, computed once and stored (candidate_embeddings).

A vector is made from what the resume says about the candidate's work (match.experience_text:
no name, contact details or personal attributes) by the sentence encoder, and stored with the
encoder's version: ranking reads the stored vectors, and encodes (and stores) only those that
are missing or were made by another encoder version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from talentgraph.domain import Resume
from talentgraph.match._embed import embed_documents, experience_text
from talentgraph.store import Candidate, CandidateEmbedding

__all__ = [
    "candidate_vectors",
    "default_encoder",
    "embed_resumes",
    "encoder_version",
    "store_vectors",
]


def default_encoder(encoder: Any = None) -> Any:
    """``encoder``, or the shared multilingual sentence encoder when None."""
    if encoder is not None:
        return encoder
    from talentgraph.extract._encoder import get_encoder

    return get_encoder()


def encoder_version(encoder: Any) -> str:
    """The name stored beside each vector: the encoder's ``version``, else its class name."""
    version = getattr(encoder, "version", None)
    return str(version if isinstance(version, str) and version else type(encoder).__name__)[:64]


def embed_resumes(resumes: Sequence[Resume], *, encoder: Any) -> np.ndarray:
    """An ``(N, dim)`` float32 array: each resume's experience vector."""
    return embed_documents([experience_text(r) for r in resumes], encoder=encoder)


def store_vectors(session: Session, *, vectors: Mapping[int, np.ndarray], version: str) -> None:
    """Store (replace) the vectors of these candidate ids, made by encoder ``version``."""
    if not vectors:
        return
    session.execute(delete(CandidateEmbedding).where(
        CandidateEmbedding.candidate_id.in_(sorted(vectors))))
    for candidate_id, vector in sorted(vectors.items()):
        row = np.asarray(vector, dtype=np.float32).ravel()
        session.add(CandidateEmbedding(candidate_id=candidate_id, model_version=version,
                                       dim=int(row.shape[0]), vector=row.tobytes()))
    session.flush()


def _stored(session: Session, ids: Sequence[int], version: str) -> dict[int, np.ndarray]:
    found: dict[int, np.ndarray] = {}
    chunk = 5000  # stay under the bound-parameter limits of SQLite and PostgreSQL
    for start in range(0, len(ids), chunk):
        rows = session.execute(select(CandidateEmbedding.candidate_id, CandidateEmbedding.vector)
                               .where(CandidateEmbedding.candidate_id.in_(
                                   ids[start:start + chunk]),
                                   CandidateEmbedding.model_version == version))
        for candidate_id, blob in rows:
            found[candidate_id] = np.frombuffer(blob, dtype=np.float32)
    return found


def _resume_of(candidate: Candidate) -> Resume:
    """What the encoder reads of a candidate added without a parsed resume: the resume text,
    with the name and contact details taken out by experience_text."""
    return Resume(id=str(candidate.id), text=candidate.resume_text or "", language="",
                  name=candidate.name, emails=(candidate.email,) if candidate.email else (),
                  phones=(candidate.phone,) if candidate.phone else ())


def candidate_vectors(session: Session, *, candidate_ids: Sequence[int],
                      encoder: Any = None) -> np.ndarray:
    """The experience vectors of the candidates, one row each in the order given: stored ones
    are read, missing ones are encoded from the resume text and stored."""
    encoder = default_encoder(encoder)
    version = encoder_version(encoder)
    ids = list(candidate_ids)
    found = _stored(session, ids, version)
    missing = [i for i in ids if i not in found]
    if missing:
        candidates = session.scalars(select(Candidate).where(Candidate.id.in_(missing))).all()
        by_id = {c.id: c for c in candidates}
        resumes = [_resume_of(by_id[i]) for i in missing]
        made = embed_resumes(resumes, encoder=encoder)
        fresh = {i: made[k] for k, i in enumerate(missing)}
        store_vectors(session, vectors=fresh, version=version)
        found.update(fresh)
    if not ids:
        dim = int(np.asarray(encoder.encode(["x"])).shape[1])
        return np.zeros((0, dim), dtype=np.float32)
    return np.vstack([found[i] for i in ids]).astype(np.float32, copy=False)
