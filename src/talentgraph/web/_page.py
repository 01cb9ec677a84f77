"""Rendering a page for a request: its language, the context the app shell needs, and the
error pages (a visitor who is not logged in is sent to the sign-in page instead).

Every view calls :func:`render_page`; the Jinja2 environment lives on ``app.state.web_env``
(made once by ``install_web``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment

from talentgraph.api._deps import SESSION_COOKIE, client_ip
from talentgraph.api._permissions import is_allowed
from talentgraph.domain import Actor
from talentgraph.web._i18n import Translate, negotiate_language, translator
from talentgraph.web._templates import make_environment

__all__ = [
    "LABELS",
    "LANG_COOKIE",
    "base_context",
    "format_number",
    "format_when",
    "label",
    "local_name",
    "make_web_environment",
    "name_picker",
    "render_error",
    "render_page",
    "request_language",
    "role_name",
    "safe_next",
    "skill_name",
    "translate_for",
    "web_link",
]

log = logging.getLogger("talentgraph.web")

#: The cookie the language switch sets ("zh" or "en").
LANG_COOKIE = "tg_lang"
#: Longest ``next`` path kept when sending a visitor to sign in and back.
_MAX_NEXT = 2000


def request_language(request: Request) -> str:
    """The page language of this request: the language cookie, else Accept-Language."""
    return negotiate_language(request.headers.get("accept-language"),
                              request.cookies.get(LANG_COOKIE))


def translate_for(request: Request) -> Translate:
    """The ``_`` of this request's language."""
    return translator(request_language(request))


def safe_next(value: str | None) -> str:
    """``value`` when it is a local path ("/market?x=1"), else "/": no scheme or host, no
    "//" or backslash (browsers read both as another host), no control characters."""
    if not value or len(value) > _MAX_NEXT or not value.startswith("/"):
        return "/"
    if value.startswith("//") or "\\" in value or any(ord(c) < 32 or ord(c) == 127
                                                       for c in value):
        return "/"
    return value


def format_when(value: datetime | None) -> str:
    """A timestamp as the pages show it: "2025-08-01 14:05 UTC" (naive values are UTC)."""
    if value is None:
        return "–"
    return value.strftime("%Y-%m-%d %H:%M") + " UTC"


def format_number(value: float | int | None, digits: int = 0) -> str:
    """A number with thousands separators ("12,345" or "0.93" with ``digits=2``)."""
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


#: Message keys of coded values the pages show, by kind (a value not listed is shown as is).
LABELS: dict[str, dict[str, str]] = {
    "skill_type": {t: f"framework.type_{t}" for t in (
        "technical", "tool", "knowledge", "language", "transversal", "certification", "skill",
        "competence")},
    "opening_status": {s: f"recruiting.status_{s}" for s in (
        "open", "on_hold", "closed", "filled")},
    "risk_band": {b: f"retention.band_{b}" for b in ("low", "medium", "high")},
    "evidence_source": {s: f"dev.source_{s}" for s in (
        "resume", "self", "manager", "check", "course", "peer", "project")},
    "level_name": {str(n): f"dev.level_{n}" for n in range(5)},
    "gap_kind": {k: f"dev.gap_{k}" for k in ("missing", "under", "met")},
    "goal_kind": {k: f"perf.kind_{k}" for k in ("goal", "competency")},
    "bucket": {b: f"perf.bucket_{b}" for b in ("top", "middle", "bottom")},
    "cycle_status": {s: f"perf.status_{s}" for s in ("open", "closed")},
    "review_source": {s: f"perf.source_{s}" for s in ("self", "manager", "peer")},
    "review_input": {s: f"perf.input_{s}" for s in ("self", "manager", "peer")},
    "scheme_field": {f: f"perf.{f}" for f in (
        "goal_weight", "competency_weight", "self_weight", "manager_weight", "peer_weight",
        "scale_min", "scale_max")},
}


def label(value: object, kind: str, translate: Translate) -> str:
    """The text of a coded value (``{{ skill.type | label("skill_type", _) }}``)."""
    key = LABELS[kind].get(str(value))
    if key is not None:
        return translate(key)
    return "–" if value is None or value == "" else str(value)


def local_name(item: object, lang: str) -> str:
    """The Chinese name of a skill, role or level for a Chinese page (when it has one), else
    the English name; ``item`` is an object or a mapping with name_en / name_zh."""
    if isinstance(item, Mapping):
        en, zh = item.get("name_en"), item.get("name_zh")
    else:
        en, zh = getattr(item, "name_en", None), getattr(item, "name_zh", None)
    return str(zh if lang == "zh" and zh else en or zh or "")


def role_name(slug: str | None, lang: str) -> str:
    """The name of a role family of the framework by its slug (the slug when unknown)."""
    if not slug:
        return "–"
    from talentgraph.services._framework import shipped_taxonomy

    role = shipped_taxonomy().roles.get(slug)
    return local_name(role, lang) if role is not None else slug


def skill_name(slug: str, lang: str) -> str:
    """The name of a shipped skill by its slug (the slug when unknown)."""
    from talentgraph.services._framework import shipped_taxonomy

    skill = shipped_taxonomy().skills.get(slug)
    return local_name(skill, lang) if skill is not None else slug


def name_picker(names: Mapping[str, tuple[str, str | None]],
                lang: str) -> Callable[[str], str]:
    """A function from a skill slug to its name in ``lang``, from ``(en, zh)`` pairs such as
    services._profiles.skill_names returns (the slug when it is not in ``names``)."""

    def pick(slug: str) -> str:
        en, zh = names.get(slug, (slug, None))
        return zh if lang == "zh" and zh else en

    return pick


def web_link(url: object) -> str | None:
    """``url`` when it is an absolute http(s) address (a learning resource's link), else None:
    no ``javascript:``, ``data:`` or relative links from stored data reach an ``href``."""
    if not isinstance(url, str) or len(url) > _MAX_NEXT:
        return None
    text = url.strip()
    if not text.lower().startswith(("https://", "http://")) or any(
            ord(c) < 33 or ord(c) == 127 for c in text):
        return None
    return text


def make_web_environment() -> Environment:
    """The shell's Jinja2 environment plus the filters the pages use."""
    env = make_environment()
    env.filters.update(when=format_when, number=format_number, label=label,
                       local_name=local_name, role_name=role_name, skill_name=skill_name,
                       web_link=web_link)
    return env


def base_context(request: Request, actor: Actor | None) -> dict[str, Any]:
    """What every page that extends base.html.j2 needs."""
    lang = request_language(request)
    role = actor.role if actor is not None else None

    def can(route_name: str) -> bool:
        return is_allowed(route_name, role)

    return {"lang": lang, "_": translator(lang), "user": actor,
            "csrf_token": getattr(request.state, "csrf_token", "") or "", "can": can,
            "request_path": request.url.path}


def render_page(request: Request, template: str, *, actor: Actor | None,
                status_code: int = 200, headers: dict[str, str] | None = None,
                **context: Any) -> HTMLResponse:
    """The HTML response of ``template`` with the shell's context and ``context``."""
    env: Environment = request.app.state.web_env
    html = env.get_template(template).render({**base_context(request, actor), **context})
    return HTMLResponse(html, status_code=status_code, headers=headers)


def _login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(safe_next(target), safe="")


def _actor_of_cookie(request: Request) -> Actor | None:
    """Who is logged in, for an error raised before (or without) the permission check."""
    actor = getattr(request.state, "actor", None)
    if actor is not None:
        return actor
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    from talentgraph.services._accounts import actor_of, resolve_session

    try:
        with request.app.state.db.session() as session:
            live = resolve_session(session, token=token)
            if live is None:
                return None
            request.state.csrf_token = live.csrf_token
            return actor_of(live.user, ip=client_ip(request))
    except Exception:  # the error page must render even when the database is what failed
        log.exception("could not identify the user of an error page")
        return None


#: Error codes whose own message the page shows (the others show the status's text).
_CODE_MESSAGES = {"E0604": "error.csrf", "E0601": "error.sign_in_required"}


async def render_error(request: Request, status: int, code: str, message: str) -> Response:
    """The web app's error response: sign in first (401 on a page), else an error page."""
    if status == 401:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": _login_url(request)})
        if request.method in ("GET", "HEAD"):
            return RedirectResponse(_login_url(request), status_code=303)
    actor = _actor_of_cookie(request) if status != 401 else None
    _ = translate_for(request)
    if code in _CODE_MESSAGES:
        shown = _(_CODE_MESSAGES[code])
    elif status == 403 or status >= 500:
        shown = ""  # the template's own text: "you do not have access", "something went wrong"
    else:
        shown = message
    return render_page(request, "error.html.j2", actor=actor, status_code=status,
                       status=status, code=code, message=shown)
