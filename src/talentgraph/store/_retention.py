"""Retention and pay (issue 7): imported salary surveys, and the retention actions suggested
from the drivers of a person's risk, with what was done and what happened next."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentgraph.store._base import Base, utcnow
from talentgraph.store._crypto import EncryptedJSON, EncryptedText

__all__ = ["ACTION_OUTCOMES", "ACTION_STATUSES", "RetentionAction", "SalarySurvey"]

#: Where an action stands: suggested by the app, open (someone owns it), done or dismissed.
ACTION_STATUSES = ("suggested", "open", "done", "dismissed")
#: What happened to the person after the action.
ACTION_OUTCOMES = ("unknown", "stayed", "left")


class SalarySurvey(Base):
    """One row of an imported salary survey: annual pay quantiles of a role family at a level
    (""= every level) in a city (""= every city), in ``currency``, from ``effective_on``."""

    __tablename__ = "salary_surveys"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    role_family: Mapped[str] = mapped_column(String(120), index=True)
    level: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    p25: Mapped[float | None] = mapped_column(default=None)
    p50: Mapped[float]
    p75: Mapped[float | None] = mapped_column(default=None)
    effective_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("source", "role_family", "level", "city", "effective_on",
                                       name="salary_survey"),)


class RetentionAction(Base):
    """An action to keep someone (pay review, career conversation, workload review, learning
    plan): who owns it, why (``reason``: the driver), the figures behind it (encrypted: they
    hold pay), its status and due date, and the outcome (stayed, left, unknown)."""

    __tablename__ = "retention_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    owner_role: Mapped[str] = mapped_column(String(20))
    owner_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None)
    status: Mapped[str] = mapped_column(String(20), default="suggested", index=True)
    reason: Mapped[str] = mapped_column(String(60))
    figures: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    due_on: Mapped[date | None] = mapped_column(default=None)
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    outcome: Mapped[str] = mapped_column(String(20), default="unknown")
    outcome_at: Mapped[datetime | None] = mapped_column(default=None)
    notes: Mapped[str | None] = mapped_column(EncryptedText, default=None)
