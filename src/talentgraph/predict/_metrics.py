"""Quality figures of a risk score: ROC-AUC, PR-AUC, F1 at a threshold, Brier, calibration bins.

Every function takes optional row weights (survival data weighs the interval in progress by the
fraction observed) and returns plain floats and dicts, ready for ``metrics.json``.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    precision_recall_curve,
    roc_auc_score,
)

__all__ = ["CALIBRATION_BINS", "best_f1_threshold", "binary_metrics", "calibration_bins"]

CALIBRATION_BINS = 10


def best_f1_threshold(label: np.ndarray, risk: np.ndarray,
                      weight: np.ndarray | None = None) -> float:
    """The risk cut-off with the highest leaver-class F1 on these (out-of-fold) predictions."""
    precision, recall, thresholds = precision_recall_curve(label, risk, sample_weight=weight)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    best = int(np.argmax(f1[:-1])) if len(thresholds) else 0
    return float(thresholds[best]) if len(thresholds) else 0.5


def _weighted_f1(label: np.ndarray, flagged: np.ndarray, weight: np.ndarray) -> dict[str, float]:
    tp = float(np.sum(weight * (flagged & (label == 1))))
    fp = float(np.sum(weight * (flagged & (label == 0))))
    fn = float(np.sum(weight * (~flagged & (label == 1))))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def binary_metrics(label: np.ndarray, risk: np.ndarray, *, threshold: float,
                   weight: np.ndarray | None = None) -> dict[str, float]:
    """ROC-AUC, PR-AUC (average precision), leaver F1/precision/recall at ``threshold``, Brier."""
    label = np.asarray(label, dtype=int)
    risk = np.asarray(risk, dtype=float)
    w = np.ones(len(label)) if weight is None else np.asarray(weight, dtype=float)
    both = len(np.unique(label)) == 2
    out = {
        "roc_auc": float(roc_auc_score(label, risk, sample_weight=w)) if both else float("nan"),
        "pr_auc": float(average_precision_score(label, risk, sample_weight=w)) if both
        else float("nan"),
        **_weighted_f1(label, risk >= threshold, w),
        "brier": float(brier_score_loss(label, risk, sample_weight=w)),
        "threshold": float(threshold),
        "rows": int(len(label)),
        "leavers": float(np.sum(w * label)),
    }
    return out


def calibration_bins(label: np.ndarray, risk: np.ndarray, *, weight: np.ndarray | None = None,
                     n_bins: int = CALIBRATION_BINS) -> list[dict[str, float]]:
    """Predicted vs observed leaving rate in ``n_bins`` equal-width bins of risk (empty ones left out)."""
    label = np.asarray(label, dtype=float)
    risk = np.asarray(risk, dtype=float)
    w = np.ones(len(label)) if weight is None else np.asarray(weight, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    index = np.clip(np.digitize(risk, edges[1:-1], right=False), 0, n_bins - 1)
    bins = []
    for b in range(n_bins):
        mask = index == b
        total = float(w[mask].sum())
        if total <= 0:
            continue
        bins.append({"bin_low": float(edges[b]), "bin_high": float(edges[b + 1]),
                     "predicted": float(np.sum(w[mask] * risk[mask]) / total),
                     "observed": float(np.sum(w[mask] * label[mask]) / total),
                     "rows": int(mask.sum())})
    return bins
