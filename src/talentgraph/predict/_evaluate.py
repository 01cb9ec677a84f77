"""Honest evaluation: stratified k-fold CV of the model and of a plain baseline, in one run.

Each outer fold refits everything on its training part only: column screening, engineered
features and their medians, standardization, calibration and the threshold (chosen by max F1 on
out-of-fold predictions *inside* the training part), then scores the held-out part. The baseline
gets the same treatment: a plain ``LogisticRegression`` (C=1) on one-hot text columns and
standardized numbers of the same screened columns (no protected attributes, no identifiers), with
its own inner-CV threshold.

Reported per model: ROC-AUC, PR-AUC (average precision), leaver-class F1 / precision / recall at
the chosen threshold and the Brier score as mean and standard deviation over the folds (and each
fold), plus a 10-bin calibration curve of the pooled held-out predictions. For survival data the
held-out employees are cut into horizon-long intervals and each interval start is scored: the
figures are those of "leaves within the horizon" predictions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from talentgraph.errors import ParameterError
from talentgraph.predict._attrition import AttritionModel, check_frame, fold_splits
from talentgraph.predict._columns import parse_left_flag
from talentgraph.predict._features import MISSING, coerce_frame
from talentgraph.predict._metrics import best_f1_threshold, binary_metrics, calibration_bins
from talentgraph.predict._survival import expand_person_periods

__all__ = ["METRICS", "evaluate_attrition", "fit_baseline"]

METRICS = ("roc_auc", "pr_auc", "f1", "precision", "recall", "brier")


def _baseline_pipeline(frame: pd.DataFrame) -> Pipeline:
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    text = [c for c in frame.columns if c not in numeric]
    parts = []
    if text:
        parts.append(("text", OneHotEncoder(handle_unknown="ignore"), text))
    if numeric:
        parts.append(("number", make_pipeline(SimpleImputer(strategy="median"),
                                              StandardScaler()), numeric))
    return make_pipeline(ColumnTransformer(parts), LogisticRegression(C=1.0, max_iter=10_000))


def _text_filled(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(out[c]):
            out[c] = out[c].fillna(MISSING).astype(str)
    return out


def fit_baseline(frame: pd.DataFrame, label: np.ndarray, *, weight: np.ndarray | None,
                 employee: np.ndarray | None, left: np.ndarray, cv: int,
                 random_state: int) -> tuple[Pipeline, float]:
    """The baseline fitted on ``frame`` and its threshold (max F1 on inner out-of-fold risk)."""
    rows = _text_filled(frame)
    splits = fold_splits(left, employee=employee, n_splits=cv, random_state=random_state)
    params = {} if weight is None else {"logisticregression__sample_weight": weight}
    oof = cross_val_predict(_baseline_pipeline(rows), rows, label, cv=splits,
                            method="predict_proba", params=params)[:, 1]
    pipeline = _baseline_pipeline(rows).fit(rows, label, **params)
    return pipeline, best_f1_threshold(label, oof, weight)


def _summary(folds: list[dict[str, float]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in METRICS:
        values = np.array([f[name] for f in folds], dtype=float)
        out[name] = {"mean": float(np.nanmean(values)), "sd": float(np.nanstd(values)),
                     "folds": [float(v) for v in values]}
    out["threshold"] = {"folds": [float(f["threshold"]) for f in folds]}
    return out


def evaluate_attrition(X: pd.DataFrame, y: Sequence[object] | np.ndarray | pd.Series, *,
                       model: AttritionModel | None = None, folds: int = 5,
                       random_state: int = 0) -> dict[str, Any]:
    """Stratified ``folds``-fold CV of ``model`` (default settings when None) and the baseline.

    Returns a JSON-ready dict: ``model`` and ``baseline`` (metric -> mean, sd, folds),
    ``calibration`` (model/baseline -> 10 bins), ``folds``, ``random_state``, ``shape`` and the
    row counts. Deterministic for a given ``random_state``.
    """
    if not isinstance(folds, int) or isinstance(folds, bool) or not 2 <= folds <= 20:
        raise ParameterError.invalid("folds", "evaluate_attrition", "an int in [2, 20]", folds)
    X = check_frame(X, "evaluate_attrition")
    model = model if model is not None else AttritionModel(random_state=random_state)
    left = parse_left_flag(list(y), column=getattr(y, "name", None) or "y")
    if len(left) != len(X):
        raise ParameterError(f"X and y of evaluate_attrition must have the same length. Got "
                             f"{len(X)} rows and {len(left)} outcomes instead.")
    outer = fold_splits(left, employee=None, n_splits=folds, random_state=random_state)
    results: dict[str, list[dict[str, float]]] = {"model": [], "baseline": []}
    pooled: dict[str, list[np.ndarray]] = {"model": [], "baseline": [], "label": [], "weight": []}
    for train, test in outer:
        fitted = clone(model).fit(X.iloc[train], left[train])
        frame_tr = coerce_frame(X.iloc[train][fitted.inputs_], numeric=fitted.numeric_inputs_)
        frame_te = coerce_frame(X.iloc[test][fitted.inputs_], numeric=fitted.numeric_inputs_)
        if fitted.is_survival_:
            column, width = str(fitted.duration_column), fitted.interval_width()
            rows_tr = expand_person_periods(frame_tr, left[train], duration_column=column,
                                            width=width)
            rows_te = expand_person_periods(frame_te, left[test], duration_column=column,
                                            width=width)
            train_rows, train_label = rows_tr.frame, rows_tr.label
            train_weight, train_employee = rows_tr.weight, rows_tr.employee
            test_rows, label, weight = rows_te.frame, rows_te.label, rows_te.weight
        else:
            train_rows, train_label, train_weight, train_employee = (frame_tr, left[train],
                                                                     None, None)
            test_rows, label, weight = frame_te, left[test], None
        risk = fitted.predict_risk(test_rows)
        results["model"].append(binary_metrics(label, risk, threshold=fitted.threshold_,
                                               weight=weight))
        baseline, threshold = fit_baseline(train_rows, train_label, weight=train_weight,
                                           employee=train_employee, left=left[train],
                                           cv=model.cv, random_state=random_state)
        base_risk = baseline.predict_proba(_text_filled(test_rows))[:, 1]
        results["baseline"].append(binary_metrics(label, base_risk, threshold=threshold,
                                                  weight=weight))
        pooled["model"].append(risk)
        pooled["baseline"].append(base_risk)
        pooled["label"].append(label)
        pooled["weight"].append(np.ones(len(label)) if weight is None else weight)
    label_all = np.concatenate(pooled["label"])
    weight_all = np.concatenate(pooled["weight"])
    return {
        "shape": "survival" if model.duration_column is not None else "snapshot",
        "folds": folds,
        "random_state": random_state,
        "rows": int(len(X)),
        "leavers": int(left.sum()),
        "model": _summary(results["model"]),
        "baseline": _summary(results["baseline"]),
        "calibration": {name: calibration_bins(label_all, np.concatenate(pooled[name]),
                                               weight=weight_all)
                        for name in ("model", "baseline")},
        "baseline_description": "LogisticRegression(C=1) on one-hot text columns and "
                                "standardized numbers of the same screened columns",
    }
