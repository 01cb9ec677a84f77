"""Signing in and out, and the language switch.

The sign-in form is public, so it has no session to carry a CSRF token: GET /login sets a
random ``tg_login_csrf`` cookie and puts the same value in the form; POST /login refuses a form
whose token does not match the cookie (a double-submit token against login CSRF).
"""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from talentgraph.api._deps import (
    SESSION_COOKIE,
    ActorDep,
    OptionalActorDep,
    SessionDep,
    SettingsDep,
    client_ip,
)
from talentgraph.errors import AuthenticationError, NotFoundError, ThrottledError
from talentgraph.services import _accounts as accounts
from talentgraph.settings import Settings
from talentgraph.web._i18n import SUPPORTED_LANGUAGES
from talentgraph.web._page import LANG_COOKIE, render_page, safe_next, translate_for

__all__ = ["LOGIN_CSRF_COOKIE", "router"]

router = APIRouter()

#: The double-submit cookie of the sign-in form.
LOGIN_CSRF_COOKIE = "tg_login_csrf"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_YEAR = 365 * 24 * 3600


def _login_page(request: Request, settings: Settings, *, next_path: str, status_code: int = 200,
                error: str = "", username: str = "",
                headers: dict[str, str] | None = None) -> Response:
    """The sign-in page with a (new or kept) double-submit token in form and cookie."""
    token = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not _TOKEN.match(token):
        token = secrets.token_urlsafe(32)
    response = render_page(request, "login.html.j2", actor=None, status_code=status_code,
                           headers=headers, csrf_token=token, next=next_path, error=error,
                           username=username)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, path="/login", httponly=True,
                        samesite="strict", secure=settings.is_cookie_secure)
    return response


@router.get("/login", name="web.login_form")
def login_form(request: Request, actor: OptionalActorDep, settings: SettingsDep,
               next: str = "/") -> Response:
    """The sign-in page (a visitor already signed in goes on to ``next``)."""
    if actor is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, settings, next_path=safe_next(next))


@router.post("/login", name="web.login")
def login(request: Request, session: SessionDep, settings: SettingsDep,
          username: Annotated[str, Form(max_length=200)] = "",
          password: Annotated[str, Form(max_length=1000)] = "",
          csrf_token: Annotated[str, Form(max_length=200)] = "",
          next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    """Check the credentials, start a session (cookie ``tg_session``) and go to ``next``."""
    _ = translate_for(request)
    target = safe_next(next)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        return _login_page(request, settings, next_path=target, status_code=403,
                           error=_("auth.form_expired"), username=username)
    try:
        user = accounts.authenticate(session, username=username.strip(), password=password,
                                     ip=client_ip(request), settings=settings)
    except ThrottledError as exc:
        return _login_page(request, settings, next_path=target, status_code=429,
                           error=_("auth.too_many_attempts"), username=username,
                           headers={"Retry-After": str(exc.retry_after)})
    except AuthenticationError:
        return _login_page(request, settings, next_path=target, status_code=401,
                           error=_("auth.wrong_credentials"), username=username)
    token, _csrf = accounts.start_session(session, user=user, ip=client_ip(request),
                                          settings=settings)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, max_age=int(settings.session_hours * 3600),
                        path="/", httponly=True, samesite="lax",
                        secure=settings.is_cookie_secure)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", name="web.logout")
def logout(request: Request, session: SessionDep, settings: SettingsDep,
           actor: ActorDep) -> Response:
    """End the session and forget its cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.end_session(session, token=token, actor=actor)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=settings.is_cookie_secure)
    return response


@router.get("/lang/{lang}", name="web.lang")
def switch_language(lang: str, settings: SettingsDep, next: str = "/") -> Response:
    """Remember the chosen language (cookie ``tg_lang``) and go back to ``next``."""
    if lang not in SUPPORTED_LANGUAGES:
        raise NotFoundError(f"No language {lang!r}; the web app speaks "
                            f"{', '.join(SUPPORTED_LANGUAGES)}.")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, lang, max_age=_YEAR, path="/", httponly=True,
                        samesite="lax", secure=settings.is_cookie_secure)
    return response
