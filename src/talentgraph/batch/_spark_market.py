"""``--engine spark``: the market analysis's first step (read, extract, deduplicate, aggregate)
with PySpark, giving the same ``EngineResult`` as ``talentgraph.services.collect_local``.

    driver: iter_paths(inputs) -> [(file_index, path)] --parallelize--> executors
    executor (per file): iter_postings -> make_facts (pipeline built once per Python worker)
    driver:  per-file posting counts -> seq offsets; ids made unique over the whole input
    Spark:   exact + near duplicates (find_spark_duplicates), unique postings (subtractByKey)
    driver:  postings.jsonl streamed in seq order (toLocalIterator of a sorted frame)
    Spark:   SparkAggregates over the unique postings' facts

Equal to the local engine by construction: the same reader, the same ``make_facts``, the same
seq (files in order, postings in file order: offset of the file + place in the file), the same
id renaming ("<id>#2", replayed on the driver over the ids that can need it), the same duplicate
rule and the same flat rows; and by test (tests/batch/test_spark_market.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from talentgraph.analytics import MarketOptions
from talentgraph.batch._spark_aggregates import SparkAggregates
from talentgraph.batch._spark_dedup import DEDUP_SCHEMA, find_spark_duplicates
from talentgraph.batch._spark_session import build_spark_session, import_pyspark
from talentgraph.domain import PostingFacts, SkippedRow
from talentgraph.errors import TalentGraphError
from talentgraph.services import (
    EngineResult,
    ProgressFn,
    posting_json,
    posting_record,
    volume_stats,
)
from talentgraph.text import iter_paths

__all__ = ["collect_spark"]

_MAX_SLICES = 10_000  # files per partition grow beyond this many files
_COPY_RE = re.compile(r"(.*)#(\d+)", re.DOTALL)
_TAG_FACTS, _TAG_FAILED, _TAG_SKIP, _TAG_STATS, _TAG_ERROR = range(5)

# ----------------------------------------------------------------------------- executors

#: Per Python worker: the extraction pipeline, built on first use and reused by every task the
#: worker runs (Spark reuses Python workers by default).
_PIPELINES: dict[bool, Any] = {}


def _pipeline(full: bool) -> Any:
    if full not in _PIPELINES:
        from talentgraph.extract import build_pipeline

        _PIPELINES[full] = build_pipeline(exact_only=not full)
    return _PIPELINES[full]


class _RawIds:
    """The raw ids behind one file's ids as ``iter_postings`` renamed them ("a", "a#2" -> "a",
    "a"): the reader's renaming replayed forwards, taking an id the replay would have produced
    as a copy. One case cannot be told apart: a file holding a literal id "a#2" after "a" reads
    as a second "a". The final ids are still the reader's; only ``duplicate_ids`` counts one
    rename too many."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.next_copy: dict[str, int] = {}

    def raw_of(self, given: str) -> str:
        match = _COPY_RE.fullmatch(given)
        if match and match.group(1) in self.seen:
            base = match.group(1)
            copy = self.next_copy.get(base, 2)
            while f"{base}#{copy}" in self.seen:
                copy += 1
            if f"{base}#{copy}" == given:
                self.next_copy[base] = copy + 1
                self.seen.add(given)
                return base
        self.seen.add(given)
        return given


def _extract_files(part: Iterable[tuple[int, str]], *, overrides: Mapping[str, str] | None,
                   reference_date: dt.date | None, full: bool) -> Iterator[tuple[Any, ...]]:
    """Run the reader and ``make_facts`` over each (file_index, path) of one partition.

    Yields tagged tuples ``(tag, file_index, place, payload)``: facts (with the file-local seq
    and the raw id), extraction failures, reader skips, the file's read stats, or a file-level
    error (raised again on the driver, so the user sees the reader's own message).
    """
    from talentgraph.extract import make_facts
    from talentgraph.text import PostingReadStats, iter_postings

    pipeline = _pipeline(full)
    for file_index, path in part:
        stats = PostingReadStats()
        raw_ids = _RawIds()
        place = 0
        try:
            for place, item in enumerate(iter_postings([path], overrides=overrides,
                                                       stats=stats), start=1):
                if isinstance(item, SkippedRow):
                    yield (_TAG_SKIP, file_index, place, item)
                    continue
                raw = raw_ids.raw_of(item.id)
                try:
                    facts, extraction = make_facts(item, pipeline,
                                                   reference_date=reference_date)
                except Exception as exc:  # one strange posting must not stop the run
                    yield (_TAG_FAILED, file_index, place,
                           (item.seq, raw, item.source, f"{type(exc).__name__}: {exc}"))
                    continue
                data = posting_record(extraction, source=item.source)
                yield (_TAG_FACTS, file_index, place, (item.seq, raw, facts, data))
        except TalentGraphError as exc:  # the whole input fails: say so on the driver
            yield (_TAG_ERROR, file_index, place, exc)
            continue
        yield (_TAG_STATS, file_index, place + 1, stats)


def _renumbered(record: tuple[Any, ...], offsets: Mapping[int, int],
                renames: Mapping[int, str]) -> tuple[int, PostingFacts, dict[str, Any]]:
    """(seq, facts, extraction dict) with the whole-input seq and the whole-input unique id."""
    _, file_index, _, (local_seq, raw, facts, data) = record
    seq = offsets[file_index] + local_seq
    new_id = renames.get(seq, raw)
    data = {**data, "id": new_id} if data.get("id") != new_id else data
    return seq, replace(facts, seq=seq, id=new_id), data


# ----------------------------------------------------------------------------- driver

def _unique_ids(candidates: list[tuple[int, str]]) -> dict[int, str]:
    """The id ``iter_postings`` gives each posting of the whole input, for the postings whose
    raw id can need renaming (raw ids seen more than once, and ids shaped like a copy): seq ->
    new id, only where it differs from the raw id. The same rule as the reader."""
    seen: set[str] = set()
    next_copy: dict[str, int] = {}
    renames: dict[int, str] = {}
    for seq, raw in sorted(candidates):
        if raw not in seen:
            seen.add(raw)
            continue
        copy = next_copy.get(raw, 2)
        while f"{raw}#{copy}" in seen:
            copy += 1
        next_copy[raw] = copy + 1
        seen.add(f"{raw}#{copy}")
        renames[seq] = f"{raw}#{copy}"
    return renames


def _failure_row(source: str, posting_id: str, error: str) -> SkippedRow:
    return SkippedRow(source=source, id=posting_id, reason="extraction_failed",
                      message=f"{source} (id {posting_id!r}): extraction failed: {error}")


def _renames_over_input(records: Any, offsets: Mapping[int, int]) -> dict[int, str]:
    """seq -> id for the postings one reader over every file would rename ("<id>#2"). Only
    ids seen more than once or shaped like a copy ("a#2") can need it, so only those come to
    the driver."""

    def raw_and_seq(r: tuple[Any, ...]) -> tuple[str, list[int]]:
        return r[3][1], [offsets[r[1]] + r[3][0]]

    candidates = (records.filter(lambda r: r[0] in (_TAG_FACTS, _TAG_FAILED)).map(raw_and_seq)
                  .reduceByKey(lambda a, b: a + b)
                  .filter(lambda kv: len(kv[1]) > 1 or _COPY_RE.fullmatch(kv[0]) is not None)
                  .collect())
    return _unique_ids([(seq, raw) for raw, seqs in candidates for seq in seqs])


def _write_postings(spark: Any, unique: Any, path: Path) -> None:
    """postings.jsonl: each unique posting's extraction, one JSON a line, in seq order (the
    local engine's lines), streamed to the driver partition by partition from a sorted frame."""
    lines = spark.createDataFrame(
        unique.map(lambda t: (t[0], posting_json(t[2]))),
        "seq long, line string").orderBy("seq")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in lines.toLocalIterator():
            out.write(row["line"] + "\n")


def collect_spark(
    inputs: Sequence[Path | str],
    *,
    options: MarketOptions,
    postings_out: Path,
    overrides: Mapping[str, str] | None = None,
    reference_date: dt.date | None = None,
    full: bool = False,
    spark: Any = None,
    progress: ProgressFn | None = None,
) -> EngineResult:
    """Read, extract, deduplicate and aggregate ``inputs`` with Spark; the same answer as
    ``collect_local`` (every aggregate, table and postings.jsonl line), for corpora too big for
    one machine.

    ``options`` is the run's ``MarketOptions`` (rates, currency, granularity). ``spark`` is the
    session to use (default: the active one, else a local one from ``build_spark_session``); it
    must stay alive until ``write_market_outputs`` has run, since the returned aggregates query
    it. Each input file is one task, so one huge file is read by one executor: split very large
    tables into several files. Raises the reader's error when an input cannot be mapped to
    postings at all (the user must fix ``--map``).
    """
    sql = import_pyspark()
    if spark is None:
        spark = sql.SparkSession.getActiveSession() or build_spark_session()
    sc = spark.sparkContext
    paths = [str(p) for p in iter_paths([Path(p) for p in inputs])]
    files = list(enumerate(paths))
    from pyspark import StorageLevel  # available: import_pyspark succeeded

    storage = StorageLevel.MEMORY_AND_DISK

    over = dict(overrides) if overrides is not None else None
    records = sc.parallelize(files, max(1, min(len(files), _MAX_SLICES))).mapPartitions(
        lambda part: _extract_files(part, overrides=over, reference_date=reference_date,
                                    full=full)).persist(storage)

    # small results to the driver: errors, skips, failures, stats (in input order)
    small = records.filter(lambda r: r[0] != _TAG_FACTS).collect()
    small.sort(key=lambda r: (r[1], r[2]))
    for tag, _, _, payload in small:
        if tag == _TAG_ERROR:
            records.unpersist()
            raise payload
    stats = [payload for tag, _, _, payload in small if tag == _TAG_STATS]
    file_stats = {index: payload for tag, index, _, payload in small if tag == _TAG_STATS}
    offsets: dict[int, int] = {}
    total = 0
    for index, _ in files:
        offsets[index] = total
        total += file_stats[index].postings if index in file_stats else 0

    renames = _renames_over_input(records, offsets)
    skipped: list[SkippedRow] = []
    for tag, index, _, payload in small:
        if tag == _TAG_SKIP:
            skipped.append(payload)
        elif tag == _TAG_FAILED:
            local_seq, raw, source, error = payload
            seq = offsets[index] + local_seq
            skipped.append(_failure_row(source, renames.get(seq, raw), error))

    facts = records.filter(lambda r: r[0] == _TAG_FACTS).map(
        lambda r: _renumbered(r, offsets, renames)).persist(storage)
    extracted = total  # every posting read went to extraction (facts or a failure)
    if progress is not None:
        progress(extracted)

    # duplicates: the rule of talentgraph.analytics.find_duplicates, as Spark joins
    keys = spark.createDataFrame(
        facts.map(lambda t: (t[0], t[1].text_key, list(t[1].minhash))), DEDUP_SCHEMA)
    duplicates = find_spark_duplicates(keys).persist(storage)
    by_kind = {row["kind"]: int(row["count"])
               for row in duplicates.groupBy("kind").count().collect()}
    unique = facts.keyBy(lambda t: t[0]).subtractByKey(
        duplicates.select("seq").rdd.map(lambda row: (row["seq"], None))).values()
    unique = unique.persist(storage)

    _write_postings(spark, unique, postings_out)
    aggregates = SparkAggregates(unique.map(lambda t: replace(t[1], minhash=())), spark=spark,
                                 rates=options.rates, currency=options.currency,
                                 granularity=options.granularity)
    volume = volume_stats(skipped, extracted=extracted, exact=by_kind.get("exact", 0),
                          near=by_kind.get("near", 0), duplicate_ids=len(renames),
                          truncated_fields=sum(s.truncated_fields for s in stats))
    for cached in (unique, duplicates, facts, records):  # the aggregates hold their own caches
        cached.unpersist()
    return EngineResult(aggregates=aggregates, volume=volume, skipped=skipped)
