"""Cross-validated evaluation, the model folder (save/load, corruption) and the model card."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentgraph.errors import ModelNotFoundError, ParameterError
from talentgraph.predict import (
    AttritionModel,
    evaluate_attrition,
    load_model,
    model_version,
    read_hr_table,
    save_model,
    train_attrition,
)
from tests.predict._synthetic import make_snapshot


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return make_snapshot(500, seed=4)


@pytest.fixture(scope="module")
def evaluation(data: pd.DataFrame) -> dict:
    return evaluate_attrition(data.drop(columns="Attrition"), data["Attrition"], folds=5,
                              model=AttritionModel(cv=3))


def test_evaluation_reports_model_and_baseline_side_by_side(evaluation: dict) -> None:
    assert evaluation["folds"] == 5 and evaluation["shape"] == "snapshot"
    assert evaluation["rows"] == 500
    for who in ("model", "baseline"):
        for metric in ("roc_auc", "pr_auc", "f1", "precision", "recall", "brier"):
            figures = evaluation[who][metric]
            assert len(figures["folds"]) == 5
            assert figures["mean"] == pytest.approx(np.mean(figures["folds"]))
            assert 0.0 <= figures["mean"] <= 1.0
        assert len(evaluation[who]["threshold"]["folds"]) == 5
    assert evaluation["model"]["roc_auc"]["mean"] > 0.75
    assert evaluation["model"]["f1"]["mean"] > 0.45
    bins = evaluation["calibration"]["model"]
    assert 1 <= len(bins) <= 10
    assert sum(b["rows"] for b in bins) == 500
    for b in bins:
        assert b["bin_low"] <= b["predicted"] <= b["bin_high"]
    json.dumps(evaluation)  # JSON-ready


def test_evaluation_is_reproducible(data: pd.DataFrame, evaluation: dict) -> None:
    again = evaluate_attrition(data.drop(columns="Attrition"), data["Attrition"], folds=5,
                               model=AttritionModel(cv=3))
    assert again == evaluation
    with pytest.raises(ParameterError, match="'folds' parameter of evaluate_attrition"):
        evaluate_attrition(data, data["Attrition"], folds=1)


def test_save_and_load_round_trip(tmp_path: Path, data: pd.DataFrame) -> None:
    X, y = data.drop(columns="Attrition"), data["Attrition"]
    model = AttritionModel(cv=3).fit(X, y)
    when = datetime(2025, 6, 1, tzinfo=UTC)
    bundle = save_model(model, tmp_path / "m", data_name="hr.csv", data_sha256="ab" * 32,
                        metrics={"folds": 5}, columns={"target": "Attrition"}, created_at=when)
    assert bundle.version == "attrition-20250601-abababab" == model_version("ab" * 32, when)
    loaded = load_model(tmp_path / "m")
    np.testing.assert_array_equal(loaded.model.predict_risk(X), model.predict_risk(X))
    manifest = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert manifest["data"] == {"name": "hr.csv", "sha256": "ab" * 32, "rows": 500,
                                "leavers": int((y == "Yes").sum())}
    assert manifest["model"]["features"] == model.features_
    assert loaded.metrics["folds"] == 5
    assert loaded.metrics["data"]["sha256"] == "ab" * 32
    assert loaded.metrics["version"] == bundle.version
    assert sorted(loaded.metrics["protected_excluded"]) == ["Age", "Gender", "MaritalStatus"]
    assert loaded.metrics["threshold"] == model.threshold_
    assert loaded.metrics["features"] == model.features_ and loaded.metrics["limits"]


def test_missing_and_corrupt_model_folders_are_refused(tmp_path: Path,
                                                       data: pd.DataFrame) -> None:
    with pytest.raises(ModelNotFoundError, match="folder does not exist"):
        load_model(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelNotFoundError, match="no readable manifest"):
        load_model(tmp_path / "empty")
    model = AttritionModel(cv=3).fit(data.drop(columns="Attrition"), data["Attrition"])
    save_model(model, tmp_path / "m", data_name="hr.csv", data_sha256="0" * 64, metrics={},
               columns={})
    blob = tmp_path / "m" / "model.joblib"
    blob.write_bytes(blob.read_bytes()[:100])  # truncated
    with pytest.raises(ModelNotFoundError, match="does not match the sha256") as caught:
        load_model(tmp_path / "m")
    assert caught.value.code == "E0501"
    blob.unlink()
    with pytest.raises(ModelNotFoundError, match="lacks model.joblib"):
        load_model(tmp_path / "m")
    (tmp_path / "m" / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="no readable manifest"):
        load_model(tmp_path / "m")
    (tmp_path / "m" / "model.json").write_text('{"kind": "role"}', encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="kind 'role'"):
        load_model(tmp_path / "m")


def test_train_attrition_writes_the_card(tmp_path: Path, data: pd.DataFrame) -> None:
    path = tmp_path / "hr.csv"
    data.to_csv(path, index=False)
    bundle = train_attrition(read_hr_table(path), out_dir=tmp_path / "model",
                             target="Attrition", folds=3)
    card = (tmp_path / "model" / "model_card.md").read_text(encoding="utf-8")
    assert bundle.manifest["data"]["sha256"] in card
    assert "| `Gender` | protected attribute (gender) |" in card
    assert "| `EmployeeNumber` | identifier" in card
    assert "Decision threshold" in card and "## Limits" in card
    assert "| ROC-AUC |" in card and "Baseline:" in card
    metrics = json.loads((tmp_path / "model" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["model"]["roc_auc"]["mean"] > 0.7
    with pytest.raises(ParameterError, match="either --target"):
        train_attrition(read_hr_table(path), out_dir=tmp_path / "x", target="Attrition",
                        duration="YearsAtCompany", event="Attrition")
