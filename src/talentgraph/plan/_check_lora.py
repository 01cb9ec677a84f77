"""Check family ``lora-params``: trainable parameters (and, at level 3, training memory) of LoRA
adapters for rank r."""

from __future__ import annotations

from talentgraph.plan._check_base import CheckFamily, Draw, Exercise, Item, Question

__all__ = ["LORA_FAMILY"]

_EXACT = {"abs_tol": 0.5}
_HEAD_DIM = 128
_MIB = 2**20


_ADAPTED = ((("W_q", "W_v"), "W_q 和 W_v"), (("W_q", "W_k", "W_v"), "W_q、W_k 和 W_v"),
            (("W_q", "W_k", "W_v", "W_o"), "W_q、W_k、W_v 和 W_o"))


def _level_two(draw: Draw) -> tuple[str, str, list[Item]]:
    d = draw.choice((512, 768, 1024, 1536, 2048, 2560, 3072, 4096, 5120, 6144, 8192))
    layers = draw.choice((6, 12, 16, 24, 28, 32, 36, 40, 48, 60, 80))
    r = draw.choice((2, 4, 8, 16, 32, 64, 128))
    adapted, adapted_zh = draw.choice(_ADAPTED)
    names = ", ".join(adapted[:-1]) + " and " + adapted[-1]
    per, total = r * (d + d), r * (d + d) * len(adapted) * layers
    items = [
        Item(Question("per_matrix", "Trainable parameters of the adapter of one W_q",
                      "单个 W_q 的 LoRA 适配器的可训练参数量", **_EXACT), float(per),
             f"A is r×d_in, B is d_out×r: r·(d_in + d_out) = {r}·({d} + {d})",
             f"A 为 r×d_in，B 为 d_out×r：r·(d_in + d_out) = {r}·({d} + {d})"),
        Item(Question("total", "Trainable LoRA parameters of the whole model",
                      "整个模型的 LoRA 可训练参数总量", **_EXACT), float(total),
             f"{per} × {len(adapted)} matrices × {layers} layers",
             f"{per} × {len(adapted)} 个矩阵 × {layers} 层"),
        Item(Question("percent", "The adapter of one W_q as a percentage of W_q's own weights",
                      "单个 W_q 的适配器参数量占 W_q 本身参数量的百分比", rel_tol=0.01, unit="%"),
             100 * per / (d * d), f"100·{per} / ({d}·{d})", f"100·{per} / ({d}·{d})"),
    ]
    en = (f"A transformer has `d_model = {d}` and `layers = {layers}`. LoRA of rank `r = {r}` is "
          f"applied to the attention projections {names} (each {d}×{d}) of every layer; "
          "the base weights are frozen and biases are not trained.\n\n"
          "Give exact parameter counts and the percentage to 1 %.")
    zh = (f"一个 Transformer 的 `d_model = {d}`，`layers = {layers}`。在每一层的注意力投影 {adapted_zh}"
          f"（均为 {d}×{d}）上施加秩为 `r = {r}` 的 LoRA；基座权重冻结，不训练偏置。\n\n"
          "参数量请给出精确值，百分比误差不超过 1%。")
    return en, zh, items


def _level_three(draw: Draw) -> tuple[str, str, list[Item]]:
    d, layers = draw.choice((2048, 2560, 4096, 5120)), draw.choice((24, 32, 40, 48))
    r, heads = draw.choice((8, 16, 32, 64)), d // _HEAD_DIM
    kv_heads = draw.choice([h for h in range(1, heads) if heads % h == 0])
    d_kv, d_ff = kv_heads * _HEAD_DIM, d * draw.choice((2, 3, 4))
    per_k = r * (d + d_kv)
    per_layer = 2 * r * (d + d) + 2 * per_k + 2 * r * (d + d_ff)
    total = per_layer * layers
    items = [
        Item(Question("per_matrix_k", "Trainable parameters of the adapter of one W_k",
                      "单个 W_k 的 LoRA 适配器的可训练参数量", **_EXACT), float(per_k),
             f"W_k is {d_kv}×{d}: r·(d_in + d_out) = {r}·({d} + {d_kv})",
             f"W_k 为 {d_kv}×{d}：r·(d_in + d_out) = {r}·({d} + {d_kv})"),
        Item(Question("per_layer", "Trainable LoRA parameters of one layer",
                      "一层的 LoRA 可训练参数量", **_EXACT), float(per_layer),
             f"q, o: 2·{r}·({d} + {d}); k, v: 2·{per_k}; up, down: 2·{r}·({d} + {d_ff})",
             f"q、o：2·{r}·({d} + {d})；k、v：2·{per_k}；up、down：2·{r}·({d} + {d_ff})"),
        Item(Question("total", "Trainable LoRA parameters of the whole model",
                      "整个模型的 LoRA 可训练参数总量", **_EXACT), float(total),
             f"{per_layer} × {layers} layers", f"{per_layer} × {layers} 层"),
        Item(Question("train_state_mib", "Memory of the adapters' weights, gradients and Adam "
                      "states in fp32, in MiB (1 MiB = 2²⁰ bytes)",
                      "适配器的权重、梯度和 Adam 状态（均为 fp32）占用的内存，单位 MiB（1 MiB = 2²⁰ 字节）",
                      rel_tol=0.01, unit="MiB"), total * 16 / _MIB,
             f"4 bytes × (weight + gradient + Adam m + Adam v) = 16 bytes per parameter: "
             f"{total}·16 / 2²⁰",
             f"每个参数 4 字节 ×（权重 + 梯度 + Adam m + Adam v）= 16 字节：{total}·16 / 2²⁰"),
    ]
    en = (f"A transformer has `d_model = {d}`, `layers = {layers}`, {heads} query heads of "
          f"dimension {_HEAD_DIM} and grouped-query attention with `H_kv = {kv_heads}` key/value "
          f"heads, so W_q and W_o are {d}×{d} while W_k and W_v are {d_kv}×{d}. The MLP has "
          f"`d_ff = {d_ff}` with an up projection ({d_ff}×{d}) and a down projection ({d}×{d_ff}), "
          f"no gate. LoRA of rank `r = {r}` is applied to W_q, W_k, W_v, W_o, up and down in every "
          "layer; biases are not trained.\n\nGive exact parameter counts and the memory to 1 %.")
    zh = (f"一个 Transformer 的 `d_model = {d}`，`layers = {layers}`，有 {heads} 个维度为 "
          f"{_HEAD_DIM} 的查询头，并使用分组查询注意力，`H_kv = {kv_heads}` 个 K/V 头，因此 W_q、W_o 为 "
          f"{d}×{d}，W_k、W_v 为 {d_kv}×{d}。MLP 的 `d_ff = {d_ff}`，包含上投影（{d_ff}×{d}）和下投影"
          f"（{d}×{d_ff}），没有门控。在每一层的 W_q、W_k、W_v、W_o、up、down 上施加秩为 `r = {r}` 的 "
          "LoRA，不训练偏置。\n\n参数量请给出精确值，内存误差不超过 1%。")
    return en, zh, items


def build_lora(draw: Draw, level: int) -> Exercise:
    """LoRA on W_q/W_v (level 2) or on attention and MLP with GQA shapes (level 3)."""
    en, zh, items = _level_two(draw) if level < 3 else _level_three(draw)
    return Exercise(en, zh, tuple(items))


LORA_FAMILY = CheckFamily(
    name="lora-params",
    title_en="LoRA parameter count",
    title_zh="LoRA 参数量计算",
    skills={"lora": 2, "peft": 2, "qlora": 2},
    build=build_lora,
)
