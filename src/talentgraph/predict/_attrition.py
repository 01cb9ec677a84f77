"""``AttritionModel``: calibrated attrition risk with exact, worded drivers (scikit-learn API).

The model is a well-regularised logistic regression (L2, ``C=0.02`` on a fully standardized
design, see ``_features``) wrapped in ``CalibratedClassifierCV`` (sigmoid by default, 5-fold CV
inside ``fit``, one refit on all rows). Two input shapes:

- **snapshot**: one row per employee and a left/stayed outcome. ``predict_proba`` is the
  calibrated probability of being a leaver, as in the training data;
- **survival**: ``duration_column`` names the tenure (``duration_unit``: months, years, weeks or
  days) and the outcome is the event flag (1 = left, 0 = still employed). The model is a
  discrete-time hazard model over intervals as long as ``horizon_months`` (default 12); its
  ``predict_proba`` is P(leaving within the horizon | the current tenure) (see ``_survival``).

Chosen in ``fit``, never on the data it is evaluated on:

- ``threshold_``: the risk with the best leaver-class F1 on out-of-fold predictions of the
  training rows (the same folds the calibration uses);
- ``band_cutoffs_``: *low* below the training leaving rate, *medium* from there up to the
  threshold, *high* at or above the threshold (so "high" = flagged by ``predict``), unless
  ``band_cutoffs=(medium_from, high_from)`` is given.

Protected attributes (gender, age, marital status, race/ethnicity, religion, disability,
pregnancy/family, and ``protected``) are excluded from the features by default, as are
identifiers, personal data, constants, free text and columns describing the exit
(``excluded_`` says why for each).

Explanations are exact: with sigmoid calibration the calibrated log-odds are an affine map of the
linear score, so ``base_logit_ + contributions(X).sum(axis=1)`` equals the log-odds of
``predict_proba`` (snapshot data; for survival data the contributions explain the hazard of the
current interval). Each contribution is ``slope * coef * z`` summed over a feature's design
columns, ``z`` the standardized value (0 for the average employee). With isotonic calibration
the contributions explain the linear score instead (``is_exact_`` is False).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from talentgraph.errors import MissingColumnError, NotFittedError, ParameterError, TrainingDataError
from talentgraph.predict._columns import parse_left_flag, screen_columns
from talentgraph.predict._explain import Driver, describe_value, driver_text
from talentgraph.predict._features import FeatureDesign, coerce_frame
from talentgraph.predict._metrics import best_f1_threshold
from talentgraph.predict._survival import (
    DURATION_UNITS,
    check_durations,
    expand_person_periods,
    horizon_risk,
    interval_position,
)

__all__ = ["BANDS", "CALIBRATION_METHODS", "AttritionModel", "band_of", "check_frame",
           "fold_splits"]

BANDS = ("low", "medium", "high")
CALIBRATION_METHODS = ("sigmoid", "isotonic")
_SAME_AS_DURATION = 0.98  # |correlation| with the duration above which a column is the tenure


def band_of(risk: float, cutoffs: tuple[float, float]) -> str:
    """"low", "medium" or "high" for one risk given (medium_from, high_from)."""
    return "high" if risk >= cutoffs[1] else "medium" if risk >= cutoffs[0] else "low"


def check_frame(X: object, owner: str) -> pd.DataFrame:
    """``X`` as a DataFrame with named columns, or a ParameterError."""
    if not isinstance(X, pd.DataFrame):
        raise ParameterError.invalid("X", owner, "a pandas DataFrame with named columns",
                                     type(X).__name__)
    if len(X) == 0:
        raise ParameterError.invalid("X", owner, "a DataFrame with at least one row",
                                     "an empty DataFrame")
    return X


def fold_splits(left: np.ndarray, *, employee: np.ndarray | None, n_splits: int,
                random_state: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds over employees, as row indices (several rows per employee stay together)."""
    n_people = len(left)
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    if employee is None:
        return [(tr, te) for tr, te in folds.split(np.zeros(n_people), left)]
    out = []
    for tr, _ in folds.split(np.zeros(n_people), left):
        in_train = np.isin(employee, tr)
        out.append((np.flatnonzero(in_train), np.flatnonzero(~in_train)))
    return out


class AttritionModel(ClassifierMixin, BaseEstimator):
    """Calibrated risk of leaving with exact drivers; snapshot or survival data (module doc)."""

    def __init__(self, *, protected: Sequence[str] = (), exclude_protected: bool = True,
                 drop: Sequence[str] = (), duration_column: str | None = None,
                 duration_unit: str = "months", horizon_months: float = 12.0, C: float = 0.02,
                 calibration: str = "sigmoid", cv: int = 5,
                 band_cutoffs: tuple[float, float] | None = None, random_state: int = 0) -> None:
        self.protected = protected
        self.exclude_protected = exclude_protected
        self.drop = drop
        self.duration_column = duration_column
        self.duration_unit = duration_unit
        self.horizon_months = horizon_months
        self.C = C
        self.calibration = calibration
        self.cv = cv
        self.band_cutoffs = band_cutoffs
        self.random_state = random_state

    # -- parameters ----------------------------------------------------------------------------

    def _check_params(self) -> None:
        owner = "AttritionModel"
        if not isinstance(self.C, int | float) or not self.C > 0:
            raise ParameterError.invalid("C", owner, "a positive float", self.C)
        if self.calibration not in CALIBRATION_METHODS:
            raise ParameterError.invalid("calibration", owner, "'sigmoid' or 'isotonic'",
                                         self.calibration)
        if not isinstance(self.cv, int) or isinstance(self.cv, bool) or not 2 <= self.cv <= 20:
            raise ParameterError.invalid("cv", owner, "an int in [2, 20]", self.cv)
        if self.duration_unit not in DURATION_UNITS:
            raise ParameterError.invalid("duration_unit", owner,
                                         f"one of {', '.join(DURATION_UNITS)}",
                                         self.duration_unit)
        if not isinstance(self.horizon_months, int | float) or not self.horizon_months > 0:
            raise ParameterError.invalid("horizon_months", owner, "a positive number of months",
                                         self.horizon_months)
        cut = self.band_cutoffs
        if cut is not None and not (len(cut) == 2 and 0 < cut[0] <= cut[1] < 1):
            raise ParameterError.invalid("band_cutoffs", owner,
                                         "None or (medium_from, high_from) with "
                                         "0 < medium_from <= high_from < 1", cut)
        if isinstance(self.protected, str) or isinstance(self.drop, str):
            raise ParameterError.invalid("protected" if isinstance(self.protected, str)
                                         else "drop", owner, "a sequence of column names",
                                         self.protected if isinstance(self.protected, str)
                                         else self.drop)

    @property
    def is_survival(self) -> bool:
        """True when the model reads survival data (``duration_column`` is set)."""
        return self.duration_column is not None

    def interval_width(self) -> float:
        """The interval (= horizon) length in the duration column's unit."""
        return float(self.horizon_months) / DURATION_UNITS[self.duration_unit]

    # -- fitting -------------------------------------------------------------------------------

    def fit(self, X: pd.DataFrame, y: Sequence[object] | np.ndarray | pd.Series) -> Self:
        """Learn from ``X`` (one row per employee) and ``y`` (left/stayed, or the event flag)."""
        self._check_params()
        X = check_frame(X, "AttritionModel.fit")
        left = parse_left_flag(list(y), column=getattr(y, "name", None) or "y")
        if len(left) != len(X):
            raise ParameterError(f"X and y of AttritionModel.fit must have the same length. Got "
                                 f"{len(X)} rows and {len(left)} outcomes instead.")
        self._check_counts(left)
        frame = coerce_frame(X)
        keep: tuple[str, ...] = ()
        if self.is_survival:
            if self.duration_column not in frame.columns:
                raise MissingColumnError(_missing_message([str(self.duration_column)], frame,
                                                          "the duration (tenure) column"))
            check_durations(frame[self.duration_column], column=str(self.duration_column))
            keep = (str(self.duration_column),)
        screen = screen_columns(frame, marked_protected=self.protected,
                                exclude_protected=self.exclude_protected, drop=self.drop,
                                keep=keep)
        used = list(screen.used)
        excluded = dict(screen.excluded)
        if self.is_survival:
            for name in self._same_as_duration(frame, used):
                used.remove(name)
                excluded[name] = ("the same as the duration column (measured at exit: would "
                                  "leak the outcome)")
        if not [c for c in used if c not in keep]:
            raise TrainingDataError(
                "No column is left to learn from after excluding protected attributes, "
                f"identifiers and constants ({', '.join(sorted(excluded)) or 'none'}). Expected "
                "columns such as job level, income, overtime or satisfaction.")
        self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        self.n_features_in_ = len(X.columns)
        self.inputs_ = used
        self.numeric_inputs_ = [c for c in used if pd.api.types.is_numeric_dtype(frame[c])]
        self.excluded_ = excluded
        self.protected_ = {c: k for c, k in screen.protected.items()}
        self.is_survival_ = self.is_survival
        self._fit_core(frame[used], left)
        return self

    def _check_counts(self, left: np.ndarray) -> None:
        leavers, stayers = int(left.sum()), int((left == 0).sum())
        need = max(self.cv, 2)
        if leavers < need or stayers < need:
            raise TrainingDataError(
                f"Training needs at least {need} leavers and {need} stayers (one per "
                f"cross-validation fold). Got {leavers} leavers and {stayers} stayers. Add "
                f"history (a longer period) or lower cv.")

    def _same_as_duration(self, frame: pd.DataFrame, used: list[str]) -> list[str]:
        duration = frame[str(self.duration_column)].astype(float)
        found = []
        for name in used:
            if name == self.duration_column or not pd.api.types.is_numeric_dtype(frame[name]):
                continue
            both = pd.concat([duration, frame[name]], axis=1).dropna()
            if len(both) > 2 and both.iloc[:, 1].std() > 0 and abs(
                    float(np.corrcoef(both.iloc[:, 0], both.iloc[:, 1])[0, 1])) \
                    >= _SAME_AS_DURATION:
                found.append(name)
        return found

    def _fit_core(self, frame: pd.DataFrame, left: np.ndarray) -> None:
        weight: np.ndarray | None = None
        employee: np.ndarray | None = None
        label = left
        rows = frame
        if self.is_survival:
            periods = expand_person_periods(frame, left, duration_column=str(self.duration_column),
                                            width=self.interval_width())
            rows, label, weight, employee = (periods.frame, periods.label, periods.weight,
                                             periods.employee)
            if label.sum() < 1 or (label == 0).sum() < 1:
                raise TrainingDataError("The survival data has no exits or no stays once cut "
                                        "into horizon-long intervals. Check --duration-unit.")
        self.design_ = FeatureDesign(
            tenure_column=self.duration_column,
            tenure_unit=self.duration_unit if self.is_survival else None).fit(rows)
        Z = self.design_.transform(rows)
        splits = fold_splits(left, employee=employee, n_splits=self.cv,
                             random_state=self.random_state)
        base = LogisticRegression(C=float(self.C), max_iter=10_000)
        params = {} if weight is None else {"sample_weight": weight}
        oof = cross_val_predict(base, Z, label, cv=splits, method="decision_function",
                                params=params)
        self.calibrated_ = CalibratedClassifierCV(base, method=self.calibration, cv=splits,
                                                  ensemble=False)
        self.calibrated_.fit(Z, label, **params)
        pair = self.calibrated_.calibrated_classifiers_[0]
        calibrator = pair.calibrators[0]
        oof_risk = np.clip(calibrator.predict(oof), 0.0, 1.0)
        self.threshold_ = best_f1_threshold(label, oof_risk, weight)
        self.base_rate_ = float(np.average(label, weights=weight))
        self.band_cutoffs_ = (tuple(float(c) for c in self.band_cutoffs) if self.band_cutoffs
                              else (min(self.base_rate_, self.threshold_), self.threshold_))
        self.coef_ = pair.estimator.coef_[0].copy()
        self.intercept_ = float(pair.estimator.intercept_[0])
        self.is_exact_ = self.calibration == "sigmoid"
        if self.is_exact_:
            low, high = (_logit(calibrator.predict(np.array([v])))[0] for v in (0.0, 1.0))
            self.slope_, offset = float(high - low), float(low)
        else:
            self.slope_, offset = 1.0, 0.0
        self.base_logit_ = self.slope_ * self.intercept_ + offset
        self.classes_ = np.array([0, 1])
        self.n_training_rows_ = int(len(left))
        self.n_leavers_ = int(left.sum())

    # -- predicting ----------------------------------------------------------------------------

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "calibrated_")

    def _check_fitted(self) -> None:
        if not self.__sklearn_is_fitted__():
            raise NotFittedError("This AttritionModel is not fitted yet. Call fit(X, y) with "
                                 "training data first, or load a trained model with "
                                 "load_model(MODEL_DIR).")

    def _prepare(self, X: object, owner: str) -> pd.DataFrame:
        self._check_fitted()
        frame = check_frame(X, owner)
        missing = [c for c in self.inputs_ if c not in frame.columns]
        if missing:
            raise MissingColumnError(_missing_message(missing, frame, "a column the model was "
                                                                      "trained on"))
        return coerce_frame(frame[self.inputs_], numeric=self.numeric_inputs_)

    def _at_interval(self, frame: pd.DataFrame, *, step: int) -> tuple[pd.DataFrame, np.ndarray]:
        """Survival rows at the start of the current (step 0) or next (1) interval, and f."""
        column = str(self.duration_column)
        durations = check_durations(frame[column], column=column)
        k, fraction = interval_position(durations, width=self.interval_width())
        shifted = frame.copy()
        shifted[column] = (k + step) * self.interval_width()
        return shifted, fraction

    def _hazard(self, frame: pd.DataFrame) -> np.ndarray:
        return self.calibrated_.predict_proba(self.design_.transform(frame))[:, 1]

    def predict_risk(self, X: pd.DataFrame) -> np.ndarray:
        """The calibrated risk of leaving (0-1) per row; survival: within the horizon."""
        frame = self._prepare(X, "AttritionModel.predict_risk")
        if not self.is_survival_:
            return self._hazard(frame)
        now, fraction = self._at_interval(frame, step=0)
        following, _ = self._at_interval(frame, step=1)
        return horizon_risk(self._hazard(now), self._hazard(following), fraction)

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """(n, 2) probabilities of [staying, leaving]; see ``predict_risk``."""
        risk = self.predict_risk(X)
        return np.column_stack([1.0 - risk, risk])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """1 (flagged: risk at or above ``threshold_``) or 0 per row."""
        return (self.predict_risk(X) >= self.threshold_).astype(int)

    def risk_bands(self, X: pd.DataFrame) -> list[str]:
        """"low", "medium" or "high" per row (cut-offs ``band_cutoffs_``)."""
        return [band_of(float(r), self.band_cutoffs_) for r in self.predict_risk(X)]

    # -- explaining ----------------------------------------------------------------------------

    def _explained_rows(self, X: object, owner: str) -> pd.DataFrame:
        frame = self._prepare(X, owner)
        return self._at_interval(frame, step=0)[0] if self.is_survival_ else frame

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Each feature's contribution to the log-odds of leaving, per row (exact; module doc)."""
        frame = self._explained_rows(X, "AttritionModel.contributions")
        Z = self.design_.transform(frame)
        values = (Z * (self.slope_ * self.coef_)) @ self.design_.group_matrix()
        return pd.DataFrame(values, index=X.index if isinstance(X, pd.DataFrame) else None,
                            columns=self.design_.features_)

    def explain(self, X: pd.DataFrame, *, top: int = 3, lang: str = "en") -> list[list[Driver]]:
        """The ``top`` drivers of each row (largest absolute contribution first), worded."""
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise ParameterError.invalid("top", "AttritionModel.explain", "an int >= 1", top)
        if lang not in ("en", "zh"):
            raise ParameterError.invalid("lang", "AttritionModel.explain", "'en' or 'zh'", lang)
        frame = self._explained_rows(X, "AttritionModel.explain")
        shown = self.design_.widen(frame)
        if self.is_survival_:  # say the current tenure, not the start of its interval
            column = str(self.duration_column)
            shown[column] = self._prepare(X, "AttritionModel.explain")[column].to_numpy()
        values = self.contributions(X).to_numpy()
        words = self.design_.engineered_words()
        out = []
        for i in range(len(frame)):
            order = np.argsort(-np.abs(values[i]), kind="stable")[:top]
            drivers = []
            for j in order:
                c = float(values[i, j])
                if abs(c) < 1e-9:
                    continue
                feature = self.design_.features_[j]
                direction = "raises" if c > 0 else "lowers"
                phrase = describe_value(
                    feature, _plain(shown[feature].iloc[i]), kind=self.design_.kinds_[feature],
                    typical=self.design_.medians_.get(feature),
                    label=self.design_.feature_label(feature, lang=lang),
                    is_overtime=self.design_.roles_.get("overtime") == feature,
                    engineered=words, lang=lang)
                drivers.append(Driver(feature=feature, phrase=phrase, direction=direction,
                                      contribution=c,
                                      text=driver_text(phrase, direction, lang=lang)))
            out.append(drivers)
        return out

    @property
    def features_(self) -> list[str]:
        """The features the model uses: input columns and engineered signals."""
        self._check_fitted()
        return list(self.design_.features_)

    def describe(self) -> dict[str, Any]:
        """What the model card states: shape, features, exclusions, threshold, bands."""
        self._check_fitted()
        return {
            "shape": "survival" if self.is_survival_ else "snapshot",
            "duration_column": self.duration_column,
            "duration_unit": self.duration_unit if self.is_survival_ else None,
            "horizon_months": float(self.horizon_months) if self.is_survival_ else None,
            "features": self.features_,
            "engineered": list(self.design_.engineered_),
            "design_columns": len(self.design_.columns_),
            "excluded": dict(self.excluded_),
            "protected_excluded": [c for c in self.protected_ if c in self.excluded_],
            "protected_marked": list(self.protected),
            "exclude_protected": bool(self.exclude_protected),
            "threshold": float(self.threshold_),
            "band_cutoffs": list(self.band_cutoffs_),
            "base_rate": float(self.base_rate_),
            "calibration": self.calibration,
            "C": float(self.C),
            "cv": int(self.cv),
            "random_state": self.random_state,
            "training_rows": self.n_training_rows_,
            "training_leavers": self.n_leavers_,
        }


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    return None if value is pd.NA else value


def _missing_message(missing: list[str], frame: pd.DataFrame, what: str) -> str:
    found = ", ".join(repr(str(c)) for c in frame.columns[:40]) or "none"
    return (f"The data lacks {len(missing)} column(s) needed as {what}: "
            f"{', '.join(repr(m) for m in missing[:20])}. Columns found: {found}. Score data "
            f"exported like the training data, or name the column.")
