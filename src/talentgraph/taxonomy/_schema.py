"""Validate the YAML skill/role schema shared by the curated layer and organisation overlays.

Every problem names the file, the entry and the field, e.g.
``overlay.yaml: skills[3] (slug 'my-tool'): field 'type' must be one of technical, ... Got 'tol'``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from talentgraph.domain import SKILL_TYPES
from talentgraph.errors import TaxonomyError

__all__ = [
    "SLUG_PATTERN",
    "SchemaContext",
    "parse_aliases",
    "parse_categories",
    "parse_roles",
    "parse_skills",
    "read_yaml",
]

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LEVELS = ("L1", "L2", "L3", "L4", "L5")
_SKILL_FIELDS = {"slug", "en", "zh", "type", "category", "aliases_en", "aliases_zh",
                 "prerequisites", "esco", "onet", "ambiguous", "description"}
_ROLE_FIELDS = {"slug", "en", "zh", "description_en", "description_zh", "title_keywords_en",
                "title_keywords_zh", "levels", "skills"}


class SchemaContext:
    """Where entries come from and which error to raise for a bad one."""

    def __init__(self, path: Path, error: type[TaxonomyError], fix: str) -> None:
        self.path = path
        self.error = error
        self.fix = fix

    def fail(self, where: str, field: str | None, expected: str, got: object) -> TaxonomyError:
        """The error for ``field`` of entry ``where``: names file, entry, field, expected, got."""
        field_part = f" field {field!r}" if field else ""
        return self.error(
            f"{self.path.name}: {where}{field_part} must be {expected}. Got {got!r} instead. "
            f"{self.fix} (file: {self.path})"
        )


def read_yaml(path: Path, ctx: SchemaContext) -> dict[str, Any]:
    """The YAML mapping in ``path`` (an empty file is an empty mapping)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ctx.fail("the file", None, "an existing YAML file", str(path)) from exc
    except UnicodeDecodeError as exc:
        raise ctx.error(f"{path.name}: not UTF-8 text (bad byte at offset {exc.start}). "
                        f"Re-save it as UTF-8. {ctx.fix} (file: {path})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ctx.error(f"{path.name}: YAML syntax error{where}: {problem}. {ctx.fix} "
                        f"(file: {path})") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ctx.fail("the top level", None, "a mapping with keys such as 'skills:'",
                       type(data).__name__)
    return data


def _str(entry: dict[str, Any], field: str, where: str, ctx: SchemaContext, *,
         required: bool = False) -> str | None:
    value = entry.get(field)
    if value is None or value == "":
        if required:
            raise ctx.fail(where, field, "a non-empty string", value)
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ctx.fail(where, field, "a string", value)
    return value.strip()


def _str_list(entry: dict[str, Any], field: str, where: str, ctx: SchemaContext) -> list[str]:
    value = entry.get(field)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ctx.fail(where, field, "a list of strings", value)
    out = []
    for item in value:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            raise ctx.fail(where, field, "a list of non-empty strings", item)
        out.append(item.strip())
    return out


def _entries(data: dict[str, Any], key: str, ctx: SchemaContext) -> list[dict[str, Any]]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ctx.fail(f"'{key}:'", None, "a list of mappings", type(value).__name__)
    for i, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise ctx.fail(f"{key}[{i}]", None, "a mapping", entry)
    return value


def _where(key: str, i: int, entry: dict[str, Any]) -> str:
    slug = entry.get("slug")
    return f"{key}[{i}] (slug {slug!r})" if slug else f"{key}[{i}]"


def _slug(entry: dict[str, Any], where: str, ctx: SchemaContext, field: str = "slug") -> str:
    slug = _str(entry, field, where, ctx, required=True)
    assert slug is not None
    if not SLUG_PATTERN.match(slug):
        raise ctx.fail(where, field, "lowercase letters, digits and single hyphens ([a-z0-9-])",
                       slug)
    return slug


def parse_categories(data: dict[str, Any], ctx: SchemaContext) -> list[dict[str, Any]]:
    """The ``categories:`` entries as ``{id, en, zh}``."""
    out = []
    for i, entry in enumerate(_entries(data, "categories", ctx)):
        where = f"categories[{i}]"
        cid = _str(entry, "id", where, ctx, required=True)
        assert cid is not None
        if not re.match(r"^[a-z0-9][a-z0-9\-]*(?:/[a-z0-9][a-z0-9\-]*)*$", cid):
            raise ctx.fail(where, "id", "a path such as 'ai/llm/finetuning'", cid)
        out.append({"id": cid, "en": _str(entry, "en", where, ctx, required=True),
                    "zh": _str(entry, "zh", where, ctx)})
    return out


def parse_skills(data: dict[str, Any], ctx: SchemaContext, *, source: str) -> list[dict[str, Any]]:
    """The ``skills:`` entries, validated, as plain dicts in the build's internal form."""
    out = []
    for i, entry in enumerate(_entries(data, "skills", ctx)):
        where = _where("skills", i, entry)
        unknown = sorted(set(entry) - _SKILL_FIELDS)
        if unknown:
            raise ctx.fail(where, unknown[0], f"one of {', '.join(sorted(_SKILL_FIELDS))}",
                           unknown[0])
        slug = _slug(entry, where, ctx)
        skill_type = _str(entry, "type", where, ctx) or "technical"
        if skill_type not in SKILL_TYPES:
            raise ctx.fail(where, "type", f"one of {', '.join(SKILL_TYPES)}", skill_type)
        esco = _str(entry, "esco", where, ctx)
        if esco is not None and not esco.startswith("http://data.europa.eu/esco/skill/"):
            raise ctx.fail(where, "esco", "an ESCO skill URI (http://data.europa.eu/esco/skill/…)",
                           esco)
        ambiguous = entry.get("ambiguous", False)
        if not isinstance(ambiguous, bool):
            raise ctx.fail(where, "ambiguous", "true or false", ambiguous)
        prerequisites = _str_list(entry, "prerequisites", where, ctx)
        for prereq in prerequisites:
            if not SLUG_PATTERN.match(prereq):
                raise ctx.fail(where, "prerequisites", "a list of skill slugs", prereq)
        out.append({
            "slug": slug,
            "en": _str(entry, "en", where, ctx, required=True),
            "zh": _str(entry, "zh", where, ctx),
            "type": skill_type,
            "category": _str(entry, "category", where, ctx),
            "aliases_en": _str_list(entry, "aliases_en", where, ctx),
            "aliases_zh": _str_list(entry, "aliases_zh", where, ctx),
            "prerequisites": prerequisites,
            "esco_uri": esco,
            "onet": _str_list(entry, "onet", where, ctx),
            "ambiguous": ambiguous,
            "description": _str(entry, "description", where, ctx),
            "source": source,
            "origin": f"{ctx.path.name}: {where}",
        })
    return out


def parse_aliases(data: dict[str, Any], ctx: SchemaContext) -> list[dict[str, Any]]:
    """The overlay's ``aliases:`` entries as ``{slug, aliases_en, aliases_zh, origin}``."""
    out = []
    for i, entry in enumerate(_entries(data, "aliases", ctx)):
        where = _where("aliases", i, entry)
        unknown = sorted(set(entry) - {"slug", "aliases_en", "aliases_zh"})
        if unknown:
            raise ctx.fail(where, unknown[0], "one of aliases_en, aliases_zh, slug", unknown[0])
        aliases_en = _str_list(entry, "aliases_en", where, ctx)
        aliases_zh = _str_list(entry, "aliases_zh", where, ctx)
        if not aliases_en and not aliases_zh:
            raise ctx.fail(where, "aliases_en", "a non-empty list (or give aliases_zh)", None)
        out.append({"slug": _slug(entry, where, ctx), "aliases_en": aliases_en,
                    "aliases_zh": aliases_zh, "origin": f"{ctx.path.name}: {where}"})
    return out


def _role_levels(entry: dict[str, Any], where: str, ctx: SchemaContext) -> list[dict[str, Any]]:
    levels = entry.get("levels") or []
    if not isinstance(levels, list) or len(levels) != 5:
        raise ctx.fail(where, "levels", "a list of 5 levels L1..L5", levels)
    out = []
    for j, level in enumerate(levels):
        lwhere = f"{where} levels[{j}]"
        if not isinstance(level, dict):
            raise ctx.fail(lwhere, None, "a mapping", level)
        name = _str(level, "level", lwhere, ctx, required=True)
        if name != _LEVELS[j]:
            raise ctx.fail(lwhere, "level", repr(_LEVELS[j]), name)
        out.append({"level": name, "en": _str(level, "en", lwhere, ctx, required=True),
                    "zh": _str(level, "zh", lwhere, ctx, required=True),
                    "summary_en": _str(level, "summary_en", lwhere, ctx) or "",
                    "summary_zh": _str(level, "summary_zh", lwhere, ctx) or ""})
    return out


def _role_skills(entry: dict[str, Any], where: str, ctx: SchemaContext) -> list[dict[str, Any]]:
    skills = entry.get("skills") or []
    if not isinstance(skills, list):
        raise ctx.fail(where, "skills", "a list of {skill, weight, levels}", skills)
    out = []
    for j, req in enumerate(skills):
        swhere = f"{where} skills[{j}]"
        if not isinstance(req, dict):
            raise ctx.fail(swhere, None, "a mapping {skill, weight, levels}", req)
        slug = _slug(req, swhere, ctx, field="skill")
        weight = req.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
            raise ctx.fail(swhere, "weight", "a number >= 0", weight)
        levels = req.get("levels")
        if (not isinstance(levels, list) or len(levels) != 5
                or not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 4
                           for v in levels)):
            raise ctx.fail(swhere, "levels", "a list of 5 integers 0-4 (one per level L1..L5)",
                           levels)
        out.append({"skill": slug, "weight": float(weight), "levels": list(levels)})
    return out


def parse_roles(data: dict[str, Any], ctx: SchemaContext, *, source: str) -> list[dict[str, Any]]:
    """The ``roles:`` entries, validated, as plain dicts."""
    out = []
    for i, entry in enumerate(_entries(data, "roles", ctx)):
        where = _where("roles", i, entry)
        unknown = sorted(set(entry) - _ROLE_FIELDS)
        if unknown:
            raise ctx.fail(where, unknown[0], f"one of {', '.join(sorted(_ROLE_FIELDS))}",
                           unknown[0])
        out.append({
            "slug": _slug(entry, where, ctx),
            "en": _str(entry, "en", where, ctx, required=True),
            "zh": _str(entry, "zh", where, ctx, required=True),
            "description_en": _str(entry, "description_en", where, ctx) or "",
            "description_zh": _str(entry, "description_zh", where, ctx) or "",
            "title_keywords_en": _str_list(entry, "title_keywords_en", where, ctx),
            "title_keywords_zh": _str_list(entry, "title_keywords_zh", where, ctx),
            "levels": _role_levels(entry, where, ctx),
            "skills": _role_skills(entry, where, ctx),
            "source": source,
            "origin": f"{ctx.path.name}: {where}",
        })
    return out
