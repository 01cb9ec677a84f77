"""Hiring a candidate creates the employee: contact details copied (encrypted at rest), role
family and level from the opening, hired today, linked to the candidate; the candidate's
resume skills become evidence (source "resume", their level, the resume line that shows the
skill) and the profile's levels are derived from it.

Idempotent: hiring the same candidate again (moved back and forth, or hired for a second
opening) reuses their employee and adds only the evidence they do not have yet.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.services._audit import record_event
from talentgraph.services._people import LEVELS
from talentgraph.services._profiles import refresh_levels
from talentgraph.store import Application, Candidate, Employee, Opening, OrgRole, SkillEvidence
from talentgraph.taxonomy import load_taxonomy

__all__ = ["hire_candidate"]

MAX_DETAIL = 500


def _role_family(session: Session, slug: str | None) -> str | None:
    """The opening's role family when it is one of the framework (else the profile has none)."""
    if not slug:
        return None
    if slug in load_taxonomy().roles:
        return slug
    known = session.scalar(select(OrgRole.id).where(OrgRole.slug == slug))
    return slug if known is not None else None


def _new_employee(session: Session, candidate: Candidate, opening: Opening | None) -> Employee:
    level = opening.level if opening is not None and opening.level in LEVELS else None
    employee = Employee(
        ref=f"EMP-{secrets.token_hex(4).upper()}", name=candidate.name, email=candidate.email,
        phone=candidate.phone, city=candidate.city,
        role_family=_role_family(session, opening.role_family if opening else None),
        level=level, hired_on=datetime.now(UTC).date(), candidate_id=candidate.id)
    session.add(employee)
    session.flush()
    return employee


def hire_candidate(session: Session, *, actor: Actor, application: Application) -> Employee:
    """The employee of the application's candidate, created when they have none, with their
    resume skills carried over as evidence (see the module docstring). Audited."""
    candidate = session.get_one(Candidate, application.candidate_id)
    opening = session.get(Opening, application.opening_id)
    employee = session.scalar(select(Employee).where(Employee.candidate_id == candidate.id)
                              .order_by(Employee.id).limit(1))
    created = employee is None
    if employee is None:
        employee = _new_employee(session, candidate, opening)
    have = {(slug, level, detail) for slug, level, detail in session.execute(
        select(SkillEvidence.skill_slug, SkillEvidence.level, SkillEvidence.detail).where(
            SkillEvidence.employee_id == employee.id, SkillEvidence.source == "resume"))}
    today = datetime.now(UTC).date()
    added: list[str] = []
    for item in candidate.skills or []:
        slug, level = item.get("skill"), item.get("level")
        if not isinstance(slug, str) or isinstance(level, bool) or not isinstance(level, int):
            continue  # a skill entered by hand without a level is no evidence of one
        detail = (item.get("evidence") or "")[:MAX_DETAIL]
        if (slug, level, detail) in have:
            continue
        session.add(SkillEvidence(employee_id=employee.id, skill_slug=slug, source="resume",
                                  level=max(0, min(level, 4)), observed_on=today, detail=detail,
                                  recorded_by=actor.user_id))
        have.add((slug, level, detail))
        added.append(slug)
    session.flush()
    refresh_levels(session, pairs=[(employee.id, slug) for slug in added])
    record_event(session, actor=actor, action="create" if created else "update",
                 resource="employee", resource_id=employee.id,
                 detail={"from": "hire", "application_id": application.id,
                         "candidate_id": candidate.id, "evidence_added": len(added)})
    return employee
