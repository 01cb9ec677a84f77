"""The extraction pipeline end to end on small self-written strings: spans into the ORIGINAL
text (full-width, traditional Chinese), requirement, component selection, errors, provenance,
and the Chinese semantic link."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import pytest

from talentgraph.domain import Extraction, Record
from talentgraph.errors import ExtractionError, UnknownComponentError
from talentgraph.extract import (
    COMPONENTS,
    DEFAULT_COMPONENTS,
    EXACT_ONLY_COMPONENTS,
    Pipeline,
    build_pipeline,
)


@pytest.fixture(scope="module")
def full() -> Pipeline:
    return build_pipeline().initialize()


@pytest.fixture(scope="module")
def exact() -> Pipeline:
    return build_pipeline(exact_only=True).initialize()


def _run(pipeline: Pipeline, text: str, *, title: str | None = None) -> Extraction:
    return pipeline(Record(id="t", text=text, title=title))


def _by_slug(ex: Extraction) -> dict[str, Any]:
    return {m.slug: m for m in ex.skills}


# ------------------------------------------------------------------ spans
@pytest.mark.parametrize("kind", ["full", "exact"])
def test_full_width_surface_is_the_original_characters(kind: str, request: Any) -> None:
    text = "岗位要求：熟悉ＰｙＴｏｒｃｈ，会用Ｐｙｔｈｏｎ。"
    ex = _run(request.getfixturevalue(kind), text)
    m = _by_slug(ex)["pytorch"]
    assert m.surface == "ＰｙＴｏｒｃｈ"
    assert text[m.start:m.end] == "ＰｙＴｏｒｃｈ"
    assert (m.start, m.end) == (text.index("Ｐｙ"), text.index("，"))
    assert _by_slug(ex)["python"].surface == "Ｐｙｔｈｏｎ"


def test_traditional_chinese_maps_to_the_simplified_skill_with_original_surface(
        full: Pipeline) -> None:
    text = "熟悉機器學習"
    ex = _run(full, text)
    m = _by_slug(ex)["machine-learning"]
    assert m.surface == "機器學習"
    assert (m.start, m.end) == (2, 6)
    assert m.method == "exact"
    assert ex.language == "zh"


def test_spans_after_collapsed_whitespace_and_crlf_point_into_the_original(
        full: Pipeline) -> None:
    text = "Requirements:\r\n\r\n\r\n\r\n*   Strong    Python   and\tKubernetes\r\n"
    ex = _run(full, text)
    for slug, surface in (("python", "Python"), ("kubernetes", "Kubernetes")):
        m = _by_slug(ex)[slug]
        assert text[m.start:m.end] == surface == m.surface


def test_every_span_matches_its_surface_in_mixed_text(full: Pipeline) -> None:
    text = ("ＡＩ算法工程师\n任職要求：\n１．精通Ｃ＋＋與Python；\n"
            "２．熟悉深度學習框架（TensorFlow／ＰｙＴｏｒｃｈ）；\n３．有大模型微调经验者优先。")
    ex = _run(full, text)
    assert {"cpp", "python", "deep-learning", "tensorflow", "pytorch", "fine-tuning"} <= set(
        _by_slug(ex))
    assert "c" not in _by_slug(ex)
    for m in ex.skills:
        assert text[m.start:m.end].strip() == m.surface


# ------------------------------------------------------------------ requirement
def test_requirement_preferred_for_you_xian(full: Pipeline) -> None:
    ex = _run(full, "任职要求：\n1. 熟悉Python；\n2. 有大模型微调经验者优先。")
    skills = _by_slug(ex)
    assert skills["fine-tuning"].requirement == "preferred"
    assert skills["fine-tuning"].surface == "大模型微调"
    assert skills["python"].requirement == "required"


def test_requirement_and_section_in_english(full: Pipeline) -> None:
    text = ("Requirements\n- 3+ years with Python\n\nNice to have\n- Experience with Kubernetes\n")
    skills = _by_slug(_run(full, text))
    assert skills["python"].requirement == "required"
    assert skills["kubernetes"].requirement == "preferred"
    assert skills["python"].section == "requirements"


# ------------------------------------------------------------------ components
def test_exact_only_leaves_out_the_model_and_semantic_components() -> None:
    pipe = build_pipeline(exact_only=True)
    assert pipe.names == list(EXACT_ONLY_COMPONENTS)
    assert "skills_model" not in pipe.names and "skills_semantic" not in pipe.names
    assert "skills_exact" in pipe.names
    default = build_pipeline()
    assert default.names == list(DEFAULT_COMPONENTS)
    assert {"skills_model", "skills_semantic"} <= set(default.names)
    assert set(DEFAULT_COMPONENTS) <= set(COMPONENTS)


def test_exact_only_output_has_only_exact_mentions(exact: Pipeline) -> None:
    text = ("We need someone who can build scalable ingestion of clickstream logs and "
            "精通海量数据的实时处理, with Python.")
    ex = _run(exact, text)
    assert ex.skills
    assert {m.method for m in ex.skills} == {"exact"}


def test_unknown_component_raises_a_coded_error() -> None:
    with pytest.raises(UnknownComponentError) as info:
        build_pipeline(components=["normalise", "skills_fuzzy", "finalise"])
    err = info.value
    assert err.code == "E0401"
    assert isinstance(err, KeyError)
    assert "'skills_fuzzy'" in str(err)
    assert "skills_exact" in str(err) and "finalise" in str(err)  # lists the known ones


def test_a_chosen_subset_of_components_runs() -> None:
    pipe = build_pipeline(components=["normalise", "sections", "skills_exact", "requirement",
                                      "finalise"])
    ex = _run(pipe, "任职要求：熟悉ＰｙＴｏｒｃｈ，20-40K·14薪，北京")
    assert [m.slug for m in ex.skills] == ["pytorch"]
    assert ex.skills[0].surface == "ＰｙＴｏｒｃｈ"
    assert ex.salary is None and ex.city is None and ex.role_family is None  # no fields/role


class _Boom:
    """A component that fails: the pipeline must name it."""

    name: ClassVar[str] = "boom"
    version = None

    def initialize(self) -> None:
        pass

    def pipe(self, batch: Sequence[Extraction]) -> list[Extraction]:
        raise ValueError("kaput")


def test_a_failing_component_is_named_in_the_error() -> None:
    pipe = Pipeline([*build_pipeline(components=["normalise"]).components, _Boom()])
    with pytest.raises(ExtractionError) as info:
        pipe(Record(id="rec-7", text="Python"))
    msg = str(info.value)
    assert "'boom'" in msg and "'rec-7'" in msg and "ValueError: kaput" in msg


def test_pipe_keeps_order_and_ids_across_batches(exact: Pipeline) -> None:
    records = [Record(id=f"r{i}", text=f"熟悉Python和第{i}个SQL") for i in range(7)]
    out = list(exact.pipe(records, batch_size=3))
    assert [ex.id for ex in out] == [r.id for r in records]
    assert all({"python", "sql"} <= {m.slug for m in ex.skills} for ex in out)


# ------------------------------------------------------------------ provenance
def test_versions_record_the_taxonomy(full: Pipeline) -> None:
    from talentgraph.taxonomy import load_taxonomy

    ex = _run(full, "熟悉Python")
    assert ex.versions["skills_exact"] == str(load_taxonomy().version)
    assert ex.to_dict()["versions"] == ex.versions


def test_versions_record_every_model_and_the_taxonomy(full: Pipeline) -> None:
    versions = _run(full, "熟悉Python").versions
    assert versions["role"].startswith("role_classifier.npz@")
    assert versions["skills_model"].startswith("skill_spans.crfsuite@")
    assert versions["occupation"].startswith("occupations@")
    assert "embeddings of" in versions["skills_semantic"]
    from talentgraph.taxonomy import load_taxonomy

    assert versions["skills_exact"] == load_taxonomy().version


# ------------------------------------------------------------------ semantic link (zh)
def test_chinese_phrase_outside_the_dictionary_is_linked_semantically(
        full: Pipeline, exact: Pipeline) -> None:
    from talentgraph.taxonomy import load_taxonomy

    text = "任职要求：精通海量数据的实时处理"
    assert load_taxonomy().resolve("海量数据的实时处理") is None  # not in the dictionary
    assert not _run(exact, text).skills
    ex = _run(full, text)
    semantic = [m for m in ex.skills if m.method == "semantic"]
    assert len(semantic) == 1
    m = semantic[0]
    assert m.slug in {"stream-processing", "big-data"}
    assert m.surface in "海量数据的实时处理" and text[m.start:m.end] == m.surface
    assert 0.5 < m.confidence <= 1.0
    assert m.requirement == "required"


def test_unrelated_chinese_phrase_is_not_linked(full: Pipeline) -> None:
    ex = _run(full, "熟悉跨境电商选品策略")
    assert not [m for m in ex.skills if m.method == "semantic"]


def test_neural_span_model_can_replace_the_crf() -> None:
    from talentgraph.errors import ParameterError
    from talentgraph.extract import build_pipeline

    names = build_pipeline(span_model="neural").names
    assert "skills_neural" in names and "skills_model" not in names
    assert "skills_neural" not in build_pipeline(exact_only=True, span_model="neural").names
    with pytest.raises(ParameterError, match="'span_model' parameter of build_pipeline"):
        build_pipeline(span_model="bert")


def test_field_columns_of_a_table_beat_the_free_text(exact: Pipeline) -> None:
    from talentgraph.domain import Record

    record = Record(id="1", title="Data Scientist", text="We use Python. Based in Boston.",
                    meta={"Salary Estimate": "$53K-$91K (Glassdoor est.)",
                          "Location": "Albuquerque, NM", "workYear": "3-5年", "学历": "本科"})
    ex = next(iter(exact.pipe([record])))
    assert ex.salary is not None and ex.salary.min_annual == 53000 and ex.salary.currency == "USD"
    assert ex.city == "Albuquerque"
    assert ex.experience_min_years == 3 and ex.education_min == "bachelor"
    assert "meta" not in ex.to_dict()


def test_without_field_columns_the_text_decides(exact: Pipeline) -> None:
    from talentgraph.domain import Record

    record = Record(id="2", title="数据分析师", text="工作地点：杭州。薪资：15k-25k，本科及以上",
                    meta={"company": "某公司"})
    ex = next(iter(exact.pipe([record])))
    assert ex.city == "杭州" and ex.salary is not None and ex.salary.min_monthly == 15000
