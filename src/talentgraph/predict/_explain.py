"""Drivers of a risk score in words a business partner understands, in English and Chinese.

A driver is one feature's exact contribution to the calibrated log-odds of leaving (see
``AttritionModel.contributions``), with its direction and a phrase built from the employee's own
value against the typical (median) employee: "works overtime (raises risk)", "收入低于同职级中位数
（风险升高）", "low job satisfaction: 1 (raises risk)".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from talentgraph.predict._features import Engineered
from talentgraph.predict._roles import yes_flag

__all__ = ["DIRECTION_WORDS", "Driver", "describe_value", "driver_text", "format_value",
           "summarise_drivers"]

#: direction -> (English, Chinese) words appended to the phrase.
DIRECTION_WORDS = {"raises": ("raises risk", "风险升高"), "lowers": ("lowers risk", "风险降低")}


@dataclass(frozen=True, slots=True)
class Driver:
    """One feature's push on a person's risk: ``contribution`` in log-odds (+ raises risk)."""

    feature: str
    phrase: str
    direction: str
    contribution: float
    text: str


def format_value(value: object) -> str:
    """A cell value for a sentence: 12,000 / 3 / 0.42 / the text itself."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = float(value)
        if math.isnan(number):
            return "?"
        if abs(number) >= 1000:
            return f"{number:,.0f}"
        if number == int(number):
            return str(int(number))
        return f"{number:.2f}"
    return str(value)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def describe_value(feature: str, value: object, *, kind: str, typical: float | None,
                   label: str, is_overtime: bool, engineered: Mapping[str, Engineered],
                   lang: str) -> str:
    """The phrase for one feature's value ("works overtime", "low job satisfaction: 1")."""
    zh = lang == "zh"
    if kind == "engineered":
        item = engineered[feature]
        low, high = item.zh if zh else item.en
        if _is_missing(value):
            return f"{feature}（无数据）" if zh else f"{feature} (no data)"
        number = float(value)  # type: ignore[arg-type]
        ref = 0.5 if typical is None else typical
        is_flag = number in (0.0, 1.0) and feature in ("early_career", "new_joiner", "no_stock")
        return high if (number >= 0.5 if is_flag else number > ref) else low
    if _is_missing(value):
        return f"{label}未知" if zh else f"{label} unknown"
    if is_overtime:
        works = bool(yes_flag(pd.Series([value])).iloc[0])
        if zh:
            return "经常加班" if works else "不加班"
        return "works overtime" if works else "no overtime"
    shown = format_value(value)
    if kind == "category" or typical is None:
        return f"{label}：{shown}" if zh else f"{label}: {shown}"
    number = float(value)  # type: ignore[arg-type]
    if number < typical:
        return f"{label}偏低（{shown}）" if zh else f"low {label}: {shown}"
    if number > typical:
        return f"{label}偏高（{shown}）" if zh else f"high {label}: {shown}"
    return f"{label}：{shown}" if zh else f"{label}: {shown}"


def driver_text(phrase: str, direction: str, *, lang: str) -> str:
    """``phrase`` with its direction: "works overtime (raises risk)" / "经常加班（风险升高）"."""
    en, zh = DIRECTION_WORDS[direction]
    return f"{phrase}（{zh}）" if lang == "zh" else f"{phrase} ({en})"


def summarise_drivers(contributions: pd.DataFrame, *, labels: Mapping[str, str],
                      top: int = 10) -> list[dict[str, object]]:
    """The features that move risk most across rows: mean |contribution| and who it raises.

    Each item: ``feature``, ``label``, ``mean_abs`` (log-odds), ``raises_share`` (share of rows
    where it raises risk by more than 0.05 log-odds) and ``lowers_share`` (likewise, lowers).
    """
    values = contributions.to_numpy(float)
    if values.size == 0:
        return []
    mean_abs = np.abs(values).mean(axis=0)
    order = np.argsort(-mean_abs, kind="stable")[:top]
    return [{"feature": contributions.columns[j],
             "label": labels.get(contributions.columns[j], contributions.columns[j]),
             "mean_abs": float(mean_abs[j]),
             "raises_share": float((values[:, j] > 0.05).mean()),
             "lowers_share": float((values[:, j] < -0.05).mean())} for j in order]
