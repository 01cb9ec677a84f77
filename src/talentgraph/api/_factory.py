"""The application factory uvicorn imports (``talentgraph.api._factory:app``, factory=True)."""

from __future__ import annotations

import gc

from fastapi import FastAPI

from talentgraph.api._app import create_app, warm_up

__all__ = ["app"]


def app() -> FastAPI:
    """A new application on the settings of the environment, its caches loaded and frozen.

    The skill framework alone is ~450,000 Python objects; a full garbage collection walks them
    all (0.3-0.6 s, during which the server answers nothing). Frozen after start-up, they are
    left out of every collection (gc.freeze), which removes those pauses from the latency tail.
    """
    application = create_app()
    warm_up()
    gc.collect()
    gc.freeze()
    return application
