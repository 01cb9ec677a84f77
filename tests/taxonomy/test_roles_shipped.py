"""The role families (岗位族) shipped in taxonomy.json.gz, built from taxonomy_src/roles.yaml."""

from __future__ import annotations

import pytest

from talentgraph.domain import Role
from talentgraph.taxonomy import Taxonomy, load_taxonomy
from talentgraph.taxonomy._load import shipped_path


def test_the_shipped_taxonomy_is_there() -> None:
    assert shipped_path().is_file(), "build it with `talentgraph taxonomy build`"

ROLE_SLUGS = {
    "llm-algorithm-engineer", "ml-research-scientist", "cv-multimodal-engineer", "ml-engineer",
    "ai-infra-engineer", "ai-application-engineer", "prompt-engineer", "data-scientist",
    "data-analyst", "data-engineer", "ai-product-manager", "software-engineer", "other",
}
LEVELS = ("L1", "L2", "L3", "L4", "L5")
SOFT_SKILLS = {"communication", "teamwork", "learning-ability", "cross-team-collaboration",
               "problem-solving", "ownership", "mentoring", "business-acumen", "presentation",
               "logical-thinking", "analytical-thinking", "customer-orientation"}


@pytest.fixture(scope="module")
def shipped() -> Taxonomy:
    return load_taxonomy(None)


@pytest.fixture(scope="module")
def roles(shipped: Taxonomy) -> dict[str, Role]:
    return dict(shipped.roles)


def test_exactly_the_thirteen_families(roles: dict[str, Role]) -> None:
    assert set(roles) == ROLE_SLUGS


def test_names_and_descriptions_bilingual(roles: dict[str, Role]) -> None:
    for role in roles.values():
        assert role.name_en and role.name_zh, role.slug
        assert role.description_en and role.description_zh, role.slug
        assert role.source == "curated"
    assert roles["llm-algorithm-engineer"].name_zh == "大模型算法工程师"
    assert roles["other"].name_zh == "其他"


def test_every_role_has_the_five_level_ladder(roles: dict[str, Role]) -> None:
    for role in roles.values():
        assert tuple(lv.level for lv in role.levels) == LEVELS, role.slug
        for lv in role.levels:
            assert lv.name_en and lv.name_zh, (role.slug, lv.level)
            assert lv.summary_en.endswith("."), (role.slug, lv.level, lv.summary_en)
            assert lv.summary_zh.endswith("。"), (role.slug, lv.level, lv.summary_zh)
        # the ladder names are the same for every family; summaries are role-specific
        assert [lv.name_zh for lv in role.levels] == ["初级", "中级", "高级", "资深专家", "首席"]
    summaries = {roles[s].levels[2].summary_en for s in ROLE_SLUGS - {"other"}}
    assert len(summaries) == len(ROLE_SLUGS) - 1


def test_skill_counts(roles: dict[str, Role]) -> None:
    for slug, role in roles.items():
        skills = [req.skill for req in role.skills]
        assert len(skills) == len(set(skills)), f"{slug}: a skill listed twice"
        if slug != "other":
            assert 10 <= len(skills) <= 25, (slug, len(skills))
    assert len(roles["other"].skills) <= 10


def test_levels_non_decreasing_in_range_and_weights(roles: dict[str, Role]) -> None:
    for role in roles.values():
        for req in role.skills:
            assert len(req.levels) == 5, (role.slug, req.skill)
            assert all(0 <= v <= 4 for v in req.levels), (role.slug, req.skill, req.levels)
            assert list(req.levels) == sorted(req.levels), (role.slug, req.skill, req.levels)
            assert req.levels[-1] > 0, f"{role.slug}: {req.skill} never required"
            assert 0 < req.weight <= 1, (role.slug, req.skill, req.weight)


def test_role_skills_are_curated_skills(shipped: Taxonomy, roles: dict[str, Role]) -> None:
    for role in roles.values():
        for req in role.skills:
            assert shipped.get(req.skill).source == "curated", (role.slug, req.skill)


def test_core_skills_outweigh_soft_skills(roles: dict[str, Role]) -> None:
    for slug, role in roles.items():
        if slug in {"other", "ai-product-manager"}:
            continue  # for a PM, communication is core
        top = max(role.skills, key=lambda req: req.weight)
        assert top.weight >= 0.9 and top.skill not in SOFT_SKILLS, (slug, top)
        for req in role.skills:
            if req.skill in SOFT_SKILLS:
                assert req.weight <= 0.5, (slug, req.skill, req.weight)
        assert any(req.skill in SOFT_SKILLS for req in role.skills), slug


def test_spot_checks(roles: dict[str, Role]) -> None:
    llm = roles["llm-algorithm-engineer"]
    assert llm.required_level("pytorch", "L3") >= 3
    assert llm.required_level("large-language-models", "L3") >= 3
    assert llm.required_level("large-language-models", "L1") < \
        llm.required_level("large-language-models", "L3")
    assert roles["data-analyst"].required_level("sql", "L1") >= 2
    assert roles["data-engineer"].required_level("spark", "L2") >= 3
    assert roles["ai-infra-engineer"].required_level("cuda", "L4") == 4
    assert roles["ai-application-engineer"].required_level("rag", "L3") >= 3
    assert roles["ai-product-manager"].required_level("prd-writing", "L1") >= 2
    assert roles["prompt-engineer"].required_level("prompt-engineering", "L3") == 4
    assert roles["data-scientist"].required_level("causal-inference", "L1") == 0
    assert roles["software-engineer"].required_level("pytorch", "L5") == 0


def test_title_keywords(roles: dict[str, Role]) -> None:
    for slug, role in roles.items():
        if slug == "other":
            assert not role.title_keywords_en and not role.title_keywords_zh
            continue
        assert role.title_keywords_en and role.title_keywords_zh, slug
    assert "大模型" in roles["llm-algorithm-engineer"].title_keywords_zh
    assert "LLM" in roles["llm-algorithm-engineer"].title_keywords_en
    assert "数仓" in roles["data-engineer"].title_keywords_zh
