"""How typed answers to skill-check questions are read and compared."""

from __future__ import annotations

import pytest

from talentgraph.plan._check_answers import format_expected, is_correct, parse_number
from talentgraph.plan._check_base import Choice, Question


@pytest.mark.parametrize(("given", "unit", "value"), [
    ("0.25", "", 0.25),
    (" 25% ", "", 0.25),
    ("２５％", "", 0.25),  # full-width digits and percent sign
    ("0.39 %", "%", 0.39),
    ("1,048,576", "", 1048576.0),
    ("1_048_576", "", 1048576.0),
    ("1.048576e6", "", 1048576.0),
    ("1.05E-3", "", 0.00105),
    ("3/4", "", 0.75),
    ("−0.125", "", -0.125),
    ("-.5", "", -0.5),
    ("12.5 MiB", "MiB", 12.5),
    ("12.5mib", "MiB", 12.5),
    (7, "", 7.0),
    (0.5, "", 0.5),
])
def test_numbers_are_read_as_people_type_them(given: str | float, unit: str,
                                              value: float) -> None:
    assert parse_number(given, unit=unit) == pytest.approx(value)


@pytest.mark.parametrize("given", ["", "abc", "1/0", "1..2", "nan", "inf", float("nan"), True,
                                   "12 apples", "0x10"])
def test_what_is_not_a_number_is_none(given: str | float) -> None:
    assert parse_number(given) is None


def test_a_number_is_right_within_the_larger_of_abs_and_rel_tolerance() -> None:
    q = Question("v", "v", "v", abs_tol=0.005, rel_tol=0.01)
    assert is_correct(q, 0.1234, "0.123")
    assert is_correct(q, 0.1234, "0.128")
    assert not is_correct(q, 0.1234, "0.129")
    assert is_correct(q, 10.0, "10.09")  # 1 % of 10 beats the absolute 0.005
    assert not is_correct(q, 10.0, "10.11")
    assert not is_correct(q, 10.0, None)
    assert not is_correct(q, 10.0, "   ")
    exact = Question("n", "n", "n", abs_tol=0.5)
    assert is_correct(exact, 1048576.0, "1048576") and not is_correct(exact, 1048576.0, "1048577")


def test_a_percent_answer_to_a_fraction_question_is_divided_by_100() -> None:
    q = Question("precision", "Precision", "精确率", abs_tol=0.005)
    assert is_correct(q, 0.8333, "83.3%")
    assert not is_correct(q, 0.8333, "83.3")


def test_a_choice_is_its_key_or_its_label_in_either_language() -> None:
    q = Question("growth", "g", "g", kind="choice", choices=(
        Choice("a", "×2", "×2"), Choice("b", "It stays the same", "不变")))
    for given in ("b", "B", "(b)", "b)", "（ｂ）", "It stays the same", "it  stays the same", "不变"):
        assert is_correct(q, "b", given), given
    for given in ("a", "c", "×2", "stays", ""):
        assert not is_correct(q, "b", given), given


def test_a_shape_is_compared_by_its_integers() -> None:
    q = Question("q_shape", "shape", "形状", kind="text")
    for given in ("(2, 8, 128, 64)", "[2,8,128,64]", "2×8×128×64", "（2，8，128，64）", "2 8 128 64"):
        assert is_correct(q, "(2, 8, 128, 64)", given), given
    for given in ("(2, 8, 64, 128)", "(2, 8, 128)", "2, 8, 128, 64, 1"):
        assert not is_correct(q, "(2, 8, 128, 64)", given), given


def test_other_text_is_compared_without_case_or_extra_spaces() -> None:
    q = Question("name", "name", "名称", kind="text")
    assert is_correct(q, "Data Lab", "  data   lab ")
    assert not is_correct(q, "Data Lab", "datalab")


def test_the_expected_answer_is_shown_with_its_label_or_unit() -> None:
    choice = Question("g", "g", "g", kind="choice", choices=(Choice("c", "×4", "×4"),))
    assert format_expected(choice, "c") == "c) ×4 / ×4"
    assert format_expected(Question("m", "m", "m", rel_tol=0.01, unit="MiB"), 720.0) == "720 MiB"
    assert format_expected(Question("n", "n", "n", abs_tol=0.5), 60397977600.0) == "60397977600"
    assert format_expected(Question("p", "p", "p", abs_tol=0.005), 0.38888888) == "0.3889"
    assert format_expected(Question("p", "p", "p", rel_tol=0.01), 0.0199605717) == "0.01996"
    assert format_expected(Question("s", "s", "s", kind="text"), "(1, 2)") == "(1, 2)"
