"""Which columns of an HR export the attrition model may use, and why the others are left out.

Column names are compared by a key that ignores case, width (NFKC), spaces, underscores, hyphens
and dots, so ``Marital Status``, ``marital_status`` and ``MaritalStatus`` are one name.

``screen_columns`` sorts every column into *used* or *excluded with a reason*:

- protected attributes (gender, age, marital status, race/ethnicity, religion, disability,
  pregnancy, and any column the user marks), recognised in English and Chinese (性别, 年龄,
  婚姻状况, 民族, ...). They are never features; the fairness report may still read them;
- identifiers and personal data (EmployeeNumber, 工号, name, email, phone, a text column with one
  value per row);
- columns describing the exit itself (termination date, exit reason, 离职原因, ...), which would
  leak the outcome;
- constants (EmployeeCount, Over18, StandardHours in the IBM sample), empty columns, and text
  or date columns with too many distinct values to be categories.

``parse_left_flag`` reads the outcome: Yes/No, 1/0, true/false, 是/否, left/stayed, 离职/在职, ...
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from talentgraph.errors import TrainingDataError

__all__ = [
    "LEFT_VALUES",
    "PROTECTED_ALIASES",
    "STAYED_VALUES",
    "ColumnScreen",
    "column_key",
    "find_protected_columns",
    "parse_left_flag",
    "screen_columns",
]

#: Protected attributes: kind -> exact name keys (see ``column_key``).
PROTECTED_ALIASES: Mapping[str, tuple[str, ...]] = {
    "gender": ("gender", "sex", "性别", "genderid", "gendercode"),
    "age": ("age", "年龄", "agegroup", "ageband", "agerange", "年龄段", "birthyear", "yearofbirth",
            "dateofbirth", "dob", "birthdate", "birthday", "出生日期", "出生年份", "出生年月",
            "生日"),
    "marital status": ("maritalstatus", "marital", "married", "marriagestatus", "maritaldesc",
                       "maritalstatusid", "婚姻状况", "婚姻", "婚否", "婚姻状态"),
    "race or ethnicity": ("race", "racedesc", "ethnicity", "ethnic", "ethnicgroup",
                          "hispaniclatino", "民族", "种族"),
    "religion": ("religion", "宗教", "宗教信仰"),
    "disability": ("disability", "disabled", "残疾", "残疾状况"),
    "pregnancy or family": ("pregnant", "pregnancy", "怀孕", "生育", "children",
                            "numberofchildren", "子女", "子女数"),
}
#: Substrings that mark a protected column whatever else the name says.
_PROTECTED_PARTS: Mapping[str, tuple[str, ...]] = {
    "gender": ("gender", "性别"),
    "age": ("年龄", "出生", "birth"),
    "marital status": ("marital", "婚姻"),
    "race or ethnicity": ("ethnic", "民族", "种族"),
}
_ID_KEYS = frozenset({
    "id", "employeeid", "employeenumber", "empid", "empno", "employeeno", "employeecode",
    "staffid", "staffno", "staffnumber", "personid", "personnelnumber", "badgeid", "workerid",
    "userid", "工号", "员工编号", "员工号", "员工id", "编号", "人员编号", "职工号", "序号",
    "身份证", "身份证号", "身份证号码",
})
_PERSONAL_KEYS = frozenset({
    "name", "employeename", "fullname", "firstname", "lastname", "surname", "email", "mail",
    "phone", "mobile", "telephone", "address", "姓名", "名字", "员工姓名", "邮箱", "电子邮件",
    "电话", "手机", "手机号", "联系电话", "住址", "地址",
})
#: Substrings of names that describe the exit (the outcome) rather than the person before it.
_OUTCOME_PARTS = ("attrition", "turnover", "terminat", "termreason", "termd", "exitdate",
                  "exitreason", "exitinterview", "resign", "separation", "leavingdate",
                  "leavingreason", "lastworkingday", "lastday", "employmentstatus", "离职",
                  "辞职", "流失", "在职状态", "员工状态", "退出原因")
_OUTCOME_KEYS = frozenset({"left", "leftcompany", "status", "churn", "churned", "stayed",
                           "状态", "是否离职"})

#: Outcome values meaning "left" and "stayed" (compared case-insensitively, stripped).
LEFT_VALUES = frozenset({"yes", "y", "1", "1.0", "true", "t", "left", "leaver", "quit",
                         "resigned", "terminated", "churned", "gone", "exited", "是", "离职",
                         "已离职", "流失", "是的", "有"})
STAYED_VALUES = frozenset({"no", "n", "0", "0.0", "false", "f", "stayed", "stayer", "active",
                           "current", "employed", "retained", "否", "在职", "未离职", "留任",
                           "不是", "无"})

MAX_CATEGORY_SHARE = 0.5  # a text column with more distinct values than this share of rows ...
MAX_CATEGORIES = 50  # ... and more than this many is free text, dates or an id: not a category


def column_key(name: str) -> str:
    """The comparison key of a column name: NFKC, case-folded, without spaces, _ - and dots."""
    folded = unicodedata.normalize("NFKC", str(name)).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "_-.")


def _protected_kind(name: str, marked: frozenset[str]) -> str | None:
    key = column_key(name)
    if key in marked:
        return "marked protected by the user"
    for kind, keys in PROTECTED_ALIASES.items():
        if key in keys:
            return kind
    for kind, parts in _PROTECTED_PARTS.items():
        if any(part in key for part in parts):
            return kind
    return None


def find_protected_columns(columns: Iterable[str], *,
                           marked: Sequence[str] = ()) -> dict[str, str]:
    """The protected columns among ``columns`` as {column: kind} (``marked`` adds the user's)."""
    marked_keys = frozenset(column_key(m) for m in marked)
    found = {}
    for name in columns:
        kind = _protected_kind(name, marked_keys)
        if kind is not None:
            found[name] = kind
    return found


@dataclass(frozen=True, slots=True)
class ColumnScreen:
    """The outcome of screening: the columns the model uses and every excluded one's reason."""

    used: tuple[str, ...]
    excluded: dict[str, str]
    protected: dict[str, str]


def _excluded_reason(name: str, values: pd.Series, *, is_numeric: bool) -> str | None:
    key = column_key(name)
    if key in _ID_KEYS or (key.endswith("id") and not is_numeric and values.is_unique):
        return "identifier (one value per employee; says nothing about leaving)"
    if key in _PERSONAL_KEYS:
        return "personal data (name or contact), not a feature"
    if key in _OUTCOME_KEYS or any(part in key for part in _OUTCOME_PARTS):
        return "describes the exit itself (would leak the outcome)"
    present = values.dropna()
    if not is_numeric:
        present = present[present.astype(str).str.strip() != ""]
    if present.empty:
        return "empty (no values)"
    distinct = present.nunique()
    if distinct <= 1:
        first = present.iloc[0]
        shown = f"{float(first):g}" if is_numeric else repr(str(first))
        return f"constant (every row is {shown})"
    if not is_numeric and distinct > MAX_CATEGORIES and distinct > MAX_CATEGORY_SHARE * len(
            present):
        return (f"free text, dates or an identifier ({distinct} distinct values in "
                f"{len(present)} rows): not a category")
    return None


def screen_columns(frame: pd.DataFrame, *, marked_protected: Sequence[str] = (),
                   exclude_protected: bool = True, drop: Sequence[str] = (),
                   keep: Sequence[str] = ()) -> ColumnScreen:
    """Sort the columns of ``frame`` into used and excluded (with the reason for each).

    ``drop`` excludes more columns by name ("dropped by the user"); ``keep`` (e.g. the duration
    column of survival data) is always used. ``exclude_protected=False`` keeps protected
    attributes as features (for research comparisons only; the model card says so).
    """
    protected = find_protected_columns(frame.columns, marked=marked_protected)
    drop_keys = {column_key(d) for d in drop}
    used, excluded = [], {}
    for name in frame.columns:
        if name in keep:
            used.append(name)
            continue
        if column_key(name) in drop_keys:
            excluded[name] = "dropped by the user"
            continue
        if name in protected and exclude_protected:
            excluded[name] = f"protected attribute ({protected[name]})"
            continue
        reason = _excluded_reason(name, frame[name],
                                  is_numeric=pd.api.types.is_numeric_dtype(frame[name]))
        if reason is None:
            used.append(name)
        else:
            excluded[name] = reason
    return ColumnScreen(used=tuple(used), excluded=excluded, protected=protected)


def parse_left_flag(values: Iterable[object], *, column: str = "target") -> np.ndarray:
    """1 for left, 0 for stayed, from Yes/No, 1/0, true/false, 是/否, left/stayed, 离职/在职, ...

    Raises TrainingDataError naming the values it cannot read (and the rows of the first few).
    """
    out, bad = [], {}
    for index, value in enumerate(values):
        if isinstance(value, bool | np.bool_):
            out.append(int(value))
            continue
        if isinstance(value, int | float | np.integer | np.floating) and not pd.isna(value) \
                and float(value) in (0.0, 1.0):
            out.append(int(value))
            continue
        text = "" if value is None or (isinstance(value, float) and np.isnan(value)) \
            else str(value).strip().casefold()
        if text in LEFT_VALUES:
            out.append(1)
        elif text in STAYED_VALUES:
            out.append(0)
        else:
            bad.setdefault(str(value), []).append(index + 1)
            out.append(-1)
    if bad:
        shown = "; ".join(f"{v!r} (rows {', '.join(map(str, rows[:3]))}"
                          f"{', ...' if len(rows) > 3 else ''})" for v, rows in list(bad.items())[:5])
        raise TrainingDataError(
            f"The outcome column {column!r} has values that say neither 'left' nor 'stayed': "
            f"{shown}. Expected Yes/No, 1/0, true/false, left/stayed, 是/否 or 离职/在职. Fix "
            f"or remove those rows.")
    return np.asarray(out, dtype=int)
