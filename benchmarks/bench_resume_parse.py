"""Benchmark the resume parser on development data (read at run time, never committed).

1. Chinese resume NER, dev split (``resume_ner_zh/dev.char.bmes.txt``: 463 sentences from
   executives' biographies, characters tagged B/M/E/S with NAME, ORG, TITLE, EDU, ...; an
   academic benchmark). Each sentence is parsed as a resume text, and what the parser reads is
   compared with the annotated spans:

   - NAME: ``Resume.name`` against the NAME spans;
   - EDU: the degree words the education parser looks for (``degree_mentions``) against the
     EDU spans ("大学本科", "硕士研究生"), and ``Resume.education`` (a line naming a school and
     a degree) for how often an entry comes out at all;
   - ORG / TITLE: the employers and titles of ``Resume.work`` against the ORG / TITLE spans.

   "exact": the string equals an annotated span; "overlap": it shares at least one character
   position with one (strings are located in the sentence). Precision is over what the parser
   gives, recall over the sentences (NAME) or spans (the others) annotated.
2. The 166 English resumes (``updated_resume_dataset_dedup.csv``, mojibake repaired from
   Latin-1/cp1252): the share with >= 3 skills found and the mean number of skills per resume.

    .venv/bin/python benchmarks/bench_resume_parse.py [--data DIR] [--split dev|train]

Prints a note and exits 0 when the data folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DATA, require  # noqa: E402

from talentgraph.extract import build_pipeline, parse_resume  # noqa: E402
from talentgraph.extract._resume import RESUME_COMPONENTS  # noqa: E402
from talentgraph.extract._resume_blocks import degree_mentions  # noqa: E402

TODAY = date(2024, 6, 15)


def _sentences(path: Path) -> Iterator[tuple[str, dict[str, list[tuple[int, int]]]]]:
    """(text, {type: [(start, end)]}) for each BMES-tagged sentence."""
    chars: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if len(parts) == 2:
            chars.append(parts[0])
            tags.append(parts[1])
            continue
        if chars:
            spans: dict[str, list[tuple[int, int]]] = {}
            start = None
            for index, tag in enumerate(tags):
                prefix, _, kind = tag.partition("-")
                if prefix in ("B", "S"):
                    start = index
                if prefix in ("E", "S") and start is not None:
                    spans.setdefault(kind, []).append((start, index + 1))
                    start = None
            yield "".join(chars), spans
        chars, tags = [], []


class _Score:
    """Counts for precision and recall, exact and by overlap."""

    def __init__(self) -> None:
        self.predicted = self.gold = 0
        self.exact_hits = self.overlap_hits = 0  # predictions that are right
        self.exact_found = self.overlap_found = 0  # gold spans that are found

    def add(self, text: str, predicted: list[str], gold: list[tuple[int, int]]) -> None:
        spans = []
        for value in predicted:
            position = text.find(value)
            spans.append((position, position + len(value)) if position >= 0 else (-1, -1))
        gold_texts = {text[a:b] for a, b in gold}
        self.predicted += len(predicted)
        self.gold += len(gold)
        for value, (a, b) in zip(predicted, spans, strict=True):
            self.exact_hits += value in gold_texts
            self.overlap_hits += any(a < gb and ga < b for ga, gb in gold)
        for ga, gb in gold:
            self.exact_found += text[ga:gb] in predicted
            self.overlap_found += any(a < gb and ga < b for a, b in spans)

    def line(self, name: str) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.3f}" if b else "n/a"

        return (f"{name:<6} gold={self.gold:<4} predicted={self.predicted:<4} "
                f"exact P={ratio(self.exact_hits, self.predicted)} "
                f"R={ratio(self.exact_found, self.gold)}   overlap "
                f"P={ratio(self.overlap_hits, self.predicted)} "
                f"R={ratio(self.overlap_found, self.gold)}")


def bench_ner(path: Path) -> None:
    """Compare the parsed fields with the annotated spans of the Chinese NER dev set."""
    pipeline = build_pipeline(components=RESUME_COMPONENTS).initialize()
    scores = {kind: _Score() for kind in ("NAME", "EDU", "ORG", "TITLE")}
    n = with_education = 0
    started = time.perf_counter()
    for text, gold in _sentences(path):
        n += 1
        resume = parse_resume(text, pipeline=pipeline, today=TODAY)
        scores["NAME"].add(text, [resume.name] if resume.name else [], gold.get("NAME", []))
        degrees = [text[a:b] for a, b, _ in degree_mentions(text)]
        scores["EDU"].add(text, degrees, gold.get("EDU", []))
        with_education += bool(resume.education)
        scores["ORG"].add(text, [w.employer for w in resume.work if w.employer],
                          gold.get("ORG", []))
        scores["TITLE"].add(text, [w.title for w in resume.work if w.title],
                            gold.get("TITLE", []))
    elapsed = time.perf_counter() - started
    print(f"Chinese resume NER {path.name.split('.')[0]}: {n} sentences in {elapsed:.2f}s "
          f"({n / elapsed:.0f}/s, exact-only skills pipeline)")
    for kind, score in scores.items():
        print("  " + score.line(kind))
    print(f"  sentences with an education entry (school + degree on one line): "
          f"{with_education}")


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    for codec in ("latin-1", "cp1252"):
        try:
            return run.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return run


def _repair(text: str) -> str:
    """UTF-8 text that was decoded as Latin-1/cp1252 (NaÃ¯ve -> Naïve), run by run."""
    return _NON_ASCII_RUN.sub(_repair_run, text)


def bench_english(path: Path) -> None:
    """Skills found per resume on the 166 English resumes."""
    csv.field_size_limit(10**9)
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        rows = list(csv.DictReader(fh))
    pipeline = build_pipeline(components=RESUME_COMPONENTS).initialize()
    started = time.perf_counter()
    counts = []
    for index, row in enumerate(rows):
        resume = parse_resume(_repair(row["Resume"]), id=f"en-{index}", pipeline=pipeline,
                              today=TODAY)
        counts.append(len(resume.skills))
    elapsed = time.perf_counter() - started
    at_least_3 = sum(c >= 3 for c in counts) / len(counts)
    print(f"English resumes: {len(counts)} in {elapsed:.2f}s ({len(counts) / elapsed:.0f}/s)")
    print(f"  share with >= 3 skills: {at_least_3:.3f}; mean skills per resume: "
          f"{statistics.mean(counts):.1f}; median: {statistics.median(counts):g}; "
          f"min {min(counts)}, max {max(counts)}")


def main() -> None:
    """Run both benchmarks and print time, peak memory and quality."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA / "resumes")
    parser.add_argument("--split", choices=("dev", "train"), default="dev",
                        help="the NER split to score (the rules were written against dev)")
    args = parser.parse_args()
    if not require(args.data):
        return
    tracemalloc.start()
    ner = args.data / "resume_ner_zh" / f"{args.split}.char.bmes.txt"
    if require(ner):
        bench_ner(ner)
    english = args.data / "updated_resume_dataset_dedup.csv"
    if require(english):
        bench_english(english)
    peak = tracemalloc.get_traced_memory()[1]
    print(f"peak traced memory: {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
