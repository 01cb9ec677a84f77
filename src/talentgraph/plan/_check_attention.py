"""Check family ``attention-cost``: shapes, score-matrix size, QKᵀ FLOPs and (level 3) the
KV-cache size of multi-head attention."""

from __future__ import annotations

from talentgraph.plan._check_base import (
    CheckFamily,
    Draw,
    Exercise,
    Item,
    Question,
    choices_from,
    key_of,
)

__all__ = ["ATTENTION_FAMILY"]

_EXACT = {"abs_tol": 0.5}
_DTYPES = (("fp16", 2), ("bf16", 2), ("fp32", 4), ("int8", 1))
_TIMES_FOUR = "×4"
_GROWTH = (("×2", "×2"), (_TIMES_FOUR, "×4"), ("×8", "×8"), ("×1 (unchanged)", "×1（不变）"))
_MIB = 2**20


def build_attention(draw: Draw, level: int) -> Exercise:
    """Q shape, score elements, QKᵀ FLOPs, quadratic growth; level 3 adds the GQA KV cache."""
    b, h = draw.choice((1, 2, 4, 8, 16, 32)), draw.choice((4, 8, 12, 16, 24, 32))
    d_head, t = draw.choice((32, 64, 96, 128)), 128 * draw.integer(1, 64)
    d_model = h * d_head
    growth = choices_from(draw, _GROWTH)
    scores, flops = b * h * t * t, 2 * b * h * t * t * d_head
    items = [
        Item(Question("q_shape", "Shape of Q in one layer after splitting into heads, as "
                      "(batch, heads, seq_len, head_dim)",
                      "一层中拆分为多头后 Q 的形状，按 (batch, heads, seq_len, head_dim) 写",
                      kind="text"), f"({b}, {h}, {t}, {d_head})",
             f"head_dim = d_model / H = {d_model} / {h} = {d_head}",
             f"head_dim = d_model / H = {d_model} / {h} = {d_head}"),
        Item(Question("score_elements", "Elements of the attention score matrix QKᵀ of one layer "
                      "(whole batch, all heads)", "一层的注意力得分矩阵 QKᵀ 的元素个数（整个 batch、所有头）",
                      **_EXACT), float(scores),
             f"B·H·T·T = {b}·{h}·{t}·{t}", f"B·H·T·T = {b}·{h}·{t}·{t}"),
        Item(Question("qk_flops", "FLOPs to compute QKᵀ in one layer (a multiply-add counts as 2)",
                      "一层计算 QKᵀ 的浮点运算次数（一次乘加算 2 次）", **_EXACT), float(flops),
             f"2·B·H·T·T·head_dim = 2·{b}·{h}·{t}·{t}·{d_head}",
             f"2·B·H·T·T·head_dim = 2·{b}·{h}·{t}·{t}·{d_head}"),
        Item(Question("growth", "If the sequence length doubles, the memory of the score matrix "
                      "is multiplied by", "若序列长度翻倍，得分矩阵占用的内存变为原来的",
                      kind="choice", choices=growth), key_of(growth, _TIMES_FOUR),
             "The score matrix is T×T per head: doubling T multiplies it by 4.",
             "每个头的得分矩阵是 T×T，T 翻倍则元素数变为 4 倍。"),
    ]
    extra_en = extra_zh = ""
    if level >= 3:
        layers = draw.choice((12, 16, 24, 28, 32, 40, 48, 60, 80))
        kv_heads = draw.choice([d for d in range(1, h) if h % d == 0])
        dtype, size = draw.choice(_DTYPES)
        cache = 2 * layers * b * t * kv_heads * d_head * size
        items.append(Item(
            Question("kv_cache_mib", "KV cache of the whole model for this batch and sequence "
                     "length, in MiB (1 MiB = 2²⁰ bytes)",
                     "整个模型在此 batch 与序列长度下的 KV 缓存大小，单位 MiB（1 MiB = 2²⁰ 字节）",
                     rel_tol=0.01, unit="MiB"), cache / _MIB,
            f"2 (K and V)·layers·B·T·H_kv·head_dim·bytes = 2·{layers}·{b}·{t}·{kv_heads}·"
            f"{d_head}·{size} = {cache} bytes",
            f"2（K 和 V）·层数·B·T·H_kv·head_dim·字节数 = 2·{layers}·{b}·{t}·{kv_heads}·"
            f"{d_head}·{size} = {cache} 字节"))
        extra_en = (f"- `layers = {layers}`\n- grouped-query attention: `H_kv = {kv_heads}` key/value "
                    f"heads shared by the {h} query heads\n- the cache is stored in `{dtype}` "
                    f"({size} byte{'s' if size > 1 else ''} per value)\n")
        extra_zh = (f"- `layers = {layers}`\n- 分组查询注意力（GQA）：`H_kv = {kv_heads}` 个 K/V 头，"
                    f"由 {h} 个查询头共享\n- 缓存以 `{dtype}` 存储（每个数值 {size} 字节）\n")
    en = ("A decoder-only transformer runs multi-head self-attention with:\n\n"
          f"- batch size `B = {b}`\n- sequence length `T = {t}`\n"
          f"- model width `d_model = {d_model}` split over `H = {h}` heads\n" + extra_en +
          "\nGive exact counts (plain integers such as 1048576 or 1.048576e6)"
          + (" and the cache size to 1 %." if level >= 3 else "."))
    zh = ("一个仅解码器（decoder-only）的 Transformer 做多头自注意力，配置如下：\n\n"
          f"- 批大小 `B = {b}`\n- 序列长度 `T = {t}`\n"
          f"- 模型宽度 `d_model = {d_model}`，分成 `H = {h}` 个头\n" + extra_zh +
          "\n计数题请给出精确值（如 1048576 或 1.048576e6）"
          + ("，缓存大小误差不超过 1%。" if level >= 3 else "。"))
    return Exercise(en, zh, tuple(items))


ATTENTION_FAMILY = CheckFamily(
    name="attention-cost",
    title_en="Attention shapes and costs",
    title_zh="注意力的张量形状与计算开销",
    skills={"attention-mechanism": 2, "transformer": 3, "large-language-models": 3,
            "kv-cache": 3},
    build=build_attention,
)
