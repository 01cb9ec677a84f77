"""One error envelope for the whole API: {"ok": false, "status", "code", "error", "errors"}.

Web pages (paths outside /api) get an HTML page instead, or a redirect to the login page
when the visitor is not logged in; the web package supplies that renderer.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from talentgraph.errors import TalentGraphError, ThrottledError

__all__ = ["HtmlErrorRenderer", "envelope", "install_error_handlers"]

log = logging.getLogger("talentgraph.api")

HtmlErrorRenderer = Callable[[Request, int, str, str], Awaitable[Response]]

_HTTP_CODES = {400: "E0400", 401: "E0601", 403: "E0603", 404: "E0404", 405: "E0405",
               409: "E0409", 413: "E0209", 415: "E0205", 422: "E0412", 429: "E0602"}


def envelope(status: int, code: str, message: str, errors: list[Any] | None = None) -> dict[str, Any]:
    """The error body every API error has."""
    return {"ok": False, "status": status, "code": code, "error": message,
            "errors": errors or [message]}


#: The largest integer a database column holds (SQLite and PostgreSQL BIGINT).
MAX_INTEGER = 2**63 - 1


def _raised_by_database(traceback: TracebackType | None) -> bool:
    while traceback is not None:
        if traceback.tb_frame.f_globals.get("__name__", "").startswith("sqlalchemy."):
            return True
        traceback = traceback.tb_next
    return False


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path not in (
        "/openapi.json",)


async def _respond(request: Request, status: int, code: str, message: str,
                   errors: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    renderer: HtmlErrorRenderer | None = getattr(request.app.state, "render_error", None)
    if renderer is not None and _wants_html(request):
        response = await renderer(request, status, code, message)
    else:
        response = JSONResponse(envelope(status, code, message, errors), status_code=status)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def install_error_handlers(app: FastAPI) -> None:
    """Turn every exception into the envelope (or an HTML page)."""

    @app.exception_handler(TalentGraphError)
    async def _talentgraph(request: Request, exc: TalentGraphError) -> Response:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, ThrottledError) else {}
        if exc.status >= 500:
            log.error("%s %s failed: %s", request.method, request.url.path, exc)
        errors: list[Any] = exc.details or [exc.message]
        report = getattr(exc, "report", None)  # an import's validation report: every issue
        if report is not None and getattr(report, "issues", None):
            errors = [issue.to_dict() for issue in report.issues]
        return await _respond(request, exc.status, exc.code, exc.message, errors, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"location": ".".join(str(p) for p in e.get("loc", ())),
                   "message": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]
        return await _respond(request, 422, "E0412", "The request is not valid.", errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "HTTP error"
        return await _respond(request, exc.status_code, _HTTP_CODES.get(exc.status_code, "E0001"),
                              message, headers=dict(exc.headers or {}))

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> Response:
        if not _raised_by_database(exc.__traceback__):
            raise exc  # a bug of ours: the 500 below
        # an id, offset or filter too big for the database's integers (SQLite refuses to bind
        # it): the request is wrong, not the server
        return await _respond(request, 422, "E0412", "A number in the request is too large.",
                              [f"Integers in paths and filters must be at most {MAX_INTEGER}."])

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("%s %s crashed", request.method, request.url.path)
        return await _respond(request, 500, "E0001", "Internal error; the server log has details.")
