"""From the screened columns of an HR export to the standardized design matrix of the model.

Every *feature* is either an input column or an engineered signal, and owns one or more design
columns (its *group*); an explanation sums the contributions of a group back to its feature:

- a text column: one indicator per level seen at least ``MIN_LEVEL_COUNT`` times, rarer and
  unseen levels share ``(other)``; an empty cell is the level ``(missing)``;
- an integer column with 2-5 distinct values (levels, ratings, yes/no as 0/1): one indicator
  per level, so a rating of 1 may matter more than the step from 3 to 4;
- any other number: its value (missing -> the training median, plus an is-missing indicator when
  training had gaps), and for incomes, distances and year counts also its logarithm;
- engineered signals, when the roles they need are recognised (``_roles``): income against the
  job level's median, the number of low (<= 2) satisfaction scores, overtime x low scores, years
  since promotion / years at the company, tenure / career, years in role / tenure, years with
  manager / tenure, years per employer, early career (<= 2 years of experience), new joiner
  (<= 1 year), no stock options.

Every design column is then standardized (mean 0, standard deviation 1 on the training rows), so
``coef * z`` is the exact contribution of that column relative to the average employee.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from talentgraph.predict._roles import column_label, recognise_roles, score_columns, yes_flag
from talentgraph.predict._survival import DURATION_UNITS

__all__ = ["ENGINEERED", "MIN_LEVEL_COUNT", "Engineered", "FeatureDesign", "coerce_frame"]

MIN_LEVEL_COUNT = 5
MAX_ORDINAL_LEVELS = 5
MISSING = "(missing)"
OTHER = "(other)"
_UNIT_WORDS = {"months": ("months", "月"), "years": ("years", "年"), "weeks": ("weeks", "周"),
               "days": ("days", "天")}
_LOG_ROLES = ("income", "distance", "total_years", "tenure", "in_role", "with_manager")
_NUMERIC_ROLES = ("income", "job_level", "tenure", "total_years", "since_promotion", "in_role",
                  "with_manager", "companies", "distance", "stock")


@dataclass(frozen=True, slots=True)
class Engineered:
    """An engineered signal: the roles it needs, its title and its words when low / high."""

    name: str
    needs: tuple[str, ...]
    title: tuple[str, str]
    en: tuple[str, str]
    zh: tuple[str, str]


ENGINEERED: tuple[Engineered, ...] = (
    Engineered("income_vs_level", ("income", "job_level"),
               ("income against the job level's median", "收入相对同职级中位数"),
               ("income below the median of the job level",
                "income above the median of the job level"),
               ("收入低于同职级中位数", "收入高于同职级中位数")),
    Engineered("low_scores", ("scores",),
               ("number of low satisfaction scores", "低满意度评分个数"),
               ("few low satisfaction scores", "several low satisfaction scores (<= 2)"),
               ("低满意度评分少", "多项满意度评分偏低（≤2）")),
    Engineered("overtime_x_low_scores", ("overtime", "scores"),
               ("overtime x low satisfaction", "加班×低满意度"),
               ("no overtime with low satisfaction", "overtime together with low satisfaction"),
               ("未同时加班且满意度低", "加班且满意度偏低")),
    Engineered("promotion_gap", ("since_promotion", "tenure"),
               ("years since promotion / years at the company", "距上次晋升年数/司龄"),
               ("promoted recently for the time at the company",
                "long wait since the last promotion for the time at the company"),
               ("相对司龄近期有晋升", "相对司龄久未晋升")),
    Engineered("tenure_share", ("tenure", "total_years"),
               ("years at the company / career", "司龄/工作年限"),
               ("short time here relative to the whole career",
                "most of the career spent here"),
               ("本公司司龄占职业生涯比例低", "职业生涯大部分在本公司")),
    Engineered("role_share", ("in_role", "tenure"),
               ("years in role / years at the company", "现岗位年限/司龄"),
               ("changed role recently", "long in the same role"),
               ("近期调岗", "长期在同一岗位")),
    Engineered("manager_share", ("with_manager", "tenure"),
               ("years with manager / years at the company", "与现任经理共事年限/司龄"),
               ("new manager for the time at the company", "long with the same manager"),
               ("相对司龄新换经理", "长期跟随同一经理")),
    Engineered("years_per_employer", ("total_years", "companies"),
               ("years per employer", "平均每家雇主任职年数"),
               ("changes employer often", "stays long with each employer"),
               ("频繁更换雇主", "在每个雇主处任职时间长")),
    Engineered("early_career", ("total_years",),
               ("early career (<= 2 years)", "职业生涯早期（≤2年）"),
               ("not early in the career", "early in the career (<= 2 years of experience)"),
               ("非职业生涯早期", "职业生涯早期（工作≤2年）")),
    Engineered("new_joiner", ("tenure",),
               ("new joiner (<= 1 year)", "新入职（≤1年）"),
               ("not a new joiner", "new joiner (<= 1 year at the company)"),
               ("非新入职", "新入职（司龄≤1年）")),
    Engineered("no_stock", ("stock",),
               ("no stock options", "无股票期权"),
               ("holds stock options", "no stock options"),
               ("持有股票期权", "无股票期权")),
)
_ENGINEERED_BY_NAME = {e.name: e for e in ENGINEERED}


def coerce_frame(frame: pd.DataFrame, *, numeric: Sequence[str] | None = None) -> pd.DataFrame:
    """A copy whose number-like columns are floats and the rest strings ("" and None -> NA).

    With ``numeric`` (the columns known to be numbers from training) exactly those are parsed
    as numbers (unparseable cells become NA); otherwise a column is numeric when every non-empty
    cell parses as a number.
    """
    out = {}
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_bool_dtype(col):
            col = col.astype(float)
        if pd.api.types.is_numeric_dtype(col):
            out[name] = col.astype(float)
            continue
        text = pd.Series([_cell_text(v) for v in col], index=col.index, dtype=object)
        parsed = pd.to_numeric(pd.Series([None if v is None else v.replace(",", "")
                                          for v in text], index=col.index, dtype=object),
                               errors="coerce")
        if numeric is not None:
            is_number = name in numeric
        else:
            is_number = bool(text.notna().any()) and bool(parsed[text.notna()].notna().all())
        out[name] = parsed.astype(float) if is_number else text.astype(object)
    return pd.DataFrame(out, index=frame.index)


def _cell_text(value: object) -> str | None:
    """A cell as stripped text, None when empty or missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _safe_log(values: pd.Series) -> pd.Series:
    return np.log1p(values.clip(lower=0))


class FeatureDesign:
    """Engineered signals plus the standardized design matrix; ``fit`` learns, ``transform`` applies.

    Learned state (after ``fit``): ``roles_`` {role: column}, ``score_columns_``, ``kinds_``
    {feature: "category" | "ordinal" | "number" | "engineered"}, ``features_`` (feature names in
    design order), ``columns_`` (design column names), ``groups_`` (the feature of each design
    column), ``typical_`` {feature: training median}, ``mean_``/``scale_`` of the design columns.
    """

    def __init__(self, *, tenure_column: str | None = None,
                 tenure_unit: str | None = None) -> None:
        self.tenure_column = tenure_column
        self.tenure_unit = tenure_unit

    # -- learning ------------------------------------------------------------------------------

    def fit(self, frame: pd.DataFrame) -> FeatureDesign:
        """Learn roles, engineered signals, levels, medians and the standardization."""
        columns = list(frame.columns)
        self.tenure_scale_ = 1.0 if self.tenure_unit is None else (
            DURATION_UNITS[self.tenure_unit] / 12.0)  # the tenure recipes count in years
        self.numeric_ = [c for c in columns if pd.api.types.is_numeric_dtype(frame[c])]
        roles = recognise_roles(columns)
        if self.tenure_column is not None:
            roles = {r: c for r, c in roles.items() if c != self.tenure_column}
            roles["tenure"] = self.tenure_column
        self.roles_ = {r: c for r, c in roles.items()
                       if r not in _NUMERIC_ROLES or c in self.numeric_}
        self.score_columns_ = score_columns(frame, [c for c in self.numeric_])
        self.level_medians_: dict[float, float] = {}
        self.income_median_ = 0.0
        if {"income", "job_level"} <= set(self.roles_):
            log_income = _safe_log(frame[self.roles_["income"]])
            self.income_median_ = float(log_income.median())
            medians = log_income.groupby(frame[self.roles_["job_level"]]).median()
            self.level_medians_ = {float(k): float(v) for k, v in medians.items()}
        self.engineered_ = [e.name for e in ENGINEERED
                            if self._available(e) and e.name not in columns]
        wide = self._widen(frame)
        self._fit_encoding(wide, columns)
        raw = self._encode(wide)
        self.mean_ = raw.mean(axis=0)
        scale = raw.std(axis=0)
        self.keep_ = scale > 1e-12
        self.scale_ = np.where(self.keep_, scale, 1.0)
        self.columns_ = [c for c, k in zip(self._raw_columns, self.keep_, strict=True) if k]
        self.groups_ = [g for g, k in zip(self._raw_groups, self.keep_, strict=True) if k]
        self.features_ = list(dict.fromkeys(self.groups_))
        return self

    def _available(self, item: Engineered) -> bool:
        for need in item.needs:
            if need == "scores":
                if not self.score_columns_ or (item.name == "low_scores"
                                               and len(self.score_columns_) < 2):
                    return False
            elif need not in self.roles_:
                return False
        return True

    def _fit_encoding(self, wide: pd.DataFrame, inputs: Sequence[str]) -> None:
        self.kinds_: dict[str, str] = {}
        self.levels_: dict[str, list[object]] = {}
        self.has_other_: dict[str, bool] = {}
        self.has_missing_: dict[str, bool] = {}
        self.medians_: dict[str, float] = {}
        self.logged_: list[str] = [self.roles_[r] for r in _LOG_ROLES if r in self.roles_]
        for name in wide.columns:
            col = wide[name]
            if name not in inputs:
                self.kinds_[name] = "engineered"
            elif not pd.api.types.is_numeric_dtype(col):
                self.kinds_[name] = "category"
            else:
                present = col.dropna()
                distinct = present.unique()
                is_int = bool(np.all(np.equal(np.mod(distinct, 1), 0)))
                self.kinds_[name] = ("ordinal" if is_int and 2 <= len(distinct)
                                     <= MAX_ORDINAL_LEVELS else "number")
            kind = self.kinds_[name]
            if kind == "category":
                counts = col.fillna(MISSING).value_counts()
                self.levels_[name] = sorted(counts[counts >= MIN_LEVEL_COUNT].index, key=str)
                self.has_other_[name] = bool((counts < MIN_LEVEL_COUNT).any())
            elif kind == "ordinal":
                self.levels_[name] = sorted(col.dropna().unique().tolist())
                self.medians_[name] = float(col.median())
            else:
                self.medians_[name] = float(col.median()) if col.notna().any() else 0.0
                self.has_missing_[name] = bool(col.isna().any())
        cols, groups = [], []
        for name in wide.columns:
            for design in self._design_names(name):
                cols.append(design)
                groups.append(name)
        self._raw_columns, self._raw_groups = cols, groups

    def _design_names(self, name: str) -> list[str]:
        kind = self.kinds_[name]
        if kind in ("category", "ordinal"):
            names = [f"{name}={level:g}" if isinstance(level, float) else f"{name}={level}"
                     for level in self.levels_[name]]
            if self.has_other_.get(name):
                names.append(f"{name}={OTHER}")
            return names
        names = [name]
        if name in self.logged_:
            names.append(f"log({name})")
        if self.has_missing_.get(name):
            names.append(f"{name} is missing")
        return names

    # -- applying ------------------------------------------------------------------------------

    def _widen(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The input columns plus the engineered signals (NaN where an input is missing)."""
        roles = self.roles_
        extra: dict[str, pd.Series] = {}

        def num(role: str) -> pd.Series:
            values = frame[roles[role]].astype(float)
            return values * self.tenure_scale_ if role == "tenure" else values

        low = None
        if self.score_columns_:
            scores = frame[self.score_columns_].astype(float)
            low = (scores <= 2).sum(axis=1).astype(float).where(scores.notna().any(axis=1))
        recipes: dict[str, Callable[[], pd.Series]] = {
            "income_vs_level": lambda: _safe_log(num("income")) - num("job_level").map(
                lambda v: self.level_medians_.get(float(v), self.income_median_)),
            "low_scores": lambda: low,
            "overtime_x_low_scores": lambda: yes_flag(frame[roles["overtime"]]) * low,
            "promotion_gap": lambda: num("since_promotion") / (num("tenure") + 1),
            "tenure_share": lambda: num("tenure") / (num("total_years") + 1),
            "role_share": lambda: num("in_role") / (num("tenure") + 1),
            "manager_share": lambda: num("with_manager") / (num("tenure") + 1),
            "years_per_employer": lambda: num("total_years") / (num("companies") + 1),
            "early_career": lambda: (num("total_years") <= 2).astype(float).where(
                num("total_years").notna()),
            "new_joiner": lambda: (num("tenure") <= 1).astype(float).where(num("tenure").notna()),
            "no_stock": lambda: (num("stock") == 0).astype(float).where(num("stock").notna()),
        }
        for name in self.engineered_:
            extra[name] = recipes[name]().astype(float)
        return pd.concat([frame, pd.DataFrame(extra, index=frame.index)], axis=1)

    def _encode(self, wide: pd.DataFrame) -> np.ndarray:
        blocks = []
        for name in wide.columns:
            kind = self.kinds_[name]
            col = wide[name]
            if kind == "category":
                values = col.fillna(MISSING).astype(object)
                known = set(self.levels_[name])
                blocks += [(values == level).to_numpy(float) for level in self.levels_[name]]
                if self.has_other_.get(name):
                    blocks.append((~values.isin(known)).to_numpy(float))
            elif kind == "ordinal":
                blocks += [(col == level).to_numpy(float) for level in self.levels_[name]]
            else:
                filled = col.fillna(self.medians_[name]).astype(float)
                blocks.append(filled.to_numpy(float))
                if name in self.logged_:
                    blocks.append(_safe_log(filled).to_numpy(float))
                if self.has_missing_.get(name):
                    blocks.append(col.isna().to_numpy(float))
        return np.column_stack(blocks) if blocks else np.zeros((len(wide), 0))

    def widen(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The input columns plus the engineered signals, as the explanations read them."""
        return self._widen(frame)

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """The standardized design matrix of ``frame`` (the fitted input columns, coerced)."""
        raw = self._encode(self._widen(frame))
        return ((raw - self.mean_) / self.scale_)[:, self.keep_]

    def group_matrix(self) -> np.ndarray:
        """A (design columns x features) 0/1 matrix: which feature owns which design column."""
        index = {f: i for i, f in enumerate(self.features_)}
        out = np.zeros((len(self.columns_), len(self.features_)))
        for j, group in enumerate(self.groups_):
            out[j, index[group]] = 1.0
        return out

    def feature_label(self, feature: str, *, lang: str = "en") -> str:
        """The words for a feature: an engineered signal's title or the column's label."""
        item = _ENGINEERED_BY_NAME.get(feature)
        if item is not None and self.kinds_.get(feature) == "engineered":
            return item.title[1] if lang == "zh" else item.title[0]
        if feature == self.tenure_column and self.tenure_unit is not None:
            unit = _UNIT_WORDS.get(self.tenure_unit, (self.tenure_unit, self.tenure_unit))
            return f"司龄（{unit[1]}）" if lang == "zh" else f"tenure ({unit[0]})"
        return column_label(feature, roles=self.roles_, lang=lang)

    def engineered_words(self) -> Mapping[str, Engineered]:
        """The engineered signals in use, by name."""
        return {name: _ENGINEERED_BY_NAME[name] for name in self.engineered_}
