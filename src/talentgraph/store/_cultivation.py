"""Cultivation (issue 5): the skill checks issued to people and the review cycles.

A check's answers are never stored: ``check_id`` encodes the exercise, which the grader rebuilds
(talentgraph.plan.grade_check). A review cycle holds the scheme that scores its reviews.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from talentgraph.store._base import Base, utcnow

__all__ = ["ReviewCycle", "SkillCheckAttempt"]


class SkillCheckAttempt(Base):
    """One skill check issued to a person: graded once, its score and whether it passed."""

    __tablename__ = "skill_check_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[str] = mapped_column(String(200), unique=True)
    skill_slug: Mapped[str] = mapped_column(String(120))
    level: Mapped[int]
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    issued_to: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    score: Mapped[float | None] = mapped_column(default=None)
    is_passed: Mapped[bool | None] = mapped_column(default=None)
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_plans.id", ondelete="SET NULL"), default=None)
    step: Mapped[int | None] = mapped_column(default=None)


class ReviewCycle(Base):
    """A review cycle (e.g. 2025H1): its scheme (talentgraph.plan.ReviewScheme fields), open or
    closed, and its dates. Reviews name it by ``slug`` in ``Review.cycle``."""

    __tablename__ = "review_cycles"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    scheme: Mapped[dict] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open")
    starts_on: Mapped[date | None] = mapped_column(default=None)
    ends_on: Mapped[date | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
