"""Skill profiles: an employee's skills, each with a level 0-4 derived from its evidence.

Evidence comes from five sources: ``resume`` (extracted), ``self`` (self-assessment),
``manager`` (manager assessment), ``check`` (a passed skill check) and ``course`` (a completed
course with its assessment). The level shown is :func:`derive_level` of the evidence: the
documented rule of :func:`talentgraph.plan.derive_skill_level` (weighted by source, decaying
with age, claims alone capped at 2), evaluated today; :func:`explain_skill` answers "why".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor, EvidencePiece, SkillLevel
from talentgraph.errors import ParameterError, PermissionDeniedError
from talentgraph.plan import derive_skill_level, explain_level
from talentgraph.services._audit import record_event
from talentgraph.services._people import manages, visible_employee
from talentgraph.store import EmployeeSkill, OrgSkill, Page, SkillAlias, SkillEvidence, paginate
from talentgraph.store._base import utcnow
from talentgraph.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "CLAIMED_SOURCES",
    "EVIDENCE_SOURCES",
    "OBSERVED_SOURCES",
    "EvidenceLike",
    "ProfileSkill",
    "SkillExplanation",
    "add_evidence",
    "derive_level",
    "derived_levels",
    "evidence_pieces",
    "evidence_sources",
    "explain_skill",
    "list_profile_skills",
    "refresh_level",
    "refresh_levels",
    "resolve_skill",
    "skill_names",
]

#: Where evidence of a skill comes from.
EVIDENCE_SOURCES = ("resume", "self", "manager", "check", "course")
#: Sources that someone or something other than the person observed (they weigh more).
OBSERVED_SOURCES = frozenset({"manager", "check", "course"})
#: Sources the person claims themselves.
CLAIMED_SOURCES = frozenset({"resume", "self"})
MAX_LEVEL = 4


class EvidenceLike(Protocol):
    """Anything with a source, a level and the date it was observed (a SkillEvidence row)."""

    @property
    def source(self) -> str: ...

    @property
    def level(self) -> int: ...

    @property
    def observed_on(self) -> date: ...


def evidence_pieces(evidence: Iterable[EvidenceLike], *,
                    skill: str = "") -> list[EvidencePiece]:
    """Evidence rows as the domain's EvidencePiece, all of the skill ``skill`` (default: each
    row's ``skill_slug``), with the row's ``detail`` when it has one."""
    return [EvidencePiece(skill=skill or getattr(item, "skill_slug", "") or "skill",
                          source=item.source, level=item.level, observed_on=item.observed_on,
                          detail=getattr(item, "detail", "") or "")
            for item in evidence]


def derive_level(evidence: Iterable[EvidenceLike], *, today: date | None = None) -> int:
    """The level 0-4 one skill's evidence supports at ``today`` (default: today), by the rule
    of :func:`talentgraph.plan.derive_skill_level`: each piece votes for its level with its
    source's weight (check 1.0, course 0.9, manager 0.8, resume 0.3, self 0.2), halved every
    half-life of age; the level is the weighted average rounded half up; claims alone (self,
    resume) are capped at 2, stale evidence at 1. No evidence: 0."""
    pieces = evidence_pieces(evidence, skill="skill")
    return derive_skill_level(pieces, today=today or date.today(), skill="skill").level


@dataclass(frozen=True, slots=True)
class SkillExplanation:
    """Why an employee has their level in one skill: the derived SkillLevel (level, confidence,
    evidence, reasons in English), the same reasons in Chinese, the skill's names and the level
    stored on the profile (None when the profile has no row for it)."""

    employee_id: int
    skill_slug: str
    name_en: str
    name_zh: str | None
    stored_level: int | None
    skill: SkillLevel
    why_zh: tuple[str, ...]


def _suggestions(taxonomy: Taxonomy, text: str) -> list[str]:
    """Up to three slugs close to ``text``: skills whose names contain it, else similar slugs."""
    if not text:
        return []
    found = [skill.slug for skill in taxonomy.search(text, limit=3)]
    return found or difflib.get_close_matches(text.lower(), list(taxonomy.skills), n=3,
                                              cutoff=0.75)


def resolve_skill(session: Session, term: str, *, field: str = "skill") -> str:
    """The slug of the skill ``term`` names: a slug of the shipped taxonomy or of the
    organisation's own skills, or a name or alias of either (Chinese or English)."""
    text = term.strip()
    taxonomy = load_taxonomy()
    if text in taxonomy:
        return text
    if text and session.scalar(select(OrgSkill.slug).where(OrgSkill.slug == text)):
        return text
    resolved = taxonomy.resolve(text) if text else None
    if resolved:
        return resolved
    if text:
        lowered = text.lower()
        for query in (select(OrgSkill.slug).where(func.lower(OrgSkill.name_en) == lowered),
                      select(OrgSkill.slug).where(OrgSkill.name_zh == text),
                      select(SkillAlias.skill_slug).where(func.lower(SkillAlias.alias) == lowered)):
            slug = session.scalars(query.limit(1)).first()
            if slug:
                return slug
    suggestions = _suggestions(taxonomy, text)
    hint = [f"Did you mean {', '.join(repr(s) for s in suggestions)}?"] if suggestions else []
    raise ParameterError(
        f"The {field!r} field must be a skill of the framework (a slug, or a name in Chinese or "
        f"English). Got {term!r} instead.",
        details=[*hint, "Search skills with GET /api/v1/framework/skills?q=TERM."])


@dataclass(frozen=True, slots=True)
class ProfileSkill:
    """One skill of an employee's profile: its derived level and the evidence behind it
    (newest first)."""

    employee_id: int
    skill_slug: str
    level: int
    updated_at: datetime
    evidence: tuple[SkillEvidence, ...]


def _evidence_of(session: Session, employee_id: int, *,
                 slugs: Sequence[str]) -> dict[str, list[SkillEvidence]]:
    found: dict[str, list[SkillEvidence]] = {slug: [] for slug in slugs}
    if not slugs:
        return found
    rows = session.scalars(select(SkillEvidence).where(
        SkillEvidence.employee_id == employee_id, SkillEvidence.skill_slug.in_(slugs))
        .order_by(SkillEvidence.observed_on, SkillEvidence.id))
    for row in rows:
        found[row.skill_slug].append(row)
    return found


def _profile_skill(skill: EmployeeSkill, evidence: list[SkillEvidence]) -> ProfileSkill:
    return ProfileSkill(employee_id=skill.employee_id, skill_slug=skill.skill_slug,
                        level=skill.level, updated_at=skill.updated_at,
                        evidence=tuple(reversed(evidence)))


def list_profile_skills(session: Session, *, employee_id: int, actor: Actor, limit: int = 50,
                        offset: int = 0, sort: str | None = None) -> Page[ProfileSkill]:
    """A page of an employee's skills with their evidence (hr and admin: anyone's; an
    employee: their own); the read is audited."""
    visible_employee(session, employee_id=employee_id, actor=actor)
    page = paginate(session, select(EmployeeSkill).where(EmployeeSkill.employee_id == employee_id),
                    limit=limit, offset=offset, sort=sort,
                    sortable={"skill": EmployeeSkill.skill_slug, "level": EmployeeSkill.level,
                              "updated_at": EmployeeSkill.updated_at},
                    default_sort=EmployeeSkill.skill_slug)
    evidence = _evidence_of(session, employee_id, slugs=[s.skill_slug for s in page.items])
    record_event(session, actor=actor, action="read", resource="employee_skill",
                 resource_id=employee_id, detail={"skills": len(page.items)})
    return Page(items=[_profile_skill(s, evidence[s.skill_slug]) for s in page.items],
                total=page.total, limit=page.limit, offset=page.offset)


def _refresh(session: Session, employee_id: int,
             slug: str) -> tuple[EmployeeSkill, list[SkillEvidence]]:
    evidence = _evidence_of(session, employee_id, slugs=[slug])[slug]
    row = session.scalar(select(EmployeeSkill).where(EmployeeSkill.employee_id == employee_id,
                                                     EmployeeSkill.skill_slug == slug))
    if row is None:
        row = EmployeeSkill(employee_id=employee_id, skill_slug=slug)
        session.add(row)
    level = derive_level(evidence)
    if row.level != level or row.id is None:
        row.level = level
        row.updated_at = utcnow()
    session.flush()
    return row, evidence


def refresh_levels(session: Session, *, pairs: Iterable[tuple[int, str]]) -> int:
    """Re-derive the level of each (employee id, skill slug) from its evidence (after an
    import of evidence); how many levels changed or were added."""
    changed = 0
    for employee_id, slug in sorted(set(pairs)):
        before = session.scalar(select(EmployeeSkill.level).where(
            EmployeeSkill.employee_id == employee_id, EmployeeSkill.skill_slug == slug))
        row, _ = _refresh(session, employee_id, slug)
        changed += before != row.level
    return changed


def evidence_sources(session: Session, *, employee_id: int, actor: Actor) -> tuple[str, ...]:
    """The sources of evidence the actor may add to the employee's profile: hr and admin any;
    the employee ``self`` (a self-assessment); whoever manages them, directly or indirectly,
    ``manager``; anyone else none."""
    if actor.is_hr:
        return EVIDENCE_SOURCES
    if actor.employee_id is not None and actor.employee_id == employee_id:
        return ("self",)
    if manages(session, manager_id=actor.employee_id, employee_id=employee_id):
        return ("manager",)
    return ()


def _check_source(session: Session, *, employee_id: int, actor: Actor, source: str) -> None:
    """Refuse a source the actor may not add to this profile (PermissionDeniedError)."""
    if source in evidence_sources(session, employee_id=employee_id, actor=actor):
        return
    if actor.employee_id == employee_id:
        raise PermissionDeniedError(
            "You may add only a self-assessment (source 'self') to your own profile.",
            details=[f"Got source {source!r}.",
                     "A manager assessment comes from your manager, other sources from hr."])
    raise PermissionDeniedError(
        "A manager may add only a manager assessment (source 'manager') to the profile of "
        "someone they manage.",
        details=[f"Got source {source!r}.", "Other sources are added by hr."])


def add_evidence(session: Session, *, employee_id: int, actor: Actor, skill: str, source: str,
                 level: int, observed_on: date | None = None, detail: str = "") -> ProfileSkill:
    """Add a piece of evidence to an employee's skill and re-derive its level.

    hr and admin add any source; an employee adds only ``self`` evidence, to their own profile;
    a manager only ``manager`` evidence, to the profiles of the people they manage (see
    :func:`evidence_sources`). Anyone else gets NotFoundError, as if there were no employee.
    """
    visible_employee(session, employee_id=employee_id, actor=actor, include_team=True)
    if source not in EVIDENCE_SOURCES:
        raise ParameterError(f"The 'source' field must be one of {', '.join(EVIDENCE_SOURCES)}. "
                             f"Got {source!r} instead.")
    _check_source(session, employee_id=employee_id, actor=actor, source=source)
    if isinstance(level, bool) or not 0 <= level <= MAX_LEVEL:
        raise ParameterError(f"The 'level' field must be an int in [0, {MAX_LEVEL}]. "
                             f"Got {level!r} instead.")
    today = datetime.now(UTC).date()
    observed_on = observed_on or today
    if observed_on > today:
        raise ParameterError(f"The 'observed_on' date must not be in the future. "
                             f"Got {observed_on} instead.")
    slug = resolve_skill(session, skill)
    piece = SkillEvidence(employee_id=employee_id, skill_slug=slug, source=source, level=level,
                          observed_on=observed_on, detail=detail, recorded_by=actor.user_id)
    session.add(piece)
    session.flush()
    row, evidence = _refresh(session, employee_id, slug)
    record_event(session, actor=actor, action="create", resource="skill_evidence",
                 resource_id=piece.id,
                 detail={"employee_id": employee_id, "skill": slug, "source": source})
    return _profile_skill(row, evidence)


def refresh_level(session: Session, *, employee_id: int, skill: str) -> int:
    """Re-derive one skill's level of an employee from its evidence (after adding evidence
    outside :func:`add_evidence`); the new level."""
    row, _ = _refresh(session, employee_id, skill)
    return row.level


def skill_names(session: Session, slugs: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """The English and Chinese names of each skill slug (shipped or the organisation's own;
    an unknown slug is named by itself)."""
    wanted = list(dict.fromkeys(slugs))
    taxonomy = load_taxonomy()
    names: dict[str, tuple[str, str | None]] = {}
    for slug in wanted:
        skill = taxonomy.skills.get(slug)
        if skill is not None:
            names[slug] = (skill.name_en, skill.name_zh or None)
    missing = [slug for slug in wanted if slug not in names]
    if missing:
        for row in session.scalars(select(OrgSkill).where(OrgSkill.slug.in_(missing))):
            names[row.slug] = (row.name_en, row.name_zh)
    return {slug: names.get(slug, (slug, None)) for slug in wanted}


def derived_levels(session: Session, *, employee_ids: Iterable[int],
                   today: date | None = None) -> dict[int, dict[str, SkillLevel]]:
    """Every skill level of each employee, derived from the evidence at ``today`` (default:
    today) with its reasons; a profile row without evidence keeps its stored level (with no
    confidence). Not audited: the caller audits what it shows."""
    ids = sorted(set(employee_ids))
    day = today or date.today()
    found: dict[int, dict[str, SkillLevel]] = {employee_id: {} for employee_id in ids}
    if not ids:
        return found
    grouped: dict[tuple[int, str], list[SkillEvidence]] = {}
    for row in session.scalars(select(SkillEvidence).where(SkillEvidence.employee_id.in_(ids))
                               .order_by(SkillEvidence.observed_on, SkillEvidence.id)):
        grouped.setdefault((row.employee_id, row.skill_slug), []).append(row)
    for (employee_id, slug), rows in grouped.items():
        found[employee_id][slug] = derive_skill_level(evidence_pieces(rows, skill=slug),
                                                      today=day, skill=slug)
    for row in session.scalars(select(EmployeeSkill).where(EmployeeSkill.employee_id.in_(ids))):
        if row.skill_slug not in found[row.employee_id]:
            found[row.employee_id][row.skill_slug] = SkillLevel(
                skill=row.skill_slug, level=row.level, confidence=0.0,
                why=(f"Level {row.level} is recorded on the profile without evidence.",))
    return {employee_id: dict(sorted(levels.items())) for employee_id, levels in found.items()}


def explain_skill(session: Session, *, employee_id: int, skill: str, actor: Actor,
                  today: date | None = None) -> SkillExplanation:
    """Why the employee has their level in ``skill`` (a slug or a name): the derived level, its
    confidence, the evidence and the reasons in English and Chinese. The employee, hr and
    admin, and whoever manages the employee may ask; the read is audited."""
    visible_employee(session, employee_id=employee_id, actor=actor, include_team=True)
    slug = resolve_skill(session, skill)
    day = today or date.today()
    rows = _evidence_of(session, employee_id, slugs=[slug])[slug]
    pieces = evidence_pieces(rows, skill=slug)
    level = derive_skill_level(pieces, today=day, skill=slug)
    stored = session.scalar(select(EmployeeSkill.level).where(
        EmployeeSkill.employee_id == employee_id, EmployeeSkill.skill_slug == slug))
    name_en, name_zh = skill_names(session, [slug])[slug]
    record_event(session, actor=actor, action="read", resource="skill_level",
                 resource_id=employee_id, detail={"skill": slug, "evidence": len(rows)})
    return SkillExplanation(employee_id=employee_id, skill_slug=slug, name_en=name_en,
                            name_zh=name_zh, stored_level=stored, skill=level,
                            why_zh=explain_level(pieces, today=day, language="zh"))
