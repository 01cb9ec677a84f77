"""Resume import: uploaded files -> parsed resumes -> candidates (new, or merged into the same
person), each with their experience vector stored once, optionally applying to an opening.

Per file, nothing is invented: an empty, image-only, unreadable or oversized file gets an error
in the report (its code and message) and no candidate; the other files are imported. A resume
whose person is already stored (same e-mail, phone, or name and school) updates that candidate
with the new resume and leaves a merge record (candidate_merges) and an audit event.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import EDUCATION_LEVELS, Actor, Resume
from talentgraph.errors import ConflictError, InputError, ParameterError
from talentgraph.extract import parse_resume
from talentgraph.services._audit import record_event
from talentgraph.services._candidate_identity import find_same_candidate, record_identity
from talentgraph.services._embeddings import (
    default_encoder,
    embed_resumes,
    encoder_version,
    store_vectors,
)
from talentgraph.services._pipeline import create_application
from talentgraph.services._recruiting import _new_ref, email_digest
from talentgraph.services._recruiting_scope import (
    RECRUITER_ROLES,
    get_candidate,
    get_opening,
    require_role,
)
from talentgraph.services._uploads import save_upload
from talentgraph.settings import Settings
from talentgraph.store import Application, Candidate, CandidateMerge, User
from talentgraph.store._base import utcnow

__all__ = [
    "MAX_FILES",
    "MergeView",
    "ResumeImport",
    "ResumeUpload",
    "candidate_skills",
    "import_resume_streams",
    "import_resumes",
    "list_merges",
]

#: The most resumes one request imports.
MAX_FILES = 100
MAX_SPANS = 5
MAX_CONTEXT = 300
MAX_YEARS = 70.0


@dataclass(frozen=True, slots=True)
class ResumeUpload:
    """An uploaded resume: the name it was uploaded as and where it was saved."""

    name: str
    path: Path


@dataclass(frozen=True, slots=True)
class ResumeImport:
    """What became of one file: ``status`` created, merged (into the same person) or error
    (``code`` and ``error`` say why; nothing was stored)."""

    file: str
    status: str
    candidate_id: int | None = None
    ref: str | None = None
    application_id: int | None = None
    merged_reason: str | None = None
    skills: int = 0
    warnings: tuple[str, ...] = ()
    code: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class MergeView:
    """A merge into a candidate: what was merged (a file name), why, by whom, when."""

    id: int
    kept_id: int
    merged_ref: str
    reason: str
    by_user_id: int | None
    by: str | None
    at: datetime


def _context(text: str, start: int) -> str:
    """The line of ``text`` around ``start``, trimmed."""
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    line = " ".join(text[begin:end if end >= 0 else len(text)].split())
    return line[:MAX_CONTEXT]


def candidate_skills(resume: Resume) -> list[dict[str, Any]]:
    """A resume's skills as stored on the candidate: slug, level, the evidence (the line that
    shows the skill first), its spans into the resume text, the years used and depth word."""
    stored = []
    for skill in resume.skills:
        spans = [{"start": span.start, "end": span.end, "surface": span.surface,
                  "section": span.section} for span in skill.evidence[:MAX_SPANS]]
        stored.append({
            "skill": skill.slug, "level": int(skill.level),
            "evidence": _context(resume.text, skill.evidence[0].start) if skill.evidence
            else None,
            "spans": spans, "years": skill.years, "depth_word": skill.depth_word,
        })
    return stored


def _degree(resume: Resume) -> str | None:
    degree = resume.highest_degree
    if degree == "high_school":
        return "none"
    return degree if degree in EDUCATION_LEVELS else None


def _years(resume: Resume) -> float | None:
    years = resume.total_years
    return None if years is None else round(max(0.0, min(float(years), MAX_YEARS)), 1)


def _resume_fields(resume: Resume) -> dict[str, Any]:
    """The candidate fields a resume sets (contact details apart)."""
    return {"resume_text": resume.text, "skills": candidate_skills(resume),
            "years_experience": _years(resume), "education": _degree(resume)}


def _warnings(resume: Resume) -> list[str]:
    found = []
    if not resume.name:
        found.append("No name found in the resume; the candidate is named after the file.")
    if not resume.emails and not resume.phones:
        found.append("No e-mail address or phone number found in the resume.")
    if not resume.skills:
        found.append("No skill of the framework found in the resume.")
    return found


def _new_candidate(session: Session, resume: Resume, *, upload: ResumeUpload, actor: Actor,
                   source: str | None) -> Candidate:
    email = resume.emails[0] if resume.emails else None
    candidate = Candidate(
        ref=_new_ref("CAN"), name=(resume.name or Path(upload.name).stem)[:200],
        email=email, email_hash=email_digest(email) if email else None,
        phone=resume.phones[0] if resume.phones else None, source=source,
        **_resume_fields(resume))
    session.add(candidate)
    session.flush()
    record_event(session, actor=actor, action="create", resource="candidate",
                 resource_id=candidate.id,
                 detail={"from": "resume", "fields": sorted(
                     name for name in ("name", "email", "phone", "resume_text", "skills",
                                       "years_experience", "education", "source")
                     if getattr(candidate, name) is not None)})
    return candidate


def _merge(session: Session, candidate: Candidate, resume: Resume, *, upload: ResumeUpload,
           actor: Actor, reason: str) -> CandidateMerge:
    """The newer resume replaces the resume-derived fields; contact details only fill gaps."""
    changed = []
    for name, value in _resume_fields(resume).items():
        if getattr(candidate, name) != value:
            setattr(candidate, name, value)
            changed.append(name)
    if candidate.email is None and resume.emails:
        candidate.email = resume.emails[0]
        candidate.email_hash = email_digest(resume.emails[0])
        changed.append("email")
    if candidate.phone is None and resume.phones:
        candidate.phone = resume.phones[0]
        changed.append("phone")
    candidate.updated_at = utcnow()
    merge = CandidateMerge(kept_id=candidate.id, merged_ref=upload.name[:200], reason=reason,
                           by_user_id=actor.user_id, at=utcnow())
    session.add(merge)
    session.flush()
    record_event(session, actor=actor, action="merge", resource="candidate",
                 resource_id=candidate.id,
                 detail={"merge_id": merge.id, "reason": reason, "fields": sorted(changed)})
    return merge


def _parse(upload: ResumeUpload, settings: Settings,
           today: date | None) -> Resume | ResumeImport:
    try:
        return parse_resume(upload.path, id=upload.name, settings=settings, today=today)
    except InputError as exc:  # never show where the server keeps the file
        message = exc.message.replace(str(upload.path), upload.name).replace(
            str(upload.path.parent), "")
        return ResumeImport(file=upload.name, status="error", code=exc.code, error=message)


def _apply(session: Session, *, actor: Actor, candidate: Candidate,
           opening_id: int) -> tuple[int | None, str | None]:
    existing = session.scalar(select(Application.id).where(
        Application.candidate_id == candidate.id, Application.opening_id == opening_id))
    if existing is not None:
        return existing, "The candidate had applied to this opening already."
    application = create_application(session, actor=actor, candidate_id=candidate.id,
                                     opening_id=opening_id)
    return application.id, None


def _check_request(session: Session, *, actor: Actor, count: int,
                   opening_id: int | None) -> None:
    require_role(actor, RECRUITER_ROLES, "import resumes")
    if not 1 <= count <= MAX_FILES:
        raise ParameterError.invalid("files", "a resume import", f"1 to {MAX_FILES} files",
                                     f"{count} files")
    if opening_id is not None:
        opening = get_opening(session, opening_id=opening_id, actor=actor)
        if opening.status != "open":
            raise ConflictError(f"Opening {opening.ref} is {opening.status}; only open "
                                "openings take applications.",
                                details=["Reopen it first, or import without opening_id."])


def import_resumes(session: Session, *, actor: Actor, files: Sequence[ResumeUpload],
                   settings: Settings, opening_id: int | None = None,
                   source: str | None = None, encoder: Any = None,
                   today: date | None = None) -> list[ResumeImport]:
    """Import resume files as candidates (see the module docstring); with ``opening_id`` each
    also applies to that (open) opening. One report per file, in the order given."""
    _check_request(session, actor=actor, count=len(files), opening_id=opening_id)
    parsed = [_parse(upload, settings, today) for upload in files]
    return _store_all(session, actor=actor, files=files, parsed=parsed,
                      opening_id=opening_id, source=source, encoder=encoder)


def import_resume_streams(session: Session, *, actor: Actor,
                          files: Sequence[tuple[str | None, BinaryIO]], settings: Settings,
                          opening_id: int | None = None, source: str | None = None,
                          encoder: Any = None, today: date | None = None) -> list[ResumeImport]:
    """Import uploaded resumes given as (file name, stream): each is saved to a private folder
    under DATA_DIR/uploads (removed afterwards) and imported as by import_resumes."""
    _check_request(session, actor=actor, count=len(files), opening_id=opening_id)
    folder = settings.data_dir / "uploads" / f"resumes-{uuid.uuid4().hex}"
    try:
        uploads, parsed = [], []
        for number, (name, stream) in enumerate(files, start=1):
            shown = (name or f"file {number}")[:200]
            try:
                path = save_upload(settings, name=name, stream=stream,
                                   folder=folder / str(number))
            except (InputError, ParameterError) as exc:
                uploads.append(ResumeUpload(name=shown, path=folder))
                parsed.append(ResumeImport(file=shown, status="error", code=exc.code,
                                           error=exc.message))
                continue
            upload = ResumeUpload(name=shown, path=path)
            uploads.append(upload)
            parsed.append(_parse(upload, settings, today))
        return _store_all(session, actor=actor, files=uploads, parsed=parsed,
                          opening_id=opening_id, source=source, encoder=encoder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _store_all(session: Session, *, actor: Actor, files: Sequence[ResumeUpload],
               parsed: Sequence[Resume | ResumeImport], opening_id: int | None,
               source: str | None, encoder: Any) -> list[ResumeImport]:
    resumes = [item for item in parsed if isinstance(item, Resume)]
    encoder = default_encoder(encoder) if resumes else encoder
    vectors = embed_resumes(resumes, encoder=encoder) if resumes else None
    by_resume = {id(resume): k for k, resume in enumerate(resumes)}
    reports = []
    for upload, item in zip(files, parsed, strict=True):
        if isinstance(item, ResumeImport):
            reports.append(item)
            continue
        warnings = _warnings(item)
        same = find_same_candidate(session, item)
        reason = None
        if same is None:
            candidate = _new_candidate(session, item, upload=upload, actor=actor, source=source)
        else:
            candidate = session.get_one(Candidate, same.candidate_id)
            reason = same.reason
            _merge(session, candidate, item, upload=upload, actor=actor, reason=reason)
        record_identity(session, candidate_id=candidate.id, resume=item)
        assert vectors is not None
        store_vectors(session, vectors={candidate.id: vectors[by_resume[id(item)]]},
                      version=encoder_version(encoder))
        application_id = None
        if opening_id is not None:
            application_id, note = _apply(session, actor=actor, candidate=candidate,
                                          opening_id=opening_id)
            warnings += [note] if note else []
        reports.append(ResumeImport(
            file=upload.name, status="merged" if reason else "created",
            candidate_id=candidate.id, ref=candidate.ref, application_id=application_id,
            merged_reason=reason, skills=len(item.skills), warnings=tuple(warnings)))
    return reports


def list_merges(session: Session, *, actor: Actor, candidate_id: int) -> list[MergeView]:
    """The merges into a candidate the actor may see, oldest first; audited as a read."""
    candidate = get_candidate(session, candidate_id=candidate_id, actor=actor)
    rows = session.execute(
        select(CandidateMerge, User.username).outerjoin(User, User.id == CandidateMerge.by_user_id)
        .where(CandidateMerge.kept_id == candidate.id)
        .order_by(CandidateMerge.at, CandidateMerge.id)).all()
    record_event(session, actor=actor, action="read", resource="candidate_merge",
                 resource_id=candidate.id, detail={"merges": len(rows)})
    return [MergeView(id=merge.id, kept_id=merge.kept_id, merged_ref=merge.merged_ref,
                      reason=merge.reason, by_user_id=merge.by_user_id, by=username,
                      at=merge.at) for merge, username in rows]
