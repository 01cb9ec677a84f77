"""RoleClassifier: a posting's role family from its title and the start of its text.

Character n-gram TF-IDF (char_wb 1-4) on the title, weighted higher, plus word 1-2 TF-IDF (CJK characters as words) on the
first ``text_chars`` characters of the text, into a multinomial LogisticRegression with balanced
class weights. Works for Chinese and English alike (no segmentation). See
docs/model-card-role.md for the data, the weak labels and the measured quality.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from talentgraph.errors import (
    ModelNotFoundError,
    NotFittedError,
    ParameterError,
    TrainingDataError,
)

if TYPE_CHECKING:  # scikit-learn, SciPy and joblib are imported where used, not at import time
    import scipy.sparse as sp

__all__ = [
    "RoleClassifier",
    "default_role_model_path",
    "evaluate_role_classifier",
    "load_role_classifier",
    "train_role_classifier",
]

_MODEL_FILE = "role_classifier.joblib"
_CARD_FILE = "role_classifier.json"
_FORMAT = 1
# Text tokens: Latin/digit words (2+ chars, keeping + and #) and single CJK characters, so word
# bigrams over Chinese are character bigrams. Word analysis is ~3x faster than char n-grams.
_TEXT_TOKENS = r"(?u)[\u3400-\u9fff]|[^\W\d_][\w+#]+"


def default_role_model_path() -> Path:
    """Where the shipped role classifier lives (inside the package)."""
    return Path(__file__).resolve().parent.parent / "models" / _MODEL_FILE


class RoleClassifier:
    """Role-family classifier with the scikit-learn estimator contract.

    ``RoleClassifier(**params)`` only stores the parameters; ``fit`` learns ``classes_``,
    ``title_vectorizer_``, ``text_vectorizer_`` and ``model_``.
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
        if not hasattr(self, "model_"):
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

    def _features(self, titles: list[str], texts: list[str]) -> sp.csr_matrix:
        import scipy.sparse as sp

        a = self.title_vectorizer_.transform(titles) * self.title_weight
        b = self.text_vectorizer_.transform(texts) * self.text_weight
        return sp.hstack([a, b], format="csr")

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
            ngram_range=(1, 4),
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
        X = self._features(titles_, texts_)
        self.model_ = LogisticRegression(
            C=self.C,
            class_weight="balanced",
            max_iter=self.max_iter,
            random_state=self.random_state,
        ).fit(X, y_)
        self.model_.coef_ = self.model_.coef_.astype(np.float32)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(
        self, titles: Sequence[str | None], texts: Sequence[str | None] | None = None
    ) -> np.ndarray:
        """Class probabilities, shape (n, len(classes_)); rows sum to 1."""
        self._check_fitted()
        titles_, texts_ = self._prepare(titles, texts)
        if not titles_:
            return np.zeros((0, len(self.classes_)))
        return self.model_.predict_proba(self._features(titles_, texts_))

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
        x = self._features(titles_, texts_)
        k = int(self.model_.predict_proba(x)[0].argmax())
        coef = self.model_.coef_
        if coef.shape[0] == 1:  # binary: one row for the positive class
            rel = coef[0] if k == 1 else -coef[0]
        else:
            rel = coef[k] - coef.mean(axis=0)
        row = x.getrow(0).tocoo()
        contrib = row.data * rel[row.col]
        n_title = len(self.title_vectorizer_.vocabulary_)
        names_title = self.title_vectorizer_.get_feature_names_out()
        names_text = self.text_vectorizer_.get_feature_names_out()
        out = []
        for i in np.argsort(-contrib)[:top]:
            if contrib[i] <= 0:
                break
            col = int(row.col[i])
            field, name = (
                ("title", names_title[col])
                if col < n_title
                else ("text", names_text[col - n_title])
            )
            out.append({"ngram": str(name), "field": field, "weight": float(contrib[i])})
        return out

    # -- persistence --------------------------------------------------------------------------
    def to_disk(self, path: Path, *, card: dict[str, Any] | None = None) -> None:
        """Write the model (joblib) to ``path`` and its model card JSON beside it (.json)."""
        import joblib
        import sklearn

        self._check_fitted()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        state = {
            "format": _FORMAT,
            "params": self.get_params(),
            "title_vectorizer": self.title_vectorizer_,
            "text_vectorizer": self.text_vectorizer_,
            "model": self.model_,
        }
        joblib.dump(state, path, compress=3)
        full_card = {
            "name": "talentgraph role-family classifier",
            "format": _FORMAT,
            "sklearn_version": sklearn.__version__,
            "python_version": platform.python_version(),
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
        """Load a model written by ``to_disk``."""
        import joblib

        path = Path(path)
        if not path.is_file():
            raise ModelNotFoundError(
                f"No role classifier at {path.name!r}. Expected a file written by "
                "RoleClassifier.to_disk; train one with `talentgraph train role`."
            )
        state = joblib.load(path)
        if not isinstance(state, dict) or state.get("format") != _FORMAT:
            raise ModelNotFoundError(
                f"The file {path.name!r} is not a role classifier of format {_FORMAT}. "
                "Retrain it with `talentgraph train role`."
            )
        self = cls(**state["params"])
        self.title_vectorizer_ = state["title_vectorizer"]
        self.text_vectorizer_ = state["text_vectorizer"]
        self.model_ = state["model"]
        self.classes_ = self.model_.classes_
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

    Writes ``out`` (joblib) and ``out.with_suffix('.json')`` (model card). Returns the metrics.
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
    metrics = _evaluate_rows(clf, test)
    card = {
        "training_data_sha256": hash_labelled_set(rows),
        "seed": seed,
        "n_labelled": len(rows),
        "n_train_rows": len(titles),
        "n_test": len(test),
        "rules": [list(r) for r in ROLE_RULES],
        "fit_seconds": round(fit_s, 1),
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
