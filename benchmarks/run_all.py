"""Run every benchmark in this folder, one after another, printing each one's figures.

    .venv/bin/python benchmarks/run_all.py            # all
    .venv/bin/python benchmarks/run_all.py extract    # those whose name contains "extract"
    .venv/bin/python benchmarks/run_all.py api        # the API load test (only when named)

Each benchmark reads the development data in ../shared/data (or $TALENTGRAPH_SHARED_DATA) and
prints a SKIP line when it is absent. See docs/benchmarks.md for the latest figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Run only when asked for by name: minutes long, needs wrk and a PostgreSQL server.
OPT_IN = frozenset({"bench_api"})


def main() -> int:
    wanted = sys.argv[1:]
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        if wanted and not any(w in script.stem for w in wanted):
            continue
        if not wanted and script.stem in OPT_IN:
            print(f"\n=== {script.stem} === (run it with: run_all.py {script.stem[6:]})")
            continue
        print(f"\n=== {script.stem} ===", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
