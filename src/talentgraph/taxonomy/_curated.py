"""Read the curated layer (``taxonomy_src/curated/*.yaml``) and ``taxonomy_src/roles.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentgraph.errors import TaxonomyBuildError
from talentgraph.taxonomy._schema import (
    SchemaContext,
    parse_categories,
    parse_roles,
    parse_skills,
    read_yaml,
)

__all__ = ["CuratedSources", "read_curated"]

_FIX = "Fix the entry (schema: taxonomy_src/README.md)."


@dataclass
class CuratedSources:
    """The curated layer as validated plain dicts, plus the files read (for the version hash)."""

    categories: list[dict[str, Any]] = field(default_factory=list)
    skills: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_curated(src: Path) -> CuratedSources:
    """Every ``curated/*.yaml`` under ``src`` (sorted by name) and ``roles.yaml`` if present."""
    curated_dir = src / "curated"
    if not curated_dir.is_dir():
        raise TaxonomyBuildError(
            f"The curated skill layer is missing. Expected a folder 'curated/' with *.yaml files "
            f"in {src}; got no such folder. Fix: run the build from the repository root or pass "
            "--src taxonomy_src."
        )
    out = CuratedSources()
    seen: dict[str, str] = {}
    for path in sorted(curated_dir.glob("*.yaml")):
        ctx = SchemaContext(path, TaxonomyBuildError, _FIX)
        data = read_yaml(path, ctx)
        out.files.append(path)
        out.categories.extend(parse_categories(data, ctx))
        for skill in parse_skills(data, ctx, source="curated"):
            if skill["slug"] in seen:
                raise TaxonomyBuildError(
                    f"The slug {skill['slug']!r} is defined twice: in {seen[skill['slug']]} and "
                    f"in {skill['origin']}. Expected every slug unique across all curated files. "
                    "Fix: merge the two entries or rename the newer one."
                )
            seen[skill["slug"]] = skill["origin"]
            out.skills.append(skill)
    if not out.files:
        out.warnings.append(f"no curated YAML files found in {curated_dir}")
    roles_path = src / "roles.yaml"
    if roles_path.is_file():
        ctx = SchemaContext(roles_path, TaxonomyBuildError, _FIX)
        out.roles = parse_roles(read_yaml(roles_path, ctx), ctx, source="curated")
        out.files.append(roles_path)
    else:
        out.warnings.append(f"{roles_path} not found: building without role families")
    return out
