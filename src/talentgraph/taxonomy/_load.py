"""Load the shipped taxonomy (cached) and merge an organisation's YAML overlay into it."""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from talentgraph.errors import CyclicPrerequisiteError, OverlayError, TaxonomyError
from talentgraph.taxonomy._build import AMBIGUOUS, EXACT, _compact, _curated_record
from talentgraph.taxonomy._exactness import alias_flags
from talentgraph.taxonomy._graph import check_acyclic
from talentgraph.taxonomy._keys import has_cjk, to_traditional
from talentgraph.taxonomy._schema import (
    SchemaContext,
    parse_aliases,
    parse_categories,
    parse_roles,
    parse_skills,
    read_yaml,
)
from talentgraph.taxonomy._taxonomy import Taxonomy

__all__ = ["apply_overlay", "load_taxonomy", "read_taxonomy_file", "shipped_path"]

_FIX = "Fix the overlay (format: docs/taxonomy.md, 'Organisation overlay')."


def shipped_path() -> Path:
    """Where the shipped ``taxonomy.json.gz`` lives inside the package."""
    return Path(str(resources.files("talentgraph.taxonomy") / "data" / "taxonomy.json.gz"))


def read_taxonomy_file(path: Path) -> dict[str, Any]:
    """The decoded JSON of a built taxonomy file."""
    if not path.is_file():
        raise TaxonomyError(
            f"The taxonomy file is missing. Expected {path.name} at {path}; got no such file. "
            "Fix: run 'talentgraph taxonomy build' (or reinstall talentgraph).")
    with gzip.open(path, "rb") as handle:
        data: dict[str, Any] = json.loads(handle.read())
    return data


@lru_cache(maxsize=1)
def _shipped() -> Taxonomy:
    return Taxonomy(read_taxonomy_file(shipped_path()))


@lru_cache(maxsize=4)
def _with_overlay(path: Path, _mtime_ns: int, _size: int) -> Taxonomy:
    return Taxonomy(apply_overlay(read_taxonomy_file(shipped_path()), path))


def load_taxonomy(overlay: Path | None = None) -> Taxonomy:
    """The shipped taxonomy, with the organisation overlay merged in when one is configured.

    ``overlay`` defaults to ``Settings.taxonomy_overlay`` (``TALENTGRAPH_TAXONOMY_OVERLAY``).
    The shipped taxonomy is cached; an overlay is re-read when its file changes.
    """
    if overlay is None:
        from talentgraph.settings import get_settings

        overlay = get_settings().taxonomy_overlay
    if overlay is None:
        return _shipped()
    path = Path(overlay).resolve()
    if not path.is_file():
        raise OverlayError(
            f"The taxonomy overlay file is missing. Expected a YAML file at {overlay}; got no "
            "such file. Fix: correct the path (--overlay or TALENTGRAPH_TAXONOMY_OVERLAY).")
    stat = path.stat()
    return _with_overlay(path, stat.st_mtime_ns, stat.st_size)


def apply_overlay(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """A copy of taxonomy ``data`` with the overlay at ``path`` merged in (raises OverlayError)."""
    ctx = SchemaContext(path, OverlayError, _FIX)
    overlay = read_yaml(path, ctx)
    unknown = sorted(set(overlay) - {"categories", "skills", "aliases", "roles"})
    if unknown:
        raise ctx.fail("the top level", unknown[0], "one of categories, skills, aliases, roles",
                       unknown[0])
    categories = {c["id"]: dict(c) for c in data.get("categories", ())}
    for cat in parse_categories(overlay, ctx):
        if cat["id"] not in categories:
            parent = cat["id"].rsplit("/", 1)[0] if "/" in cat["id"] else None
            categories[cat["id"]] = _compact({**cat, "parent": parent})
    skills = {r["s"]: r for r in data["skills"]}
    new_skills = parse_skills(overlay, ctx, source="org")
    for skill in new_skills:
        where = skill["origin"].split(": ", 1)[1]
        if skill["slug"] in skills:
            raise ctx.fail(where, "slug", "a slug not already in the taxonomy (to add aliases to "
                           "an existing skill use 'aliases:')", skill["slug"])
        if skill["category"] and skill["category"] not in categories:
            raise ctx.fail(where, "category", "an existing category id or one declared under "
                           "'categories:'", skill["category"])
        skills[skill["slug"]] = _compact(_curated_record(skill))
        skills[skill["slug"]].setdefault("src", "org")
    for skill in new_skills:
        where = skill["origin"].split(": ", 1)[1]
        for prereq in skill["prerequisites"]:
            if prereq not in skills:
                raise ctx.fail(where, "prerequisites", "existing skill slugs", prereq)
    for entry in parse_aliases(overlay, ctx):
        where = entry["origin"].split(": ", 1)[1]
        if entry["slug"] not in skills:
            raise ctx.fail(where, "slug", "an existing skill slug", entry["slug"])
        record = skills[entry["slug"]] = dict(skills[entry["slug"]])
        aliases = list(record.get("a", ()))
        seen = {a[0] for a in aliases}
        for lang in ("en", "zh"):
            for text in entry[f"aliases_{lang}"]:
                is_exact, is_ambiguous = alias_flags(
                    text, source="org", skill_name_en=record["en"],
                    is_skill_ambiguous=bool(record.get("amb")))
                bits = (EXACT if is_exact else 0) | (AMBIGUOUS if is_ambiguous else 0)
                variants = [text] + ([to_traditional(text)] if lang == "zh" and has_cjk(text)
                                     else [])
                for variant in variants:
                    if variant not in seen:
                        seen.add(variant)
                        aliases.append([variant, lang, bits, "org"])
        record["a"] = aliases
    try:
        check_acyclic({s: r.get("p", ()) for s, r in skills.items()})
    except CyclicPrerequisiteError as exc:
        raise OverlayError(f"{path.name}: {exc.message} (file: {path})",
                           details=exc.details) from exc
    roles = {r["slug"]: r for r in data.get("roles", ())}
    for role in parse_roles(overlay, ctx, source="org"):
        where = role.pop("origin").split(": ", 1)[1]
        for j, req in enumerate(role["skills"]):
            if req["skill"] not in skills:
                raise ctx.fail(f"{where} skills[{j}]", "skill", "an existing skill slug",
                               req["skill"])
        roles[role["slug"]] = role
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    return {
        **data,
        "version": f"{data['version']}.org{digest}",
        "categories": [categories[c] for c in sorted(categories)],
        "skills": [skills[s] for s in sorted(skills)],
        "roles": [roles[r] for r in sorted(roles)],
    }
