"""The shipped bilingual resource catalogue and organisation resources (talentgraph.plan._catalogue)."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

import pytest

from talentgraph.errors import BadRecordError, ParameterError
from talentgraph.plan import RESOURCE_KINDS, Catalogue, Resource, load_catalogue
from talentgraph.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _raw() -> list[dict]:
    text = (resources.files("talentgraph.plan") / "data" / "resources.json").read_text("utf-8")
    return json.loads(text)


def test_shipped_catalogue_is_large_bilingual_and_well_formed(catalogue: Catalogue) -> None:
    items = list(catalogue)
    assert len(items) >= 80
    languages = Counter(r.language for r in items)
    assert languages["zh"] >= 25 and languages["en"] >= 80
    assert {r.kind for r in items} <= set(RESOURCE_KINDS)
    assert {"book", "paper", "course", "docs", "tutorial", "project"} <= {r.kind for r in items}
    assert all(r.url and r.url.startswith(("https://", "http://")) for r in items)
    urls = Counter(r.url for r in items)
    assert [u for u, n in urls.items() if n > 1] == []
    assert all(1 <= r.level <= 4 and r.hours > 0 and r.skills for r in items)
    assert not any(r.is_internal for r in items)
    assert len(_raw()) == len(items)


def test_every_shipped_skill_slug_exists_in_the_taxonomy(catalogue: Catalogue,
                                                         taxonomy: Taxonomy) -> None:
    unknown = sorted({(r.ref, s) for r in catalogue for s in r.skills if s not in taxonomy})
    assert unknown == []


@pytest.mark.parametrize(("ref", "words"), [
    ("book-goodfellow-deep-learning", ["Deep Learning"]),
    ("book-qiu-nndl", ["神经网络与深度学习"]),
    ("book-aima", ["Artificial Intelligence: A Modern Approach"]),
    ("paper-attention", ["Attention Is All You Need"]),
    ("paper-bert", ["BERT"]),
    ("paper-vit", ["16x16 Words"]),
    ("paper-gpt3", ["Few-Shot Learners"]),
    ("paper-instructgpt", ["human feedback"]),
    ("paper-lora", ["LoRA"]),
    ("paper-rag", ["Retrieval-Augmented Generation"]),
    ("paper-resnet", ["Residual"]),
    ("paper-adam", ["Adam"]),
    ("paper-dpo", ["Direct Preference Optimization"]),
    ("paper-cot", ["Chain-of-Thought"]),
    ("paper-flashattention", ["FlashAttention"]),
    ("paper-pagedattention", ["PagedAttention"]),
    ("paper-qlora", ["QLoRA"]),
    ("paper-clip", ["Natural Language Supervision"]),
    ("paper-ddpm", ["Denoising Diffusion"]),
    ("paper-llama", ["LLaMA"]),
    ("paper-switch-moe", ["Switch Transformers"]),
    ("course-cs224n", ["CS224N"]),
    ("course-cs231n", ["CS231n"]),
    ("book-d2l-zh", ["动手学深度学习"]),
    ("book-d2l-en", ["Dive into Deep Learning"]),
    ("course-hf-llm-course", ["Hugging Face"]),
    ("docs-pytorch-tutorials", ["PyTorch"]),
    ("course-fastai", ["Practical Deep Learning"]),
    ("course-ng-ml-specialization", ["Machine Learning Specialization"]),
    ("course-google-mlcc", ["Crash Course"]),
    ("docs-sklearn-user-guide", ["scikit-learn"]),
    ("docs-made-with-ml", ["Made With ML"]),
    ("book-islr", ["Statistical Learning"]),
    ("course-3b1b-linear-algebra", ["Linear Algebra"]),
    ("course-mit-1806", ["18.06"]),
    ("course-kaggle-intro-sql", ["Kaggle"]),
    ("course-hylee-ml", ["李宏毅"]),
    ("course-ng-dl-163", ["吴恩达"]),
    ("book-zhou-ml", ["西瓜书"]),
    ("book-li-hang-slm", ["统计学习方法"]),
    ("docs-paddle-guides-zh", ["飞桨"]),
    ("docs-alibaba-pai-zh", ["阿里云"]),
    ("docs-docker-get-started", ["Docker"]),
    ("docs-kubernetes-tutorials", ["Kubernetes"]),
])
def test_the_issues_resources_ship(catalogue: Catalogue, ref: str, words: list[str]) -> None:
    item = catalogue.get(ref)
    assert all(w in item.title for w in words)


def test_arxiv_papers_cite_real_ids(catalogue: Catalogue) -> None:
    papers = {r.ref: r.url for r in catalogue if r.kind == "paper"}
    assert papers["paper-attention"] == "https://arxiv.org/abs/1706.03762"
    assert papers["paper-bert"] == "https://arxiv.org/abs/1810.04805"
    assert papers["paper-lora"] == "https://arxiv.org/abs/2106.09685"
    assert papers["paper-rag"] == "https://arxiv.org/abs/2005.11401"
    assert len(papers) >= 40


def test_top_skills_of_every_role_have_resources(catalogue: Catalogue,
                                                 taxonomy: Taxonomy) -> None:
    missing = []
    for role in taxonomy.roles.values():
        if role.slug == "other":
            continue
        for req in sorted(role.skills, key=lambda r: (-r.weight, r.skill))[:5]:
            if not catalogue.for_skill(req.skill, level=1):
                missing.append((role.slug, req.skill))
    assert missing == []


def test_for_skill_ranking(catalogue: Catalogue) -> None:
    ranked = catalogue.for_skill("transformer", level=3)
    assert ranked and all("transformer" in r.skills for r in ranked)
    reaching = [r.level >= 3 for r in ranked]
    assert reaching == sorted(reaching, reverse=True)  # those reaching level 3 first
    top = [r for r in ranked if r.level >= 3]
    primary = [r.skills[0] == "transformer" for r in top]
    assert primary == sorted(primary, reverse=True)
    zh = catalogue.for_skill("transformer", level=3, language="zh")
    assert zh[0].language == "zh" and zh[0].level >= 3
    assert catalogue.for_skill("no-such-skill", level=2) == []
    with pytest.raises(ParameterError, match=r"The 'level' parameter of Catalogue.for_skill"):
        catalogue.for_skill("rag", level=9)
    with pytest.raises(ParameterError, match="'language' parameter"):
        catalogue.for_skill("rag", level=2, language="fr")


def test_organisation_resources_are_validated_resolved_and_added(taxonomy: Taxonomy) -> None:
    extra = [{"ref": "acme-rag-bootcamp", "title": "RAG 训练营", "kind": "course",
              "language": "zh", "skills": ["检索增强生成", "vector-database"], "level": 3,
              "hours": 12},
             {"ref": "acme-mentor-li", "title": "Mentoring by Li Wei", "kind": "mentor",
              "language": "zh", "skills": ["llm-agents"], "level": 3, "hours": 20,
              "check": "mentor sign-off"},
             {"ref": "acme-wiki", "title": "Platform wiki", "kind": "documentation",
              "language": "en", "url": "https://wiki.example.com/", "skills": ["docker"],
              "level": 2, "hours": 3}]
    catalogue = load_catalogue(extra, taxonomy=taxonomy)
    assert len(catalogue) == len(load_catalogue()) + 3
    bootcamp = catalogue.get("acme-rag-bootcamp")
    assert bootcamp.skills == ("rag", "vector-database") and bootcamp.is_internal
    assert bootcamp.url is None
    assert catalogue.get("acme-wiki").kind == "docs"
    assert catalogue.for_skill("rag", level=3, language="zh")[0].ref == "acme-rag-bootcamp"
    assert catalogue.get("acme-mentor-li").to_dict()["check"] == "mentor sign-off"


def test_bad_organisation_resources_are_all_listed(taxonomy: Taxonomy) -> None:
    extra = [{"ref": "a", "title": "A", "kind": "podcast", "language": "en", "skills": ["rag"],
              "level": 2, "hours": 1},
             {"ref": "b", "title": "B", "kind": "book", "language": "de", "skills": [],
              "level": 7, "hours": -1, "url": "ftp://x"},
             {"ref": "paper-lora", "title": "dup", "kind": "paper", "language": "en",
              "skills": ["lora"], "level": 3, "hours": 2},
             {"ref": "c", "title": "C", "kind": "book", "language": "en",
              "skills": ["no such skill qq"], "level": 2, "hours": 2, "colour": "red"}]
    with pytest.raises(BadRecordError) as info:
        load_catalogue(extra, taxonomy=taxonomy)
    details = info.value.details
    assert info.value.code == "E0208"
    assert "nothing was loaded" in info.value.message
    assert any(d.startswith("extra resource 0 (ref 'a'): the 'kind' field must be one of book")
               and d.endswith("Got 'podcast' instead.") for d in details)
    for field in ("language", "skills", "level", "hours", "url"):
        assert any(d.startswith(f"extra resource 1 (ref 'b'): the {field!r} field") for d in details)
    assert any("ref 'paper-lora'" in d and "a ref not already in the catalogue" in d
               for d in details)
    assert any("'no such skill qq'" in d for d in details)
    assert any("'colour' field" in d and "unknown field" in d for d in details)


def test_catalogue_rejects_duplicate_refs() -> None:
    item = Resource(ref="x", title="X", kind="book", language="en", skills=("rag",), level=2,
                    hours=1.0)
    with pytest.raises(ParameterError, match="unique refs"):
        Catalogue([item, item])
    with pytest.raises(ParameterError, match="'ref' parameter of Catalogue.get"):
        Catalogue([item]).get("y")
