"""``talentgraph plan``: a skill profile and a target role level -> the gaps and an ordered
learning path with resources, hours, checks and weeks, as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from talentgraph.errors import BadRecordError, FileNotFoundInputError, ParameterError

_EXAMPLE = '{"skills": {"python": 3, "PyTorch": 2, "大模型": 1, "微调": 1}}'


def _read_json(path: Path, what: str) -> Any:
    if not path.is_file():
        state = "is a folder, not a file" if path.is_dir() else "does not exist"
        raise FileNotFoundInputError(f"The {what} file {str(path)!r} {state}. Expected a JSON "
                                     "file. Check the path and the current directory.")
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRecordError(f"The {what} file {str(path)!r} is not valid UTF-8 JSON ({exc}). "
                             f"Expected e.g. {_EXAMPLE}") from exc


def _profile_skills(data: Any, path: Path) -> dict[str, Any]:
    skills = data.get("skills") if isinstance(data, dict) else data
    if not isinstance(skills, dict):
        raise BadRecordError(f"The profile file {str(path)!r} must be an object with a "
                             "\"skills\" object of skill names or slugs to levels 0-4. Expected "
                             f"e.g. {_EXAMPLE}. Got {type(skills).__name__} instead.")
    return skills


def _role(taxonomy: Any, term: str) -> Any:
    roles = taxonomy.roles
    if term in roles:
        return roles[term]
    key = term.strip().casefold()
    for role in roles.values():
        if key in {role.slug.casefold(), role.name_en.casefold(), role.name_zh.casefold()}:
            return role
    raise ParameterError.invalid("--role", "talentgraph plan",
                                 "a role family slug or name: " + ", ".join(sorted(roles)), term)


def plan_command(
    profile: Path = typer.Option(..., "--profile", help='Skill profile JSON: {"skills": '
                                 '{"<slug or name>": level 0-4}}; names in Chinese or English.'),
    role: str = typer.Option(..., "--role", help="Target role family (slug or name), e.g. "
                             "llm-algorithm-engineer (see: talentgraph taxonomy roles)."),
    level: str = typer.Option(..., "--level", help="Target role level: L1..L5."),
    hours_per_week: float = typer.Option(5.0, "--hours-per-week", min=0.5, max=168,
                                         help="Hours of learning a week."),
    language: str | None = typer.Option(None, "--language", help="Prefer resources in this "
                                        "language: en or zh (default: no preference)."),
    resources: Path | None = typer.Option(None, "--resources", help="Your organisation's own "
                                          "resources: a JSON list in the catalogue schema "
                                          "(docs/cultivation.md)."),
    out: Path | None = typer.Option(None, "--out", help="Write the plan here instead of "
                                    "printing it."),
) -> None:
    """Gap analysis and an ordered learning path for a skill profile and a target role level.

    Prerequisites come first; each step lists resources, hours and the check that proves it.

    Example: talentgraph plan --profile me.json --role llm-algorithm-engineer --level L3
    --hours-per-week 6 --out plan.json
    """
    from talentgraph.plan import (
        analyse_gap,
        build_learning_path,
        check_role_level,
        load_catalogue,
        resolve_profile,
    )
    from talentgraph.taxonomy import load_taxonomy

    if language is not None and language not in ("en", "zh"):
        raise ParameterError.invalid("--language", "talentgraph plan", "'en' or 'zh'", language)
    taxonomy = load_taxonomy()
    skills = resolve_profile(_profile_skills(_read_json(profile, "profile"), profile),
                             taxonomy=taxonomy)
    extra = _read_json(resources, "resources") if resources is not None else []
    if not isinstance(extra, list):
        raise BadRecordError(f"The resources file {str(resources)!r} must be a JSON list of "
                             f"resources. Got {type(extra).__name__} instead.")
    catalogue = load_catalogue(extra, taxonomy=taxonomy)
    target = _role(taxonomy, role)
    check_role_level(target, level, owner="talentgraph plan")
    gap = analyse_gap(skills, role=target, level=level)
    path = build_learning_path(gap, taxonomy=taxonomy, catalogue=catalogue,
                               hours_per_week=hours_per_week, language=language,
                               profile=skills)
    text = json.dumps(path.to_dict(), ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    typer.echo(f"wrote {out}: {len(path.steps)} steps, {path.total_hours:g} hours, "
               f"{path.weeks} weeks at {hours_per_week:g} h/week; "
               f"{len(path.uncovered)} without resources")


def register(app: typer.Typer) -> None:
    """Add ``plan``."""
    app.command("plan")(plan_command)
