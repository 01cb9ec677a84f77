"""The parts of the resume parser: date ranges, contact details, degrees, depth words."""

from __future__ import annotations

from datetime import date

import pytest

from talentgraph.extract import parse_resume
from talentgraph.extract._resume_blocks import classify_piece, degree_mentions
from talentgraph.extract._resume_contact import (
    extract_emails,
    extract_name,
    extract_phones,
    phone_key,
)
from talentgraph.extract._resume_dates import find_date_range, find_single_date
from talentgraph.extract._resume_work import union_months

TODAY = date(2024, 6, 15)


@pytest.mark.parametrize(
    ("line", "start", "end", "months"),
    [
        ("2019.07-至今 字节跳动", date(2019, 7, 1), None, 60),
        ("2019.07 - 至今", date(2019, 7, 1), None, 60),
        ("2009年5月至今，受聘为顾问", date(2009, 5, 1), None, 182),
        ("Jul 2019 – Present", date(2019, 7, 1), None, 60),
        ("July, 2019 - Current", date(2019, 7, 1), None, 60),
        ("2015.09-2019.06 北京大学", date(2015, 9, 1), date(2019, 6, 1), 46),
        ("2015年9月-2019年6月", date(2015, 9, 1), date(2019, 6, 1), 46),
        ("2019/07 ~ 2021/03", date(2019, 7, 1), date(2021, 3, 1), 21),
        ("07/2019 - 03/2021", date(2019, 7, 1), date(2021, 3, 1), 21),
        ("Jan 2017 to Jun 2019", date(2017, 1, 1), date(2019, 6, 1), 30),
        ("2015 - 2019", date(2015, 7, 1), date(2019, 7, 1), 48),  # bare years: 1 July
        ("2015.09-2019", date(2015, 9, 1), date(2019, 7, 1), 46),
        ("2021.03-2019.01", date(2021, 3, 1), date(2019, 1, 1), None),  # ends before start
        ("2025.01-至今", date(2025, 1, 1), None, None),  # starts after today
    ],
)
def test_date_ranges(line: str, start: date, end: date | None, months: int | None) -> None:
    found = find_date_range(line, today=TODAY)
    assert found is not None
    assert (found.start, found.end, found.months) == (start, end, months)


@pytest.mark.parametrize("line", ["电话 138-1234-5678", "Python 3.11, 2019", "GPA 3.8/4.0", ""])
def test_no_date_range(line: str) -> None:
    assert find_date_range(line, today=TODAY) is None


def test_single_date_is_the_last_one() -> None:
    assert find_single_date("Stanford University, May 2019") == (date(2019, 5, 1), (21, 29))
    assert find_single_date("no date") is None


def test_emails_and_phones() -> None:
    text = ("邮箱：Zhang.Wei＠Example.com / zw@example.cn\n手机：+86 138-1234-5678，0086 13912345678\n"
            "座机 010-62751234 · US +1 (415) 555-0142 · (650) 555-0199 · UK +44 20 7946 0958\n"
            "身份证 110101199003071234 · 2019.07-2021.03 · 2015-2019\n")
    assert extract_emails(text) == ("zhang.wei@example.com", "zw@example.cn")
    assert extract_phones(text) == ("+8613812345678", "+8613912345678", "01062751234",
                                    "+14155550142", "6505550199", "+442079460958")
    assert [phone_key(p) for p in ("+8613812345678", "13812345678", "+14155550142",
                                   "+442079460958")] == ["13812345678", "13812345678",
                                                         "4155550142", "442079460958"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("个人简历\n姓名：张伟    性别：男\n", "张伟"),
        ("姓 名：买买提·艾力\n", "买买提·艾力"),
        ("谢卫东先生：1966年12月出生，汉族", "谢卫东"),
        ("欧阳娜娜 | 算法工程师\n", "欧阳娜娜"),
        ("# Emily Chen\nemily@example.com", "Emily Chen"),
        ("CURRICULUM VITAE\nMary-Jane O'Neil, Data Scientist\n", "Mary-Jane O'Neil"),
        ("Resume\nName: John Smith  Email: js@example.com\n", "John Smith"),
        ("Senior Data Scientist\nPython, SQL\n", None),
        ("中国国籍，大学本科\n", None),
        ("Machine Learning Engineer\n\nPython, SQL\nSkills\nJohn Smith", None),  # 4th line
    ],
)
def test_names(text: str, name: str | None) -> None:
    assert extract_name(text) == name


def test_degree_words_and_pieces() -> None:
    assert [m[2] for m in degree_mentions("硕士研究生 / 博士研究生 / 大专 / 本科 / 高中")] == [
        "master", "phd", "associate", "bachelor", "high_school"]
    assert [m[2] for m in degree_mentions("B.S. in CS; MS in Stats; Ph.D. in ML; MBA")] == [
        "bachelor", "master", "phd", "master"]
    assert degree_mentions("ms office, Scrum Master, Associate Consultant") == []
    assert [classify_piece(p) for p in ("字节跳动科技有限公司", "集团副总经理", "算法工程师（实习）",
                                         "北京大学", "AI Research Intern", "Ernst & Young LLP",
                                         "Google")] == [
        "org", "title", "title", "school", "title", "org", None]


def test_union_of_month_intervals_counts_overlaps_once() -> None:
    assert union_months([(0, 12), (6, 18), (30, 36), (31, 33)]) == 24
    assert union_months([]) == 0


@pytest.mark.parametrize(
    ("line", "levels"),
    [
        ("精通 Python、C++，熟悉 PyTorch；了解 Kubernetes。", {"python": 4, "cpp": 4, "pytorch": 2,
                                                         "kubernetes": 1}),
        ("熟练掌握 SQL，掌握 Docker", {"sql": 3, "docker": 2}),
        ("Expert in Java; proficient with Go; familiar with Rust; exposure to Scala.",
         {"java": 4, "go": 3, "rust": 2, "scala": 1}),
        ("Python (expert), Docker: basic", {"python": 4, "docker": 1}),
        ("不熟悉 Java，not familiar with PHP", {"java": 0, "php": 0}),
        # a depth word does not reach past the end of its sentence
        ("精通 Python。Docker", {"python": 4, "docker": 1}),
    ],
)
def test_depth_words(line: str, levels: dict[str, int]) -> None:
    resume = parse_resume("技能\n" + line, today=TODAY)
    assert {s.slug: s.level for s in resume.skills if s.slug in levels} == levels


def test_years_level_and_recency() -> None:
    text = ("Experience\n"
            "Data Engineer, Contoso Ltd    Jan 2010 - Dec 2013\n"
            "- Pipelines in Scala.\n"
            "Data Engineer, Fabrikam Inc    Jan 2023 - Present\n"
            "- Dashboards in Tableau.\n")
    skills = {s.slug: s for s in parse_resume(text, today=TODAY).skills}
    assert (skills["scala"].level, skills["scala"].years) == (2, 4.0)  # 3 from years, stale
    assert skills["scala"].last_used == date(2013, 12, 1)
    assert (skills["tableau"].level, skills["tableau"].years) == (2, 1.5)
    assert skills["tableau"].why == (
        "Used 1.5 years in 1 dated job(s)/project(s) that mention it.",
        "No depth word; 1.5 years of use gives level 2 (<1 year: 1, 1-3: 2, 3+: 3).")
