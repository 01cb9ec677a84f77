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
