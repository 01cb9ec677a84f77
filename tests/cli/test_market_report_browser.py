"""The market report in a real browser (Debian's chromium through Playwright): it loads with no
network request and no console error, every chart has a size, it switches language, and it
prints to a multi-page A4 PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _market_corpus import write_corpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCRIPT = Path(sys.executable).with_name("talentgraph")


def _chromium() -> str:
    found = os.environ.get("TALENTGRAPH_CHROMIUM") or shutil.which("chromium")
    assert found, ("Debian's chromium is needed for browser tests: apt-get install chromium "
                   "(.ci/run does), or set TALENTGRAPH_CHROMIUM to a Chromium binary.")
    return found


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("browser")
    corpus = write_corpus(base / "in")
    found = {}
    for lang in ("en", "zh"):
        out = base / f"out-{lang}"
        proc = subprocess.run([str(SCRIPT), "market", "analyze", str(corpus), "--out", str(out),
                               "--lang", lang, "--no-progress", "-j", "1"],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        found[lang] = out / "report.html"
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_loads_offline_without_errors(browser: object, reports: dict[str, Path],
                                             lang: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    url = reports[lang].as_uri()
    page.goto(url, wait_until="load")
    assert [r for r in requests if r != url] == []  # nothing fetched: everything is inlined
    assert errors == []
    assert page.evaluate("document.documentElement.lang").startswith(lang)
    sizes = page.evaluate(
        "[...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().width)")
    assert len(sizes) >= 5 and min(sizes) > 100
    page.close()


def test_report_prints_to_a_multi_page_a4_pdf(browser: object, reports: dict[str, Path],
                                              tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(reports["zh"].as_uri(), wait_until="load")
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= 3
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext"):  # the text stays text (searchable), headings included
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "技能" in text
