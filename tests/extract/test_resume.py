"""parse_resume on self-written resumes (tests/data/resumes/): every field asserted exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from talentgraph.domain import EducationEntry, Resume, ResumeSkill
from talentgraph.extract import parse_resume
from tests.extract._resume_files import RESUMES, write_docx

TODAY = date(2024, 6, 15)


def _parse(name: str) -> Resume:
    return parse_resume(RESUMES / name, today=TODAY)


def _skills(resume: Resume) -> dict[str, ResumeSkill]:
    return {skill.slug: skill for skill in resume.skills}


def _edu(resume: Resume) -> list[tuple[object, ...]]:
    return [(e.degree, e.school, e.major, e.start, e.end) for e in resume.education]


def _work(resume: Resume) -> list[tuple[object, ...]]:
    return [(w.employer, w.title, w.start, w.end, w.months) for w in resume.work]


def _level(skill: ResumeSkill) -> tuple[object, ...]:
    return skill.level, skill.years, skill.last_used, skill.depth_word


def _assert_spans(resume: Resume) -> None:
    for skill in resume.skills:
        for span in skill.evidence:
            assert resume.text[span.start:span.end] == span.surface
    for entry in (*resume.education, *resume.work):
        assert entry.span is not None and 0 <= entry.span[0] < entry.span[1] <= len(resume.text)


def test_chinese_txt_resume() -> None:
    resume = _parse("zh_zhang_wei.txt")
    assert (resume.id, resume.language, resume.name) == ("zh_zhang_wei.txt", "zh", "张伟")
    assert resume.emails == ("zhang.wei@example.com",)
    assert resume.phones == ("+8613812345678",)
    assert _edu(resume) == [
        ("bachelor", "北京大学", "计算机科学与技术", date(2015, 9, 1), date(2019, 6, 1)),
        ("master", "清华大学", "人工智能", date(2019, 9, 1), date(2022, 6, 1)),
    ]
    assert resume.highest_degree == "master"
    assert _work(resume) == [
        ("字节跳动科技有限公司", "算法工程师", date(2022, 7, 1), None, 24),  # 2022.07-至今
        ("百度", "算法工程师（实习）", date(2021, 6, 1), date(2021, 9, 1), 4),
    ]
    assert resume.work[0].description.startswith("负责推荐系统排序模型")
    assert resume.total_years == 2.0  # the internship is not counted
    assert resume.projects == ("智能客服问答系统",)
    assert list(resume.sections) == ["summary", "objective", "education", "experience",
                                     "projects", "skills"]
    skills = _skills(resume)
    assert _level(skills["python"]) == (4, 2.0, TODAY, "精通")
    assert _level(skills["cpp"]) == (4, None, None, "精通")
    assert _level(skills["sql"]) == (3, None, None, "熟练掌握")
    # job (24 months) + project (10 months): 34 months
    assert _level(skills["pytorch"]) == (2, 2.8, TODAY, "熟悉")
    assert _level(skills["tensorflow"]) == (2, None, None, "熟悉")
    assert _level(skills["spark"]) == (1, 0.3, date(2021, 9, 1), "了解")
    assert _level(skills["kubernetes"]) == (1, None, None, "了解")
    assert _level(skills["java"]) == (0, None, None, "不熟悉")
    assert _level(skills["deep-learning"]) == (2, 2.0, TODAY, None)  # years decide
    assert _level(skills["machine-learning"]) == (1, None, None, None)  # only named
    assert [s.level for s in resume.skills] == sorted((s.level for s in resume.skills),
                                                      reverse=True)
    assert [(e.surface, e.section) for e in skills["pytorch"].evidence] == [
        ("PyTorch", "experience"), ("PyTorch", "projects"), ("PyTorch", "skills")]
    assert skills["python"].why[0] == ("'精通' next to 'Python' (skills): level 4, the "
                                       "candidate's own statement.")
    _assert_spans(resume)


def test_english_markdown_resume() -> None:
    resume = _parse("en_emily_chen.md")
    assert (resume.language, resume.name) == ("en", "Emily Chen")
    assert resume.emails == ("emily.chen@example.com",)
    assert resume.phones == ("+14155550142",)
    assert _work(resume) == [
        ("Northwind Analytics Inc.", "Senior Machine Learning Engineer", date(2019, 7, 1),
         None, 60),
        ("Contoso Ltd", "Data Scientist", date(2016, 1, 1), date(2019, 6, 1), 42),
        ("Fabrikam Research Lab", "Research Intern", date(2015, 6, 1), date(2015, 8, 1), 3),
    ]
    assert resume.total_years == 8.5  # 60 + 42 months; the internship left out
    assert _edu(resume) == [
        ("master", "Stanford University", "Computer Science", date(2014, 7, 1),
         date(2016, 7, 1)),
        ("bachelor", "University of Washington", "Mathematics", date(2010, 7, 1),
         date(2014, 7, 1)),
    ]
    assert resume.highest_degree == "master"
    # bold job titles stay inside the experience section
    assert list(resume.sections) == ["summary", "summary_2", "experience", "education",
                                     "skills"]
    skills = _skills(resume)
    assert _level(skills["python"]) == (4, 8.5, TODAY, "expert")
    assert _level(skills["sql"]) == (3, 3.5, date(2019, 6, 1), "Proficient")
    assert _level(skills["docker"]) == (3, None, None, "Proficient")
    assert _level(skills["kubernetes"]) == (2, None, None, "familiar")
    assert _level(skills["rust"]) == (1, None, None, "basic")
    assert _level(skills["go"]) == (1, None, None, "beginner")  # "Go (beginner)"
    assert _level(skills["spark"]) == (3, 5.0, TODAY, None)
    assert _level(skills["tensorflow"]) == (1, 0.2, date(2015, 8, 1), None)
    _assert_spans(resume)


def test_chinese_markdown_resume_with_stacked_entries() -> None:
    resume = _parse("zh_li_na.md")
    assert (resume.language, resume.name) == ("zh", "李娜")
    assert resume.phones == ("13987654321",)
    assert resume.emails == ("lina_ds@example.cn",)
    assert _edu(resume) == [
        ("phd", "复旦大学", "统计学", date(2014, 9, 1), date(2019, 6, 1)),
        ("bachelor", "浙江大学", "数学与应用数学", date(2010, 9, 1), date(2014, 6, 1)),
    ]
    assert resume.highest_degree == "phd"
    assert _work(resume) == [
        ("阿里巴巴集团", "高级数据科学家", date(2021, 3, 1), None, 40),
        ("上海浦东发展银行", "数据分析师", date(2019, 7, 1), date(2021, 2, 1), 20),
    ]
    assert resume.total_years == 5.0
    assert resume.projects == ("因果推断实验平台",)
    skills = _skills(resume)
    assert _level(skills["causal-inference"]) == (4, 3.3, TODAY, "精通")
    assert _level(skills["python"]) == (3, 5.0, TODAY, "熟练使用")
    assert _level(skills["r"]) == (2, None, None, "熟悉")
    assert _level(skills["scala"]) == (1, None, None, "了解")
    _assert_spans(resume)


def test_english_txt_resume_with_fields_overlaps_and_stale_skills() -> None:
    resume = _parse("en_oliver_grant.txt")
    assert resume.name == "Oliver Grant"  # "Name:" wins over the CURRICULUM VITAE title
    assert resume.phones == ("+442079460958",)
    assert resume.emails == ("oliver.grant@example.co.uk",)
    assert _work(resume) == [
        ("Blue Harbour Consulting Ltd", "Data Engineer", date(2018, 3, 1), None, 76),
        ("Self-employed", "Freelance Web Developer", date(2020, 1, 1), date(2021, 12, 1), 24),
        ("Greyfield Systems", "Junior Developer", date(2012, 9, 1), date(2015, 8, 1), 36),
    ]
    assert resume.total_years == 9.3  # 76 + 36 months: the freelance years overlap
    assert _edu(resume) == [("associate", "Leeds City College", "Information Technology",
                             date(2010, 7, 1), date(2012, 7, 1))]
    skills = _skills(resume)
    assert _level(skills["terraform"]) == (2, 6.3, TODAY, "working knowledge")
    assert _level(skills["python"]) == (3, 6.3, TODAY, None)
    # 3 years of Perl, last in 2015: level 3 from years, one lower for being stale
    assert _level(skills["perl-onet"]) == (2, 3.0, date(2015, 8, 1), None)
    assert skills["perl-onet"].why[-1] == "Last used 2015-08, over 5 years ago: one level " \
                                          "lower (2)."
    assert _level(skills["sql"]) == (1, None, None, None)
    _assert_spans(resume)


def test_english_pdf_resume() -> None:
    resume = _parse("en_daniel_okafor.pdf")
    assert (resume.language, resume.name) == ("en", "Daniel Okafor")
    assert resume.phones == ("+12065550188",)
    assert _work(resume) == [
        ("Acme Robotics", "Machine Learning Engineer", date(2020, 3, 1), None, 52),
        ("Globex Corporation", "Software Engineer", date(2017, 6, 1), date(2020, 2, 1), 33),
    ]
    assert resume.total_years == 7.1
    assert _edu(resume) == [("master", "Georgia Institute of Technology", "Computer Science",
                             date(2015, 7, 1), date(2017, 7, 1))]
    skills = _skills(resume)
    assert _level(skills["computer-vision"]) == (4, None, None, "Expert")
    assert _level(skills["cpp"]) == (3, 4.3, TODAY, "proficient")
    assert _level(skills["go"]) == (2, 2.8, date(2020, 2, 1), None)
    assert _level(skills["ros"]) == (2, None, None, "familiar")
    _assert_spans(resume)


def test_chinese_pdf_resume() -> None:
    resume = _parse("zh_wang_fang.pdf")
    assert (resume.language, resume.name, resume.phones) == ("zh", "王芳", ("18612345678",))
    assert resume.education == (EducationEntry(
        degree="bachelor", school="武汉大学", major="软件工程", start=date(2012, 9, 1),
        end=date(2016, 6, 1), span=resume.education[0].span),)
    assert _work(resume) == [
        ("华为技术有限公司", "软件工程师", date(2016, 7, 1), date(2020, 6, 1), 48),
        ("小米科技有限责任公司", "高级软件工程师", date(2020, 7, 1), None, 48),
    ]
    assert resume.total_years == 8.0
    skills = _skills(resume)
    assert _level(skills["c"]) == (4, 4.0, date(2020, 6, 1), "精通")
    assert _level(skills["android-development"]) == (2, 4.0, TODAY, "熟悉")
    _assert_spans(resume)


def test_chinese_docx_resume_with_a_contact_table(tmp_path: Path) -> None:
    resume = parse_resume(write_docx(tmp_path / "zhang_wei.docx"), today=TODAY)
    assert (resume.id, resume.name) == ("zhang_wei.docx", "张伟")  # "张 伟" joined
    assert resume.phones == ("13812345678",)
    assert resume.emails == ("zw.work@example.com",)
    assert _edu(resume) == [("master", "清华大学", "人工智能", date(2019, 9, 1), date(2022, 6, 1))]
    assert _work(resume) == [("字节跳动科技有限公司", "算法工程师", date(2022, 7, 1), None, 24)]
    skills = _skills(resume)
    assert _level(skills["go"]) == (4, None, None, "精通")
    assert _level(skills["python"]) == (3, 2.0, TODAY, "熟练使用")
    assert _level(skills["rust"]) == (1, None, None, "了解")
    _assert_spans(resume)


def test_text_input_equals_file_input_and_gets_a_content_id() -> None:
    path = RESUMES / "zh_zhang_wei.txt"
    from_text = parse_resume(path.read_text(encoding="utf-8"), today=TODAY)
    from_file = parse_resume(str(path), today=TODAY)
    assert from_text.id.startswith("resume-") and len(from_text.id) == len("resume-") + 12
    assert from_file.id == "zh_zhang_wei.txt"
    assert (from_text.name, from_text.education, from_text.work, from_text.skills) == (
        from_file.name, from_file.education, from_file.work, from_file.skills)
    assert parse_resume(path, id="cand-7", today=TODAY).id == "cand-7"


def test_nothing_is_invented_for_a_bare_resume() -> None:
    resume = parse_resume("Looking for a job.\nI like hiking and tea.", today=TODAY)
    assert (resume.name, resume.emails, resume.phones, resume.education, resume.work,
            resume.projects, resume.skills, resume.total_years, resume.highest_degree) == (
        None, (), (), (), (), (), (), None, None)


def test_undated_job_has_no_months_and_no_total() -> None:
    resume = parse_resume("Experience\nData Analyst, Contoso Ltd\n- Reports in SQL.\n",
                          today=TODAY)
    assert _work(resume) == [("Contoso Ltd", "Data Analyst", None, None, None)]
    assert resume.total_years is None
    assert _level(_skills(resume)["sql"]) == (1, None, None, None)


@pytest.mark.parametrize("name", ["zh_zhang_wei.txt", "en_emily_chen.md"])
def test_a_given_pipeline_is_used(name: str) -> None:
    from talentgraph.extract import build_pipeline

    pipeline = build_pipeline(components=("normalise", "finalise"))  # finds no skills
    resume = parse_resume(RESUMES / name, pipeline=pipeline, today=TODAY)
    assert resume.skills == ()
    assert resume.work  # the rest is parsed as before


def test_labelled_fields_and_sub_labels_stay_in_their_entry() -> None:
    text = ("王小明\n工作经验\n公司：美团\n职位：后端开发工程师\n时间：2020.07 - 2023.06\n"
            "工作内容：负责订单系统，使用 Go 和 MySQL。\n实习经历\n2019.07-2019.09 | 腾讯 | 后台开发实习生\n"
            "教育经历\n学校：华中科技大学\n专业：软件工程\n学历：本科\n时间：2016.09-2020.06\n")
    resume = parse_resume(text, today=TODAY)
    assert resume.name == "王小明"
    assert _work(resume) == [
        ("美团", "后端开发工程师", date(2020, 7, 1), date(2023, 6, 1), 36),
        ("腾讯", "后台开发实习生", date(2019, 7, 1), date(2019, 9, 1), 3),
    ]
    assert resume.work[0].description == "工作内容：负责订单系统，使用 Go 和 MySQL。"
    assert list(resume.sections) == ["summary", "experience", "experience_2", "education"]
    assert _edu(resume) == [("bachelor", "华中科技大学", "软件工程", date(2016, 9, 1),
                             date(2020, 6, 1))]
    assert resume.total_years == 3.0


def test_company_first_english_layout() -> None:
    text = ("JANE DOE\nSeattle, WA | jane.doe@example.com | 206-555-0100\n\nWORK EXPERIENCE\n"
            "Amazon — Software Development Engineer II          Aug 2020 – Present\n"
            "• Designed services in Java.\n"
            "Microsoft — Software Engineer          2017 – 2020\n• C# and Azure.\n\n"
            "EDUCATION\nUniversity of Michigan — B.S.E. Computer Science, 2017\n")
    resume = parse_resume(text, today=TODAY)
    assert (resume.name, resume.phones) == ("JANE DOE", ("2065550100",))
    assert _work(resume) == [
        ("Amazon", "Software Development Engineer II", date(2020, 8, 1), None, 47),
        ("Microsoft", "Software Engineer", date(2017, 7, 1), date(2020, 7, 1), 36),
    ]
    assert _edu(resume) == [("bachelor", "University of Michigan", "Computer Science", None,
                             date(2017, 7, 1))]  # a single year is the graduation
