"""Openings: the spec's validation, the YAML schema, and extraction from a pasted description."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentgraph.errors import BadRecordError, FileNotFoundInputError, ParameterError
from talentgraph.match import (
    OpeningSpec,
    SkillRequirement,
    opening_from_text,
    opening_from_yaml,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "match"


def test_spec_and_requirement_validation() -> None:
    with pytest.raises(ParameterError, match="The 'level' parameter of SkillRequirement"):
        SkillRequirement("rag", 5)
    with pytest.raises(ParameterError, match="The 'weight' parameter of SkillRequirement"):
        SkillRequirement("rag", 2, 0)
    with pytest.raises(ParameterError, match="The 'level' parameter of OpeningSpec"):
        OpeningSpec(level="L9")
    with pytest.raises(ParameterError, match="The 'education_min' parameter of OpeningSpec"):
        OpeningSpec(education_min="college")
    with pytest.raises(ParameterError, match=r"each skill listed once. Got \['rag'\]"):
        OpeningSpec(skills=(SkillRequirement("rag", 2), SkillRequirement("rag", 3)))


def test_yaml_opening_resolves_names_and_keeps_levels_and_weights() -> None:
    spec = opening_from_yaml(DATA / "opening.yaml")
    assert spec.title == "Senior LLM application engineer"
    assert (spec.role_family, spec.level) == ("ai-application-engineer", "L3")
    assert spec.skills == (SkillRequirement("rag", 3, 1.0), SkillRequirement("python", 3, 1.0),
                           SkillRequirement("pytorch", 2, 1.0),
                           SkillRequirement("kubernetes", 2, 0.5))
    assert (spec.min_years, spec.education_min) == (3.0, "bachelor")
    assert spec.description.startswith("Build retrieval-augmented generation")


def test_yaml_level_defaults_to_the_role_ladder(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("role_family: ai-application-engineer\nlevel: L1\n"
                    "skills: [rag, {skill: kubernetes}]\n", encoding="utf-8")
    spec = opening_from_yaml(path)
    assert spec.skills == (SkillRequirement("rag", 2), SkillRequirement("kubernetes", 2))


@pytest.mark.parametrize(("body", "fragment"), [
    ("skills: [{skill: rag, level: 7}]", "skills[0] field 'level' must be an int in [0, 4]. Got 7"),
    ("skills: [{skill: no-such-skill-xyz}]", "skills[0] field 'skill' must be a skill of the"),
    ("skills: [{skill: rag, weight: -1}]", "skills[0] field 'weight' must be a number > 0"),
    ("skills: [rag]\nsalary: 3", "key 'salary' must be one of title, role_family"),
    ("skills: [rag]\neducation_min: college", "field 'education_min' must be one of none"),
    ("skills: [rag, rag]", "skills[1] field 'skill' must be a skill not listed before"),
    ("role_family: astronaut\nskills: [rag]", "field 'role_family' must be a role family slug"),
    ("- just a list", "the top level must be a mapping"),
    ("title: ''", "the opening must be at least 'skills' or a 'description'"),
    ("skills: [rag\n", "must be valid YAML"),
])
def test_yaml_errors_name_the_file_and_the_field(tmp_path: Path, body: str,
                                                 fragment: str) -> None:
    path = tmp_path / "opening.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(BadRecordError) as info:
        opening_from_yaml(path)
    assert info.value.message.startswith("opening.yaml: ")
    assert fragment in info.value.message
    assert "talentgraph match --help" in info.value.message


def test_missing_yaml_file() -> None:
    with pytest.raises(FileNotFoundInputError, match="does not exist"):
        opening_from_yaml(DATA / "nope.yaml")


def test_opening_from_a_chinese_job_description() -> None:
    spec = opening_from_text((DATA / "jd_zh.txt").read_text(encoding="utf-8"))
    assert spec.title == "高级大模型应用工程师"
    assert spec.language == "zh"
    assert (spec.min_years, spec.education_min) == (3.0, "bachelor")
    by_slug = {s.slug: s for s in spec.skills}
    assert {"rag", "python", "pytorch", "kubernetes"} <= set(by_slug)
    assert by_slug["kubernetes"].weight == 0.5  # 优先: preferred
    assert by_slug["python"].weight == 1.0
    assert spec.role_family == "ai-application-engineer" and spec.level == "L3"  # 高级: senior
    assert by_slug["rag"].level == 4  # the role's L3 target for RAG
    assert by_slug["pytorch"].level == 3  # not on the role's ladder: 3 for a senior opening


def test_opening_from_text_refuses_empty_text() -> None:
    with pytest.raises(ParameterError, match="a non-empty job description"):
        opening_from_text("   ")
