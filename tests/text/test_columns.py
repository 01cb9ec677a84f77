"""recognise_columns: bilingual aliases, several text columns, --map overrides and their errors."""

from __future__ import annotations

import pytest

from talentgraph.errors import MissingColumnError, ParameterError
from talentgraph.text import recognise_columns


def _map(header: list[str], **overrides: str) -> dict[str, tuple[str, ...]]:
    return recognise_columns(header, overrides=overrides or None, source="jobs.csv")


def test_chinese_headers() -> None:
    header = ["编号", "职位名称", "职位描述", "薪资", "城市", "发布日期", "公司", "学历", "工作经验"]
    assert _map(header) == {
        "id": ("编号",), "title": ("职位名称",), "text": ("职位描述",), "salary": ("薪资",),
        "city": ("城市",), "date": ("发布日期",), "company": ("公司",),
        "experience": ("工作经验",), "education": ("学历",),
    }


def test_description_and_requirements_are_both_text_in_file_order() -> None:
    assert _map(["职位", "任职要求", "公司名称", "职位描述"])["text"] == ("任职要求", "职位描述")


@pytest.mark.parametrize(
    ("header", "field", "column"),
    [
        (["Job Title", "Salary Estimate", "Job Description"], "title", "Job Title"),
        (["JOB_TITLE", "jd"], "title", "JOB_TITLE"),
        (["positionName", "salary"], "title", "positionName"),
        (["job-title ", "text"], "title", "job-title "),
        (["title", "Job Description"], "text", "Job Description"),
        (["title", "Salary Estimate"], "salary", "Salary Estimate"),
        (["title", "job_location"], "city", "job_location"),
        (["title", "createTime"], "date", "createTime"),
        (["title", "companyFullName", "companyShortName"], "company", "companyFullName"),
        (["title", "positionId"], "id", "positionId"),
        (["title", "experience_level"], "seniority", "experience_level"),
        (["ｔｉｔｌｅ", "x"], "title", "ｔｉｔｌｅ"),  # full-width letters
    ],
)
def test_english_exports_case_space_underscore_insensitive(
    header: list[str], field: str, column: str
) -> None:
    assert _map(header)[field] == (column,)


def test_real_export_headers_map() -> None:
    """The headers of the public postings sets the market analysis is developed on."""
    glassdoor = ["", "Job Title", "Salary Estimate", "Job Description", "Rating", "Company Name",
                 "Location", "Headquarters", "Size", "Founded", "Type of ownership", "Industry"]
    assert _map(glassdoor) == {
        "title": ("Job Title",), "text": ("Job Description",), "salary": ("Salary Estimate",),
        "city": ("Location",), "company": ("Company Name",),
    }
    linkedin = ["", "title", "company", "location", "industry", "description", "seniority",
                "employment_type", "functions"]
    assert _map(linkedin) == {
        "title": ("title",), "text": ("description",), "city": ("location",),
        "company": ("company",), "seniority": ("seniority",),
    }
    aijobs = ["work_year", "experience_level", "employment_type", "job_title", "salary",
              "salary_currency", "salary_in_usd", "employee_residence", "remote_ratio",
              "company_location", "company_size"]
    assert _map(aijobs) == {
        "title": ("job_title",), "salary": ("salary_in_usd",), "date": ("work_year",),
        "seniority": ("experience_level",),
    }
    lagou = ["positionName", "salary", "positionLables", "workYear", "education", "skillLables",
             "city", "companyFullName", "companyShortName"]
    mapped = _map(lagou)
    assert mapped["experience"] == ("workYear",)  # not the date, though work_year is one
    assert "date" not in mapped
    assert mapped["text"] == ("skillLables",)  # no description: the skill tags stand in
    assert mapped["company"] == ("companyFullName",)


def test_a_column_serves_one_field() -> None:
    mapped = _map(["title", "text"], title="text")
    assert mapped == {"title": ("text",)}


def test_override_wins_and_may_name_several_columns() -> None:
    header = ["名称", "描述", "要求", "title"]
    mapped = _map(header, title="名称", text="描述+要求")
    assert mapped["title"] == ("名称",) and mapped["text"] == ("描述", "要求")
    assert _map(["a+b", "title"], text="a+b")["text"] == ("a+b",)  # a real column name first
    assert _map(["Job Name", "x"], title="job_name")["title"] == ("Job Name",)


def test_empty_override_unmaps_a_field() -> None:
    assert "salary" not in _map(["title", "salary"], salary="")


def test_override_errors_name_field_column_and_columns_found() -> None:
    with pytest.raises(ParameterError) as info:
        _map(["名称", "描述"], title="职位名称")
    message = str(info.value)
    assert "'职位名称'" in message and "'title'" in message and "'名称', '描述'" in message
    assert "jobs.csv" in message and info.value.code == "E0412"
    with pytest.raises(ParameterError) as info:
        _map(["名称", "描述"], wage="描述")
    assert "'wage'" in str(info.value) and "salary" in str(info.value)
    assert "'名称', '描述'" in str(info.value)


def test_unmappable_header_lists_columns_and_suggests_map() -> None:
    with pytest.raises(MissingColumnError) as info:
        _map(["名称", "描述", ""])
    message = str(info.value)
    assert "jobs.csv" in message and "'名称', '描述'" in message and "--map" in message
    assert info.value.code == "E0207"
    assert info.value.details == ["column found: 名称", "column found: 描述"]
