"""The REST API (FastAPI, /api/v1) and the application that serves it with the web app."""

from talentgraph.api._app import API_PREFIX, create_app
from talentgraph.api._permissions import PERMISSIONS, PUBLIC, is_allowed

__all__ = ["API_PREFIX", "PERMISSIONS", "PUBLIC", "create_app", "is_allowed"]
