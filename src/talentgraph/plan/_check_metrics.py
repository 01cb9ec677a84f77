"""Check family ``classification-metrics``: precision, recall, F1 and accuracy from a confusion
matrix (binary at level 2, three classes with macro-F1 at level 3)."""

from __future__ import annotations

import numpy as np

from talentgraph.plan._check_base import (
    CheckFamily,
    Draw,
    Exercise,
    Item,
    Question,
    fmt,
    markdown_table,
)

__all__ = ["METRICS_FAMILY"]

_TOL = {"abs_tol": 0.005}
_CLASSES = (("positive", "正面"), ("neutral", "中性"), ("negative", "负面"))
_NOTE_EN = ("Rows are the actual classes, columns the predicted ones. Give each metric as a "
            "number between 0 and 1 (a percentage such as 83.3% also counts), to 3 decimal places.")
_NOTE_ZH = ("行是真实类别，列是预测类别。各指标请给出 0 到 1 之间的小数（也可写成 83.3% 这样的百分数），"
            "保留 3 位小数。")


def _per_class(m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall and F1 of every class of confusion matrix ``m`` (rows = actual)."""
    tp = np.diag(m).astype(float)
    precision, recall = tp / m.sum(axis=0), tp / m.sum(axis=1)
    return precision, recall, 2 * precision * recall / (precision + recall)


def _binary(draw: Draw) -> tuple[str, str, list[Item]]:
    tp, fn = draw.integer(5, 150), draw.integer(1, 80)
    fp, tn = draw.integer(1, 80), draw.integer(5, 300)
    p, r = tp / (tp + fp), tp / (tp + fn)
    f1, acc = 2 * p * r / (p + r), (tp + tn) / (tp + fp + fn + tn)
    en = markdown_table(("", "predicted positive", "predicted negative"),
                        (("actual positive", tp, fn), ("actual negative", fp, tn)))
    zh = markdown_table(("", "预测为正", "预测为负"), (("实际为正", tp, fn), ("实际为负", fp, tn)))
    items = [
        Item(Question("precision", "Precision", "精确率（查准率）", **_TOL), p,
             f"TP / (TP + FP) = {tp} / {tp + fp}", f"TP / (TP + FP) = {tp} / {tp + fp}"),
        Item(Question("recall", "Recall", "召回率（查全率）", **_TOL), r,
             f"TP / (TP + FN) = {tp} / {tp + fn}", f"TP / (TP + FN) = {tp} / {tp + fn}"),
        Item(Question("f1", "F1 score", "F1 值", **_TOL), f1,
             f"2PR / (P + R) with P = {fmt(p)}, R = {fmt(r)}",
             f"2PR / (P + R)，其中 P = {fmt(p)}，R = {fmt(r)}"),
        Item(Question("accuracy", "Accuracy", "准确率", **_TOL), acc,
             f"(TP + TN) / total = {tp + tn} / {tp + fp + fn + tn}",
             f"(TP + TN) / 总数 = {tp + tn} / {tp + fp + fn + tn}"),
    ]
    head_en = "A binary classifier was evaluated on a test set. Its confusion matrix:"
    head_zh = "一个二分类器在测试集上的混淆矩阵如下："
    return f"{head_en}\n\n{en}\n\n{_NOTE_EN}", f"{head_zh}\n\n{zh}\n\n{_NOTE_ZH}", items


def _three_class(draw: Draw) -> tuple[str, str, list[Item]]:
    m = np.array([[draw.integer(20, 100) if i == j else draw.integer(0, 25) for j in range(3)]
                  for i in range(3)])
    precision, recall, f1 = _per_class(m)
    acc = np.trace(m) / m.sum()
    k, c = draw.integer(0, 2), draw.integer(0, 2)
    (k_en, k_zh), (c_en, c_zh) = _CLASSES[k], _CLASSES[c]
    en = markdown_table(("", *(f"predicted {n}" for n, _ in _CLASSES)),
                        [(f"actual {_CLASSES[i][0]}", *m[i].tolist()) for i in range(3)])
    zh = markdown_table(("", *(f"预测为{z}" for _, z in _CLASSES)),
                        [(f"实际为{_CLASSES[i][1]}", *m[i].tolist()) for i in range(3)])
    f1s = ", ".join(fmt(v) for v in f1)
    items = [
        Item(Question(f"precision_{k_en}", f"Precision of class '{k_en}'", f"“{k_zh}”类的精确率",
                      **_TOL), float(precision[k]),
             f"diagonal / column sum = {m[k, k]} / {m[:, k].sum()}",
             f"对角元 / 该列之和 = {m[k, k]} / {m[:, k].sum()}"),
        Item(Question(f"recall_{c_en}", f"Recall of class '{c_en}'", f"“{c_zh}”类的召回率",
                      **_TOL), float(recall[c]),
             f"diagonal / row sum = {m[c, c]} / {m[c].sum()}",
             f"对角元 / 该行之和 = {m[c, c]} / {m[c].sum()}"),
        Item(Question("macro_f1", "Macro-averaged F1", "宏平均 F1（macro-F1）", **_TOL),
             float(f1.mean()), f"mean of the per-class F1 ({f1s})", f"各类 F1（{f1s}）的平均值"),
        Item(Question("accuracy", "Accuracy", "准确率", **_TOL), float(acc),
             f"trace / total = {np.trace(m)} / {m.sum()}", f"对角元之和 / 总数 = {np.trace(m)} / {m.sum()}"),
    ]
    head_en = "A three-class sentiment classifier was evaluated on a test set. Its confusion matrix:"
    head_zh = "一个三分类情感分类器在测试集上的混淆矩阵如下："
    return f"{head_en}\n\n{en}\n\n{_NOTE_EN}", f"{head_zh}\n\n{zh}\n\n{_NOTE_ZH}", items


def build_metrics(draw: Draw, level: int) -> Exercise:
    """Binary precision/recall/F1/accuracy (level 2) or a three-class matrix (level 3)."""
    en, zh, items = _binary(draw) if level < 3 else _three_class(draw)
    return Exercise(en, zh, tuple(items))


METRICS_FAMILY = CheckFamily(
    name="classification-metrics",
    title_en="Precision, recall and F1 from a confusion matrix",
    title_zh="由混淆矩阵计算精确率、召回率与 F1",
    skills={"model-evaluation": 2, "classification-algorithms": 2},
    build=build_metrics,
)
