"""RoleClassifier: a posting's role family from its title and the start of its text.

Character n-gram TF-IDF (char_wb 1-4) on the title, weighted higher, plus word 1-2 TF-IDF (CJK
characters as words) on the first ``text_chars`` characters of the text, into a multinomial
LogisticRegression with balanced class weights. Works for Chinese and English alike (no
segmentation). See docs/model-card-role.md for the data, the weak labels and the measured quality.

Training uses scikit-learn; prediction does not. ``fit`` exports the fitted vocabularies, idf
weights and the regression's ``coef_``/``intercept_`` as plain arrays, and ``predict_proba``
rebuilds scikit-learn's features and probabilities from them with NumPy (same float32 arithmetic,
same order of sums). ``to_disk`` writes those arrays to an ``.npz`` (no pickle), so loading the
shipped model imports neither scikit-learn, SciPy nor joblib.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import platform
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from talentgraph.errors import (
    ModelNotFoundError,
    NotFittedError,
    ParameterError,
    TrainingDataError,
)
from talentgraph.extract._ngrams import char_wb_ngrams

__all__ = [
    "RoleClassifier",
    "default_role_model_path",
    "evaluate_role_classifier",
    "load_role_classifier",
    "train_role_classifier",
]

_MODEL_FILE = "role_classifier.npz"
_CARD_FILE = "role_classifier.json"
_FORMAT = 2  # 1 was a joblib pickle of the scikit-learn objects
_TITLE_NGRAMS = (1, 4)
# Text tokens: Latin/digit words (2+ chars, keeping + and #) and single CJK characters, so word
# bigrams over Chinese are character bigrams. Word analysis is ~3x faster than char n-grams.
_TEXT_TOKENS = r"(?u)[\u3400-\u9fff]|[^\W\d_][\w+#]+"
_TEXT_TOKEN_RE = re.compile(_TEXT_TOKENS)
#: Titles whose features a classifier keeps (emptied when full).
_TITLE_CACHE_SIZE = 50_000
_ARRAYS = ("title_terms", "title_idf", "text_terms", "text_idf", "coef", "intercept", "classes")


def default_role_model_path() -> Path:
    """Where the shipped role classifier (.npz) lives (inside the package)."""
    return Path(__file__).resolve().parent.parent / "models" / _MODEL_FILE


def _word_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's ``word`` analyser with ``token_pattern=_TEXT_TOKENS`` (lowercase, no
    accent stripping, no stop words): the tokens, then the space-joined n-grams, in its order."""
    tokens = _TEXT_TOKEN_RE.findall(text.lower())
    min_n, max_n = ngram_range
    if max_n == 1:
        return tokens
    out = list(tokens) if min_n == 1 else []
    for n in range(max(min_n, 2), min(max_n + 1, len(tokens) + 1)):
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def _tfidf(grams: list[str], vocab: dict[str, int], idf: np.ndarray) -> tuple[np.ndarray, ...]:
    """Sorted feature ids and l2-normalised sublinear TF-IDF values (float32), computed as
    scikit-learn's TfidfVectorizer(sublinear_tf=True, dtype=float32) does, bit for bit."""
    return _tfidf_of_ids([j for j in map(vocab.get, grams) if j is not None], idf)


def _tfidf_of_ids(ids: list[int] | np.ndarray, idf: np.ndarray) -> tuple[np.ndarray, ...]:
    """``_tfidf`` from the vocabulary ids of the n-grams found (in any order)."""
    feats, counts = np.unique(np.asarray(ids, dtype=np.int64), return_counts=True)
    values = counts.astype(np.float32)
    np.log(values, out=values)
    values += np.float32(1.0)
    values *= idf[feats]
    if len(values):
        norm = np.cumsum((values * values).astype(np.float64))[-1]  # sequential, in double
        if norm != 0.0:
            values = (values.astype(np.float64) / np.sqrt(norm)).astype(np.float32)
    return feats, values


class _PairIndex:
    """The text vocabulary as integers: an index for every word that is a term or part of a
    word-pair term, each word's own term id (-1 when only pairs use it), and the pair terms as
    sorted codes ``first * n_words + second`` with their term ids."""

    def __init__(self, vocab: dict[str, int]) -> None:
        word_ix: dict[str, int] = {}
        pairs: list[tuple[str, str, int]] = []
        for term, j in vocab.items():
            parts = term.split(" ")
            if len(parts) == 1:
                word_ix.setdefault(term, len(word_ix))
            elif len(parts) == 2:
                pairs.append((parts[0], parts[1], j))
                for part in parts:
                    word_ix.setdefault(part, len(word_ix))
        self.word_ix = word_ix
        self.n_words = len(word_ix)
        self.unigram_of = np.full(len(word_ix), -1, dtype=np.int64)
        for term, j in vocab.items():
            if " " not in term:
                self.unigram_of[word_ix[term]] = j
        codes = np.fromiter((word_ix[a] * self.n_words + word_ix[b] for a, b, _ in pairs),
                            dtype=np.int64, count=len(pairs))
        order = np.argsort(codes, kind="stable")
        self.pair_codes = codes[order]
        self.pair_ids = np.fromiter((j for _, _, j in pairs), dtype=np.int64,
                                    count=len(pairs))[order]


def _softmax(scores: np.ndarray) -> np.ndarray:
    """scikit-learn's ``softmax`` (in place, in the scores' dtype)."""
    scores -= scores.max(axis=1).reshape(-1, 1)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1).reshape(-1, 1)
    return scores


# The TfidfVectorizer settings that _tfidf, char_wb_ngrams and _word_ngrams reproduce.
_PORTED_SETTINGS: dict[str, Any] = {
    "input": "content",
    "lowercase": True,
    "preprocessor": None,
    "tokenizer": None,
    "stop_words": None,
    "strip_accents": None,
    "binary": False,
    "sublinear_tf": True,
    "use_idf": True,
    "norm": "l2",
    "dtype": np.float32,
}


class RoleClassifier:
    """Role-family classifier with the scikit-learn estimator contract.

    ``RoleClassifier(**params)`` only stores the parameters. ``fit`` learns ``classes_``, the
    scikit-learn objects ``title_vectorizer_``, ``text_vectorizer_`` and ``model_`` (training
    only; not saved) and their plain-array export (``coef_``, ``intercept_``, vocabularies and
    idf weights) that ``predict_proba`` uses; ``from_disk`` restores only the export.
    """

    def __init__(
        self,
        *,
        title_weight: float = 1.0,
        text_weight: float = 0.5,
        text_chars: int = 1000,
        max_title_features: int = 30000,
        max_text_features: int = 30000,
        text_ngram_max: int = 2,
        C: float = 10.0,
        max_iter: int = 2000,
        random_state: int = 0,
    ) -> None:
        self.title_weight = title_weight
        self.text_weight = text_weight
        self.text_chars = text_chars
        self.max_title_features = max_title_features
        self.max_text_features = max_text_features
        self.text_ngram_max = text_ngram_max
        self.C = C
        self.max_iter = max_iter
        self.random_state = random_state

    # -- sklearn-style plumbing -------------------------------------------------------------
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters."""
        names = (
            "title_weight",
            "text_weight",
            "text_chars",
            "max_title_features",
            "max_text_features",
            "text_ngram_max",
            "C",
            "max_iter",
            "random_state",
        )
        return {name: getattr(self, name) for name in names}

    def set_params(self, **params: Any) -> RoleClassifier:
        """Set constructor parameters; unknown names raise ParameterError."""
        valid = self.get_params()
        for name, value in params.items():
            if name not in valid:
                raise ParameterError.invalid(
                    name, "RoleClassifier", f"one of {sorted(valid)}", name
                )
            setattr(self, name, value)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise NotFittedError(
                "This RoleClassifier is not fitted yet. Call fit(titles, texts, y) or load a "
                "trained model with RoleClassifier.from_disk(path) before predicting."
            )

    def _prepare(
        self, titles: Sequence[str | None], texts: Sequence[str | None] | None
    ) -> tuple[list[str], list[str]]:
        if isinstance(titles, str):
            raise ParameterError.invalid("titles", "RoleClassifier", "a sequence of str", titles)
        titles_ = [(t or "").strip() for t in titles]
        if texts is None:
            texts_ = [""] * len(titles_)
        else:
            if isinstance(texts, str) or len(texts) != len(titles_):
                raise ParameterError(
                    "The 'texts' parameter of RoleClassifier must be a sequence as long as "
                    f"'titles' ({len(titles_)}). Got {type(texts).__name__} of length "
                    f"{len(texts)} instead."
                )
            texts_ = [(t or "")[: self.text_chars] for t in texts]
        return titles_, texts_

    def _sparse_features(self, titles: list[str], texts: list[str]) -> Any:
        """scikit-learn's feature matrix (SciPy CSR); needs the fitted vectorisers."""
        import scipy.sparse as sp

        a = self.title_vectorizer_.transform(titles) * self.title_weight
        b = self.text_vectorizer_.transform(texts) * self.text_weight
        return sp.hstack([a, b], format="csr")

    def _features(self, title: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """One document's feature ids (sorted, text ids after the title's) and float32 values:
        the row scikit-learn's ``_sparse_features`` would give, computed with NumPy."""
        fa, va = self._title_features(title)
        if self.text_ngram_range_ == (1, 2):
            fb, vb = _tfidf_of_ids(self._text_ids(text), self._text[1])
        else:
            fb, vb = _tfidf(_word_ngrams(text, self.text_ngram_range_), *self._text)
        vb *= np.float32(self.text_weight)
        return np.concatenate([fa, fb + len(self._title[1])]), np.concatenate([va, vb])

    def _text_ids(self, text: str) -> np.ndarray:
        """The vocabulary ids of the text's words and word pairs (``text_ngram_range_`` (1, 2)):
        what ``_word_ngrams`` + lookup give (in another order), without building the pair
        strings: each token becomes a word index once, and the pairs are looked up as integer
        codes in a sorted array."""
        if self._text_pairs is None:
            self._text_pairs = _PairIndex(self._text[0])
        index = self._text_pairs
        tokens = _TEXT_TOKEN_RE.findall(text.lower())
        missing = itertools.repeat(-1)  # dict.get(key, -1) for every key, in C
        words = np.fromiter(map(index.word_ix.get, tokens, missing), dtype=np.int64,
                            count=len(tokens))
        known = words[words >= 0]
        unigrams = index.unigram_of[known]
        unigrams = unigrams[unigrams >= 0]
        if len(words) < 2 or not len(index.pair_codes):
            return unigrams
        first, second = words[:-1], words[1:]
        both = (first >= 0) & (second >= 0)
        codes = first[both] * index.n_words + second[both]
        at = np.minimum(np.searchsorted(index.pair_codes, codes), len(index.pair_codes) - 1)
        pairs = index.pair_ids[at[index.pair_codes[at] == codes]]
        return np.concatenate([unigrams, pairs])

    def _title_features(self, title: str) -> tuple[np.ndarray, np.ndarray]:
        """The title's weighted features, cached per title (postings repeat their titles)."""
        cache = self._title_cache
        found = cache.get(title)
        if found is None:
            fa, va = _tfidf(char_wb_ngrams(title, self.title_ngram_range_), *self._title)
            va *= np.float32(self.title_weight)
            fa.flags.writeable = va.flags.writeable = False  # shared: never changed in place
            if len(cache) >= _TITLE_CACHE_SIZE:
                cache.clear()
            cache[title] = found = (fa, va)
        return found

    def _set_arrays(self, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        """Install the plain-array model (as written by ``to_disk``)."""
        title_terms = arrays["title_terms"].tolist()
        text_terms = arrays["text_terms"].tolist()
        self.title_ngram_range_ = tuple(meta["title_ngram_range"])
        self.text_ngram_range_ = tuple(meta["text_ngram_range"])
        self.title_terms_ = arrays["title_terms"]
        self.text_terms_ = arrays["text_terms"]
        self._title = (
            dict(zip(title_terms, range(len(title_terms)), strict=True)),
            arrays["title_idf"],
        )
        self._text = (
            dict(zip(text_terms, range(len(text_terms)), strict=True)),
            arrays["text_idf"],
        )
        self.coef_ = arrays["coef"]
        self.intercept_ = arrays["intercept"]
        self.classes_ = np.asarray(arrays["classes"].tolist(), dtype=object)
        self._title_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._text_pairs: _PairIndex | None = None  # built on first use
        # (coef_, coef_.T made contiguous), built on first use
        self._coef_rows: tuple[np.ndarray, np.ndarray] | None = None

    def _export(self) -> dict[str, np.ndarray]:
        """The fitted scikit-learn objects as plain arrays (the ``.npz`` content)."""
        out: dict[str, np.ndarray] = {}
        for field, vec in (("title", self.title_vectorizer_), ("text", self.text_vectorizer_)):
            terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
            if [vec.vocabulary_[t] for t in terms] != list(range(len(terms))):
                raise ValueError(f"the {field} vocabulary does not number its columns 0..n-1")
            out[f"{field}_terms"] = np.asarray(terms, dtype=str)
            out[f"{field}_idf"] = np.asarray(vec.idf_, dtype=np.float32)
        out["coef"] = np.ascontiguousarray(self.model_.coef_, dtype=np.float32)
        out["intercept"] = np.asarray(self.model_.intercept_, dtype=np.float32)
        out["classes"] = np.asarray([str(c) for c in self.model_.classes_], dtype=str)
        return out

    def _adopt(self, title_vectorizer: Any, text_vectorizer: Any, model: Any) -> RoleClassifier:
        """Take fitted scikit-learn objects and export them to the arrays NumPy predicts from.

        Raises ValueError for vectoriser settings the NumPy port does not reproduce.
        """
        for name, vec, extra in (
            ("title", title_vectorizer, {"analyzer": "char_wb"}),
            ("text", text_vectorizer, {"analyzer": "word", "token_pattern": _TEXT_TOKENS}),
        ):
            want = {**_PORTED_SETTINGS, **extra}
            got = {key: vec.get_params()[key] for key in want}
            if got != want:
                raise ValueError(
                    f"The {name} vectoriser has settings the NumPy port does not reproduce. "
                    f"Expected {want}, got {got}."
                )
        self.title_vectorizer_ = title_vectorizer
        self.text_vectorizer_ = text_vectorizer
        self.model_ = model
        meta = {
            "title_ngram_range": list(title_vectorizer.ngram_range),
            "text_ngram_range": list(text_vectorizer.ngram_range),
        }
        self._set_arrays(self._export(), meta)
        return self

    # -- estimator API ------------------------------------------------------------------------
    def fit(
        self,
        titles: Sequence[str | None],
        texts: Sequence[str | None] | None,
        y: Sequence[str],
    ) -> RoleClassifier:
        """Learn from titles, texts (may be empty strings or None) and family labels."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        titles_, texts_ = self._prepare(titles, texts)
        y_ = np.asarray(list(y), dtype=object)
        if len(y_) != len(titles_):
            raise TrainingDataError(
                f"fit needs one label per title. Got {len(titles_)} titles and {len(y_)} labels."
            )
        if len(set(y_.tolist())) < 2:
            raise TrainingDataError(
                "fit needs at least two role families in y. Got "
                f"{sorted(set(y_.tolist()))}. Add examples of other families."
            )
        self.title_vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=_TITLE_NGRAMS,
            lowercase=True,
            sublinear_tf=True,
            max_features=self.max_title_features,
            dtype=np.float32,
        ).fit(titles_)
        text_fit = [t for t in texts_ if t] or ["empty"]
        self.text_vectorizer_ = TfidfVectorizer(
            analyzer="word",
            token_pattern=_TEXT_TOKENS,
            ngram_range=(1, self.text_ngram_max),
            lowercase=True,
            sublinear_tf=True,
            max_features=self.max_text_features,
            min_df=2 if len(text_fit) > 50 else 1,
            dtype=np.float32,
        ).fit(text_fit)
        # stop_words_ holds every n-gram cut by max_features/min_df: drop it, it is training text.
        for vec in (self.title_vectorizer_, self.text_vectorizer_):
            if hasattr(vec, "stop_words_"):
                del vec.stop_words_
        X = self._sparse_features(titles_, texts_)
        model = LogisticRegression(
            C=self.C,
            class_weight="balanced",
            max_iter=self.max_iter,
            random_state=self.random_state,
        ).fit(X, y_)
        model.coef_ = model.coef_.astype(np.float32)
        return self._adopt(self.title_vectorizer_, self.text_vectorizer_, model)

    def predict_proba(
        self, titles: Sequence[str | None], texts: Sequence[str | None] | None = None
    ) -> np.ndarray:
        """Class probabilities, shape (n, len(classes_)); rows sum to 1.

        NumPy only: equal to scikit-learn's ``model_.predict_proba`` on its own features
        (float32, as scikit-learn gives them when the weights are float32).
        """
        self._check_fitted()
        titles_, texts_ = self._prepare(titles, texts)
        if not titles_:
            return np.zeros((0, len(self.classes_)))
        coef = self.coef_
        if self._coef_rows is None or self._coef_rows[0] is not coef:
            self._coef_rows = (coef, np.ascontiguousarray(coef.T))  # one row per feature
        coef_rows = self._coef_rows[1]
        scores = np.zeros((len(titles_), coef.shape[0]), dtype=np.result_type(coef, np.float32))
        for i, (title, text) in enumerate(zip(titles_, texts_, strict=True)):
            feats, values = self._features(title, text)
            if len(feats):  # summed in feature order, as SciPy's CSR x dense product does
                # (rows of the transposed copy: a contiguous gather, the same products and sums)
                scores[i] = np.cumsum(coef_rows[feats] * values[:, None], axis=0)[-1]
        scores += self.intercept_
        if coef.shape[0] == 1:  # binary: scikit-learn's expit of the one decision value
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.stack([1 - positive, positive], axis=1)
        return _softmax(scores)

    def predict(
        self, titles: Sequence[str | None], texts: Sequence[str | None] | None = None
    ) -> np.ndarray:
        """The most probable family for each document."""
        proba = self.predict_proba(titles, texts)
        return self.classes_[proba.argmax(axis=1)] if len(proba) else np.array([], dtype=object)

    def explain(
        self, title: str | None, text: str | None = None, *, top: int = 5
    ) -> list[dict[str, Any]]:
        """The n-grams that pushed the top class most: ``[{ngram, field, weight}]``, strongest first.

        ``weight`` is tf-idf value x coefficient of the top class minus the mean coefficient
        over classes, so it says how much this n-gram favoured the top class over the others.
        """
        self._check_fitted()
        if not isinstance(top, int) or top < 1:
            raise ParameterError.invalid("top", "RoleClassifier.explain", "an int >= 1", top)
        titles_, texts_ = self._prepare([title], [text])
        k = int(self.predict_proba(titles_, texts_)[0].argmax())
        feats, values = self._features(titles_[0], texts_[0])
        coef = self.coef_[:, feats]
        if coef.shape[0] == 1:  # binary: one row for the positive class
            rel = coef[0] if k == 1 else -coef[0]
        else:
            rel = coef[k] - coef.mean(axis=0)
        contrib = values * rel
        n_title = len(self.title_terms_)
        out = []
        for i in np.argsort(-contrib)[:top]:
            if contrib[i] <= 0:
                break
            col = int(feats[i])
            field, name = (
                ("title", self.title_terms_[col])
                if col < n_title
                else ("text", self.text_terms_[col - n_title])
            )
            out.append({"ngram": str(name), "field": field, "weight": float(contrib[i])})
        return out

    def _sklearn_predict_proba(
        self, titles: Sequence[str | None], texts: Sequence[str | None] | None = None
    ) -> np.ndarray:
        """scikit-learn's own probabilities (needs the objects ``fit`` made): the reference
        that ``predict_proba`` is checked against."""
        if not hasattr(self, "model_"):
            raise NotFittedError(
                "This RoleClassifier has no scikit-learn model: it was loaded from disk. Fit it "
                "with fit(titles, texts, y) to compare against scikit-learn."
            )
        titles_, texts_ = self._prepare(titles, texts)
        return self.model_.predict_proba(self._sparse_features(titles_, texts_))

    # -- persistence --------------------------------------------------------------------------
    def to_disk(self, path: Path, *, card: dict[str, Any] | None = None) -> None:
        """Write the model to ``path`` (``.npz`` of plain arrays, no pickle) and its model card
        JSON beside it (``.json``)."""
        self._check_fitted()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": _FORMAT,
            "params": self.get_params(),
            "title_ngram_range": list(self.title_ngram_range_),
            "text_ngram_range": list(self.text_ngram_range_),
            "text_token_pattern": _TEXT_TOKENS,
        }
        arrays = {
            "title_terms": self.title_terms_,
            "title_idf": self._title[1],
            "text_terms": self.text_terms_,
            "text_idf": self._text[1],
            "coef": self.coef_,
            "intercept": self.intercept_,
            "classes": np.asarray([str(c) for c in self.classes_], dtype=str),
            "meta": np.asarray(json.dumps(meta, ensure_ascii=False)),
        }
        with path.open("wb") as handle:
            np.savez_compressed(handle, **arrays)
        full_card = {
            "name": "talentgraph role-family classifier",
            "format": _FORMAT,
            "python_version": platform.python_version(),
            "numpy_version": np.__version__,
            "classes": [str(c) for c in self.classes_],
            "params": self.get_params(),
            "model_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            **(card or {}),
        }
        path.with_suffix(".json").write_text(
            json.dumps(full_card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    @classmethod
    def from_disk(cls, path: Path) -> RoleClassifier:
        """Load a model written by ``to_disk`` (NumPy only; ~0.05 s)."""
        path = Path(path)
        if not path.is_file():
            raise ModelNotFoundError(
                f"No role classifier at {path.name!r}. Expected the .npz written by "
                "RoleClassifier.to_disk; train one with `talentgraph train role`."
            )
        try:
            with np.load(path, allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in npz.files}
            meta = json.loads(str(arrays["meta"]))
        except (OSError, ValueError, KeyError):
            arrays, meta = {}, {}
        if meta.get("format") != _FORMAT or any(name not in arrays for name in _ARRAYS):
            raise ModelNotFoundError(
                f"The file {path.name!r} is not a role classifier of format {_FORMAT} (an .npz "
                f"with {', '.join(_ARRAYS)} and meta). Retrain it with `talentgraph train role`."
            )
        if meta.get("text_token_pattern") != _TEXT_TOKENS:
            raise ModelNotFoundError(
                f"The role classifier {path.name!r} tokenises text with "
                f"{meta.get('text_token_pattern')!r}, this code with {_TEXT_TOKENS!r}. Retrain "
                "it with `talentgraph train role`."
            )
        self = cls(**meta["params"])
        self._set_arrays(arrays, meta)
        return self


_SHIPPED: RoleClassifier | None = None


def load_role_classifier(path: Path | None = None) -> RoleClassifier:
    """The shipped role classifier (cached), or the one at ``path``."""
    global _SHIPPED
    if path is not None:
        return RoleClassifier.from_disk(path)
    if _SHIPPED is None:
        _SHIPPED = RoleClassifier.from_disk(default_role_model_path())
    return _SHIPPED


def _check_against_sklearn(
    clf: RoleClassifier,
    titles: Sequence[str | None],
    texts: Sequence[str | None] | None = None,
    *,
    tol: float = 1e-6,
) -> float:
    """The largest |NumPy - scikit-learn| probability over these documents for a fitted ``clf``.

    Raises ValueError above ``tol``: the NumPy port no longer reproduces scikit-learn.
    """
    ours = clf.predict_proba(titles, texts)
    diff = float(np.abs(ours - clf._sklearn_predict_proba(titles, texts)).max(initial=0.0))
    if diff > tol:
        raise ValueError(
            f"NumPy role probabilities differ from scikit-learn's by {diff:.2e} (expected at "
            f"most {tol:.0e}). The NumPy port of TfidfVectorizer/LogisticRegression needs fixing."
        )
    return diff


# -- training and evaluation commands ---------------------------------------------------------
def _metrics(
    y_true: Sequence[str], y_pred: Sequence[str], classes: Sequence[str]
) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score

    labels = list(classes)
    if not len(y_true):
        return {"n": 0}
    per_class = f1_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
    support = {c: int(sum(1 for t in y_true if t == c)) for c in labels}
    present = [c for c in labels if support[c] > 0]
    return {
        "n": len(y_true),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(
            float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)), 4
        ),
        "per_class_f1": {c: round(float(f), 4) for c, f in zip(labels, per_class, strict=True)},
        "support": support,
    }


def _evaluate_rows(clf: RoleClassifier, test: list[Any]) -> dict[str, Any]:
    from sklearn.metrics import confusion_matrix

    classes = [str(c) for c in clf.classes_]
    titles = [r.title for r in test]
    texts = [r.text for r in test]
    y = [r.label for r in test]
    pred = [str(p) for p in clf.predict(titles, texts)]
    out: dict[str, Any] = {"overall": _metrics(y, pred, classes)}
    out["confusion_matrix"] = {
        "labels": classes,
        "matrix": confusion_matrix(y, pred, labels=classes).tolist(),
    }
    for lang in ("en", "zh"):
        idx = [i for i, r in enumerate(test) if r.language == lang]
        out[f"language_{lang}"] = _metrics([y[i] for i in idx], [pred[i] for i in idx], classes)
    # Text-only: rows that have a text, with the title hidden. The labels come from the titles,
    # so this is the honest measure of what the classifier learned from the text itself.
    idx = [i for i, r in enumerate(test) if r.text]
    if idx:
        blind = [str(p) for p in clf.predict([""] * len(idx), [texts[i] for i in idx])]
        out["text_only"] = _metrics([y[i] for i in idx], blind, classes)
    return out


def _training_rows(train: list[Any], *, seed: int) -> tuple[list[str], list[str], list[str]]:
    from talentgraph.extract._role_data import seed_examples

    rows = list(train) + seed_examples()
    titles = [r.title for r in rows]
    texts = [r.text for r in rows]
    y = [r.label for r in rows]
    # Title dropout: every row with a text is added again with its title hidden, so the model
    # must also learn the families from the text (for generic or missing titles).
    for r in train:
        if r.text:
            titles.append("")
            texts.append(r.text)
            y.append(r.label)
    return titles, texts, y


def train_role_classifier(*, data_dir: Path, out: Path, seed: int = 0) -> dict[str, Any]:
    """Build the weak-label set from ``data_dir``, train, evaluate on the held-out split, save.

    Writes ``out`` (``.npz``) and ``out.with_suffix('.json')`` (model card); checks first that
    NumPy's probabilities equal scikit-learn's on the held-out rows. Returns the metrics.
    """
    from talentgraph.extract._role_data import (
        ROLE_RULES,
        hash_labelled_set,
        load_labelled_set,
        split_labelled_set,
    )

    rows = load_labelled_set(Path(data_dir), seed=seed)
    train, test = split_labelled_set(rows, seed=seed)
    titles, texts, y = _training_rows(train, seed=seed)
    start = time.perf_counter()
    clf = RoleClassifier(random_state=seed).fit(titles, texts, y)
    fit_s = time.perf_counter() - start
    diff = _check_against_sklearn(clf, [r.title for r in test], [r.text for r in test])
    metrics = _evaluate_rows(clf, test)
    import sklearn

    card = {
        "sklearn_version": sklearn.__version__,
        "training_data_sha256": hash_labelled_set(rows),
        "seed": seed,
        "n_labelled": len(rows),
        "n_train_rows": len(titles),
        "n_test": len(test),
        "rules": [list(r) for r in ROLE_RULES],
        "fit_seconds": round(fit_s, 1),
        "numpy_vs_sklearn_max_abs_diff": diff,
        "metrics": metrics,
    }
    clf.to_disk(Path(out), card=card)
    return {"n_train": len(titles), "n_test": len(test), **metrics}


def evaluate_role_classifier(
    *, data_dir: Path, model: Path, seed: int | None = None
) -> dict[str, Any]:
    """Evaluate ``model`` on the held-out split of ``data_dir`` (same seed as its training)."""
    from talentgraph.extract._role_data import load_labelled_set, split_labelled_set

    clf = RoleClassifier.from_disk(Path(model))
    if seed is None:
        card_path = Path(model).with_suffix(".json")
        card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
        seed = int(card.get("seed", 0))
    rows = load_labelled_set(Path(data_dir), seed=seed)
    _, test = split_labelled_set(rows, seed=seed)
    return {"n_test": len(test), **_evaluate_rows(clf, test)}
