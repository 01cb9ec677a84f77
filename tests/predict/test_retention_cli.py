"""``talentgraph retention train|score|report``: the CLI contract, row numbering, the report."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from talentgraph.cli._app import _register, app
from talentgraph.predict import fairness_by_group
from tests.predict._synthetic import make_snapshot, make_survival

runner = CliRunner()


@pytest.fixture(autouse=True, scope="module")
def _registered() -> None:
    _register()


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("retention")
    data = root / "hr.csv"
    make_snapshot(400, seed=5).to_csv(data, index=False)
    result = runner.invoke(app, ["retention", "train", str(data), "--target", "Attrition",
                                 "--out", str(root / "model"), "--folds", "3"])
    assert result.exit_code == 0, result.output
    assert re.search(r"model attrition-\d{8}-[0-9a-f]{8}: 400 employees", result.output)
    assert "Gender (protected attribute)" in result.output
    assert re.search(r"model\s+0\.\d{3} ± 0\.\d{3}", result.output)
    assert re.search(r"baseline\s+0\.\d{3} ± 0\.\d{3}", result.output)
    return data, root / "model"


def _read_scores(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_score_contract_columns_rows_and_drivers(trained: tuple[Path, Path],
                                                 tmp_path: Path) -> None:
    _, model = trained
    people = make_snapshot(30, seed=9).drop(columns="Attrition")
    lines = people.to_csv(index=False).splitlines()
    # a blank line after the 5th record: it is skipped but still counts as an input row
    source = tmp_path / "people.csv"
    source.write_text("\n".join(lines[:6] + [""] + lines[6:]) + "\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    result = runner.invoke(app, ["retention", "score", str(source), "--model", str(model),
                                 "--out", str(out), "--id-col", "EmployeeNumber"])
    assert result.exit_code == 0, result.output
    assert "scored 30 people" in result.output
    rows = _read_scores(out)
    assert list(rows[0]) == ["row", "EmployeeNumber", "risk", "band", "drivers"]
    assert [int(r["row"]) for r in rows] == [1, 2, 3, 4, 5] + list(range(7, 32))
    assert [r["EmployeeNumber"] for r in rows] == [str(v) for v in people["EmployeeNumber"]]
    for r in rows:
        assert 0.0 <= float(r["risk"]) <= 1.0
        assert r["band"] in ("low", "medium", "high")
        drivers = r["drivers"].split("; ")
        assert 1 <= len(drivers) <= 3
        assert all(d.endswith(("(raises risk)", "(lowers risk)")) for d in drivers)
    assert any("overtime" in r["drivers"] for r in rows)


def test_score_xlsx_in_chinese_without_id(trained: tuple[Path, Path], tmp_path: Path) -> None:
    _, model = trained
    people = make_snapshot(12, seed=11).drop(columns="Attrition")
    book = Workbook()
    sheet = book.active
    sheet.append(list(people.columns))
    for values in people.itertuples(index=False):
        sheet.append([v.item() if hasattr(v, "item") else v for v in values])
    source = tmp_path / "people.xlsx"
    book.save(source)
    out = tmp_path / "scores.csv"
    result = runner.invoke(app, ["retention", "score", str(source), "--model", str(model),
                                 "--out", str(out), "--lang", "zh", "--top", "2"])
    assert result.exit_code == 0, result.output
    rows = _read_scores(out)
    assert list(rows[0]) == ["row", "risk", "band", "drivers"]
    assert [int(r["row"]) for r in rows] == list(range(1, 13))
    for r in rows:
        drivers = r["drivers"].split("; ")
        assert len(drivers) <= 2
        assert all(d.endswith(("（风险升高）", "（风险降低）")) for d in drivers)


def test_report_has_metrics_charts_drivers_and_fairness(trained: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    data, model = trained
    result = runner.invoke(app, ["retention", "report", "--model", str(model), "--data",
                                 str(data), "--out", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    for text in ("Model quality", "ROC-AUC", "baseline", "On this data", "Risk distribution",
                 "Top drivers", "overtime", "Fairness", "impact ratio", "four-fifths", "Gender",
                 "MaritalStatus", "&lt;30", "Limits"):
        assert text in html, text
    assert html.count("<svg") >= 6  # calibration, histogram, drivers, one per protected column
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    zh = runner.invoke(app, ["retention", "report", "--model", str(model), "--data", str(data),
                             "--out", str(tmp_path / "zh"), "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    page = (tmp_path / "zh" / "report.html").read_text(encoding="utf-8")
    assert "公平性" in page and "影响比" in page and "性别" in page


def test_fairness_impact_ratios_and_the_four_fifths_rule() -> None:
    frame = pd.DataFrame({"Gender": ["F"] * 20 + ["M"] * 20 + ["X"] * 3,
                          "Age": [25] * 10 + [45] * 10 + [35] * 23})
    risk = np.array([0.9] * 10 + [0.1] * 10 + [0.9] * 5 + [0.1] * 15 + [0.9] * 3)
    tables = fairness_by_group(frame, risk, high_from=0.5,
                               protected={"Gender": "gender", "Age": "age"})
    gender = {g["group"]: g for g in tables[0]["groups"]}
    assert gender["F"]["share_high"] == 0.5 and gender["M"]["share_high"] == 0.25
    assert gender["F"]["impact_ratio"] == 1.0 and gender["M"]["impact_ratio"] == 0.5
    assert gender["M"]["below_four_fifths"] and not gender["F"]["below_four_fifths"]
    assert gender["X"]["is_small"] and gender["X"]["impact_ratio"] is None
    assert tables[0]["min_impact_ratio"] == 0.5
    assert [g["group"] for g in tables[1]["groups"]] == ["<30", "30-39", "40-49"]


def test_survival_training_through_the_cli(tmp_path: Path) -> None:
    data = tmp_path / "tenure.csv"
    make_survival(300, seed=6).to_csv(data, index=False)
    result = runner.invoke(app, ["retention", "train", str(data), "--duration", "TenureMonths",
                                 "--event", "Left", "--horizon", "6", "--out",
                                 str(tmp_path / "m"), "--no-evaluate"])
    assert result.exit_code == 0, result.output
    card = (tmp_path / "m" / "model_card.md").read_text(encoding="utf-8")
    assert "survival data" in card and "within 6 months" in card
    out = tmp_path / "s.csv"
    scored = runner.invoke(app, ["retention", "score", str(data), "--model", str(tmp_path / "m"),
                                 "--out", str(out), "--id-col", "工号"])
    assert scored.exit_code == 0, scored.output
    assert list(_read_scores(out)[0]) == ["row", "工号", "risk", "band", "drivers"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from talentgraph.cli import main; main()",
                           *args], capture_output=True, text=True, timeout=300, check=False)


def test_errors_on_the_command_line(trained: tuple[Path, Path], tmp_path: Path) -> None:
    data, model = trained
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("model.json", "metrics.json", "model.joblib"):
        (broken / name).write_bytes((model / name).read_bytes())
    (broken / "model.joblib").write_bytes(b"not a pickle")
    result = _cli("retention", "score", str(data), "--model", str(broken), "--out",
                  str(tmp_path / "s.csv"))
    assert result.returncode == 1
    assert result.stderr.startswith("Error E0501: ")
    assert "changed or is corrupt" in result.stderr and "Traceback" not in result.stderr
    missing = _cli("retention", "train", str(data), "--target", "Left", "--out",
                   str(tmp_path / "m"))
    assert missing.returncode == 1
    assert "Error E0207" in missing.stderr and "'Attrition'" in missing.stderr
    no_id = runner.invoke(app, ["retention", "score", str(data), "--model", str(model),
                                "--out", str(tmp_path / "x.csv"), "--id-col", "工号"])
    assert no_id.exit_code != 0
    assert "工号" in str(no_id.exception)
