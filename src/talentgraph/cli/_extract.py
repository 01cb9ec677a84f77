"""``talentgraph extract`` and ``talentgraph link``: the extraction engine from the shell."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import typer

from talentgraph.domain import Record
from talentgraph.errors import BadRecordError, InputError, ParameterError


def _records(inputs: list[Path], *, id_col: str, title_col: str, text_col: str,
             stats: dict[str, int]) -> Iterator[Record]:
    from talentgraph.text import iter_paths, read_records

    for given in inputs:
        paths = list(iter_paths([given]))
        if given.is_dir() and not paths:
            stats["failed_files"] += 1
            print(f"Error E0202: the folder {str(given)!r} holds no files to read. Expected "
                  "txt, md, pdf, docx, csv, tsv, json, jsonl or xlsx files.", file=sys.stderr)
        for path in paths:
            seen = 0
            try:
                for item in read_records(path, id_col=id_col, title_col=title_col,
                                         text_col=text_col):
                    seen += 1
                    if isinstance(item, BadRecordError):
                        stats["skipped"] += 1
                        print(f"Skipped {item.code}: {item.message}", file=sys.stderr)
                        continue
                    stats["read"] += 1
                    yield item
            except InputError as exc:
                stats["failed_files"] += 1
                print(f"Error {exc.code}: {exc.message}", file=sys.stderr)
                continue
            if seen == 0:
                stats["failed_files"] += 1
                print(f"Error E0202: {path} has no records: a header but no data rows, or an "
                      "empty list. Expected at least one row with a text.", file=sys.stderr)


_WORKER_PIPELINE: list = []


def _work(batch: list[Record]) -> list[str]:
    """Run in a forked worker: the pipeline was loaded before the fork and is shared."""
    pipeline = _WORKER_PIPELINE[0]
    return [json.dumps(ex.to_dict(), ensure_ascii=False) for ex in pipeline.pipe(batch)]


def _batches(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _lines(pipeline: object, records: Iterator[Record], *, batch_size: int,
           workers: int) -> Iterator[str]:
    """JSON lines of the extractions, in input order; in parallel when the input is large."""
    import itertools
    import multiprocessing
    import os

    n_workers = workers or min(os.cpu_count() or 1, 8)
    head = list(itertools.islice(records, 4 * batch_size))
    rest_first = next(records, None)
    if n_workers <= 1 or rest_first is None or "fork" not in multiprocessing.get_all_start_methods():
        everything = itertools.chain(head, [rest_first] if rest_first else [], records)
        for ex in pipeline.pipe(everything, batch_size=batch_size):  # type: ignore[attr-defined]
            yield json.dumps(ex.to_dict(), ensure_ascii=False)
        return
    _WORKER_PIPELINE[:] = [pipeline]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(n_workers) as pool:
        stream = itertools.chain(head, [rest_first], records)
        for lines in pool.imap(_work, _batches(stream, batch_size), chunksize=1):
            yield from lines


def extract_command(
    inputs: list[Path] = typer.Argument(
        ..., help="Files or folders: txt, md, pdf, docx (one record each) or csv, tsv, xlsx, "
        "json, jsonl (one record per row).", show_default=False),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write JSON lines here "
                                    "(default: stdout)."),
    id_col: str = typer.Option("id", help="Column (or JSON key) holding the record id."),
    title_col: str = typer.Option("title", help="Column holding the job or resume title."),
    text_col: str = typer.Option("text", help="Column holding the full text."),
    exact_only: bool = typer.Option(False, "--exact-only", help="Skip the span model and the "
                                    "semantic linker: the fast path for large corpora."),
    span_model: str = typer.Option("crf", "--span-model", help="English span tagger: crf "
                                   "(fast) or neural (fine-tuned MiniLM: better spans, slower)."),
    batch_size: int = typer.Option(64, min=1, max=4096, help="Records per batch."),
    workers: int = typer.Option(0, "--workers", "-j", min=0, max=64,
                                help="Worker processes; 0 = all cores (up to 8). Small inputs "
                                "run in one process whatever this says."),
    progress: bool = typer.Option(True, "--progress/--no-progress",
                                  help="Show a progress bar on stderr."),
) -> None:
    """Extract skills (with evidence spans), salary, experience, education, city, role family
    and occupation from postings or resumes, as one JSON object per line.

    Examples:

      talentgraph extract posting.txt

      talentgraph extract postings.csv --text-col description --title-col title -o out.jsonl

      talentgraph extract resumes/ --exact-only --out skills.jsonl

    Large inputs are spread over all cores (--workers); output keeps the input order.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from talentgraph.extract import SPAN_MODELS, build_pipeline

    if span_model not in SPAN_MODELS:
        raise ParameterError(f"--span-model must be one of {', '.join(sorted(SPAN_MODELS))}. "
                             f"Got {span_model!r} instead.")
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise ParameterError(
            f"Input {missing[0]!r} does not exist. Give existing files or folders."
        )
    pipeline = build_pipeline(exact_only=exact_only, span_model=span_model)
    pipeline.initialize()
    stats = {"read": 0, "skipped": 0, "failed_files": 0, "written": 0}
    sink: TextIO = open(out, "w", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
    console = Console(stderr=True)
    try:
        records = _records(inputs, id_col=id_col, title_col=title_col, text_col=text_col,
                           stats=stats)
        with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, disable=not progress,
                      transient=False) as bar:
            task = bar.add_task("extract", total=None)
            for line in _lines(pipeline, records, batch_size=batch_size, workers=workers):
                sink.write(line + "\n")
                stats["written"] += 1
                bar.advance(task)
    finally:
        if out:
            sink.close()
    print(f"{stats['written']} records extracted, {stats['skipped']} skipped, "
          f"{stats['failed_files']} files unreadable.", file=sys.stderr)
    if stats["written"] == 0:
        raise typer.Exit(1)


def link_command(
    texts: list[str] = typer.Argument(None, help="Phrases to link to ESCO skills.",
                                      show_default=False),
    input: Path | None = typer.Option(None, "--input", "-i", help="A file of records with `id` "
                                      "and `text` (jsonl, json, csv, tsv, xlsx) instead of TEXT "
                                      "arguments; bad records are reported and skipped."),
    top: int = typer.Option(5, "--top", "-k", min=1, max=100, help="Candidates per text."),
) -> None:
    """Link free-text skill phrases (Chinese or English) to the top K ESCO skills by
    multilingual sentence-encoder similarity. Prints JSON lines
    {"id", "candidates": [{"esco_uri", "label", "score"}]}.

    Examples:

      talentgraph link "设计机器学习模型" "manage cloud infrastructure" --top 3

      talentgraph link --input phrases.jsonl
    """
    from talentgraph.errors import EmptyInputError
    from talentgraph.extract._semantic import link_records, link_texts
    from talentgraph.text import read_records

    if input is None and not texts:
        raise ParameterError("Give one or more TEXT arguments or --input FILE.jsonl.")
    if texts and not any(t.strip() for t in texts):
        raise ParameterError("Every TEXT given is empty. Give a skill phrase to link.")
    if input is not None:
        if not input.exists():
            raise ParameterError(f"Input {str(input)!r} does not exist. Give an existing file.")
        records = []
        for item in read_records(input, id_col="id", title_col="title", text_col="text"):
            if isinstance(item, BadRecordError):
                print(f"Skipped {item.code}: {item.message}", file=sys.stderr)
                continue
            records.append(item)
        if not records:
            raise EmptyInputError(f"{input} holds no record with a text to link. Expected "
                                  'records such as {"id": "1", "text": "machine learning"}.')
        for row in link_records([(r.id, r.text) for r in records], top_k=top):
            print(json.dumps(row, ensure_ascii=False))
    if texts:
        for row in link_texts(texts, top_k=top):
            print(json.dumps(row, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Add ``extract`` and ``link``."""
    app.command("extract")(extract_command)
    app.command("link")(link_command)
