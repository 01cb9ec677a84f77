"""What the drivers of a stored risk score are about, and how the pages word them.

A risk score's drivers (``RiskScore.drivers``) are stored as a JSON list of ``{feature,
direction, text_en, text_zh, contribution, kind}`` (services._risk_scoring writes them; older
rows may hold only ``feature``). ``kind`` sorts a driver into what a retention action can act
on: ``pay``, ``promotion``, ``overtime``, ``development`` or ``other``, from the feature's name
(English or Chinese HR column names, and the attrition model's engineered signals).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "DRIVER_KINDS",
    "driver_kind",
    "driver_text",
    "drivers_of_kind",
    "pay_contribution",
]

#: What a driver can be about, and so which action answers it.
DRIVER_KINDS = ("pay", "promotion", "overtime", "development", "other")

#: Name parts (compared without case, spaces, _ or -) of each kind's features.
_KIND_PARTS: Mapping[str, tuple[str, ...]] = {
    "pay": ("income", "salary", "pay", "wage", "compensation", "salaryhike", "stockoption",
            "nostock", "月薪", "收入", "工资", "薪", "股票期权", "期权"),
    "promotion": ("promotion", "promoted", "晋升", "rolelevelwait"),
    "overtime": ("overtime", "加班", "workload", "hoursworked", "工时"),
    "development": ("training", "learning", "培训", "学习", "development", "发展"),
}
#: Engineered signals of the attrition model, by name.
_ENGINEERED = {"income_vs_level": "pay", "no_stock": "pay", "promotion_gap": "promotion",
               "overtime_x_low_scores": "overtime"}
#: Names that contain a kind's part but mean a job level ("pay grade").
_LEVEL_PARTS = ("paygrade", "payband", "paylevel")
_SEPARATORS = re.compile(r"[\s_\-.]+")


def _key(name: str) -> str:
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", name).casefold())


def driver_kind(feature: str) -> str:
    """``pay``, ``promotion``, ``overtime``, ``development`` or ``other`` for a feature name."""
    if feature in _ENGINEERED:
        return _ENGINEERED[feature]
    key = _key(feature)
    if any(part in key for part in _LEVEL_PARTS):
        return "other"
    for kind, parts in _KIND_PARTS.items():
        if any(part in key for part in parts):
            return kind
    return "other"


def _kind(driver: Mapping[str, Any]) -> str:
    kind = driver.get("kind")
    return kind if kind in DRIVER_KINDS else driver_kind(str(driver.get("feature", "")))


def drivers_of_kind(drivers: Sequence[Any], kind: str, *,
                    raising_only: bool = True) -> list[dict[str, Any]]:
    """The drivers of ``kind`` in a stored list (only those raising risk, by default)."""
    found = []
    for driver in drivers or ():
        if not isinstance(driver, Mapping) or _kind(driver) != kind:
            continue
        if raising_only and driver.get("direction", "raises") != "raises":
            continue
        found.append(dict(driver))
    return found


def pay_contribution(drivers: Sequence[Any]) -> float:
    """The log-odds the pay drivers add to the risk (0 when the stored explanation has no pay
    driver raising risk, or no contributions)."""
    total = 0.0
    for driver in drivers_of_kind(drivers, "pay"):
        value = driver.get("contribution")
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            total += float(value)
    return total


def driver_text(driver: object, lang: str) -> str:
    """A stored driver in the page language: its ``text_zh``/``text_en``, else its feature."""
    if isinstance(driver, Mapping):
        for key in (f"text_{lang}", "text_en", "text", "label", "feature", "name", "driver"):
            if driver.get(key):
                return str(driver[key])
    return str(driver)
