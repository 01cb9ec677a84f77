"""Make a large corpus of distinct postings for the market benchmark.

Each posting (~3 KB of UTF-8) recombines random sentences: English ones from the LinkedIn 2018
development postings (../shared/data, read here at benchmark time only, never written into the
repo) and Chinese ones from the demo generator's templates (scripts/build_demo_corpus.py), with a
title, date (2024-01..2025-12), city, company and salary. Sentences are drawn independently from
pools of thousands, so two postings share few word 3-grams / character 4-grams and MinHash
deduplication (threshold 0.8) keeps almost all of them; ``--check-pairs`` measures that.

    .venv/bin/python benchmarks/make_market_corpus.py 10000 --out /tmp/market10k
    .venv/bin/python benchmarks/make_market_corpus.py 100000 --out /tmp/market100k --format csv

Output: shards ``corpus-00000.jsonl`` (or .csv) of ``--shard-size`` postings, so that no file
passes the reader's 20 MB limit. Fields: id, title, text, salary, city, date, company.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import itertools
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import DATA, ROOT, linkedin_postings, require  # noqa: E402

FIELDS = ("id", "title", "text", "salary", "city", "date", "company")
TARGET_BYTES = 3000
EN_CITIES = ["San Francisco, CA", "New York, NY", "Seattle, WA", "Austin, TX", "Boston, MA",
             "Mountain View, CA", "Chicago, IL", "London", "Berlin", "Toronto"]
EN_COMPANY_WORDS = ["Acme", "Northwind", "Bluefin", "Quartz", "Helix", "Lumen", "Orbit",
                    "Cedar", "Vertex", "Nimbus"]
EN_HEADINGS = ["About the role", "What you will do", "What we are looking for",
               "Nice to have", "Benefits"]
START, END = date(2024, 1, 1), date(2025, 12, 31)
_SPLIT_EN = re.compile(r"(?<=[.!?])\s*(?=[A-Z])|\n+|\s{3,}")
_NUMBERED = re.compile(r"^\d+\.\s*")


@lru_cache(maxsize=1)
def _demo_module() -> ModuleType:
    """scripts/build_demo_corpus.py, imported by path (it is a script, not a package)."""
    path = ROOT / "scripts" / "build_demo_corpus.py"
    spec = importlib.util.spec_from_file_location("build_demo_corpus", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def _en_pool() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Unique English sentences (40-400 chars) and titles of the LinkedIn postings, sorted."""
    if not require(DATA / "postings" / "linkedin_2018"):
        raise SystemExit(1)
    sentences: set[str] = set()
    titles: set[str] = set()
    for row in linkedin_postings():
        titles.add(row["title"].strip())
        for part in _SPLIT_EN.split(row["description"]):
            part = part.strip()
            if 40 <= len(part) <= 400:
                sentences.add(part)
    return tuple(sorted(sentences)), tuple(sorted(t for t in titles if t))


@lru_cache(maxsize=1)
def _zh_pool() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Unique Chinese lines (duties, requirements, perks) of 3,000 demo-generator postings."""
    demo = _demo_module()
    lines: set[str] = set()
    for posting in demo.generate_zh_postings(3000, seed=7, max_overlap=1.01):
        for line in posting["职位描述"].splitlines()[2:]:
            line = _NUMBERED.sub("", line.strip()).rstrip("；;")
            if len(line) >= 8 and not line.endswith("："):
                lines.add(line)
    titles = sorted({t for spec in demo.FAMILIES.values() for t in spec["titles"]})
    return tuple(sorted(lines)), tuple(titles)


def _day(rng: random.Random) -> date:
    return START + timedelta(days=rng.randrange((END - START).days + 1))


def _en_posting(rng: random.Random, i: int) -> dict[str, str]:
    sentences, titles = _en_pool()
    title = rng.choice(titles)
    parts, size, heading = [title], len(title), 0
    while size < TARGET_BYTES:
        if heading < len(EN_HEADINGS) and rng.random() < .15:
            parts.append("\n" + EN_HEADINGS[heading])
            heading += 1
        sentence = rng.choice(sentences)
        parts.append(sentence)
        size += len(sentence.encode("utf-8")) + 1
    low = rng.randrange(70, 200) * 1000
    return {"id": f"bench-en-{i:07d}", "title": title, "text": "\n".join(parts),
            "salary": f"${low:,} - ${low + rng.randrange(10, 80) * 1000:,} a year",
            "city": rng.choice(EN_CITIES), "date": _day(rng).isoformat(),
            "company": f"{rng.choice(EN_COMPANY_WORDS)} {rng.choice(EN_COMPANY_WORDS)} Inc."}


def _zh_posting(rng: random.Random, i: int) -> dict[str, str]:
    demo = _demo_module()
    lines, titles = _zh_pool()
    title = rng.choice(["", "高级", "资深"]) + rng.choice(titles)
    parts, size = [title], len(title.encode("utf-8"))
    sections = ["岗位职责：", "任职要求：", "加分项："]
    while size < TARGET_BYTES:
        if sections and rng.random() < .1:
            parts.append(sections.pop(0))
        line = rng.choice(lines)
        parts.append(line + "；")
        size += len(line.encode("utf-8")) + 4
    city = rng.choice(demo.CITIES)[0]
    salary = demo._format_salary(rng.uniform(10, 70), level="", rng=rng)
    company = rng.choice(demo.COMPANY_HEADS) + rng.choice(demo.COMPANY_TAILS)
    return {"id": f"bench-zh-{i:07d}", "title": title, "text": "\n".join(parts),
            "salary": salary, "city": city, "date": _day(rng).isoformat(), "company": company}


def make_corpus(n: int, *, seed: int = 0, zh_share: float = 0.3) -> Iterator[dict[str, str]]:
    """``n`` distinct postings (dicts with FIELDS), ``zh_share`` of them Chinese, deterministic
    for a seed. Needs ../shared/data (LinkedIn 2018) for the English sentences."""
    if n < 0 or not 0 <= zh_share <= 1:
        raise ValueError(f"n must be >= 0 and zh_share in [0, 1]. Got n={n}, zh_share={zh_share}.")
    rng = random.Random(seed)
    for i in range(n):
        yield _zh_posting(rng, i) if rng.random() < zh_share else _en_posting(rng, i)


def shingles(text: str) -> set[str]:
    """Word 3-grams of the latin words plus character 4-grams of the CJK characters (the
    dedup's shingling) for the overlap check."""
    words = re.findall(r"[a-z0-9]+", text.casefold())
    cjk = "".join(re.findall(r"[\u4e00-\u9fff]", text))
    grams = {" ".join(words[k:k + 3]) for k in range(len(words) - 2)}
    grams |= {cjk[k:k + 4] for k in range(len(cjk) - 3)}
    return grams


def check_pairs(postings: list[dict[str, str]], *, pairs: int, seed: int = 1) -> dict[str, float]:
    """Jaccard of ``pairs`` random pairs and of ``pairs`` pairs with the same title (the most
    alike): mean and max of each."""
    rng = random.Random(seed)
    grams = [shingles(p["title"] + "\n" + p["text"]) for p in postings]
    by_title: dict[str, list[int]] = {}
    for k, p in enumerate(postings):
        by_title.setdefault(p["title"], []).append(k)
    groups = [g for g in by_title.values() if len(g) > 1]

    def jac(a: int, b: int) -> float:
        return len(grams[a] & grams[b]) / max(1, len(grams[a] | grams[b]))

    random_j = [jac(*rng.sample(range(len(postings)), 2)) for _ in range(pairs)]
    title_j = [jac(*rng.sample(rng.choice(groups), 2)) for _ in range(pairs)] if groups else [0.0]
    return {"random_mean": sum(random_j) / len(random_j), "random_max": max(random_j),
            "same_title_mean": sum(title_j) / len(title_j), "same_title_max": max(title_j)}


def write_corpus(postings: Iterator[dict[str, str]], *, out: Path, fmt: str,
                 shard_size: int) -> list[Path]:
    """Write shards of ``shard_size`` postings into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in itertools.count():
        chunk = list(itertools.islice(postings, shard_size))
        if not chunk:
            break
        path = out / f"corpus-{k:05d}.{fmt}"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            if fmt == "jsonl":
                fh.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in chunk)
            else:
                writer = csv.DictWriter(fh, fieldnames=FIELDS)
                writer.writeheader()
                writer.writerows(chunk)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of postings")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--zh-share", type=float, default=0.3)
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument("--shard-size", type=int, default=5000)
    parser.add_argument("--check-pairs", type=int, default=0,
                        help="measure Jaccard on this many sampled pairs (first 20k postings)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    paths = write_corpus(make_corpus(args.n, seed=args.seed, zh_share=args.zh_share),
                         out=args.out, fmt=args.format, shard_size=args.shard_size)
    size = sum(p.stat().st_size for p in paths)
    print(f"{args.n} postings, {len(paths)} files, {size / 1e6:.1f} MB "
          f"({size / max(1, args.n) / 1024:.2f} KB each) in {time.perf_counter() - t0:.1f} s "
          f"-> {args.out}")
    if args.check_pairs:
        sample = list(make_corpus(min(args.n, 20_000), seed=args.seed, zh_share=args.zh_share))
        stats = check_pairs(sample, pairs=args.check_pairs)
        print("Jaccard (word 3-grams + CJK char 4-grams): " +
              ", ".join(f"{k} {v:.3f}" for k, v in stats.items()))
        if stats["same_title_max"] >= 0.8 or stats["random_max"] >= 0.8:
            print("FAIL: some postings would be near-duplicates (Jaccard >= 0.8)")
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
