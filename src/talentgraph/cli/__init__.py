"""The ``talentgraph`` command line. Each command group lives in its own module."""

from talentgraph.cli._app import app, main

__all__ = ["app", "main"]
