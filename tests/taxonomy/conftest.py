"""Fixtures: a tiny taxonomy built from the self-written sources in tests/taxonomy/data/."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from talentgraph.taxonomy._build import build_taxonomy_data
from talentgraph.taxonomy._taxonomy import Taxonomy

DATA = Path(__file__).parent / "data"


def build_fixture(src: Path | None = None, **kwargs: Any) -> tuple[dict[str, Any], Any]:
    """Build the fixture taxonomy (optionally from another ``src`` folder)."""
    return build_taxonomy_data(src=src or DATA / "src", esco_dir=DATA / "esco",
                               onet_dir=DATA / "onet", csco=DATA / "csco" / "csco22.csv",
                               **kwargs)


@pytest.fixture(name="build_fixture")
def build_fixture_fixture() -> Any:
    """The fixture build function, for tests that build from a modified copy of the sources."""
    return build_fixture


@pytest.fixture(scope="session")
def fixture_build() -> tuple[dict[str, Any], Any]:
    return build_fixture()


@pytest.fixture
def fixture_taxonomy(fixture_build: tuple[dict[str, Any], Any]) -> Taxonomy:
    return Taxonomy(fixture_build[0])


@pytest.fixture
def src_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture sources."""
    target = tmp_path / "src"
    shutil.copytree(DATA / "src", target)
    return target
