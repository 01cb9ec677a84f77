"""Learning paths: a gap report turned into ordered steps with resources, hours, the check that
proves each step, and a week-by-week schedule.

The rule (docs/cultivation.md, "Learning paths"):

- Steps: every gap of the report, plus every prerequisite (direct or indirect, from the
  taxonomy's prerequisite graph) that the person holds below level 2; such a step goes to
  level 2 and is marked ``is_prerequisite``. The walk stops at a prerequisite the person already
  holds at level 2 or more.
- Order: a topological order of the prerequisite graph restricted to the steps (a skill's
  prerequisites always come first); among skills that are free to go, the heavier first (a
  prerequisite inherits the heaviest weight of the skills that need it), then the larger
  deficit, then the slug.
- Resources: a ladder from the catalogue: for each level still to reach, the resource that
  reaches it, preferring the chosen language, then resources whose main subject (first skill)
  is the skill, then the lowest level, then the fewest hours.
- Hours: the resources' hours (a resource already in an earlier step adds none and is
  preferred), plus ``DEFAULT_STEP_HOURS`` for each level no resource reaches; a skill with no
  resource at all is listed in ``uncovered``.
- Check: the skill check family for the skill when ``talentgraph.plan._checks`` has one,
  else "manager assessment".
- Schedule: steps in order at ``hours_per_week``; ``start_week`` is the week a step starts,
  ``weeks = ceil(total_hours / hours_per_week)``.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from talentgraph.errors import CyclicPrerequisiteError, ParameterError
from talentgraph.plan._catalogue import RESOURCE_LANGUAGES, Catalogue, Resource
from talentgraph.plan._gaps import GapItem, GapReport, _check_profile

__all__ = [
    "DEFAULT_STEP_HOURS",
    "MANAGER_ASSESSMENT",
    "PREREQUISITE_LEVEL",
    "LearningPath",
    "LearningStep",
    "build_learning_path",
]

#: Hours to climb to each level (from the one below) when no resource covers it.
DEFAULT_STEP_HOURS = {1: 4.0, 2: 12.0, 3: 30.0, 4: 60.0}
#: The level a missing prerequisite is brought to.
PREREQUISITE_LEVEL = 2
#: The check of a step no skill check covers.
MANAGER_ASSESSMENT = "manager assessment"


@dataclass(frozen=True, slots=True)
class LearningStep:
    """One skill to learn: from which level to which, with what, how long, proved how."""

    order: int
    slug: str
    from_level: int
    to_level: int
    resources: tuple[Resource, ...]
    hours: float
    check: str
    start_week: int
    weight: float = 0.0
    is_prerequisite: bool = False
    needed_for: tuple[str, ...] = ()
    has_check: bool = False
    covered_level: int = 0

    @property
    def refs(self) -> tuple[str, ...]:
        """The refs of the step's resources, best first."""
        return tuple(r.ref for r in self.resources)

    @property
    def is_covered(self) -> bool:
        """True when the resources reach the step's target level."""
        return self.covered_level >= self.to_level

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the step (``resources`` are refs; details follow)."""
        return {
            "order": self.order, "slug": self.slug, "from_level": self.from_level,
            "to_level": self.to_level, "resources": list(self.refs), "hours": self.hours,
            "check": self.check, "has_check": self.has_check, "start_week": self.start_week,
            "weight": self.weight, "is_prerequisite": self.is_prerequisite,
            "needed_for": list(self.needed_for), "covered_level": self.covered_level,
            "resource_details": [{"ref": r.ref, "title": r.title, "title_zh": r.title_zh,
                                  "kind": r.kind, "language": r.language, "url": r.url,
                                  "level": r.level, "hours": r.hours} for r in self.resources],
        }


@dataclass(frozen=True, slots=True)
class LearningPath:
    """The ordered steps towards a role level, their total hours and the weeks they take."""

    role: str
    level: str
    steps: tuple[LearningStep, ...]
    gaps: tuple[GapItem, ...]
    uncovered: tuple[str, ...]
    total_hours: float
    weeks: int
    hours_per_week: float
    coverage: float = 0.0

    @property
    def schedule(self) -> dict[str, int]:
        """The week (1-based) each step starts, by skill slug, in step order."""
        return {step.slug: step.start_week for step in self.steps}

    @property
    def partly_covered(self) -> tuple[str, ...]:
        """Skills whose resources stop below the step's target level."""
        return tuple(s.slug for s in self.steps if s.resources and not s.is_covered)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``talentgraph plan``: role, level, gaps, steps, uncovered, total_hours,
        weeks (and more keys)."""
        return {
            "role": self.role, "level": self.level, "coverage": self.coverage,
            "hours_per_week": self.hours_per_week,
            "gaps": [g.to_dict() for g in self.gaps],
            "steps": [s.to_dict() for s in self.steps],
            "uncovered": list(self.uncovered), "partly_covered": list(self.partly_covered),
            "total_hours": self.total_hours, "weeks": self.weeks,
        }


def _find_check(slug: str) -> str | None:
    """The skill check family of ``slug`` from plan._checks, or None (also when it is absent)."""
    try:
        from talentgraph.plan._checks import check_for_skill
    except ImportError:
        return None
    family = check_for_skill(slug)
    return family if isinstance(family, str) and family else None


def _ladder(slug: str, candidates: list[Resource], *, start: int, target: int,
            language: str | None, used: set[str]) -> tuple[list[Resource], int]:
    chosen: list[Resource] = []
    covered = start
    while covered < target:
        need = covered + 1
        options = [r for r in candidates if r.level >= need and r not in chosen]
        if not options:
            break
        best = min(options, key=lambda r: (language is not None and r.language != language,
                                           r.skills[0] != slug, r.level,
                                           0.0 if r.ref in used else r.hours, r.ref))
        chosen.append(best)
        covered = best.level
    return chosen, covered


def _check_args(gap: object, taxonomy: object, catalogue: object, hours_per_week: object,
                language: object, profile: object) -> None:
    owner = "build_learning_path"
    if not isinstance(gap, GapReport):
        raise ParameterError.invalid("gap", owner, "a GapReport (analyse_gap)",
                                     type(gap).__name__)
    if not hasattr(taxonomy, "skills"):
        raise ParameterError.invalid("taxonomy", owner, "a Taxonomy (load_taxonomy())",
                                     type(taxonomy).__name__)
    if not isinstance(catalogue, Catalogue):
        raise ParameterError.invalid("catalogue", owner, "a Catalogue (load_catalogue())",
                                     type(catalogue).__name__)
    if isinstance(hours_per_week, bool) or not isinstance(hours_per_week, int | float) \
            or not math.isfinite(hours_per_week) or not 0 < hours_per_week <= 168:
        raise ParameterError.invalid("hours_per_week", owner, "a number of hours in (0, 168]",
                                     hours_per_week)
    if language is not None and language not in RESOURCE_LANGUAGES:
        raise ParameterError.invalid("language", owner, "'en', 'zh' or None", language)
    if profile is not None:
        _check_profile(profile, owner)


def _targets(gap: GapReport, known: Mapping[str, int], taxonomy: Any
             ) -> tuple[dict[str, int], dict[str, float], dict[str, set[str]]]:
    """Target level, weight and dependants of every step: the gaps plus missing prerequisites."""
    targets = {g.slug: g.target for g in gap.gaps}
    weights = {g.slug: g.weight for g in gap.gaps}
    needed_for: dict[str, set[str]] = {}
    for root in sorted(targets, key=lambda s: (-weights[s], s)):
        stack, seen = [root], {root}
        while stack:
            node = stack.pop()
            skill = taxonomy.skills[node] if node in taxonomy.skills else None
            for prereq in sorted(skill.prerequisites if skill else ()):
                if prereq in seen or known.get(prereq, 0) >= PREREQUISITE_LEVEL:
                    continue
                seen.add(prereq)
                stack.append(prereq)
                needed_for.setdefault(prereq, set()).add(root)
                targets[prereq] = max(targets.get(prereq, 0), PREREQUISITE_LEVEL)
                weights[prereq] = max(weights.get(prereq, 0.0), weights[root])
    return targets, weights, needed_for


def _closure(slug: str, taxonomy: Any) -> set[str]:
    """Every direct and indirect prerequisite of ``slug`` (terminates on cycles too)."""
    seen: set[str] = set()
    stack = [slug]
    while stack:
        node = stack.pop()
        skill = taxonomy.skills[node] if node in taxonomy.skills else None
        for prereq in skill.prerequisites if skill else ():
            if prereq not in seen:
                seen.add(prereq)
                stack.append(prereq)
    return seen


def _order(targets: Mapping[str, int], weights: Mapping[str, float], known: Mapping[str, int],
           taxonomy: Any) -> list[str]:
    """Kahn's algorithm over the prerequisite graph restricted to the steps."""
    nodes = set(targets)
    before = {node: _closure(node, taxonomy) & nodes - {node} for node in nodes}
    waiting = {node: len(deps) for node, deps in before.items()}
    after: dict[str, list[str]] = {node: [] for node in nodes}
    for node, deps in before.items():
        for dep in deps:
            after[dep].append(node)

    def key(node: str) -> tuple[float, int, str]:
        return (-weights.get(node, 0.0), -(targets[node] - known.get(node, 0)), node)

    ready = [key(node) for node, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        node = heapq.heappop(ready)[2]
        order.append(node)
        for child in after[node]:
            waiting[child] -= 1
            if waiting[child] == 0:
                heapq.heappush(ready, key(child))
    if len(order) < len(nodes):
        stuck = sorted(nodes - set(order))
        raise CyclicPrerequisiteError(
            "The prerequisites of these skills form a cycle, so no order puts every "
            f"prerequisite first: {', '.join(stuck)}. Expected an acyclic prerequisite graph. "
            "Fix: remove a prerequisite link in the taxonomy overlay.", details=stuck)
    return order


def build_learning_path(gap: GapReport, *, taxonomy: Any, catalogue: Catalogue,
                        hours_per_week: float = 5, language: str | None = None,
                        profile: Mapping[str, int] | None = None,
                        find_check: Callable[[str], str | None] | None = None) -> LearningPath:
    """The ordered learning path that closes ``gap`` (rule in the module docs).

    ``profile`` (slug -> level) tells which prerequisites outside the role the person already
    has (by default only the role's skills are known); ``language`` prefers resources in en or
    zh; ``find_check`` maps a slug to its skill check family (default: plan._checks).
    """
    _check_args(gap, taxonomy, catalogue, hours_per_week, language, profile)
    known = {**gap.current_levels(), **_check_profile(profile or {}, "build_learning_path")}
    finder = find_check or _find_check
    targets, weights, needed_for = _targets(gap, known, taxonomy)
    gap_slugs = {g.slug for g in gap.gaps}
    steps: list[LearningStep] = []
    uncovered: list[str] = []
    used: set[str] = set()
    elapsed = 0.0
    for order, slug in enumerate(_order(targets, weights, known, taxonomy), start=1):
        start, target = min(known.get(slug, 0), targets[slug]), targets[slug]
        candidates = catalogue.for_skill(slug, level=target, language=language)
        chosen, covered = _ladder(slug, candidates, start=start, target=target,
                                  language=language, used=used)
        if not chosen:
            uncovered.append(slug)
        hours = sum(r.hours for r in chosen if r.ref not in used) + sum(
            DEFAULT_STEP_HOURS[lv] for lv in range(max(covered, start) + 1, target + 1))
        family = finder(slug)
        steps.append(LearningStep(
            order=order, slug=slug, from_level=start, to_level=target,
            resources=tuple(chosen), hours=round(float(hours), 1),
            check=family or MANAGER_ASSESSMENT, start_week=int(elapsed // hours_per_week) + 1,
            weight=weights.get(slug, 0.0) if slug in gap_slugs else 0.0,
            is_prerequisite=slug not in gap_slugs,
            needed_for=tuple(sorted(needed_for.get(slug, ()))),
            has_check=family is not None, covered_level=max(covered, start)))
        elapsed += hours
        used.update(r.ref for r in chosen)
    total = round(elapsed, 1)
    return LearningPath(role=gap.role, level=gap.level, steps=tuple(steps), gaps=gap.gaps,
                        uncovered=tuple(uncovered), total_hours=total,
                        weeks=math.ceil(total / hours_per_week) if total else 0,
                        hours_per_week=float(hours_per_week), coverage=gap.coverage)
