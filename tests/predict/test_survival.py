"""Survival data (tenure + event): person-period rows, horizon risk, the fitted hazard model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from talentgraph.errors import ParameterError, TrainingDataError
from talentgraph.predict import AttritionModel, evaluate_attrition
from talentgraph.predict._survival import expand_person_periods, horizon_risk
from tests.predict._synthetic import make_survival


def test_person_periods_follow_the_life_table_rules() -> None:
    frame = pd.DataFrame({"tenure": [30.0, 6.0, 24.0, 0.0], "x": [1, 2, 3, 4]})
    left = np.array([1, 0, 0, 1])
    rows = expand_person_periods(frame, left, duration_column="tenure", width=12.0)
    # 30 months, left: intervals 0, 1 stayed, 2 left | 6 months, still here: half an interval
    # | 24 months, still here: two full intervals | 0 months, left at once: interval 0 left
    assert rows.employee.tolist() == [0, 0, 0, 1, 2, 2, 3]
    assert rows.frame["tenure"].tolist() == [0.0, 12.0, 24.0, 0.0, 0.0, 12.0, 0.0]
    assert rows.label.tolist() == [0, 0, 1, 0, 0, 0, 1]
    assert rows.weight.tolist() == [1.0, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0]
    assert rows.frame["x"].tolist() == [1, 1, 1, 2, 3, 3, 4]
    with pytest.raises(TrainingDataError, match="rows 2"):
        expand_person_periods(pd.DataFrame({"tenure": [1.0, -3.0]}), np.array([0, 1]),
                              duration_column="tenure", width=12.0)


def test_horizon_risk_interpolates_between_intervals() -> None:
    now, following = np.array([0.2, 0.2, 0.2]), np.array([0.5, 0.5, 0.5])
    risk = horizon_risk(now, following, np.array([0.0, 0.5, 0.999999]))
    assert risk[0] == pytest.approx(0.2)
    assert risk[1] == pytest.approx(1 - np.sqrt(0.8 * 0.5))
    assert risk[2] == pytest.approx(0.5, abs=1e-5)


@pytest.fixture(scope="module")
def survival() -> pd.DataFrame:
    return make_survival(500, seed=2)


@pytest.fixture(scope="module")
def model(survival: pd.DataFrame) -> AttritionModel:
    return AttritionModel(duration_column="TenureMonths").fit(
        survival.drop(columns="Left"), survival["Left"])


def test_survival_model_recovers_overtime_and_excludes_protected(
        model: AttritionModel, survival: pd.DataFrame) -> None:
    assert model.is_survival_ and model.interval_width() == 12.0
    for name in ("工号", "性别", "年龄"):
        assert name not in model.features_
    assert model.excluded_["性别"] == "protected attribute (gender)"
    assert model.excluded_["工号"].startswith("identifier")
    assert "TenureMonths" in model.features_
    X = survival.drop(columns="Left")
    risk = model.predict_risk(X)
    assert ((risk > 0) & (risk < 1)).all()
    overtime = (X["OverTime"] == "Yes").to_numpy()
    assert risk[overtime].mean() > 1.5 * risk[~overtime].mean()
    contributions = model.contributions(X)
    assert (contributions.loc[overtime, "OverTime"] > 0).all()
    drivers = model.explain(X.iloc[np.flatnonzero(overtime)[:1]], top=10)[0]
    assert "works overtime (raises risk)" in [d.text for d in drivers]


def test_risk_at_an_interval_start_is_the_hazard_and_grows_with_the_horizon(
        model: AttritionModel, survival: pd.DataFrame) -> None:
    X = survival.drop(columns="Left").head(40).copy()
    X["TenureMonths"] = 24.0
    # at an interval start the risk is that interval's hazard, which the contributions explain
    logit = model.base_logit_ + model.contributions(X).sum(axis=1).to_numpy()
    np.testing.assert_allclose(model.predict_risk(X), 1 / (1 + np.exp(-logit)), rtol=1e-6)
    longer = AttritionModel(duration_column="TenureMonths", horizon_months=24).fit(
        survival.drop(columns="Left"), survival["Left"])
    assert longer.predict_risk(X).mean() > model.predict_risk(X).mean()


def test_survival_in_years_and_parameter_checks(survival: pd.DataFrame) -> None:
    years = survival.assign(TenureYears=survival["TenureMonths"] / 12).drop(
        columns="TenureMonths")
    model = AttritionModel(duration_column="TenureYears", duration_unit="years", cv=3).fit(
        years.drop(columns="Left"), years["Left"])
    assert model.interval_width() == pytest.approx(1.0)
    assert model.describe()["horizon_months"] == 12.0
    with pytest.raises(ParameterError, match="'duration_unit' parameter"):
        AttritionModel(duration_column="TenureYears", duration_unit="decades").fit(
            years.drop(columns="Left"), years["Left"])


def test_survival_evaluation_reports_model_and_baseline(survival: pd.DataFrame) -> None:
    report = evaluate_attrition(survival.drop(columns="Left"), survival["Left"], folds=3,
                                model=AttritionModel(duration_column="TenureMonths", cv=3))
    assert report["shape"] == "survival"
    assert report["model"]["roc_auc"]["mean"] > 0.6
    assert len(report["baseline"]["roc_auc"]["folds"]) == 3
    assert report["calibration"]["model"]
