"""Attrition risk for the demo workspace: a model trained on a synthetic HR history, and the
demo's current employees scored with it, so the retention and pay pages have something to show.

Everything here is synthetic and seeded (the same on every run): a history of ``HISTORY_ROWS``
past and present staff of an AI company, in the shape of an HR snapshot export, where pay below
the level's norm, frequent overtime, a long wait for promotion and low job satisfaction make
leaving likelier; and one current row per demo employee whose pay is their latest demo pay
record and whose other answers are drawn from a generator seeded by their ref. The model is
trained with :func:`talentgraph.predict.train_attrition` (cross-validated, with its model card)
into ``DATA_DIR/models/demo-attrition`` and the rows are scored with
:func:`services._risk_scoring.score_file`, exactly as an hr user would from the CLI and the app.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from talentgraph.domain import SYSTEM
from talentgraph.services._retention_actions import suggest_actions
from talentgraph.services._risk_scoring import MODELS_FOLDER, score_file
from talentgraph.settings import Settings
from talentgraph.store import Database, Employee, PayRecord, RiskScore

__all__ = ["DEMO_MODEL", "HISTORY_ROWS", "seed_demo_risk"]

#: The model's name under DATA_DIR/models.
DEMO_MODEL = "demo-attrition"
HISTORY_ROWS = 900
_SEED = 2026
_LEVELS = ("L1", "L2", "L3", "L4", "L5")
#: A typical monthly pay (CNY) per level of the demo's ladder.
_LEVEL_PAY = {"L1": 22_000, "L2": 32_000, "L3": 48_000, "L4": 72_000, "L5": 110_000}


def _answers(rng: np.random.Generator, level: str, years: float) -> dict[str, object]:
    """The survey-style columns of one person (overtime, promotion wait, satisfaction)."""
    waited = float(min(years, rng.integers(0, 7)))
    return {"OverTime": "Yes" if rng.random() < 0.3 else "No",
            "YearsSinceLastPromotion": round(waited, 1),
            "JobSatisfaction": int(rng.integers(1, 5)),
            "JobLevel": _LEVELS.index(level) + 1 if level in _LEVELS else 3}


def synthetic_history(rows: int = HISTORY_ROWS, *, seed: int = _SEED) -> pd.DataFrame:
    """The seeded synthetic HR history the demo model is trained on (module doc)."""
    rng = np.random.default_rng(seed)
    records = []
    for i in range(rows):
        level = _LEVELS[int(rng.choice(5, p=[0.2, 0.3, 0.28, 0.15, 0.07]))]
        years = round(float(rng.gamma(2.0, 2.0)), 1)
        ratio = float(rng.normal(1.0, 0.15))
        record = {"EmployeeNumber": f"H{i + 1:04d}",
                  "MonthlyIncome": round(_LEVEL_PAY[level] * ratio, -2),
                  "YearsAtCompany": years, **_answers(rng, level, years)}
        logit = (-2.3 + 3.0 * (1.0 - ratio) + 1.2 * (record["OverTime"] == "Yes")
                 + 0.25 * float(record["YearsSinceLastPromotion"])
                 - 0.35 * (int(record["JobSatisfaction"]) - 2.5) - 0.08 * years)
        record["Attrition"] = "Yes" if rng.random() < 1 / (1 + np.exp(-logit)) else "No"
        records.append(record)
    return pd.DataFrame(records)


def current_rows(database: Database) -> pd.DataFrame:
    """One row per current demo employee with pay: their ref, latest monthly pay, tenure and
    seeded answers."""
    with database.session() as session:
        latest = (select(PayRecord.employee_id, func.max(PayRecord.effective_on).label("on"))
                  .group_by(PayRecord.employee_id).subquery())
        pay = {r.employee_id: r for r in session.scalars(select(PayRecord).join(
            latest, (PayRecord.employee_id == latest.c.employee_id)
            & (PayRecord.effective_on == latest.c.on)))}
        people = session.scalars(select(Employee).where(Employee.left_on.is_(None))
                                 .order_by(Employee.ref)).all()
        records = []
        for person in people:
            record = pay.get(person.id)
            annual = (record.pay or {}).get("annual") if record is not None else None
            if annual is None:
                continue
            hired = person.hired_on
            years = round((pd.Timestamp("2025-12-31") - pd.Timestamp(hired)).days / 365.25, 1) \
                if hired else 2.0
            digest = hashlib.sha256(person.ref.encode("utf-8")).digest()
            rng = np.random.default_rng(int.from_bytes(digest[:8], "big"))
            records.append({"EmployeeNumber": person.ref,
                            "MonthlyIncome": round(float(annual) / 12, -2),
                            "YearsAtCompany": max(years, 0.0),
                            **_answers(rng, person.level or "L3", max(years, 0.0))})
    return pd.DataFrame(records)


def seed_demo_risk(database: Database, *, settings: Settings) -> tuple[int, int]:
    """Train the demo model (once), score the current demo employees (once) and suggest
    retention actions for those at risk: (risk scores added, actions suggested); (0, 0) when
    the demo is scored already."""
    with database.session() as session:
        if session.scalar(select(func.count()).select_from(RiskScore)):
            return 0, 0
    from talentgraph.predict import read_hr_table, train_attrition

    folder = settings.data_dir / MODELS_FOLDER / DEMO_MODEL
    with tempfile.TemporaryDirectory(prefix="talentgraph-demo-hr-") as tmp:
        history = Path(tmp) / "demo_hr_history.csv"
        synthetic_history().to_csv(history, index=False)
        if not (folder / "model.json").is_file():
            train_attrition(read_hr_table(history), out_dir=folder, target="Attrition",
                            folds=5, seed=0)
        export = Path(tmp) / "demo_hr_2025.csv"
        rows = current_rows(database)
        if rows.empty:
            return 0, 0
        rows.to_csv(export, index=False)
        report = score_file(database, actor=SYSTEM, settings=settings, path=export,
                            model=DEMO_MODEL, id_col="EmployeeNumber")
    with database.session() as session:
        suggested = suggest_actions(session, actor=SYSTEM)
    return int(report.scored), len(suggested.created)
