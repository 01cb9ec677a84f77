"""OccupationNormaliser on the shipped ESCO/CSCO index with self-written titles."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from talentgraph.errors import ModelNotFoundError, NotFittedError, ParameterError
from talentgraph.extract._occupation import OccupationNormaliser


@pytest.fixture(scope="module")
def norm() -> OccupationNormaliser:
    return OccupationNormaliser().initialize()


def test_chinese_analyst_title_gets_csco_analyst_code(norm: OccupationNormaliser) -> None:
    m = norm.normalise("高级数据分析师")
    assert m.csco_code == "4-07-02-05" and m.csco_name.startswith("商务数据分析师")
    assert m.esco_uri is None and 0.0 <= m.score <= 1.0


def test_chinese_ai_title_gets_ai_engineering_code(norm: OccupationNormaliser) -> None:
    assert norm.normalise("大模型算法工程师").csco_code == "2-02-38-01"


def test_english_software_developer(norm: OccupationNormaliser) -> None:
    m = norm.normalise("software developer")
    assert m.esco_label == "software developer"
    assert m.esco_uri.startswith("http://data.europa.eu/esco/occupation/")
    assert m.csco_code is None


def test_preferred_label_beats_alias(norm: OccupationNormaliser) -> None:
    # ESCO lists "senior data analyst" as an alias of "call centre analyst" too.
    assert norm.normalise("Senior Data Analyst").esco_label == "data analyst"


def test_top_k_sorted_and_language_override(norm: OccupationNormaliser) -> None:
    top = norm.normalise_top("Data Scientist", k=5)
    assert len(top) == 5 and [m.score for m in top] == sorted((m.score for m in top), reverse=True)
    assert norm.normalise("厨师", language="zh").csco_code.startswith("4-03-02")


def test_errors_and_empty(norm: OccupationNormaliser) -> None:
    with pytest.raises(NotFittedError, match="initialize"):
        OccupationNormaliser().normalise("chef")
    with pytest.raises(ParameterError, match="'language'"):
        norm.normalise("chef", language="fr")
    assert norm.normalise("   ").score == 0.0


# -- the prebuilt index ---------------------------------------------------------------------------
def test_shipped_index_matches_its_labels_and_card() -> None:
    import hashlib
    import json

    import numpy as np

    from talentgraph.extract._occupation import (
        default_occupation_index_path,
        default_occupation_labels_path,
    )

    labels = default_occupation_labels_path()
    card = json.loads((labels.parent / "occupations.json").read_text(encoding="utf-8"))
    with np.load(default_occupation_index_path(), allow_pickle=False) as index:
        version, sha = str(index["version"]), str(index["labels_sha256"])
    with gzip.open(labels, "rt", encoding="utf-8") as handle:
        assert json.load(handle)["version"] == version == card["version"]
    assert sha == hashlib.sha256(labels.read_bytes()).hexdigest() == card["labels_sha256"]
    assert card["index_file"] == default_occupation_index_path().name
    assert default_occupation_index_path().stat().st_size < 4 * 1024 * 1024


@pytest.mark.slow  # refits both schemes with scikit-learn: ~4-8 s
def test_refitting_the_shipped_labels_reproduces_the_shipped_index(tmp_path: Path) -> None:
    import numpy as np

    from talentgraph.extract._occupation import default_occupation_index_path, fit_occupation_index

    out = fit_occupation_index(out=tmp_path / "idx.npz")  # also checks the packing is bit-exact
    with np.load(out) as fresh, np.load(default_occupation_index_path()) as shipped:
        assert sorted(fresh.files) == sorted(shipped.files)
        for name in shipped.files:
            np.testing.assert_array_equal(fresh[name], shipped[name], err_msg=name)
    assert not (tmp_path / "occupations.json").exists()  # only the shipped index gets a card


@pytest.mark.parametrize(
    "title", ["data  analyst", "C++ Developer", "a b", "Über-Chef", "数据 分析师", "x", "???"]
)
def test_query_vector_equals_sklearn(norm: OccupationNormaliser, title: str) -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from talentgraph.extract._occupation import _tfidf_query

    for scheme in ("esco", "csco"):
        data = norm.schemes_[scheme]
        vec = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=data["ngram_range"],
            sublinear_tf=True,
            dtype=np.float32,
            vocabulary=data["vocabulary"],
        )
        vec.idf_ = data["idf"]
        want = vec.transform([title])
        want.sort_indices()
        feats, values = _tfidf_query(title, data)
        np.testing.assert_array_equal(feats, want.indices)
        np.testing.assert_array_equal(values, want.data)


def test_initialize_is_fast_and_needs_no_sklearn() -> None:
    code = (
        "import sys, time\n"
        "import talentgraph.extract._occupation as o, talentgraph.extract._role\n"
        "bad = [m for m in ('sklearn', 'scipy', 'joblib') if m in sys.modules]\n"
        "assert not bad, f'imported at import time: {bad}'\n"
        "t = time.perf_counter(); n = o.OccupationNormaliser().initialize()\n"
        "print(time.perf_counter() - t)\n"
        "assert n.normalise('数据分析师').csco_code == '4-07-02-05'\n"
        "assert 'sklearn' not in sys.modules and 'scipy' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 1.0  # generous for CI; measured ~0.07 s on 2 cores


def test_missing_or_foreign_index_raises(tmp_path: Path) -> None:
    import numpy as np

    with pytest.raises(ModelNotFoundError, match="No occupation index"):
        OccupationNormaliser(index_path=tmp_path / "none.npz").initialize()
    np.savez(tmp_path / "other.npz", format=np.asarray(99))
    with pytest.raises(ModelNotFoundError, match="not an occupation index of format"):
        OccupationNormaliser(index_path=tmp_path / "other.npz").initialize()
