"""The development pages in a real browser (Debian's chromium through Playwright) against a real
server (uvicorn on a free loopback port, SQLite in a temporary folder): an employee signs in,
opens their development page, opens "why?" on a skill and sees the explanation appear (htmx,
in place), then takes a learning step's skill check through its form and sees the level rise.
No page may log a console error (a CSP violation included)."""

from __future__ import annotations

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

from talentgraph.api import create_app
from talentgraph.domain import SYSTEM
from talentgraph.plan._checks import _BY_NAME, _exercise
from talentgraph.services._accounts import create_user
from talentgraph.services._cultivation_plans import build_plan
from talentgraph.services._people import create_employee
from talentgraph.services._profiles import add_evidence
from talentgraph.settings import Settings
from talentgraph.store import generate_key, open_database
from tests.api._client import PASSWORD

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


def _answers(check_id: str) -> dict[str, str]:
    """The right answers of a check, rebuilt from its id with the plan's internals."""
    family, _skill, level, seed = check_id.split(":")
    items = _exercise(_BY_NAME[family], int(level[1:]), int(seed, 16)).items
    return {item.question.key: str(item.expected) for item in items}


@dataclass(frozen=True)
class Site:
    """The running server's base URL."""

    url: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    import uvicorn

    base = tmp_path_factory.mktemp("web-browser-cultivation")
    database = open_database(f"sqlite:///{base}/talentgraph.db", keys=[generate_key()])
    with database.session() as session:
        dana = create_employee(session, actor=SYSTEM, fields={
            "ref": "E101", "name": "Dana", "role_family": "data-analyst", "level": "L1"}).id
        create_user(session, username="dana", password=PASSWORD, role="employee",
                    employee_id=dana, actor=SYSTEM)
        add_evidence(session, employee_id=dana, actor=SYSTEM, skill="sql", source="self",
                     level=1, detail="weekly sales report")
        build_plan(session, employee_id=dana, actor=SYSTEM, hours_per_week=4, language="en")
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
        yield Site(url=f"http://127.0.0.1:{port}")
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


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    context = browser.new_context(locale="en-US")
    tab = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(site.url + "/login", wait_until="load")
    tab.fill("#username", "dana")
    tab.fill("#password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(site.url + "/")
    yield tab
    context.close()
    assert errors == []  # no script error and no blocked resource on any page
    assert all(url.startswith(site.url) for url in requests)  # nothing off-site


def test_why_a_level_then_take_a_check_and_the_level_rises(page: Any, site: Site) -> None:
    page.click("nav.sidebar a[href='/development']")
    page.wait_for_url(site.url + "/development")
    assert page.locator("h1").inner_text() == "My development"
    skill = page.locator(".skill-item[data-slug='sql']")
    assert skill.get_attribute("data-level") == "1"

    # "why?": htmx loads the explanation into the disclosure, in place
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    skill.locator("details.why summary").click()
    explanation = skill.locator(".why-body .why-detail")
    explanation.wait_for(state="visible", timeout=10_000)
    assert explanation.locator(".why-level").inner_text().startswith("Level 1 (aware)")
    assert "weekly sales report" in explanation.locator("table.evidence").inner_text()
    assert page.url == site.url + "/development"  # swapped in, not a new page
    assert any(url.endswith("/skills/sql/why") for url in requests)

    # take the check of the plan's SQL step, answer it right, submit
    step = page.locator(".plan-step[data-slug='sql']")
    step.locator("button.take-check").click()
    page.wait_for_url(site.url + "/checks/*")
    check_id = page.locator("dl.check-facts").get_attribute("data-check-id")
    assert check_id is not None and check_id.startswith("sql-query:sql:")
    assert page.locator(".prose table").count() >= 1  # the prompt's data, rendered safely
    for key, value in _answers(check_id).items():
        field = page.locator(f"form.check-form [name='answer.{key}']")
        if field.first.get_attribute("type") == "radio":
            page.locator(f"form.check-form input[name='answer.{key}'][value='{value}']").check()
        else:
            field.fill(value)
    page.click("form.check-form button[type=submit]")
    page.wait_for_load_state("load")
    result = page.locator("section.check-result")
    assert result.locator("h2").inner_text() == "Passed"
    assert "rose from 1 to 3" in result.locator(".new-level").inner_text()

    page.click("a.button:has-text('Back to the profile')")
    page.wait_for_url(site.url + "/development")
    assert page.locator(".skill-item[data-slug='sql']").get_attribute("data-level") == "3"
    assert "is-done" in (page.locator(".plan-step[data-slug='sql']").get_attribute("class")
                         or "")
