"""Check family ``mlp-pass``: the forward and backward pass of a 2-3 input, 2 hidden unit network."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from talentgraph.plan._check_base import CheckFamily, Draw, Exercise, Item, Question, fmt, fmt_list

__all__ = ["NETWORK_FAMILY"]

_TOL = {"abs_tol": 0.005, "rel_tol": 0.01}
_ACT = {
    "relu": ("**ReLU**, h = max(0, z)", "**ReLU**，h = max(0, z)"),
    "sigmoid": ("**sigmoid**, h = σ(z) = 1 / (1 + e^(−z))", "**sigmoid**，h = σ(z) = 1 / (1 + e^(−z))"),
}
_LOSS = {
    "mse": ("**linear output, squared error**: ŷ = w2·h + b2, L = ½(ŷ − y)²",
            "**线性输出，平方误差**：ŷ = w2·h + b2，L = ½(ŷ − y)²"),
    "bce": ("**sigmoid output, binary cross-entropy**: ŷ = σ(w2·h + b2), "
            "L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)]",
            "**sigmoid 输出，二元交叉熵**：ŷ = σ(w2·h + b2)，L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)]"),
}


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


@dataclass(frozen=True, slots=True)
class _Net:
    act: str
    loss: str
    x: list[float]
    w1: list[list[float]]
    b1: list[float]
    w2: list[float]
    b2: float
    y: float


@dataclass(frozen=True, slots=True)
class _Pass:
    z1: np.ndarray
    h: np.ndarray
    y_hat: float
    loss: float
    delta: float  # dL/d(w2·h + b2)
    dw2: np.ndarray
    delta1: np.ndarray  # dL/dz1
    dw1: np.ndarray


def _draw_network(draw: Draw) -> _Net:
    n_in = draw.integer(2, 3)
    act, loss = draw.choice(("relu", "sigmoid")), draw.choice(("mse", "bce"))
    return _Net(
        act=act, loss=loss,
        x=[draw.step(-2, 2, 0.5, nonzero=True) for _ in range(n_in)],
        w1=[[draw.step(-1, 1, 0.1, nonzero=True) for _ in range(n_in)] for _ in range(2)],
        b1=[draw.step(-0.5, 0.5, 0.1) for _ in range(2)],
        w2=[draw.step(-1.5, 1.5, 0.1, nonzero=True) for _ in range(2)],
        b2=draw.step(-0.5, 0.5, 0.1),
        y=draw.step(-1, 2, 0.5) if loss == "mse" else float(draw.integer(0, 1)),
    )


def _solve(net: _Net) -> _Pass:
    """The forward values and every gradient of ``net``."""
    x, w2 = np.array(net.x), np.array(net.w2)
    z1 = np.array(net.w1) @ x + np.array(net.b1)
    h = np.maximum(z1, 0.0) if net.act == "relu" else _sigmoid(z1)
    dh_dz = (z1 > 0).astype(float) if net.act == "relu" else h * (1 - h)
    z2 = float(w2 @ h) + net.b2
    if net.loss == "mse":
        y_hat = z2
        loss = 0.5 * (y_hat - net.y) ** 2
    else:
        y_hat = float(_sigmoid(np.array(z2)))
        loss = float(-(net.y * np.log(y_hat) + (1 - net.y) * np.log(1 - y_hat)))
    delta = y_hat - net.y  # the same for both output/loss pairs
    delta1 = delta * w2 * dh_dz
    return _Pass(z1=z1, h=h, y_hat=y_hat, loss=loss, delta=delta, dw2=delta * h,
                 delta1=delta1, dw1=np.outer(delta1, x))


def _pick(draw: Draw, level: int) -> tuple[_Net, _Pass, int, int, int]:
    """A network whose asked gradients are clearly non-zero (no ReLU kink near the input)."""
    for _ in range(500):
        net = _draw_network(draw)
        sol = _solve(net)
        active = [i for i in range(2) if sol.h[i] > 0]
        if np.min(np.abs(sol.z1)) < 0.1 or not active or abs(sol.delta) < 0.1:
            continue
        k, i, j = draw.choice(active), draw.choice(active), draw.integer(0, len(net.x) - 1)
        asked = [float(sol.dw2[k])] + ([float(sol.dw1[i, j])] if level >= 3 else [])
        if min(abs(v) for v in asked) >= 0.02:
            return net, sol, k, i, j
    raise RuntimeError("no well-conditioned network drawn")  # pragma: no cover


def _prompts(net: _Net) -> tuple[str, str]:
    w1 = "[" + ", ".join(fmt_list(row) for row in net.w1) + "]"
    values = (f"- `x = {fmt_list(net.x)}`", f"- `W1 = {w1}`", f"- `b1 = {fmt_list(net.b1)}`",
              f"- `w2 = {fmt_list(net.w2)}`", f"- `b2 = {fmt(net.b2)}`", f"- `y = {fmt(net.y)}`")
    act_en, act_zh = _ACT[net.act]
    loss_en, loss_zh = _LOSS[net.loss]
    en = "\n".join((
        f"A small network with {len(net.x)} inputs, one hidden layer of 2 units and one output "
        "unit.", "",
        values[0] + " (the input)", values[1] + " (row i holds the weights of hidden unit i)",
        *values[2:5], values[5] + " (the target)",
        f"- Hidden activation: {act_en}", f"- Output and loss: {loss_en}", "",
        "Forward pass: z = W1·x + b1, h = act(z). Compute the values asked below and round them "
        "to 3 decimal places (answers within ±0.005 or 1 % count). Indices count from 1."))
    zh = "\n".join((
        f"一个小型神经网络：{len(net.x)} 个输入，一个含 2 个神经元的隐藏层，1 个输出单元。", "",
        values[0] + "（输入）", values[1] + "（第 i 行是第 i 个隐藏单元的权重）",
        *values[2:5], values[5] + "（目标值）",
        f"- 隐藏层激活函数：{act_zh}", f"- 输出与损失：{loss_zh}", "",
        "前向传播：z = W1·x + b1，h = act(z)。请计算下列各值，保留 3 位小数"
        "（与正确值相差不超过 ±0.005 或 1% 即算正确）。下标从 1 开始。"))
    return en, zh


def build_network(draw: Draw, level: int) -> Exercise:
    """The output, the loss and one (level 2) or two (level 3) gradients of a small network."""
    net, sol, k, i, j = _pick(draw, level)
    forward = f"z = W1·x + b1 = {fmt_list(sol.z1.round(4))}, h = {fmt_list(sol.h.round(4))}"
    items = [
        Item(Question("y_hat", "ŷ, the network's output", "网络输出 ŷ", **_TOL), sol.y_hat,
             f"{forward}, ŷ = {fmt(sol.y_hat)}", f"{forward}，ŷ = {fmt(sol.y_hat)}"),
        Item(Question("loss", "The loss L", "损失 L", **_TOL), sol.loss,
             f"ŷ = {fmt(sol.y_hat)}, L = {fmt(sol.loss)}", f"ŷ = {fmt(sol.y_hat)}，L = {fmt(sol.loss)}"),
        Item(Question(f"dL_dw2_{k + 1}", f"The gradient ∂L/∂w2[{k + 1}]",
                      f"梯度 ∂L/∂w2[{k + 1}]", **_TOL),
             float(sol.dw2[k]),
             f"δ = ∂L/∂(w2·h + b2) = ŷ − y = {fmt(sol.delta)}; ∂L/∂w2[{k + 1}] = δ·h[{k + 1}]",
             f"δ = ∂L/∂(w2·h + b2) = ŷ − y = {fmt(sol.delta)}；∂L/∂w2[{k + 1}] = δ·h[{k + 1}]"),
    ]
    if level >= 3:
        name, dz = f"W1[{i + 1},{j + 1}]", fmt(float(sol.delta1[i]))
        chain = f"∂L/∂z[{i + 1}] = δ·w2[{i + 1}]·act′(z[{i + 1}]) = {dz}"
        items.append(Item(
            Question(f"dL_dW1_{i + 1}_{j + 1}", f"The gradient ∂L/∂{name}", f"梯度 ∂L/∂{name}",
                     **_TOL),
            float(sol.dw1[i, j]),
            f"{chain}; ∂L/∂{name} = ∂L/∂z[{i + 1}]·x[{j + 1}]",
            f"{chain}；∂L/∂{name} = ∂L/∂z[{i + 1}]·x[{j + 1}]"))
    en, zh = _prompts(net)
    return Exercise(en, zh, tuple(items))


NETWORK_FAMILY = CheckFamily(
    name="mlp-pass",
    title_en="Forward and backward pass of a small network",
    title_zh="小型神经网络的前向与反向传播",
    skills={"neural-networks": 2, "backpropagation": 3, "deep-learning": 2},
    build=build_network,
)
