"""Dependencies of every route, as typed aliases: the settings, the database, a session that is
one unit of work, and the acting user (authenticated by API token or session cookie, authorised
by the permission table, CSRF-checked for cookie writes)."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from talentgraph.api._permissions import PUBLIC, is_allowed
from talentgraph.domain import Actor
from talentgraph.errors import AuthenticationError, CsrfError, PermissionDeniedError
from talentgraph.services._accounts import SCOPES, actor_of, resolve_session, resolve_token
from talentgraph.settings import Settings
from talentgraph.store import Database

__all__ = [
    "SESSION_COOKIE",
    "ActorDep",
    "DatabaseDep",
    "OptionalActorDep",
    "SessionDep",
    "SettingsDep",
    "authorize",
    "client_ip",
]

SESSION_COOKIE = "tg_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_database(request: Request) -> Database:
    return request.app.state.db


def get_session(request: Request) -> Iterator[Session]:
    """One session per request, committed when the route returns, rolled back on error.

    Its scope is the route function (SessionDep): the commit runs once the response is built
    and before it is sent, so a client never sees success for work that failed to commit, and
    SQLite's write lock is not held while the response travels."""
    db: Database = request.app.state.db
    with db.session() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def client_ip(request: Request) -> str:
    """The address the request came from."""
    return request.client.host if request.client else ""


async def _csrf_value(request: Request) -> str:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    if request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get("csrf_token")
        return value if isinstance(value, str) else ""
    return ""


def _token_actor(session: Session, token: str, ip: str) -> Actor:
    row = resolve_token(session, token=token)
    if row is None:
        raise AuthenticationError("The API token is unknown, revoked or expired.",
                                  details=["Create one with `talentgraph admin create-token`."])
    return actor_of(row.user, ip=ip, scopes=frozenset(row.scopes.split()))


def _cookie_actor(session: Session, cookie: str, ip: str) -> tuple[Actor, str] | None:
    live = resolve_session(session, token=cookie)
    if live is None:
        return None
    return actor_of(live.user, ip=ip, scopes=frozenset(SCOPES)), live.csrf_token


async def authorize(request: Request, session: SessionDep) -> Actor | None:
    """Who is calling, and whether the permission table lets them call this route."""
    route = request.scope.get("route")
    name = getattr(route, "name", "")
    actor: Actor | None = None
    ip = client_ip(request)
    authorization = request.headers.get("authorization", "")
    cookie = request.cookies.get(SESSION_COOKIE)
    # The lookups run on the thread pool: a blocking query on the event loop would stall every
    # request, and under load deadlock (the loop waits for a pooled connection that only
    # requests the loop no longer serves would give back).
    if authorization.lower().startswith("bearer "):
        actor = await run_in_threadpool(_token_actor, session, authorization[7:].strip(), ip)
    elif cookie:
        live = await run_in_threadpool(_cookie_actor, session, cookie, ip)
        if live is not None:
            actor, csrf_token = live
            request.state.csrf_token = csrf_token
            if request.method not in SAFE_METHODS and name not in PUBLIC:
                sent = await _csrf_value(request)
                if not sent or not hmac.compare_digest(sent, csrf_token):
                    raise CsrfError("The request lacks a valid CSRF token.",
                                    details=["Reload the page and submit the form again."])
    request.state.actor = actor
    if name in PUBLIC:
        return actor
    if actor is None:
        raise AuthenticationError("Log in first.", details=[
            "Web: sign in at /login. Scripts: send `Authorization: Bearer TOKEN`."])
    if not is_allowed(name, actor.role):
        raise PermissionDeniedError(f"The {actor.role} role may not do this ({name}).")
    if request.method not in SAFE_METHODS and "write" not in actor.scopes:
        raise PermissionDeniedError("This API token is read-only.",
                                    details=["Create a token with the write scope."])
    return actor


async def _require_actor(request: Request, session: SessionDep) -> Actor:
    actor = getattr(request.state, "actor", None)
    if actor is None:  # routers always run authorize first; this guards a misconfigured route
        actor = await authorize(request, session)
    if actor is None:
        raise AuthenticationError("Log in first.")
    return actor


def _optional_actor(request: Request) -> Actor | None:
    return getattr(request.state, "actor", None)


ActorDep = Annotated[Actor, Depends(_require_actor)]
OptionalActorDep = Annotated[Actor | None, Depends(_optional_actor)]
