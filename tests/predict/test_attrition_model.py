"""AttritionModel on synthetic data with planted signals: drivers, exclusions, bands, explain."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

from talentgraph.errors import (
    MissingColumnError,
    NotFittedError,
    ParameterError,
    TrainingDataError,
)
from talentgraph.predict import AttritionModel, band_of, find_protected_columns, parse_left_flag
from tests.predict._synthetic import make_snapshot

PROTECTED = {"Age", "Gender", "MaritalStatus"}


@pytest.fixture(scope="module")
def snapshot() -> pd.DataFrame:
    return make_snapshot(600, seed=1)


@pytest.fixture(scope="module")
def fitted(snapshot: pd.DataFrame) -> AttritionModel:
    train = snapshot.iloc[:450]
    return AttritionModel().fit(train.drop(columns="Attrition"), train["Attrition"])


def test_planted_signal_is_recovered_with_its_direction(fitted: AttritionModel,
                                                         snapshot: pd.DataFrame) -> None:
    test = snapshot.iloc[450:]
    X = test.drop(columns="Attrition")
    risk = fitted.predict_risk(X)
    assert roc_auc_score(test["Attrition"] == "Yes", risk) > 0.75
    contributions = fitted.contributions(X)
    overtime = X["OverTime"] == "Yes"
    assert (contributions.loc[overtime, "OverTime"] > 0).all()
    assert (contributions.loc[~overtime, "OverTime"] < 0).all()
    low, high = X["JobSatisfaction"] == 1, X["JobSatisfaction"] == 4
    assert contributions.loc[low, "JobSatisfaction"].mean() > 0 > \
        contributions.loc[high, "JobSatisfaction"].mean()
    assert risk[overtime.to_numpy()].mean() > 2 * risk[~overtime.to_numpy()].mean()


def test_protected_and_leaking_columns_are_never_features(fitted: AttritionModel) -> None:
    assert PROTECTED.isdisjoint(fitted.features_)
    assert PROTECTED.isdisjoint(fitted.inputs_)
    for name in PROTECTED:
        assert fitted.excluded_[name].startswith("protected attribute")
    assert fitted.excluded_["EmployeeNumber"].startswith("identifier")
    assert fitted.excluded_["EmployeeCount"] == "constant (every row is 1)"
    assert "OverTime" in fitted.features_ and "income_vs_level" in fitted.features_
    described = fitted.describe()
    assert sorted(described["protected_excluded"]) == sorted(PROTECTED)


def test_chinese_and_user_marked_protected_columns(snapshot: pd.DataFrame) -> None:
    frame = snapshot.rename(columns={"Gender": "性别", "Age": "年龄",
                                     "MaritalStatus": "婚姻状况"})
    frame["Nationality"] = np.where(np.arange(len(frame)) % 3 == 0, "A", "B")
    frame["TerminationReason"] = np.where(frame["Attrition"] == "Yes", "moved", "")
    X, y = frame.drop(columns="Attrition"), frame["Attrition"]
    model = AttritionModel(protected=("nationality",), cv=3).fit(X, y)
    for name in ("性别", "年龄", "婚姻状况", "Nationality", "TerminationReason"):
        assert name not in model.features_
    assert model.excluded_["Nationality"] == "protected attribute (marked protected by the user)"
    assert model.excluded_["TerminationReason"].startswith("describes the exit")
    assert find_protected_columns(["婚姻状况", "出生日期", "Sex", "JobLevel"]) == {
        "婚姻状况": "marital status", "出生日期": "age", "Sex": "gender"}


def test_a_protected_only_signal_is_not_picked_up() -> None:
    data = make_snapshot(800, seed=3, signal="gender")
    train, test = data.iloc[:600], data.iloc[600:]
    y_test = test["Attrition"] == "Yes"
    model = AttritionModel().fit(train.drop(columns="Attrition"), train["Attrition"])
    risk = model.predict_risk(test.drop(columns="Attrition"))
    assert roc_auc_score(y_test, risk) < 0.62
    assert np.ptp(risk) < 0.35  # nothing else explains leaving: scores stay near the base rate
    # the same data with the exclusion switched off does find it: the test can fail
    leaky = AttritionModel(exclude_protected=False).fit(train.drop(columns="Attrition"),
                                                        train["Attrition"])
    assert "Gender" in leaky.features_
    assert roc_auc_score(y_test, leaky.predict_risk(test.drop(columns="Attrition"))) > 0.7


def test_contributions_sum_to_the_calibrated_log_odds(fitted: AttritionModel,
                                                      snapshot: pd.DataFrame) -> None:
    X = snapshot.drop(columns="Attrition").iloc[450:520]
    risk = fitted.predict_risk(X)
    total = fitted.base_logit_ + fitted.contributions(X).sum(axis=1).to_numpy()
    np.testing.assert_allclose(1 / (1 + np.exp(-total)), risk, rtol=1e-6, atol=1e-9)
    assert fitted.is_exact_


def test_explain_words_directions_and_order(fitted: AttritionModel,
                                            snapshot: pd.DataFrame) -> None:
    X = snapshot.drop(columns="Attrition").iloc[450:470]
    contributions = fitted.contributions(X)
    for lang, raises in (("en", "(raises risk)"), ("zh", "（风险升高）")):
        explained = fitted.explain(X, top=3, lang=lang)
        assert len(explained) == len(X)
        for i, drivers in enumerate(explained):
            assert 1 <= len(drivers) <= 3
            sizes = [abs(d.contribution) for d in drivers]
            assert sizes == sorted(sizes, reverse=True)
            assert sizes[0] == pytest.approx(contributions.iloc[i].abs().max())
            for d in drivers:
                assert d.contribution == pytest.approx(contributions.iloc[i][d.feature])
                assert d.direction == ("raises" if d.contribution > 0 else "lowers")
                assert d.text.startswith(d.phrase)
                assert d.text.endswith(raises) == (d.direction == "raises")
    overtime_rows = X.index[X["OverTime"] == "Yes"]
    texts = [d.text for d in fitted.explain(X.loc[overtime_rows], top=20)[0]]
    assert "works overtime (raises risk)" in texts
    zh = [d.text for d in fitted.explain(X.loc[overtime_rows], top=20, lang="zh")[0]]
    assert "经常加班（风险升高）" in zh


def test_bands_follow_the_documented_cutoffs(fitted: AttritionModel,
                                             snapshot: pd.DataFrame) -> None:
    X = snapshot.drop(columns="Attrition")
    risk = fitted.predict_risk(X)
    medium_from, high_from = fitted.band_cutoffs_
    assert high_from == pytest.approx(fitted.threshold_)
    assert medium_from == pytest.approx(min(fitted.base_rate_, fitted.threshold_))
    bands = np.array(fitted.risk_bands(X))
    assert set(bands) == {"low", "medium", "high"}
    np.testing.assert_array_equal(bands == "high", fitted.predict(X) == 1)
    assert (risk[bands == "low"] < medium_from).all()
    assert ((risk[bands == "medium"] >= medium_from) & (risk[bands == "medium"] < high_from)).all()
    assert band_of(0.5, (0.2, 0.4)) == "high" and band_of(0.2, (0.2, 0.4)) == "medium"
    fixed = clone(fitted).set_params(band_cutoffs=(0.1, 0.6)).fit(
        X.iloc[:450], snapshot["Attrition"].iloc[:450])
    assert fixed.band_cutoffs_ == (0.1, 0.6)


def test_probabilities_and_threshold(fitted: AttritionModel, snapshot: pd.DataFrame) -> None:
    X = snapshot.drop(columns="Attrition").iloc[:50]
    proba = fitted.predict_proba(X)
    assert proba.shape == (50, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()
    assert 0 < fitted.threshold_ < 1
    assert list(fitted.classes_) == [0, 1]


def test_fit_is_reproducible(snapshot: pd.DataFrame) -> None:
    X, y = snapshot.drop(columns="Attrition"), snapshot["Attrition"]
    a = AttritionModel(cv=3).fit(X, y)
    b = AttritionModel(cv=3).fit(X, y)
    np.testing.assert_array_equal(a.predict_risk(X), b.predict_risk(X))
    assert a.threshold_ == b.threshold_


def test_scoring_needs_the_training_columns_but_not_the_protected_ones(
        fitted: AttritionModel, snapshot: pd.DataFrame) -> None:
    X = snapshot.drop(columns=["Attrition", "Gender", "Age", "MaritalStatus"]).iloc[:5]
    assert fitted.predict_risk(X).shape == (5,)
    as_text = X.astype(str)  # a CSV read as text scores the same
    np.testing.assert_allclose(fitted.predict_risk(as_text), fitted.predict_risk(X))
    with pytest.raises(MissingColumnError, match="'OverTime'"):
        fitted.predict_risk(X.drop(columns="OverTime"))


def test_errors_say_what_was_expected(snapshot: pd.DataFrame) -> None:
    X, y = snapshot.drop(columns="Attrition"), snapshot["Attrition"]
    with pytest.raises(ParameterError, match=r"The 'C' parameter of AttritionModel must be a "
                                             r"positive float\. Got 0 instead\."):
        AttritionModel(C=0).fit(X, y)
    with pytest.raises(ParameterError, match="'calibration' parameter"):
        AttritionModel(calibration="beta").fit(X, y)
    with pytest.raises(ParameterError, match="pandas DataFrame"):
        AttritionModel().fit(X.to_numpy(), y)
    with pytest.raises(NotFittedError, match="not fitted yet"):
        AttritionModel().predict(X)
    with pytest.raises(TrainingDataError, match="at least 5 leavers"):
        AttritionModel().fit(X.iloc[:20], ["Yes"] * 2 + ["No"] * 18)
    with pytest.raises(TrainingDataError, match="'maybe'"):
        AttritionModel().fit(X.iloc[:3], ["Yes", "No", "maybe"])


def test_left_flags_in_many_spellings() -> None:
    values = ["Yes", "no", 1, 0, True, False, "是", "否", "离职", "在职", "left", "stayed", 1.0]
    assert parse_left_flag(values).tolist() == [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]
    with pytest.raises(TrainingDataError, match=r"'unknown' \(rows 2\)"):
        parse_left_flag(["Yes", "unknown"], column="Attrition")


def test_isotonic_calibration_explains_the_linear_score(snapshot: pd.DataFrame) -> None:
    X, y = snapshot.drop(columns="Attrition"), snapshot["Attrition"]
    model = AttritionModel(calibration="isotonic", cv=3).fit(X, y)
    assert not model.is_exact_
    risk = model.predict_risk(X)
    assert ((risk >= 0) & (risk <= 1)).all()
    score = model.base_logit_ + model.contributions(X).sum(axis=1).to_numpy()
    order = np.argsort(score)
    assert np.all(np.diff(risk[order]) >= -1e-9)  # isotonic: risk never falls as score rises
