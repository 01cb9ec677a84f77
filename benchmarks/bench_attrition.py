"""Benchmark: the attrition-risk model against the plain baseline, cross-validated, same run.

    .venv/bin/python benchmarks/bench_attrition.py [--data FILE] [--seeds 0,1,2] [--survival]

Reads the IBM HR Attrition sample (fictional data created by IBM data scientists; the training
split in ../shared/data/attrition) and prints, for each seed, stratified 5-fold CV figures of
the model and of the baseline (LogisticRegression C=1 on one-hot columns, no protected
attributes): ROC-AUC, PR-AUC, leaver F1 at the threshold chosen inside each training part, and
the Brier score; then fit and scoring time as a ratio to the baseline, and peak memory.
``--survival`` also runs the survival shape (YearsAtCompany in years as the duration, Attrition
as the event, 12-month horizon; optimistic, see docs/model-card-attrition.md). Exits 0 with a
SKIP line when the data is absent (the project never needs it at run or test time).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DATA, require  # noqa: E402

from talentgraph.predict import AttritionModel, evaluate_attrition, read_hr_table  # noqa: E402
from talentgraph.predict._evaluate import fit_baseline  # noqa: E402

METRICS = (("roc_auc", "ROC-AUC"), ("pr_auc", "PR-AUC"), ("f1", "leaver F1"),
           ("brier", "Brier"))


def _print_run(title: str, report: dict) -> None:
    print(f"== {title} ==")
    print(f"{'':<10}" + "".join(f"{label:>18}" for _, label in METRICS))
    for who in ("baseline", "model"):
        cells = "".join(f"{report[who][k]['mean']:>11.3f} ± {report[who][k]['sd']:.3f}"
                        for k, _ in METRICS)
        print(f"{who:<10}{cells}")
    gain = report["model"]["roc_auc"]["mean"] - report["baseline"]["roc_auc"]["mean"]
    print(f"ROC-AUC gain over the baseline: {gain:+.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path,
                        default=DATA / "attrition" / "ibm_hr_attrition_train.csv")
    parser.add_argument("--seeds", default="0", help="Comma-separated CV seeds.")
    parser.add_argument("--survival", action="store_true")
    args = parser.parse_args()
    if not require(args.data):
        return 0
    table = read_hr_table(args.data)
    X, y = table.frame.drop(columns=["Attrition"]), table.frame["Attrition"]
    print(f"data {args.data.name}: {len(X):,} rows, {(y == 'Yes').sum():,} leavers, "
          f"sha256 {table.sha256[:16]}…")
    seeds = [int(s) for s in args.seeds.split(",")]
    aucs = []
    for seed in seeds:
        t0 = time.perf_counter()
        report = evaluate_attrition(X, y, folds=5, random_state=seed)
        _print_run(f"snapshot, stratified 5-fold CV, seed {seed} "
                   f"({time.perf_counter() - t0:.1f}s)", report)
        aucs.append((report["baseline"]["roc_auc"]["mean"], report["model"]["roc_auc"]["mean"],
                     report["baseline"]["f1"]["mean"], report["model"]["f1"]["mean"]))
    if len(seeds) > 1:
        base, model, base_f1, model_f1 = (sum(v) / len(v) for v in zip(*aucs, strict=True))
        print(f"mean over seeds {seeds}: ROC-AUC baseline {base:.3f} model {model:.3f}; "
              f"leaver F1 baseline {base_f1:.3f} model {model_f1:.3f}")

    t0 = time.perf_counter()
    model = AttritionModel().fit(X, y)
    t1 = time.perf_counter()
    model.predict_risk(X)
    model.explain(X)
    t2 = time.perf_counter()
    fitted = AttritionModel().fit(X, y)
    frame = X[fitted.inputs_]
    t3 = time.perf_counter()
    from talentgraph.predict._columns import parse_left_flag
    from talentgraph.predict._features import coerce_frame

    left = parse_left_flag(y.tolist())
    fit_baseline(coerce_frame(frame), left, weight=None, employee=None, left=left, cv=5,
                 random_state=0)
    t4 = time.perf_counter()
    print(f"fit {t1 - t0:.2f}s (baseline fit {t4 - t3:.2f}s, ratio {(t1 - t0) / (t4 - t3):.1f}x)"
          f"  score+explain {len(X) / (t2 - t1):,.0f} rows/s")

    if args.survival:
        survival = AttritionModel(duration_column="YearsAtCompany", duration_unit="years")
        t0 = time.perf_counter()
        report = evaluate_attrition(X, y, model=survival, folds=5, random_state=0)
        _print_run(f"survival (YearsAtCompany years, 12-month horizon), seed 0 "
                   f"({time.perf_counter() - t0:.1f}s)", report)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
