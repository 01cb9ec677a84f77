"""Employees' resumes in bulk: each file, named after its employee's ref (``E014.pdf``), is
read by :func:`talentgraph.extract.parse_resume` and every skill it shows becomes a piece of
``resume`` evidence on that employee's profile; the levels are then derived again.

Per file, nothing is invented: a file whose name is no employee's ref, or that is empty,
image-only or unreadable, gets its reason in the report and adds nothing. Each file is its
own transaction with one audit event (ids and skill slugs, never the resume's content).

Evidence: level = the resume's inferred level of the skill, observed_on = when the resume
last shows the skill used (else today), detail = ``resume <digest> · 'surface' (section) ·
why`` (truncated), where the digest names the resume's text. Importing a resume again adds
nothing: a skill already holding resume evidence from the same text (or with the same
detail) is skipped. A ZIP of such files is unpacked (its own folders ignored), within the
same limits as the files themselves.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor, Resume, ResumeSkill
from talentgraph.errors import InputError, InputTooLargeError, ParameterError
from talentgraph.extract import parse_resume
from talentgraph.services._audit import record_event
from talentgraph.services._people import require_hr
from talentgraph.services._profiles import MAX_LEVEL, refresh_levels
from talentgraph.services._uploads import safe_filename, save_upload
from talentgraph.settings import Settings
from talentgraph.store import Database, Employee, SkillEvidence

__all__ = [
    "FILE_STATUSES",
    "MAX_FILES",
    "ResumeFileReport",
    "ResumeImportReport",
    "import_employee_resumes",
    "resume_evidence_detail",
]

#: The most resumes one request imports (a ZIP counts the files inside it).
MAX_FILES = 100
#: Longest detail stored with a piece of resume evidence.
MAX_DETAIL = 500
#: What became of a file: evidence added; read but nothing new; no employee has the file's
#: name as ref; the file could not be read.
FILE_STATUSES = ("imported", "unchanged", "unknown_employee", "error")
_DIGEST_CHARS = 10
_MAX_REF = 64
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class ResumeFileReport:
    """What became of one file: its status (one of FILE_STATUSES), the ref read from its name,
    the employee it belongs to (None when not found), the skills the resume shows and those
    that got new evidence, how many levels changed, warnings, and for an error its code and
    message."""

    file: str
    ref: str
    status: str
    employee_id: int | None = None
    skills_found: int = 0
    skills_added: tuple[str, ...] = ()
    levels_changed: int = 0
    warnings: tuple[str, ...] = ()
    code: str | None = None
    error: str | None = None

    @property
    def is_found(self) -> bool:
        """Whether an employee has the file's ref."""
        return self.employee_id is not None


@dataclass(frozen=True, slots=True)
class ResumeImportReport:
    """One report per file, in the order uploaded (a ZIP's files in their archive order)."""

    files: tuple[ResumeFileReport, ...]

    def count(self, status: str) -> int:
        """How many files ended with ``status``."""
        return sum(item.status == status for item in self.files)

    @property
    def evidence_added(self) -> int:
        """Pieces of evidence added, over all files."""
        return sum(len(item.skills_added) for item in self.files)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A file to import: its shown name, the ref its name gives, and where it was saved
    (None with ``failure`` when it could not be saved)."""

    name: str
    ref: str
    path: Path | None = None
    failure: InputError | ParameterError | None = None


def _ref_of(name: str) -> str:
    """The employee ref a file name gives: its last part without the extension."""
    return PurePosixPath(name.replace("\\", "/")).stem.strip()


def _member_name(info: zipfile.ZipInfo) -> str:
    """A ZIP member's file name; names a Chinese Windows wrote without the UTF-8 flag are
    read as GBK."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return PurePosixPath(name.replace("\\", "/")).name


def _wanted(info: zipfile.ZipInfo) -> bool:
    """Whether a ZIP member is a file to import (not a folder, macOS metadata or hidden)."""
    parts = PurePosixPath(info.filename.replace("\\", "/")).parts
    return not info.is_dir() and bool(parts) and "__MACOSX" not in parts \
        and not parts[-1].startswith(".")


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, target: Path,
             limit: int) -> int:
    """Copy a member to ``target``, reading at most ``limit`` + 1 bytes (the size a ZIP states
    is not trusted); the bytes written."""
    written = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(info) as source, target.open("wb") as out:
        while written <= limit:
            chunk = source.read(min(_CHUNK, limit + 1 - written))
            if not chunk:
                break
            out.write(chunk)
            written += len(chunk)
    return written


def _unzip(path: Path, *, shown: str, folder: Path, settings: Settings,
           budget: int) -> list[_Entry]:
    """The files of the ZIP at ``path`` as entries, each extracted under ``folder``; at most
    ``budget`` files (ParameterError beyond), each at most max_file_bytes, all together at
    most max_table_bytes."""
    entries: list[_Entry] = []
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if _wanted(info)]
            if len(members) > budget:
                raise ParameterError(
                    f"{shown} holds {len(members)} files; a resume import takes at most "
                    f"{MAX_FILES} files in all.", details=["Split the archive."])
            for number, info in enumerate(members, start=1):
                name = _member_name(info)
                label = f"{shown}/{name}"
                limit = min(settings.max_file_bytes, settings.max_table_bytes - total)
                target = folder / str(number) / safe_filename(name)
                try:
                    size = _extract(archive, info, target=target, limit=limit)
                except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError,
                        zlib.error):
                    entries.append(_Entry(label, _ref_of(name), failure=InputError(
                        f"{label} cannot be read from the archive (damaged, encrypted or "
                        "compressed in an unsupported way).",
                        details=["Upload the file on its own."])))
                    continue
                if size > limit:
                    target.unlink(missing_ok=True)
                    entries.append(_Entry(label, _ref_of(name), failure=InputTooLargeError(
                        f"{label} is over {limit} bytes once unpacked.",
                        details=["Raise TALENTGRAPH_MAX_FILE_BYTES or upload smaller files."])))
                    continue
                total += size
                entries.append(_Entry(label, _ref_of(name), path=target))
    except zipfile.BadZipFile:
        return [_Entry(shown, _ref_of(shown), failure=InputError(
            f"{shown} is not a readable ZIP archive.",
            details=["Upload PDF, DOCX, TXT or MD files, or a ZIP of them."]))]
    return entries


def _entries(files: Sequence[tuple[str | None, BinaryIO]], *, folder: Path,
             settings: Settings) -> list[_Entry]:
    """Every file to import, saved under ``folder``; ZIPs unpacked."""
    entries: list[_Entry] = []
    for number, (name, stream) in enumerate(files, start=1):
        shown = (name or f"file {number}")[:200]
        try:
            path = save_upload(settings, name=name, stream=stream, folder=folder / str(number))
        except (InputError, ParameterError) as exc:
            entries.append(_Entry(shown, _ref_of(shown), failure=exc))
            continue
        if path.suffix.lower() == ".zip":
            budget = MAX_FILES - len(entries) - (len(files) - number)
            entries += _unzip(path, shown=shown, folder=folder / f"{number}-zip",
                              settings=settings, budget=budget)
            path.unlink(missing_ok=True)
        else:
            entries.append(_Entry(shown, _ref_of(shown), path=path))
    return entries


def _employee_ids(database: Database, refs: Sequence[str]) -> dict[str, int]:
    """The employee id of each ref: an exact match, else the one ref equal ignoring case."""
    wanted = sorted({ref for ref in refs if 0 < len(ref) <= _MAX_REF})
    if not wanted:
        return {}
    with database.session() as session:
        exact = dict(session.execute(select(Employee.ref, Employee.id)
                                     .where(Employee.ref.in_(wanted))).all())
        missing = {ref.lower(): ref for ref in wanted if ref not in exact}
        folded: dict[str, list[int]] = {}
        if missing:
            rows = session.execute(select(Employee.ref, Employee.id).where(
                func.lower(Employee.ref).in_(sorted(missing))))
            for ref, employee_id in rows:
                folded.setdefault(ref.lower(), []).append(employee_id)
    found = dict(exact)
    for lowered, ref in missing.items():
        if len(folded.get(lowered, [])) == 1:
            found[ref] = folded[lowered][0]
    return found


def _digest(resume: Resume) -> str:
    """A short name of a resume's text (the same text, whitespace aside, gives the same)."""
    text = " ".join(resume.text.split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_DIGEST_CHARS]


def resume_evidence_detail(skill: ResumeSkill, *, digest: str) -> str:
    """The detail of a resume's evidence of a skill: the resume's digest, where the resume
    shows the skill (the first span's words and section) and why its level, truncated."""
    parts = [f"resume {digest}"]
    if skill.evidence:
        span = skill.evidence[0]
        parts.append(f"'{' '.join(span.surface.split())}'"
                     + (f" ({span.section})" if span.section else ""))
    if skill.why:
        parts.append(" ".join(skill.why))
    text = " · ".join(parts)
    return text if len(text) <= MAX_DETAIL else text[:MAX_DETAIL - 1] + "…"


def _parse(entry: _Entry, settings: Settings, today: date) -> Resume | tuple[str, str]:
    """The parsed resume, or the code and message of why it could not be read."""
    assert entry.path is not None
    try:
        return parse_resume(entry.path, id=entry.ref, settings=settings, today=today)
    except InputError as exc:  # never show where the server keeps the file
        return exc.code, exc.message.replace(str(entry.path), entry.name).replace(
            str(entry.path.parent), "")


def _audit(database: Database, *, actor: Actor, number: int, report: ResumeFileReport,
           evidence_ids: Sequence[int] = ()) -> None:
    with database.session() as session:
        _record(session, actor=actor, number=number, report=report, evidence_ids=evidence_ids)


def _record(session: Session, *, actor: Actor, number: int, report: ResumeFileReport,
            evidence_ids: Sequence[int]) -> None:
    """The file's one audit event: its number in the upload, status, ids and skill slugs."""
    record_event(session, actor=actor, action="import", resource="employee_resume",
                 resource_id=report.employee_id,
                 detail={"file": number, "status": report.status,
                         "evidence_ids": list(evidence_ids), "skills": list(report.skills_added),
                         "levels_changed": report.levels_changed})


def _store(database: Database, *, actor: Actor, number: int, entry: _Entry, employee_id: int,
           resume: Resume, today: date) -> ResumeFileReport:
    """Add the resume's new evidence to the employee, derive the levels, audit; one
    transaction."""
    digest = _digest(resume)
    slugs = [skill.slug for skill in resume.skills]
    with database.session() as session:
        existing = session.execute(select(SkillEvidence.skill_slug, SkillEvidence.detail).where(
            SkillEvidence.employee_id == employee_id, SkillEvidence.source == "resume",
            SkillEvidence.skill_slug.in_(slugs))).all() if slugs else []
        seen = {(slug, detail) for slug, detail in existing} \
            | {(slug, detail.split(" · ", 1)[0]) for slug, detail in existing}
        added: list[SkillEvidence] = []
        for skill in resume.skills:
            detail = resume_evidence_detail(skill, digest=digest)
            if (skill.slug, detail) in seen or (skill.slug, f"resume {digest}") in seen:
                continue
            observed = skill.last_used if skill.last_used and skill.last_used <= today \
                else today
            piece = SkillEvidence(employee_id=employee_id, skill_slug=skill.slug,
                                  source="resume", level=max(0, min(int(skill.level), MAX_LEVEL)),
                                  observed_on=observed, detail=detail,
                                  recorded_by=actor.user_id)
            session.add(piece)
            added.append(piece)
            seen.add((skill.slug, detail))
        session.flush()
        changed = refresh_levels(session, pairs=[(employee_id, p.skill_slug) for p in added])
        warnings = () if resume.skills else ("No skill of the framework found in the resume.",)
        report = ResumeFileReport(
            file=entry.name, ref=entry.ref, status="imported" if added else "unchanged",
            employee_id=employee_id, skills_found=len(resume.skills),
            skills_added=tuple(p.skill_slug for p in added), levels_changed=changed,
            warnings=warnings)
        _record(session, actor=actor, number=number, report=report,
                evidence_ids=[p.id for p in added])
    return report


def _import_one(database: Database, *, actor: Actor, settings: Settings, number: int,
                entry: _Entry, employee_id: int | None, today: date) -> ResumeFileReport:
    if entry.failure is not None or entry.path is None:
        failure = entry.failure or InputError(f"{entry.name} was not saved.")
        report = ResumeFileReport(file=entry.name, ref=entry.ref, status="error",
                                  employee_id=employee_id, code=failure.code,
                                  error=failure.message)
    elif employee_id is None:
        report = ResumeFileReport(
            file=entry.name, ref=entry.ref, status="unknown_employee",
            error=f"No employee has the ref {entry.ref!r} (the file's name without its "
                  "extension). Name each resume after its employee's ref, e.g. E014.pdf.")
    else:
        parsed = _parse(entry, settings, today)
        if isinstance(parsed, Resume):
            return _store(database, actor=actor, number=number, entry=entry,
                          employee_id=employee_id, resume=parsed, today=today)
        report = ResumeFileReport(file=entry.name, ref=entry.ref, status="error",
                                  employee_id=employee_id, code=parsed[0], error=parsed[1])
    _audit(database, actor=actor, number=number, report=report)
    return report


def import_employee_resumes(database: Database, *, files: Sequence[tuple[str | None, BinaryIO]],
                            actor: Actor, settings: Settings,
                            today: date | None = None) -> ResumeImportReport:
    """Import employees' resumes given as (file name, stream), each named after its
    employee's ref (see the module docstring); hr and admin only. One report per file."""
    require_hr(actor, "import employees' resumes")
    if not 1 <= len(files) <= MAX_FILES:
        raise ParameterError.invalid("files", "import_employee_resumes",
                                     f"1 to {MAX_FILES} files", f"{len(files)} files")
    day = today or date.today()
    folder = settings.data_dir / "uploads" / f"employee-resumes-{uuid.uuid4().hex}"
    try:
        entries = _entries(files, folder=folder, settings=settings)
        ids = _employee_ids(database, [entry.ref for entry in entries])
        reports = [_import_one(database, actor=actor, settings=settings, number=number,
                               entry=entry, employee_id=ids.get(entry.ref), today=day)
                   for number, entry in enumerate(entries, start=1)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ResumeImportReport(files=tuple(reports))
