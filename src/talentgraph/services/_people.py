"""People: employees, their reviews, pay bands, pay and attrition risk scores.

Row-level rules live here (the permission table only checks the role): hr and admin see
everyone; any other actor sees only the employee their account is linked to
(``Actor.employee_id``) and, where a service asks for the team rule (``include_team``: the
cultivation views), the people their employee manages directly or indirectly; a record they
may not see is reported as missing (NotFoundError), never as forbidden, so a refusal does not
reveal that it exists. Pay, risk
scores and protected attributes are for hr and admin only. Every write, and every read of
personal data, is audited in the same transaction (ids and field names, never values).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Select, false, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from talentgraph.domain import Actor
from talentgraph.errors import ConflictError, NotFoundError, ParameterError, PermissionDeniedError
from talentgraph.services._audit import record_event
from talentgraph.store import (
    Candidate,
    Employee,
    OrgRole,
    Page,
    PayBand,
    PayRecord,
    Review,
    RiskScore,
    paginate,
)
from talentgraph.taxonomy import load_taxonomy

__all__ = [
    "EMPLOYEE_FIELDS",
    "LEVELS",
    "check_level",
    "check_role_family",
    "create_employee",
    "create_pay_band",
    "create_pay_record",
    "create_review",
    "employee_fields_read",
    "get_employee",
    "list_employees",
    "list_pay_bands",
    "list_pay_records",
    "list_reviews",
    "list_risk_scores",
    "manages",
    "require_hr",
    "scope_to_actor",
    "team_member_ids",
    "update_employee",
    "visible_employee",
    "visible_employee_ids",
]

#: The rungs of every role family's ladder.
LEVELS = ("L1", "L2", "L3", "L4", "L5")
#: The fields of an employee a caller may set.
EMPLOYEE_FIELDS = ("ref", "name", "email", "phone", "protected", "role_family", "level",
                   "department", "city", "manager_id", "hired_on", "left_on", "candidate_id")


# --- rules shared by every people service -------------------------------------------------------

def require_hr(actor: Actor, what: str) -> None:
    """Refuse anyone but hr and admin (PermissionDeniedError naming the action)."""
    if not actor.is_hr:
        raise PermissionDeniedError(f"Only hr and admin may {what}.",
                                    details=[f"Your role is {actor.role!r}."])


def _no_employee(employee_id: int) -> NotFoundError:
    return NotFoundError(f"No employee with id {employee_id}.",
                         details=["Check the id; hr lists employees with GET /api/v1/employees."])


def manages(session: Session, *, manager_id: int | None, employee_id: int) -> bool:
    """Whether employee ``manager_id`` manages ``employee_id``, directly or through others
    (a walk up the ``manager_id`` chain; a cycle in the chain ends it)."""
    if manager_id is None:
        return False
    seen = {employee_id}
    current = session.scalar(select(Employee.manager_id).where(Employee.id == employee_id))
    while current is not None and current not in seen:
        if current == manager_id:
            return True
        seen.add(current)
        current = session.scalar(select(Employee.manager_id).where(Employee.id == current))
    return False


def team_member_ids(session: Session, *, manager_id: int) -> set[int]:
    """The ids of everyone employee ``manager_id`` manages, directly or indirectly (a walk
    down the reporting lines, one query per layer); never ``manager_id`` itself."""
    found: set[int] = set()
    layer = {manager_id}
    while layer:
        reports = set(session.scalars(select(Employee.id).where(
            Employee.manager_id.in_(sorted(layer)))))
        layer = reports - found - {manager_id}
        found |= layer
    return found


def visible_employee(session: Session, *, employee_id: int, actor: Actor,
                     include_team: bool = False) -> Employee:
    """The employee ``employee_id`` when the actor may see them (hr and admin: anyone; others:
    their own profile and, with ``include_team``, the people their employee manages directly
    or indirectly); otherwise NotFoundError, as if there were none."""
    allowed = actor.is_hr or (actor.employee_id is not None and actor.employee_id == employee_id)
    if not allowed and include_team:
        allowed = manages(session, manager_id=actor.employee_id, employee_id=employee_id)
    employee = session.get(Employee, employee_id) if allowed else None
    if employee is None:
        raise _no_employee(employee_id)
    return employee


def visible_employee_ids(session: Session, *, actor: Actor) -> set[int] | None:
    """The ids of the employees the actor may see under the team rule: None for hr and admin
    (everyone), else their own employee and everyone it manages (empty when unlinked)."""
    if actor.is_hr:
        return None
    if actor.employee_id is None:
        return set()
    return {actor.employee_id, *team_member_ids(session, manager_id=actor.employee_id)}


def scope_to_actor(query: Select[Any], column: InstrumentedAttribute[Any], *, actor: Actor,
                   employee_id: int | None) -> Select[Any]:
    """``query`` limited to what the actor may list: hr and admin everyone (or the employee
    asked for); others their own rows only (asking for someone else's is NotFoundError)."""
    if actor.is_hr:
        return query if employee_id is None else query.where(column == employee_id)
    if employee_id is not None and employee_id != actor.employee_id:
        raise _no_employee(employee_id)
    if actor.employee_id is None:
        return query.where(false())
    return query.where(column == actor.employee_id)


def check_level(level: str | None, *, field: str = "level") -> None:
    """Refuse a ladder level other than L1..L5 (None passes)."""
    if level is not None and level not in LEVELS:
        raise ParameterError(f"The {field!r} field must be one of {', '.join(LEVELS)}. "
                             f"Got {level!r} instead.")


def check_role_family(session: Session, slug: str | None, *, field: str = "role_family") -> None:
    """Refuse a role family that is neither in the shipped taxonomy nor one of the
    organisation's own roles (None passes)."""
    if slug is None:
        return
    if slug in load_taxonomy().roles:
        return
    if session.scalar(select(OrgRole.id).where(OrgRole.slug == slug)) is not None:
        return
    raise ParameterError(
        f"The {field!r} field must be the slug of a role family of the skill framework. "
        f"Got {slug!r} instead.",
        details=["List role families with GET /api/v1/framework/roles."])


def _page_ids(page: Page[Any]) -> list[int]:
    return [row.id for row in page.items]


def employee_fields_read(actor: Actor) -> list[str]:
    """The personal fields of an employee the actor reads (for the audit log): contact
    details, and protected attributes for hr and admin."""
    return ["name", "email", "phone", *(["protected"] if actor.is_hr else [])]


# --- employees ----------------------------------------------------------------------------------

def list_employees(session: Session, *, actor: Actor, role_family: str | None = None,
                   level: str | None = None, department: str | None = None,
                   q: str | None = None, limit: int = 50, offset: int = 0,
                   sort: str | None = None) -> Page[Employee]:
    """A page of employees (hr and admin), filtered; ``q`` matches part of the ref."""
    require_hr(actor, "list employees")
    query = select(Employee)
    if role_family:
        query = query.where(Employee.role_family == role_family)
    if level:
        query = query.where(Employee.level == level)
    if department:
        query = query.where(Employee.department == department)
    if q:
        pattern = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Employee.ref.ilike(f"%{pattern}%", escape="\\"))
    page = paginate(session, query, limit=limit, offset=offset, sort=sort, sortable={
        "ref": Employee.ref, "role_family": Employee.role_family, "level": Employee.level,
        "department": Employee.department, "hired_on": Employee.hired_on,
        "created_at": Employee.created_at})
    record_event(session, actor=actor, action="read", resource="employee",
                 detail={"ids": _page_ids(page), "fields": employee_fields_read(actor)})
    return page


def get_employee(session: Session, *, employee_id: int, actor: Actor) -> Employee:
    """One employee's profile (hr and admin: anyone; an employee: their own), audited."""
    employee = visible_employee(session, employee_id=employee_id, actor=actor)
    record_event(session, actor=actor, action="read", resource="employee",
                 resource_id=employee.id, detail={"fields": employee_fields_read(actor)})
    return employee


def _check_employee_fields(session: Session, fields: Mapping[str, Any], *,
                           employee: Employee | None) -> None:
    unknown = sorted(set(fields) - set(EMPLOYEE_FIELDS))
    if unknown:
        raise ParameterError(f"Unknown employee field {unknown[0]!r}; the fields are "
                             f"{', '.join(EMPLOYEE_FIELDS)}.")
    for name in ("ref", "name"):
        if name in fields and not (fields[name] or "").strip():
            raise ParameterError(f"The {name!r} field of an employee must not be empty.")
    check_level(fields.get("level"))
    check_role_family(session, fields.get("role_family"))
    manager_id = fields.get("manager_id")
    if manager_id is not None:
        if employee is not None and manager_id == employee.id:
            raise ParameterError("The 'manager_id' field must not be the employee's own id.")
        if session.get(Employee, manager_id) is None:
            raise ParameterError(f"The 'manager_id' field must be the id of an employee. "
                                 f"Got {manager_id!r} instead.")
    candidate_id = fields.get("candidate_id")
    if candidate_id is not None and session.get(Candidate, candidate_id) is None:
        raise ParameterError(f"The 'candidate_id' field must be the id of a candidate. "
                             f"Got {candidate_id!r} instead.")
    hired = fields.get("hired_on", employee.hired_on if employee else None)
    left = fields.get("left_on", employee.left_on if employee else None)
    if hired is not None and left is not None and left < hired:
        raise ParameterError(f"The 'left_on' date must not be before 'hired_on' ({hired}). "
                             f"Got {left} instead.")
    ref = fields.get("ref")
    if ref is not None and (employee is None or ref != employee.ref):
        if session.scalar(select(Employee.id).where(Employee.ref == ref)) is not None:
            raise ConflictError(f"An employee with ref {ref!r} exists already.")


def create_employee(session: Session, *, actor: Actor, fields: Mapping[str, Any]) -> Employee:
    """Add an employee from ``fields`` (names in EMPLOYEE_FIELDS; ref and name required)."""
    require_hr(actor, "add employees")
    missing = [name for name in ("ref", "name") if not fields.get(name)]
    if missing:
        raise ParameterError(f"An employee needs a {missing[0]!r}.")
    _check_employee_fields(session, fields, employee=None)
    employee = Employee(**fields)
    session.add(employee)
    session.flush()
    record_event(session, actor=actor, action="create", resource="employee",
                 resource_id=employee.id, detail={"fields": sorted(fields)})
    return employee


def update_employee(session: Session, *, employee_id: int, actor: Actor,
                    changes: Mapping[str, Any]) -> Employee:
    """Change the given fields of an employee (a None value clears an optional field)."""
    require_hr(actor, "change employees")
    employee = visible_employee(session, employee_id=employee_id, actor=actor)
    for name in ("ref", "name"):
        if name in changes and changes[name] is None:
            raise ParameterError(f"The {name!r} field of an employee cannot be cleared.")
    _check_employee_fields(session, changes, employee=employee)
    changed = sorted(name for name, value in changes.items()
                     if getattr(employee, name) != value)
    for name in changed:
        setattr(employee, name, changes[name])
    if changed:
        session.flush()
        record_event(session, actor=actor, action="update", resource="employee",
                     resource_id=employee.id, detail={"fields": changed})
    return employee


# --- reviews ------------------------------------------------------------------------------------

def list_reviews(session: Session, *, actor: Actor, employee_id: int | None = None,
                 cycle: str | None = None, limit: int = 50, offset: int = 0,
                 sort: str | None = None) -> Page[Review]:
    """A page of reviews: hr and admin anyone's, an employee their own; audited."""
    query = scope_to_actor(select(Review), Review.employee_id, actor=actor,
                           employee_id=employee_id)
    if cycle:
        query = query.where(Review.cycle == cycle)
    page = paginate(session, query, limit=limit, offset=offset, sort=sort, sortable={
        "cycle": Review.cycle, "final_score": Review.final_score,
        "created_at": Review.created_at}, default_sort=Review.created_at.desc())
    record_event(session, actor=actor, action="read", resource="review",
                 detail={"ids": _page_ids(page)})
    return page


def create_review(session: Session, *, actor: Actor, employee_id: int, cycle: str,
                  goals: list[Any] | None = None, inputs: list[Any] | None = None,
                  final_score: float | None = None) -> Review:
    """Record an employee's review of one cycle (one per employee and cycle)."""
    require_hr(actor, "record reviews")
    visible_employee(session, employee_id=employee_id, actor=actor)
    cycle = cycle.strip()
    if not cycle:
        raise ParameterError("The 'cycle' field of a review must not be empty (e.g. '2025H1').")
    taken = session.scalar(select(Review.id).where(Review.employee_id == employee_id,
                                                   Review.cycle == cycle))
    if taken is not None:
        raise ConflictError(f"Employee {employee_id} has a review of cycle {cycle!r} already.")
    review = Review(employee_id=employee_id, cycle=cycle, goals=list(goals or []),
                    inputs=list(inputs or []), final_score=final_score)
    session.add(review)
    session.flush()
    record_event(session, actor=actor, action="create", resource="review",
                 resource_id=review.id, detail={"employee_id": employee_id})
    return review


# --- pay bands and pay --------------------------------------------------------------------------

def _check_currency(currency: str) -> None:
    if len(currency) != 3 or not currency.isascii() or not currency.isupper():
        raise ParameterError(f"The 'currency' field must be an ISO 4217 code such as CNY or USD. "
                             f"Got {currency!r} instead.")


def list_pay_bands(session: Session, *, actor: Actor, role_family: str | None = None,
                   level: str | None = None, city: str | None = None, limit: int = 50,
                   offset: int = 0, sort: str | None = None) -> Page[PayBand]:
    """A page of pay bands (hr and admin), filtered."""
    require_hr(actor, "see pay bands")
    query = select(PayBand)
    if role_family:
        query = query.where(PayBand.role_family == role_family)
    if level:
        query = query.where(PayBand.level == level)
    if city is not None:
        query = query.where(PayBand.city == city)
    return paginate(session, query, limit=limit, offset=offset, sort=sort, sortable={
        "role_family": PayBand.role_family, "level": PayBand.level, "city": PayBand.city,
        "midpoint": PayBand.midpoint})


def create_pay_band(session: Session, *, actor: Actor, role_family: str, level: str,
                    minimum: float, midpoint: float, maximum: float, city: str = "",
                    currency: str = "CNY") -> PayBand:
    """Add the pay band of a role family at a level (and city; "" is every city)."""
    require_hr(actor, "add pay bands")
    check_role_family(session, role_family)
    check_level(level)
    _check_currency(currency)
    if not 0 < minimum <= midpoint <= maximum:
        raise ParameterError(f"A pay band needs 0 < minimum <= midpoint <= maximum. Got "
                             f"{minimum} / {midpoint} / {maximum} instead.")
    taken = session.scalar(select(PayBand.id).where(
        PayBand.role_family == role_family, PayBand.level == level, PayBand.city == city))
    if taken is not None:
        raise ConflictError(f"A pay band for {role_family} {level} in {city or 'every city'!r} "
                            "exists already.")
    band = PayBand(role_family=role_family, level=level, city=city, currency=currency,
                   minimum=minimum, midpoint=midpoint, maximum=maximum)
    session.add(band)
    session.flush()
    record_event(session, actor=actor, action="create", resource="pay_band",
                 resource_id=band.id, detail={"role_family": role_family, "level": level})
    return band


def list_pay_records(session: Session, *, employee_id: int, actor: Actor, limit: int = 50,
                     offset: int = 0) -> Page[PayRecord]:
    """A page of one employee's pay, newest first (hr and admin); the read is audited."""
    require_hr(actor, "see pay")
    visible_employee(session, employee_id=employee_id, actor=actor)
    page = paginate(session, select(PayRecord).where(PayRecord.employee_id == employee_id),
                    limit=limit, offset=offset, default_sort=PayRecord.effective_on.desc())
    record_event(session, actor=actor, action="read", resource="pay", resource_id=employee_id,
                 detail={"ids": _page_ids(page)})
    return page


def create_pay_record(session: Session, *, employee_id: int, actor: Actor, effective_on: date,
                      annual: float, currency: str = "CNY", reason: str = "") -> PayRecord:
    """Record an employee's annual pay from a date (encrypted at rest; hr and admin)."""
    require_hr(actor, "record pay")
    visible_employee(session, employee_id=employee_id, actor=actor)
    _check_currency(currency)
    if not annual > 0:
        raise ParameterError(f"The 'annual' pay must be more than 0. Got {annual!r} instead.")
    record = PayRecord(employee_id=employee_id, effective_on=effective_on,
                       pay={"annual": float(annual), "currency": currency}, reason=reason)
    session.add(record)
    session.flush()
    record_event(session, actor=actor, action="create", resource="pay", resource_id=employee_id,
                 detail={"pay_record_id": record.id})
    return record


# --- risk scores --------------------------------------------------------------------------------

def list_risk_scores(session: Session, *, actor: Actor, employee_id: int | None = None,
                     band: str | None = None, limit: int = 50, offset: int = 0,
                     sort: str | None = None) -> Page[RiskScore]:
    """A page of attrition risk scores (hr and admin), highest risk first unless sorted;
    the read is audited."""
    require_hr(actor, "see risk scores")
    query = select(RiskScore)
    if employee_id is not None:
        query = query.where(RiskScore.employee_id == employee_id)
    if band:
        query = query.where(RiskScore.band == band)
    page = paginate(session, query, limit=limit, offset=offset, sort=sort, sortable={
        "risk": RiskScore.risk, "scored_at": RiskScore.scored_at, "band": RiskScore.band},
        default_sort=RiskScore.risk.desc())
    record_event(session, actor=actor, action="read", resource="risk_score",
                 detail={"ids": _page_ids(page)})
    return page
