"""Check family ``conv-shape``: output shape, parameters and (level 3) MACs of a 2-D convolution."""

from __future__ import annotations

from talentgraph.plan._check_base import CheckFamily, Draw, Exercise, Item, Question

__all__ = ["CONV_FAMILY"]

_EXACT = {"abs_tol": 0.5}


def _out(size: int, kernel: int, stride: int, padding: int) -> int:
    return (size + 2 * padding - kernel) // stride + 1


def build_conv(draw: Draw, level: int) -> Exercise:
    """Output height and width and the parameter count; level 3 adds MACs and a max-pool."""
    height = draw.integer(16, 256)
    width = height if draw.integer(0, 1) else draw.integer(16, 256)
    c_in, c_out = draw.choice((1, 3, 16, 32, 64, 128)), draw.choice((8, 16, 32, 64, 128, 256))
    k, s, p = draw.choice((1, 3, 5, 7)), draw.choice((1, 2)), draw.integer(0, 3)
    h_out, w_out = _out(height, k, s, p), _out(width, k, s, p)
    rule = f"⌊(size + 2·{p} − {k}) / {s}⌋ + 1"
    items = [
        Item(Question("h_out", "Output height", "输出高度", **_EXACT), float(h_out),
             f"{rule} = ⌊({height} + {2 * p} − {k}) / {s}⌋ + 1",
             f"{rule} = ⌊({height} + {2 * p} − {k}) / {s}⌋ + 1"),
        Item(Question("w_out", "Output width", "输出宽度", **_EXACT), float(w_out),
             f"{rule} = ⌊({width} + {2 * p} − {k}) / {s}⌋ + 1",
             f"{rule} = ⌊({width} + {2 * p} − {k}) / {s}⌋ + 1"),
        Item(Question("params", "Trainable parameters of the layer (weights and biases)",
                      "该层的可训练参数量（权重加偏置）", **_EXACT),
             float(k * k * c_in * c_out + c_out),
             f"k·k·C_in·C_out + C_out = {k}·{k}·{c_in}·{c_out} + {c_out}",
             f"k·k·C_in·C_out + C_out = {k}·{k}·{c_in}·{c_out} + {c_out}"),
    ]
    if level >= 3:
        macs = h_out * w_out * c_out * k * k * c_in
        items += [
            Item(Question("macs", "Multiply-accumulate operations (MACs) of the layer for one "
                          "image, biases excluded", "该层处理一张图片的乘加次数（MACs，不计偏置）",
                          **_EXACT), float(macs),
                 f"H_out·W_out·C_out·k·k·C_in = {h_out}·{w_out}·{c_out}·{k}·{k}·{c_in}",
                 f"H_out·W_out·C_out·k·k·C_in = {h_out}·{w_out}·{c_out}·{k}·{k}·{c_in}"),
            Item(Question("pool_h", "Height after a following 2×2 max-pool with stride 2",
                          "其后接一个 2×2、步幅为 2 的最大池化后的高度", **_EXACT),
                 float((h_out - 2) // 2 + 1), f"⌊({h_out} − 2) / 2⌋ + 1",
                 f"⌊({h_out} − 2) / 2⌋ + 1"),
        ]
    en = (f"An input image of height `H = {height}`, width `W = {width}` and `C_in = {c_in}` "
          f"channels goes through a 2-D convolution with `C_out = {c_out}` filters of size "
          f"`{k}×{k}`, stride `{s}` and zero padding `{p}` on every side (with bias). Sizes round "
          "down (floor), as in PyTorch. Give exact integers.")
    zh = (f"一张高 `H = {height}`、宽 `W = {width}`、通道数 `C_in = {c_in}` 的输入图像经过一个二维卷积层："
          f"`C_out = {c_out}` 个 `{k}×{k}` 卷积核，步幅 `{s}`，四周各补 `{p}` 圈零（含偏置）。"
          "尺寸向下取整（与 PyTorch 一致）。请给出精确整数。")
    return Exercise(en, zh, tuple(items))


CONV_FAMILY = CheckFamily(
    name="conv-shape",
    title_en="Convolution output shape and cost",
    title_zh="卷积层的输出形状与计算量",
    skills={"cnn": 2, "computer-vision": 2},
    build=build_conv,
)
