"""Plugging the web app into the FastAPI application: static files, the pages (behind the same
permission check as the API) and the HTML error pages."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from talentgraph.api._deps import authorize
from talentgraph.web import (
    _views_admin,
    _views_auth,
    _views_cultivation,
    _views_cultivation_checks,
    _views_cultivation_reviews,
    _views_cultivation_team,
    _views_framework,
    _views_home,
    _views_jobs,
    _views_market,
    _views_recruiting,
    _views_recruiting_candidates,
    _views_recruiting_interviews,
    _views_recruiting_opening,
    _views_retention,
)
from talentgraph.web._page import make_web_environment, render_error

__all__ = ["VIEW_MODULES", "install_web", "web_router"]

#: The page modules, each with a ``router`` whose routes are named "web.*".
VIEW_MODULES = (_views_auth, _views_home, _views_market, _views_framework, _views_jobs,
                _views_recruiting, _views_recruiting_opening, _views_recruiting_candidates,
                _views_recruiting_interviews, _views_cultivation, _views_cultivation_checks,
                _views_cultivation_reviews, _views_cultivation_team, _views_retention,
                _views_admin)


def web_router() -> APIRouter:
    """Every page, each checked against the permission table (and CSRF for form posts)."""
    router = APIRouter(dependencies=[Depends(authorize)], include_in_schema=False)
    for module in VIEW_MODULES:
        router.include_router(module.router)
    return router


def install_web(app: FastAPI) -> None:
    """Mount /static, add the pages and let errors on pages render as HTML."""
    app.state.web_env = make_web_environment()
    app.state.render_error = render_error
    app.mount("/static", StaticFiles(packages=[("talentgraph.web", "static")]), name="static")
    app.include_router(web_router())
