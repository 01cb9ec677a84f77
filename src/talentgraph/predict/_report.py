"""The retention report: one self-contained HTML page (English or Chinese) for a model and data.

Sections: model quality (the cross-validated metrics of the model and the baseline from
``metrics.json``, and the metrics on this data when it has the outcome column), the calibration
curve, the distribution of risk and bands, the top drivers across the people scored, a fairness
section (``_fairness``: risk by protected group with impact ratios; the groups are read from the
data, never used as features) and the model's limits. Charts are inline SVG; no network, no
JavaScript. The page is written with the Jinja2 template ``data/retention_report.html.j2``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from talentgraph.errors import ParameterError
from talentgraph.predict._card import LIMITS, LIMITS_ZH
from talentgraph.predict._charts import (
    draw_calibration_curve,
    draw_driver_bars,
    draw_group_ranges,
    draw_risk_histogram,
)
from talentgraph.predict._columns import find_protected_columns, parse_left_flag
from talentgraph.predict._explain import summarise_drivers
from talentgraph.predict._fairness import fairness_by_group
from talentgraph.predict._metrics import binary_metrics, calibration_bins
from talentgraph.predict._store import ModelBundle
from talentgraph.predict._table import HrTable

__all__ = ["REPORT_FILE", "RetentionReport", "build_retention_report", "write_retention_report"]

REPORT_FILE = "report.html"
_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "title": "Retention risk report", "model": "Model", "data": "data", "rows_scored":
        "people scored:", "sec_quality": "Model quality",
        "quality_note": "Stratified cross-validation on the training data: every fold refits "
        "the features, the calibration and the threshold on its training part only. The "
        "baseline is a plain logistic regression on one-hot columns (no protected attributes).",
        "no_cv": "This model folder has no cross-validated metrics.",
        "metric": "metric", "model_col": "model", "baseline_col": "baseline",
        "on_this_data": "On this data", "on_this_data_note": "This data has the outcome "
        "column; if it is the training data these figures are optimistic (in-sample).",
        "sec_distribution": "Risk distribution", "band": "band", "people": "people",
        "share": "share", "sec_drivers": "Top drivers",
        "drivers_note": "Features ranked by their average absolute contribution to the "
        "log-odds of leaving across the people scored; the bars show for whom each raises or "
        "lowers risk. Associations, not causes.",
        "feature": "feature", "mean_abs": "mean abs. contribution", "raises_for":
        "raises risk for", "lowers_for": "lowers risk for", "sec_fairness": "Fairness",
        "fairness_note": "Risk by protected group, read from the data (these columns are "
        "never model features). Impact ratio = share flagged high in the group / share in the "
        "most-flagged group; under the four-fifths rule a ratio below 0.8 calls for review. "
        "Groups under 10 people are not compared.",
        "no_protected": "The data has no protected attribute columns (gender, age, marital "
        "status, ...): nothing to compare. Mark others with --protected COLUMN.",
        "group": "group", "mean_risk": "mean risk", "median_risk": "median risk",
        "share_high": "flagged high", "impact_ratio": "impact ratio",
        "verdict_ok": "All compared groups are within the four-fifths rule.",
        "verdict_flag": "Below the four-fifths rule: {groups}. Review before acting on the "
        "scores.", "verdict_none": "Too few people per group to compare.",
        "sec_limits": "Limits", "calibration": "Calibration (held-out predictions)",
        "predicted": "mean predicted risk", "observed": "observed leaving rate",
        "diagonal": "perfect calibration", "cv_model": "model (CV)",
        "cv_baseline": "baseline (CV)", "this_data": "this data",
        "histogram": "Risk of the people scored", "risk": "risk", "count": "people",
        "driver_chart": "Share of people whose risk each feature raises / lowers",
        "raises": "raises risk", "lowers": "lowers risk", "range_title": "Risk by {column}",
        "bands_note": "Bands: low < {low} ≤ medium < {high} ≤ high (high = flagged).",
        "low": "low", "medium": "medium", "high": "high",
        "roc_auc": "ROC-AUC", "pr_auc": "PR-AUC", "f1": "leaver F1", "precision":
        "leaver precision", "recall": "leaver recall", "brier": "Brier score",
    },
    "zh": {
        "title": "人才留存风险报告", "model": "模型", "data": "数据", "rows_scored": "评分人数：",
        "sec_quality": "模型质量",
        "quality_note": "在训练数据上做分层交叉验证：每一折只用其训练部分重新构建特征、校准和阈值。"
        "基线为独热编码上的普通逻辑回归（不含受保护属性）。",
        "no_cv": "该模型目录没有交叉验证指标。",
        "metric": "指标", "model_col": "模型", "baseline_col": "基线",
        "on_this_data": "本数据上的表现", "on_this_data_note": "本数据含结果列；若即训练数据，"
        "这些数字偏乐观（样本内）。",
        "sec_distribution": "风险分布", "band": "风险等级", "people": "人数", "share": "占比",
        "sec_drivers": "主要驱动因素",
        "drivers_note": "按对离职对数几率的平均绝对贡献排序；条形显示该因素使多少人的风险升高或降低。"
        "这是相关关系，不是因果。",
        "feature": "因素", "mean_abs": "平均绝对贡献", "raises_for": "使风险升高的人群占比",
        "lowers_for": "使风险降低的人群占比", "sec_fairness": "公平性",
        "fairness_note": "按受保护群体（取自数据，从不作为模型特征）比较风险。影响比 = 该群体被标为高"
        "风险的比例 / 最高群体的比例；按五分之四规则，低于 0.8 需复核。少于 10 人的群体不比较。",
        "no_protected": "数据中没有受保护属性列（性别、年龄、婚姻状况等），无可比较。可用 "
        "--protected 列名 标记其他列。",
        "group": "群体", "mean_risk": "平均风险", "median_risk": "风险中位数",
        "share_high": "高风险占比", "impact_ratio": "影响比",
        "verdict_ok": "所有参与比较的群体均符合五分之四规则。",
        "verdict_flag": "低于五分之四规则：{groups}。使用评分前请复核。",
        "verdict_none": "每组人数太少，无法比较。",
        "sec_limits": "局限", "calibration": "校准曲线（留出预测）", "predicted": "平均预测风险",
        "observed": "实际离职率", "diagonal": "完全校准", "cv_model": "模型（交叉验证）",
        "cv_baseline": "基线（交叉验证）", "this_data": "本数据",
        "histogram": "评分人群的风险分布", "risk": "风险", "count": "人数",
        "driver_chart": "各因素使风险升高 / 降低的人群占比",
        "raises": "风险升高", "lowers": "风险降低", "range_title": "按{column}的风险",
        "bands_note": "等级：低 < {low} ≤ 中 < {high} ≤ 高（高 = 标记）。",
        "low": "低", "medium": "中", "high": "高",
        "kinds": "gender=性别;age=年龄;marital status=婚姻状况;race or ethnicity=民族/种族;"
        "religion=宗教;disability=残疾;pregnancy or family=生育/家庭;"
        "marked protected by the user=用户标记",
        "roc_auc": "ROC-AUC", "pr_auc": "PR-AUC", "f1": "离职者 F1", "precision": "离职者精确率",
        "recall": "离职者召回率", "brier": "Brier 分数",
    },
}
_METRIC_KEYS = ("roc_auc", "pr_auc", "f1", "precision", "recall", "brier")


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """The rendered page and the figures behind it (fairness tables, band counts, drivers)."""

    html: str
    fairness: list[dict[str, Any]]
    bands: dict[str, int]
    drivers: list[dict[str, Any]]


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _labelled_metrics(bundle: ModelBundle, table: HrTable,
                      risk: np.ndarray) -> tuple[dict[str, float] | None, list[dict[str, float]]]:
    target = bundle.manifest.get("columns", {}).get("target")
    if bundle.model.is_survival_ or not target or target not in table.frame.columns:
        return None, []
    try:
        label = parse_left_flag(table.frame[target].tolist(), column=target)
    except ValueError:
        return None, []
    if len(set(label.tolist())) < 2:
        return None, []
    return (binary_metrics(label, risk, threshold=bundle.model.threshold_),
            calibration_bins(label, risk))


def build_retention_report(bundle: ModelBundle, table: HrTable, *, lang: str = "en",
                           protected: Sequence[str] = ()) -> RetentionReport:
    """Score ``table`` with the model and render the report (``lang`` "en" or "zh")."""
    if lang not in _MESSAGES:
        raise ParameterError.invalid("lang", "build_retention_report", "'en' or 'zh'", lang)
    m = _MESSAGES[lang]
    model = bundle.model
    frame = table.frame
    risk = model.predict_risk(frame)
    cut = model.band_cutoffs_
    bands = {b: 0 for b in ("low", "medium", "high")}
    for r in risk:
        bands["high" if r >= cut[1] else "medium" if r >= cut[0] else "low"] += 1
    contributions = model.contributions(frame)
    labels = {f: model.design_.feature_label(f, lang=lang) for f in contributions.columns}
    drivers = summarise_drivers(contributions, labels=labels, top=12)
    marked = [*model.protected, *protected]
    found = find_protected_columns(frame.columns, marked=marked)
    fairness = fairness_by_group(frame, risk, high_from=cut[1], protected=found)
    data_metrics, data_bins = _labelled_metrics(bundle, table, risk)
    cv = bundle.metrics
    cv_rows = []
    if cv.get("model"):
        for key in _METRIC_KEYS:
            cells = {who: cv[who][key] for who in ("model", "baseline") if key in cv.get(who, {})}
            cv_rows.append({"label": m[key], **{who: f"{c['mean']:.3f} ± {c['sd']:.3f}"
                                                for who, c in cells.items()}})
    curves: dict[str, Any] = {}
    if cv.get("calibration"):
        curves[m["cv_model"]] = cv["calibration"].get("model", [])
        curves[m["cv_baseline"]] = cv["calibration"].get("baseline", [])
    if data_bins:
        curves[m["this_data"]] = data_bins
    calibration_chart = (draw_calibration_curve(curves, chart_id="calibration",
                                                title=m["calibration"], xlabel=m["predicted"],
                                                ylabel=m["observed"], diagonal=m["diagonal"])
                         if any(curves.values()) else "")
    histogram = draw_risk_histogram(risk, cutoffs=cut, chart_id="risk-histogram",
                                    title=m["histogram"], xlabel=m["risk"], ylabel=m["count"],
                                    band_names={b: m[b] for b in bands})
    driver_chart = (draw_driver_bars([d["label"] for d in drivers],
                                     [d["raises_share"] for d in drivers],
                                     [d["lowers_share"] for d in drivers], chart_id="drivers",
                                     title=m["driver_chart"], legend=(m["raises"], m["lowers"]))
                    if drivers else "")
    kinds = dict(item.split("=", 1) for item in m["kinds"].split(";")) if "kinds" in m else {}
    fairness_view = []
    for index, t in enumerate(fairness):
        flagged = [g["group"] for g in t["groups"] if g["below_four_fifths"]]
        verdict = (m["verdict_none"] if t["min_impact_ratio"] is None else
                   m["verdict_flag"].format(groups=", ".join(flagged)) if flagged else
                   m["verdict_ok"])
        fairness_view.append({
            "column": t["column"], "kind": kinds.get(t["kind"], t["kind"]), "verdict": verdict, "flagged": bool(flagged),
            "groups": [{"group": g["group"], "n": g["n"], "mean": f"{g['mean']:.3f}",
                        "median": f"{g['median']:.3f}", "share_high": _pct(g["share_high"]),
                        "ratio": "–" if g["impact_ratio"] is None else f"{g['impact_ratio']:.2f}",
                        "flag": g["below_four_fifths"]} for g in t["groups"]],
            "chart": Markup(draw_group_ranges(t["groups"], names=[g["group"] for g in t["groups"]],
                                              chart_id=f"fairness-{index}",
                                              title=m["range_title"].format(column=t["column"]),
                                              xlabel=m["risk"], high_from=cut[1])),
        })
    env = Environment(loader=PackageLoader("talentgraph.predict", "data"),
                      autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True)
    html = env.get_template("retention_report.html.j2").render(
        lang=lang, m=m, version=bundle.version, source=Path(table.source).name,
        rows=len(frame), cv_rows=cv_rows,
        data_rows=[{"label": m[k], "value": f"{data_metrics[k]:.3f}"} for k in _METRIC_KEYS]
        if data_metrics else [],
        calibration_chart=Markup(calibration_chart), histogram=Markup(histogram),
        bands_note=m["bands_note"].format(low=f"{cut[0]:.3f}", high=f"{cut[1]:.3f}"),
        band_rows=[{"name": m[b], "n": n, "share": _pct(n / len(frame))}
                   for b, n in bands.items()],
        drivers=[{"label": d["label"], "mean_abs": f"{d['mean_abs']:.3f}",
                  "raises": _pct(d["raises_share"]), "lowers": _pct(d["lowers_share"])}
                 for d in drivers],
        driver_chart=Markup(driver_chart), fairness=fairness_view,
        limits=LIMITS_ZH if lang == "zh" else LIMITS)
    return RetentionReport(html=html, fairness=fairness, bands=bands, drivers=drivers)


def write_retention_report(bundle: ModelBundle, table: HrTable, *, out_dir: Path | str,
                           lang: str = "en", protected: Sequence[str] = ()) -> Path:
    """Build the report and write ``OUT_DIR/report.html``; returns the file's path."""
    report = build_retention_report(bundle, table, lang=lang, protected=protected)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / REPORT_FILE
    path.write_text(report.html, encoding="utf-8")
    return path
