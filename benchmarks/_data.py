"""Where the benchmarks find the development data (../shared/data beside the repo)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("TALENTGRAPH_SHARED_DATA", ROOT.parent / "shared" / "data"))


def require(path: Path) -> bool:
    """True when ``path`` exists; otherwise print why the benchmark is skipped."""
    if path.exists():
        return True
    print(f"SKIP: {path} not found (set TALENTGRAPH_SHARED_DATA to the shared data folder).")
    return False


def linkedin_postings() -> list[dict[str, str]]:
    """The 1,950 LinkedIn 2018 postings (development only: never committed)."""
    csv.field_size_limit(10**9)
    rows: list[dict[str, str]] = []
    for name in ("DataScientist.csv", "DataAnalyst.csv"):
        with open(DATA / "postings" / "linkedin_2018" / name, encoding="utf-8",
                  errors="replace") as fh:
            rows.extend(csv.DictReader(fh))
    return rows
