"""same_person / find_duplicates: same e-mail, same phone, or same name plus school."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from talentgraph.domain import EducationEntry, Resume
from talentgraph.extract import MatchReason, find_duplicates, parse_resume, same_person
from tests.extract._resume_files import RESUMES, write_docx

TODAY = date(2024, 6, 15)


def _resume(id: str, **fields: object) -> Resume:  # noqa: A002
    return Resume(id=id, text="", language="en", **fields)  # type: ignore[arg-type]


def _school(name: str) -> tuple[EducationEntry, ...]:
    return (EducationEntry(degree="bachelor", school=name),)


def test_same_email_in_other_case() -> None:
    a = _resume("a", emails=("Zhang.Wei@Example.com",))
    b = _resume("b", emails=("other@example.com", "zhang.wei@example.com "))
    assert same_person(a, b) == MatchReason(kind="email", value="zhang.wei@example.com")
    assert same_person(a, b).describe() == (  # type: ignore[union-attr]
        "Both resumes give the same e-mail address (zhang.wei@example.com).")


def test_same_phone_with_and_without_country_code() -> None:
    a = _resume("a", phones=("+8613812345678",))
    b = _resume("b", phones=("13812345678",))
    assert same_person(a, b) == MatchReason(kind="phone", value="13812345678")
    us = _resume("c", phones=("+14155550142",))
    assert same_person(us, _resume("d", phones=("4155550142",))) == MatchReason(
        kind="phone", value="4155550142")
    assert same_person(a, us) is None


def test_same_name_needs_the_same_school() -> None:
    a = _resume("a", name="John Smith", education=_school("Stanford University"))
    b = _resume("b", name="SMITH, John", education=_school("stanford  university"))
    c = _resume("c", name="John Smith", education=_school("MIT"))
    assert same_person(a, b) == MatchReason(kind="name_school",
                                            value="john smith @ stanforduniversity")
    assert same_person(a, c) is None  # a name alone is not enough
    assert same_person(a, _resume("d", name="John Smith")) is None


def test_the_strongest_reason_is_reported() -> None:
    a = _resume("a", emails=("x@example.com",), phones=("13812345678",))
    b = _resume("b", emails=("x@example.com",), phones=("+86 138 1234 5678",))
    assert same_person(a, b).kind == "email"  # type: ignore[union-attr]


def test_find_duplicates_on_parsed_resumes(tmp_path: Path) -> None:
    resumes = [
        parse_resume(RESUMES / "zh_zhang_wei.txt", today=TODAY),
        parse_resume(RESUMES / "en_emily_chen.md", today=TODAY),
        parse_resume(write_docx(tmp_path / "zhang_wei.docx"), today=TODAY),
        parse_resume(RESUMES / "en_daniel_okafor.pdf", today=TODAY),
        parse_resume(RESUMES / "zh_li_na.md", today=TODAY),
    ]
    # the TXT writes +86 138-1234-5678, the DOCX 138 1234 5678 with another e-mail
    assert find_duplicates(resumes) == [
        ("zh_zhang_wei.txt", "zhang_wei.docx", MatchReason(kind="phone", value="13812345678")),
    ]


def test_find_duplicates_lists_every_pair_once_in_input_order() -> None:
    people = [
        _resume("r1", emails=("a@x.com",)),
        _resume("r2", emails=("b@x.com",), name="李娜", education=_school("复旦大学")),
        _resume("r3", emails=("A@X.com",), phones=("13900000000",)),
        _resume("r4", phones=("+86 139 0000 0000",), name="李娜", education=_school("复旦大学")),
        _resume("r5", emails=("a@x.com",)),
    ]
    assert [(a, b, r.kind) for a, b, r in find_duplicates(people)] == [
        ("r1", "r3", "email"), ("r1", "r5", "email"), ("r2", "r4", "name_school"),
        ("r3", "r4", "phone"), ("r3", "r5", "email"),
    ]
    assert find_duplicates([]) == []
