"""``talentgraph market analyze``: from a pile of postings to a report people act on."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import typer

from talentgraph.errors import ParameterError

market_app = typer.Typer(
    help="Market demand analysis (人才需求分析): skills and roles in demand, trends, pay.",
    no_args_is_help=True,
)

_ENGINES = ("local", "spark")
_LANGS = ("en", "zh")


def _parse_map(items: list[str]) -> dict[str, str]:
    """``--map title=职位名称`` options as {field: column}."""
    from talentgraph.domain import POSTING_FIELDS

    mapping: dict[str, str] = {}
    for item in items:
        field, sep, column = item.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise ParameterError(
                f"--map {item!r} is not FIELD=COLUMN. Expected e.g. --map title=职位名称. "
                f"Fields: {', '.join(POSTING_FIELDS)}.")
        if field not in POSTING_FIELDS:
            raise ParameterError(
                f"--map {item!r}: {field!r} is not a posting field. Expected one of: "
                f"{', '.join(POSTING_FIELDS)}.")
        mapping[field] = column
    return mapping


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ParameterError(
            f"--reference-date {value!r} is not a date. Expected YYYY-MM-DD, e.g. 2025-06-30."
        ) from exc


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ParameterError(f"{name} {value!r} is not allowed. Expected one of: "
                             f"{', '.join(allowed)}.")
    return value


def analyze_command(
    inputs: list[Path] = typer.Argument(
        ..., help="Files or folders of postings: CSV, TSV, XLSX, JSON, JSONL, or one document "
                  "(txt, md, pdf, docx) per posting."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the report into."),
    lang: str = typer.Option("en", "--lang", help="Language of the report: en or zh."),
    engine: str = typer.Option(
        "local", "--engine",
        help="local: every core of this machine. spark: PySpark (local mode unless "
             "SPARK_MASTER / spark-submit says otherwise)."),
    mapping: list[str] = typer.Option(
        [], "--map", metavar="FIELD=COLUMN",
        help="Name the column of a field when it is not recognised, e.g. --map title=职位名称. "
             "Fields: id, title, text, salary, city, date, company, experience, education, "
             "seniority. Repeat for several."),
    currency: str | None = typer.Option(
        None, "--currency", help="Currency of pay figures (ISO 4217). Default: CNY for "
                                 "--lang zh, USD for en."),
    period: str = typer.Option("quarter", "--period",
                               help="Period of trends and demand by period: month, quarter "
                                    "or year."),
    reference_date: str | None = typer.Option(
        None, "--reference-date", metavar="YYYY-MM-DD",
        help="The date relative dates ('3 days ago', 3天前) and dates without a year count "
             "from. Without it such dates are unknown."),
    rates: Path | None = typer.Option(
        None, "--rates", help="JSON file of currency rates per US dollar (default: the shipped "
                              "rates, stated in the report)."),
    workers: int | None = typer.Option(None, "--workers", "-j",
                                       help="Worker processes (default: every core)."),
    full: bool = typer.Option(
        False, "--full",
        help="Also run the semantic linker and the span model (finds more skills, about 4x "
             "slower). The default is the exact dictionary path."),
    progress: bool = typer.Option(True, "--progress/--no-progress",
                                  help="Show progress on stderr."),
) -> None:
    """Analyse postings: skill demand, trends, emerging terms, co-occurrence, pay, requirements.

    Writes to --out: report.html (self-contained, prints to PDF), one CSV per table,
    postings.jsonl (the extraction of each unique posting) and summary.json.

    Example:  talentgraph market analyze postings/ --out out/market --lang zh
    """
    from rich.console import Console

    from talentgraph.analytics import PERIOD_GRANULARITIES, MarketOptions, load_currency_rates

    _choice("--lang", lang, _LANGS)
    _choice("--engine", engine, _ENGINES)
    _choice("--period", period, PERIOD_GRANULARITIES)
    overrides = _parse_map(mapping)
    ref = _parse_date(reference_date)
    rate_table = load_currency_rates(rates)
    cur = (currency or ("CNY" if lang == "zh" else "USD")).upper()
    if cur not in rate_table.per_usd:
        raise ParameterError(f"--currency {cur!r} has no rate. Expected one of: "
                             f"{', '.join(sorted(rate_table.per_usd))} (or add it with --rates).")
    if workers is not None and workers < 1:
        raise ParameterError(f"--workers must be a positive number. Got {workers} instead.")
    options = MarketOptions(lang=lang, currency=cur, granularity=period, rates=rate_table,
                            engine=engine)
    console = Console(stderr=True)
    run = _run(inputs, out=out, options=options, overrides=overrides, ref=ref, workers=workers,
               full=full, engine=engine, console=console, show=progress)
    _print_summary(run.report.summary, out, console)


def _run(inputs: list[Path], *, out: Path, options: Any, overrides: dict[str, str],
         ref: dt.date | None, workers: int | None, full: bool, engine: str, console: Any,
         show: bool) -> Any:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from talentgraph.services import collect_local, write_market_outputs

    out.mkdir(parents=True, exist_ok=True)
    postings_out = out / "postings.jsonl"
    with Progress(SpinnerColumn(), TextColumn("{task.description}"),
                  TextColumn("{task.completed:,} postings"), TimeElapsedColumn(),
                  console=console, disable=not show, transient=False) as bar:
        task = bar.add_task("extracting", total=None)

        def step(done: int) -> None:
            bar.update(task, completed=done)

        if engine == "spark":
            from talentgraph.batch import collect_spark

            result = collect_spark(inputs, options=options, postings_out=postings_out,
                                   overrides=overrides, reference_date=ref, full=full,
                                   progress=step)
        else:
            result = collect_local(inputs, options=options, postings_out=postings_out,
                                   overrides=overrides, reference_date=ref, workers=workers,
                                   full=full, progress=step)
        bar.update(task, description="aggregating")
        run = write_market_outputs(result, out_dir=out, options=options)
        bar.update(task, description="done")
    return run


def _print_summary(summary: dict[str, Any], out: Path, console: Any) -> None:
    out_console = console.__class__(file=sys.stdout, highlight=False)
    out_console.print(
        f"postings read {summary['postings_read']:,}  ·  duplicates {summary['duplicates']:,}"
        f"  ·  unique {summary['unique_postings']:,}  ·  skipped {summary['skipped']:,}")
    for role, skills in list(summary.get("top_skills", {}).items())[:6]:
        shown = ", ".join(f"{s['slug']} {s['share']:.0%}" for s in skills[:5])
        out_console.print(f"  {role:<24} {shown}")
    out_console.print(f"[bold]Report:[/] {out / 'report.html'}")


def register(app: typer.Typer) -> None:
    """Add the ``market`` command group."""
    market_app.command("analyze")(analyze_command)
    app.add_typer(market_app, name="market")
