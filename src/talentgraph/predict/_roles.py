"""What the common columns of an HR export mean, so features can be engineered and explained.

A *role* is a meaning (monthly income, job level, overtime, tenure, ...) recognised from the
column name in English or Chinese (``ROLE_ALIASES``, compared by ``column_key``). Roles drive the
engineered features (income against the job level's median, tenure ratios, low satisfaction
counts ...) and the words of the explanations; a column with no role is still a feature, named
by its own header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

from talentgraph.predict._columns import column_key

__all__ = ["COLUMN_LABELS", "ROLE_ALIASES", "ROLE_LABELS", "SCORE_PARTS", "column_label", "recognise_roles",
           "score_columns", "yes_flag"]

#: Role -> exact name keys (first match in column order wins; a column serves one role).
ROLE_ALIASES: Mapping[str, tuple[str, ...]] = {
    "income": ("monthlyincome", "monthlysalary", "salary", "basesalary", "monthlypay", "income",
               "pay", "月薪", "月收入", "月工资", "薪资", "工资", "基本工资", "薪酬", "收入"),
    "job_level": ("joblevel", "level", "grade", "jobgrade", "paygrade", "band", "职级", "级别",
                  "职等", "职位级别", "层级"),
    "overtime": ("overtime", "overtimeflag", "加班", "是否加班", "经常加班"),
    "tenure": ("yearsatcompany", "tenure", "tenureyears", "yearsofservice", "司龄",
               "本公司工龄", "在职年限", "本公司工作年限", "入职年限"),
    "total_years": ("totalworkingyears", "totalexperience", "yearsofexperience", "experience",
                    "工作年限", "总工作年限", "工龄", "总工龄", "工作经验"),
    "since_promotion": ("yearssincelastpromotion", "yearssincepromotion", "距上次晋升年数",
                        "上次晋升至今年数", "未晋升年数"),
    "in_role": ("yearsincurrentrole", "yearsinrole", "现岗位年限", "当前岗位年限", "任现职年限"),
    "with_manager": ("yearswithcurrmanager", "yearswithmanager", "yearswithcurrentmanager",
                     "与现任经理共事年限", "跟随现任上级年限"),
    "companies": ("numcompaniesworked", "numberofcompanies", "previousemployers",
                  "曾任职公司数", "工作过的公司数", "跳槽次数"),
    "distance": ("distancefromhome", "commutedistance", "distance", "通勤距离", "离家距离",
                 "家庭距离"),
    "stock": ("stockoptionlevel", "stockoptions", "equitylevel", "股票期权级别", "期权级别",
              "股权激励"),
    "travel": ("businesstravel", "travel", "出差", "出差频率"),
}
#: Role -> (English label, Chinese label) for explanations.
ROLE_LABELS: Mapping[str, tuple[str, str]] = {
    "income": ("monthly income", "月收入"),
    "job_level": ("job level", "职级"),
    "overtime": ("overtime", "加班"),
    "tenure": ("years at the company", "司龄"),
    "total_years": ("years of work experience", "工作年限"),
    "since_promotion": ("years since the last promotion", "距上次晋升年数"),
    "in_role": ("years in the current role", "现岗位年限"),
    "with_manager": ("years with the current manager", "与现任经理共事年限"),
    "companies": ("number of previous employers", "曾任职公司数"),
    "distance": ("distance from home", "通勤距离"),
    "stock": ("stock option level", "股票期权级别"),
    "travel": ("business travel", "出差频率"),
}
#: Labels of other common HR columns by name key: (English, Chinese).
COLUMN_LABELS: Mapping[str, tuple[str, str]] = {
    "environmentsatisfaction": ("environment satisfaction", "环境满意度"),
    "jobsatisfaction": ("job satisfaction", "工作满意度"),
    "relationshipsatisfaction": ("relationship satisfaction", "人际关系满意度"),
    "worklifebalance": ("work-life balance", "工作生活平衡"),
    "jobinvolvement": ("job involvement", "工作投入度"),
    "education": ("education level", "学历"),
    "educationfield": ("field of education", "专业领域"),
    "department": ("department", "部门"),
    "jobrole": ("job role", "岗位"),
    "trainingtimeslastyear": ("trainings last year", "去年培训次数"),
    "percentsalaryhike": ("last salary increase (%)", "上次调薪幅度（%）"),
    "performancerating": ("performance rating", "绩效评级"),
    "dailyrate": ("daily rate", "日费率"),
    "hourlyrate": ("hourly rate", "时费率"),
    "monthlyrate": ("monthly rate", "月费率"),
}
#: Name parts of 1-5 rating columns where a low score is bad (satisfaction, balance, ...).
SCORE_PARTS = ("satisfaction", "worklifebalance", "jobinvolvement", "engagement", "满意",
               "工作生活平衡", "工作投入", "敬业")
_YES = frozenset({"yes", "y", "1", "1.0", "true", "t", "是", "有", "经常"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def recognise_roles(columns: Sequence[str]) -> dict[str, str]:
    """{role: column} for the roles whose aliases name one of ``columns``."""
    keys = {column_key(c): c for c in reversed(columns)}  # first column wins on equal keys
    roles: dict[str, str] = {}
    taken: set[str] = set()
    for role, aliases in ROLE_ALIASES.items():
        for alias in aliases:
            column = keys.get(alias)
            if column is not None and column not in taken:
                roles[role] = column
                taken.add(column)
                break
    return roles


def score_columns(frame: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    """The numeric 1-5 rating columns (satisfaction, work-life balance, involvement ...)."""
    found = []
    for column in columns:
        key = column_key(column)
        if not any(part in key for part in SCORE_PARTS):
            continue
        values = pd.to_numeric(frame[column], errors="coerce").dropna()
        if not values.empty and values.min() >= 0 and values.max() <= 5:
            found.append(column)
    return found


def yes_flag(values: pd.Series) -> pd.Series:
    """1.0 where a yes/no column says yes (Yes, 1, true, 是 ...), else 0.0."""
    return values.map(lambda v: 1.0 if str(v).strip().casefold() in _YES else 0.0).astype(float)


def column_label(column: str, *, roles: Mapping[str, str], lang: str) -> str:
    """The words for a column: its role's label, else its header split into words."""
    for role, name in roles.items():
        if name == column and role in ROLE_LABELS:
            en, zh = ROLE_LABELS[role]
            return zh if lang == "zh" else en
    known = COLUMN_LABELS.get(column_key(column))
    if known is not None:
        return known[1] if lang == "zh" else known[0]
    if lang == "zh" or not column.isascii():
        return column
    words = _CAMEL.sub(" ", column).replace("_", " ").split()
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
