"""Benchmark the field extractors: salary parse coverage on real boards, and throughput.

Coverage: the share of non-missing salary strings that ``extract_salary`` parses, on the
Glassdoor "Salary Estimate" column (``-1`` = missing) and the lagou ``salary`` column, read from
``../shared/data/postings`` (development data, never shipped). A few parsed values are printed
for spot checks. Throughput: every field extractor on one ~3 KB English and one ~3 KB Chinese
posting (self-written below), postings per second on one core.

    .venv/bin/python benchmarks/bench_fields.py [--data DIR] [--seconds 2]

Prints a note and exits 0 when the data folder is absent (coverage is skipped, timing still runs).
"""

from __future__ import annotations

import argparse
import csv
import time
import tracemalloc
from pathlib import Path

from talentgraph.extract._city import extract_city, load_cities
from talentgraph.extract._fields import (
    extract_education,
    extract_experience,
    extract_remote,
    extract_seniority,
)
from talentgraph.extract._salary import extract_salary

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "postings"

_EN_POSTING = """Senior Machine Learning Engineer
Location: San Francisco, CA (hybrid)
About us: we build developer tools used by thousands of teams. Founded 8 years ago, we are
120 people and have raised $40M. {filler}
Responsibilities: design, train and ship ranking and recommendation models; own data
pipelines in Python and Spark; mentor junior engineers; work with product managers.
Requirements: BS/MS in Computer Science or a related field, PhD preferred. 5+ years of
experience in machine learning, at least 3 years of experience with PyTorch or TensorFlow.
Compensation: $180,000 - $230,000 per year plus equity. This is not a remote position.
"""
_ZH_POSTING = """高级数据分析师
岗位职责：负责业务指标体系搭建与数据分析，支持产品与运营决策。{filler}
任职要求：本科及以上学历，统计、数学、计算机相关专业，硕士优先；3-5年数据分析经验；
熟练使用SQL、Python，熟悉Hive、Spark者优先。
薪资：25-35K·14薪
工作地点：上海市浦东新区
"""


def _posting(template: str, filler: str, size: int = 3000) -> str:
    text = template.format(filler="")
    repeat = max(0, (size - len(text.encode("utf-8"))) // len(filler.encode("utf-8")) + 1)
    return template.format(filler=filler * repeat)


def coverage(data: Path) -> None:
    """Print parse coverage and spot checks for Glassdoor and lagou salary strings."""
    glassdoor = data / "glassdoor_2020.csv"
    lagou = data / "lagou_data_analyst_2019.csv"
    for path, column, default, missing in (
        (glassdoor, "Salary Estimate", None, {"-1", ""}),
        (lagou, "salary", "CNY", {""}),
    ):
        if not path.exists():
            print(f"note: {path} not found; skipping its coverage")
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            values = [row[column] for row in csv.DictReader(handle)]
        present = [v for v in values if v.strip() not in missing]
        start = time.perf_counter()
        parsed = [(v, extract_salary(v, default_currency=default)) for v in present]
        elapsed = time.perf_counter() - start
        ok = [(v, s) for v, s in parsed if s is not None]
        print(f"{path.name} [{column}]: {len(ok)}/{len(present)} parsed "
              f"({100.0 * len(ok) / max(1, len(present)):.2f}%), "
              f"{len(present) / elapsed:,.0f} strings/s")
        for value, salary in ok[:: max(1, len(ok) // 4)][:4]:
            assert salary is not None
            print(f"  {value!r:45} -> {salary.currency} {salary.period} "
                  f"monthly {salary.min_monthly:,.0f}-{salary.max_monthly or 0:,.0f} "
                  f"annual {salary.min_annual:,.0f}-{salary.max_annual or 0:,.0f} "
                  f"x{salary.months_per_year:g}")
        failed = [v for v, s in parsed if s is None]
        if failed:
            print(f"  not parsed (first 5): {failed[:5]}")


def _all_fields(title: str, text: str) -> None:
    extract_salary(text)
    extract_experience(text)
    extract_education(text)
    extract_city(text, title=title)
    extract_seniority(title, text)
    extract_remote(text)


def throughput(seconds: float) -> None:
    """Print postings/s for all six extractors together on ~3 KB postings."""
    load_cities()
    cases = {
        "en": ("Senior Machine Learning Engineer", _posting(
            _EN_POSTING, "Our customers range from startups to large enterprises. ")),
        "zh": ("高级数据分析师", _posting(_ZH_POSTING, "我们是一家快速发展的互联网公司，团队氛围开放。")),
    }
    for name, (title, text) in cases.items():
        _all_fields(title, text)
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            for _ in range(100):
                _all_fields(title, text)
            count += 100
        rate = count / (time.perf_counter() - start)
        print(f"throughput [{name}, {len(text.encode('utf-8')):,} bytes]: "
              f"{rate:,.0f} postings/s (all six field extractors, one core)")
    tracemalloc.start()
    for title, text in cases.values():
        _all_fields(title, text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory per call: {peak / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    if args.data.exists():
        coverage(args.data)
    else:
        print(f"note: {args.data} not found; salary coverage skipped")
    throughput(args.seconds)


if __name__ == "__main__":
    main()
