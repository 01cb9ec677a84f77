"""Throughput, peak memory and start-up of `talentgraph extract` on the LinkedIn postings.

Runs on one core (BLAS threads = 1) and prints postings/s for the exact-only fast path and the
full pipeline, beside a baseline in the same run: a naive matcher that tests every alias with a
compiled regex per posting (what a hand-written extractor typically does).

    .venv/bin/python benchmarks/bench_extract.py [--limit N] [--skip-full]

The per-component split is CPU time (steadier than wall time when other jobs share the
machine); the throughput lines give wall time and, in brackets, CPU time.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

sys.path.insert(0, os.path.dirname(__file__))
from _data import DATA, ROOT, linkedin_postings, require


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _startup_seconds() -> float:
    exe = ROOT / ".venv" / "bin" / "talentgraph"
    t = time.perf_counter()
    subprocess.run([str(exe), "extract", "--exact-only", "--no-progress", "-o", os.devnull,
                    str(ROOT / "tests" / "data" / "en")], check=False,
                   capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--skip-full", action="store_true",
                        help="Only the exact-only path (the full pipeline takes ~20 s).")
    args = parser.parse_args()
    if not require(DATA / "postings" / "linkedin_2018"):
        return
    from talentgraph.domain import Record
    from talentgraph.extract import build_pipeline
    from talentgraph.taxonomy import load_taxonomy

    rows = linkedin_postings()
    if args.limit:
        rows = rows[: args.limit]
    records = [Record(id=str(i), text=r["description"], title=r["title"])
               for i, r in enumerate(rows)]
    kb = sum(len(r.text) for r in records) / len(records) / 1024
    print(f"postings: {len(records)}, mean size {kb:.1f} KB")

    results = {}
    for label, exact_only in (("exact-only", True), ("full", False)):
        if label == "full" and args.skip_full:
            continue
        t0 = time.perf_counter()
        pipe = build_pipeline(exact_only=exact_only).initialize()
        init = time.perf_counter() - t0
        t1, c1 = time.perf_counter(), time.process_time()
        n_skills = sum(len(ex.skills) for ex in pipe.pipe(records, batch_size=128))
        dt, cpu = time.perf_counter() - t1, time.process_time() - c1
        results[label] = len(records) / dt
        print(f"{label:11s}: {len(records) / dt:8.0f} postings/s  ({len(records) / cpu:.0f}/s of "
              f"CPU time)  init {init:.2f}s  {n_skills / len(records):.1f} skills/posting  "
              f"peak RSS {_peak_mb():.0f} MB")
        if exact_only:  # again with warm caches (titles seen before: occupation, role)
            t2 = time.perf_counter()
            sum(1 for _ in pipe.pipe(records, batch_size=128))
            print(f"{'  warm':11s}: {len(records) / (time.perf_counter() - t2):8.0f} postings/s  "
                  "(every title seen before)")

    # where the time goes: each component over the same 500 postings
    from talentgraph.domain import Extraction

    sample = records[:500]
    pipe = build_pipeline(exact_only=args.skip_full).initialize()
    list(pipe.pipe(sample[:20]))
    exs = [Extraction(id=r.id, text=r.text, title=r.title) for r in sample]
    print("per component (ms/posting):", end="")
    for comp in pipe.components:
        t = time.process_time()  # CPU time: steadier than wall time on a shared machine
        exs = comp.pipe(exs)
        print(f" {comp.name} {1000 * (time.process_time() - t) / len(sample):.2f}", end="")
    print()

    # baseline: a regex per alias, the naive way
    aliases = [a.text for a in load_taxonomy().iter_aliases() if a.is_exact][:20000]
    sample = records[: min(50, len(records))]
    patterns = [re.compile(r"(?<!\w)" + re.escape(a.lower()) + r"(?!\w)") for a in aliases]
    t2 = time.perf_counter()
    for r in sample:
        low = r.text.lower()
        _ = [p for p in patterns if p.search(low)]
    base = len(sample) / (time.perf_counter() - t2)
    print(f"baseline   : {base:8.1f} postings/s  (one regex per alias, {len(aliases)} aliases)")
    print(f"ratio exact-only / baseline: {results['exact-only'] / base:.0f}x")
    print(f"start-up (CLI, exact-only, tiny input): {_startup_seconds():.2f}s")


if __name__ == "__main__":
    main()
