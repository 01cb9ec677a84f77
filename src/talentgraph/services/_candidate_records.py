"""A candidate's whole record as the candidate page shows it: the fields the actor may see
(``candidate_view``), the education and work history read again from the stored resume text,
the skills with their levels and evidence, the applications the actor may see (each with its
stage history, notes and interview rounds) and the merges into the candidate.

Nothing is stored: the resume is parsed again (deterministic, a few milliseconds) because the
candidate keeps its text, not its parsed entries. Reads are audited by the services called.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor, EducationEntry, WorkEntry
from talentgraph.errors import InputError
from talentgraph.extract import parse_resume
from talentgraph.services._pipeline import StageChange, list_stage_changes
from talentgraph.services._recruiting import read_candidate
from talentgraph.services._recruiting_scope import visible_applications
from talentgraph.services._resumes import MergeView, list_merges
from talentgraph.settings import Settings
from talentgraph.store import Application, Interview, Opening

__all__ = ["ApplicationRecord", "CandidateRecord", "candidate_record", "resume_history"]


@dataclass(frozen=True, slots=True)
class ApplicationRecord:
    """One application of the candidate: the opening, stage, score, notes, history, rounds."""

    id: int
    opening_id: int
    opening_ref: str
    opening_title: str
    stage: str
    score: float | None
    rejection_reason: str | None
    notes: str
    created_at: datetime
    history: list[StageChange]
    interviews: list[Interview]


@dataclass(frozen=True, slots=True)
class CandidateRecord:
    """Everything the candidate page shows (see the module docstring)."""

    view: dict[str, Any]
    education: list[EducationEntry]
    work: list[WorkEntry]
    projects: list[str]
    skills: list[dict[str, Any]]
    applications: list[ApplicationRecord]
    merges: list[MergeView]


def resume_history(text: str | None, *,
                   settings: Settings) -> tuple[list[EducationEntry], list[WorkEntry], list[str]]:
    """The education, work history and projects read from a resume's text (empty when there is
    no text or it cannot be read)."""
    if not text or not text.strip():
        return [], [], []
    try:
        resume = parse_resume(text, settings=settings)
    except InputError:
        return [], [], []
    return list(resume.education), list(resume.work), list(resume.projects)


def _applications(session: Session, *, actor: Actor,
                  candidate_id: int) -> list[ApplicationRecord]:
    rows = session.execute(
        visible_applications(actor).add_columns(Opening.ref, Opening.title)
        .join(Opening, Opening.id == Application.opening_id)
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.created_at.desc(), Application.id.desc())).all()
    records = []
    for application, ref, title in rows:
        interviews = list(session.scalars(select(Interview).where(
            Interview.application_id == application.id).order_by(Interview.id)))
        records.append(ApplicationRecord(
            id=application.id, opening_id=application.opening_id, opening_ref=ref,
            opening_title=title, stage=application.stage, score=application.score,
            rejection_reason=application.rejection_reason, notes=application.notes,
            created_at=application.created_at,
            history=list_stage_changes(session, actor=actor, application_id=application.id),
            interviews=interviews))
    return records


def candidate_record(session: Session, *, actor: Actor, candidate_id: int,
                     settings: Settings) -> CandidateRecord:
    """The record of a candidate the actor may see (NotFoundError otherwise); audited."""
    view = read_candidate(session, candidate_id=candidate_id, actor=actor)
    education, work, projects = resume_history(view.get("resume_text"), settings=settings)
    skills = sorted(view.get("skills") or [],
                    key=lambda item: (-(item.get("level") or 0), str(item.get("skill"))))
    return CandidateRecord(
        view=view, education=education, work=work, projects=projects, skills=skills,
        applications=_applications(session, actor=actor, candidate_id=candidate_id),
        merges=list_merges(session, actor=actor, candidate_id=candidate_id))
