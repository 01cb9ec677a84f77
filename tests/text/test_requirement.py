"""requirement_of: clause cues first, then the section; both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentgraph.errors import ParameterError
from talentgraph.text import normalise_text, read_document, requirement_of, split_sections


def _of(text: str, term: str, *, nth: int = 0) -> str | None:
    start = -1
    for _ in range(nth + 1):
        start = text.index(term, start + 1)
    return requirement_of(text, start, start + len(term), split_sections(text))


@pytest.mark.parametrize("normalise", [False, True])
def test_preference_applies_to_its_own_clause(normalise: bool) -> None:
    text = "熟悉PyTorch，有大模型微调经验者优先"
    if normalise:
        text = normalise_text(text).text  # "，" becomes "," next to a CJK character
    assert _of(text, "PyTorch") == "required"
    assert _of(text, "大模型微调") == "preferred"


def test_enumeration_comma_does_not_split() -> None:
    assert _of("熟悉Go、Rust者优先", "Go") == "preferred"


def test_chinese_posting_fixture(files: Path) -> None:
    text = normalise_text(read_document(files / "posting_zh.txt")).text
    assert _of(text, "Python") == "required"
    assert _of(text, "PyTorch") == "required"
    assert _of(text, "大模型微调") == "preferred"
    assert _of(text, "CUDA") == "preferred"  # in the 加分项 section
    assert _of(text, "沟通能力") == "required"  # no cue, requirements section
    assert _of(text, "SFT") is None  # responsibilities, no cue


def test_english_posting_fixture(files: Path) -> None:
    text = read_document(files / "posting_en.md")
    assert _of(text, "Python", nth=1) == "required"  # "experience with Python"
    assert _of(text, "distributed training") == "required"
    assert _of(text, "Kubernetes") == "preferred"  # "is a plus" beats the section
    assert _of(text, "Rust") == "preferred"  # Nice to have section
    assert _of(text, "Spark") is None


@pytest.mark.parametrize(
    ("text", "term", "expected"),
    [
        ("Ideally you know Rust.", "Rust", "preferred"),
        ("Familiarity with JAX is desirable; Python is required.", "JAX", "preferred"),
        ("Familiarity with JAX is desirable; Python is required.", "Python", "required"),
        ("You have shipped Go services. Terraform would be advantageous.", "Go", "required"),
        (
            "You have shipped Go services. Terraform would be advantageous.",
            "Terraform",
            "preferred",
        ),
        ("必须掌握SQL。", "SQL", "required"),
        ("有Kaggle竞赛经历更佳", "Kaggle", "preferred"),
        ("负责任务优先级排序与Jira管理", "Jira", None),  # 优先级 means priority
        ("Proficiency in C++, CUDA", "CUDA", "required"),
    ],
)
def test_cues(text: str, term: str, expected: str | None) -> None:
    assert _of(text, term) == expected


def test_clause_cue_beats_the_section() -> None:
    text = "加分项\n- 必须熟悉Linux\n- Docker\n任职要求\n- Kubernetes is nice to have\n- Go\n"
    assert _of(text, "Linux") == "required"
    assert _of(text, "Docker") == "preferred"
    assert _of(text, "Kubernetes") == "preferred"
    assert _of(text, "Go") == "required"


def test_requirement_cue_elsewhere_in_the_sentence() -> None:
    assert _of("要求：熟练使用Python，C++", "C++") == "required"


def test_bad_span() -> None:
    with pytest.raises(ParameterError, match="requirement_of"):
        requirement_of("abc", 2, 9, [])


def _oracle(text: str, start: int, end: int, sections) -> str | None:  # type: ignore[no-untyped-def]
    """The rules of the module docstring, written the slow and obvious way (regex per span)."""
    from talentgraph.text import _requirement as r

    def unit(breaks):  # type: ignore[no-untyped-def]
        left = max(0, start - 2000)
        for match in breaks.finditer(text, max(0, start - 2000), start):
            left = match.end()
        after = breaks.search(text, max(end, start))
        return text[left:after.start() if after else len(text)]

    kind = next((s.kind for s in sections if s.start <= start < s.end), None)
    required = r._HARD_REQUIRED if kind == "preferred" else r._REQUIRED
    clause, sentence = unit(r._CLAUSE_BREAK), unit(r._SENTENCE_BREAK)
    if r._PREFERRED.search(clause):
        return "preferred"
    if required.search(clause):
        return "required"
    if sentence != clause and required.search(sentence):
        return "required"
    return {"preferred": "preferred", "requirements": "required"}.get(kind or "")


def test_requirements_of_agrees_with_the_slow_oracle_on_every_span() -> None:
    """The fast path (one scan for breaks and cues) gives the oracle's answer everywhere."""
    import random

    from talentgraph.text import requirements_of, split_sections

    text = (
        "任职要求：\n1. 熟悉PyTorch，有大模型微调经验者优先；\n2. 良好的沟通能力。\n"
        "加分项：\n熟悉CUDA、Triton；必须有Linux经验\n"
        "Requirements\n- Strong Python. Experience with Docker, Kubernetes is a plus.\n"
        "Nice to have\n- Go or Rust.\nBenefits: lunch"
    )
    sections = split_sections(text)
    rng = random.Random(7)
    spans = []
    for _ in range(300):
        a = rng.randrange(len(text))
        spans.append((a, min(len(text), a + rng.randrange(1, 8))))
    expected = [_oracle(text, s, e, sections) for s, e in spans]
    assert requirements_of(text, spans, sections) == expected
    assert requirements_of(text, [], sections) == []
