"""Gap analysis: a person's skill levels against a role family at a level (or another role,
for an internal move), weighted by the role's weights.

For every skill the role lists, the target is its level at the role level (``RoleSkill.levels``
L1..L5). A skill is *missing* when the person has it at 0 and the target is above 0, *under*
when the person has it below target, *met* otherwise. Gaps are sorted by weight x deficit.
``coverage`` is the weighted share of the targets met::

    coverage = sum(w * min(current, target) / target) / sum(w)   over skills with target > 0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from talentgraph.domain import Role, SkillLevel
from talentgraph.errors import ParameterError, UnknownSkillError

__all__ = [
    "GapItem",
    "GapReport",
    "analyse_gap",
    "analyse_move",
    "check_role_level",
    "resolve_profile",
]

_LADDER = ("L1", "L2", "L3", "L4", "L5")


@dataclass(frozen=True, slots=True)
class GapItem:
    """One skill of a role: where the person is, where the role level wants them, its weight."""

    slug: str
    current: int
    target: int
    weight: float

    @property
    def deficit(self) -> int:
        """Levels still to climb (0 when met)."""
        return max(0, self.target - self.current)

    @property
    def kind(self) -> str:
        """``missing`` (has none of it), ``under`` (below target) or ``met``."""
        if self.deficit == 0:
            return "met"
        return "missing" if self.current == 0 else "under"

    @property
    def priority(self) -> float:
        """Weight x deficit: what sorts the gaps."""
        return self.weight * self.deficit

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: slug, current, target, weight, deficit, kind."""
        return {"slug": self.slug, "current": self.current, "target": self.target,
                "weight": self.weight, "deficit": self.deficit, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class GapReport:
    """A person against a role level: the gaps (heaviest first), the skills met, coverage.

    For an internal move ``from_role`` is the person's current role and ``transferable`` the
    target role's skills that the current role also needs and the person already has (>= 1).
    """

    role: str
    level: str
    gaps: tuple[GapItem, ...]
    met: tuple[GapItem, ...]
    coverage: float
    from_role: str | None = None
    transferable: tuple[str, ...] = ()

    @property
    def missing(self) -> tuple[GapItem, ...]:
        """Gaps the person has none of."""
        return tuple(g for g in self.gaps if g.kind == "missing")

    @property
    def under(self) -> tuple[GapItem, ...]:
        """Gaps the person has, below the target."""
        return tuple(g for g in self.gaps if g.kind == "under")

    def current_levels(self) -> dict[str, int]:
        """The person's level of every role skill (gaps and met)."""
        return {item.slug: item.current for item in (*self.gaps, *self.met)}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the report."""
        data: dict[str, Any] = {
            "role": self.role, "level": self.level, "coverage": self.coverage,
            "gaps": [g.to_dict() for g in self.gaps], "met": [m.to_dict() for m in self.met]}
        if self.from_role is not None:
            data["from_role"] = self.from_role
            data["transferable"] = list(self.transferable)
        return data


def check_role_level(role: Role, level: object, *, owner: str) -> int:
    """The index (0-4) of role level ``level`` ("L1".."L5"); ParameterError when unknown."""
    names = tuple(lv.level for lv in role.levels) or _LADDER
    if isinstance(level, str):
        wanted = level.strip().upper()
        for index, name in enumerate(names):
            if name.upper() == wanted and index < len(_LADDER):
                return index
    raise ParameterError.invalid("level", owner, "one of " + ", ".join(repr(n) for n in names)
                                 + f" (the levels of role {role.slug!r})", level)


def _level_of(value: object, slug: str, owner: str) -> int:
    if isinstance(value, SkillLevel):
        value = value.level
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
        raise ParameterError.invalid("profile", owner, f"a mapping of skill slugs to levels "
                                     f"0-4 (skill {slug!r})", value)
    return value


def _check_profile(profile: object, owner: str) -> dict[str, int]:
    if not isinstance(profile, Mapping):
        raise ParameterError.invalid("profile", owner, "a mapping of skill slugs to levels 0-4",
                                     type(profile).__name__)
    return {str(slug): _level_of(value, str(slug), owner) for slug, value in profile.items()}


def _check_role(role: object, name: str, owner: str) -> Role:
    if not isinstance(role, Role):
        raise ParameterError.invalid(name, owner, "a Role (taxonomy.roles[slug])",
                                     type(role).__name__)
    return role


def _report(profile: dict[str, int], role: Role, level: str, index: int) -> GapReport:
    gaps, met = [], []
    achieved = total = 0.0
    for req in role.skills:
        target = int(req.levels[index])
        if target <= 0:
            continue
        item = GapItem(slug=req.skill, current=profile.get(req.skill, 0), target=target,
                       weight=float(req.weight))
        total += item.weight
        achieved += item.weight * min(item.current, target) / target
        (met if item.deficit == 0 else gaps).append(item)
    gaps.sort(key=lambda g: (-g.priority, -g.weight, g.slug))
    met.sort(key=lambda g: (-g.weight, g.slug))
    coverage = round(achieved / total, 4) if total else 1.0
    return GapReport(role=role.slug, level=_LADDER[index], gaps=tuple(gaps), met=tuple(met),
                     coverage=coverage)


def analyse_gap(profile: Mapping[str, int], *, role: Role, level: str) -> GapReport:
    """The person's missing and under-level skills for ``role`` at ``level`` (L1..L5)."""
    owner = "analyse_gap"
    checked = _check_profile(profile, owner)
    role = _check_role(role, "role", owner)
    return _report(checked, role, level, check_role_level(role, level, owner=owner))


def analyse_move(profile: Mapping[str, int], *, from_role: Role, to_role: Role,
                 level: str) -> GapReport:
    """The gap to ``to_role`` at ``level`` for someone in ``from_role``, naming the skills that
    transfer: needed by both roles and already held (level >= 1), heaviest first."""
    owner = "analyse_move"
    checked = _check_profile(profile, owner)
    from_role = _check_role(from_role, "from_role", owner)
    to_role = _check_role(to_role, "to_role", owner)
    report = _report(checked, to_role, level, check_role_level(to_role, level, owner=owner))
    shared = {req.skill for req in from_role.skills if any(req.levels)}
    held = sorted((item for item in (*report.gaps, *report.met)
                   if item.slug in shared and item.current >= 1),
                  key=lambda g: (-g.weight, g.slug))
    return GapReport(role=report.role, level=report.level, gaps=report.gaps, met=report.met,
                     coverage=report.coverage, from_role=from_role.slug,
                     transferable=tuple(item.slug for item in held))


def resolve_profile(skills: Mapping[str, object], *, taxonomy: Any) -> dict[str, int]:
    """``{"<slug or name>": level}`` -> ``{slug: level}``: names in Chinese or English are
    resolved with ``taxonomy.resolve``; unknown names raise one error listing all of them.
    Two names of one skill keep the higher level."""
    owner = "resolve_profile"
    if not isinstance(skills, Mapping):
        raise ParameterError.invalid("skills", owner, 'an object {"<slug or name>": level}',
                                     type(skills).__name__)
    resolved: dict[str, int] = {}
    unknown: list[str] = []
    for name, value in skills.items():
        key = str(name).strip()
        slug = key if key in taxonomy.skills else taxonomy.resolve(key)
        if slug is None:
            unknown.append(key)
            continue
        level = _level_of(value, key, owner)
        resolved[slug] = max(level, resolved.get(slug, 0))
    if unknown:
        listed = ", ".join(repr(u) for u in unknown[:20])
        more = f" (and {len(unknown) - 20} more)" if len(unknown) > 20 else ""
        raise UnknownSkillError(
            f"{len(unknown)} skill name{'s' if len(unknown) > 1 else ''} of the profile match "
            f"no skill in taxonomy {taxonomy.version}: {listed}{more}. Expected slugs or names "
            "in Chinese or English. Fix: find slugs with 'talentgraph taxonomy search TERM'.",
            details=unknown)
    return dict(sorted(resolved.items()))
