"""The navigation of the web app: the lifecycle pages, then the workspace pages.

Each item names the route whose permission decides whether the current user sees it
(``can(item.route)`` in ``base.html.j2``), the message key of its label and its URL.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NAV_GROUPS", "NAV_ITEMS", "NavItem"]


@dataclass(frozen=True, slots=True)
class NavItem:
    """One navigation link: label key, permission route name, URL and group."""

    label: str
    route: str
    href: str
    group: str


#: Group message keys, in display order.
NAV_GROUPS = ("nav.lifecycle", "nav.workspace")

NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("nav.market", "web.market", "/market", "nav.lifecycle"),
    NavItem("nav.recruiting", "web.recruiting", "/recruiting", "nav.lifecycle"),
    NavItem("nav.development", "web.development", "/development", "nav.lifecycle"),
    NavItem("nav.team", "web.team", "/team", "nav.lifecycle"),
    NavItem("nav.performance", "web.performance", "/performance", "nav.lifecycle"),
    NavItem("nav.pay", "web.pay", "/pay", "nav.lifecycle"),
    NavItem("nav.retention", "web.retention", "/retention", "nav.lifecycle"),
    NavItem("nav.framework", "web.framework", "/framework", "nav.workspace"),
    NavItem("nav.jobs", "web.jobs", "/jobs", "nav.workspace"),
    NavItem("nav.admin", "web.admin", "/admin", "nav.workspace"),
)
