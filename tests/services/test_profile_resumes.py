"""Employees' resumes in bulk (SQLite and PostgreSQL): files named after refs become resume
evidence and levels; importing again adds nothing; unknown refs, unreadable files and ZIPs;
hr and admin only; one audit event per file, with ids only."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

import pytest
from sqlalchemy import select

from talentgraph.domain import SYSTEM, Actor
from talentgraph.errors import ParameterError, PermissionDeniedError
from talentgraph.extract import parse_resume
from talentgraph.services import _people as people
from talentgraph.services._profile_resumes import (
    ResumeImportReport,
    import_employee_resumes,
    resume_evidence_detail,
)
from talentgraph.services._profiles import derive_level
from talentgraph.settings import Settings
from talentgraph.store import AuditEvent, Database, EmployeeSkill, SkillEvidence

RESUMES = Path(__file__).resolve().parents[1] / "data" / "resumes"
ZH = RESUMES / "zh_zhang_wei.txt"
EN = RESUMES / "en_emily_chen.md"
HR = Actor(user_id=None, username="hr-test", role="hr")
TODAY = date.today()


@pytest.fixture
def staff(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {ref: people.create_employee(session, actor=SYSTEM, fields={
            "ref": ref, "name": name, "role_family": "ml-engineer", "level": "L2"}).id
            for ref, name in (("E014", "张伟"), ("E015", "Emily"))}


def _settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", environment="test")


def _files(tmp_path: Path, named: dict[str, Path | bytes]) -> list[tuple[str, BinaryIO]]:
    """Streams of files copied (or written) under the given names in tmp_path."""
    found: list[tuple[str, BinaryIO]] = []
    for name, source in named.items():
        target = tmp_path / "upload" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copy(source, target)
        else:
            target.write_bytes(source)
        found.append((name, io.BytesIO(target.read_bytes())))
    return found


def _import(database: Database, tmp_path: Path, named: dict[str, Path | bytes], *,
            actor: Actor = HR, today: date | None = None) -> ResumeImportReport:
    return import_employee_resumes(database, files=_files(tmp_path, named), actor=actor,
                                   settings=_settings(tmp_path), today=today)


def _evidence(database: Database, employee_id: int) -> list[SkillEvidence]:
    with database.session() as session:
        return list(session.scalars(select(SkillEvidence).where(
            SkillEvidence.employee_id == employee_id).order_by(SkillEvidence.id)))


def _levels(database: Database, employee_id: int) -> dict[str, int]:
    with database.session() as session:
        return dict(session.execute(select(EmployeeSkill.skill_slug, EmployeeSkill.level).where(
            EmployeeSkill.employee_id == employee_id)).all())


def test_resumes_named_after_refs_become_resume_evidence_and_levels(
        database: Database, staff: dict[str, int], tmp_path: Path) -> None:
    report = _import(database, tmp_path, {"E014.txt": ZH, "e015.md": EN, "E999.txt": ZH,
                                          "E015.txt": b"   \n"})
    zh, en = parse_resume(ZH), parse_resume(EN)
    assert [(f.file, f.ref, f.status, f.employee_id) for f in report.files] == [
        ("E014.txt", "E014", "imported", staff["E014"]),
        ("e015.md", "e015", "imported", staff["E015"]),  # the ref matches ignoring case
        ("E999.txt", "E999", "unknown_employee", None),
        ("E015.txt", "E015", "error", staff["E015"])]
    first, second, unknown, empty = report.files
    assert first.skills_added == tuple(s.slug for s in zh.skills)
    assert first.skills_found == len(zh.skills) == 18
    assert second.skills_added == tuple(s.slug for s in en.skills)
    assert first.levels_changed == len(zh.skills)  # every skill is new on the profile
    assert not unknown.is_found and unknown.skills_added == ()
    assert unknown.error == ("No employee has the ref 'E999' (the file's name without its "
                             "extension). Name each resume after its employee's ref, e.g. "
                             "E014.pdf.")
    # an empty file: the reader's own message, nothing invented, no server path
    assert empty.code == "E0202" and empty.skills_added == ()
    assert "E015.txt" in (empty.error or "") and str(tmp_path) not in (empty.error or "")
    assert report.count("imported") == 2 and report.count("error") == 1
    assert report.evidence_added == len(zh.skills) + len(en.skills)

    stored = _evidence(database, staff["E014"])
    assert [(e.skill_slug, e.source, e.level) for e in stored] == [
        (s.slug, "resume", s.level) for s in zh.skills]
    python = next(e for e in stored if e.skill_slug == "python")
    resume_python = next(s for s in zh.skills if s.slug == "python")
    # last used "至今" (now): observed today; a skill last used in 2021 is dated then
    assert python.observed_on == min(resume_python.last_used or TODAY, TODAY)
    spark = next(e for e in stored if e.skill_slug == "spark")
    assert spark.observed_on == date(2021, 9, 1)
    assert python.detail.startswith("resume ") and " · 'Python' (experience) · " in python.detail
    assert "'精通' next to 'Python'" in python.detail
    assert python.detail == resume_evidence_detail(resume_python,
                                                   digest=python.detail.split()[1])
    cpp = next(e for e in stored if e.skill_slug == "cpp")
    assert cpp.observed_on == TODAY  # no dated use

    # levels follow the rule: resume evidence is a claim, capped at 2
    levels = _levels(database, staff["E014"])
    assert levels["python"] == 2 and levels["cpp"] == 2 and levels["machine-learning"] == 1
    with database.session() as session:
        for slug, level in levels.items():
            rows = session.scalars(select(SkillEvidence).where(
                SkillEvidence.employee_id == staff["E014"], SkillEvidence.skill_slug == slug))
            assert derive_level(list(rows)) == level
    assert _levels(database, staff["E015"])["pytorch"] == 2

    with database.session() as session:
        events = list(session.scalars(select(AuditEvent).where(
            AuditEvent.resource == "employee_resume").order_by(AuditEvent.id)))
    assert [(e.action, e.actor, e.resource_id, e.detail["file"], e.detail["status"])
            for e in events] == [
        ("import", "hr-test", str(staff["E014"]), 1, "imported"),
        ("import", "hr-test", str(staff["E015"]), 2, "imported"),
        ("import", "hr-test", None, 3, "unknown_employee"),
        ("import", "hr-test", str(staff["E015"]), 4, "error")]
    assert events[0].detail["evidence_ids"] == [e.id for e in stored]
    assert events[0].detail["skills"] == [s.slug for s in zh.skills]
    text = repr([e.detail for e in events])
    assert "E014" not in text and "Python" not in text and "精通" not in text


def test_importing_the_same_resume_again_adds_nothing(
        database: Database, staff: dict[str, int], tmp_path: Path) -> None:
    _import(database, tmp_path, {"E014.txt": ZH})
    before = [(e.id, e.detail) for e in _evidence(database, staff["E014"])]
    levels = _levels(database, staff["E014"])
    # months later the resume's "used N years up to now" reads differently: still the same
    # resume, so still nothing new
    for today in (None, TODAY + timedelta(days=400)):
        again = _import(database, tmp_path, {"E014.txt": ZH}, today=today)
        assert [(f.status, f.skills_added, f.levels_changed) for f in again.files] == [
            ("unchanged", (), 0)]
    assert [(e.id, e.detail) for e in _evidence(database, staff["E014"])] == before
    assert _levels(database, staff["E014"]) == levels
    # another resume of the same person adds its own evidence next to the first
    other = _import(database, tmp_path, {"E014.md": EN})
    assert other.files[0].status == "imported"
    assert len(_evidence(database, staff["E014"])) == len(before) + len(other.files[0]
                                                                        .skills_added)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_resumes_is_unpacked(database: Database, staff: dict[str, int],
                                      tmp_path: Path) -> None:
    archive = _zip({"batch/E014.txt": ZH.read_bytes(), "E015.md": EN.read_bytes(),
                    "__MACOSX/batch/._E014.txt": b"\x00\x05", "batch/.DS_Store": b"x",
                    "batch/": b""})
    report = _import(database, tmp_path, {"resumes.zip": archive, "broken.zip": b"not a zip"})
    assert [(f.file, f.ref, f.status) for f in report.files] == [
        ("resumes.zip/E014.txt", "E014", "imported"),
        ("resumes.zip/E015.md", "E015", "imported"),
        ("broken.zip", "broken", "error")]
    assert report.files[2].error == "broken.zip is not a readable ZIP archive."
    assert {e.skill_slug for e in _evidence(database, staff["E015"])} == \
        {s.slug for s in parse_resume(EN).skills}
    # nothing is left behind in the upload folder
    uploads = tmp_path / "data" / "uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_a_zip_member_over_the_size_limit_is_refused(database: Database,
                                                      staff: dict[str, int],
                                                      tmp_path: Path) -> None:
    archive = _zip({"E014.txt": b"Python " * 400, "E015.md": EN.read_bytes()})
    settings = Settings(data_dir=tmp_path / "data", environment="test", max_file_bytes=2000)
    report = import_employee_resumes(database, files=[("big.zip", io.BytesIO(archive))],
                                     actor=HR, settings=settings)
    assert [(f.ref, f.status, f.code) for f in report.files] == [
        ("E014", "error", "E0209"), ("E015", "imported", None)]
    assert report.files[0].error == "big.zip/E014.txt is over 2000 bytes once unpacked."
    assert _evidence(database, staff["E014"]) == []


def test_only_hr_and_admin_import_and_the_file_count_is_checked(
        database: Database, staff: dict[str, int], tmp_path: Path) -> None:
    employee = Actor(user_id=None, username="e", role="employee", employee_id=staff["E014"])
    with pytest.raises(PermissionDeniedError, match="Only hr and admin may import"):
        _import(database, tmp_path, {"E014.txt": ZH}, actor=employee)
    with pytest.raises(ParameterError, match="must be 1 to 100 files. Got '0 files'"):
        import_employee_resumes(database, files=[], actor=HR, settings=_settings(tmp_path))
    too_many = _zip({f"E{n:03d}.txt": b"Python" for n in range(101)})
    with pytest.raises(ParameterError, match="holds 101 files"):
        _import(database, tmp_path, {"all.zip": too_many})
    assert _evidence(database, staff["E014"]) == []
