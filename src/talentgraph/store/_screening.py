"""Screening (issue 6): candidates' experience vectors, the keys that find a person applying
twice, and the record of every merge of two applications of one person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentgraph.store._base import Base, utcnow

__all__ = ["CandidateEmbedding", "CandidateKey", "CandidateMerge"]


class CandidateEmbedding(Base):
    """A candidate's experience vector (float32 bytes, ``dim`` long), computed once at import
    by the encoder ``model_version``; ranking reads it instead of encoding the resume again."""

    __tablename__ = "candidate_embeddings"
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True)
    model_version: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int]
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CandidateKey(Base):
    """A SHA-256 digest of one identity key of a candidate (``kind``: email, phone or
    name_school, normalised as in talentgraph.extract.same_person): finds the same person
    applying twice without decrypting anything."""

    __tablename__ = "candidate_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    digest: Mapped[str] = mapped_column(String(64), index=True)
    __table_args__ = (UniqueConstraint("candidate_id", "kind", "digest", name="candidate_key"),)


class CandidateMerge(Base):
    """A resume (``merged_ref``: its file name) or candidate merged into candidate ``kept_id``
    because it is the same person: why (``reason``: email, phone or name_school), by whom and
    when."""

    __tablename__ = "candidate_merges"
    id: Mapped[int] = mapped_column(primary_key=True)
    kept_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    merged_ref: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(20))
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)
