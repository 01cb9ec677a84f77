"""Legal boilerplate is carved out of the sections it sits in."""

from __future__ import annotations

from talentgraph.domain import Section
from talentgraph.text import mark_legal, split_sections

TEXT = (
    "Requirements\nPython and SQL.\nStrong communication.\n\n"
    "We are an equal opportunity employer and consider applicants without regard to "
    "pregnancy or childbirth.\nWe participate in E-Verify.\n\nBenefits\nLunch."
)


def test_legal_paragraph_becomes_its_own_section() -> None:
    sections = mark_legal(TEXT, split_sections(TEXT))
    legal = [s for s in sections if s.kind == "legal"]
    assert len(legal) == 1
    assert TEXT[legal[0].start:legal[0].end].startswith("We are an equal opportunity")
    assert TEXT[legal[0].start:legal[0].end].endswith("E-Verify.")
    # still contiguous and covering the whole text
    assert sections[0].start == 0 and sections[-1].end == len(TEXT)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:], strict=False))
    assert any(s.kind == "requirements" and "Python" in TEXT[s.start:s.end] for s in sections)


def test_text_without_cues_is_unchanged() -> None:
    sections = [Section(kind="summary", start=0, end=10)]
    assert mark_legal("Python SQL", sections) == sections


def test_a_whole_posting_on_one_line_loses_only_its_legal_sentences() -> None:
    # job-board exports often drop line breaks: one "paragraph" is the whole posting
    body = ("Writes and debugs code using statistical packages such as SAS and SQL. "
            "Designs and documents procedures for the analysis team. ") * 8
    notice = ("We are an equal opportunity employer and consider applicants without regard "
              "to national origin. ")
    text = body + notice + "Apply with your resume."
    assert "\n" not in text and len(text) > 800
    sections = mark_legal(text, split_sections(text))
    legal = [s for s in sections if s.kind == "legal"]
    assert len(legal) == 1
    assert text[legal[0].start:legal[0].end].startswith("We are an equal opportunity")
    assert legal[0].start == len(body)
    kept = [s for s in sections if s.kind != "legal"]
    assert kept and kept[0].start == 0 and kept[0].end >= len(body)
