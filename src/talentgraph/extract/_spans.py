"""SpanTagger: a CRF that finds skill and knowledge spans in English text (SkillSpan-style).

The model is a linear-chain CRF (python-crfsuite) over hand-made token features: the word, its
shape, affixes, case cues, word clusters (k-means over sentence-encoder vectors of the training
vocabulary, at three granularities, shipped as a table so the encoder is not needed at run time),
a gazetteer bucket (how often the word sits inside a span in the training data) and the position in
the sentence, over a window of two words either side. Training lives in ``_spans_train.py``.

Files (in ``talentgraph/models/`` by default):

- ``skill_spans.crfsuite``: the CRF weights.
- ``skill_spans_lexicon.json.gz``: ``{"clusters": {word: "a/b/c"}, "gazetteer": {word: bucket}}``.
- ``skill_spans.json``: the model card (parameters, data hashes, dev metrics).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from talentgraph.errors import ModelNotFoundError
from talentgraph.extract._tokens import is_mostly_cjk, split_sentences, tokenize

__all__ = [
    "SpanLexicon",
    "SpanTagger",
    "bio_to_spans",
    "default_model_path",
    "sentence_features",
    "word_key",
]

_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
_MAX_SENTENCE_TOKENS = 120
_DIGIT_RE = re.compile(r"\d")
_EDGE_PUNCT_RE = re.compile(r"^[^\w.+#]+|[^\w+#]+$")
_SHAPE_TABLE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "X" * 26 + "x" * 26 + "d" * 10,
)


def default_model_path() -> Path:
    """Where the shipped CRF model lives (``talentgraph/models/skill_spans.crfsuite``)."""
    return _MODELS_DIR / "skill_spans.crfsuite"


def lexicon_path_for(model_path: Path) -> Path:
    """The lexicon file that goes with ``model_path`` (same folder, ``_lexicon.json.gz``)."""
    return model_path.with_name(model_path.stem + "_lexicon.json.gz")


def word_key(token: str) -> str:
    """The lookup key of a token in the lexicon: lower case, edge punctuation off, digits -> 0."""
    key = _EDGE_PUNCT_RE.sub("", token.lower())
    return _DIGIT_RE.sub("0", key) if key else token.lower()


@dataclass(frozen=True)
class SpanLexicon:
    """Word clusters and gazetteer buckets used as features (empty ones are allowed)."""

    clusters: Mapping[str, str] = field(default_factory=dict)
    gazetteer: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> SpanLexicon:
        """Read a ``json.gz`` lexicon written by :meth:`save`."""
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        return cls(clusters=data["clusters"], gazetteer=data["gazetteer"])

    def save(self, path: Path) -> None:
        """Write the lexicon deterministically (sorted keys, fixed gzip mtime)."""
        payload = json.dumps(
            {"clusters": dict(self.clusters), "gazetteer": dict(self.gazetteer)},
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
            fh.write(payload)


def _is_punct(token: str) -> bool:
    return not any(ch.isalnum() for ch in token)


def _shape(token: str) -> str:
    """Collapsed word shape: ``Python`` -> ``Xx``, ``C++`` -> ``X+``, ``2021`` -> ``d``."""
    out: list[str] = []
    for ch in token.translate(_SHAPE_TABLE):
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out[:6])


def _base_features(token: str, lexicon: SpanLexicon) -> tuple[list[str], list[str]]:
    """Features of one token: (own-position-only features, features also shared with neighbours)."""
    key = word_key(token)
    shape = _shape(token)
    clusters = lexicon.clusters.get(key)
    c1, c2, c3 = clusters.split("/") if clusters else ("-", "-", "-")
    gaz = lexicon.gazetteer.get(key, "u")
    own = [
        "p2=" + key[:2],
        "p3=" + key[:3],
        "s2=" + key[-2:],
        "s3=" + key[-3:],
        "s4=" + key[-4:],
    ]
    if token.istitle():
        own.append("title")
    if token.isupper() and len(token) > 1:
        own.append("upper")
    if any(ch.isdigit() for ch in token):
        own.append("digit")
    if not token.isalnum():
        own.append("punct" if not any(ch.isalnum() for ch in token) else "mixed")
    if len(token) <= 2:
        own.append("short")
    shared = ["w=" + key, "sh=" + shape, "c1=" + c1, "c2=" + c2, "c3=" + c3, "g=" + gaz]
    return own, shared


_OFFSETS = (-2, -1, 1, 2)
_PADS = {off: str(off) + ":pad" for off in _OFFSETS}
_CACHE_LIMIT = 200_000
_Entry = tuple[list[str], list[str], dict[int, list[str]]]


def _token_entry(token: str, lexicon: SpanLexicon, cache: dict[str, _Entry] | None) -> _Entry:
    """Own features, shared features and the shared ones prefixed for each window offset."""
    if cache is not None:
        hit = cache.get(token)
        if hit is not None:
            return hit
    own, shared = _base_features(token, lexicon)
    entry = (own, shared, {off: [f"{off}:{f}" for f in shared] for off in _OFFSETS})
    if cache is not None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[token] = entry
    return entry


def sentence_features(
    tokens: Sequence[str], lexicon: SpanLexicon, *, cache: dict[str, _Entry] | None = None
) -> list[list[str]]:
    """CRF features for each token of one sentence (window of two words either side).

    ``cache`` (token -> features) may be passed to reuse work across sentences with one lexicon.

    >>> sentence_features(["Python"], SpanLexicon())[0][:3]
    ['bias', 'pos=0', 'rpos=0']
    """
    n = len(tokens)
    entries = [_token_entry(tok, lexicon, cache) for tok in tokens]
    out: list[list[str]] = []
    for i in range(n):
        own, shared, _ = entries[i]
        feats = ["bias", "pos=" + str(min(i, 3)), "rpos=" + str(min(n - 1 - i, 3))]
        feats.extend(own)
        feats.extend(shared)
        for off in _OFFSETS:
            j = i + off
            if 0 <= j < n:
                feats.extend(entries[j][2][off])
            else:
                feats.append(_PADS[off])
        if i > 0:
            feats.append("bg-1=" + entries[i - 1][1][0][2:] + "|" + shared[0][2:])
        if i < n - 1:
            feats.append("bg+1=" + shared[0][2:] + "|" + entries[i + 1][1][0][2:])
        out.append(feats)
    return out


# --- the tagger's fast path: encoded, pruned features ------------------------------------------
#
# pycrfsuite turns every feature string into a C++ string and looks it up in the model's attribute
# dictionary; attributes the model does not know are dropped there. Building the (same) features
# as UTF-8 bytes, with unknown attributes left out up front and whole per-token lists cached, gives
# crfsuite exactly the attributes it would have kept, in the same order, so scores are unchanged.

_HEADS: dict[tuple[int, int], list[str]] = {
    (p, r): ["bias", f"pos={p}", f"rpos={r}"] for p in range(4) for r in range(4)
}


def _model_attributes(tagger: Any) -> frozenset[bytes] | None:
    """Every attribute name in the model (``None`` when the dump cannot be read completely)."""
    try:
        info = tagger.info()
        known = frozenset(attr.encode("utf-8") for attr, _ in info.state_features)
        expected = int(info.header.get("num_attrs", -1))
    except Exception:  # noqa: BLE001 - any failure means "do not prune", which is always safe
        return None
    return known if len(known) == expected else None


def _keep(feats: Sequence[str], known: frozenset[bytes] | None) -> list[bytes]:
    """``feats`` UTF-8 encoded, those outside ``known`` dropped (order kept)."""
    encoded = [f.encode("utf-8") for f in feats]
    return encoded if known is None else [f for f in encoded if f in known]


class _Fixed(NamedTuple):
    """The features that do not depend on words, encoded and pruned for one model."""

    heads: dict[tuple[int, int], list[bytes]]  # bias and positions, by (pos, rpos)
    left_pad: tuple[Any, ...]  # an entry standing before the sentence
    right_pad: tuple[Any, ...]  # an entry standing after it


def _encoded_fixed(known: frozenset[bytes] | None) -> _Fixed:
    """The word-independent features, UTF-8 encoded, those outside ``known`` dropped."""
    return _Fixed(
        heads={key: _keep(feats, known) for key, feats in _HEADS.items()},
        left_pad=(None, _keep([_PADS[-2]], known), _keep([_PADS[-1]], known), None, None, b""),
        right_pad=(None, None, None, _keep([_PADS[1]], known), _keep([_PADS[2]], known), b""),
    )


def _encoded_entry(
    token: str, lexicon: SpanLexicon, known: frozenset[bytes] | None, cache: dict[Any, Any]
) -> tuple[Any, ...]:
    """(own + shared features, the shared ones for offsets -2, -1, +1, +2, word key), encoded."""
    hit = cache.get(token)
    if hit is not None:
        return hit
    own, shared = _base_features(token, lexicon)
    entry = (
        _keep(own + shared, known),
        *(_keep([f"{off}:{f}" for f in shared], known) for off in _OFFSETS),
        shared[0][2:].encode("utf-8"),
    )
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[token] = entry
    return entry


def _encoded_sentence_features(
    tokens: Sequence[str],
    lexicon: SpanLexicon,
    *,
    known: frozenset[bytes] | None,
    fixed: _Fixed,
    cache: dict[Any, Any],
) -> list[list[bytes]]:
    """:func:`sentence_features` UTF-8 encoded, with attributes outside ``known`` left out.

    ``fixed`` is :func:`_encoded_fixed` of ``known``; ``cache`` (reused across sentences with one
    lexicon and one ``known``) keeps the encoded features of words.
    """
    n = len(tokens)
    heads = fixed.heads
    padded = [fixed.left_pad, fixed.left_pad]
    padded.extend([_encoded_entry(tok, lexicon, known, cache) for tok in tokens])
    padded.append(fixed.right_pad)
    padded.append(fixed.right_pad)
    out: list[list[bytes]] = []
    last = n - 1
    for i in range(n):
        feats = [
            *heads[(i if i < 3 else 3, last - i if last - i < 3 else 3)],
            *padded[i + 2][0],
            *padded[i][1],
            *padded[i + 1][2],
            *padded[i + 3][3],
            *padded[i + 4][4],
        ]
        if i > 0:
            bigram = b"bg-1=" + padded[i + 1][5] + b"|" + padded[i + 2][5]
            if known is None or bigram in known:
                feats.append(bigram)
        if i < last:
            bigram = b"bg+1=" + padded[i + 2][5] + b"|" + padded[i + 3][5]
            if known is None or bigram in known:
                feats.append(bigram)
        out.append(feats)
    return out


def bio_to_spans(tags: Sequence[str]) -> list[tuple[int, int]]:
    """Token spans ``(start, end)`` (end exclusive) of a BIO sequence; a stray ``I`` opens a span."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, tag in enumerate(tags):
        head = tag[:1]
        if head == "B" or (head == "I" and start is None):
            if start is not None:
                spans.append((start, i))
            start = i
        elif head != "I" and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(tags)))
    return spans


class SpanTagger:
    """Find skill/knowledge spans in English text with a CRF.

    ``__init__`` only stores the path; :meth:`initialize` loads the model and its lexicon.
    """

    name = "span_tagger"

    def __init__(self, model_path: Path | None = None) -> None:
        self.model_path = model_path

    def initialize(self) -> SpanTagger:
        """Load the CRF model and lexicon; raise ModelNotFoundError (with the fix) if missing."""
        import pycrfsuite

        path = Path(self.model_path) if self.model_path is not None else default_model_path()
        lexicon = lexicon_path_for(path)
        for needed in (path, lexicon):
            if not needed.is_file():
                raise ModelNotFoundError(
                    f"The span tagger model file was not found: expected {needed.name} in "
                    f"{needed.parent}. Got no such file. Fix: train it with "
                    "`talentgraph train spans`, or pass model_path= a trained "
                    "skill_spans.crfsuite (its _lexicon.json.gz beside it)."
                )
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        self.tagger_ = tagger
        self.lexicon_ = SpanLexicon.load(lexicon)
        self.known_ = _model_attributes(tagger)
        self.fixed_ = _encoded_fixed(self.known_)
        self.cache_: dict[Any, Any] = {}
        return self

    def _tagger(self) -> Any:  # pycrfsuite.Tagger (no type stubs)
        try:
            return self.tagger_
        except AttributeError:
            self.initialize()
            return self.tagger_

    def predict_tokens(self, tokens: list[str]) -> list[str]:
        """BIO tags (``B``/``I``/``O``) for one pre-tokenised sentence."""
        if not tokens:
            return []
        tagger = self._tagger()
        return list(tagger.tag(self._features(tokens)))

    def _features(self, tokens: Sequence[str]) -> list[list[bytes]]:
        """The model's features of one sentence, as :func:`sentence_features` gives them but
        UTF-8 encoded, with attributes the model never saw dropped (they score nothing)."""
        return _encoded_sentence_features(
            tokens, self.lexicon_, known=self.known_, fixed=self.fixed_, cache=self.cache_
        )

    def predict_spans(self, text: str) -> list[tuple[int, int, float]]:
        """Character spans ``(start, end, confidence)`` of skills in ``text``.

        Confidence is the mean CRF marginal probability of the span's tags (``B`` then ``I``...).
        Punctuation tokens at either edge of a span are trimmed off its character range.
        Mostly-CJK text returns ``[]``: this model is English only.
        """
        if not text or is_mostly_cjk(text):
            return []
        tagger = self._tagger()
        result: list[tuple[int, int, float]] = []
        for s_start, s_end in split_sentences(text):
            toks = tokenize(text, start=s_start, end=s_end)
            for chunk_start in range(0, len(toks), _MAX_SENTENCE_TOKENS):
                chunk = toks[chunk_start : chunk_start + _MAX_SENTENCE_TOKENS]
                words = [t[0] for t in chunk]
                tags = tagger.tag(self._features(words))
                for a, b in bio_to_spans(tags):
                    while a < b and _is_punct(chunk[a][0]):
                        a += 1
                    while b > a and _is_punct(chunk[b - 1][0]):
                        b -= 1
                    if a == b:
                        continue
                    probs = [tagger.marginal("B" if k == a else "I", k) for k in range(a, b)]
                    result.append((chunk[a][1], chunk[b - 1][2], sum(probs) / len(probs)))
        return result
