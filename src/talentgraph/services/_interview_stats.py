"""How far interviewers agree, and how lenient each is (hr and admin only).

- Inter-rater agreement per opening: Krippendorff's alpha (ordinal by default) over the skill
  ratings (1-4) of one candidate's skill by different interviewers. A unit is one
  (application, skill); each interviewer gives it one value (their latest); units with fewer
  than two values are not pairable and left out. alpha = 1 - D_o / D_e from the coincidence
  matrix (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"); 1 is perfect
  agreement, 0 agreement by chance; None when fewer than two values are pairable or all
  pairable values are equal (no variation: alpha is undefined).
- Interviewer leniency: in each panel (an interview round scored by two or more interviewers)
  the panel's mean rating of each skill; an interviewer's leniency is the mean of their
  ratings' offsets from those means: positive rates higher than their panels, negative lower.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import ParameterError
from talentgraph.services._audit import record_event
from talentgraph.services._recruiting_scope import get_opening, require_role
from talentgraph.store import Application, Interview, Scorecard, User

__all__ = [
    "ALPHA_LEVELS",
    "InterviewStats",
    "Leniency",
    "Rating",
    "interviewer_leniency",
    "krippendorff_alpha",
    "opening_interview_stats",
]

#: The levels of measurement krippendorff_alpha knows.
ALPHA_LEVELS = ("nominal", "ordinal", "interval")
HR_ROLES = frozenset({"admin", "hr"})


@dataclass(frozen=True, slots=True)
class Rating:
    """One rating: in which panel (a round), of which unit (e.g. application and skill), by
    whom, which skill, and the value."""

    panel: Hashable
    unit: Hashable
    interviewer: Hashable
    skill: str
    value: int


@dataclass(frozen=True, slots=True)
class Leniency:
    """An interviewer's mean offset from their panels' means, over ``ratings`` ratings in
    ``panels`` panels."""

    interviewer_id: int
    interviewer: str
    offset: float
    ratings: int
    panels: int


@dataclass(frozen=True, slots=True)
class InterviewStats:
    """Agreement and leniency of an opening's interviewers."""

    opening_id: int
    alpha: float | None
    alpha_by_skill: dict[str, float | None]
    units: int
    pairable_values: int
    scorecards: int
    leniency: list[Leniency]


def _delta2(values: np.ndarray, counts: np.ndarray, level: str) -> np.ndarray:
    """The squared distance of every pair of values."""
    size = len(values)
    if level == "nominal":
        return 1.0 - np.eye(size)
    if level == "interval":
        return (values[:, None] - values[None, :]) ** 2
    cumulative = np.concatenate(([0.0], np.cumsum(counts)))
    delta = np.zeros((size, size))
    for c in range(size):
        for k in range(c, size):
            between = cumulative[k + 1] - cumulative[c]  # n_c + ... + n_k
            delta[c, k] = delta[k, c] = (between - (counts[c] + counts[k]) / 2.0) ** 2
    return delta


def krippendorff_alpha(units: Iterable[Sequence[float | None]], *,
                       level: str = "ordinal") -> float | None:
    """Krippendorff's alpha of ``units``, each the values its raters gave (None: no value);
    see the module docstring."""
    if level not in ALPHA_LEVELS:
        raise ParameterError.invalid("level", "krippendorff_alpha",
                                     f"one of {', '.join(ALPHA_LEVELS)}", level)
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [unit for unit in pairable if len(unit) >= 2]
    if not pairable:
        return None
    values = np.array(sorted({v for unit in pairable for v in unit}), dtype=float)
    if len(values) < 2:
        return None
    position = {v: i for i, v in enumerate(values)}
    coincidence = np.zeros((len(values), len(values)))
    for unit in pairable:
        here = np.zeros(len(values))
        for v in unit:
            here[position[v]] += 1
        pairs = np.outer(here, here) - np.diag(here)  # ordered pairs of different raters
        coincidence += pairs / (len(unit) - 1)
    counts = coincidence.sum(axis=1)
    n = counts.sum()
    delta = _delta2(values, counts, level)
    observed = float((coincidence * delta).sum() / n)
    expected = float((np.outer(counts, counts) * delta).sum() / (n * (n - 1)))
    if expected == 0:
        return None
    return round(1.0 - observed / expected, 6)


def interviewer_leniency(ratings: Iterable[Rating]) -> dict[Hashable, tuple[float, int, int]]:
    """Each interviewer's (mean offset, ratings, panels) from their panels' means (see the
    module docstring); interviewers never on a panel of two or more are left out."""
    cells: dict[tuple[Hashable, str], list[Rating]] = defaultdict(list)
    for rating in ratings:
        cells[(rating.panel, rating.skill)].append(rating)
    offsets: dict[Hashable, list[float]] = defaultdict(list)
    panels: dict[Hashable, set[Hashable]] = defaultdict(set)
    for (panel, _skill), cell in cells.items():
        if len({r.interviewer for r in cell}) < 2:
            continue
        mean = sum(r.value for r in cell) / len(cell)
        for r in cell:
            offsets[r.interviewer].append(r.value - mean)
            panels[r.interviewer].add(panel)
    return {who: (round(sum(found) / len(found), 4), len(found), len(panels[who]))
            for who, found in offsets.items()}


def _ratings(session: Session, opening_id: int) -> tuple[list[Rating], int]:
    rows = session.execute(
        select(Scorecard.interviewer_id, Scorecard.ratings, Interview.id,
               Interview.application_id)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(Application, Application.id == Interview.application_id)
        .where(Application.opening_id == opening_id, Scorecard.submitted_at.is_not(None))
        .order_by(Scorecard.submitted_at, Scorecard.id)).all()
    found = [Rating(panel=interview_id, unit=(application_id, skill), interviewer=who,
                    skill=skill, value=int(value))
             for who, ratings, interview_id, application_id in rows
             for skill, value in sorted((ratings or {}).items())]
    return found, len(rows)


def _alpha_units(ratings: Sequence[Rating]) -> dict[Hashable, dict[Hashable, int]]:
    units: dict[Hashable, dict[Hashable, int]] = defaultdict(dict)
    for rating in ratings:  # in submission order: an interviewer's latest value wins
        units[rating.unit][rating.interviewer] = rating.value
    return units


def opening_interview_stats(session: Session, *, actor: Actor,
                            opening_id: int) -> InterviewStats:
    """Inter-rater agreement and interviewer leniency over the opening's submitted scorecards
    (hr and admin only; audited)."""
    require_role(actor, HR_ROLES, "see interviewer agreement and leniency")
    opening = get_opening(session, opening_id=opening_id, actor=actor)
    ratings, scorecards = _ratings(session, opening.id)
    units = _alpha_units(ratings)
    by_skill: dict[str, list[list[float | None]]] = defaultdict(list)
    for unit, values in units.items():
        by_skill[unit[1]].append(list(values.values()))  # type: ignore[index]
    all_units = [list(values.values()) for values in units.values()]
    pairable = sum(len(values) for values in all_units if len(values) >= 2)
    leniency = interviewer_leniency(ratings)
    names = dict(session.execute(select(User.id, User.username).where(
        User.id.in_([int(who) for who in leniency]))).all()) if leniency else {}
    record_event(session, actor=actor, action="read", resource="interview_stats",
                 resource_id=opening.id, detail={"scorecards": scorecards,
                                                 "interviewers": len(leniency)})
    return InterviewStats(
        opening_id=opening.id, alpha=krippendorff_alpha(all_units),
        alpha_by_skill={skill: krippendorff_alpha(found)
                        for skill, found in sorted(by_skill.items())},
        units=len(units), pairable_values=pairable, scorecards=scorecards,
        leniency=sorted((Leniency(interviewer_id=int(who), interviewer=names.get(int(who), ""),
                                  offset=offset, ratings=count, panels=panel_count)
                         for who, (offset, count, panel_count) in leniency.items()),
                        key=lambda item: (-item.offset, item.interviewer_id)))
