"""MatchWeights: defaults, validation with the one message form, parsing from the CLI."""

from __future__ import annotations

import pytest

from talentgraph.errors import ParameterError
from talentgraph.match import PARTS, MatchWeights


def test_defaults_sum_to_one_in_part_order() -> None:
    weights = MatchWeights()
    assert weights.as_dict() == {"skills": 0.5, "similarity": 0.3, "experience": 0.1,
                                 "education": 0.1}
    assert tuple(weights.as_dict()) == PARTS


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), "0.5", True])
def test_each_weight_must_be_a_number_in_0_1(bad: object) -> None:
    with pytest.raises(ParameterError) as info:
        MatchWeights(skills=bad, similarity=0.3, experience=0.1, education=0.1)  # type: ignore[arg-type]
    assert info.value.message.startswith(
        "The 'skills' parameter of MatchWeights must be a number in [0, 1]. Got ")
    assert info.value.code == "E0412"


def test_weights_must_sum_to_one() -> None:
    with pytest.raises(ParameterError, match=r"must sum to 1.*sum 1\.2") as info:
        MatchWeights(skills=0.7)
    assert "Fix: scale them" in info.value.message


def test_parse_names_parts_and_zeroes_the_rest() -> None:
    weights = MatchWeights.parse(" skills=0.6, similarity=0.4 ")
    assert weights.as_dict() == {"skills": 0.6, "similarity": 0.4, "experience": 0.0,
                                 "education": 0.0}


@pytest.mark.parametrize(("text", "fragment"), [
    ("skill=1", "NAME one of skills, similarity, experience, education. Got 'skill=1'"),
    ("skills=abc", "a number after 'skills='. Got 'abc'"),
    ("skills=0.5,skills=0.5", "each part named once"),
    (" , ", "at least one NAME=NUMBER pair"),
    ("skills=0.5", "must sum to 1"),
])
def test_parse_rejects_bad_text(text: str, fragment: str) -> None:
    with pytest.raises(ParameterError) as info:
        MatchWeights.parse(text)
    assert fragment in info.value.message
