"""The FastAPI application: the REST API under /api/v1 and the web app, one process."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from talentgraph import __version__
from talentgraph.api._deps import authorize
from talentgraph.api._errors import install_error_handlers
from talentgraph.api._limits import BodyLimitMiddleware, SecurityHeadersMiddleware
from talentgraph.api._schemas import ErrorPublic
from talentgraph.settings import Settings, get_settings
from talentgraph.store import Database

__all__ = ["API_PREFIX", "create_app", "iter_routes", "warm_up"]

API_PREFIX = "/api/v1"
#: Routers of /api/v1, by module (each defines ``router``).
API_MODULES = ("_accounts", "_framework", "_operations", "_recruiting", "_people",
               "_cultivation", "_screening", "_retention")
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorPublic} for code in (400, 401, 403, 404, 409, 413, 422, 429)}


def _api_router() -> APIRouter:
    api = APIRouter(prefix=API_PREFIX, dependencies=[Depends(authorize)],
                    responses=ERROR_RESPONSES)
    for module in API_MODULES:
        routes = importlib.import_module(f"talentgraph.api.routes.{module}")
        api.include_router(routes.router)
    return api


def create_app(settings: Settings | None = None, *, database: Database | None = None) -> FastAPI:
    """The application. Without ``database`` it opens (and migrates) the one the settings
    name; the job runner starts with the app and stops with it."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(warm_up)
        yield
        runner = getattr(app.state, "jobs", None)
        if runner is not None:
            runner.close()
        if database is None:
            app.state.db.dispose()

    app = FastAPI(
        title="talentgraph", version=__version__, lifespan=lifespan,
        description="Bilingual talent intelligence: skill framework, market, recruiting, "
                    "development, pay and retention. Authenticate with a session cookie (web) "
                    "or `Authorization: Bearer TOKEN` (scripts; `talentgraph admin create-token`).",
        docs_url=None, redoc_url=None)
    if database is None:
        from talentgraph.services._workspace import open_workspace

        database = open_workspace(settings)
    app.state.settings = settings
    app.state.db = database
    app.state.jobs = _make_runner(settings, database)
    install_error_handlers(app)
    app.include_router(_api_router())
    app.add_api_route("/docs", _docs_page, name="swagger_ui_html", include_in_schema=False,
                      response_class=HTMLResponse)
    _install_web(app)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_request_bytes)
    return app


DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>talentgraph API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/vendor/swagger-ui/init.js"></script></body></html>
"""


def _docs_page() -> HTMLResponse:
    """The API documentation page (Swagger UI, vendored: no CDN, no inline script)."""
    return HTMLResponse(DOCS_PAGE)


def warm_up() -> None:
    """Load the skill framework and its search index before the first request: loaded lazily,
    the first burst of concurrent requests would each build them (seconds of CPU)."""
    from talentgraph.services._framework import shipped_taxonomy

    shipped_taxonomy().search("warm-up", limit=1)


def _make_runner(settings: Settings, database: Database) -> Any:
    from talentgraph.services._job_runners import make_runner

    return make_runner(settings, database)


def _install_web(app: FastAPI) -> None:
    from talentgraph.web import install_web

    install_web(app)


def iter_routes(app: FastAPI) -> Iterator[tuple[str, APIRoute]]:
    """Every API and page route of the app with its full path (walking included routers,
    which FastAPI keeps nested)."""

    def walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, APIRoute]]:
        for route in routes:
            if isinstance(route, APIRoute):
                yield prefix + route.path, route
            elif hasattr(route, "original_router"):
                yield from walk(route.original_router.routes,
                                prefix + route.include_context.prefix)

    yield from walk(app.routes, "")
