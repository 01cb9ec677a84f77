"""The model card of a trained attrition model (``model_card.md``), written at training time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["LIMITS", "LIMITS_ZH", "render_model_card"]

#: What every attrition model card says about its limits.
LIMITS = (
    "Associations, not causes: a driver says which recorded facts go with leaving in this "
    "data, not what would make a person stay. Use it to start a conversation, never to decide "
    "about a person alone.",
    "Protected attributes are excluded as features, but other columns can stand in for them "
    "(years of experience and job level for age, part-time status for gender, ...). Read the "
    "fairness section of `talentgraph retention report` before acting on scores.",
    "Snapshot data: the risk is the chance of being a leaver as defined by the training "
    "export (its period, its definition of leaving). Scores on another period or population "
    "shift with its leaving rate; recalibrate by retraining.",
    "Survival data: covariates are taken as fixed (measured when the export was made); "
    "columns that change with tenure (years in role, years with manager) are read as they were "
    "at exit or at the export, which flatters the evaluation.",
    "The threshold maximises leaver-class F1 on out-of-fold training predictions; a different "
    "use (e.g. a shortlist of fixed size) needs a different cut-off.",
    "Calibration and quality are measured by cross-validation on the training file only; "
    "validate on your own later data before relying on it.",
)

#: The same limits in Chinese (the zh report).
LIMITS_ZH = (
    "这是相关关系，不是因果：驱动因素说明在本数据中哪些记录的事实与离职同时出现，而不是什么能让人留下。"
    "用它开启对话，绝不单独据此对个人做决定。",
    "受保护属性不作为特征，但其他列可能成为其替代（工作年限、职级之于年龄等）。依据评分行动前，请先阅读"
    " `talentgraph retention report` 的公平性部分。",
    "快照数据：风险是按训练数据的口径（其时间段、其离职定义）成为离职者的概率。换一个时期或人群，"
    "离职率不同，评分会偏移；请重新训练以重新校准。",
    "生存数据：协变量视为固定（取导出时的值）；随司龄变化的列（现岗位年限、与经理共事年限）取离职或导出时"
    "的值，会使评估偏乐观。",
    "阈值在训练数据的折外预测上使离职者 F1 最大；其他用途（如固定人数的名单）需要另定阈值。",
    "校准和质量只在训练文件上交叉验证；请在之后自己的数据上验证后再依赖它。",
)


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _metric_rows(metrics: dict[str, Any]) -> list[str]:
    names = (("roc_auc", "ROC-AUC"), ("pr_auc", "PR-AUC"), ("f1", "leaver F1"),
             ("precision", "leaver precision"), ("recall", "leaver recall"),
             ("brier", "Brier score (lower is better)"))
    rows = ["| metric | model | baseline |", "|---|---|---|"]
    for key, label in names:
        cells = []
        for who in ("model", "baseline"):
            m = metrics.get(who, {}).get(key)
            cells.append(f"{m['mean']:.3f} ± {m['sd']:.3f}" if m else "–")
        rows.append(f"| {label} | {cells[0]} | {cells[1]} |")
    return rows


def _calibration_rows(bins: Sequence[dict[str, float]]) -> list[str]:
    rows = ["| risk bin | rows | mean predicted | observed leaving rate |", "|---|---|---|---|"]
    rows += [f"| {b['bin_low']:.1f}–{b['bin_high']:.1f} | {b['rows']} | {b['predicted']:.3f} | "
             f"{b['observed']:.3f} |" for b in bins]
    return rows


def render_model_card(manifest: dict[str, Any], metrics: dict[str, Any], *,
                      drivers: Sequence[dict[str, Any]] = ()) -> str:
    """The Markdown model card from the manifest, the evaluation and the overall drivers."""
    model = manifest["model"]
    data = manifest["data"]
    columns = manifest.get("columns", {})
    survival = model["shape"] == "survival"
    lines = [f"# Attrition risk model `{manifest['version']}`", "",
             f"Trained {manifest['created_at']} by `talentgraph retention train`. "
             "Generated file: retrain to change it.", "",
             "## Data", "",
             f"- File: `{data['name']}`, sha256 `{data['sha256']}`",
             f"- {data['rows']:,} employees, {data['leavers']:,} leavers "
             f"({_pct(data['leavers'] / max(data['rows'], 1))})"]
    if survival:
        lines.append(f"- Shape: survival data — duration `{columns.get('duration')}` "
                     f"({model['duration_unit']}), event `{columns.get('event')}`; the risk is "
                     f"P(leaving within {model['horizon_months']:g} months | current tenure)")
    else:
        lines.append(f"- Shape: snapshot — outcome column `{columns.get('target')}`; the risk "
                     "is the calibrated probability of being a leaver")
    lines += ["", "## Method", "",
              f"L2-regularised logistic regression (C={model['C']:g}) on a standardized design "
              f"({model['design_columns']} columns) with engineered HR signals, calibrated by "
              f"`CalibratedClassifierCV` ({model['calibration']}, {model['cv']}-fold CV inside "
              f"fit), seed {model['random_state']}."
              + (" Survival data is cut into horizon-long intervals (discrete-time hazard "
                 "model)." if survival else ""), "",
              f"## Features used ({len(model['features'])})", "",
              ", ".join(f"`{f}`" for f in model["features"]), "",
              "Engineered: " + (", ".join(f"`{e}`" for e in model["engineered"]) or "none"), "",
              "## Excluded columns", "",
              "| column | reason |", "|---|---|"]
    lines += [f"| `{c}` | {r} |" for c, r in model["excluded"].items()] or ["| – | – |"]
    protected = model["protected_excluded"]
    lines += ["", "Protected attributes excluded from the features: "
              + (", ".join(f"`{c}`" for c in protected) or "none found in the data")
              + ("" if model["exclude_protected"] else
                 " — **exclusion was switched off for this model (research use only)**") + ".",
              "", "## Threshold and risk bands", "",
              f"- Decision threshold (max leaver F1 on out-of-fold training predictions): "
              f"**{model['threshold']:.3f}**",
              f"- Bands: low < {model['band_cutoffs'][0]:.3f} ≤ medium < "
              f"{model['band_cutoffs'][1]:.3f} ≤ high (high = flagged)",
              f"- Training leaving rate: {_pct(model['base_rate'])}"
              + (" per interval" if survival else ""), ""]
    if metrics.get("model"):
        lines += [f"## Evaluation: stratified {metrics['folds']}-fold cross-validation "
                  f"(seed {metrics['random_state']})", "",
                  "Each fold refits features, calibration and threshold on its training part "
                  "only. Baseline: " + metrics.get("baseline_description", "") + ".", "",
                  *_metric_rows(metrics), "",
                  "### Calibration (held-out predictions, 10 bins)", "",
                  "Model:", "", *_calibration_rows(metrics["calibration"]["model"]), "",
                  "Baseline:", "", *_calibration_rows(metrics["calibration"]["baseline"]), ""]
    if drivers:
        lines += ["## Top drivers on the training data", "",
                  "| feature | mean abs. contribution (log-odds) | raises risk for | lowers "
                  "risk for |", "|---|---|---|---|"]
        lines += [f"| {d['label']} | {d['mean_abs']:.3f} | {_pct(d['raises_share'])} | "
                  f"{_pct(d['lowers_share'])} |" for d in drivers]
        lines.append("")
    lines += ["## Limits", ""] + [f"- {item}" for item in LIMITS] + [""]
    return "\n".join(lines)
