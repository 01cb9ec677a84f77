"""Accounts: users with argon2 password hashes, browser sessions with CSRF tokens, revocable
scoped API tokens (stored as SHA-256 hashes), and login throttling."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from talentgraph.domain import Actor
from talentgraph.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ParameterError,
    ThrottledError,
)
from talentgraph.services._audit import record_event
from talentgraph.settings import Settings
from talentgraph.store import ROLES, ApiToken, LoginAttempt, User, UserSession
from talentgraph.store._base import utcnow

__all__ = [
    "SCOPES",
    "NewToken",
    "actor_of",
    "authenticate",
    "create_token",
    "create_user",
    "end_session",
    "get_user",
    "hash_password",
    "list_tokens",
    "list_users",
    "resolve_session",
    "resolve_token",
    "revoke_token",
    "start_session",
    "update_user",
    "verify_password",
]

SCOPES = ("read", "write")
_HASHER = PasswordHasher()
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
MIN_PASSWORD = 8
#: A token is "tg_" + 8-character prefix (shown in lists) + "_" + 32 random url-safe bytes.
TOKEN_PREFIX = "tg_"


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    """The argon2id hash of a password."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash (constant-time)."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def actor_of(user: User, *, ip: str | None = None,
             scopes: frozenset[str] = frozenset(SCOPES)) -> Actor:
    """The Actor a logged-in user acts as."""
    return Actor(user_id=user.id, username=user.username, role=user.role,
                 employee_id=user.employee_id, ip=ip, scopes=scopes)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ParameterError(f"The role must be one of {', '.join(ROLES)}. Got {role!r} instead.")


def create_user(session: Session, *, username: str, password: str, role: str, actor: Actor,
                display_name: str = "", employee_id: int | None = None) -> User:
    """Add a local account. Raises ConflictError when the username is taken."""
    if not _USERNAME.match(username):
        raise ParameterError(
            f"The username must be 2-64 letters, digits or . _ @ -. Got {username!r} instead.")
    _check_role(role)
    if len(password) < MIN_PASSWORD:
        raise ParameterError(f"The password must have at least {MIN_PASSWORD} characters.")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ConflictError(f"A user named {username!r} exists already.")
    user = User(username=username, display_name=display_name or username, role=role,
                password_hash=hash_password(password), employee_id=employee_id)
    session.add(user)
    session.flush()
    record_event(session, actor=actor, action="create", resource="user", resource_id=user.id,
                 detail={"role": role})
    return user


def get_user(session: Session, *, username: str) -> User:
    """The user with that name, or NotFoundError."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFoundError(f"No user named {username!r}.",
                            details=["List users with GET /api/v1/users."])
    return user


def list_users(session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.username)))


def update_user(session: Session, *, user_id: int, actor: Actor, role: str | None = None,
                is_active: bool | None = None, password: str | None = None) -> User:
    """Change a user's role, activity or password (ends their sessions when deactivated)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"No user with id {user_id}.")
    changed: list[str] = []
    if role is not None and role != user.role:
        _check_role(role)
        user.role, changed = role, [*changed, "role"]
    if is_active is not None and is_active != user.is_active:
        user.is_active, changed = is_active, [*changed, "is_active"]
        if not is_active:
            session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    if password is not None:
        if len(password) < MIN_PASSWORD:
            raise ParameterError(f"The password must have at least {MIN_PASSWORD} characters.")
        user.password_hash, changed = hash_password(password), [*changed, "password"]
    if changed:
        record_event(session, actor=actor, action="update", resource="user",
                     resource_id=user.id, detail={"fields": changed})
    return user


def _failures(session: Session, *, username: str, ip: str, since: datetime) -> int:
    return session.scalar(select(func.count(LoginAttempt.id)).where(
        LoginAttempt.at >= since,
        or_(LoginAttempt.username == username, LoginAttempt.ip == ip))) or 0


def authenticate(session: Session, *, username: str, password: str, ip: str,
                 settings: Settings) -> User:
    """The user whose credentials these are. Failed attempts are recorded; after
    ``login_max_failures`` in the window (by name or by address) logins are refused with
    ThrottledError even when the password is right."""
    window = timedelta(minutes=settings.login_window_minutes)
    since = utcnow() - window
    if _failures(session, username=username, ip=ip, since=since) >= settings.login_max_failures:
        raise ThrottledError("Too many failed logins. Wait and try again.",
                             retry_after=int(window.total_seconds()))
    user = session.scalar(select(User).where(User.username == username))
    # verify against a dummy hash for unknown users, so timing does not reveal who exists
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not ok or not user.is_active:
        session.add(LoginAttempt(username=username[:64], ip=ip[:64]))
        record_event(session, actor=Actor(user_id=None, username=username[:64], role="", ip=ip),
                     action="login_failed", resource="session")
        session.commit()  # the failure must count even though the caller's unit of work fails
        raise AuthenticationError("Wrong user name or password.")
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
    return user


_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def start_session(session: Session, *, user: User, ip: str | None,
                  settings: Settings) -> tuple[str, str]:
    """A new browser session: (cookie token, CSRF token). Only the token's hash is stored."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user.id, token_hash=_sha256(token), csrf_token=csrf,
                            expires_at=utcnow() + timedelta(hours=settings.session_hours), ip=ip))
    record_event(session, actor=actor_of(user, ip=ip), action="login", resource="session")
    return token, csrf


def resolve_session(session: Session, *, token: str) -> UserSession | None:
    """The live session of a cookie token (None when unknown, expired or the user inactive)."""
    row = session.scalar(select(UserSession).where(UserSession.token_hash == _sha256(token)))
    if row is None or not row.user.is_active:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(
        tzinfo=utcnow().tzinfo)
    return row if expires > utcnow() else None


def end_session(session: Session, *, token: str, actor: Actor) -> None:
    """Log out: the session is deleted."""
    session.execute(delete(UserSession).where(UserSession.token_hash == _sha256(token)))
    record_event(session, actor=actor, action="logout", resource="session")


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just made: ``token`` is shown once and never stored."""

    id: int
    token: str
    prefix: str
    scopes: tuple[str, ...]


def create_token(session: Session, *, user: User, actor: Actor, name: str = "",
                 scopes: tuple[str, ...] = SCOPES) -> NewToken:
    """A new API token for ``user`` with these scopes ("read", "write")."""
    bad = [s for s in scopes if s not in SCOPES]
    if bad or not scopes:
        raise ParameterError(f"Token scopes must be among {', '.join(SCOPES)}. Got {bad or []}.")
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken(user_id=user.id, name=name[:100], prefix=prefix, token_hash=_sha256(token),
                   scopes=" ".join(sorted(set(scopes))))
    session.add(row)
    session.flush()
    record_event(session, actor=actor, action="create", resource="api_token", resource_id=row.id,
                 detail={"user": user.username, "scopes": row.scopes})
    return NewToken(id=row.id, token=token, prefix=prefix, scopes=tuple(row.scopes.split()))


def resolve_token(session: Session, *, token: str) -> ApiToken | None:
    """The live token row of a bearer token (None when unknown, revoked or user inactive)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _sha256(token)))
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    now = utcnow()
    last = row.last_used_at
    if last is None or (now - (last if last.tzinfo else last.replace(tzinfo=now.tzinfo))
                        > timedelta(minutes=1)):
        row.last_used_at = now
    return row


def list_tokens(session: Session, *, user_id: int | None = None) -> list[ApiToken]:
    """API tokens (of one user, or all), newest first; hashes only, never the token."""
    query = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    return list(session.scalars(query))


def revoke_token(session: Session, *, token_id: int, actor: Actor) -> ApiToken:
    """Revoke a token: it stops working at once."""
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFoundError(f"No API token with id {token_id}.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record_event(session, actor=actor, action="revoke", resource="api_token",
                     resource_id=row.id)
    return row
