"""Check family ``gradient-step``: one gradient-descent step on a linear model with L2
regularisation (and, at level 3, with momentum)."""

from __future__ import annotations

import numpy as np

from talentgraph.plan._check_base import (
    CheckFamily,
    Draw,
    Exercise,
    Item,
    Question,
    fmt,
    fmt_list,
    markdown_table,
)

__all__ = ["OPTIM_FAMILY"]

_TOL = {"abs_tol": 0.005, "rel_tol": 0.01}
_BETA = 0.9


def _draw_problem(draw: Draw) -> dict[str, np.ndarray | float]:
    n = draw.integer(2, 3)
    return {
        "x": np.array([[draw.step(-2, 2, 0.5, nonzero=True) for _ in range(2)] for _ in range(n)]),
        "y": np.array([draw.step(-2, 3, 0.5) for _ in range(n)]),
        "w": np.array([draw.step(-1, 1, 0.1, nonzero=True) for _ in range(2)]),
        "b": draw.step(-0.5, 0.5, 0.1),
        "lam": draw.choice((0.01, 0.05, 0.1, 0.2, 0.5)),
        "lr": draw.choice((0.05, 0.1, 0.2)),
        "v": np.array([draw.step(-1, 1, 0.1) for _ in range(2)]),
    }


def build_gradient_step(draw: Draw, level: int) -> Exercise:
    """Loss, ∂J/∂w_k and the updated w_k; level 3 adds ∂J/∂b and a momentum step."""
    for _ in range(500):
        pr = _draw_problem(draw)
        x, y, w, v = (np.asarray(pr[k]) for k in ("x", "y", "w", "v"))
        b, lam, lr = float(pr["b"]), float(pr["lam"]), float(pr["lr"])
        err = x @ w + b - y
        loss = float(np.mean(err**2) + lam / 2 * w @ w)
        grad_w = 2 * x.T @ err / len(y) + lam * w
        grad_b = float(2 * err.mean())
        k = draw.integer(0, 1)
        v_new = _BETA * v + grad_w
        if (abs(grad_w[k]) >= 0.05 and abs(lr * grad_w[k]) >= 0.02 and abs(grad_b) >= 0.02
                and abs(lr * (v_new[k] - grad_w[k])) >= 0.02):
            break
    else:  # pragma: no cover
        raise RuntimeError("no usable problem drawn")
    items = [
        Item(Question("loss", "The loss J", "损失 J", **_TOL), loss,
             f"residuals ŷ − y = {fmt_list(err.round(4))}; mean square + λ/2·‖w‖²",
             f"残差 ŷ − y = {fmt_list(err.round(4))}；均方误差 + λ/2·‖w‖²"),
        Item(Question(f"dJ_dw_{k + 1}", f"The gradient ∂J/∂w[{k + 1}]",
                      f"梯度 ∂J/∂w[{k + 1}]", **_TOL),
             float(grad_w[k]), f"(2/n)·Σ (ŷ − y)·x[{k + 1}] + λ·w[{k + 1}]",
             f"(2/n)·Σ (ŷ − y)·x[{k + 1}] + λ·w[{k + 1}]"),
        Item(Question(f"w_{k + 1}_new", f"w[{k + 1}] after one gradient-descent step",
                      f"一步梯度下降后的 w[{k + 1}]", **_TOL), float(w[k] - lr * grad_w[k]),
             f"w[{k + 1}] − η·∂J/∂w[{k + 1}] = {fmt(float(w[k]))} − {fmt(lr)}·{fmt(float(grad_w[k]))}",
             f"w[{k + 1}] − η·∂J/∂w[{k + 1}] = {fmt(float(w[k]))} − {fmt(lr)}·{fmt(float(grad_w[k]))}"),
    ]
    extra_en = extra_zh = ""
    if level >= 3:
        items += [
            Item(Question("dJ_db", "The gradient ∂J/∂b", "梯度 ∂J/∂b", **_TOL), grad_b, "(2/n)·Σ (ŷ − y)",
                 "(2/n)·Σ (ŷ − y)"),
            Item(Question(f"w_{k + 1}_momentum", f"w[{k + 1}] after one momentum step instead",
                          f"改用动量法走一步后的 w[{k + 1}]", **_TOL),
                 float(w[k] - lr * v_new[k]),
                 f"v ← {_BETA}·v + ∂J/∂w = {fmt_list(v_new.round(4))}; w ← w − η·v",
                 f"v ← {_BETA}·v + ∂J/∂w = {fmt_list(v_new.round(4))}；w ← w − η·v"),
        ]
        extra_en = (f"\n\nMomentum: the velocity from the previous step is `v = {fmt_list(v)}`; "
                    f"the update is v ← {_BETA}·v + ∂J/∂w, then w ← w − η·v.")
        extra_zh = (f"\n\n动量法：上一步的速度为 `v = {fmt_list(v)}`；更新规则为 v ← {_BETA}·v + ∂J/∂w，"
                    "然后 w ← w − η·v。")
    table = markdown_table(("x[1]", "x[2]", "y"),
                           [(fmt(r[0]), fmt(r[1]), fmt(t)) for r, t in zip(x, y, strict=True)])
    en = (f"A linear model ŷ = w·x + b is trained on this batch of {len(y)} examples:\n\n{table}\n\n"
          f"- `w = {fmt_list(w)}`, `b = {fmt(b)}`\n- L2 regularisation `λ = {fmt(lam)}` on w only "
          f"(not on b)\n- learning rate `η = {fmt(lr)}`\n\n"
          "Loss: J = (1/n)·Σ (ŷ − y)² + (λ/2)·‖w‖². Round to 3 decimal places (answers within "
          "±0.005 or 1 % count). Indices count from 1." + extra_en)
    zh = (f"用下面这批 {len(y)} 个样本训练线性模型 ŷ = w·x + b：\n\n{table}\n\n"
          f"- `w = {fmt_list(w)}`，`b = {fmt(b)}`\n- 仅对 w 施加 L2 正则 `λ = {fmt(lam)}`（b 不正则化）\n"
          f"- 学习率 `η = {fmt(lr)}`\n\n"
          "损失：J = (1/n)·Σ (ŷ − y)² + (λ/2)·‖w‖²。结果保留 3 位小数（误差不超过 ±0.005 或 1% "
          "即算正确）。下标从 1 开始。" + extra_zh)
    return Exercise(en, zh, tuple(items))


OPTIM_FAMILY = CheckFamily(
    name="gradient-step",
    title_en="A gradient-descent step with L2 regularisation",
    title_zh="带 L2 正则的一步梯度下降",
    skills={"dl-optimizers": 2, "regularization": 2, "linear-regression": 2},
    build=build_gradient_step,
)
