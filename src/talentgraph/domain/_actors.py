"""Who is acting: the user behind a request, a command or a job."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SYSTEM", "Actor"]


@dataclass(frozen=True, slots=True)
class Actor:
    """A user acting through the web, the API, the CLI or a job.

    ``employee_id`` links an account to an employee profile (an employee sees only their own);
    ``scopes`` are the API token's scopes ("read", "write"), all of them for a web session.
    """

    user_id: int | None
    username: str
    role: str
    employee_id: int | None = None
    ip: str | None = None
    scopes: frozenset[str] = frozenset({"read", "write"})

    @property
    def is_hr(self) -> bool:
        """hr and admin see pay, risk scores and protected attributes."""
        return self.role in ("admin", "hr")


#: The actor of commands run on the server's own console (talentgraph admin ...).
SYSTEM = Actor(user_id=None, username="system", role="admin")
