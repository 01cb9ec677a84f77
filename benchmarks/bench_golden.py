"""Quality of the extraction engine on the golden samples in tests/data/{zh,en}.

For each language, runs the exact-only pipeline and the full pipeline (span model + semantic
linker) side by side over the self-written postings and resumes and prints:

* skill precision / recall / F1, micro-averaged over unique slugs per document, against the
  annotator's COMPLETE list (``skills_required`` in expected.json): a predicted slug not in that
  list is a false positive;
* recall of the strict subset (``skills_must``) and how many ``skills_absent`` slugs were found;
* field accuracy (salary, experience_min_years, education_min, city) over the documents where
  the field is annotated, and role-family accuracy;
* wall time and peak memory.

    .venv/bin/python benchmarks/bench_golden.py [--show-errors]

No shared data is needed: everything is in tests/data.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data"
LANGUAGES = ("zh", "en")
FIELDS = ("salary", "experience_min_years", "education_min", "city", "role_family")


def load_golden(language: str) -> tuple[dict[str, dict[str, Any]], list[Any]]:
    """The annotations of ``language`` and its documents as records (read like the CLI does)."""
    from talentgraph.text import read_records

    folder = GOLDEN / language
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    expected = {k: v for k, v in expected.items() if not k.startswith("_")}
    records = []
    for name in sorted(expected):
        records.extend(read_records(folder / name))
    return expected, records


def salary_equal(got: dict[str, Any] | None, want: dict[str, Any] | None) -> bool:
    """Salaries agree on currency, months and monthly bounds (to the cent, 0.1% slack)."""
    if got is None or want is None:
        return got is None and want is None
    if got["currency"] != want["currency"]:
        return False
    if not math.isclose(got["months_per_year"], want["months_per_year"]):
        return False
    for key in ("min_monthly", "max_monthly"):
        a, b = got[key], want[key]
        if (a is None) != (b is None):
            return False
        if a is not None and not math.isclose(a, b, rel_tol=1e-3, abs_tol=0.01):
            return False
    return True


def field_equal(name: str, got: Any, want: Any) -> bool:
    if name == "salary":
        return salary_equal(got, want)
    if name == "experience_min_years" and got is not None and want is not None:
        return math.isclose(float(got), float(want))
    return got == want


def score(expected: dict[str, dict[str, Any]], outputs: dict[str, dict[str, Any]]
          ) -> dict[str, Any]:
    """Micro P/R/F1 over unique slugs per document, must-recall, absent hits, field accuracy."""
    tp = fp = fn = must_found = must_total = absent_hits = 0
    fields = {f: [0, 0] for f in FIELDS}
    errors: list[str] = []
    for name, want in expected.items():
        out = outputs[name]
        pred = {m["slug"] for m in out["skills"]}
        gold = set(want["skills_required"])
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        must = set(want["skills_must"])
        must_found += len(must & pred)
        must_total += len(must)
        absent_hits += len(pred & set(want["skills_absent"]))
        if pred - gold or gold - pred:
            errors.append(f"  {name}: missed {sorted(gold - pred)} extra {sorted(pred - gold)}")
        for field in FIELDS:
            if field not in want:
                continue
            fields[field][1] += 1
            if field_equal(field, out[field], want[field]):
                fields[field][0] += 1
            else:
                errors.append(f"  {name}: {field} = {out[field]!r}, expected {want[field]!r}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
        "must_recall": must_found / must_total if must_total else 0.0,
        "absent_hits": absent_hits,
        "fields": {f: (ok / n if n else float("nan"), n) for f, (ok, n) in fields.items()},
        "errors": errors,
    }


def run(exact_only: bool) -> tuple[dict[str, dict[str, Any]], float]:
    from talentgraph.extract import build_pipeline

    pipeline = build_pipeline(exact_only=exact_only)
    t0 = time.perf_counter()
    pipeline.initialize()
    load_s = time.perf_counter() - t0
    results: dict[str, dict[str, Any]] = {}
    for language in LANGUAGES:
        expected, records = load_golden(language)
        t1 = time.perf_counter()
        outputs = {Path(ex.id).name: ex.to_dict() for ex in pipeline.pipe(records)}
        elapsed = time.perf_counter() - t1
        results[language] = {**score(expected, outputs), "seconds": elapsed,
                             "docs": len(records)}
    return results, load_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show-errors", action="store_true",
                        help="List every missed/extra slug and wrong field.")
    args = parser.parse_args()
    runs = {}
    for label, exact_only in (("exact-only", True), ("full", False)):
        runs[label], load_s = run(exact_only)
        print(f"{label}: pipeline initialize {load_s:.2f} s")
    labels = list(runs)
    header = f"{'':<26}" + "".join(f"{lab:>14}" for lab in labels)
    for language in LANGUAGES:
        first = runs[labels[0]][language]
        print(f"\n== {language}: {first['docs']} documents ==")
        print(header)

        def row(title: str, fmt: str, get: Any, language: str = language) -> None:
            print(f"{title:<26}" + "".join(f"{fmt.format(get(runs[lab][language])):>14}"
                                           for lab in labels))

        row("skill precision", "{:.3f}", lambda r: r["precision"])
        row("skill recall", "{:.3f}", lambda r: r["recall"])
        row("skill F1", "{:.3f}", lambda r: r["f1"])
        row("  tp / fp / fn", "{}", lambda r: f"{r['tp']}/{r['fp']}/{r['fn']}")
        row("must recall", "{:.3f}", lambda r: r["must_recall"])
        row("absent slugs found", "{}", lambda r: r["absent_hits"])
        for field in FIELDS:
            row(f"{field} acc (n={first['fields'][field][1]})", "{:.3f}",
                lambda r, f=field: r["fields"][f][0])
        row("docs/s", "{:.1f}", lambda r: r["docs"] / r["seconds"] if r["seconds"] else 0)
        if args.show_errors:
            for lab in labels:
                print(f"-- {lab} errors ({language})")
                print("\n".join(runs[lab][language]["errors"]) or "  none")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory: {peak:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
