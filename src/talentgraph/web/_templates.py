"""The Jinja2 environment of the web app and one ``render`` call.

Templates live in ``talentgraph/web/templates``; undefined variables raise (``StrictUndefined``).
Pages that extend ``base.html.j2`` need: ``lang``, ``_`` (a translator), ``user`` (with
``username`` and ``role``, or None), ``csrf_token``, ``can`` (route name -> bool) and
``request_path``; optionally ``title`` and ``flashes`` (items with ``level`` and ``message``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from talentgraph.web._nav import NAV_GROUPS, NAV_ITEMS, NavItem

__all__ = ["make_environment", "permitted_items", "render", "static_directory"]


def make_environment(*, auto_reload: bool = False) -> Environment:
    """A Jinja2 environment over the web templates, autoescaping HTML, strict on undefined."""
    env = Environment(
        loader=PackageLoader("talentgraph.web", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "j2"),
                                     default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=auto_reload,
    )
    env.globals["nav_items"] = NAV_ITEMS
    env.filters["permitted"] = permitted_items
    env.globals["nav_groups"] = NAV_GROUPS
    return env


def permitted_items(items: Iterable[NavItem], can: Callable[[str], bool]) -> list[NavItem]:
    """The navigation items whose route ``can`` allows (the ``permitted`` template filter)."""
    return [item for item in items if can(item.route)]


def render(env: Environment, name: str, **context: Any) -> str:
    """The HTML of template ``name`` rendered with ``context``."""
    return env.get_template(name).render(**context)


def static_directory() -> Path:
    """The folder of the web app's static files (``app.css``, ``app.js``, ``vendor/``)."""
    return Path(str(resources.files("talentgraph.web").joinpath("static")))
