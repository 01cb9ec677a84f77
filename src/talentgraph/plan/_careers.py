"""Onboarding plans, career ladders and lateral paths between role families (issue 5).

Pure functions over ``Role`` objects and skill profiles; no I/O. This module also holds the small
input checks the other career modules share (``role_level_index``, ``role_targets``,
``profile_levels``) and ``to_plain``, which makes a result JSON-ready.

Rules, in words:

- **Onboarding** (first 90 days, three phases: days 1-30 learn the context and tools, 31-60
  contribute, 61-90 own). A gap is a role skill whose target at the level is above the newcomer's
  level. Each phase raises the ``goals_per_phase`` gaps with the largest remaining weighted
  deficit (weight x levels still missing) by one level; in days 1-30 tool skills come first.
  Each phase ends with a skill check of its heaviest goal and a meeting (day-30 and day-60
  check-ins, day-90 review). Gaps still open after day 90 are listed as ``after_90_days``.
- **Ladder**: each level L1..L5 with what distinguishes it from the one below: the skills whose
  target rises (L1 is measured from nothing: its changes are the entry requirements).
- **Lateral paths**: other role families ranked by the weighted Jaccard overlap of the
  target vectors at the level (vector entry = weight x target level), sum(min) / sum(max).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from talentgraph.domain import LEVELS, Role, SkillLevel
from talentgraph.errors import ParameterError
from talentgraph.taxonomy import Taxonomy

__all__ = [
    "Checkpoint",
    "Ladder",
    "LateralPath",
    "LevelChange",
    "OnboardingGoal",
    "OnboardingPhase",
    "OnboardingPlan",
    "Rung",
    "SharedSkill",
    "career_ladder",
    "lateral_paths",
    "onboarding_plan",
    "profile_levels",
    "role_level_index",
    "role_targets",
    "to_plain",
]

LEVEL_NAMES_EN = ("none", "aware", "working", "proficient", "expert")
LEVEL_NAMES_ZH = ("无", "了解", "熟悉", "熟练", "精通")
_DEFAULT_LEVELS = ("L1", "L2", "L3", "L4", "L5")
#: (key, first day, last day, English title, Chinese title) of the three onboarding phases.
_PHASES = (
    ("learn", 1, 30, "learn the context and tools", "熟悉业务背景与工具"),
    ("contribute", 31, 60, "contribute", "参与贡献"),
    ("own", 61, 90, "own", "独立负责"),
)


# -- shared input checks and output helper ---------------------------------------------------
def to_plain(value: Any) -> Any:
    """``value`` with dataclasses, tuples and dates turned into JSON-ready dicts, lists, strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def role_level_index(role: Role, level: str, *, owner: str, name: str = "level") -> int:
    """The index 0-4 of ``level`` (``"L1"``..``"L5"``) in ``role``; ParameterError otherwise."""
    known = tuple(lv.level for lv in role.levels) or _DEFAULT_LEVELS
    if not isinstance(level, str) or level.upper() not in known:
        raise ParameterError.invalid(name, owner, f"one of {', '.join(known)}", level)
    return _DEFAULT_LEVELS.index(level.upper()) if level.upper() in _DEFAULT_LEVELS else 0


def role_targets(role: Role, level: str, *, owner: str,
                 name: str = "level") -> dict[str, tuple[int, float]]:
    """Each skill the role needs at ``level`` (target > 0): ``{slug: (target, weight)}``."""
    index = role_level_index(role, level, owner=owner, name=name)
    return {rs.skill: (rs.levels[index], rs.weight) for rs in role.skills if rs.levels[index] > 0}


def profile_levels(profile: Mapping[str, SkillLevel | int], *, owner: str,
                   name: str = "profile") -> dict[str, int]:
    """``{slug: level}`` from levels 0-4 or ``SkillLevel`` objects; ParameterError otherwise."""
    if not isinstance(profile, Mapping):
        raise ParameterError.invalid(name, owner, "a mapping of skill slugs to levels 0-4",
                                     type(profile).__name__)
    levels: dict[str, int] = {}
    for slug, value in profile.items():
        level = value.level if isinstance(value, SkillLevel) else value
        if (not isinstance(slug, str) or isinstance(level, bool) or not isinstance(level, int)
                or level not in LEVELS):
            raise ParameterError.invalid(name, owner, "a mapping of skill slugs to levels 0-4",
                                         {slug: value})
        levels[slug] = level
    return levels


def _names(slug: str, taxonomy: Taxonomy | None) -> tuple[str, str]:
    skill = taxonomy.skills.get(slug) if taxonomy is not None else None
    if skill is None:
        return slug, slug
    return skill.name_en, skill.name_zh or skill.name_en


def _is_tool(slug: str, taxonomy: Taxonomy | None) -> bool:
    skill = taxonomy.skills.get(slug) if taxonomy is not None else None
    return skill is not None and skill.type == "tool"


def _check_int(value: object, *, name: str, owner: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ParameterError.invalid(name, owner, f"an int >= {low}", value)
    return value


# -- onboarding --------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class OnboardingGoal:
    """Raise one skill from ``start_level`` to ``goal_level`` in a phase (role target: ``target``)."""

    skill: str
    name_en: str
    name_zh: str
    weight: float
    start_level: int
    goal_level: int
    target: int
    title_en: str
    title_zh: str


@dataclasses.dataclass(frozen=True, slots=True)
class Checkpoint:
    """A dated moment of the plan: ``kind`` is start, check-in, skill-check or review."""

    day: int
    on: date
    kind: str
    title_en: str
    title_zh: str
    skill: str | None = None
    level: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class OnboardingPhase:
    """One phase (``learn``, ``contribute``, ``own``) with its goals and checkpoints."""

    key: str
    first_day: int
    last_day: int
    starts_on: date
    ends_on: date
    title_en: str
    title_zh: str
    goals: tuple[OnboardingGoal, ...]
    checkpoints: tuple[Checkpoint, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class OnboardingPlan:
    """A newcomer's first 90 days in a role at a level."""

    role: str
    level: str
    start: date
    end: date
    phases: tuple[OnboardingPhase, ...]
    at_target: tuple[str, ...]
    after_90_days: tuple[OnboardingGoal, ...]
    notes_en: tuple[str, ...]
    notes_zh: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data (dates as ISO strings)."""
        return to_plain(self)


def _goal(slug: str, *, start: int, goal: int, target: int, weight: float,
          taxonomy: Taxonomy | None) -> OnboardingGoal:
    en, zh = _names(slug, taxonomy)
    return OnboardingGoal(
        skill=slug, name_en=en, name_zh=zh, weight=weight, start_level=start, goal_level=goal,
        target=target,
        title_en=f"Reach {LEVEL_NAMES_EN[goal]} ({goal}) in {en}",
        title_zh=f"{zh}达到{LEVEL_NAMES_ZH[goal]}（{goal}级）")


def _phase_checkpoints(index: int, *, start: date, goals: tuple[OnboardingGoal, ...],
                       taxonomy: Taxonomy | None) -> tuple[Checkpoint, ...]:
    key, first, last = _PHASES[index][:3]
    points: list[Checkpoint] = []
    if first == 1:
        points.append(Checkpoint(
            day=1, on=start, kind="start",
            title_en="Day 1: welcome, accounts and tools set up, meet your buddy",
            title_zh="第1天：入职欢迎，开通账号与工具，认识导师"))
    end = start + timedelta(days=last - 1)
    if goals:
        heaviest = sorted(goals, key=lambda g: (-g.weight, g.skill))[0]
        en, zh = _names(heaviest.skill, taxonomy)
        lv = heaviest.goal_level
        points.append(Checkpoint(
            day=last, on=end, kind="skill-check", skill=heaviest.skill, level=lv,
            title_en=f"Day {last}: skill check of {en} ({LEVEL_NAMES_EN[lv]}, {lv})",
            title_zh=f"第{last}天：{zh}技能检查（{LEVEL_NAMES_ZH[lv]}，{lv}级）"))
    if key == "own":
        points.append(Checkpoint(day=last, on=end, kind="review",
                                 title_en=f"Day {last}: 90-day review with the manager",
                                 title_zh=f"第{last}天：与经理进行90天评估"))
    else:
        points.append(Checkpoint(day=last, on=end, kind="check-in",
                                 title_en=f"Day {last}: {last}-day check-in with the manager",
                                 title_zh=f"第{last}天：与经理进行{last}天沟通"))
    return tuple(points)


def onboarding_plan(*, role: Role, level: str, profile: Mapping[str, SkillLevel | int],
                    start: date, taxonomy: Taxonomy | None,
                    goals_per_phase: int = 5) -> OnboardingPlan:
    """A first-90-days plan for a newcomer with ``profile`` in ``role`` at ``level``."""
    owner = "onboarding_plan"
    targets = role_targets(role, level, owner=owner)
    current = profile_levels(profile, owner=owner)
    if not isinstance(start, date):
        raise ParameterError.invalid("start", owner, "a date", start)
    _check_int(goals_per_phase, name="goals_per_phase", owner=owner, low=1)
    reached = {slug: current.get(slug, 0) for slug in targets}
    phases: list[OnboardingPhase] = []
    for index, (key, first, last, title_en, title_zh) in enumerate(_PHASES):
        open_gaps = [s for s, (target, _w) in targets.items() if reached[s] < target]

        def priority(slug: str, *, key: str = key) -> tuple[int, float, float, str]:
            target, weight = targets[slug]
            tool_first = 0 if key == "learn" and _is_tool(slug, taxonomy) else 1
            return (tool_first, -weight * (target - reached[slug]), -weight, slug)

        goals = []
        for slug in sorted(open_gaps, key=priority)[:goals_per_phase]:
            target, weight = targets[slug]
            goals.append(_goal(slug, start=reached[slug], goal=reached[slug] + 1, target=target,
                               weight=weight, taxonomy=taxonomy))
            reached[slug] += 1
        phases.append(OnboardingPhase(
            key=key, first_day=first, last_day=last,
            starts_on=start + timedelta(days=first - 1), ends_on=start + timedelta(days=last - 1),
            title_en=f"Days {first}-{last}: {title_en}", title_zh=f"第{first}-{last}天：{title_zh}",
            goals=tuple(goals),
            checkpoints=_phase_checkpoints(index, start=start, goals=tuple(goals),
                                           taxonomy=taxonomy)))
    by_weight = sorted(targets, key=lambda s: (-targets[s][1], s))
    at_target = tuple(s for s in by_weight if current.get(s, 0) >= targets[s][0])
    after = tuple(_goal(s, start=reached[s], goal=targets[s][0], target=targets[s][0],
                        weight=targets[s][1], taxonomy=taxonomy)
                  for s in by_weight if reached[s] < targets[s][0])
    notes_en: list[str] = []
    notes_zh: list[str] = []
    if at_target:
        names = [_names(s, taxonomy) for s in at_target]
        notes_en.append("Already at target: " + ", ".join(n[0] for n in names) + ".")
        notes_zh.append("已达到目标：" + "、".join(n[1] for n in names) + "。")
    if after:
        notes_en.append(f"{len(after)} skill(s) stay below target after day 90; "
                        "plan them in the learning path.")
        notes_zh.append(f"90天后仍有{len(after)}项技能未达到目标，请纳入学习路径。")
    return OnboardingPlan(
        role=role.slug, level=level.upper(), start=start, end=start + timedelta(days=89),
        phases=tuple(phases), at_target=at_target, after_90_days=after,
        notes_en=tuple(notes_en), notes_zh=tuple(notes_zh))


# -- career ladder ----------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class LevelChange:
    """A skill whose target rises from ``before`` to ``after`` (by ``rise`` levels)."""

    skill: str
    name_en: str
    name_zh: str
    weight: float
    before: int
    after: int
    rise: int


@dataclasses.dataclass(frozen=True, slots=True)
class Rung:
    """One level of a ladder, and what distinguishes it from the level below."""

    level: str
    name_en: str
    name_zh: str
    summary_en: str
    summary_zh: str
    expected_level: float  # weighted mean target level 0-4 over the role's skills
    changes: tuple[LevelChange, ...]
    new_skills: tuple[str, ...]  # skills first required at this level


@dataclasses.dataclass(frozen=True, slots=True)
class Ladder:
    """The career ladder of one role family."""

    role: str
    name_en: str
    name_zh: str
    rungs: tuple[Rung, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ladder as JSON-ready data."""
        return to_plain(self)


def _change(slug: str, *, weight: float, before: int, after: int,
            taxonomy: Taxonomy | None) -> LevelChange:
    en, zh = _names(slug, taxonomy)
    return LevelChange(skill=slug, name_en=en, name_zh=zh, weight=weight, before=before,
                       after=after, rise=after - before)


def career_ladder(role: Role, *, taxonomy: Taxonomy | None = None) -> Ladder:
    """Levels L1..L5 of ``role`` with the skills whose target rises at each, heaviest first."""
    if not isinstance(role, Role):
        raise ParameterError.invalid("role", "career_ladder", "a Role", type(role).__name__)
    levels = role.levels or tuple(None for _ in _DEFAULT_LEVELS)
    total_weight = sum(rs.weight for rs in role.skills)
    rungs = []
    for index, rl in enumerate(levels[:len(_DEFAULT_LEVELS)]):
        changes = [
            _change(rs.skill, weight=rs.weight, taxonomy=taxonomy,
                    before=rs.levels[index - 1] if index else 0, after=rs.levels[index])
            for rs in role.skills if rs.levels[index] > (rs.levels[index - 1] if index else 0)]
        changes.sort(key=lambda c: (-c.weight, -c.rise, c.skill))
        expected = (sum(rs.weight * rs.levels[index] for rs in role.skills) / total_weight
                    if total_weight else 0.0)
        code = rl.level if rl is not None else _DEFAULT_LEVELS[index]
        rungs.append(Rung(
            level=code, name_en=rl.name_en if rl else code, name_zh=rl.name_zh if rl else code,
            summary_en=rl.summary_en if rl else "", summary_zh=rl.summary_zh if rl else "",
            expected_level=round(expected, 3), changes=tuple(changes),
            new_skills=tuple(c.skill for c in changes if c.before == 0)))
    return Ladder(role=role.slug, name_en=role.name_en, name_zh=role.name_zh, rungs=tuple(rungs))


# -- lateral paths ----------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class SharedSkill:
    """A skill both roles need at the level, with each role's target and the new role's weight."""

    skill: str
    weight: float
    from_target: int
    to_target: int


@dataclasses.dataclass(frozen=True, slots=True)
class LateralPath:
    """A move to another role family at the same level: overlap, shared skills, skills to learn."""

    from_role: str
    to_role: str
    name_en: str
    name_zh: str
    level: str
    score: float  # weighted Jaccard overlap 0-1 of the target vectors
    shared: tuple[SharedSkill, ...]
    to_learn: tuple[LevelChange, ...]

    def to_dict(self) -> dict[str, Any]:
        """The path as JSON-ready data."""
        return to_plain(self)


def _overlap(a: Mapping[str, tuple[int, float]], b: Mapping[str, tuple[int, float]]) -> float:
    keys = set(a) | set(b)
    va = {k: a[k][0] * a[k][1] if k in a else 0.0 for k in keys}
    vb = {k: b[k][0] * b[k][1] if k in b else 0.0 for k in keys}
    top = sum(max(va[k], vb[k]) for k in keys)
    return sum(min(va[k], vb[k]) for k in keys) / top if top else 0.0


def lateral_paths(*, from_role: Role, roles: Iterable[Role], level: str, top: int = 5,
                  exclude: Iterable[str] = ("other",),
                  taxonomy: Taxonomy | None = None) -> list[LateralPath]:
    """Other role families ranked by weighted skill overlap with ``from_role`` at ``level``."""
    owner = "lateral_paths"
    _check_int(top, name="top", owner=owner, low=1)
    source = role_targets(from_role, level, owner=owner)
    skip = {from_role.slug, *exclude}
    paths = []
    for role in roles:
        if role.slug in skip:
            continue
        target = role_targets(role, level, owner=owner)
        shared = sorted((SharedSkill(skill=s, weight=w, from_target=source[s][0], to_target=t)
                         for s, (t, w) in target.items() if s in source),
                        key=lambda x: (-x.weight, x.skill))
        learn = sorted((_change(s, weight=w, before=source.get(s, (0, 0.0))[0], after=t,
                                taxonomy=taxonomy)
                        for s, (t, w) in target.items() if t > source.get(s, (0, 0.0))[0]),
                       key=lambda c: (-c.weight * c.rise, -c.weight, c.skill))
        paths.append(LateralPath(
            from_role=from_role.slug, to_role=role.slug, name_en=role.name_en,
            name_zh=role.name_zh, level=level.upper(), score=round(_overlap(source, target), 4),
            shared=tuple(shared), to_learn=tuple(learn)))
    paths.sort(key=lambda p: (-p.score, p.to_role))
    return paths[:top]
