"""The shipped taxonomy.json.gz: complete, consistent and usable."""

from __future__ import annotations

import gzip
import json

import pytest

from talentgraph.taxonomy import Taxonomy, load_taxonomy
from talentgraph.taxonomy._load import shipped_path


def test_the_shipped_taxonomy_is_there() -> None:
    assert shipped_path().is_file(), "build it with `talentgraph taxonomy build`"


@pytest.fixture(scope="module")
def shipped() -> Taxonomy:
    return load_taxonomy(None)


def test_every_esco_uri_exactly_once(shipped: Taxonomy) -> None:
    uris = [s.esco_uri for s in shipped.skills.values() if s.esco_uri]
    assert len(uris) == len(set(uris)) == 13939


def test_sources_and_version(shipped: Taxonomy) -> None:
    sources = {s.source for s in shipped.skills.values()}
    assert sources == {"curated", "esco", "onet"}
    assert shipped.version.startswith("2026.11.0+")
    assert len(shipped.occupations("csco")) == 1634
    assert len(shipped.occupations("esco")) == 2942


def test_file_is_deterministic_gzip() -> None:
    blob = shipped_path().read_bytes()
    assert blob[4:8] == b"\0\0\0\0"  # mtime 0
    data = json.loads(gzip.decompress(blob))
    assert [s["s"] for s in data["skills"]] == sorted(s["s"] for s in data["skills"])


def test_resolve_curated_aliases_both_languages(shipped: Taxonomy) -> None:
    assert shipped.resolve("K8s") == shipped.resolve("kubernetes") == "kubernetes"
    assert shipped.get("kubernetes").source == "curated"
    llm = shipped.resolve("大模型")
    assert llm is not None and shipped.get(llm).source == "curated"
    rag = shipped.resolve("RAG")
    assert rag is not None and shipped.resolve("檢索增強生成") == rag
    assert shipped.resolve("nonsense-xyz") is None


def test_search_puts_curated_first(shipped: Taxonomy) -> None:
    found = shipped.search("python", limit=10)
    assert found[0].source == "curated"
    assert found[0].esco_uri  # the ESCO Python skill is merged into the curated one
    mixed = shipped.search("statistic", limit=50)
    sources = [s.source for s in mixed]
    assert "curated" in sources and "esco" in sources
    assert sources.index("curated") < sources.index("esco")


def test_prerequisites_resolve_and_aliases_flagged(shipped: Taxonomy) -> None:
    for skill in shipped.skills.values():
        if skill.source == "curated":
            for prereq in shipped.prerequisites_closure(skill.slug):
                assert prereq in shipped.skills
    exact = sum(a.is_exact for a in shipped.iter_aliases())
    assert exact > 10000
