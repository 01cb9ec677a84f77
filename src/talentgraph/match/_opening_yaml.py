"""Read an opening from YAML. The schema (also in `talentgraph match --help`)::

    title: Senior LLM application engineer     # optional
    role_family: ai-application-engineer       # optional, a role family slug
    level: L3                                  # optional, L1..L5
    skills:                                    # required unless description is given
      - {skill: rag, level: 3, weight: 1.0}    # slug or a name in either language
      - {skill: PyTorch, level: 2}             # level defaults from the role / 2; weight 1.0
    description: |                             # optional: the text candidates are compared to
      Build retrieval-augmented assistants ...
    min_years: 3                               # optional
    education_min: bachelor                    # optional: none, associate, bachelor, master, phd

Every problem names the file, the entry and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from talentgraph.domain import EDUCATION_LEVELS
from talentgraph.errors import BadRecordError, FileNotFoundInputError, ParameterError
from talentgraph.match._opening import (
    ROLE_LEVELS,
    OpeningSpec,
    SkillRequirement,
    default_target,
)

__all__ = ["OPENING_FIELDS", "opening_from_yaml"]

#: The keys an opening YAML may have.
OPENING_FIELDS = ("title", "role_family", "level", "skills", "description", "min_years",
                  "education_min", "language")
_SKILL_FIELDS = ("skill", "level", "weight")
_EXAMPLE = "skills: [{skill: rag, level: 3, weight: 1.0}]"


def _fail(path: Path, where: str, expected: str, got: object) -> BadRecordError:
    return BadRecordError(f"{path.name}: {where} must be {expected}. Got {got!r} instead. "
                          f"Fix the opening file (schema: talentgraph match --help), e.g. {_EXAMPLE}")


def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        state = "is a folder, not a file" if path.is_dir() else "does not exist"
        raise FileNotFoundInputError(f"The opening file {str(path)!r} {state}. Expected a YAML "
                                     "file or a job description (txt, md, pdf, docx).")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise _fail(path, "the file", "UTF-8 text", f"a bad byte at offset {exc.start}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "the file"
        raise _fail(path, where, "valid YAML", getattr(exc, "problem", None) or str(exc)) from exc
    if not isinstance(data, dict):
        raise _fail(path, "the top level", "a mapping with keys such as 'skills:'",
                    type(data).__name__)
    unknown = sorted(set(map(str, data)) - set(OPENING_FIELDS))
    if unknown:
        raise _fail(path, f"key {unknown[0]!r}", f"one of {', '.join(OPENING_FIELDS)}",
                    unknown[0])
    return data


def _text(path: Path, data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _fail(path, f"field {key!r}", "a string", value)
    return value.strip()


def _slug(path: Path, where: str, term: object, taxonomy: Any) -> str:
    if not isinstance(term, str) or not term.strip():
        raise _fail(path, f"{where} field 'skill'", "a skill slug or name", term)
    if term in taxonomy:
        return term
    slug = taxonomy.resolve(term)
    if slug is None:
        raise _fail(path, f"{where} field 'skill'",
                    "a skill of the framework (see: talentgraph taxonomy search TERM)", term)
    return str(slug)


def _skill(path: Path, index: int, entry: object, *, taxonomy: Any, role: Any,
           level: str | None) -> SkillRequirement:
    where = f"skills[{index}]"
    if isinstance(entry, str):
        entry = {"skill": entry}
    if not isinstance(entry, dict):
        raise _fail(path, where, "a mapping {skill, level, weight}", entry)
    extra = sorted(set(map(str, entry)) - set(_SKILL_FIELDS))
    if extra:
        raise _fail(path, f"{where} key {extra[0]!r}", f"one of {', '.join(_SKILL_FIELDS)}",
                    extra[0])
    slug = _slug(path, where, entry.get("skill"), taxonomy)
    target = entry.get("level")
    if target is None:
        target = role.required_level(slug, level) if role is not None and level else 0
        target = target or default_target(None)
    if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target <= 4:
        raise _fail(path, f"{where} field 'level'", "an int in [0, 4]", target)
    weight = entry.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
        raise _fail(path, f"{where} field 'weight'", "a number > 0", weight)
    return SkillRequirement(slug=slug, level=target, weight=float(weight))


def opening_from_yaml(path: Path | str, *, taxonomy: Any = None) -> OpeningSpec:
    """The OpeningSpec in an opening YAML file (schema in this module's docstring)."""
    from talentgraph.taxonomy import load_taxonomy

    path = Path(path)
    data = _load(path)
    taxonomy = taxonomy or load_taxonomy()
    role_family = _text(path, data, "role_family")
    role = None
    if role_family is not None:
        role = taxonomy.roles.get(role_family)
        if role is None:
            raise _fail(path, "field 'role_family'", "a role family slug: "
                        + ", ".join(sorted(taxonomy.roles)), role_family)
    level = _text(path, data, "level")
    if level is not None and level.upper() not in ROLE_LEVELS:
        raise _fail(path, "field 'level'", f"one of {', '.join(ROLE_LEVELS)}", level)
    level = level.upper() if level else None
    raw_skills = data.get("skills") or []
    if not isinstance(raw_skills, list):
        raise _fail(path, "field 'skills'", "a list of {skill, level, weight}", raw_skills)
    skills = [_skill(path, i, entry, taxonomy=taxonomy, role=role, level=level)
              for i, entry in enumerate(raw_skills)]
    seen: set[str] = set()
    for i, req in enumerate(skills):
        if req.slug in seen:
            raise _fail(path, f"skills[{i}] field 'skill'", "a skill not listed before",
                        req.slug)
        seen.add(req.slug)
    min_years = data.get("min_years")
    if min_years is not None and (isinstance(min_years, bool)
                                  or not isinstance(min_years, (int, float))
                                  or not 0 <= min_years <= 60):
        raise _fail(path, "field 'min_years'", "a number in [0, 60]", min_years)
    education = _text(path, data, "education_min")
    if education is not None and education not in EDUCATION_LEVELS:
        raise _fail(path, "field 'education_min'", f"one of {', '.join(EDUCATION_LEVELS)}",
                    education)
    description = _text(path, data, "description") or ""
    title = _text(path, data, "title") or ""
    if not skills and not description and not title:
        raise _fail(path, "the opening", "at least 'skills' or a 'description'", data)
    try:
        return OpeningSpec(
            title=title, role_family=role_family, level=level, skills=tuple(skills),
            description=description,
            min_years=float(min_years) if min_years is not None else None,
            education_min=education, language=_text(path, data, "language"),
        )
    except ParameterError as exc:  # pragma: no cover - every field was checked above
        raise _fail(path, "the opening", "valid", exc.message) from exc
