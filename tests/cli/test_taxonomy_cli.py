"""``talentgraph taxonomy`` commands through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentgraph.cli._app import _register, app

DATA = Path(__file__).parents[1] / "taxonomy" / "data"
runner = CliRunner()
def needs_shipped(func):  # the shipped taxonomy is committed; a missing one must fail
    return func


@pytest.fixture(autouse=True, scope="module")
def _registered() -> None:
    _register()
    _register()  # idempotent: the group is added once


def test_register_is_idempotent() -> None:
    names = [g.name for g in app.registered_groups]
    assert names.count("taxonomy") == 1


def test_help_shows_examples() -> None:
    result = runner.invoke(app, ["taxonomy", "--help"])
    assert result.exit_code == 0
    assert "talentgraph taxonomy resolve" in result.output
    result = runner.invoke(app, ["taxonomy", "build", "--help"])
    assert "--esco-dir" in result.output and "--onet-dir" in result.output


@needs_shipped
def test_resolve_prints_term_tab_slug() -> None:
    terms = ["大模型", "RAG", "檢索增強生成", "fine-tuning", "nonsense-xyz"]
    result = runner.invoke(app, ["taxonomy", "resolve", *terms])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert [r[0] for r in rows] == terms
    slugs = dict(rows)
    assert slugs["大模型"] and slugs["fine-tuning"]
    assert slugs["RAG"] and slugs["RAG"] == slugs["檢索增強生成"]
    assert slugs["nonsense-xyz"] == ""


@needs_shipped
def test_show_json_fields() -> None:
    result = runner.invoke(app, ["taxonomy", "show", "kubernetes", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["slug"] == "kubernetes" and data["source"] == "curated"
    assert {"name_en", "name_zh", "aliases_en", "aliases_zh", "type", "category",
            "prerequisites", "esco_uri", "onet", "description"} <= set(data)
    assert "K8s" in data["aliases_en"] and data["category"]["path"]


@needs_shipped
def test_show_unknown_slug_suggests() -> None:
    result = runner.invoke(app, ["taxonomy", "show", "kubernets"])
    assert result.exit_code != 0
    assert "Did you mean 'kubernetes'" in str(result.exception)


@needs_shipped
def test_search_and_stats() -> None:
    result = runner.invoke(app, ["taxonomy", "search", "python", "--limit", "3"])
    assert result.exit_code == 0
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert len(lines) == 3 and lines[0][0] == "python" and lines[0][4] == "curated"
    result = runner.invoke(app, ["taxonomy", "stats", "--json"])
    data = json.loads(result.output)
    assert data["esco_uris"] == 13939 and data["by_source"]["curated"] > 0


@needs_shipped
def test_overlay_option(tmp_path: Path) -> None:
    overlay = tmp_path / "org.yaml"
    overlay.write_text("skills:\n  - slug: acme-deploy\n    en: AcmeDeploy\n    type: tool\n"
                       "aliases:\n  - slug: kubernetes\n    aliases_zh: [容器编排平台]\n",
                       encoding="utf-8")
    result = runner.invoke(app, ["taxonomy", "resolve", "AcmeDeploy", "容器編排平台",
                                 "--overlay", str(overlay)])
    assert result.output.splitlines() == ["AcmeDeploy\tacme-deploy", "容器編排平台\tkubernetes"]


def test_build_on_fixtures_and_roles(tmp_path: Path) -> None:
    out = tmp_path / "t.json.gz"
    result = runner.invoke(app, [
        "taxonomy", "build", "--src", str(DATA / "src"), "--esco-dir", str(DATA / "esco"),
        "--onet-dir", str(DATA / "onet"), "--csco", str(DATA / "csco" / "csco22.csv"),
        "--out", str(out), "--overlay", str(DATA / "overlay_ok.yaml")])
    assert result.exit_code == 0, result.output
    assert "ESCO URIs covered: 7/7" in result.output
    assert "merges cleanly" in result.output
    assert out.is_file()


def test_build_missing_source_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["taxonomy", "build", "--src", str(tmp_path),
                                 "--out", str(tmp_path / "t.json.gz")])
    assert result.exit_code != 0
    assert "curated" in str(result.exception) and "--src" in str(result.exception)
