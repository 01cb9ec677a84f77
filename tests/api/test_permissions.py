"""The permission table holds: every route is in it (or public), and a walk of every route as
every role (and as nobody) gets exactly what the table says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.routing import APIRoute

from talentgraph.api import PERMISSIONS, PUBLIC
from talentgraph.api._app import iter_routes
from talentgraph.store import ROLES, Database
from tests.api._client import auth, make_client, token_for

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _routes(client) -> list[tuple[str, APIRoute]]:  # noqa: ANN001
    return list(iter_routes(client.app))


def _url(path: str) -> str:
    # path parameters get a plausible value: an id, a slug, a kind
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return {"kind": "employee", "slug": "python", "ref": "nobody"}.get(name, "999999")
    return re.sub(r"\{([^}:]+)(?::[^}]+)?\}", fill, path)


def test_every_route_is_in_the_table(database: Database, tmp_path: Path) -> None:
    client = make_client(database, tmp_path)
    names = {r.name for _, r in _routes(client)}
    assert len(names) > 50
    assert sorted(n for n in names if n not in PERMISSIONS and n not in PUBLIC) == []
    # and the table names no route that does not exist (a typo would silently deny)
    assert sorted(set(PERMISSIONS) - names) == []


def test_walk_every_route_as_every_role(database: Database, tmp_path: Path) -> None:
    client = make_client(database, tmp_path)
    tokens = {role: token_for(database, f"walk_{role}", role) for role in ROLES}
    failures = []
    walked = 0
    for path, route in _routes(client):
        if route.name in PUBLIC:
            continue
        allowed = PERMISSIONS[route.name]
        for method in sorted(route.methods - {"HEAD"}):
            walked += 1
            url = _url(path)
            anonymous = client.request(method, url, follow_redirects=False)
            if anonymous.status_code not in (401, 303):
                failures.append(f"anonymous {method} {url}: {anonymous.status_code}")
            for role, token in tokens.items():
                response = client.request(method, url, headers=auth(token), json={},
                                          follow_redirects=False)
                refused = response.status_code in (401, 403)
                if (role in allowed) == refused or response.status_code >= 500:
                    failures.append(f"{role} {method} {url}: {response.status_code} "
                                    f"(allowed={role in allowed})")
    assert failures == []
    assert walked >= len(PERMISSIONS)


def test_docs_print_the_current_table() -> None:
    from talentgraph.api._permissions import permissions_markdown

    doc = (Path(__file__).resolve().parents[2] / "docs" / "permissions.md").read_text("utf-8")
    assert permissions_markdown() in doc, (
        "docs/permissions.md is stale: regenerate its table with "
        "`.venv/bin/python -c 'from talentgraph.api._permissions import permissions_markdown as "
        "p; print(p())'`")
