"""The audit log: every write, and every read of personal data, is recorded (who, what, when,
from where). Rows are append-only (the database refuses UPDATE and DELETE).

Events are written when the caller's transaction commits, in that transaction: a read of
personal data then writes nothing until its commit, so on SQLite it holds the database's one
write lock for the commit alone, not for the rest of the request. A rolled-back transaction
records nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from talentgraph.domain import Actor
from talentgraph.store import AuditEvent

__all__ = ["pending_events", "record_event"]

_PENDING = "talentgraph.audit.pending"


def record_event(session: Session, *, actor: Actor, action: str, resource: str,
                 resource_id: object = None, detail: dict[str, Any] | None = None) -> None:
    """Add one audit event to the caller's transaction (written when it commits).

    ``action`` is a verb: create, update, delete, read, export, erase, login, login_failed,
    logout, import, rotate_key ...; ``resource`` the kind of thing (candidate, employee, pay ...).
    Never put personal data itself in ``detail``: ids and field names only.
    """
    session.info.setdefault(_PENDING, []).append(AuditEvent(
        actor_id=actor.user_id, actor=actor.username, action=action, resource=resource,
        resource_id=None if resource_id is None else str(resource_id), ip=actor.ip,
        detail=detail or {}))


def pending_events(session: Session) -> list[AuditEvent]:
    """The events recorded in the session's transaction and not yet written."""
    return list(session.info.get(_PENDING, ()))


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        session.add_all(pending)


@event.listens_for(Session, "after_transaction_end")
def _drop_pending(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the unit of work ended without a commit (rolled back)
        session.info.pop(_PENDING, None)
