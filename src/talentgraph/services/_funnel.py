"""Funnel analytics of the pipeline, from the stage history (StageEvent):

- ``reached``: applications that ever got to the stage or past it (a move that skips a stage
  counts as passing it); ``current``: those at the stage now;
- ``conversion``: reached(next stage) / reached(stage) (None when nobody reached the stage);
- ``median_days``: the median time spent in the stage by the applications that left it
  (the time from the move into it to the next move); None when nobody has left it yet;
- ``rejected``: applications rejected while at the stage.

Reported for all applications the actor may see (filtered by opening and source), and broken
down by candidate source and by opening. Counts only: no personal data, so not audited.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.services._pipeline import STAGES
from talentgraph.services._recruiting_scope import get_opening, visible_applications
from talentgraph.store import Application, Candidate, Opening, StageEvent

__all__ = ["FLOW", "Funnel", "FunnelReport", "FunnelStage", "StageMove", "build_funnel",
           "pipeline_funnel"]

#: The stages an application passes through in order ("rejected" leaves the flow).
FLOW = tuple(stage for stage in STAGES if stage != "rejected")
UNKNOWN_SOURCE = "unknown"
_DAY = 86400.0


@dataclass(frozen=True, slots=True)
class StageMove:
    """One move of one application (the input of build_funnel)."""

    application_id: int
    from_stage: str | None
    to_stage: str
    at: datetime


@dataclass(frozen=True, slots=True)
class FunnelStage:
    """One stage of a funnel (see the module docstring)."""

    stage: str
    reached: int
    current: int
    rejected: int
    conversion: float | None
    median_days: float | None


@dataclass(frozen=True, slots=True)
class Funnel:
    """A funnel over ``applications`` applications (``key``: the source or opening, or None
    for all)."""

    key: str | None
    label: str | None
    applications: int
    stages: list[FunnelStage]


@dataclass(frozen=True, slots=True)
class FunnelReport:
    """The funnel of all applications seen, by source and by opening."""

    overall: Funnel
    by_source: list[Funnel]
    by_opening: list[Funnel]


def _furthest(moves: Sequence[StageMove]) -> int:
    """The index in FLOW of the furthest stage an application reached."""
    reached = [FLOW.index(m.to_stage) for m in moves if m.to_stage in FLOW]
    return max(reached, default=0)


def build_funnel(moves: Iterable[StageMove], *, current: dict[int, str], key: str | None = None,
                 label: str | None = None) -> Funnel:
    """The funnel of the applications in ``current`` (id -> stage now) from their moves."""
    history: dict[int, list[StageMove]] = defaultdict(list)
    for move in moves:
        if move.application_id in current:
            history[move.application_id].append(move)
    reached = [0] * len(FLOW)
    rejected: dict[str, int] = defaultdict(int)
    stays: dict[str, list[float]] = defaultdict(list)
    for application_id in current:
        ordered = sorted(history[application_id], key=lambda m: m.at)
        for i in range(_furthest(ordered) + 1):
            reached[i] += 1
        for move, after in zip(ordered, ordered[1:], strict=False):
            stays[move.to_stage].append((after.at - move.at).total_seconds() / _DAY)
            if after.to_stage == "rejected":
                rejected[move.to_stage] += 1
    now = defaultdict(int, {stage: 0 for stage in FLOW})
    for stage in current.values():
        now[stage] += 1
    stages = []
    for i, stage in enumerate(FLOW):
        following = reached[i + 1] if i + 1 < len(FLOW) else None
        conversion = (round(following / reached[i], 4)
                      if following is not None and reached[i] else None)
        days = stays.get(stage)
        stages.append(FunnelStage(stage=stage, reached=reached[i], current=now[stage],
                                  rejected=rejected[stage], conversion=conversion,
                                  median_days=round(statistics.median(days), 2) if days
                                  else None))
    return Funnel(key=key, label=label, applications=len(current), stages=stages)


def pipeline_funnel(session: Session, *, actor: Actor, opening_id: int | None = None,
                    source: str | None = None) -> FunnelReport:
    """The funnel of the applications ``actor`` may see (hiring managers: their openings),
    optionally of one opening and/or one candidate source ("unknown": no source)."""
    query = (visible_applications(actor)
             .with_only_columns(Application.id, Application.stage, Application.opening_id,
                                Candidate.source, Opening.ref, Opening.title)
             .join(Candidate, Candidate.id == Application.candidate_id)
             .join(Opening, Opening.id == Application.opening_id))
    if opening_id is not None:
        get_opening(session, opening_id=opening_id, actor=actor)
        query = query.where(Application.opening_id == opening_id)
    if source == UNKNOWN_SOURCE:
        query = query.where(Candidate.source.is_(None))
    elif source:
        query = query.where(Candidate.source == source)
    rows = session.execute(query).all()
    ids = [row[0] for row in rows]
    moves: list[StageMove] = []
    chunk = 5000
    for start in range(0, len(ids), chunk):
        moves += [StageMove(application_id=e.application_id, from_stage=e.from_stage,
                            to_stage=e.to_stage, at=e.at)
                  for e in session.scalars(select(StageEvent).where(
                      StageEvent.application_id.in_(ids[start:start + chunk])))]
    current = {row[0]: row[1] for row in rows}
    by_source: dict[str, dict[int, str]] = defaultdict(dict)
    by_opening: dict[int, dict[int, str]] = defaultdict(dict)
    labels: dict[int, tuple[str, str]] = {}
    for app_id, stage, opening, src, ref, title in rows:
        by_source[src or UNKNOWN_SOURCE][app_id] = stage
        by_opening[opening][app_id] = stage
        labels[opening] = (ref, title)
    return FunnelReport(
        overall=build_funnel(moves, current=current),
        by_source=[build_funnel(moves, current=apps, key=src, label=src)
                   for src, apps in sorted(by_source.items())],
        by_opening=[build_funnel(moves, current=apps, key=labels[o][0], label=labels[o][1])
                    for o, apps in sorted(by_opening.items())])
