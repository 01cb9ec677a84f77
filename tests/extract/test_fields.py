"""extract_experience, extract_education, extract_seniority and extract_remote."""

from __future__ import annotations

import pytest

from talentgraph.domain import EDUCATION_LEVELS
from talentgraph.extract._fields import (
    SENIORITY_LEVELS,
    extract_education,
    extract_experience,
    extract_remote,
    extract_seniority,
)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("3-5年", 3),
        ("3年以上", 3),
        ("10年以上", 10),
        ("5年及以上", 5),
        ("三年以上工作经验", 3),
        ("具有两年及以上相关工作经验", 2),
        ("十五年以上行业经验", 15),
        ("经验不限", 0),
        ("不限", 0),
        ("应届毕业生", 0),
        ("接受在校生实习", 0),
        ("1年以下", 0),
        ("任职要求：\n1. 本科及以上学历；\n2. 3年以上Java开发经验；", 3),
        ("工作经验：5-10年", 5),
        ("3+ years of experience with Python", 3),
        ("at least 5 years of experience in machine learning", 5),
        ("5+ yrs experience building data pipelines", 5),
        ("A minimum of 3 years of relevant experience", 3),
        ("3 to 5 years of experience in analytics", 3),
        ("Experience: 4 years (Required)", 4),
        ("Two years of experience with SQL", 2),
        ("No experience required, we will train you", 0),
        ("This is an entry level position", 0),
        ("7+ years of software experience; 3+ years of Python experience", 3),
    ],
)
def test_experience(text: str, years: float) -> None:
    assert extract_experience(text) == years


@pytest.mark.parametrize(
    "text",
    [
        "He is 5 years old",
        "The company was founded 10 years ago and has grown fast",
        "We have been in business for 20 years.",
        "公司成立10年，团队20人",
        "Build models for 3 years of sales data",
        "",
    ],
)
def test_experience_ignores_years_outside_experience(text: str) -> None:
    assert extract_experience(text) is None


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("学历不限", "none"),
        ("不限", "none"),
        ("大专及以上学历", "associate"),
        ("本科", "bachelor"),
        ("统招本科及以上学历，985/211优先", "bachelor"),
        ("本科及以上学历，硕士优先", "bachelor"),
        ("硕士", "master"),
        ("研究生及以上学历", "master"),
        ("博士", "phd"),
        ("大专及以上学历，有本科学历者优先", "associate"),
        ("Bachelor's degree in Computer Science", "bachelor"),
        ("BS/MS in Computer Science or related field", "bachelor"),
        ("BSc in Statistics", "bachelor"),
        ("Master's degree required", "master"),
        ("PhD or Ph.D. candidate in machine learning", "phd"),
        ("MS or PhD in a quantitative field", "master"),
        ("BS required, PhD preferred", "bachelor"),
        ("Bachelor's degree required; Master's preferred", "bachelor"),
        ("Degree in Computer Science, Mathematics or related field", "bachelor"),
        ("High school diploma or GED", "none"),
        ("Associate's degree or equivalent experience", "associate"),
    ],
)
def test_education(text: str, level: str) -> None:
    assert extract_education(text) == level
    assert level in EDUCATION_LEVELS


@pytest.mark.parametrize(
    "text",
    [
        "硕士优先",
        "PhD preferred",
        "Proficient with MS Office and Excel",
        "Act as scrum master for the team",
        "Knowledge of master data management",
        "",
    ],
)
def test_education_none_found(text: str) -> None:
    assert extract_education(text) is None


@pytest.mark.parametrize(
    ("title", "text", "level"),
    [
        ("数据分析实习生", "", "intern"),
        ("Data Science Intern", "", "intern"),
        ("初级数据分析师", "", "junior"),
        ("Junior Data Analyst", "", "junior"),
        ("Associate Data Scientist", "", "junior"),
        ("高级算法工程师", "", "senior"),
        ("资深数据分析师", "", "senior"),
        ("Senior Data Scientist", "", "senior"),
        ("Sr. Data Engineer", "", "senior"),
        ("Data Scientist II", "", "mid"),
        ("算法专家", "", "principal"),
        ("Staff Machine Learning Engineer", "", "principal"),
        ("Principal Scientist", "", "principal"),
        ("Lead Data Scientist", "", "lead"),
        ("数据团队负责人", "", "lead"),
        ("Tech Lead, Machine Learning", "", "lead"),
        ("数据分析经理", "", "manager"),
        ("Engineering Manager, ML Platform", "", "manager"),
        ("数据总监", "", "director"),
        ("Director of Data Science", "", "director"),
        ("VP, Engineering", "", "director"),
        ("Head of AI", "", "director"),
        ("Associate Director, Analytics", "", "director"),
        ("Senior Product Manager", "", "senior"),
        ("数据分析师", "2021届校园招聘，面向应届毕业生", "junior"),
        ("数据分析师", "日常实习，每周到岗4天", "intern"),
        ("Data Scientist", "Seniority level: Entry level", "junior"),
    ],
)
def test_seniority(title: str, text: str, level: str) -> None:
    assert extract_seniority(title, text) == level
    assert level in SENIORITY_LEVELS


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Product Manager", ""),
        ("产品经理", "负责产品规划"),
        ("Data Scientist", "You will work closely with senior leaders."),
        ("数据分析师", "要求5年以上经验"),
        (None, None),
    ],
)
def test_seniority_unknown(title: str | None, text: str | None) -> None:
    assert extract_seniority(title, text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("支持远程办公", True),
        ("本岗位可远程", True),
        ("疫情期间居家办公", True),
        ("This is a fully remote position.", True),
        ("Work from home available two days a week", True),
        ("WFH Fridays", True),
        ("Location: Remote", True),
        ("Data Scientist (Remote)", True),
        ("remote", True),
        ("非远程岗位，需到公司坐班", False),
        ("This is not a remote position.", False),
        ("No remote work; fully remote candidates will not be considered", False),
        ("Onsite only in our Austin office", False),
        ("Experience with remote sensing imagery", None),
        ("Collaborate with remote teams across time zones", None),
        ("我们的产品是远程医疗平台", None),
        ("Hybrid work model", None),
        ("", None),
    ],
)
def test_remote(text: str, expected: bool | None) -> None:
    assert extract_remote(text) is expected
