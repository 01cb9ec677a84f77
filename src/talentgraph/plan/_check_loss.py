"""Check family ``cross-entropy``: softmax cross-entropy of a prediction (and, at level 3, its
gradient and a binary cross-entropy)."""

from __future__ import annotations

import numpy as np

from talentgraph.plan._check_base import (
    CheckFamily,
    Draw,
    Exercise,
    Item,
    Question,
    choices_from,
    fmt,
    fmt_list,
    key_of,
)

__all__ = ["LOSS_FAMILY"]

_TOL = {"abs_tol": 0.005, "rel_tol": 0.01}
_CLASSES = (("cat", "猫"), ("dog", "狗"), ("bird", "鸟"), ("fish", "鱼"), ("horse", "马"))
_SAME = "It stays the same"
_SHIFT = (("It increases", "变大"), ("It decreases", "变小"), (_SAME, "不变"),
          ("It changes by exactly 5", "恰好变化 5"))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return np.asarray(e / e.sum())


def _draw_logits(draw: Draw) -> tuple[np.ndarray, int, np.ndarray]:
    """Logits with one clear winner and a true class whose probability is not negligible."""
    for _ in range(500):
        z = np.array([draw.step(-3, 3, 0.5) for _ in range(draw.integer(3, 5))])
        c = draw.integer(0, len(z) - 1)
        p = _softmax(z)
        if (z == z.max()).sum() == 1 and 0.05 <= p[c] <= 0.95:
            return z, c, p
    raise RuntimeError("no usable logits drawn")  # pragma: no cover


def build_cross_entropy(draw: Draw, level: int) -> Exercise:
    """Probability of the true class, its cross-entropy, a shift-invariance question; level 3
    adds ∂L/∂z_j and a binary cross-entropy."""
    z, c, p = _draw_logits(draw)
    names = _CLASSES[: len(z)]
    loss = float(-np.log(p[c]))
    shift = choices_from(draw, _SHIFT)
    en_names = "[" + ", ".join(n[0] for n in names) + "]"
    zh_names = "[" + "、".join(n[1] for n in names) + "]"
    sm = f"p = softmax(z) = {fmt_list(p.round(4))}"
    items = [
        Item(Question("p_true", "p of the true class", "真实类别的预测概率 p", **_TOL),
             float(p[c]), sm, sm),
        Item(Question("loss", "Cross-entropy loss L", "交叉熵损失 L", **_TOL), loss,
             f"L = −ln p[{c + 1}] = −ln {fmt(float(p[c]))}", f"L = −ln p[{c + 1}] = −ln {fmt(float(p[c]))}"),
        Item(Question("shift", "If 5 is added to every logit, the loss:",
                      "若每个 logit 都加 5，损失会：", kind="choice", choices=shift),
             key_of(shift, _SAME),
             "Softmax is unchanged when the same constant is added to every logit.",
             "所有 logit 加同一个常数，softmax 结果不变，因此损失不变。"),
    ]
    part_b_en = part_b_zh = ""
    if level >= 3:
        j = next(i for i in (draw.integer(0, len(z) - 1), c) if abs(p[i] - (i == c)) >= 0.02)
        grad = float(p[j] - (1.0 if j == c else 0.0))
        items.append(Item(
            Question(f"dL_dz_{j + 1}", f"The gradient ∂L/∂z[{j + 1}]",
                     f"梯度 ∂L/∂z[{j + 1}]", **_TOL), grad,
            f"∂L/∂z[j] = p[j] − 1[j = true class] = {fmt(float(p[j]))} − {int(j == c)}",
            f"∂L/∂z[j] = p[j] − 1[j 为真实类别] = {fmt(float(p[j]))} − {int(j == c)}"))
        q, y = draw.step(0.05, 0.95, 0.05), draw.integer(0, 1)
        bce = float(-(y * np.log(q) + (1 - y) * np.log(1 - q)))
        items.append(Item(
            Question("bce", "Part B: the binary cross-entropy", "第二部分：二元交叉熵", **_TOL), bce,
            f"L = −[y·ln p + (1 − y)·ln(1 − p)] = −ln {fmt(q if y else 1 - q)}",
            f"L = −[y·ln p + (1 − y)·ln(1 − p)] = −ln {fmt(q if y else 1 - q)}"))
        part_b_en = (f"\n\nPart B: a binary classifier outputs `p = {fmt(q)}` (the probability of "
                     f"class 1) for an example whose label is `y = {y}`. Binary cross-entropy: "
                     "L = −[y·ln p + (1 − y)·ln(1 − p)].")
        part_b_zh = (f"\n\n第二部分：一个二分类器对某样本输出 `p = {fmt(q)}`（属于类别 1 的概率），"
                     f"该样本的标签为 `y = {y}`。二元交叉熵：L = −[y·ln p + (1 − y)·ln(1 − p)]。")
    en = (f"A classifier outputs these logits (scores before softmax) for one example:\n\n"
          f"- `z = {fmt_list(z)}` for the classes {en_names}\n"
          f"- the true class is `{names[c][0]}` (index {c + 1}, counting from 1)\n\n"
          "Softmax: p[i] = e^z[i] / Σₖ e^z[k]; cross-entropy: L = −ln p[true class] "
          "(natural log). Round to 3 decimal places (answers within ±0.005 or 1 % count)."
          + part_b_en)
    zh = (f"某分类器对一个样本输出如下 logits（softmax 之前的得分）：\n\n"
          f"- `z = {fmt_list(z)}`，依次对应类别 {zh_names}\n"
          f"- 真实类别是“{names[c][1]}”（第 {c + 1} 个类别，从 1 开始计）\n\n"
          "Softmax：p[i] = e^z[i] / Σₖ e^z[k]；交叉熵：L = −ln p[真实类别]（自然对数）。"
          "结果保留 3 位小数（误差不超过 ±0.005 或 1% 即算正确）。" + part_b_zh)
    return Exercise(en, zh, tuple(items))


LOSS_FAMILY = CheckFamily(
    name="cross-entropy",
    title_en="Cross-entropy of a prediction",
    title_zh="预测结果的交叉熵",
    skills={"loss-functions": 2, "deep-learning": 2},
    build=build_cross_entropy,
)
