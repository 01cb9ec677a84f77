"""Learning: the catalogue of resources (books, papers, courses, documentation, mentors,
projects) and employees' learning plans towards a role family and level.

Everyone may browse the catalogue; hr and admin add to it. A plan is personal data: an
employee lists and makes only their own, hr and admin anyone's (reads and writes audited).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import ConflictError, ParameterError
from talentgraph.services._audit import record_event
from talentgraph.services._people import (
    check_level,
    check_role_family,
    require_hr,
    scope_to_actor,
    visible_employee,
)
from talentgraph.services._profiles import resolve_skill
from talentgraph.store import LearningPlan, LearningResource, Page, paginate

__all__ = [
    "LANGUAGES",
    "PLAN_STATUSES",
    "RESOURCE_KINDS",
    "create_learning_plan",
    "create_learning_resource",
    "list_learning_plans",
    "list_learning_resources",
]

RESOURCE_KINDS = ("book", "paper", "course", "documentation", "mentor", "project")
LANGUAGES = ("en", "zh")
PLAN_STATUSES = ("active", "completed", "cancelled")


def _one_of(value: str, allowed: Iterable[str], *, field: str) -> None:
    allowed = tuple(allowed)
    if value not in allowed:
        raise ParameterError(f"The {field!r} field must be one of {', '.join(allowed)}. "
                             f"Got {value!r} instead.")


def _like_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_learning_resources(session: Session, *, actor: Actor, kind: str | None = None,
                            language: str | None = None, skill: str | None = None,
                            limit: int = 50, offset: int = 0,
                            sort: str | None = None) -> Page[LearningResource]:
    """A page of the catalogue, filtered by kind, language and a skill it teaches (a slug or
    a skill's name)."""
    query = select(LearningResource)
    if kind:
        query = query.where(LearningResource.kind == kind)
    if language:
        query = query.where(LearningResource.language == language)
    if skill:
        slug = resolve_skill(session, skill)
        # ``skills`` is a JSON list of slugs; its text holds "slug" with the quotes
        query = query.where(cast(LearningResource.skills, String).like(
            f'%"{_like_literal(slug)}"%', escape="\\"))
    return paginate(session, query, limit=limit, offset=offset, sort=sort, sortable={
        "title": LearningResource.title, "kind": LearningResource.kind,
        "level": LearningResource.level, "hours": LearningResource.hours})


def create_learning_resource(session: Session, *, actor: Actor, ref: str, title: str,
                             kind: str, language: str = "en", url: str | None = None,
                             skills: Iterable[str] = (), level: int = 1, hours: float = 1.0,
                             is_internal: bool = False) -> LearningResource:
    """Add a resource to the catalogue (hr and admin); ``skills`` are resolved to slugs."""
    require_hr(actor, "add learning resources")
    ref, title = ref.strip(), title.strip()
    if not ref or not title:
        raise ParameterError("A learning resource needs a non-empty 'ref' and 'title'.")
    _one_of(kind, RESOURCE_KINDS, field="kind")
    _one_of(language, LANGUAGES, field="language")
    if url is not None and not url.startswith(("https://", "http://")):
        raise ParameterError(f"The 'url' field must start with https:// or http://. "
                             f"Got {url!r} instead.")
    if isinstance(level, bool) or not 0 <= level <= 4:
        raise ParameterError(f"The 'level' field must be an int in [0, 4]. Got {level!r} instead.")
    if not 0 < hours <= 10_000:
        raise ParameterError(f"The 'hours' field must be in (0, 10000]. Got {hours!r} instead.")
    slugs = list(dict.fromkeys(resolve_skill(session, s, field="skills") for s in skills))
    if session.scalar(select(LearningResource.id).where(LearningResource.ref == ref)) is not None:
        raise ConflictError(f"A learning resource with ref {ref!r} exists already.")
    resource = LearningResource(ref=ref, title=title, kind=kind, language=language, url=url,
                                skills=slugs, level=level, hours=float(hours),
                                is_internal=is_internal)
    session.add(resource)
    session.flush()
    record_event(session, actor=actor, action="create", resource="learning_resource",
                 resource_id=resource.id, detail={"ref": ref})
    return resource


def list_learning_plans(session: Session, *, actor: Actor, employee_id: int | None = None,
                        status: str | None = None, limit: int = 50, offset: int = 0,
                        sort: str | None = None) -> Page[LearningPlan]:
    """A page of learning plans: hr and admin anyone's, an employee their own; audited."""
    query = scope_to_actor(select(LearningPlan), LearningPlan.employee_id, actor=actor,
                           employee_id=employee_id)
    if status:
        query = query.where(LearningPlan.status == status)
    page = paginate(session, query, limit=limit, offset=offset, sort=sort, sortable={
        "created_at": LearningPlan.created_at, "status": LearningPlan.status,
        "target_role": LearningPlan.target_role}, default_sort=LearningPlan.created_at.desc())
    record_event(session, actor=actor, action="read", resource="learning_plan",
                 detail={"ids": [plan.id for plan in page.items]})
    return page


def create_learning_plan(session: Session, *, actor: Actor, target_role: str,
                         target_level: str, employee_id: int | None = None,
                         steps: Iterable[Mapping[str, Any]] = (),
                         status: str = "active") -> LearningPlan:
    """Make a learning plan towards ``target_role`` at ``target_level`` (L1..L5): an employee
    for themselves (``employee_id`` defaults to their own), hr and admin for anyone.

    ``steps`` are objects with at least a ``slug`` (resolved like any skill reference).
    """
    if employee_id is None:
        if actor.employee_id is None:
            raise ParameterError("The 'employee_id' field is required: your account is not "
                                 "linked to an employee profile.")
        employee_id = actor.employee_id
    visible_employee(session, employee_id=employee_id, actor=actor)
    check_role_family(session, target_role, field="target_role")
    check_level(target_level, field="target_level")
    _one_of(status, PLAN_STATUSES, field="status")
    resolved = []
    for index, step in enumerate(steps):
        slug = step.get("slug")
        if not isinstance(slug, str):
            raise ParameterError(f"Step {index} of the plan needs a 'slug' (a skill).")
        resolved.append({**step, "slug": resolve_skill(session, slug, field=f"steps.{index}.slug")})
    plan = LearningPlan(employee_id=employee_id, target_role=target_role,
                        target_level=target_level, steps=resolved, status=status)
    session.add(plan)
    session.flush()
    record_event(session, actor=actor, action="create", resource="learning_plan",
                 resource_id=plan.id, detail={"employee_id": employee_id, "steps": len(resolved)})
    return plan
