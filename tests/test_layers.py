"""Data flows one way: a lower layer never imports a higher one (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import talentgraph

PACKAGE = Path(talentgraph.__file__).parent
# rank of each top-level package; a module may import only from ranks <= its own
RANK = {
    "domain": 0, "errors": 0, "settings": 0,
    "taxonomy": 1, "text": 2, "extract": 3,
    "store": 4, "analytics": 5, "match": 5, "plan": 5, "predict": 5,
    "services": 6, "api": 7, "web": 7, "cli": 7, "batch": 7,
}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return [m for m in found if m.startswith("talentgraph.")]


def test_no_upward_imports() -> None:
    violations = []
    for path in PACKAGE.rglob("*.py"):
        layer = _layer(path)
        if layer not in RANK:
            continue
        for module in _imports(path):
            target = module.split(".")[1]
            if target in RANK and RANK[target] > RANK[layer]:
                violations.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert violations == []


def test_every_layer_is_ranked() -> None:
    layers = {p.name.removesuffix(".py") for p in PACKAGE.iterdir()
              if (p.is_dir() and (p / "__init__.py").exists()) or
              (p.suffix == ".py" and p.name != "__init__.py")}
    unranked = layers - set(RANK) - {"models", "py"}
    assert unranked == set()
