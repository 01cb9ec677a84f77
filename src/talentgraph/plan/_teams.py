"""Team views: a capability heat map, bus-factor skills and the skills a team lacks (issue 5).

A team is ``{person: {skill slug: level 0-4}}`` (a ``SkillLevel`` is accepted for a level).

- **Heat map**: people x skills, the level in each cell (0 = not held). Default columns: every
  skill someone holds (level >= 1), ordered by how many hold it, then by the sum of levels,
  then by slug.
- **Bus factor**: a skill held at ``min_level`` or above by exactly one person; and each skill the
  team needs (``needed``) that nobody holds at that level (holder ``None``).
- **Team needs**: for each skill the team's roles need (the highest target among the members'
  role levels), the best level anyone on the team has; listed when the best is below the need.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from talentgraph.domain import LEVELS, Role, SkillLevel
from talentgraph.errors import ParameterError
from talentgraph.plan._careers import profile_levels, role_targets, to_plain

__all__ = [
    "BusFactorSkill",
    "Heatmap",
    "TeamNeed",
    "bus_factor_skills",
    "capability_heatmap",
    "team_needs",
]

Profiles = Mapping[str, Mapping[str, SkillLevel | int]]


def _team(profiles: Profiles, *, owner: str) -> dict[str, dict[str, int]]:
    if not isinstance(profiles, Mapping):
        raise ParameterError.invalid("profiles", owner, "a mapping of people to skill profiles",
                                     type(profiles).__name__)
    return {person: profile_levels(profile, owner=owner, name="profiles")
            for person, profile in profiles.items()}


@dataclass(frozen=True, slots=True)
class Heatmap:
    """People x skills; ``matrix[i][j]`` is the level of ``people[i]`` in ``skills[j]``."""

    people: tuple[str, ...]
    skills: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]

    def holders(self, skill: str, *, min_level: int = 1) -> tuple[str, ...]:
        """The people with ``skill`` at ``min_level`` or above, in row order."""
        column = self.skills.index(skill)
        return tuple(p for p, row in zip(self.people, self.matrix, strict=True)
                     if row[column] >= min_level)

    def to_dict(self) -> dict[str, Any]:
        """The heat map as JSON-ready data."""
        return to_plain(self)


def capability_heatmap(profiles: Profiles, *,
                       skills: Sequence[str] | None = None) -> Heatmap:
    """The people x skills level matrix of a team (columns: ``skills`` or every held skill)."""
    team = _team(profiles, owner="capability_heatmap")
    if skills is None:
        held = {s for levels in team.values() for s, lv in levels.items() if lv > 0}
        count = {s: sum(1 for lv in team.values() if lv.get(s, 0) > 0) for s in held}
        total = {s: sum(lv.get(s, 0) for lv in team.values()) for s in held}
        columns = sorted(held, key=lambda s: (-count[s], -total[s], s))
    else:
        if isinstance(skills, str) or not all(isinstance(s, str) for s in skills):
            raise ParameterError.invalid("skills", "capability_heatmap",
                                         "a sequence of skill slugs or None", skills)
        columns = list(dict.fromkeys(skills))
    people = tuple(team)
    matrix = tuple(tuple(team[p].get(s, 0) for s in columns) for p in people)
    return Heatmap(people=people, skills=tuple(columns), matrix=matrix)


class BusFactorSkill(NamedTuple):
    """A skill and its only holder at the level (``None``: a needed skill nobody holds)."""

    skill: str
    holder: str | None

    def to_dict(self) -> dict[str, Any]:
        """The pair as JSON-ready data."""
        return {"skill": self.skill, "holder": self.holder}


def bus_factor_skills(profiles: Profiles, *, min_level: int = 3,
                      needed: Iterable[str] = ()) -> list[BusFactorSkill]:
    """Skills held at ``min_level``+ by exactly one person, and ``needed`` skills held by none.

    Needed skills nobody holds come first (in slug order), then single-holder skills by slug.
    """
    owner = "bus_factor_skills"
    if isinstance(min_level, bool) or min_level not in LEVELS or min_level == 0:
        raise ParameterError.invalid("min_level", owner, "an int in [1, 4]", min_level)
    if isinstance(needed, str):
        raise ParameterError.invalid("needed", owner, "an iterable of skill slugs", needed)
    team = _team(profiles, owner=owner)
    holders: dict[str, list[str]] = {}
    for person, levels in team.items():
        for skill, level in levels.items():
            if level >= min_level:
                holders.setdefault(skill, []).append(person)
    nobody = sorted({s for s in needed if s not in holders})
    single = sorted((s, people[0]) for s, people in holders.items() if len(people) == 1)
    return ([BusFactorSkill(s, None) for s in nobody]
            + [BusFactorSkill(s, person) for s, person in single])


@dataclass(frozen=True, slots=True)
class TeamNeed:
    """A skill the team's roles need at ``needed_level`` that nobody has (best: ``best_level``)."""

    skill: str
    needed_level: int
    best_level: int
    holders: tuple[str, ...]  # people at best_level (empty when nobody holds the skill)
    gap: int
    weight: float  # the highest weight any of the roles gives the skill
    needed_by: tuple[str, ...]  # the people whose role level asks for needed_level

    def to_dict(self) -> dict[str, Any]:
        """The need as JSON-ready data."""
        return to_plain(self)


def team_needs(profiles: Profiles, *,
               roles: Mapping[str, tuple[Role, str]]) -> list[TeamNeed]:
    """Skills the team's roles need that nobody on the team has at the level, largest first.

    Order: weight x gap, then gap, then slug. People in ``roles`` without a profile (an open
    position) count as needing the skills but holding none.
    """
    owner = "team_needs"
    team = _team(profiles, owner=owner)
    if not isinstance(roles, Mapping):
        raise ParameterError.invalid("roles", owner, "a mapping of people to (Role, level)",
                                     type(roles).__name__)
    need: dict[str, tuple[int, float, list[str]]] = {}
    for person, pair in roles.items():
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], Role)):
            raise ParameterError.invalid("roles", owner, "a mapping of people to (Role, level)",
                                         {person: pair})
        for skill, (target, weight) in role_targets(pair[0], pair[1], owner=owner,
                                                    name="roles").items():
            level, top_weight, people = need.get(skill, (0, 0.0, []))
            if target > level:
                people = []
                level = target
            if target == level:
                people.append(person)
            need[skill] = (level, max(top_weight, weight), people)
    found = []
    for skill, (level, weight, people) in need.items():
        best = max((lv.get(skill, 0) for lv in team.values()), default=0)
        if best >= level:
            continue
        at_best = tuple(p for p, lv in team.items() if best > 0 and lv.get(skill, 0) == best)
        found.append(TeamNeed(skill=skill, needed_level=level, best_level=best, holders=at_best,
                              gap=level - best, weight=weight, needed_by=tuple(people)))
    found.sort(key=lambda n: (-n.weight * n.gap, -n.gap, n.skill))
    return found
