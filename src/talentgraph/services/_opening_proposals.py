"""An opening's requirements proposed from a job description (pasted text, or an uploaded
text, Markdown, PDF or DOCX file): skills with target levels and weights, least years and
degree, role family and level. Nothing is saved: the recruiter confirms (and edits) them and
creates the opening with POST /openings.
"""

from __future__ import annotations

import functools
import shutil
import uuid
from dataclasses import dataclass
from typing import Any, BinaryIO

from talentgraph.domain import Actor
from talentgraph.errors import InputError, ParameterError
from talentgraph.match import opening_from_text
from talentgraph.services._recruiting_scope import RECRUITER_ROLES, require_role
from talentgraph.services._uploads import save_upload
from talentgraph.settings import Settings
from talentgraph.taxonomy import load_taxonomy
from talentgraph.text import read_document

__all__ = ["MAX_JD_CHARS", "OpeningProposal", "ProposedSkill", "propose_opening"]

#: The longest job description read.
MAX_JD_CHARS = 50_000


@dataclass(frozen=True, slots=True)
class ProposedSkill:
    """A skill the description asks for: slug, names, target level 0-4 and weight."""

    skill: str
    name_en: str
    name_zh: str | None
    level: int
    weight: float


@dataclass(frozen=True, slots=True)
class OpeningProposal:
    """The requirements read from a job description, to confirm before creating the opening."""

    title: str
    role_family: str | None
    level: str | None
    skills: list[ProposedSkill]
    min_years: float | None
    education_min: str | None
    language: str | None
    description: str


@functools.lru_cache(maxsize=1)
def _pipeline() -> Any:
    """The full extraction pipeline, built once per process (seconds to build)."""
    from talentgraph.extract import build_pipeline

    return build_pipeline()


def _names(slug: str) -> tuple[str, str | None]:
    taxonomy = load_taxonomy()
    if slug not in taxonomy:
        return slug, None
    skill = taxonomy.get(slug)
    return skill.name_en, skill.name_zh or None


def _read_upload(settings: Settings, name: str | None, stream: BinaryIO) -> str:
    """The text of an uploaded document, read from a private folder removed afterwards."""
    folder = settings.data_dir / "uploads" / f"jd-{uuid.uuid4().hex}"
    try:
        path = save_upload(settings, name=name, stream=stream, folder=folder)
        try:
            return read_document(path, settings=settings)
        except InputError as exc:  # never show where the server keeps the file
            exc.message = exc.message.replace(str(path), path.name)
            raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def propose_opening(*, actor: Actor, settings: Settings, text: str | None = None,
                    file: tuple[str | None, BinaryIO] | None = None, title: str | None = None,
                    pipeline: Any = None) -> OpeningProposal:
    """The requirements of the job description pasted as ``text`` or uploaded as ``file``
    (name, stream), one of them; ``title`` defaults to the description's first line."""
    require_role(actor, RECRUITER_ROLES, "extract openings")
    if (text is None or not text.strip()) == (file is None):
        raise ParameterError("Give the job description as 'text' or as a 'file', one of them.",
                             details=["Paste the text, or upload a .txt, .md, .pdf or .docx."])
    if file is not None:
        text = _read_upload(settings, *file)
    assert text is not None
    text = text[:MAX_JD_CHARS]
    spec = opening_from_text(text, title=title.strip() if title and title.strip() else None,
                             pipeline=pipeline or _pipeline())
    skills = []
    for requirement in spec.skills:
        name_en, name_zh = _names(requirement.slug)
        skills.append(ProposedSkill(skill=requirement.slug, name_en=name_en, name_zh=name_zh,
                                    level=requirement.level,
                                    weight=round(float(requirement.weight), 3)))
    return OpeningProposal(title=spec.title[:300], role_family=spec.role_family,
                           level=spec.level, skills=skills, min_years=spec.min_years,
                           education_min=spec.education_min, language=spec.language,
                           description=text)
