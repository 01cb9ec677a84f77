"""The organisation's part of the skill framework: its own skills, aliases and roles, stored
beside the shipped taxonomy (which stays read-only in the package)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentgraph.store._base import Base, utcnow

__all__ = ["OrgRole", "OrgSkill", "SkillAlias"]


class OrgSkill(Base):
    """A skill the organisation added (slug unique across shipped and own skills)."""

    __tablename__ = "org_skills"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str | None] = mapped_column(String(200), default=None)
    type: Mapped[str] = mapped_column(String(40), default="skill")
    category: Mapped[str | None] = mapped_column(String(120), default=None)
    description: Mapped[str | None] = mapped_column(Text, default=None)
    prerequisites: Mapped[list] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None)


class SkillAlias(Base):
    """An extra name (zh or en) of a shipped or own skill."""

    __tablename__ = "skill_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    skill_slug: Mapped[str] = mapped_column(String(120), index=True)
    alias: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5))
    __table_args__ = (UniqueConstraint("skill_slug", "alias", name="skill_alias"),)


class OrgRole(Base):
    """A role family the organisation defined: skills with weights and target levels 0-4 for
    each of the five ladder levels (``skills`` = [{"skill", "weight", "levels": [..5]}])."""

    __tablename__ = "org_roles"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[list] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
