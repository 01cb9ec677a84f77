"""The exact matcher's boundary and context rules, on a small hand-made alias list."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from talentgraph.extract import SkillMatcher


@dataclass(frozen=True)
class A:
    text: str
    slug: str
    is_exact: bool = True
    is_ambiguous: bool = False
    source: str = "curated"
    language: str = "en"


ALIASES = [
    A("Python", "python"), A("PyTorch", "pytorch"), A("深度学习", "deep-learning"),
    A("deep learning", "deep-learning"), A("C", "c"), A("C++", "cpp"), A("C#", "csharp"),
    A("Java", "java"), A("JavaScript", "javascript"), A("Go", "go", False, True),
    A("Golang", "go"), A("R", "r", False, True), A("SQL", "sql"), A("fine-tuning", "fine-tuning"),
    A("微调", "fine-tuning"), A("大模型", "large-language-models"), A("LLM", "large-language-models"),
    A("TensorRT", "tensorrt"), A("TensorRT-LLM", "tensorrt-llm"), A("machine learning", "ml"),
    A("project management", "project-management", source="esco"),
    A("project management", "pm-curated"),
    A("write", "write", False, True, source="esco"),
]


@pytest.fixture(scope="module")
def matcher() -> SkillMatcher:
    return SkillMatcher().fit(ALIASES, context_slugs={"python", "sql", "java", "cpp"})


def slugs(matcher: SkillMatcher, text: str) -> list[str]:
    return [m.slug for m in matcher.find(text)]


def test_go_is_not_in_google(matcher: SkillMatcher) -> None:
    assert slugs(matcher, "We work at Google on search.") == []


def test_go_with_programming_context(matcher: SkillMatcher) -> None:
    assert slugs(matcher, "Backend in Go and Python.") == ["go", "python"]


def test_go_without_context_and_lowercase(matcher: SkillMatcher) -> None:
    assert slugs(matcher, "Ready to go the extra mile.") == []
    assert slugs(matcher, "Go to market with the sales team.") == []


def test_c_is_not_cpp_or_csharp(matcher: SkillMatcher) -> None:
    assert slugs(matcher, "C++ and C# and C.") == ["cpp", "csharp", "c"]
    assert slugs(matcher, "Objective-C developer") == []
    assert slugs(matcher, "C-level executives") == []


def test_r_needs_language_context(matcher: SkillMatcher) -> None:
    assert slugs(matcher, "Python, R, SQL") == ["python", "r", "sql"]
    assert slugs(matcher, "Our R&D team") == []
    assert slugs(matcher, "Section R of the form") == []


def test_java_is_not_javascript(matcher: SkillMatcher) -> None:
    assert slugs(matcher, "JavaScript only") == ["javascript"]


def test_chinese_after_latin_gives_both(matcher: SkillMatcher) -> None:
    text = "熟悉PyTorch深度学习框架"
    found = matcher.find(text)
    assert [(m.slug, text[m.start:m.end]) for m in found] == [
        ("pytorch", "PyTorch"), ("deep-learning", "深度学习")]


def test_spelling_variants(matcher: SkillMatcher) -> None:
    assert slugs(matcher, "experience with fine tuning and finetuning") == [
        "fine-tuning", "fine-tuning"]
    assert slugs(matcher, "machine-learning models") == ["ml"]


def test_longest_match_wins(matcher: SkillMatcher) -> None:
    assert slugs(matcher, "deploy with TensorRT-LLM") == ["tensorrt-llm"]


def test_curated_beats_esco_on_same_alias(matcher: SkillMatcher) -> None:
    assert slugs(matcher, "strong project management") == ["pm-curated"]


def test_spans_point_at_the_surface(matcher: SkillMatcher) -> None:
    text = "有LLM微调经验"
    assert [(text[m.start:m.end], m.slug) for m in matcher.find(text)] == [
        ("LLM", "large-language-models"), ("微调", "fine-tuning")]


def test_empty_matcher_and_text() -> None:
    assert SkillMatcher().fit([]).find("Python") == []
    assert SkillMatcher().fit(ALIASES).find("") == []


def test_ambiguous_esco_words_are_not_matched(matcher: SkillMatcher) -> None:
    assert slugs(matcher, "You write Python daily.") == ["python"]


def test_a_skill_named_at_the_edge_of_a_longer_alias_is_kept() -> None:
    aliases = [A("SQL", "sql"), A("SQL取数", "sql-reporting"), A("Hive SQL", "hive"),
               A("TensorRT", "tensorrt"), A("TensorRT-LLM", "tensorrt-llm"),
               A("LLM", "large-language-models")]
    matcher = SkillMatcher().fit(aliases)
    assert sorted(slugs(matcher, "熟悉SQL取数")) == ["sql", "sql-reporting"]
    assert slugs(matcher, "Hive SQL tuning") == ["hive"]  # one script: no split
    assert slugs(matcher, "deploy with TensorRT-LLM") == ["tensorrt-llm"]


def test_american_and_british_spellings_both_match() -> None:
    matcher = SkillMatcher().fit([A("direct preference optimisation", "dpo"),
                                  A("data visualization", "dataviz")])
    assert slugs(matcher, "direct preference optimization (DPO)") == ["dpo"]
    assert slugs(matcher, "data visualisation") == ["dataviz"]


def test_cached_matcher_is_reused_and_equivalent(tmp_path) -> None:
    from talentgraph.extract._matcher import load_or_fit_matcher

    first = load_or_fit_matcher(ALIASES, context_slugs={"python"}, cache_dir=tmp_path)
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    again = load_or_fit_matcher(ALIASES, context_slugs={"python"}, cache_dir=tmp_path)
    assert again is not first
    text = "Backend in Go and Python; C++ and 深度学习"
    assert again.find(text) == first.find(text)
    # other aliases: another cache file
    load_or_fit_matcher(ALIASES[:3], context_slugs={"python"}, cache_dir=tmp_path)
    assert len(list(tmp_path.iterdir())) == 2
