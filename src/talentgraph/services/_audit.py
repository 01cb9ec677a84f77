"""The audit log: every write, and every read of personal data, is recorded (who, what, when,
from where). Rows are append-only (the database refuses UPDATE and DELETE)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.store import AuditEvent

__all__ = ["record_event"]


def record_event(session: Session, *, actor: Actor, action: str, resource: str,
                 resource_id: object = None, detail: dict[str, Any] | None = None) -> None:
    """Add one audit event in the caller's transaction (so it commits with the change).

    ``action`` is a verb: create, update, delete, read, export, erase, login, login_failed,
    logout, import, rotate_key ...; ``resource`` the kind of thing (candidate, employee, pay ...).
    Never put personal data itself in ``detail``: ids and field names only.
    """
    session.add(AuditEvent(
        actor_id=actor.user_id, actor=actor.username, action=action, resource=resource,
        resource_id=None if resource_id is None else str(resource_id), ip=actor.ip,
        detail=detail or {}))
