"""RoleClassifier: estimator contract on self-written data, and the shipped model's answers."""

from __future__ import annotations

import time

import numpy as np
import pytest

from talentgraph.errors import ModelNotFoundError, NotFittedError, ParameterError, TrainingDataError
from talentgraph.extract._role import RoleClassifier, load_role_classifier
from talentgraph.extract._role_data import ROLE_FAMILIES, label_title, normalise_title_key

# Self-written toy training data (titles, short texts, labels).
TITLES = [
    "Data Analyst",
    "Senior Data Analyst",
    "数据分析师",
    "高级数据分析师",
    "BI Analyst",
    "Software Engineer",
    "Backend Developer",
    "Java开发工程师",
    "前端开发工程师",
    "Full Stack Engineer",
    "Chef",
    "Sales Agent",
    "厨师",
    "销售顾问",
    "Nurse",
]
TEXTS = [
    "sql dashboards reporting",
    "sql excel reporting",
    "数据 报表 sql",
    "报表 分析 sql",
    "tableau reports",
    "python services apis",
    "java apis services",
    "java 微服务",
    "react 页面",
    "react node apis",
    "cooking kitchen",
    "sales targets customers",
    "烹饪 厨房",
    "销售 客户",
    "patients ward care",
]
LABELS = ["data-analyst"] * 5 + ["software-engineer"] * 5 + ["other"] * 5


@pytest.fixture(scope="module")
def toy() -> RoleClassifier:
    return RoleClassifier(max_iter=500).fit(TITLES, TEXTS, LABELS)


@pytest.fixture(scope="module")
def shipped() -> RoleClassifier:
    return load_role_classifier()


def test_init_stores_params_only() -> None:
    clf = RoleClassifier(C=3.0, text_weight=0.25)
    assert clf.get_params()["C"] == 3.0 and clf.text_weight == 0.25
    assert not [name for name in vars(clf) if name.endswith("_")]


def test_fit_returns_self_with_fitted_attributes() -> None:
    clf = RoleClassifier(max_iter=500)
    assert clf.fit(TITLES, TEXTS, LABELS) is clf
    assert sorted(clf.classes_.tolist()) == ["data-analyst", "other", "software-engineer"]


def test_not_fitted_predict_raises() -> None:
    with pytest.raises(NotFittedError, match="not fitted"):
        RoleClassifier().predict(["Data Analyst"])
    assert issubclass(NotFittedError, AttributeError)


def test_probabilities_sum_to_one_and_predict_matches(toy: RoleClassifier) -> None:
    proba = toy.predict_proba(["数据分析专员", "Python Developer", "Waiter"], None)
    assert proba.shape == (3, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    assert toy.predict(["数据分析专员"]).tolist() == ["data-analyst"]


def test_deterministic_with_seed() -> None:
    a = RoleClassifier(random_state=3, max_iter=500).fit(TITLES, TEXTS, LABELS)
    b = RoleClassifier(random_state=3, max_iter=500).fit(TITLES, TEXTS, LABELS)
    np.testing.assert_array_equal(a.predict_proba(TITLES, TEXTS), b.predict_proba(TITLES, TEXTS))


def test_fit_rejects_bad_data() -> None:
    with pytest.raises(TrainingDataError, match="two role families"):
        RoleClassifier().fit(["a", "b"], None, ["other", "other"])
    with pytest.raises(TrainingDataError, match="one label per title"):
        RoleClassifier().fit(["a", "b"], None, ["other"])
    with pytest.raises(ParameterError, match="'titles'"):
        RoleClassifier().fit("Data Analyst", None, ["other"])


def test_explain_returns_title_ngrams(toy: RoleClassifier) -> None:
    ev = toy.explain("数据分析师", "sql 报表", top=3)
    assert 1 <= len(ev) <= 3
    assert all(e["weight"] > 0 for e in ev)
    assert any(e["field"] == "title" and ("分析" in e["ngram"] or "数据" in e["ngram"]) for e in ev)


def test_round_trip_to_disk(toy: RoleClassifier, tmp_path) -> None:
    path = tmp_path / "m.joblib"
    toy.to_disk(path, card={"note": "toy"})
    again = RoleClassifier.from_disk(path)
    np.testing.assert_allclose(again.predict_proba(TITLES, TEXTS), toy.predict_proba(TITLES, TEXTS))
    assert '"note": "toy"' in path.with_suffix(".json").read_text(encoding="utf-8")
    with pytest.raises(ModelNotFoundError):
        RoleClassifier.from_disk(tmp_path / "missing.joblib")


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("大模型算法工程师", "llm-algorithm-engineer"),
        ("Senior Data Analyst", "data-analyst"),
        ("高级数据分析师", "data-analyst"),
        ("Prompt Engineer", "prompt-engineer"),
        ("MLOps Engineer", "ai-infra-engineer"),
        ("AI产品经理", "ai-product-manager"),
        ("计算机视觉算法工程师", "cv-multimodal-engineer"),
        ("Java开发工程师", "software-engineer"),
        ("Data Engineer", "data-engineer"),
        ("Pastry Chef", "other"),
    ],
)
def test_shipped_model_top_family(shipped: RoleClassifier, title: str, family: str) -> None:
    proba = shipped.predict_proba([title])[0]
    assert shipped.classes_[proba.argmax()] == family


def test_shipped_model_knows_all_families_and_loads_fast() -> None:
    from talentgraph.extract._role import default_role_model_path

    start = time.perf_counter()
    clf = RoleClassifier.from_disk(default_role_model_path())
    assert time.perf_counter() - start < 2.0  # generous in CI; measured ~0.4 s on 2 cores
    assert sorted(clf.classes_.tolist()) == sorted(ROLE_FAMILIES)
    assert default_role_model_path().stat().st_size < 15 * 1024 * 1024


def test_weak_label_rules() -> None:
    assert label_title("Senior NLP Engineer") == (
        "llm-algorithm-engineer",
        label_title("NLP Engineer")[1],
    )
    assert label_title("Travel Agent") is None  # "agent" alone is not an AI agent developer
    assert label_title("Research Scientist") is None  # generic outside the AI job board
    assert label_title("Research Scientist", source="aijobs")[0] == "ml-research-scientist"
    assert label_title("Project Manager (AI)") is None
    assert normalise_title_key("Sr. Data Analyst II") == normalise_title_key("data analyst")


def test_role_module_imports_no_sklearn_until_used() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from talentgraph.extract._role import load_role_classifier\n"
        "assert not [m for m in ('sklearn', 'scipy', 'joblib') if m in sys.modules]\n"
        "clf = load_role_classifier()\n"
        "assert 'sklearn' in sys.modules and clf.predict(['Data Engineer'])[0] == 'data-engineer'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
