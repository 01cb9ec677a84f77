"""/api/v1: health, who am I, users, API tokens and the audit log."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.api._schemas import (
    PageOf,
    Timestamp,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from talentgraph.errors import NotFoundError, PermissionDeniedError
from talentgraph.services import _accounts as accounts
from talentgraph.services._audit import record_event
from talentgraph.store import ApiToken, AuditEvent, User, paginate

router = APIRouter()


class Health(BaseModel):
    ok: bool
    database: str
    schema_revision: str | None


@router.get("/health", name="health.get", response_model=Health)
def health(session: SessionDep) -> Health:
    """Liveness: the database answers."""
    from talentgraph.store import schema_revision

    connection = session.connection()  # the request's own: a second one could wait on a full pool
    return Health(ok=True, database=connection.dialect.name,
                  schema_revision=schema_revision(connection))


@router.get("/me", name="me.get", response_model=UserPublic)
def me(session: SessionDep, actor: ActorDep) -> User:
    """The logged-in user."""
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFoundError("Your account no longer exists.")
    return user


@router.get("/users", name="users.list", response_model=PageOf[UserPublic])
def list_users(session: SessionDep, limit: Annotated[int, Query(ge=1, le=200)] = 50,
               offset: Annotated[int, Query(ge=0)] = 0, role: str | None = None,
               sort: str | None = None) -> dict[str, Any]:
    """Every account (admins only)."""
    query = select(User)
    if role:
        query = query.where(User.role == role)
    page = paginate(session, query, limit=limit, offset=offset, sort=sort,
                    sortable={"username": User.username, "role": User.role,
                              "created_at": User.created_at})
    return {"items": page.items, "total": page.total, "limit": limit, "offset": offset}


@router.post("/users", name="users.create", response_model=UserPublic, status_code=201)
def create_user(body: UserCreate, session: SessionDep, actor: ActorDep) -> User:
    """Add a local account."""
    return accounts.create_user(session, username=body.username, password=body.password,
                                role=body.role, display_name=body.display_name,
                                employee_id=body.employee_id, actor=actor)


@router.patch("/users/{user_id}", name="users.update", response_model=UserPublic)
def update_user(user_id: int, body: UserUpdate, session: SessionDep, actor: ActorDep) -> User:
    """Change a user's role, activity or password."""
    return accounts.update_user(session, user_id=user_id, actor=actor, role=body.role,
                                is_active=body.is_active, password=body.password)


@router.get("/tokens", name="tokens.list", response_model=list[TokenPublic])
def list_tokens(session: SessionDep, actor: ActorDep) -> list[ApiToken]:
    """API tokens: your own (admins: everyone's). Tokens themselves are never shown again."""
    return accounts.list_tokens(session, user_id=None if actor.role == "admin" else actor.user_id)


@router.post("/tokens", name="tokens.create", response_model=TokenCreated, status_code=201)
def create_token(body: TokenCreate, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """A new API token (shown once)."""
    if body.username and body.username != actor.username:
        if actor.role != "admin":
            raise PermissionDeniedError("Only admins make tokens for other users.")
        user = accounts.get_user(session, username=body.username)
    else:
        user = session.get(User, actor.user_id)
        if user is None:
            raise NotFoundError("Your account no longer exists.")
    new = accounts.create_token(session, user=user, actor=actor, name=body.name,
                                scopes=tuple(body.scopes))
    return {"id": new.id, "token": new.token, "prefix": new.prefix, "scopes": list(new.scopes)}


@router.delete("/tokens/{token_id}", name="tokens.revoke", response_model=TokenPublic)
def revoke_token(token_id: int, session: SessionDep, actor: ActorDep) -> ApiToken:
    """Revoke a token: it stops working at once."""
    row = session.get(ApiToken, token_id)
    if row is None or (actor.role != "admin" and row.user_id != actor.user_id):
        raise NotFoundError(f"No API token with id {token_id}.")
    return accounts.revoke_token(session, token_id=token_id, actor=actor)


class AuditPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    at: Timestamp
    actor_id: int | None
    actor: str
    action: str
    resource: str
    resource_id: str | None
    ip: str | None
    detail: dict[str, Any]


def _audit_query(actor_name: str | None, action: str | None, resource: str | None,
                 since: datetime | None, until: datetime | None) -> Any:
    query = select(AuditEvent)
    if actor_name:
        query = query.where(AuditEvent.actor == actor_name)
    if action:
        query = query.where(AuditEvent.action == action)
    if resource:
        query = query.where(AuditEvent.resource == resource)
    if since:
        query = query.where(AuditEvent.at >= since)
    if until:
        query = query.where(AuditEvent.at < until)
    return query


@router.get("/audit", name="audit.list", response_model=PageOf[AuditPublic])
def list_audit(session: SessionDep, limit: Annotated[int, Query(ge=1, le=200)] = 50,
               offset: Annotated[int, Query(ge=0)] = 0, actor: str | None = None,
               action: str | None = None, resource: str | None = None,
               since: datetime | None = None, until: datetime | None = None,
               sort: str | None = None) -> dict[str, Any]:
    """The audit log, newest first unless sorted otherwise (admins only)."""
    page = paginate(session, _audit_query(actor, action, resource, since, until), limit=limit,
                    offset=offset, sort=sort, default_sort=AuditEvent.id.desc(),
                    sortable={"at": AuditEvent.at, "actor": AuditEvent.actor,
                              "action": AuditEvent.action})
    return {"items": page.items, "total": page.total, "limit": limit, "offset": offset}


AUDIT_COLUMNS = ("id", "at", "actor_id", "actor", "action", "resource", "resource_id", "ip",
                 "detail")


def _cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula (user names are typed by anyone)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def audit_csv(session: Any, query: Any) -> str:
    """The audit events of ``query`` as CSV text (cells that look like formulas escaped)."""
    import json

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AUDIT_COLUMNS)
    for event in session.scalars(query.order_by(AuditEvent.id)):
        writer.writerow([_cell(v) for v in (
            event.id, event.at.isoformat(), event.actor_id, event.actor, event.action,
            event.resource, event.resource_id, event.ip,
            json.dumps(event.detail, ensure_ascii=False, sort_keys=True))])
    return out.getvalue()


@router.get("/audit/export", name="audit.export", response_class=StreamingResponse)
def export_audit(session: SessionDep, actor: ActorDep, action: str | None = None,
                 resource: str | None = None, since: datetime | None = None,
                 until: datetime | None = None) -> StreamingResponse:
    """The audit log as CSV (admins only); the export itself is audited."""
    text = audit_csv(session, _audit_query(None, action, resource, since, until))
    record_event(session, actor=actor, action="export", resource="audit")
    return StreamingResponse(iter([text]), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="audit.csv"'})
