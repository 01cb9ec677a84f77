"""Openings, candidates, applications with stage history, interviews and scorecards."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from talentgraph.store._base import Base, utcnow
from talentgraph.store._crypto import EncryptedJSON, EncryptedText

__all__ = ["Application", "Candidate", "Interview", "Opening", "Scorecard", "StageEvent",
           "skill_levels_of"]


class Opening(Base):
    """A job opening. ``skills`` = [{"skill", "level", "weight"}]."""

    __tablename__ = "openings"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    role_family: Mapped[str | None] = mapped_column(String(120), default=None)
    level: Mapped[str | None] = mapped_column(String(20), default=None)
    location: Mapped[str | None] = mapped_column(String(120), default=None)
    pay_min: Mapped[float | None] = mapped_column(default=None)
    pay_max: Mapped[float | None] = mapped_column(default=None)
    currency: Mapped[str | None] = mapped_column(String(3), default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[list] = mapped_column(default=list)
    #: The least years of experience and degree asked (None: not asked).
    min_years: Mapped[float | None] = mapped_column(default=None)
    education_min: Mapped[str | None] = mapped_column(String(40), default=None)
    #: The weights of the fit score's parts ({"skills", "similarity", "experience",
    #: "education"}, summing to 1); None: talentgraph.match.MatchWeights' defaults.
    match_weights: Mapped[dict | None] = mapped_column(default=None)
    #: The interview plan: [{"round", "focus_skills": [slug, ...]}]; None: not planned yet.
    interview_plan: Mapped[list | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(20), default="open")
    hiring_manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Candidate(Base):
    """A person who applied. Contact details, resume text and protected attributes are
    encrypted at rest; ``skills`` is the extraction ([{"skill", "level", "evidence"}])."""

    __tablename__ = "candidates"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(EncryptedText)
    email: Mapped[str | None] = mapped_column(EncryptedText, default=None)
    phone: Mapped[str | None] = mapped_column(EncryptedText, default=None)
    #: SHA-256 of the normalised email, to find a person applying twice without decrypting.
    email_hash: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    resume_text: Mapped[str | None] = mapped_column(EncryptedText, default=None)
    protected: Mapped[dict | None] = mapped_column(EncryptedJSON, default=None)
    source: Mapped[str | None] = mapped_column(String(60), default=None)
    city: Mapped[str | None] = mapped_column(String(120), default=None)
    years_experience: Mapped[float | None] = mapped_column(default=None)
    education: Mapped[str | None] = mapped_column(String(40), default=None)
    skills: Mapped[list] = mapped_column(default=list)
    #: ``skills`` reduced to what ranking reads: {slug: level}, the best level per skill (a
    #: skill without a level counts as 1). Kept in step with ``skills`` on every ORM write (see
    #: :func:`_sync_skill_levels`), so ranking thousands never decodes the evidence.
    skill_levels: Mapped[dict | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def skill_levels_of(skills: Iterable[dict[str, Any]] | None) -> dict[str, int]:
    """``{slug: level}`` of a candidate's skill entries: the highest level per slug, clipped to
    0-4; an entry without a level (entered by hand) counts as level 1."""
    best: dict[str, int] = {}
    for item in skills or []:
        slug = item.get("skill") if isinstance(item, dict) else None
        if not isinstance(slug, str) or not slug:
            continue
        raw = item.get("level")
        level = 1 if raw is None else max(0, min(int(raw), 4))
        best[slug] = max(best.get(slug, 0), level)
    return best


@event.listens_for(Candidate, "before_insert")
@event.listens_for(Candidate, "before_update")
def _sync_skill_levels(_mapper: Any, _connection: Any, target: Candidate) -> None:
    target.skill_levels = skill_levels_of(target.skills)


class Application(Base):
    """A candidate applying to an opening, at a pipeline stage."""

    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    opening_id: Mapped[int] = mapped_column(
        ForeignKey("openings.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(30), default="applied")
    rejection_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    score: Mapped[float | None] = mapped_column(default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    __table_args__ = (UniqueConstraint("candidate_id", "opening_id", name="candidate_opening"),)


class StageEvent(Base):
    """One move of an application between stages (who, when)."""

    __tablename__ = "stage_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(30), default=None)
    to_stage: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(String(200), default=None)
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Interview(Base):
    """A round of interviews for an application; ``focus_skills`` are skill slugs."""

    __tablename__ = "interviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    round: Mapped[str] = mapped_column(String(60))
    focus_skills: Mapped[list] = mapped_column(default=list)
    scheduled_on: Mapped[date | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Scorecard(Base):
    """One interviewer's ratings (skill -> 1..4), notes and recommendation for a round."""

    __tablename__ = "scorecards"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    ratings: Mapped[dict] = mapped_column(default=dict)
    recommendation: Mapped[str | None] = mapped_column(String(20), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    __table_args__ = (
        UniqueConstraint("interview_id", "interviewer_id", name="interview_interviewer"),
        Index("ix_scorecards_interviewer", "interviewer_id"),
    )
