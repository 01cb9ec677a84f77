"""docs/imports.md lists the columns the import specs really accept."""

from __future__ import annotations

from pathlib import Path

from talentgraph.services._import_specs import import_columns_markdown


def test_import_docs_are_current() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "imports.md").read_text("utf-8")
    assert import_columns_markdown() in doc, (
        "docs/imports.md is stale: regenerate the column tables with "
        "talentgraph.services._import_specs.import_columns_markdown()")
