"""Parse a resume (PDF, DOCX, TXT, Markdown; Chinese or English) into a ``Resume``.

    file or text -> text (guards: size, pages, zip bomb, image-only, empty)
        -> language, sections (教育背景/Education, 工作经历/Experience, 项目经历/Projects, ...)
        -> contact (_resume_contact) -> education (_resume_education)
        -> work, projects, total years (_resume_work)
        -> skills: pipeline mentions with evidence spans, then levels (_resume_skills)

Nothing is invented: a field the resume does not show is None or empty, and a file that cannot
be read raises an InputError subclass (FileNotFoundInputError, EmptyInputError for an empty or
image-only file, CorruptDocumentError, InputTooLargeError for a file over the size or page
limit or a DOCX that unpacks too large, UnsupportedFormatError), never a half-filled Resume.

``Resume.sections`` maps each section kind to its span; a kind found again gets a number
(``experience``, ``experience_2``).
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from pathlib import Path

from talentgraph.domain import Record, Resume, Section
from talentgraph.errors import EmptyInputError, InputTooLargeError, ParameterError
from talentgraph.extract._pipeline import Pipeline, build_pipeline
from talentgraph.extract._resume_contact import extract_emails, extract_name, extract_phones
from talentgraph.extract._resume_education import highest_degree, parse_education
from talentgraph.extract._resume_skills import infer_skills
from talentgraph.extract._resume_work import parse_projects, parse_work, total_years
from talentgraph.settings import Settings, get_settings
from talentgraph.text import DOCUMENT_FORMATS, detect_language, read_document, split_sections

__all__ = ["RESUME_COMPONENTS", "RESUME_HEADINGS", "parse_resume", "resume_sections"]

#: The pipeline components a resume needs: exact skill matching with evidence spans (fast).
RESUME_COMPONENTS = ("normalise", "sections", "skills_exact", "finalise")
#: Resume headings beyond the posting ones in ``text.SECTION_HEADINGS``.
RESUME_HEADINGS: dict[str, tuple[str, ...]] = {
    "objective": ("求职意向", "求职目标", "Objective", "Career objective", "Career goal"),
    "experience": ("工作履历", "实习经验", "职业经历", "Internship", "Internships",
                   "Internship experience", "Work Experience", "Professional Experience",
                   "Company Details", "Career history"),
    "education": ("学习经历", "教育情况", "Academic background", "Education details",
                  "Academic qualifications", "Qualifications and education"),
    "projects": ("项目背景", "科研经历", "科研项目", "Personal projects", "Key projects",
                 "Research experience", "Research projects"),
    "skills": ("技术栈", "技能清单", "专业能力", "技术能力", "IT技能", "Skill details",
               "Skills & tools", "Skills and tools", "Tech stack", "Technical expertise",
               "Core competencies"),
    "certifications": ("证书", "资格证书", "证书资质", "Certifications", "Certificates",
                       "Licenses & certifications"),
    "interests": ("兴趣爱好", "Interests", "Hobbies"),
}
_TEXT_ID_CHARS = 12


@functools.lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    """The shared resume pipeline, built and initialised on first use."""
    return build_pipeline(components=RESUME_COMPONENTS).initialize()


def _is_path(value: str) -> bool:
    """A one-line string naming a document file (by extension or because it exists)."""
    if "\n" in value or len(value) > 1024 or not value.strip():
        return False
    path = Path(value.strip())
    try:
        return path.suffix.lower().lstrip(".") in DOCUMENT_FORMATS or path.is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL in it: text
        return False


def _read(path_or_text: str | Path, settings: Settings) -> tuple[str, str | None]:
    """(text, file name or None for text given directly)."""
    if isinstance(path_or_text, Path) or (isinstance(path_or_text, str)
                                         and _is_path(path_or_text)):
        path = Path(path_or_text)
        return read_document(path, settings=settings), path.name
    if not isinstance(path_or_text, str):
        raise ParameterError.invalid("path_or_text", "parse_resume",
                                     "a file path (str or Path) or the resume text",
                                     type(path_or_text).__name__)
    size = len(path_or_text.encode("utf-8"))
    if size > settings.max_file_bytes:
        raise InputTooLargeError(
            f"The resume text is {size} bytes; at most {settings.max_file_bytes} are read. "
            f"Expected one resume. Shorten it or raise TALENTGRAPH_MAX_FILE_BYTES."
        )
    if not path_or_text.strip():
        raise EmptyInputError("The resume text is empty. Expected the text of a resume.")
    return path_or_text, None


_ENTRY_SECTIONS = ("experience", "projects", "education")
#: Kinds that, inside a resume entry, are sub-labels of the entry (工作内容：, Responsibilities).
_FOLDED_KINDS = ("other", "responsibilities", "requirements", "preferred", "benefits", "company")


def _heading_depth(text: str, section: Section) -> int:
    """The Markdown level of a section's heading line (``##`` -> 2), 0 when not ``#``-marked."""
    line = text[section.start:text.find("\n", section.start) % (len(text) + 1)].lstrip()
    return len(line) - len(line.lstrip("#"))


def resume_sections(text: str) -> list[Section]:
    """The sections of a resume. Inside experience, projects or education, a heading of no
    known kind (a bold job title, a ``###`` project name) or of a posting's kind (工作内容：,
    Responsibilities) belongs to the entry, not a new section; a Markdown heading as high as
    the section's own still ends it."""
    merged: list[Section] = []
    for section in split_sections(text, extra_headings=RESUME_HEADINGS):
        if merged and section.kind in _FOLDED_KINDS and merged[-1].kind in _ENTRY_SECTIONS:
            depth, outer = _heading_depth(text, section), _heading_depth(text, merged[-1])
            if depth == 0 or depth > outer > 0:
                last = merged[-1]
                merged[-1] = Section(kind=last.kind, start=last.start, end=section.end,
                                     heading=last.heading)
                continue
        merged.append(section)
    return merged


def _section_map(sections: list[Section]) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for section in sections:
        key, number = section.kind, 1
        while key in found:
            number += 1
            key = f"{section.kind}_{number}"
        found[key] = (section.start, section.end)
    return found


def parse_resume(
    path_or_text: str | Path,
    *,
    id: str | None = None,  # noqa: A002 - the documented name of the resume's id
    pipeline: Pipeline | None = None,
    settings: Settings | None = None,
    today: date | None = None,
) -> Resume:
    """Read one resume (a file path, or its text) into a ``Resume``; see the module docstring.

    A ``str`` is a path when it is one line that ends in .pdf/.docx/.txt/.md or names an
    existing file; otherwise it is the resume's text. ``id`` defaults to the file name, or
    ``resume-<sha1 of the text>``. ``pipeline`` (reuse one across many resumes) defaults to
    the exact-only skill components; ``today`` (for 至今/Present) defaults to today.
    """
    settings = settings or get_settings()
    today = today or date.today()
    text, name = _read(path_or_text, settings)
    if id is None:
        digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()
        id = name or f"resume-{digest[:_TEXT_ID_CHARS]}"  # noqa: A001
    language = detect_language(text)
    sections = resume_sections(text)
    education = parse_education(text, sections, today=today)
    work, work_dated = parse_work(text, sections, today=today)
    projects, project_dated = parse_projects(text, sections, today=today)
    extraction = (pipeline or _default_pipeline())(Record(id=id, text=text, source=name))
    skills = infer_skills(text, extraction.skills, sections=sections,
                          dated=work_dated + project_dated, today=today)
    return Resume(
        id=id,
        text=text,
        language=language,
        name=extract_name(text),
        emails=extract_emails(text),
        phones=extract_phones(text),
        education=tuple(education),
        work=tuple(work),
        projects=tuple(projects),
        skills=tuple(skills),
        total_years=total_years(work, work_dated),
        highest_degree=highest_degree(education),
        sections=_section_map(sections),
    )
