"""Check family ``bayes-rule``: the posterior of a detector's alarm from its base rate,
sensitivity and false-positive rate."""

from __future__ import annotations

from talentgraph.plan._check_base import CheckFamily, Draw, Exercise, Item, Question, fmt

__all__ = ["BAYES_FAMILY"]

_TOL = {"abs_tol": 1e-5, "rel_tol": 0.01}


def build_bayes(draw: Draw, level: int) -> Exercise:
    """P(alarm), P(fraud | alarm), P(fraud | no alarm); level 3 adds a second, independent alarm."""
    prior = draw.step(0.005, 0.2, 0.005)
    sens, fpr = draw.step(0.8, 0.99, 0.01), draw.step(0.01, 0.2, 0.01)
    alarm = sens * prior + fpr * (1 - prior)
    post = sens * prior / alarm
    miss = (1 - sens) * prior / (1 - alarm)
    items = [
        Item(Question("p_alarm", "P(alarm): the share of transactions flagged",
                      "P(报警)：被标记的交易所占比例", **_TOL), alarm,
             f"P(A) = sens·π + FPR·(1 − π) = {fmt(sens)}·{fmt(prior)} + {fmt(fpr)}·{fmt(1 - prior)}",
             f"P(A) = 灵敏度·π + 误报率·(1 − π) = {fmt(sens)}·{fmt(prior)} + {fmt(fpr)}·{fmt(1 - prior)}"),
        Item(Question("p_fraud_given_alarm", "P(fraud | alarm)", "P(欺诈 | 报警)", **_TOL), post,
             f"Bayes: sens·π / P(A) = {fmt(sens * prior, 6)} / {fmt(alarm, 6)}",
             f"贝叶斯公式：灵敏度·π / P(A) = {fmt(sens * prior, 6)} / {fmt(alarm, 6)}"),
        Item(Question("p_fraud_given_no_alarm", "P(fraud | no alarm)", "P(欺诈 | 未报警)", **_TOL),
             miss, f"(1 − sens)·π / (1 − P(A)) = {fmt((1 - sens) * prior, 6)} / {fmt(1 - alarm, 6)}",
             f"(1 − 灵敏度)·π / (1 − P(A)) = {fmt((1 - sens) * prior, 6)} / {fmt(1 - alarm, 6)}"),
    ]
    extra_en = extra_zh = ""
    if level >= 3:
        twice = sens * post / (sens * post + fpr * (1 - post))
        items.append(Item(
            Question("p_fraud_given_two_alarms", "P(fraud | alarm from both detectors)",
                     "P(欺诈 | 两个检测器都报警)", **_TOL), twice,
            "Use P(fraud | first alarm) as the new prior and apply Bayes' rule again.",
            "以 P(欺诈 | 第一次报警) 作为新的先验，再用一次贝叶斯公式。"))
        extra_en = ("\n\nA second detector with the same sensitivity and false-positive rate, whose "
                    "errors are independent of the first one's given the truth, is run as well.")
        extra_zh = "\n\n另有一个灵敏度和误报率都相同的检测器，在给定真实情况时其判断与第一个相互独立，也对交易做了检测。"
    en = (f"`{fmt(prior * 100)}%` of transactions are fraudulent. A fraud detector raises an alarm "
          f"for `{fmt(sens * 100)}%` of fraudulent transactions (its sensitivity) and, wrongly, for "
          f"`{fmt(fpr * 100)}%` of legitimate ones (its false-positive rate).{extra_en}\n\n"
          "Give each probability as a number between 0 and 1 with 3 significant digits "
          "(within 1 % counts).")
    zh = (f"有 `{fmt(prior * 100)}%` 的交易是欺诈交易。某欺诈检测器对 `{fmt(sens * 100)}%` 的欺诈交易"
          f"报警（灵敏度），同时会对 `{fmt(fpr * 100)}%` 的正常交易误报（误报率）。{extra_zh}\n\n"
          "各概率请写成 0 到 1 之间的小数，保留 3 位有效数字（相对误差 1% 以内即算正确）。")
    return Exercise(en, zh, tuple(items))


BAYES_FAMILY = CheckFamily(
    name="bayes-rule",
    title_en="Bayes' rule for a detector's alarm",
    title_zh="用贝叶斯公式分析检测器报警",
    skills={"bayesian-methods": 2, "probability-theory": 2},
    build=build_bayes,
)
