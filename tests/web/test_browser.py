"""The web app in a real browser (Debian's chromium through Playwright) against a real server
(uvicorn on a free loopback port, SQLite in a temporary folder): sign in, switch language, the
market report inside the app with its charts drawn, the live framework search (htmx), and a
recruiter refused the pay page. No page may log a console error (a CSP violation included)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from talentgraph.analytics import MarketOptions
from talentgraph.api import create_app
from talentgraph.domain import SYSTEM
from talentgraph.services import run_market_analysis
from talentgraph.services._accounts import create_user
from talentgraph.settings import Settings
from talentgraph.store import MarketSnapshot, generate_key, open_database
from tests.api._client import PASSWORD
from tests.cli._market_corpus import write_corpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _chromium() -> str:
    found = (os.environ.get("TALENTGRAPH_CHROMIUM") or shutil.which("chromium")
             or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None))
    assert found, ("Debian's chromium is needed for browser tests: apt-get install chromium, "
                   "or set TALENTGRAPH_CHROMIUM to a Chromium binary.")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Site:
    """The running server: its base URL and the market snapshot it holds."""

    url: str
    snapshot_id: int


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    import uvicorn

    base = tmp_path_factory.mktemp("web-browser")
    database = open_database(f"sqlite:///{base}/talentgraph.db", keys=[generate_key()])
    with database.session() as session:
        create_user(session, username="hr.li", password=PASSWORD, role="hr", actor=SYSTEM)
        create_user(session, username="rec.wang", password=PASSWORD, role="recruiter",
                    actor=SYSTEM)
    out_dir = base / "data" / "market" / "1"
    run = run_market_analysis([write_corpus(base / "corpus")], out_dir=out_dir, workers=1,
                              options=MarketOptions(lang="zh", currency="CNY",
                                                    granularity="quarter", engine="local"))
    with database.session() as session:
        snapshot = MarketSnapshot(title="AI 人才市场", language="zh", out_dir=str(out_dir),
                                  summary=json.loads(json.dumps(run.report.summary)))
        session.add(snapshot)
        session.flush()
        snapshot_id = snapshot.id
    app = create_app(Settings(data_dir=base / "data", environment="test"), database=database)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield Site(url=f"http://127.0.0.1:{port}", snapshot_id=snapshot_id)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        database.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Tab:
    """A browser page in its own context (cookies), recording console errors."""

    def __init__(self, browser: Any, site: Site, *, locale: str = "en-US") -> None:
        self.site = site
        self.context = browser.new_context(locale=locale)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def goto(self, path: str) -> Any:
        """Open a page of the site; its response."""
        return self.page.goto(self.site.url + path, wait_until="load")

    def sign_in(self, username: str) -> None:
        """Sign in through the form and land on the home page."""
        self.goto("/login")
        self.page.fill("#username", username)
        self.page.fill("#password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.site.url + "/")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Any, site: Site) -> Iterator[Tab]:
    opened = Tab(browser, site)
    yield opened
    opened.close()
    assert opened.errors == []  # no script error and no blocked resource on any page
    assert all(url.startswith(site.url) for url in opened.requests)  # nothing off-site


def test_sign_in_then_switch_to_chinese(tab: Tab) -> None:
    page = tab.page
    tab.goto("/pay")
    assert page.url == tab.site.url + "/login?next=%2Fpay"
    assert page.locator("h1").inner_text() == "Sign in to your workspace"
    tab.sign_in("hr.li")
    assert page.locator(".user-name").inner_text() == "hr.li"
    assert page.locator("h1").inner_text() == "Overview"
    page.click(".lang-switch a[hreflang='zh-CN']")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    nav = page.locator("nav.sidebar").inner_text()
    assert "人才市场" in nav and "技能框架" in nav and "薪酬" in nav
    assert page.locator("h1").inner_text() == "总览"
    assert page.url == tab.site.url + "/"


def test_the_market_report_is_drawn_inside_the_app(tab: Tab) -> None:
    tab.sign_in("hr.li")
    page = tab.page
    tab.goto(f"/market/{tab.site.snapshot_id}")
    assert page.locator("h1").inner_text() == "AI 人才市场"
    frame_box = page.locator("iframe#market-report").bounding_box()
    assert frame_box is not None and frame_box["width"] > 400 and frame_box["height"] > 400
    report = page.frame_locator("iframe#market-report")
    report.locator("svg").first.wait_for(state="visible")
    sizes = [report.locator("svg").nth(i).bounding_box()
             for i in range(report.locator("svg").count())]
    assert len(sizes) >= 5
    assert all(box is not None and box["width"] > 100 and box["height"] > 20 for box in sizes)
    assert "技能" in report.locator("body").inner_text()


def test_the_framework_search_updates_as_you_type(tab: Tab) -> None:
    tab.sign_in("hr.li")
    page = tab.page
    tab.goto("/framework?q=python")
    assert page.locator('#skill-results tr[data-slug="rag"]').count() == 0
    page.locator("#skill-search").fill("检索")
    row = page.locator('#skill-results tr[data-slug="rag"]')
    row.wait_for(state="visible", timeout=10_000)
    assert "Retrieval-augmented generation" in row.inner_text()
    assert page.url == tab.site.url + "/framework?q=python"  # swapped in, not a new page
    assert any("/framework/search?q=" in url for url in tab.requests)


def test_a_recruiter_is_refused_the_pay_page(tab: Tab) -> None:
    tab.sign_in("rec.wang")
    page = tab.page
    assert page.locator("nav.sidebar a[href='/pay']").count() == 0
    response = tab.goto("/pay")
    assert response.status == 403
    assert page.locator(".error-message").inner_text() == "You do not have access to this page."
    assert page.locator(".user-name").inner_text() == "rec.wang"
    refusal = [e for e in tab.errors if "status of 403" in e]
    assert len(refusal) == 1  # the browser logs the refused page itself; nothing else failed
    tab.errors.remove(refusal[0])
