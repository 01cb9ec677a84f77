"""The admin page: users (add one), API tokens (create, shown once; revoke) and the audit log
(filtered, paginated, exported as CSV). Admins only (the permission table)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.api.routes._accounts import audit_csv
from talentgraph.domain import Actor
from talentgraph.errors import TalentGraphError
from talentgraph.services import _accounts as accounts
from talentgraph.services._audit import record_event
from talentgraph.store import ROLES, AuditEvent, paginate
from talentgraph.web._page import render_page, translate_for

__all__ = ["audit_query", "router"]

router = APIRouter()

AUDIT_PER_PAGE = 50
#: The notices a redirect back to /admin may ask for, by their message keys.
NOTICES = {"user_created": "admin.user_created", "token_revoked": "admin.token_revoked"}
_EMPTY_USER = {"username": "", "display_name": "", "role": "employee"}
TextQuery = Annotated[str, Query(max_length=64)]


def audit_query(*, action: str = "", who: str = "") -> Select[Any]:
    """The audit events, filtered by action and by the acting user's name."""
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    if who:
        query = query.where(AuditEvent.actor == who)
    return query


def _admin_page(request: Request, session: Session, actor: Actor, *, action: str = "",
                who: str = "", page: int = 1, status_code: int = 200, error: str = "",
                notice: str = "", new_token: Any = None,
                user_form: Mapping[str, str] | None = None) -> HTMLResponse:
    audit = paginate(session, audit_query(action=action, who=who), limit=AUDIT_PER_PAGE,
                     offset=(page - 1) * AUDIT_PER_PAGE, default_sort=AuditEvent.id.desc())
    flashes = ([{"level": "error", "message": error}] if error else []) + (
        [{"level": "success", "message": translate_for(request)(NOTICES[notice])}]
        if notice in NOTICES else [])
    filters = {k: v for k, v in (("action", action), ("actor", who)) if v}
    return render_page(
        request, "admin.html.j2", actor=actor, status_code=status_code, flashes=flashes,
        users=accounts.list_users(session), tokens=accounts.list_tokens(session), roles=ROLES,
        scopes=accounts.SCOPES, audit=audit, page=page,
        pages=max(1, math.ceil(audit.total / AUDIT_PER_PAGE)), action=action, who=who,
        audit_url="/admin" + (f"?{urlencode(filters)}" if filters else ""),
        export_url="/admin/audit.csv" + (f"?{urlencode(filters)}" if filters else ""),
        new_token=new_token, user_form={**_EMPTY_USER, **(user_form or {})})


@router.get("/admin", name="web.admin", response_class=HTMLResponse)
def admin(request: Request, session: SessionDep, actor: ActorDep, action: TextQuery = "",
          who: Annotated[str, Query(alias="actor", max_length=64)] = "",
          page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
          notice: TextQuery = "") -> HTMLResponse:
    """Users, tokens and the audit log."""
    return _admin_page(request, session, actor, action=action.strip(), who=who.strip(),
                       page=page, notice=notice)


def _refused(request: Request, session: Session, actor: Actor, exc: TalentGraphError,
             **form: Any) -> HTMLResponse:
    if exc.status >= 500:
        raise exc
    session.rollback()
    return _admin_page(request, session, actor, status_code=exc.status, error=exc.message,
                       **form)


@router.post("/admin/users", name="web.admin_user_create", response_class=HTMLResponse)
def admin_user_create(request: Request, session: SessionDep, actor: ActorDep,
                      username: Annotated[str, Form(max_length=64)] = "",
                      display_name: Annotated[str, Form(max_length=200)] = "",
                      password: Annotated[str, Form(max_length=1000)] = "",
                      role: Annotated[str, Form(max_length=20)] = "") -> Response:
    """Add a local account."""
    try:
        accounts.create_user(session, username=username.strip(), password=password, role=role,
                             display_name=display_name.strip(), actor=actor)
    except TalentGraphError as exc:
        return _refused(request, session, actor, exc, user_form={
            "username": username, "display_name": display_name, "role": role})
    return RedirectResponse("/admin?notice=user_created", status_code=303)


@router.post("/admin/tokens", name="web.admin_token_create", response_class=HTMLResponse)
def admin_token_create(request: Request, session: SessionDep, actor: ActorDep,
                       username: Annotated[str, Form(max_length=64)] = "",
                       name: Annotated[str, Form(max_length=100)] = "",
                       scopes: Annotated[list[str] | None, Form()] = None) -> Response:
    """A new API token for a user; the token is shown on this page once and never again."""
    try:
        user = accounts.get_user(session, username=username.strip())
        new = accounts.create_token(session, user=user, actor=actor, name=name.strip(),
                                    scopes=tuple(scopes or ()))
    except TalentGraphError as exc:
        return _refused(request, session, actor, exc)
    return _admin_page(request, session, actor, status_code=201,
                       new_token={"token": new.token, "username": user.username,
                                  "scopes": new.scopes})


@router.post("/admin/tokens/{token_id:int}/revoke", name="web.admin_token_revoke",
             response_class=RedirectResponse)
def admin_token_revoke(token_id: int, session: SessionDep, actor: ActorDep) -> Response:
    """Revoke a token: it stops working at once."""
    accounts.revoke_token(session, token_id=token_id, actor=actor)
    return RedirectResponse("/admin?notice=token_revoked", status_code=303)


@router.get("/admin/audit.csv", name="web.admin_audit_export")
def admin_audit_export(session: SessionDep, actor: ActorDep, action: TextQuery = "",
                       who: Annotated[str, Query(alias="actor", max_length=64)] = "") -> Response:
    """The (filtered) audit log as CSV; the export itself is audited."""
    text = audit_csv(session, audit_query(action=action.strip(), who=who.strip()))
    record_event(session, actor=actor, action="export", resource="audit",
                 detail={"filters": [k for k, v in (("action", action), ("actor", who)) if v]})
    return Response(text, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="audit.csv"'})
