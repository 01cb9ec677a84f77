"""split_sections on Chinese and English postings and resumes."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from talentgraph.domain import Section
from talentgraph.errors import ParameterError
from talentgraph.text import normalise_text, read_document, split_sections


def _kinds(sections: list[Section]) -> list[str]:
    return [section.kind for section in sections]


def _assert_contiguous(sections: list[Section], text: str) -> None:
    assert sections[0].start == 0 and sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(sections))


def test_chinese_posting(files: Path) -> None:
    text = normalise_text(read_document(files / "posting_zh.txt")).text
    sections = split_sections(text, language="zh")
    assert _kinds(sections) == [
        "summary",
        "responsibilities",
        "requirements",
        "preferred",
        "benefits",
    ]
    assert [s.heading for s in sections[1:]] == ["职位描述", "任职要求", "加分项", "福利待遇"]
    requirements = sections[2]
    assert "熟悉PyTorch" in text[requirements.start : requirements.end]
    assert "CUDA" not in text[requirements.start : requirements.end]
    _assert_contiguous(sections, text)


def test_english_posting_in_markdown(files: Path) -> None:
    text = read_document(files / "posting_en.md")
    sections = split_sections(text, language="en")
    assert _kinds(sections) == [
        "summary",
        "responsibilities",
        "requirements",
        "preferred",
        "benefits",
    ]
    assert sections[1].heading == "What you'll do"
    _assert_contiguous(sections, text)


def test_traditional_posting_after_normalising(files: Path) -> None:
    text = normalise_text(read_document(files / "posting_zh_traditional.txt")).text
    assert _kinds(split_sections(text)) == ["summary", "responsibilities", "requirements"]


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("resume_zh.txt", ["summary", "contact", "education", "experience", "projects", "skills"]),
        (
            "resume_en.md",
            ["summary", "contact", "experience", "education", "skills", "publications"],
        ),
    ],
)
def test_resumes(files: Path, name: str, kinds: list[str]) -> None:
    text = normalise_text(read_document(files / name)).text
    sections = split_sections(text)
    assert _kinds(sections) == kinds
    _assert_contiguous(sections, text)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("【岗位职责】", "responsibilities"),
        ("一、任职要求：", "requirements"),
        ("(二) 加分项", "preferred"),
        ("2. 福利待遇", "benefits"),
        ("**Minimum Qualifications:**", "requirements"),
        ("[Nice to have]", "preferred"),
        ("### What You’ll Bring", "requirements"),
        ("About Us", "company"),
        ("Skills & Experience", "requirements"),
        ("任职要求：本科及以上学历", "requirements"),
        ("Requirements: 5+ years of Python", "requirements"),
    ],
)
def test_heading_forms(line: str, kind: str) -> None:
    text = f"intro line\n{line}\nbody text\n"
    sections = split_sections(text)
    assert _kinds(sections) == ["summary", kind]
    assert sections[1].start == len("intro line\n")


@pytest.mark.parametrize(
    "line",
    [
        "Skills: Python, SQL",  # a generic label with inline text is a field, not a heading
        "学历：本科",
        "We value strong requirements engineering.",
        "负责岗位职责相关的工作流程与平台建设，推动团队的技术演进以及与业务方的深度合作与沟通协调",
    ],
)
def test_not_headings(line: str) -> None:
    assert _kinds(split_sections(f"intro\n{line}\n")) == ["summary"]


@pytest.mark.parametrize("line", ["## How to apply", "【工作地点】", "**Location**"])
def test_unknown_decorated_heading_ends_a_section(line: str) -> None:
    text = f"# Data Engineer\nintro\nRequirements\nPython\n{line}\nemail us\n"
    sections = split_sections(text)
    assert _kinds(sections) == ["summary", "requirements", "other"]  # the title stays summary
    assert text[sections[2].start :].startswith(line)


def test_no_headings_and_empty_text() -> None:
    assert split_sections("just text") == [Section(kind="summary", start=0, end=9)]
    assert split_sections("") == []


def test_leading_blank_lines_join_the_first_section() -> None:
    sections = split_sections("\n\nRequirements\nPython")
    assert sections == [Section(kind="requirements", start=0, end=21, heading="Requirements")]


def test_extra_headings_and_bad_language() -> None:
    text = "intro\n工作地点\n北京\n"
    assert _kinds(split_sections(text, extra_headings={"location": ["工作地点"]})) == [
        "summary",
        "location",
    ]
    with pytest.raises(ParameterError, match="'language' parameter of split_sections"):
        split_sections(text, language="fr")
