"""Market analysis, the use case: read postings, extract facts in parallel, drop duplicates,
aggregate, and write the report folder.

Two steps so that another engine can replace the first:

1. ``collect_local`` (this module, every core of this machine) or
   ``talentgraph.batch.collect_spark`` (PySpark) read and extract the postings, drop exact and
   near duplicates (``talentgraph.analytics.Deduplicator``: a posting is a duplicate iff an
   earlier one is), stream the extraction of each unique posting to ``postings.jsonl`` and return
   an ``EngineResult`` holding the base aggregations.
2. ``write_market_outputs`` derives every table from those aggregations (shared code, so both
   engines give the same tables) and writes the CSVs, ``summary.json`` and ``report.html``.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from talentgraph.analytics import (
    BaseAggregates,
    Deduplicator,
    LocalAggregates,
    MarketOptions,
    MarketReport,
    VolumeStats,
    build_market_tables,
    render_market_report,
)
from talentgraph.domain import Posting, PostingFacts, SkippedRow
from talentgraph.errors import ParameterError

__all__ = [
    "EngineResult",
    "MarketRun",
    "ProgressFn",
    "collect_local",
    "posting_json",
    "posting_record",
    "run_market_analysis",
    "volume_stats",
    "write_market_outputs",
]

#: progress(postings_done) — called now and then while postings are extracted.
ProgressFn = Callable[[int], None]

_CHUNK = 64  # postings per task sent to a worker (one pipeline batch)


@dataclass(frozen=True, slots=True)
class EngineResult:
    """What an engine hands to ``write_market_outputs``."""

    aggregates: BaseAggregates
    volume: VolumeStats
    skipped: list[SkippedRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MarketRun:
    """The outcome of a whole run: the report and where its files are."""

    report: MarketReport
    out_dir: Path
    files: list[Path]


# ----------------------------------------------------------------------------- the workers

_WORKER: dict[str, Any] = {}


def _load_pipeline(full: bool) -> Any:
    from talentgraph.extract import build_pipeline

    return build_pipeline(exact_only=not full)


def posting_record(extraction: Any, *, source: str) -> dict[str, Any]:
    """One line of postings.jsonl: the extraction (docs/extraction.md) and where it came from."""
    data = extraction.to_dict()
    data["source"] = source
    return data


def posting_json(record: Mapping[str, Any]) -> str:
    """One line of postings.jsonl from ``posting_record``'s dict: compact UTF-8 JSON (orjson,
    several times faster than the json module; both engines write their lines with this)."""
    return orjson.dumps(record, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS
                        ).decode("utf-8")


def _extract_chunk(chunk: list[Posting]) -> list[tuple[PostingFacts | None, str | None,
                                                       SkippedRow | None]]:
    """A chunk of postings through the pipeline in one batch (runs in a worker)."""
    from talentgraph.extract import make_facts_batch

    results = make_facts_batch(chunk, _WORKER["pipeline"],
                               reference_date=_WORKER.get("reference_date"))
    out: list[tuple[PostingFacts | None, str | None, SkippedRow | None]] = []
    for posting, result in zip(chunk, results, strict=True):
        if isinstance(result, Exception):
            out.append((None, None, _failed(posting, result)))
            continue
        facts, extraction = result
        line = posting_json(posting_record(extraction, source=posting.source))
        out.append((facts, line, None))
    return out


def _failed(posting: Posting, exc: Exception) -> SkippedRow:
    return SkippedRow(
        source=posting.source, id=posting.id, reason="extraction_failed",
        message=f"{posting.source} (id {posting.id!r}): extraction failed: "
                f"{type(exc).__name__}: {exc}")


def _chunks(items: Iterator[Posting], size: int) -> Iterator[list[Posting]]:
    chunk: list[Posting] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _results(postings: Iterator[Posting], *, workers: int) -> Iterator[
        tuple[PostingFacts | None, str | None, SkippedRow | None]]:
    """Extraction results in input order, from a pool of forked workers when ``workers > 1``."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in _chunks(postings, _CHUNK):
            yield from _extract_chunk(chunk)
        return
    ctx = multiprocessing.get_context("fork")  # workers share the loaded models copy-on-write
    # Move everything loaded so far (taxonomy, automaton, models) out of the garbage
    # collector's reach: the workers' collections then skip those millions of objects, and do
    # not copy their pages by touching them.
    gc.collect()
    gc.freeze()
    # Extraction makes many short-lived objects and few cycles: collect less often (about 2%
    # faster); the workers inherit this at the fork.
    thresholds = gc.get_threshold()
    gc.set_threshold(20_000, 20, 20)
    try:
        with ctx.Pool(workers) as pool:
            for chunk in pool.imap(_extract_chunk, _chunks(postings, _CHUNK), chunksize=1):
                yield from chunk
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


# ----------------------------------------------------------------------------- local engine

def collect_local(
    inputs: Sequence[Path | str],
    *,
    options: MarketOptions,
    postings_out: Path,
    overrides: Mapping[str, str] | None = None,
    reference_date: dt.date | None = None,
    workers: int | None = None,
    full: bool = False,
    progress: ProgressFn | None = None,
) -> EngineResult:
    """Read, extract (all cores), deduplicate and aggregate ``inputs`` on this machine.

    Streams: postings flow from the readers through the workers; only the compact facts of the
    unique postings are kept. Writes each unique posting's extraction to ``postings_out``.
    ``full`` adds the semantic linker and the span model (slower; the default is the exact
    dictionary path, about four times faster). Raises the reader's error when an input cannot be
    mapped to postings at all (the user must fix ``--map``).
    """
    from talentgraph.text import PostingReadStats, iter_postings

    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    if n_workers < 1:
        raise ParameterError.invalid("workers", "collect_local", "a positive number", n_workers)
    _WORKER["pipeline"] = _load_pipeline(full)
    _WORKER["reference_date"] = reference_date
    stats = PostingReadStats()
    skipped: list[SkippedRow] = []

    def postings() -> Iterator[Posting]:
        for item in iter_postings(list(inputs), overrides=overrides, stats=stats):
            if isinstance(item, SkippedRow):
                skipped.append(item)
            else:
                yield item

    dedup = Deduplicator()
    kept: list[PostingFacts] = []
    dup_counts: Counter[str] = Counter()
    done = 0
    postings_out.parent.mkdir(parents=True, exist_ok=True)
    with postings_out.open("w", encoding="utf-8") as out:
        for facts, line, skip in _results(postings(), workers=n_workers):
            done += 1
            if progress is not None and done % 100 == 0:
                progress(done)
            if skip is not None:
                skipped.append(skip)
                continue
            assert facts is not None and line is not None
            dup = dedup.check_and_add(facts.seq, facts.text_key, facts.minhash)
            if dup is not None:
                dup_counts[dup.kind] += 1
                continue
            kept.append(replace(facts, minhash=()))  # the signature is not needed any more
            out.write(line + "\n")
    if progress is not None:
        progress(done)
    aggregates = LocalAggregates(kept, rates=options.rates, currency=options.currency,
                                 granularity=options.granularity)
    volume = volume_stats(skipped, extracted=done, exact=dup_counts["exact"],
                          near=dup_counts["near"], duplicate_ids=stats.duplicate_ids,
                          truncated_fields=stats.truncated_fields)
    return EngineResult(aggregates=aggregates, volume=volume, skipped=skipped)


def volume_stats(skipped: Sequence[SkippedRow], *, extracted: int, exact: int, near: int,
                 duplicate_ids: int, truncated_fields: int) -> VolumeStats:
    """The volume figures every engine reports. postings_read counts every row or document
    read, used or not (rows the reader skipped included; a file that could not be read at all
    has no rows and is counted under skipped only)."""
    by_reason = Counter(s.reason for s in skipped)
    rows_skipped_by_reader = sum(n for reason, n in by_reason.items()
                                 if reason not in ("unreadable_file", "extraction_failed"))
    return VolumeStats(
        postings_read=extracted + rows_skipped_by_reader,
        exact_duplicates=exact,
        near_duplicates=near,
        skipped=len(skipped),
        skipped_by_reason=dict(sorted(by_reason.items())),
        duplicate_ids=duplicate_ids,
        truncated_fields=truncated_fields,
    )


# ----------------------------------------------------------------------------- outputs

def _write_atomic(path: Path, data: str, *, encoding: str = "utf-8") -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(data, encoding=encoding, newline="")
    os.replace(tmp, path)


def _csv_text(frame: Any) -> str:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return buf.getvalue()


def write_market_outputs(result: EngineResult, *, out_dir: Path,
                         options: MarketOptions,
                         generated_at: dt.datetime | None = None) -> MarketRun:
    """Derive every table and write ``<table>.csv``, ``summary.json`` and ``report.html``."""
    report = build_market_tables(result.aggregates, volume=result.volume,
                                 skipped=result.skipped, options=options)
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for name, frame in report.tables.items():
        path = out_dir / f"{name}.csv"
        _write_atomic(path, _csv_text(frame), encoding="utf-8-sig")  # BOM: Excel reads 中文
        files.append(path)
    summary_path = out_dir / "summary.json"
    _write_atomic(summary_path, json.dumps(report.summary, ensure_ascii=False, indent=2) + "\n")
    files.append(summary_path)
    html_path = out_dir / "report.html"
    when = generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    _write_atomic(html_path, render_market_report(report, lang=options.lang, generated_at=when))
    files.append(html_path)
    return MarketRun(report=report, out_dir=out_dir, files=files)


def run_market_analysis(
    inputs: Sequence[Path | str],
    *,
    out_dir: Path,
    options: MarketOptions,
    overrides: Mapping[str, str] | None = None,
    reference_date: dt.date | None = None,
    workers: int | None = None,
    full: bool = False,
    progress: ProgressFn | None = None,
) -> MarketRun:
    """The whole local run: ``collect_local`` then ``write_market_outputs`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = collect_local(inputs, options=options, postings_out=out_dir / "postings.jsonl",
                           overrides=overrides, reference_date=reference_date,
                           workers=workers, full=full, progress=progress)
    run = write_market_outputs(result, out_dir=out_dir, options=options)
    return MarketRun(report=run.report, out_dir=out_dir,
                     files=[out_dir / "postings.jsonl", *run.files])
