"""A handmade team for the pay and retention tests: employees with bands, pay, a market
analysis whose pay tables the test writes, and risk scores with stored drivers; and a tiny
attrition model trained on synthetic data with an HR export to score (EXPORT).

Market (CNY): role family ml-engineer 600,000 (40 postings), data-analyst 300,000 (30);
seniority senior 500,000 (25); city 北京 450,000 (50). Rates: the shipped ones (USD = 7.12 CNY).

| ref | role family, level, city | pay | band mid / max | market | risk |
|---|---|---|---|---|---|
| E1 | ml-engineer L3 北京 (manager E5) | 480,000 CNY | 500,000 / 650,000 | 600,000 role family | high 0.80, pay + overtime drivers |
| E2 | data-analyst L2 Shanghai | 290,000 CNY | 280,000 / 320,000 | 300,000 role family | low 0.10 |
| E3 | ai-application-engineer L3 上海 | 60,000 USD | - | 500,000 seniority | medium 0.40, promotion driver |
| E4 | (none) 北京 | 300,000 CNY | - | 450,000 city | - |
| E5 | ml-engineer L4 北京 | 900,000 CNY | - | 600,000 role family | - |
| E6 | left the company | - | - | - | - |
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from talentgraph.domain import SYSTEM
from talentgraph.predict import AttritionModel, save_model
from talentgraph.services._people import create_employee, create_pay_band, create_pay_record
from talentgraph.store import Database, MarketSnapshot, RiskScore

HEADER = ("postings", "p10", "p25", "median", "p75", "p90", "mean")


@dataclass(frozen=True, slots=True)
class Team:
    """The ids of the team's employees by ref, and the market folder."""

    ids: dict[str, int]
    market_dir: Path


def write_market(folder: Path, *, currency: str = "CNY") -> Path:
    """A market analysis folder with the three pay tables (UTF-8 with BOM, as the analysis
    writes them) and summary.json."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "pay_by_role_family": ("role_family", [("ml-engineer", 40, 600_000),
                                               ("data-analyst", 30, 300_000),
                                               ("unknown", 99, 1)]),
        "pay_by_seniority": ("seniority", [("senior", 25, 500_000), ("unknown", 80, 2)]),
        "pay_by_city": ("city", [("北京", 50, 450_000), ("上海", 20, 420_000)]),
    }
    for name, (column, rows) in tables.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow((column, *HEADER))
            for value, postings, median in rows:
                writer.writerow((value, postings, median * 0.6, median * 0.8, median,
                                 median * 1.2, median * 1.4, median))
    (folder / "summary.json").write_text(json.dumps({"currency": currency}), "utf-8")
    return folder


def pay_driver(contribution: float = 0.9) -> dict[str, object]:
    """A stored driver: income below the job level's median, raising risk."""
    return {"feature": "income_vs_level", "direction": "raises", "kind": "pay",
            "contribution": contribution,
            "text_en": "income below the median of the job level (raises risk)",
            "text_zh": "收入低于同职级中位数（风险升高）"}


def build_team(database: Database, tmp_path: Path) -> Team:
    """Make the team of the module doc; its ids by ref."""
    market = write_market(tmp_path / "market" / "1")
    with database.session() as session:
        def add(ref: str, **fields: object) -> int:
            return create_employee(session, actor=SYSTEM, fields={
                "ref": ref, "name": f"Person {ref}", **fields}).id

        ids = {"E5": add("E5", role_family="ml-engineer", level="L4", city="北京",
                         department="AI", hired_on=date(2015, 1, 1))}
        ids["E1"] = add("E1", role_family="ml-engineer", level="L3", city="北京",
                        department="AI", manager_id=ids["E5"], hired_on=date(2019, 3, 1),
                        protected={"gender": "female", "age": 31})
        ids["E2"] = add("E2", role_family="data-analyst", level="L2", city="Shanghai",
                        department="BI", hired_on=date(2024, 6, 1),
                        protected={"gender": "male", "age": 45})
        ids["E3"] = add("E3", role_family="ai-application-engineer", level="L3", city="上海",
                        department="AI", hired_on=date(2023, 2, 1),
                        protected={"gender": "female", "age": 28})
        ids["E4"] = add("E4", city="北京", department="BI")
        ids["E6"] = add("E6", role_family="ml-engineer", level="L2", hired_on=date(2020, 1, 1),
                        left_on=date(2024, 1, 1))
        create_pay_band(session, actor=SYSTEM, role_family="ml-engineer", level="L3",
                        city="北京", minimum=400_000, midpoint=500_000, maximum=650_000)
        create_pay_band(session, actor=SYSTEM, role_family="ml-engineer", level="L3",
                        minimum=300_000, midpoint=400_000, maximum=500_000)
        create_pay_band(session, actor=SYSTEM, role_family="data-analyst", level="L2",
                        minimum=220_000, midpoint=280_000, maximum=320_000)
        for ref, annual, currency in (("E1", 480_000, "CNY"), ("E2", 290_000, "CNY"),
                                      ("E3", 60_000, "USD"), ("E4", 300_000, "CNY"),
                                      ("E5", 900_000, "CNY")):
            create_pay_record(session, employee_id=ids[ref], actor=SYSTEM,
                              effective_on=date(2025, 1, 1), annual=annual, currency=currency)
        create_pay_record(session, employee_id=ids["E1"], actor=SYSTEM,
                          effective_on=date(2023, 1, 1), annual=400_000)
        session.add(MarketSnapshot(title="AI jobs 2026", summary={"currency": "CNY"},
                                   out_dir=str(market)))
        session.add_all([
            RiskScore(employee_id=ids["E1"], model_version="attrition-test", risk=0.8,
                      band="high", drivers=[pay_driver(), {
                          "feature": "OverTime", "direction": "raises", "kind": "overtime",
                          "contribution": 0.7, "text_en": "works overtime (raises risk)",
                          "text_zh": "经常加班（风险升高）"}]),
            RiskScore(employee_id=ids["E2"], model_version="attrition-test", risk=0.1,
                      band="low", drivers=[]),
            RiskScore(employee_id=ids["E3"], model_version="attrition-test", risk=0.4,
                      band="medium", drivers=[{
                          "feature": "promotion_gap", "direction": "raises",
                          "kind": "promotion", "contribution": 0.3,
                          "text_en": "long wait since the last promotion (raises risk)",
                          "text_zh": "相对司龄久未晋升（风险升高）"}]),
        ])
    return Team(ids=ids, market_dir=market)


FEATURES = ("MonthlyIncome", "OverTime", "YearsSinceLastPromotion", "YearsAtCompany",
            "JobSatisfaction")


def train_tiny_model(folder: Path) -> Path:
    """A small AttritionModel on synthetic data (income lowers risk, overtime and a long wait
    for promotion raise it), saved where the app looks for models."""
    rng = np.random.default_rng(7)
    n = 160
    income = rng.normal(20_000, 5_000, n).round()
    overtime = rng.choice(["Yes", "No"], n, p=[0.3, 0.7])
    waited = rng.integers(0, 8, n)
    frame = pd.DataFrame({"MonthlyIncome": income, "OverTime": overtime,
                          "YearsSinceLastPromotion": waited,
                          "YearsAtCompany": waited + rng.integers(0, 5, n),
                          "JobSatisfaction": rng.integers(1, 5, n)})
    logit = -1 - (income - 20_000) / 4_000 + (overtime == "Yes") * 1.5 + 0.2 * waited
    left = np.where(rng.random(n) < 1 / (1 + np.exp(-logit)), "Yes", "No")
    model = AttritionModel(cv=3).fit(frame, left)
    save_model(model, folder, data_name="synthetic.csv", data_sha256="ab" * 32, metrics={},
               columns={"target": "Attrition"})
    return folder


def hr_export(rows: list[tuple[str, float, str, int, int, int]]) -> bytes:
    """An HR export with an employee ref column and the model's columns."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("employee_ref", *FEATURES))
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


EXPORT = hr_export([
    ("E1", 9_000, "Yes", 7, 8, 1),  # low pay, overtime, a long wait: high risk
    ("E2", 30_000, "No", 0, 2, 4),
    ("E3", 15_000, "Yes", 5, 6, 2),
    ("E4", 22_000, "No", 1, 3, 3),
    ("E5", 40_000, "No", 0, 10, 4),
    ("X99", 20_000, "No", 1, 1, 3),  # nobody in the workspace
])
