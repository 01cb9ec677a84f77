"""Helpers for the web tests: sign in through the real form, read the page's CSRF token."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx import Response

from tests.api._client import PASSWORD

_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_META_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]*)"')


def form_token(html: str) -> str:
    """The hidden csrf_token of the first form in ``html``."""
    found = _FORM_TOKEN.search(html)
    assert found, "the page has no form with a csrf_token"
    return found.group(1)


def sign_in(client: TestClient, username: str, *, password: str = PASSWORD,
            next_path: str = "/") -> Response:
    """Open the sign-in page and submit it (the redirect is not followed)."""
    page = client.get("/login", params={"next": next_path})
    assert page.status_code == 200
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": form_token(page.text), "next": next_path},
                       follow_redirects=False)


def page_token(client: TestClient, path: str = "/") -> str:
    """The session's CSRF token, as a page's <meta name="csrf-token"> carries it."""
    found = _META_TOKEN.search(client.get(path).text)
    assert found and found.group(1), "the page carries no CSRF token"
    return found.group(1)
