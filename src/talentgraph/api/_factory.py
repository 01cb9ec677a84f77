"""The application factory uvicorn imports (``talentgraph.api._factory:app``, factory=True)."""

from __future__ import annotations

from fastapi import FastAPI

from talentgraph.api._app import create_app

__all__ = ["app"]


def app() -> FastAPI:
    """A new application on the settings of the environment."""
    return create_app()
