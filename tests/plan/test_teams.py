"""Team views: heat map, bus-factor skills, team needs (talentgraph.plan._teams)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from talentgraph.domain import EvidencePiece, Role, RoleSkill, SkillLevel
from talentgraph.errors import ParameterError
from talentgraph.plan import BusFactorSkill, bus_factor_skills, capability_heatmap, team_needs
from talentgraph.taxonomy import load_taxonomy

TEAM = {
    "ann": {"python": 4, "sql": 3, "pytorch": 2},
    "bob": {"python": 3, "sql": 1},
    "cai": {"python": 2, "docker": 3, "sql": 0},
}


def _role(skills: dict[str, tuple[float, tuple[int, int, int, int, int]]]) -> Role:
    return Role(slug="toy", name_en="Toy", name_zh="玩具",
                skills=tuple(RoleSkill(skill=s, weight=w, levels=lv)
                             for s, (w, lv) in skills.items()))


# -- heat map ----------------------------------------------------------------------------------
def test_heatmap_default_columns_ordered_by_holders_then_total() -> None:
    heat = capability_heatmap(TEAM)
    assert heat.people == ("ann", "bob", "cai")
    # python: 3 holders; sql: 2 (a 0 does not hold); docker and pytorch: 1 each, docker's
    # total 3 beats pytorch's 2
    assert heat.skills == ("python", "sql", "docker", "pytorch")
    assert heat.matrix == ((4, 3, 0, 2), (3, 1, 0, 0), (2, 0, 3, 0))
    assert heat.holders("sql") == ("ann", "bob")
    assert heat.holders("python", min_level=3) == ("ann", "bob")
    assert json.loads(json.dumps(heat.to_dict()))["matrix"][2] == [2, 0, 3, 0]


def test_heatmap_explicit_skills_ties_and_edges() -> None:
    heat = capability_heatmap(TEAM, skills=["sql", "rust", "sql"])
    assert heat.skills == ("sql", "rust")
    assert heat.matrix == ((3, 0), (1, 0), (0, 0))
    tie = capability_heatmap({"x": {"b": 2, "a": 2}})
    assert tie.skills == ("a", "b")  # same holders and total: by slug
    empty = capability_heatmap({})
    assert (empty.people, empty.skills, empty.matrix) == ((), (), ())
    with pytest.raises(ParameterError, match="'skills' parameter of capability_heatmap"):
        capability_heatmap(TEAM, skills="sql")
    with pytest.raises(ParameterError, match="levels 0-4. Got {'python': 5} instead"):
        capability_heatmap({"ann": {"python": 5}})


def test_heatmap_accepts_skill_levels() -> None:
    piece = EvidencePiece(skill="sql", source="check", level=3, observed_on=date(2025, 1, 2))
    heat = capability_heatmap({"ann": {"sql": SkillLevel(skill="sql", level=3, confidence=0.9,
                                                         evidence=(piece,))}})
    assert heat.matrix == ((3,),)


# -- bus factor --------------------------------------------------------------------------------
def test_bus_factor_single_holders_and_needed_nobody_has() -> None:
    found = bus_factor_skills(TEAM, needed=["kubernetes", "python", "sql"])
    # python is held at 3+ by ann and bob: not a bus-factor skill
    assert found == [BusFactorSkill("kubernetes", None), BusFactorSkill("docker", "cai"),
                     BusFactorSkill("sql", "ann")]
    assert [tuple(x) for x in found][1] == ("docker", "cai")
    assert found[0].to_dict() == {"skill": "kubernetes", "holder": None}
    lower = bus_factor_skills(TEAM, min_level=2)
    assert lower == [BusFactorSkill("docker", "cai"), BusFactorSkill("pytorch", "ann"),
                     BusFactorSkill("sql", "ann")]
    top = bus_factor_skills(TEAM, min_level=4)
    assert top == [BusFactorSkill("python", "ann")]


def test_bus_factor_edge_teams() -> None:
    assert bus_factor_skills({}) == []
    assert bus_factor_skills({}, needed=("b", "a")) == [BusFactorSkill("a", None),
                                                        BusFactorSkill("b", None)]
    solo = bus_factor_skills({"ann": {"python": 3, "sql": 2}})
    assert solo == [BusFactorSkill("python", "ann")]
    with pytest.raises(ParameterError, match=r"The 'min_level' parameter of bus_factor_skills "
                                             r"must be an int in \[1, 4\]. Got 0 instead."):
        bus_factor_skills(TEAM, min_level=0)
    with pytest.raises(ParameterError, match="'needed' parameter"):
        bus_factor_skills(TEAM, needed="sql")


# -- team needs --------------------------------------------------------------------------------
def test_team_needs_toy_roles() -> None:
    senior = _role({"python": (1.0, (2, 3, 4, 4, 4)), "sql": (0.5, (1, 2, 3, 3, 3)),
                    "k8s": (0.3, (0, 1, 2, 2, 2)), "git": (0.2, (1, 1, 1, 1, 1))})
    needs = team_needs({"ann": {"python": 3, "sql": 3, "git": 1}, "bob": {"python": 3}},
                       roles={"ann": (senior, "L2"), "bob": (senior, "L3")})
    # L3 (bob) asks python 4, sql 3, k8s 2, git 1; the team has python 3, sql 3 (ann), git 1
    assert [(n.skill, n.needed_level, n.best_level, n.gap) for n in needs] == [
        ("python", 4, 3, 1), ("k8s", 2, 0, 2)]
    python, k8s = needs
    assert python.holders == ("ann", "bob") and python.needed_by == ("bob",)
    assert python.weight == 1.0
    assert k8s.holders == () and k8s.needed_by == ("bob",)
    assert k8s.to_dict()["holders"] == []


def test_team_needs_with_shipped_roles_and_open_position() -> None:
    roles = load_taxonomy().roles
    analyst, engineer = roles["data-analyst"], roles["ml-engineer"]
    team = {"ann": {rs.skill: rs.levels[2] for rs in analyst.skills}}  # exactly L3 analyst
    alone = team_needs(team, roles={"ann": (analyst, "L3")})
    assert alone == []
    with_vacancy = team_needs(team, roles={"ann": (analyst, "L3"), "open-1": (engineer, "L2")})
    skills = {n.skill: n for n in with_vacancy}
    assert "sql" not in skills  # ann's SQL 3 meets the ML engineer's L2 SQL 3
    assert skills["machine-learning"].needed_level == 3
    assert skills["machine-learning"].needed_by == ("open-1",)
    assert "python" not in skills  # analyst L3 python 3 = ML engineer L2 python 3
    assert skills["pytorch"].best_level == 0 and skills["pytorch"].holders == ()
    assert with_vacancy[0].skill == "machine-learning"  # weight 1.0 x gap 3 comes first
    keys = [n.weight * n.gap for n in with_vacancy]
    assert keys == sorted(keys, reverse=True)


def test_team_needs_rejects_bad_roles() -> None:
    role = _role({"python": (1.0, (2, 3, 4, 4, 4))})
    with pytest.raises(ParameterError, match="'roles' parameter of team_needs must be one of "
                                             "L1, L2, L3, L4, L5. Got 'L7' instead."):
        team_needs({}, roles={"ann": (role, "L7")})
    with pytest.raises(ParameterError, match=r"mapping of people to \(Role, level\)"):
        team_needs({}, roles={"ann": role})  # type: ignore[dict-item]
    assert team_needs({}, roles={}) == []
