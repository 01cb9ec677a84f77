"""Request and response schemas shared by the routes: one per direction (XCreate, XUpdate,
XPublic), and the page envelope of every list."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

__all__ = [
    "ErrorPublic",
    "PageOf",
    "Timestamp",
    "TokenCreate",
    "TokenCreated",
    "TokenPublic",
    "UserCreate",
    "UserPublic",
    "UserUpdate",
]

T = TypeVar("T")


def _as_utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC (store.utcnow)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


#: A UTC timestamp, always sent with its offset (RFC 3339, as the OpenAPI schema says).
Timestamp = Annotated[datetime, AfterValidator(_as_utc)]


class PageOf(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    total: int
    limit: int
    offset: int


class ErrorPublic(BaseModel):
    """The error envelope."""

    ok: bool = False
    status: int
    code: str
    error: str
    errors: list[object]


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    username: str
    display_name: str
    role: str
    is_active: bool
    employee_id: int | None
    created_at: Timestamp


class UserCreate(BaseModel):
    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=8, max_length=200)
    role: str
    display_name: str = Field("", max_length=200)
    employee_id: int | None = None


class UserUpdate(BaseModel):
    role: str | None = None
    is_active: bool | None = None
    password: str | None = Field(None, min_length=8, max_length=200)


class TokenPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    user_id: int
    name: str
    prefix: str
    scopes: str
    created_at: Timestamp
    last_used_at: Timestamp | None
    revoked_at: Timestamp | None


class TokenCreate(BaseModel):
    name: str = Field("", max_length=100)
    scopes: list[str] = Field(default_factory=lambda: ["read", "write"])
    username: str | None = Field(None, description="Admins may make a token for another user.")


class TokenCreated(BaseModel):
    id: int
    token: str = Field(description="Shown once; send it as `Authorization: Bearer TOKEN`.")
    prefix: str
    scopes: list[str]
