"""Domain objects: the hand-written ``to_dict`` methods (kept explicit for speed) stay equal to
``dataclasses.asdict``, so a new field can never be silently left out of the output."""

from __future__ import annotations

from dataclasses import asdict, fields

from talentgraph.domain import OccupationMatch, PostingFacts, Salary, SkillMention


def test_skill_mention_to_dict_is_asdict() -> None:
    m = SkillMention("rag", "RAG", "检索增强生成", None, 3, 6, "RAG", "requirements",
                     "required", "exact", 0.93)
    assert m.to_dict() == asdict(m)
    assert list(m.to_dict()) == [f.name for f in fields(SkillMention)]


def test_salary_to_dict_is_asdict() -> None:
    s = Salary(20000.0, 40000.0, 280000.0, 560000.0, 14.0, "CNY", "month", "20-40K·14薪")
    assert s.to_dict() == asdict(s)
    assert list(s.to_dict()) == [f.name for f in fields(Salary)]


def test_other_to_dicts() -> None:
    o = OccupationMatch(esco_uri="u", esco_label="l", csco_code="c", csco_name="n", score=0.5)
    assert o.to_dict() == asdict(o)
    f = PostingFacts(seq=1, id="a", language="en", title=None, company=None,
                     role_family="other", seniority=None, city=None, date=None,
                     salary_raw=None, salary_currency=None, salary_annual_min=None,
                     salary_annual_max=None, experience_min_years=None, education_min=None,
                     is_remote=None, skills=(("python", "required"),))
    assert f.to_dict() == asdict(f)
