"""One contract for every registered pipeline component (STYLE: one suite for every extractor).

Each component: is cheap to construct (no loading before ``initialize``), is registered under its
own ``name``, gives the same result through ``pipe`` as through ``__call__``, returns the
Extraction objects it was given, and leaves what earlier components wrote in place.
"""

from __future__ import annotations

import copy
import time

import pytest

from talentgraph.domain import Extraction
from talentgraph.extract import COMPONENTS, DEFAULT_COMPONENTS, build_pipeline

DOCS = [
    ("zh", "大模型算法工程师", "岗位职责：\n负责大模型预训练与SFT。\n任职要求：\n熟悉PyTorch，"
                          "有LoRA微调经验者优先；本科及以上，3年以上经验。薪资：30-50K·14薪 北京"),
    ("en", "Data Engineer", "Requirements\n- 3+ years with Spark and Kafka.\n- Strong SQL.\n"
                           "Nice to have\n- Airflow.\nSalary: $120,000 - $150,000 a year. Seattle"),
]


def _prefix(name: str) -> list[str]:
    names = list(DEFAULT_COMPONENTS)
    if name not in names:  # an alternative to a default component (skills_neural)
        names[names.index("skills_model")] = name
    return names[: names.index(name)]


def _prepared(name: str) -> list[Extraction]:
    """The documents as they reach ``name``: every earlier default component has run."""
    pipe = build_pipeline(components=_prefix(name)).initialize() if _prefix(name) else None
    exs = [Extraction(id=str(i), text=text, title=title) for i, (_, title, text) in
           enumerate(DOCS)]
    if pipe is not None:
        for comp in pipe.components:
            exs = comp.pipe(exs)
    return exs


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_component_contract(name: str) -> None:
    started = time.perf_counter()
    component = COMPONENTS[name](None)
    assert time.perf_counter() - started < 0.05, "construction must not load anything"
    assert component.name == name
    component.initialize()

    batch = _prepared(name)
    single = copy.deepcopy(batch)
    before = [(ex.id, ex.text, ex.title) for ex in batch]
    piped = component.pipe(batch)
    called = [component(ex) for ex in single]

    assert [ex.id for ex in piped] == [ex.id for ex in batch]
    assert all(a is b for a, b in zip(piped, batch, strict=True))
    assert [(ex.id, ex.text, ex.title) for ex in piped] == before  # the input is never altered
    assert [ex.to_dict() for ex in piped] == [ex.to_dict() for ex in called]
