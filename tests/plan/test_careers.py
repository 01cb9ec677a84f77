"""Onboarding plans, career ladders and lateral paths (talentgraph.plan._careers)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from talentgraph.domain import Role, RoleSkill
from talentgraph.errors import ParameterError
from talentgraph.plan import career_ladder, lateral_paths, onboarding_plan
from talentgraph.taxonomy import Taxonomy, load_taxonomy

START = date(2025, 3, 3)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def analyst(taxonomy: Taxonomy) -> Role:
    return taxonomy.roles["data-analyst"]


def _role(slug: str, skills: dict[str, tuple[float, tuple[int, int, int, int, int]]]) -> Role:
    return Role(slug=slug, name_en=slug.title(), name_zh=slug,
                skills=tuple(RoleSkill(skill=s, weight=w, levels=lv)
                             for s, (w, lv) in skills.items()))


# -- onboarding --------------------------------------------------------------------------------
def test_onboarding_phases_dates_and_checkpoints(analyst: Role, taxonomy: Taxonomy) -> None:
    plan = onboarding_plan(role=analyst, level="L2", profile={"sql": 3, "excel": 3, "python": 1},
                           start=START, taxonomy=taxonomy)
    assert [p.key for p in plan.phases] == ["learn", "contribute", "own"]
    assert [(p.first_day, p.last_day) for p in plan.phases] == [(1, 30), (31, 60), (61, 90)]
    assert plan.phases[0].starts_on == START
    assert plan.phases[0].ends_on == date(2025, 4, 1)  # day 30
    assert plan.phases[1].starts_on == date(2025, 4, 2)
    assert plan.end == plan.phases[2].ends_on == date(2025, 5, 31)  # day 90
    assert plan.phases[0].title_en == "Days 1-30: learn the context and tools"
    assert plan.phases[2].title_zh == "第61-90天：独立负责"
    kinds = [(c.day, c.kind) for p in plan.phases for c in p.checkpoints]
    assert kinds == [(1, "start"), (30, "skill-check"), (30, "check-in"), (60, "skill-check"),
                     (60, "check-in"), (90, "skill-check"), (90, "review")]
    day60 = plan.phases[1].checkpoints[0]
    heaviest = sorted(plan.phases[1].goals, key=lambda g: (-g.weight, g.skill))[0]
    assert day60.skill == heaviest.skill == "data-analysis"
    assert day60.on == date(2025, 5, 1)
    assert day60.title_en == "Day 60: skill check of Data analysis (working, 2)"
    assert day60.title_zh == "第60天：数据分析技能检查（熟悉，2级）"


def test_onboarding_goals_close_only_real_gaps_one_level_at_a_time(analyst: Role,
                                                                   taxonomy: Taxonomy) -> None:
    profile = {"sql": 3, "excel": 3, "python": 1, "data-analysis": 2}
    plan = onboarding_plan(role=analyst, level="L2", profile=profile, start=START,
                           taxonomy=taxonomy, goals_per_phase=4)
    reached = {rs.skill: profile.get(rs.skill, 0) for rs in analyst.skills}
    for phase in plan.phases:
        assert len(phase.goals) == 4
        assert len({g.skill for g in phase.goals}) == 4
        for goal in phase.goals:
            assert goal.start_level == reached[goal.skill]
            assert goal.goal_level == goal.start_level + 1 <= goal.target
            assert goal.target == analyst.required_level(goal.skill, "L2")
            reached[goal.skill] = goal.goal_level
    for rest in plan.after_90_days:  # what the plan leaves open, from where it left it
        assert rest.start_level == reached[rest.skill] < rest.target == rest.goal_level
    open_after = {s for s in reached if reached[s] < analyst.required_level(s, "L2")}
    assert {g.skill for g in plan.after_90_days} == open_after
    assert "sql" in plan.at_target and "excel" in plan.at_target
    assert all(g.skill not in plan.at_target for p in plan.phases for g in p.goals)
    assert plan.notes_en[0].startswith("Already at target: SQL, Microsoft Excel")
    assert plan.notes_zh[0].startswith("已达到目标：SQL、Excel")


def test_onboarding_learn_phase_puts_tools_first_then_weighted_deficit(
        analyst: Role, taxonomy: Taxonomy) -> None:
    plan = onboarding_plan(role=analyst, level="L2", profile={}, start=START, taxonomy=taxonomy,
                           goals_per_phase=5)
    first = plan.phases[0].goals
    tools = [g.skill for g in first if taxonomy.skills[g.skill].type == "tool"]
    assert tools == [g.skill for g in first[:len(tools)]] and tools
    # days 31-60 have no tool preference: largest weight x remaining deficit first
    second = plan.phases[1].goals
    keys = [g.weight * (g.target - g.start_level) for g in second]
    assert keys == sorted(keys, reverse=True)
    # after the four tools, data-analysis beats sql (both 1.0 x 3) on its slug in days 1-30;
    # in days 31-60 sql (1.0 x 3 still missing) leads data-analysis (1.0 x 2)
    assert [g.skill for g in first] == ["excel", "pandas", "power-bi", "tableau",
                                        "data-analysis"]
    assert [g.skill for g in second][:3] == ["sql", "data-visualization", "data-analysis"]


def test_onboarding_newcomer_already_at_target(analyst: Role, taxonomy: Taxonomy) -> None:
    profile = {rs.skill: 4 for rs in analyst.skills}
    plan = onboarding_plan(role=analyst, level="L3", profile=profile, start=START,
                           taxonomy=taxonomy)
    assert all(p.goals == () for p in plan.phases)
    assert plan.after_90_days == ()
    assert len(plan.at_target) == len(analyst.skills)
    assert plan.at_target[:2] == ("data-analysis", "sql")  # heaviest first, then slug
    assert [c.kind for p in plan.phases for c in p.checkpoints] == [
        "start", "check-in", "check-in", "review"]


def test_onboarding_without_taxonomy_uses_slugs_and_is_json() -> None:
    role = _role("toy", {"a": (1.0, (2, 2, 2, 2, 2)), "b": (0.5, (1, 1, 1, 1, 1))})
    plan = onboarding_plan(role=role, level="l1", profile={"b": 1}, start=START, taxonomy=None)
    assert plan.level == "L1"
    assert [[g.skill for g in p.goals] for p in plan.phases] == [["a"], ["a"], []]
    assert plan.phases[1].goals[0].title_en == "Reach working (2) in a"
    data = json.loads(json.dumps(plan.to_dict(), ensure_ascii=False))
    assert data["start"] == "2025-03-03"
    assert data["phases"][0]["checkpoints"][0]["on"] == "2025-03-03"
    assert data["at_target"] == ["b"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"level": "L9"}, "The 'level' parameter of onboarding_plan must be one of L1, L2, L3, L4, "
                      "L5. Got 'L9' instead."),
    ({"profile": {"sql": 7}}, "The 'profile' parameter of onboarding_plan must be a mapping of "
                              "skill slugs to levels 0-4. Got {'sql': 7} instead."),
    ({"profile": {"sql": True}}, "levels 0-4"),
    ({"goals_per_phase": 0}, "must be an int >= 1. Got 0 instead."),
    ({"start": "2025-03-03"}, "must be a date"),
])
def test_onboarding_rejects_bad_input(analyst: Role, taxonomy: Taxonomy,
                                      kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"role": analyst, "level": "L2", "profile": {}, "start": START,
                               "taxonomy": taxonomy, **kwargs}
    with pytest.raises(ParameterError) as info:
        onboarding_plan(**args)  # type: ignore[arg-type]
    assert message in str(info.value)
    assert info.value.code == "E0412"


# -- ladder ------------------------------------------------------------------------------------
def test_career_ladder_of_shipped_role(analyst: Role, taxonomy: Taxonomy) -> None:
    ladder = career_ladder(analyst, taxonomy=taxonomy)
    assert [r.level for r in ladder.rungs] == ["L1", "L2", "L3", "L4", "L5"]
    senior = ladder.rungs[2]
    assert (senior.name_en, senior.name_zh) == ("Senior", "高级")
    assert senior.summary_zh.startswith("设计指标体系")
    expected = [r.expected_level for r in ladder.rungs]
    assert expected == sorted(expected) and expected[0] < expected[-1]
    # L1 is measured from nothing: every skill needed at L1 is new there
    assert set(ladder.rungs[0].new_skills) == {rs.skill for rs in analyst.skills
                                               if rs.levels[0] > 0}
    by_skill = {rs.skill: rs for rs in analyst.skills}
    for index, rung in enumerate(ladder.rungs[1:], start=1):
        assert rung.changes, rung.level
        for change in rung.changes:
            levels = by_skill[change.skill].levels
            assert (change.before, change.after) == (levels[index - 1], levels[index])
            assert change.rise == change.after - change.before > 0
        weights = [c.weight for c in rung.changes]
        assert weights == sorted(weights, reverse=True)
        unchanged = {s for s, rs in by_skill.items() if rs.levels[index] == rs.levels[index - 1]}
        assert unchanged.isdisjoint(c.skill for c in rung.changes)
    top = ladder.rungs[4]
    assert [c.skill for c in top.changes] == ["statistics", "ab-testing", "presentation"]
    assert top.changes[0].name_zh == "统计学"


def test_career_ladder_without_levels_uses_codes() -> None:
    role = _role("toy", {"a": (1.0, (1, 1, 2, 3, 3))})
    ladder = career_ladder(role)
    assert [r.name_en for r in ladder.rungs] == ["L1", "L2", "L3", "L4", "L5"]
    assert [len(r.changes) for r in ladder.rungs] == [1, 0, 1, 1, 0]
    assert ladder.to_dict()["rungs"][3]["changes"][0] == {
        "skill": "a", "name_en": "a", "name_zh": "a", "weight": 1.0, "before": 2, "after": 3,
        "rise": 1}


# -- lateral paths -----------------------------------------------------------------------------
def test_lateral_paths_rank_the_natural_moves(taxonomy: Taxonomy) -> None:
    roles = taxonomy.roles
    for level in ("L1", "L3", "L5"):
        paths = lateral_paths(from_role=roles["data-analyst"], roles=roles.values(),
                              level=level, top=20)
        order = [p.to_role for p in paths]
        assert order[0] == "data-scientist"
        assert order.index("data-scientist") < order.index("ai-infra-engineer")
        assert "data-analyst" not in order and "other" not in order
        scientist = lateral_paths(from_role=roles["data-scientist"], roles=roles.values(),
                                  level=level, top=2)
        assert "ml-engineer" in [p.to_role for p in scientist]


def test_lateral_path_contents(taxonomy: Taxonomy) -> None:
    analyst, scientist = taxonomy.roles["data-analyst"], taxonomy.roles["data-scientist"]
    (path,) = lateral_paths(from_role=analyst, roles=[scientist], level="L3", taxonomy=taxonomy)
    assert path.name_zh == "数据科学家" and path.level == "L3"
    assert 0 < path.score < 1
    for shared in path.shared:
        assert shared.from_target == analyst.required_level(shared.skill, "L3") > 0
        assert shared.to_target == scientist.required_level(shared.skill, "L3") > 0
    assert "sql" in {s.skill for s in path.shared}
    learn = {c.skill: c for c in path.to_learn}
    assert "machine-learning" in learn and learn["machine-learning"].before == 0
    assert all(c.after > c.before for c in path.to_learn)
    keys = [c.weight * c.rise for c in path.to_learn]
    assert keys == sorted(keys, reverse=True)
    (back,) = lateral_paths(from_role=scientist, roles=[analyst], level="L3")
    assert back.score == path.score  # weighted Jaccard is symmetric


def test_lateral_paths_exact_scores_ties_and_top() -> None:
    base = _role("base", {"a": (1.0, (2,) * 5), "b": (0.5, (2,) * 5)})
    same = _role("same", {"a": (1.0, (2,) * 5), "b": (0.5, (2,) * 5)})
    half = _role("half", {"a": (1.0, (1,) * 5), "b": (0.5, (2,) * 5)})
    none = _role("none", {"c": (1.0, (3,) * 5)})
    twin = _role("alpha", {"a": (1.0, (2,) * 5), "b": (0.5, (2,) * 5)})
    paths = lateral_paths(from_role=base, roles=[none, half, same, base, twin], level="L2",
                          top=10)
    assert [(p.to_role, p.score) for p in paths] == [
        ("alpha", 1.0), ("same", 1.0), ("half", round(2 / 3, 4)), ("none", 0.0)]
    assert paths[0].to_learn == () and paths[3].shared == ()
    assert [c.skill for c in paths[3].to_learn] == ["c"]
    assert len(lateral_paths(from_role=base, roles=[none, half, same], level="L2", top=1)) == 1
    with pytest.raises(ParameterError, match="The 'top' parameter of lateral_paths must be an "
                                             "int >= 1. Got 0 instead."):
        lateral_paths(from_role=base, roles=[same], level="L2", top=0)
    with pytest.raises(ParameterError, match="'level' parameter of lateral_paths"):
        lateral_paths(from_role=base, roles=[same], level="senior")
