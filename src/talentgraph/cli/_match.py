"""``talentgraph match``: rank a folder of resumes against one opening, with reasons, as CSV."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import typer

from talentgraph.errors import EmptyInputError, ParameterError, TalentGraphError

#: The columns of RANKING.csv, in order (the CLI contract of issue 6).
RANKING_COLUMNS = ("candidate", "score", "matched", "missing", "explanation")
_YAML_SUFFIXES = (".yaml", ".yml")


def _opening(path: Path, pipeline: Any) -> Any:
    from talentgraph.match import opening_from_text, opening_from_yaml
    from talentgraph.text import read_document

    if path.suffix.lower() in _YAML_SUFFIXES:
        return opening_from_yaml(path)
    return opening_from_text(read_document(path), pipeline=pipeline)


def _resumes(folder: Path, pipeline: Any, *, progress: bool) -> tuple[list[Any], list[str]]:
    """(parsed resumes, one message per unreadable file) for every file under ``folder``."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from talentgraph.extract import parse_resume
    from talentgraph.text import iter_paths

    paths = list(iter_paths([folder]))
    resumes, failures = [], []
    with Progress(TextColumn("reading resumes"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), disable=not progress,
                  transient=False) as bar:
        task = bar.add_task("read", total=len(paths))
        for path in paths:
            name = path.relative_to(folder).as_posix()
            try:
                resumes.append(parse_resume(path, id=name, pipeline=pipeline))
            except (TalentGraphError, OSError) as exc:
                code = getattr(exc, "code", "E0200")
                failures.append(f"{name}: Error {code}: {getattr(exc, 'message', exc)}")
            bar.advance(task)
    return resumes, failures


def _write(out: Path, results: list[Any]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RANKING_COLUMNS)
        for r in results:
            writer.writerow([
                r.candidate, f"{r.score:.2f}",
                ";".join(s.slug for s in (*r.matched, *r.partial)),
                ";".join(s.slug for s in r.missing), r.explanation,
            ])


def match_command(
    opening: Path = typer.Option(..., "--opening", help="The opening: a job description (txt, "
                                 "md, pdf, docx; its skills, years and degree are extracted) or "
                                 "an opening YAML (.yaml/.yml, schema below).", show_default=False),
    resumes: Path = typer.Option(..., "--resumes", help="A folder of resumes (txt, md, pdf, "
                                 "docx; read recursively).", show_default=False),
    out: Path = typer.Option(..., "--out", "-o", help="Write the ranking here (CSV).",
                             show_default=False),
    lang: str = typer.Option("en", "--lang", help="Language of the explanations: en or zh."),
    weights: str | None = typer.Option(None, "--weights", help="Weights of the score's parts, "
                                       "e.g. skills=0.5,similarity=0.3,experience=0.1,"
                                       "education=0.1 (the default); parts not named weigh 0; "
                                       "they must sum to 1."),
    progress: bool = typer.Option(True, "--progress/--no-progress",
                                  help="Show a progress bar on stderr."),
) -> None:
    """Rank every resume in a folder against one opening: a 0-100 fit score with its reasons.

    RANKING.csv has the columns candidate (the resume's file name), score, matched (skill slugs
    the resume shows, at the target level or partly), missing (skill slugs it does not show;
    both separated by ';') and explanation (levels against targets), best first. The score is the weighted sum of skill
    coverage (partial credit below the target level), similarity of the resume's experience to
    the job (multilingual: a Chinese description ranks English resumes), years against the
    minimum and degree against the minimum. Unreadable resumes are reported on stderr and
    skipped.

    Opening YAML: title, role_family, level (L1..L5), skills: [{skill, level 0-4, weight}],
    description, min_years, education_min (none, associate, bachelor, master, phd).

    Examples:

      talentgraph match --opening jd.pdf --resumes resumes/ --out ranking.csv

      talentgraph match --opening opening.yaml --resumes cvs/ --out r.csv --lang zh
      --weights skills=0.6,similarity=0.4
    """
    from talentgraph.extract import build_pipeline
    from talentgraph.match import LANGUAGES, CandidateRanker, MatchWeights

    if lang not in LANGUAGES:
        raise ParameterError.invalid("--lang", "talentgraph match",
                                     f"one of {', '.join(LANGUAGES)}", lang)
    if not resumes.is_dir():
        state = "is a file, not a folder" if resumes.exists() else "does not exist"
        raise ParameterError(f"--resumes {str(resumes)!r} {state}. Expected a folder of resume "
                             "files (txt, md, pdf, docx).")
    chosen = MatchWeights.parse(weights) if weights is not None else MatchWeights()
    pipeline = build_pipeline()
    spec = _opening(opening, pipeline)
    ranker = CandidateRanker(weights=chosen).fit(spec)
    parsed, failures = _resumes(resumes, pipeline, progress=progress)
    for message in failures:
        print(f"Skipped {message}", file=sys.stderr)
    if not parsed:
        raise EmptyInputError(f"No resume in {str(resumes)!r} could be read ({len(failures)} "
                              "unreadable). Expected txt, md, pdf or docx resumes with text.")
    results = ranker.rank(ranker.index(parsed), lang=lang)
    _write(out, results)
    print(f"{len(results)} candidates ranked, {len(failures)} unreadable resumes skipped; "
          f"wrote {out}.", file=sys.stderr)


def register(app: typer.Typer) -> None:
    """Add ``match``."""
    app.command("match")(match_command)
