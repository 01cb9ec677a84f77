"""The whole extraction engine on the SkillSpan and Green dev sets: span P/R/F1.

Each dev sentence is joined with single spaces and run through the pipeline as one document;
the character spans of the skills it reports (exact, model and semantic) become token spans and
are scored with the same strict (exact boundaries) and loose (any token overlap) metrics as the
span models (``talentgraph.extract._spans_train.score_spans``). Gold: the SkillSpan skill and
knowledge layers merged into one, and Green's skill layer.

Rows: the dictionary alone (exact-only), the CRF alone, the default engine (exact + CRF +
semantic linker), and — where it is installed — the neural tagger alone.

    .venv/bin/python benchmarks/bench_engine_spans.py [--limit N]
"""

from __future__ import annotations

import argparse
import bisect
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from _data import DATA, require  # noqa: E402


def _token_spans(tokens: list[str], char_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    starts, pos = [], 0
    for tok in tokens:
        starts.append(pos)
        pos += len(tok) + 1
    out = set()
    for s, e in char_spans:
        i = bisect.bisect_right(starts, s) - 1
        j = bisect.bisect_left(starts, e)
        if 0 <= i < j:
            out.add((i, j))
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    if not require(DATA / "skills" / "skillspan" / "dev.json"):
        return
    from talentgraph.domain import Record
    from talentgraph.extract import build_pipeline
    from talentgraph.extract._spans import SpanTagger, bio_to_spans
    from talentgraph.extract._spans_train import load_span_corpus, score_spans

    taggers = {"CRF tagger alone": SpanTagger().initialize()}
    try:
        from talentgraph.extract._neural_spans import NeuralSpanTagger

        taggers["neural tagger alone"] = NeuralSpanTagger().initialize()
    except Exception as exc:  # not installed / not trained: say so, run the rest
        print(f"(neural tagger not available: {type(exc).__name__})")
    pipelines = {"dictionary only (exact-only)": build_pipeline(exact_only=True).initialize(),
                 "default engine (exact+CRF+semantic)": build_pipeline().initialize()}
    if "neural tagger alone" in taggers:
        pipelines["engine, --span-model neural"] = build_pipeline(span_model="neural").initialize()
    for name in ("skillspan", "green"):
        rows = load_span_corpus(DATA / "skills" / name / "dev.json")
        if args.limit:
            rows = rows[: args.limit]
        gold = [bio_to_spans(r["union"]) for r in rows]
        texts = [" ".join(r["tokens"]) for r in rows]
        print(f"\n{name} dev: {len(rows)} sentences, {sum(map(len, gold))} gold spans")
        print(f"{'system':40s} {'strict P/R/F1':>22s} {'loose P/R/F1':>22s} {'sent/s':>8s}")
        for label, pipe in pipelines.items():
            t = time.perf_counter()
            exs = list(pipe.pipe(Record(id=str(i), text=tx) for i, tx in enumerate(texts)))
            dt = time.perf_counter() - t
            pred = [_token_spans(r["tokens"], [(m.start, m.end) for m in ex.skills])
                    for r, ex in zip(rows, exs, strict=True)]
            _report(label, score_spans(gold, pred), len(rows) / dt)
        for label, tagger in taggers.items():
            t = time.perf_counter()
            pred = [bio_to_spans(tagger.predict_tokens(r["tokens"])) for r in rows]
            dt = time.perf_counter() - t
            _report(label, score_spans(gold, pred), len(rows) / dt)


def _report(label: str, scores, rate: float) -> None:  # type: ignore[no-untyped-def]
    s, lo = scores.strict, scores.loose
    print(f"{label:40s} {s['precision']:.3f}/{s['recall']:.3f}/{s['f1']:.3f}"
          f"     {lo['precision']:.3f}/{lo['recall']:.3f}/{lo['f1']:.3f} {rate:8.0f}")


if __name__ == "__main__":
    main()
