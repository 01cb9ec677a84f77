"""The Taxonomy API on the fixture build: get, resolve, search, aliases, closure, occupations."""

from __future__ import annotations

import pytest

from talentgraph.errors import ParameterError, UnknownSkillError
from talentgraph.taxonomy import Alias, Taxonomy


def test_get_returns_domain_skill(fixture_taxonomy: Taxonomy) -> None:
    lora = fixture_taxonomy.get("lora")
    assert lora.name_en == "LoRA" and lora.name_zh == "LoRA低秩适配"
    assert lora.aliases_en == ("Low-Rank Adaptation",)
    assert "低秩适配" in lora.aliases_zh and "低秩適配" in lora.aliases_zh
    assert lora.prerequisites == ("fine-tuning",)
    assert fixture_taxonomy.get("python").onet == ("Python",)


def test_get_unknown_suggests(fixture_taxonomy: Taxonomy) -> None:
    with pytest.raises(UnknownSkillError, match="Did you mean 'lora'") as info:
        fixture_taxonomy.get("lorra")
    assert info.value.code == "E0301"
    with pytest.raises(UnknownSkillError, match="'rag'"):
        fixture_taxonomy.get("RAG")  # not a slug, but an alias: suggested


def test_resolve_prefers_curated_and_accepts_traditional(fixture_taxonomy: Taxonomy) -> None:
    r = fixture_taxonomy.resolve
    assert r("大模型") == "large-language-models"
    assert r("檢索增強生成") == "rag"
    assert r("fine tuning") == r("Fine-Tuning") == "fine-tuning"
    assert r("Python") == "python"  # curated beats the merged O*NET example
    assert r("Python (computer programming)") == "python-computer-programming"
    assert r("apache spark") == r("Apache-Spark")
    assert r("nonsense-xyz") is None


def test_search_curated_first_then_shorter(fixture_taxonomy: Taxonomy) -> None:
    slugs = [s.slug for s in fixture_taxonomy.search("python")]
    assert slugs[0] == "python"
    assert "python-computer-programming" in slugs
    # exact key match first, then the shorter curated name containing the term
    assert [s.slug for s in fixture_taxonomy.search("微调")] == ["fine-tuning"]
    assert [s.slug for s in fixture_taxonomy.search("低秩")] == ["lora"]
    assert fixture_taxonomy.search("team", limit=1)[0].source == "esco"
    assert fixture_taxonomy.search("zzzz-nothing") == []
    with pytest.raises(ParameterError, match="'limit' parameter"):
        fixture_taxonomy.search("x", limit=0)


def test_iter_aliases_carries_flags(fixture_taxonomy: Taxonomy) -> None:
    aliases = {(a.slug, a.text): a for a in fixture_taxonomy.iter_aliases()}
    assert aliases[("go-lang", "Go")] == Alias("Go", "go-lang", "en", False, True, "curated")
    assert aliases[("go-lang", "Golang")].is_exact
    assert aliases[("design", "design")].is_exact is False
    assert aliases[("rag", "檢索增強生成")].language == "zh"


def test_prerequisites_closure_in_learning_order(fixture_taxonomy: Taxonomy) -> None:
    assert fixture_taxonomy.prerequisites_closure("lora") == ["large-language-models",
                                                              "fine-tuning"]
    assert fixture_taxonomy.prerequisites_closure("large-language-models") == []


def test_roles_categories_occupations(fixture_taxonomy: Taxonomy) -> None:
    role = fixture_taxonomy.roles["llm-engineer"]
    assert role.required_level("fine-tuning", "L3") == 3
    assert [c.id for c in fixture_taxonomy.category_path("ai/llm")] == ["ai", "ai/llm"]
    assert fixture_taxonomy.categories["ai/llm"].name_zh == "大模型"
    csco = fixture_taxonomy.occupations("csco")
    assert csco[0].code == "2-02-38-01" and "大模型工程师" in csco[0].aliases
    with pytest.raises(ParameterError):
        fixture_taxonomy.occupations("isco")
