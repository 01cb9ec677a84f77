"""The organisation overlay: merged at load; every error names file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentgraph.errors import OverlayError
from talentgraph.taxonomy._load import apply_overlay
from talentgraph.taxonomy._taxonomy import Taxonomy

DATA = Path(__file__).parent / "data"


def _apply(fixture_build, text: str, tmp_path: Path) -> Taxonomy:
    path = tmp_path / "org.yaml"
    path.write_text(text, encoding="utf-8")
    return Taxonomy(apply_overlay(fixture_build[0], path))


def test_overlay_adds_skills_aliases_roles(fixture_build) -> None:
    tax = Taxonomy(apply_overlay(fixture_build[0], DATA / "overlay_ok.yaml"))
    assert tax.get("acme-deploy").source == "org"
    assert tax.resolve("acme deploy") == "acme-deploy"
    assert tax.resolve("知识库问答") == tax.resolve("知識庫問答") == "rag"
    assert tax.roles["platform-engineer"].skills[0].skill == "acme-deploy"
    assert "llm-engineer" in tax.roles
    assert tax.version.startswith(fixture_build[0]["version"] + ".org")
    assert tax.prerequisites_closure("acme-deploy") == ["python"]
    org_alias = [a for a in tax.iter_aliases() if a.text == "知识库问答"]
    assert org_alias[0].source == "org"


@pytest.mark.parametrize(("text", "expected"), [
    ("skills:\n  - slug: lora\n    en: LoRA\n",
     "org.yaml: skills[0] (slug 'lora') field 'slug'"),
    ("skills:\n  - slug: my-tool\n    en: My tool\n    type: tol\n",
     "org.yaml: skills[0] (slug 'my-tool') field 'type'"),
    ("skills:\n  - slug: my-tool\n    en: My tool\n    prerequisites: [nope]\n",
     "org.yaml: skills[0] (slug 'my-tool') field 'prerequisites'"),
    ("skills:\n  - slug: my-tool\n    en: My tool\n    category: nowhere\n",
     "org.yaml: skills[0] (slug 'my-tool') field 'category'"),
    ("skills:\n  - slug: My Tool\n    en: My tool\n",
     "org.yaml: skills[0] (slug 'My Tool') field 'slug'"),
    ("skills:\n  - slug: ok-tool\n  - slug: t2\n    en: T2\n    colour: red\n",
     "org.yaml: skills[0] (slug 'ok-tool') field 'en'"),
    ("aliases:\n  - slug: no-such\n    aliases_en: [x]\n",
     "org.yaml: aliases[0] (slug 'no-such') field 'slug'"),
    ("roles:\n  - slug: r\n    en: R\n    zh: R\n    levels: []\n",
     "org.yaml: roles[0] (slug 'r') field 'levels'"),
    ("colours: []\n", "org.yaml: the top level field 'colours'"),
    ("skills: [1, 2\n", "org.yaml: YAML syntax error at line 2"),
])
def test_overlay_errors_name_file_entry_and_field(fixture_build, tmp_path: Path, text: str,
                                                  expected: str) -> None:
    with pytest.raises(OverlayError) as info:
        _apply(fixture_build, text, tmp_path)
    assert expected in info.value.message
    assert info.value.code == "E0304"


def test_overlay_cycle_is_an_overlay_error(fixture_build, tmp_path: Path) -> None:
    text = ("skills:\n  - slug: a-x\n    en: A\n    prerequisites: [b-x]\n"
            "  - slug: b-x\n    en: B\n    prerequisites: [a-x]\n")
    with pytest.raises(OverlayError, match="org.yaml: .*a-x -> b-x -> a-x"):
        _apply(fixture_build, text, tmp_path)
