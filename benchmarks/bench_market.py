"""Throughput and peak memory of `talentgraph market analyze` at 10k (and 100k) postings.

Runs the real command as a subprocess on a corpus made by make_market_corpus.py (distinct
postings recombined from LinkedIn 2018 and the Chinese demo sentences, ~3 KB each) and, in the
same run on the same files, a baseline: `talentgraph extract --exact-only -j N` (extraction
alone, no facts, dedup or aggregation). For each it prints wall time, postings/s and memory:

- tree RSS / tree PSS: the largest sum over the process and all its descendants, sampled from
  /proc every 0.2 s (PSS shares copy-on-write pages of forked workers fairly; RSS counts them
  once per process, so it overstates a pool);
- max RSS (one process): ru_maxrss from wait4, the largest single process of the tree.

    .venv/bin/python benchmarks/bench_market.py            # 10k postings
    .venv/bin/python benchmarks/bench_market.py --full     # 10k and 100k (generating 100k takes ~2 min)

Corpora are cached in --work-dir and reused when the same size and seed was made before.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import DATA, ROOT, require  # noqa: E402
from make_market_corpus import make_corpus, write_corpus  # noqa: E402

EXE = ROOT / ".venv" / "bin" / "talentgraph"
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class RunResult:
    label: str
    postings: int
    seconds: float
    tree_rss_mb: float
    tree_pss_mb: float
    max_rss_mb: float
    returncode: int
    stderr_tail: str

    @property
    def per_second(self) -> float:
        return self.postings / self.seconds if self.seconds else 0.0


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it, from the ppid field of /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes; (0, 0) when it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            rss = int(fh.read().split()[1]) * PAGE
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


def run_measured(label: str, cmd: list[str], *, postings: int) -> RunResult:
    """Run ``cmd``, sampling the memory of its process tree until it exits."""
    peak = {"rss": 0, "pss": 0}
    done = threading.Event()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err_chunks: list[str] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()

    def sample() -> None:
        while not done.is_set():
            totals = [_memory(p) for p in _descendants(proc.pid)]
            peak["rss"] = max(peak["rss"], sum(t[0] for t in totals))
            peak["pss"] = max(peak["pss"], sum(t[1] for t in totals))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join(timeout=5)
    stderr = "".join(err_chunks)
    return RunResult(label, postings, seconds, peak["rss"] / 2**20, peak["pss"] / 2**20,
                     usage.ru_maxrss / 1024, proc.returncode, stderr[-2000:])


def market_help() -> str:
    """The help text of `talentgraph market analyze`; exits with a clear message without it."""
    result = subprocess.run([str(EXE), "market", "analyze", "--help"], capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        print("FAIL: `talentgraph market analyze` is not available in this checkout "
              f"({EXE} market analyze --help exited {result.returncode}: "
              f"{(result.stderr or result.stdout).strip().splitlines()[-1:]}). The command "
              "is being written (issue 3); run this benchmark once it exists.", file=sys.stderr)
        raise SystemExit(2)
    return result.stdout


def corpus_dir(work: Path, n: int, *, seed: int) -> Path:
    """A cached corpus of ``n`` postings (made when missing)."""
    folder = work / f"corpus-{n}-seed{seed}"
    manifest = folder / "manifest.json"
    if manifest.exists() and json.loads(manifest.read_text())["n"] == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    data = folder / "data"
    write_corpus(make_corpus(n, seed=seed), out=data, fmt="jsonl", shard_size=5000)
    manifest.write_text(json.dumps({"n": n, "seed": seed}))
    print(f"made corpus of {n} postings in {time.perf_counter() - t0:.0f} s -> {data}",
          flush=True)
    return folder


def _print(results: list[RunResult], baseline: RunResult) -> None:
    print(f"{'run':<34}{'postings':>9}{'wall s':>9}{'post/s':>9}{'tree RSS MB':>13}"
          f"{'tree PSS MB':>13}{'max RSS MB':>12}{'x baseline':>11}")
    for r in results:
        ratio = r.seconds / baseline.seconds if baseline.seconds else float("nan")
        print(f"{r.label:<34}{r.postings:>9}{r.seconds:>9.1f}{r.per_second:>9.0f}"
              f"{r.tree_rss_mb:>13.0f}{r.tree_pss_mb:>13.0f}{r.max_rss_mb:>12.0f}{ratio:>11.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="also run 100k postings")
    parser.add_argument("--sizes", type=int, nargs="*", help="corpus sizes (overrides --full)")
    parser.add_argument("--workers", "-j", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work-dir", type=Path,
                        default=Path(os.environ.get("TMPDIR", "/tmp")) / "talentgraph-bench-market")
    parser.add_argument("--market-arg", action="append", default=[],
                        help="extra argument for `market analyze` (repeatable)")
    args = parser.parse_args(argv)
    if not require(DATA / "postings" / "linkedin_2018"):
        return 0
    help_text = market_help()
    sizes = args.sizes or ([10_000, 100_000] if args.full else [10_000])
    failed = 0
    for n in sizes:
        folder = corpus_dir(args.work_dir, n, seed=args.seed)
        data = folder / "data"
        baseline = run_measured(
            f"extract --exact-only -j {args.workers}",
            [str(EXE), "extract", "--exact-only", "-j", str(args.workers), "--no-progress",
             "-o", os.devnull, str(data)], postings=n)
        market_cmd = [str(EXE), "market", "analyze", str(data), "--out", str(folder / "out")]
        if "--workers" in help_text:
            market_cmd += ["--workers", str(args.workers)]
        if "--no-progress" in help_text:
            market_cmd.append("--no-progress")
        market = run_measured("market analyze", market_cmd + args.market_arg, postings=n)
        print(f"\n{n} postings ({data}), {args.workers} workers, {os.cpu_count()} cores")
        _print([baseline, market], baseline)
        for r in (baseline, market):
            if r.returncode != 0:
                failed += 1
                print(f"FAIL: {r.label} exited {r.returncode}:\n{r.stderr_tail}")
        summary = folder / "out" / "summary.json"
        if summary.exists():
            s = json.loads(summary.read_text(encoding="utf-8"))
            print(f"unique postings {s.get('unique_postings')}, duplicates "
                  f"{s.get('duplicates')} (exact {s.get('exact_duplicates')}, near "
                  f"{s.get('near_duplicates')}), skipped {s.get('skipped')}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
