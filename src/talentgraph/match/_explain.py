"""A short explanation of a ``MatchResult`` in English or Chinese.

    Covers 7 of 9 skills asked (RAG at 3/3, PyTorch at 2/3, …); missing: Kubernetes.
    Experience 5.5 y (asks 3+). Degree: master (asks bachelor+). Work similarity to the job: 78%.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from talentgraph.errors import ParameterError
from talentgraph.match._result import MatchResult, SkillMatch

__all__ = ["LANGUAGES", "explain"]

#: Languages of explanations.
LANGUAGES = ("en", "zh")
_LISTED = 5
_DEGREES_ZH = {"none": "无学历要求", "associate": "大专", "bachelor": "本科", "master": "硕士",
               "phd": "博士"}


@lru_cache(maxsize=4096)
def _skill_name(slug: str, lang: str) -> str:
    from talentgraph.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    if slug not in taxonomy:
        return slug
    skill = taxonomy.get(slug)
    return (skill.name_zh or skill.name_en) if lang == "zh" else skill.name_en


def _levels(skills: Sequence[SkillMatch], lang: str) -> str:
    at = " " if lang == "zh" else " at "
    shown = [f"{_skill_name(s.slug, lang)}{at}{s.level}/{s.target}" for s in skills[:_LISTED]]
    if len(skills) > _LISTED:
        shown.append("…")
    return ("、" if lang == "zh" else ", ").join(shown)


def _names(skills: Sequence[SkillMatch], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(_skill_name(s.slug, lang) for s in skills)


def _years(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _skills_sentence(result: MatchResult, lang: str) -> str:
    covered = [*result.matched, *result.partial]
    total = len(covered) + len(result.missing)
    if lang == "zh":
        text = f"覆盖 {total} 项所需技能中的 {len(covered)} 项"
        if covered:
            text += f"（{_levels(covered, lang)}）"
        if result.missing:
            text += f"；缺少：{_names(result.missing, lang)}"
        return text + "。"
    text = f"Covers {len(covered)} of {total} skills asked"
    if covered:
        text += f" ({_levels(covered, lang)})"
    if result.missing:
        text += f"; missing: {_names(result.missing, lang)}"
    return text + "."


def _experience_sentence(result: MatchResult, lang: str) -> str:
    asks = result.min_years
    if lang == "zh":
        got = "未写明工作年限" if result.years is None else f"工作年限 {_years(result.years)} 年"
        return got + (f"（要求 {_years(asks)} 年以上）。" if asks else "。")
    got = "Experience not shown" if result.years is None else (
        f"Experience {_years(result.years)} y")
    return got + (f" (asks {_years(asks)}+)." if asks else ".")


def _education_sentence(result: MatchResult, lang: str) -> str:
    asks = result.education_min
    if lang == "zh":
        got = "未写明学历" if result.degree is None else (
            f"学历：{_DEGREES_ZH.get(result.degree, result.degree)}")
        return got + (f"（要求{_DEGREES_ZH.get(asks, asks)}及以上）。" if asks else "。")
    got = "Degree not shown" if result.degree is None else f"Degree: {result.degree}"
    return got + (f" (asks {asks}+)." if asks else ".")


def _similarity_sentence(result: MatchResult, lang: str) -> str:
    percent = round(100 * result.parts["similarity"].value)
    return f"工作经历与岗位相似度 {percent}%。" if lang == "zh" else (
        f"Work similarity to the job: {percent}%.")


def explain(result: MatchResult, lang: str = "en") -> str:
    """The explanation of ``result`` in ``lang`` ("en" or "zh"): one sentence per scored part."""
    if lang not in LANGUAGES:
        raise ParameterError.invalid("lang", "explain", f"one of {', '.join(LANGUAGES)}", lang)
    sentences = []
    builders = {"skills": _skills_sentence, "experience": _experience_sentence,
                "education": _education_sentence, "similarity": _similarity_sentence}
    for name, build in builders.items():
        part = result.parts.get(name)
        if part is not None and part.weight > 0:
            sentences.append(build(result, lang))
    return ("" if lang == "zh" else " ").join(sentences)
