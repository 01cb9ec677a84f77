"""The server-rendered web app: pages (``install_web``), templates, static files (vendored htmx,
no CDN) and zh/en text."""

from __future__ import annotations

from talentgraph.web._i18n import (
    DEFAULT_LANGUAGE,
    SUPPORTED_LANGUAGES,
    MissingMessageWarning,
    Translate,
    load_messages,
    negotiate_language,
    translator,
)
from talentgraph.web._install import install_web
from talentgraph.web._nav import NAV_GROUPS, NAV_ITEMS, NavItem
from talentgraph.web._templates import make_environment, render, static_directory

__all__ = [
    "DEFAULT_LANGUAGE",
    "NAV_GROUPS",
    "NAV_ITEMS",
    "SUPPORTED_LANGUAGES",
    "MissingMessageWarning",
    "NavItem",
    "Translate",
    "install_web",
    "load_messages",
    "make_environment",
    "negotiate_language",
    "render",
    "static_directory",
    "translator",
]
