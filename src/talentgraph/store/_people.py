"""Employees, their skills with evidence, reviews, pay bands and pay, learning resources and
plans, and attrition risk scores."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentgraph.store._base import Base, utcnow
from talentgraph.store._crypto import EncryptedJSON, EncryptedText

__all__ = [
    "Employee",
    "EmployeeSkill",
    "LearningPlan",
    "LearningResource",
    "PayBand",
    "PayRecord",
    "Review",
    "RiskScore",
    "SkillEvidence",
]


class Employee(Base):
    """A person employed. Contact details and protected attributes are encrypted at rest."""

    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(EncryptedText)
    email: Mapped[str | None] = mapped_column(EncryptedText, default=None)
    phone: Mapped[str | None] = mapped_column(EncryptedText, default=None)
    protected: Mapped[dict | None] = mapped_column(EncryptedJSON, default=None)
    role_family: Mapped[str | None] = mapped_column(String(120), default=None)
    level: Mapped[str | None] = mapped_column(String(20), default=None)
    department: Mapped[str | None] = mapped_column(String(120), default=None)
    city: Mapped[str | None] = mapped_column(String(120), default=None)
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), default=None, index=True)
    hired_on: Mapped[date | None] = mapped_column(default=None)
    left_on: Mapped[date | None] = mapped_column(default=None)
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EmployeeSkill(Base):
    """An employee's derived level (0-4) of one skill; the evidence explains it."""

    __tablename__ = "employee_skills"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    skill_slug: Mapped[str] = mapped_column(String(120))
    level: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    __table_args__ = (UniqueConstraint("employee_id", "skill_slug", name="employee_skill"),)


class SkillEvidence(Base):
    """One piece of evidence of a skill level: its source (resume, self, manager, check,
    course), the level it supports, the date and a quote or reference."""

    __tablename__ = "skill_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    skill_slug: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(30))
    level: Mapped[int]
    observed_on: Mapped[date]
    detail: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Review(Base):
    """A performance review of one employee in one cycle (goals, inputs, final score)."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    cycle: Mapped[str] = mapped_column(String(40))
    goals: Mapped[list] = mapped_column(default=list)
    inputs: Mapped[list] = mapped_column(default=list)
    final_score: Mapped[float | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("employee_id", "cycle", name="employee_cycle"),)


class PayBand(Base):
    """The pay range of a role family at a level (annual, in ``currency``)."""

    __tablename__ = "pay_bands"
    id: Mapped[int] = mapped_column(primary_key=True)
    role_family: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(120), default="")
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    minimum: Mapped[float]
    midpoint: Mapped[float]
    maximum: Mapped[float]
    __table_args__ = (UniqueConstraint("role_family", "level", "city", name="band"),)


class PayRecord(Base):
    """An employee's pay from a date (encrypted at rest)."""

    __tablename__ = "pay_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    effective_on: Mapped[date]
    pay: Mapped[dict] = mapped_column(EncryptedJSON)  # {"annual": float, "currency": str}
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LearningResource(Base):
    """A book, paper, course, mentor or project that teaches skills."""

    __tablename__ = "learning_resources"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(5), default="en")
    url: Mapped[str | None] = mapped_column(String(500), default=None)
    skills: Mapped[list] = mapped_column(default=list)
    level: Mapped[int] = mapped_column(default=1)
    hours: Mapped[float] = mapped_column(default=1.0)
    is_internal: Mapped[bool] = mapped_column(default=False)


class LearningPlan(Base):
    """A learning path of one employee towards a target role and level."""

    __tablename__ = "learning_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    target_role: Mapped[str] = mapped_column(String(120))
    target_level: Mapped[str] = mapped_column(String(20))
    steps: Mapped[list] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RiskScore(Base):
    """An attrition risk (0-1) with its band, drivers and the model that scored it."""

    __tablename__ = "risk_scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    model_version: Mapped[str] = mapped_column(String(64))
    risk: Mapped[float]
    band: Mapped[str] = mapped_column(String(20))
    #: The main drivers in words (encrypted: a driver can quote the person's pay).
    drivers: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)
