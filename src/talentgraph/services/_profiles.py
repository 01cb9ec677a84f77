"""Skill profiles: an employee's skills, each with a level 0-4 derived from its evidence.

Evidence comes from five sources: ``resume`` (extracted), ``self`` (self-assessment),
``manager`` (manager assessment), ``check`` (a passed skill check) and ``course`` (a completed
course with its assessment). The level shown is :func:`derive_level` of the evidence; issue 5
refines the rule (decay of old evidence), which is why it lives in one function.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import ParameterError, PermissionDeniedError
from talentgraph.services._audit import record_event
from talentgraph.services._people import visible_employee
from talentgraph.store import EmployeeSkill, OrgSkill, Page, SkillAlias, SkillEvidence, paginate
from talentgraph.store._base import utcnow
from talentgraph.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "CLAIMED_SOURCES",
    "EVIDENCE_SOURCES",
    "OBSERVED_SOURCES",
    "EvidenceLike",
    "ProfileSkill",
    "add_evidence",
    "derive_level",
    "refresh_levels",
    "list_profile_skills",
    "resolve_skill",
]

#: Where evidence of a skill comes from.
EVIDENCE_SOURCES = ("resume", "self", "manager", "check", "course")
#: Sources that someone or something other than the person observed: they outrank claims.
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


def derive_level(evidence: Iterable[EvidenceLike]) -> int:
    """The level 0-4 a skill's evidence supports, by this rule:

    1. of each source keep only the newest piece (latest ``observed_on``; on the same day the
       one given last, so pass evidence in the order it was recorded);
    2. if any observed source (manager, check, course) is left, the level is the highest of
       their levels: observation outranks claims, even when it is lower;
    3. otherwise it is the highest of the claimed sources (resume, self);
    4. no evidence: 0.
    """
    newest: dict[str, EvidenceLike] = {}
    for item in evidence:
        current = newest.get(item.source)
        if current is None or item.observed_on >= current.observed_on:
            newest[item.source] = item
    observed = [e.level for source, e in newest.items() if source in OBSERVED_SOURCES]
    claimed = [e.level for source, e in newest.items() if source not in OBSERVED_SOURCES]
    levels = observed or claimed
    return max(0, min(MAX_LEVEL, max(levels))) if levels else 0


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


def add_evidence(session: Session, *, employee_id: int, actor: Actor, skill: str, source: str,
                 level: int, observed_on: date | None = None, detail: str = "") -> ProfileSkill:
    """Add a piece of evidence to an employee's skill and re-derive its level.

    hr and admin add any source; an employee adds only ``self`` evidence, to their own profile.
    """
    visible_employee(session, employee_id=employee_id, actor=actor)
    if source not in EVIDENCE_SOURCES:
        raise ParameterError(f"The 'source' field must be one of {', '.join(EVIDENCE_SOURCES)}. "
                             f"Got {source!r} instead.")
    if not actor.is_hr and source != "self":
        raise PermissionDeniedError("Employees may add self-assessments only (source 'self').",
                                    details=[f"Got source {source!r}."])
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
