"""Gap analysis against a role level and internal moves (talentgraph.plan._gaps)."""

from __future__ import annotations

import pytest

from talentgraph.domain import Role, RoleSkill, SkillLevel
from talentgraph.errors import ParameterError, UnknownSkillError
from talentgraph.plan import analyse_gap, analyse_move, resolve_profile
from talentgraph.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


def _role(slug: str, skills: dict[str, tuple[float, tuple[int, int, int, int, int]]]) -> Role:
    return Role(slug=slug, name_en=slug, name_zh=slug,
                skills=tuple(RoleSkill(skill=s, weight=w, levels=lv)
                             for s, (w, lv) in skills.items()))


TOY = _role("toy", {"python": (1.0, (2, 3, 3, 4, 4)), "sql": (0.5, (1, 2, 2, 3, 3)),
                    "git": (0.5, (0, 1, 2, 2, 2)), "rag": (0.8, (0, 0, 2, 3, 4))})


def test_gaps_missing_under_met_and_coverage() -> None:
    report = analyse_gap({"python": 1, "sql": 2, "git": 0}, role=TOY, level="L3")
    assert [(g.slug, g.current, g.target, g.deficit, g.kind) for g in report.gaps] == [
        ("python", 1, 3, 2, "under"),   # 1.0 * 2 = 2.0
        ("rag", 0, 2, 2, "missing"),    # 0.8 * 2 = 1.6
        ("git", 0, 2, 2, "missing"),    # 0.5 * 2 = 1.0
    ]
    assert [m.slug for m in report.met] == ["sql"]
    # sum w*min(cur,t)/t over t>0 / sum w = (1.0*1/3 + 0.5*2/2) / (1.0+0.5+0.5+0.8)
    assert report.coverage == pytest.approx((1 / 3 + 0.5) / 2.8, abs=1e-4)
    assert [g.slug for g in report.missing] == ["rag", "git"]
    assert report.to_dict()["gaps"][0] == {"slug": "python", "current": 1, "target": 3,
                                          "weight": 1.0, "deficit": 2, "kind": "under"}


def test_skills_with_no_target_at_that_level_are_left_out() -> None:
    report = analyse_gap({}, role=TOY, level="l1")
    assert report.level == "L1"
    assert {g.slug for g in report.gaps} == {"python", "sql"}  # git and rag target 0 at L1


def test_full_profile_covers_everything() -> None:
    report = analyse_gap({"python": 4, "sql": 4, "git": 4, "rag": 4}, role=TOY, level="L5")
    assert report.gaps == () and report.coverage == 1.0


def test_skill_level_values_are_accepted() -> None:
    report = analyse_gap({"python": SkillLevel("python", 3, 0.9)}, role=TOY, level="L2")
    assert "python" in {m.slug for m in report.met}


def test_unknown_level_and_bad_profile() -> None:
    with pytest.raises(ParameterError, match=r"The 'level' parameter of analyse_gap must be one "
                       r"of 'L1', 'L2', 'L3', 'L4', 'L5' .* Got 'L7' instead"):
        analyse_gap({}, role=TOY, level="L7")
    with pytest.raises(ParameterError, match="Got 3 instead"):
        analyse_gap({}, role=TOY, level=3)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"levels 0-4 \(skill 'python'\).* Got 7 instead"):
        analyse_gap({"python": 7}, role=TOY, level="L2")
    with pytest.raises(ParameterError, match="'role' parameter of analyse_gap must be a Role"):
        analyse_gap({}, role="toy", level="L2")  # type: ignore[arg-type]


def test_real_role_gap(taxonomy: Taxonomy) -> None:
    role = taxonomy.roles["llm-algorithm-engineer"]
    report = analyse_gap({"python": 3, "pytorch": 2}, role=role, level="L3")
    first = report.gaps[0]
    assert (first.slug, first.target) == ("large-language-models", 4)  # weight 1.0 x deficit 4
    assert "python" in {m.slug for m in report.met}
    assert 0 < report.coverage < 0.2


def test_internal_move_names_transferable_skills(taxonomy: Taxonomy) -> None:
    analyst, scientist = taxonomy.roles["data-analyst"], taxonomy.roles["data-scientist"]
    profile = {"sql": 3, "statistics": 2, "python": 2, "excel": 3, "data-visualization": 3}
    move = analyse_move(profile, from_role=analyst, to_role=scientist, level="L2")
    plain = analyse_gap(profile, role=scientist, level="L2")
    assert (move.gaps, move.met, move.coverage) == (plain.gaps, plain.met, plain.coverage)
    assert move.from_role == "data-analyst" and move.role == "data-scientist"
    assert move.transferable[:2] == ("statistics", "python")  # heaviest first (1.0, 0.9)
    assert set(move.transferable) == {"statistics", "python", "sql", "data-visualization"}
    assert "excel" not in move.transferable  # the data scientist role does not list it
    assert move.to_dict()["transferable"] == list(move.transferable)


def test_resolve_profile_names_in_both_languages(taxonomy: Taxonomy) -> None:
    resolved = resolve_profile({"python": 3, "大模型": 2, "LLM": 1, "检索增强生成": 2},
                               taxonomy=taxonomy)
    assert resolved == {"large-language-models": 2, "python": 3, "rag": 2}


def test_resolve_profile_lists_every_unknown_name(taxonomy: Taxonomy) -> None:
    with pytest.raises(UnknownSkillError) as info:
        resolve_profile({"python": 3, "zzqq-nothing": 2, "完全没有的技能xyz": 1},
                        taxonomy=taxonomy)
    assert info.value.code == "E0301"
    assert info.value.details == ["zzqq-nothing", "完全没有的技能xyz"]
    assert "2 skill names of the profile match no skill" in str(info.value)
    with pytest.raises(ParameterError, match=r"Got '3' instead"):
        resolve_profile({"python": "3"}, taxonomy=taxonomy)
