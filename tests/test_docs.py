"""Docs that must not drift: every setting documented, the command reference regenerated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from talentgraph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields
               if f"`{name}`" not in doc or f"TALENTGRAPH_{name.upper()}" not in doc]
    assert missing == []


def test_command_reference_is_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_mentions_every_top_level_command() -> None:
    from talentgraph.cli._app import _register, app

    _register()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert [n for n in names if f"talentgraph {n}" not in readme] == []
