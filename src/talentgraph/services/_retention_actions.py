"""Retention actions: the drivers of a person's risk, mapped to actions with an owner, tracked
to what happened next (issue 7). hr and admin only.

Drivers, from the workspace's data and from the stored explanation of the latest risk score
(services._retention_drivers), and the action each suggests:

- pay below the market (services._pay_market: under 95% of the market median), or a pay driver
  raising the risk -> ``pay_review``, owner hr, with the figures (pay, market median and its
  source, gap, compa-ratio);
- no promotion for years: no level change for ``YEARS_WITHOUT_PROMOTION`` (3) years or more
  (the latest level change in the audit log, or a pay record whose reason says promotion/晋升;
  else the hire date), or a promotion driver raising the risk -> ``career_conversation``, owner
  the manager, with the readiness for the next level (services._cultivation_gaps);
- long overtime (an overtime driver raising the risk) -> ``workload_review``, owner the manager;
- no development: no active learning plan and no skill evidence in ``DEVELOPMENT_MONTHS`` (12)
  months, or a development driver -> ``learning_plan``, owner the manager (the person
  themselves when they have no manager).

Actions are suggested for people whose latest risk band is in ``bands`` (high and medium by
default). Suggesting is idempotent: an employee never gets a second suggested or open action
of the same kind. Every write and every read (the figures hold pay) is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import NotFoundError, ParameterError, TalentGraphError
from talentgraph.services._audit import record_event
from talentgraph.services._pay_market import PayLine, compare_pay, latest_risk_scores
from talentgraph.services._people import require_hr
from talentgraph.services._retention_drivers import drivers_of_kind
from talentgraph.store import (
    ACTION_OUTCOMES,
    ACTION_STATUSES,
    AuditEvent,
    Employee,
    LearningPlan,
    Page,
    PayRecord,
    RetentionAction,
    RiskScore,
    SkillEvidence,
    User,
    paginate,
)

__all__ = [
    "ACTION_KINDS",
    "ACTION_OWNERS",
    "DEVELOPMENT_MONTHS",
    "DUE_DAYS",
    "OPEN_STATUSES",
    "YEARS_WITHOUT_PROMOTION",
    "ActionOutcome",
    "Finding",
    "SuggestResult",
    "action_outcomes",
    "find_drivers",
    "list_actions",
    "suggest_actions",
    "update_action",
]

#: The actions, each with the role that owns it.
ACTION_OWNERS: Mapping[str, str] = {"pay_review": "hr", "career_conversation": "manager",
                                    "workload_review": "manager", "learning_plan": "manager"}
ACTION_KINDS = tuple(ACTION_OWNERS)
#: An action in one of these is still to do (a new suggestion of its kind is not made).
OPEN_STATUSES = ("suggested", "open")
YEARS_WITHOUT_PROMOTION = 3
DEVELOPMENT_MONTHS = 12
#: Days from suggestion to the due date.
DUE_DAYS = 30
_PROMOTION_WORDS = ("promot", "晋升", "升职", "晋级")


@dataclass(frozen=True, slots=True)
class Finding:
    """One driver found for a person: the action it calls for, why, and the figures."""

    kind: str
    reason: str
    figures: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SuggestResult:
    """What a suggestion run did: the actions it created, and how many it did not repeat."""

    created: list[RetentionAction]
    existing: int
    people: int


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    """What happened after a done action: did the person leave, and their risk before and
    after (latest scores before the action was suggested and after it was done)."""

    action: RetentionAction
    ref: str
    left_on: date | None
    has_left: bool
    risk_before: float | None
    risk_after: float | None


# --- finding drivers ----------------------------------------------------------------------------

def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def _driver_words(drivers: Sequence[dict[str, Any]]) -> dict[str, Any]:
    first = drivers[0]
    return {"driver_en": str(first.get("text_en") or first.get("feature") or ""),
            "driver_zh": str(first.get("text_zh") or first.get("text_en")
                             or first.get("feature") or "")}


def _pay_finding(line: PayLine | None, drivers: Sequence[Any]) -> Finding | None:
    pay_drivers = drivers_of_kind(drivers, "pay")
    if line is not None and line.is_under_market and line.market is not None:
        figures = {"pay": _round(line.annual, 0), "currency": line.currency,
                   "market_median": _round(line.market.median, 0),
                   "market_source": line.market.label, "market_sample": line.market.sample,
                   "gap": _round(line.gap, 0), "gap_pct": _round(line.gap_pct, 4),
                   "compa_ratio": _round(line.compa_ratio, 3),
                   "band_midpoint": _round(line.band_midpoint, 0)}
        if pay_drivers:
            figures.update(_driver_words(pay_drivers))
        return Finding("pay_review", "pay_below_market", figures)
    if pay_drivers:
        figures = _driver_words(pay_drivers)
        if line is not None:
            figures.update({"compa_ratio": _round(line.compa_ratio, 3), "currency": line.currency,
                            "pay": _round(line.annual, 0)})
        return Finding("pay_review", "pay_driver", figures)
    return None


def _level_changes(session: Session, ids: Sequence[int]) -> dict[int, date]:
    """The latest level change of each employee: an audited update of ``level``, or a pay
    record whose reason names a promotion."""
    found: dict[int, date] = {}
    events = session.execute(select(AuditEvent.resource_id, AuditEvent.at, AuditEvent.detail)
                             .where(AuditEvent.resource == "employee",
                                    AuditEvent.action == "update",
                                    AuditEvent.resource_id.in_([str(i) for i in ids])))
    for resource_id, at, detail in events:
        if "level" in (detail or {}).get("fields", ()):
            day = at.date()
            key = int(resource_id)
            found[key] = max(found.get(key, day), day)
    records = session.execute(select(PayRecord.employee_id, PayRecord.effective_on,
                                     PayRecord.reason).where(PayRecord.employee_id.in_(ids)))
    for employee_id, effective_on, reason in records:
        if any(word in (reason or "").casefold() for word in _PROMOTION_WORDS):
            found[employee_id] = max(found.get(employee_id, effective_on), effective_on)
    return found


def _readiness(session: Session, employee: Employee, actor: Actor) -> dict[str, Any] | None:
    from talentgraph.services._cultivation_gaps import employee_readiness

    try:
        view = employee_readiness(session, employee_id=employee.id, actor=actor)
    except TalentGraphError:  # no role family, the top level, an unknown role
        return None
    ready = view.readiness
    return {"target_level": ready.target_level, "score": _round(ready.score, 3),
            "is_ready": ready.is_ready, "missing_skills": len(ready.missing)}


def _promotion_finding(session: Session, employee: Employee, *, changed: date | None,
                       drivers: Sequence[Any], today: date, actor: Actor) -> Finding | None:
    since = changed or employee.hired_on
    years = (today - since).days / 365.25 if since is not None else None
    promotion_drivers = drivers_of_kind(drivers, "promotion")
    if (years is None or years < YEARS_WITHOUT_PROMOTION) and not promotion_drivers:
        return None
    figures: dict[str, Any] = {"level": employee.level,
                               "years_without_level_change": _round(years, 1),
                               "since": since.isoformat() if since else None,
                               "readiness": _readiness(session, employee, actor)}
    if promotion_drivers:
        figures.update(_driver_words(promotion_drivers))
    reason = ("no_promotion" if years is not None and years >= YEARS_WITHOUT_PROMOTION
              else "promotion_driver")
    return Finding("career_conversation", reason, figures)


def _development(session: Session, ids: Sequence[int]) -> tuple[set[int], dict[int, date]]:
    """Who has an active learning plan, and each person's latest skill evidence date."""
    planned = set(session.scalars(select(LearningPlan.employee_id).where(
        LearningPlan.employee_id.in_(ids), LearningPlan.status == "active")))
    latest: dict[int, date] = {}
    rows = session.execute(select(SkillEvidence.employee_id, SkillEvidence.observed_on)
                           .where(SkillEvidence.employee_id.in_(ids)))
    for employee_id, observed_on in rows:
        latest[employee_id] = max(latest.get(employee_id, observed_on), observed_on)
    return planned, latest


def find_drivers(session: Session, *, employees: Sequence[Employee],
                 lines: Mapping[int, PayLine], scores: Mapping[int, RiskScore], today: date,
                 actor: Actor) -> dict[int, list[Finding]]:
    """The drivers found for each employee (module doc), at most one per action kind."""
    ids = [e.id for e in employees]
    changes = _level_changes(session, ids)
    since = today - timedelta(days=round(DEVELOPMENT_MONTHS * 30.44))
    planned, evidence = _development(session, ids)
    found: dict[int, list[Finding]] = {}
    for employee in employees:
        score = scores.get(employee.id)
        drivers = list(score.drivers or []) if score is not None else []
        findings = [
            _pay_finding(lines.get(employee.id), drivers),
            _promotion_finding(session, employee, changed=changes.get(employee.id),
                               drivers=drivers, today=today, actor=actor)]
        overtime = drivers_of_kind(drivers, "overtime")
        if overtime:
            findings.append(Finding("workload_review", "overtime_driver", _driver_words(overtime)))
        last = evidence.get(employee.id)
        development = drivers_of_kind(drivers, "development")
        is_stalled = employee.id not in planned and (last is None or last < since)
        if is_stalled or development:
            figures: dict[str, Any] = {"has_active_plan": employee.id in planned,
                                       "last_evidence_on": last.isoformat() if last else None}
            if development:
                figures.update(_driver_words(development))
            findings.append(Finding("learning_plan",
                                    "no_development" if is_stalled else "development_driver",
                                    figures))
        found[employee.id] = [f for f in findings if f is not None]
    return found


# --- suggesting ---------------------------------------------------------------------------------

def _users_of(session: Session, employee_ids: Iterable[int]) -> dict[int, int]:
    """employee id -> the id of an active user linked to them (the lowest id)."""
    wanted = sorted({i for i in employee_ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(select(User.employee_id, User.id).where(
        User.employee_id.in_(wanted), User.is_active.is_(True)).order_by(User.id))
    found: dict[int, int] = {}
    for employee_id, user_id in rows:
        found.setdefault(employee_id, user_id)
    return found


def _owner(kind: str, employee: Employee, users: Mapping[int, int]) -> tuple[str, int | None]:
    role = ACTION_OWNERS[kind]
    if role == "manager":
        if employee.manager_id is not None:
            return "manager", users.get(employee.manager_id)
        if kind == "learning_plan":
            return "employee", users.get(employee.id)
        return "hr", None
    return role, None


def _check_choice(value: str | None, name: str, options: Sequence[str]) -> None:
    if value is not None and value not in options:
        raise ParameterError(f"The {name!r} parameter must be one of {', '.join(options)}. "
                             f"Got {value!r} instead.")


def _pending(session: Session, employees: Sequence[Employee],
             scores: Mapping[int, RiskScore]) -> set[tuple[int, str]]:
    """(employee, kind) pairs not to suggest again: an action still to do, or one done or
    dismissed since the person's latest risk score."""
    found = set()
    for action in session.scalars(select(RetentionAction).where(
            RetentionAction.employee_id.in_([e.id for e in employees]))):
        score = scores.get(action.employee_id)
        if action.status in OPEN_STATUSES or (
                score is not None and action.updated_at >= score.scored_at):
            found.add((action.employee_id, action.kind))
    return found


def suggest_actions(session: Session, *, actor: Actor, employee_ids: Sequence[int] | None = None,
                    bands: Sequence[str] = ("high", "medium"),
                    today: date | None = None) -> SuggestResult:
    """Suggest actions for the current employees at risk (latest band in ``bands``), or for
    those of ``employee_ids``; idempotent (module doc). Audited."""
    require_hr(actor, "suggest retention actions")
    for band in bands:
        _check_choice(band, "bands", ("low", "medium", "high"))
    today = today or datetime.now(UTC).date()
    query = select(Employee).where(Employee.left_on.is_(None)).order_by(Employee.ref)
    if employee_ids is not None:
        query = query.where(Employee.id.in_(sorted(set(employee_ids))))
    employees = list(session.scalars(query))
    scores = latest_risk_scores(session, [e.id for e in employees])
    at_risk = [e for e in employees if e.id in scores and scores[e.id].band in bands]
    if not at_risk:
        return SuggestResult(created=[], existing=0, people=0)
    lines = {line.employee_id: line for line in compare_pay(session, actor=actor).lines}
    findings = find_drivers(session, employees=at_risk, lines=lines, scores=scores, today=today,
                            actor=actor)
    pending = _pending(session, at_risk, scores)
    users = _users_of(session, [e.manager_id for e in at_risk if e.manager_id]
                      + [e.id for e in at_risk])
    created: list[RetentionAction] = []
    existing = 0
    for employee in at_risk:
        for finding in findings[employee.id]:
            if (employee.id, finding.kind) in pending:
                existing += 1
                continue
            role, user_id = _owner(finding.kind, employee, users)
            action = RetentionAction(employee_id=employee.id, kind=finding.kind, owner_role=role,
                                     owner_user_id=user_id, status="suggested",
                                     reason=finding.reason, figures=finding.figures,
                                     due_on=today + timedelta(days=DUE_DAYS))
            session.add(action)
            pending.add((employee.id, finding.kind))
            created.append(action)
    session.flush()
    if created:
        record_event(session, actor=actor, action="create", resource="retention_action",
                     detail={"ids": [a.id for a in created],
                             "kinds": sorted({a.kind for a in created})})
    return SuggestResult(created=created, existing=existing, people=len(at_risk))


# --- tracking -----------------------------------------------------------------------------------

def list_actions(session: Session, *, actor: Actor, status: str | None = None,
                 kind: str | None = None, employee_id: int | None = None, limit: int = 50,
                 offset: int = 0, sort: str | None = None) -> Page[RetentionAction]:
    """A page of retention actions, newest first unless sorted; the read is audited."""
    require_hr(actor, "see retention actions")
    _check_choice(status, "status", ACTION_STATUSES)
    _check_choice(kind, "kind", ACTION_KINDS)
    query = select(RetentionAction)
    if status:
        query = query.where(RetentionAction.status == status)
    if kind:
        query = query.where(RetentionAction.kind == kind)
    if employee_id is not None:
        query = query.where(RetentionAction.employee_id == employee_id)
    page = paginate(session, query, limit=limit, offset=offset, sort=sort, sortable={
        "created_at": RetentionAction.created_at, "due_on": RetentionAction.due_on,
        "status": RetentionAction.status, "kind": RetentionAction.kind},
        default_sort=RetentionAction.created_at.desc())
    record_event(session, actor=actor, action="read", resource="retention_action",
                 detail={"ids": [a.id for a in page.items]})
    return page


def update_action(session: Session, *, actor: Actor, action_id: int,
                  changes: Mapping[str, Any]) -> RetentionAction:
    """Change an action's status, outcome, notes, due date or owner (hr and admin); moving it
    to done stamps ``done_at``, a new outcome stamps ``outcome_at``. Audited (field names)."""
    require_hr(actor, "change retention actions")
    action = session.get(RetentionAction, action_id)
    if action is None:
        raise NotFoundError(f"No retention action with id {action_id}.",
                            details=["List them with GET /api/v1/retention/actions."])
    allowed = {"status", "outcome", "notes", "due_on", "owner_user_id"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ParameterError(f"Unknown field {unknown[0]!r}; the fields are "
                             f"{', '.join(sorted(allowed))}.")
    if "status" in changes:
        _check_choice(changes["status"], "status", ACTION_STATUSES)
    if "outcome" in changes:
        _check_choice(changes["outcome"], "outcome", ACTION_OUTCOMES)
    for name in ("status", "outcome"):
        if name in changes and changes[name] is None:
            raise ParameterError(f"The {name!r} field of an action cannot be cleared.")
    owner = changes.get("owner_user_id")
    if owner is not None and session.get(User, owner) is None:
        raise ParameterError(f"The 'owner_user_id' field must be the id of a user. "
                             f"Got {owner!r} instead.")
    changed = sorted(name for name, value in changes.items() if getattr(action, name) != value)
    now = datetime.now(UTC)
    for name in changed:
        setattr(action, name, changes[name])
    if "status" in changed:
        action.done_at = now if action.status == "done" else None
    if "outcome" in changed:
        action.outcome_at = None if action.outcome == "unknown" else now
    if changed:
        session.flush()
        record_event(session, actor=actor, action="update", resource="retention_action",
                     resource_id=action.id, detail={"fields": changed,
                                                    "employee_id": action.employee_id})
    return action


def _risk_around(session: Session, ids: Sequence[int]) -> dict[int, list[RiskScore]]:
    found: dict[int, list[RiskScore]] = {i: [] for i in ids}
    if ids:
        rows = session.scalars(select(RiskScore).where(RiskScore.employee_id.in_(ids))
                               .order_by(RiskScore.scored_at, RiskScore.id))
        for row in rows:
            found[row.employee_id].append(row)
    return found


def action_outcomes(session: Session, *, actor: Actor, limit: int = 200) -> list[ActionOutcome]:
    """What happened after each done action (newest first): whether the person left on or
    after the day it was suggested, and their risk before and after; audited."""
    require_hr(actor, "see retention outcomes")
    done = list(session.scalars(select(RetentionAction).where(RetentionAction.status == "done")
                                .order_by(RetentionAction.done_at.desc(),
                                          RetentionAction.id.desc()).limit(limit)))
    ids = sorted({a.employee_id for a in done})
    people = {e.id: e for e in session.scalars(select(Employee).where(Employee.id.in_(ids)))}
    history = _risk_around(session, ids)
    outcomes = []
    for action in done:
        employee = people[action.employee_id]
        scores = history[action.employee_id]
        before = [s for s in scores if s.scored_at <= action.created_at]
        after = [s for s in scores if action.done_at is not None and s.scored_at > action.done_at]
        left_on = employee.left_on
        outcomes.append(ActionOutcome(
            action=action, ref=employee.ref, left_on=left_on,
            has_left=left_on is not None and left_on >= action.created_at.date(),
            risk_before=before[-1].risk if before else None,
            risk_after=after[-1].risk if after else None))
    record_event(session, actor=actor, action="read", resource="retention_action",
                 detail={"ids": [a.id for a in done], "fields": ["outcome"]})
    return outcomes
