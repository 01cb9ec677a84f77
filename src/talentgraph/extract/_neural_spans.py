"""NeuralSpanTagger: a small transformer that finds skill and knowledge spans in English text.

The model is all-MiniLM-L6-v2 (6 layers, 384 wide, Apache-2.0) fine-tuned as a BIO token
classifier on SkillSpan (skill or knowledge, one merged layer) and Green, labels on the first
sub-word of each word, exported to ONNX and quantised to int8. Run time needs only
``onnxruntime`` and ``tokenizers``; training lives in ``scripts/train_neural_spans.py``.

Files (in ``talentgraph/models/`` by default):

- ``neural_spans.onnx``: the int8 model (inputs ``input_ids``, ``attention_mask``; output
  ``logits`` of shape batch x sub-words x 3 for ``O``, ``B``, ``I``).
- ``neural_spans_tokenizer.json``: the WordPiece tokenizer of the base model.
- ``neural_spans.json``: the model card (parameters, data hashes, dev metrics).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from talentgraph.errors import ModelNotFoundError, ParameterError
from talentgraph.extract._tokens import is_mostly_cjk, split_sentences, tokenize

__all__ = ["NeuralSpanTagger", "default_neural_model_path"]

_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
_LABELS = ("O", "B", "I")
_MAX_SUBWORDS = 128  # per model call, [CLS] and [SEP] included (the training length)
_BATCH = 32


def default_neural_model_path() -> Path:
    """Where the shipped int8 ONNX model lives (``talentgraph/models/neural_spans.onnx``)."""
    return _MODELS_DIR / "neural_spans.onnx"


def _tokenizer_path_for(model_path: Path) -> Path:
    """``<stem>_tokenizer.json`` beside the model, else ``neural_spans_tokenizer.json`` there."""
    own = model_path.with_name(model_path.stem + "_tokenizer.json")
    return own if own.is_file() else model_path.with_name("neural_spans_tokenizer.json")


def _is_punct(token: str) -> bool:
    return not any(ch.isalnum() for ch in token)


class NeuralSpanTagger:
    """Find skill/knowledge spans in English text with a fine-tuned MiniLM (int8 ONNX).

    ``__init__`` only stores its arguments; :meth:`initialize` loads the model and tokenizer.
    ``threads`` sets onnxruntime's intra-op threads (``None``: onnxruntime's default).
    """

    name = "neural_span_tagger"

    def __init__(self, model_path: Path | None = None, *, threads: int | None = None) -> None:
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise ParameterError.invalid("threads", "NeuralSpanTagger", "an int >= 1", threads)
        self.model_path = model_path
        self.threads = threads

    def initialize(self) -> NeuralSpanTagger:
        """Load the ONNX model and the tokenizer; ModelNotFoundError (with the fix) if missing."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = Path(self.model_path) if self.model_path is not None else default_neural_model_path()
        tok_path = _tokenizer_path_for(path)
        for needed in (path, tok_path):
            if not needed.is_file():
                raise ModelNotFoundError(
                    f"The neural span tagger file was not found: expected {needed.name} in "
                    f"{needed.parent}. Got no such file. Fix: train and install it with "
                    "`python scripts/train_neural_spans.py --install` (see its docstring), or "
                    "pass model_path= a neural_spans.onnx with neural_spans_tokenizer.json beside it."
                )
        options = ort.SessionOptions()
        if self.threads is not None:
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
        self.session_ = ort.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(tok_path))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        self.tokenizer_ = tokenizer
        return self

    def _ready(self) -> tuple[Any, Any]:
        try:
            return self.session_, self.tokenizer_
        except AttributeError:
            self.initialize()
            return self.session_, self.tokenizer_

    def _chunks(self, words: Sequence[str]) -> list[tuple[int, list[int], dict[int, int]]]:
        """Split one sentence into pieces that fit the model: (first word index, sub-word ids,
        word index -> position of its first sub-word)."""
        _, tokenizer = self._ready()
        enc = tokenizer.encode(list(words), is_pretokenized=True, add_special_tokens=True)
        if len(enc.ids) <= _MAX_SUBWORDS:
            return [(0, enc.ids, _first_positions(enc.word_ids, 0))]
        counts = [0] * len(words)
        for w in enc.word_ids:
            if w is not None:
                counts[w] += 1
        pieces: list[tuple[int, int]] = []
        start, used = 0, 0
        for i, c in enumerate(counts):
            if used + c > _MAX_SUBWORDS - 2 and i > start:
                pieces.append((start, i))
                start, used = i, 0
            used += c
        pieces.append((start, len(words)))
        out = []
        for a, b in pieces:
            sub = tokenizer.encode(list(words[a:b]), is_pretokenized=True, add_special_tokens=True)
            ids, wids = sub.ids, sub.word_ids
            if len(ids) > _MAX_SUBWORDS:  # one word longer than the window: cut it
                ids, wids = ids[: _MAX_SUBWORDS - 1] + ids[-1:], wids[: _MAX_SUBWORDS - 1] + [None]
            out.append((a, ids, _first_positions(wids, a)))
        return out

    def _tag_sentences(
        self, sentences: Sequence[Sequence[str]]
    ) -> list[tuple[list[str], list[float]]]:
        """BIO tags and the probability of each chosen tag, per word, for many sentences."""
        import numpy as np

        session, _ = self._ready()
        results = [(["O"] * len(s), [1.0] * len(s)) for s in sentences]
        pieces = [(n, chunk) for n, s in enumerate(sentences) if s for chunk in self._chunks(s)]
        pieces.sort(key=lambda p: len(p[1][1]))
        for b in range(0, len(pieces), _BATCH):
            batch = pieces[b : b + _BATCH]
            width = max(len(p[1][1]) for p in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for r, (_, (_, sub_ids, _)) in enumerate(batch):
                ids[r, : len(sub_ids)] = sub_ids
                mask[r, : len(sub_ids)] = 1
            logits = session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]
            logits = logits - logits.max(-1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(-1, keepdims=True)
            best = probs.argmax(-1)
            for r, (n, (_, _, first)) in enumerate(batch):
                tags, confs = results[n]
                for w, pos in first.items():
                    k = int(best[r, pos])
                    tags[w] = _LABELS[k]
                    confs[w] = float(probs[r, pos, k])
        return results

    def predict_tokens(self, tokens: list[str]) -> list[str]:
        """BIO tags (``B``/``I``/``O``) for one pre-tokenised sentence."""
        if not tokens:
            return []
        return self._tag_sentences([tokens])[0][0]

    def predict_spans(self, text: str) -> list[tuple[int, int, float]]:
        """Character spans ``(start, end, confidence)`` of skills in ``text``.

        The text is split into sentences and words (``talentgraph.extract._tokens``); all
        sentences are tagged in length-sorted batches. Confidence is the mean probability of the
        span's tags (``B`` then ``I``...). Punctuation words at either edge of a span are trimmed.
        Mostly-CJK text returns ``[]``: this model is English only.
        """
        if not text or is_mostly_cjk(text):
            return []
        sentences = [tokenize(text, start=s, end=e) for s, e in split_sentences(text)]
        tagged = self._tag_sentences([[t[0] for t in toks] for toks in sentences])
        result: list[tuple[int, int, float]] = []
        for toks, (tags, confs) in zip(sentences, tagged, strict=True):
            for a, b in _bio_spans(tags):
                conf = sum(confs[a:b]) / (b - a)
                while a < b and _is_punct(toks[a][0]):
                    a += 1
                while b > a and _is_punct(toks[b - 1][0]):
                    b -= 1
                if a < b:
                    result.append((toks[a][1], toks[b - 1][2], round(conf, 4)))
        return result


def _first_positions(word_ids: Sequence[int | None], offset: int) -> dict[int, int]:
    """Word index (plus ``offset``) -> position of its first sub-word."""
    first: dict[int, int] = {}
    for pos, w in enumerate(word_ids):
        if w is not None and w + offset not in first:
            first[w + offset] = pos
    return first


def _bio_spans(tags: Sequence[str]) -> list[tuple[int, int]]:
    """Word spans ``(start, end)`` of a BIO sequence; a stray ``I`` opens a span."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, tag in enumerate(tags):
        if tag == "B" or (tag == "I" and start is None):
            if start is not None:
                spans.append((start, i))
            start = i
        elif tag == "O" and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(tags)))
    return spans
