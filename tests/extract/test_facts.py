"""make_facts: one posting -> PostingFacts, columns winning over the text when they parse."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from talentgraph.domain import Posting
from talentgraph.errors import BadRecordError
from talentgraph.extract import Pipeline, build_pipeline, make_facts
from talentgraph.text import minhash_signature, text_key

DATA = Path(__file__).resolve().parents[1] / "data"
ZH = (DATA / "zh" / "zh01_llm_algo.txt").read_text(encoding="utf-8")  # 40-70K·16薪, 北京, 3-5年


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(exact_only=True).initialize()


def _posting(**kw: object) -> Posting:
    base: dict[str, object] = {"seq": 3, "id": "p3", "source": "jobs.csv:4",
                               "title": "大模型算法工程师", "text": ZH}
    return Posting(**{**base, **kw})  # type: ignore[arg-type]


def test_text_only_posting_takes_fields_from_the_text(pipeline: Pipeline) -> None:
    facts, ex = make_facts(_posting(), pipeline)
    assert (facts.seq, facts.id, facts.language) == (3, "p3", "zh")
    assert facts.salary_currency == "CNY" and "40-70K" in (facts.salary_raw or "")
    assert (facts.salary_annual_min, facts.salary_annual_max) == (40_000 * 16, 70_000 * 16)
    assert facts.city == ex.city == "北京"
    assert facts.experience_min_years == 3
    assert facts.education_min == "master"
    assert facts.role_family == ex.role_family and facts.role_family != "other"
    assert facts.date is None
    assert facts.text_key == text_key("大模型算法工程师", ZH)
    assert facts.minhash == minhash_signature(ZH)
    assert facts.phrases == ("千卡规模训练",)  # 有千卡规模训练经验: not a taxonomy skill


def test_skills_once_each_with_the_strongest_requirement(pipeline: Pipeline) -> None:
    facts, ex = make_facts(_posting(), pipeline)
    slugs = [slug for slug, _ in facts.skills]
    assert len(slugs) == len(set(slugs)) == len({m.slug for m in ex.skills})
    first_seen = list(dict.fromkeys(m.slug for m in ex.skills))
    assert slugs == first_seen
    requirement = dict(facts.skills)
    assert requirement["pytorch"] == "required"
    assert requirement["vllm"] == "preferred"  # only under 加分项


def test_required_beats_preferred_across_mentions(pipeline: Pipeline) -> None:
    text = ("Nice to have:\n- Experience with Kubernetes.\n\nRequirements:\n"
            "- Kubernetes and Go in production.\n")
    facts, ex = make_facts(_posting(title="Platform Engineer", text=text), pipeline)
    reqs = [m.requirement for m in ex.skills if m.slug == "kubernetes"]
    assert "preferred" in reqs and "required" in reqs
    assert dict(facts.skills)["kubernetes"] == "required"
    assert facts.skills[0][0] == "kubernetes"


def test_columns_win_over_the_text(pipeline: Pipeline) -> None:
    facts, _ = make_facts(_posting(salary_raw="30-50万", city_raw="上海市浦东新区",
                                   date_raw="2025-03-04", experience_raw="5-10年",
                                   education_raw="本科", seniority_raw="高级",
                                   company=" 某某科技 "), pipeline)
    assert (facts.salary_annual_min, facts.salary_annual_max) == (300_000, 500_000)
    assert facts.salary_raw == "30-50万"
    assert facts.city == "上海"
    assert facts.date == "2025-03-04"
    assert facts.experience_min_years == 5
    assert facts.education_min == "bachelor"
    assert facts.seniority == "senior"
    assert facts.company == "某某科技"


def test_unparseable_columns(pipeline: Pipeline) -> None:
    facts, _ = make_facts(_posting(salary_raw="-1", experience_raw="看情况",
                                   seniority_raw="Not Applicable"), pipeline)
    assert facts.salary_raw == "-1" and not facts.has_salary and facts.salary_currency is None
    assert facts.experience_min_years == 3  # the text's
    facts, _ = make_facts(_posting(salary_raw="面议", city_raw="Albuquerque, NM"), pipeline)
    assert facts.salary_raw == "面议" and not facts.has_salary
    assert facts.city == "Albuquerque"


def test_relative_date_needs_the_reference_date(pipeline: Pipeline) -> None:
    facts, _ = make_facts(_posting(date_raw="3天前"), pipeline,
                          reference_date=dt.date(2025, 5, 10))
    assert facts.date == "2025-05-07"


def test_title_only_posting(pipeline: Pipeline) -> None:
    posting = _posting(title="Senior Data Engineer (Spark, Airflow)", text="", company="Acme",
                       city_raw="London")
    facts, ex = make_facts(posting, pipeline)
    # the title is extracted (role, seniority; the extraction shows its skills) but a
    # title-only record is kept out of skill statistics
    assert {m.slug for m in ex.skills} >= {"spark", "airflow"}
    assert facts.has_text is False and facts.skills == () and facts.phrases == ()
    assert facts.role_family == "data-engineer"
    assert facts.seniority == "senior" and facts.city == "London"
    assert facts.minhash == ()
    other, _ = make_facts(_posting(title=posting.title, text="", company="Beta",
                                   city_raw="London"), pipeline)
    assert other.text_key != facts.text_key
    assert pickle.loads(pickle.dumps(facts)) == facts


def test_posting_without_text_or_title_is_a_bad_record(pipeline: Pipeline) -> None:
    with pytest.raises(BadRecordError, match=r"'p3' \(jobs.csv:4\).*--map text="):
        make_facts(_posting(title=None, text="  "), pipeline)
