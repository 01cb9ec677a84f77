"""The vendored htmx, the stylesheet and script, and that they ship with the package."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

from talentgraph.web import static_directory

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "talentgraph" / "web"
STATIC = WEB / "static"
HTMX = STATIC / "vendor" / "htmx.min.js"


def htmx_version() -> str:
    found = re.search(r'version:"(2\.\d+\.\d+)"', HTMX.read_text(encoding="utf-8"))
    assert found, "htmx.min.js carries no 2.x version string"
    return found.group(1)


def test_htmx_is_real_htmx_2() -> None:
    code = HTMX.read_text(encoding="utf-8")
    assert code.startswith("var htmx=function(){")
    assert "configRequest" in code and "hx-boost" in code and "hx-swap-oob" in code
    assert len(code) > 40_000  # the whole library, not a stub
    assert htmx_version().startswith("2.")


def test_htmx_licence_and_notice() -> None:
    licence = (STATIC / "vendor" / "htmx.LICENSE").read_text(encoding="utf-8")
    assert "Zero-Clause BSD" in licence
    assert "Permission to use, copy, modify, and/or distribute this software" in licence
    assert f"htmx.org@{htmx_version()}" in licence
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert f"htmx {htmx_version()}, Zero-Clause BSD (0BSD)" in notice


def test_stylesheet_covers_the_shell() -> None:
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    for needle in ("@media print", "@media (max-width", ".login-card", ".sidebar", "progress",
                   ".flash-error", ".pagination", "table", "Noto Sans CJK SC", ":lang(zh)",
                   ".htmx-indicator"):
        assert needle in css, needle
    assert css.count("{") == css.count("}")


def test_script_sends_the_csrf_header_with_htmx_requests() -> None:
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    assert 'meta[name="csrf-token"]' in js
    assert "htmx:configRequest" in js
    assert 'headers["X-CSRF-Token"]' in js


def test_no_cdn_or_external_url_in_templates_and_own_assets() -> None:
    files = [*(WEB / "templates").glob("*.j2"), STATIC / "app.css", STATIC / "app.js"]
    external = [(f.name, m) for f in files
                for m in re.findall(r"(?:https?:)?//[\w.-]+\.\w+", f.read_text(encoding="utf-8"))]
    assert external == []


def test_every_static_file_a_template_links_exists() -> None:
    linked = {m for f in (WEB / "templates").glob("*.j2")
              for m in re.findall(r'(?:href|src)="/static/([^"]+)"', f.read_text(encoding="utf-8"))}
    assert linked == {"app.css", "app.js", "vendor/htmx.min.js"}
    assert [p for p in linked if not (static_directory() / p).is_file()] == []


def test_web_files_are_package_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["talentgraph"]
    package = ROOT / "src" / "talentgraph"
    files = [p.relative_to(package).as_posix() for p in WEB.rglob("*")
             if p.is_file() and p.suffix not in {".py", ".pyc"}]
    assert "web/messages.json" in files
    unshipped = [f for f in files if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert unshipped == []
