"""Skill checks: every family is seeded, gradable, tolerant within bounds and strict outside
them; the network, cross-entropy, metrics, attention and SQL answers are recomputed here
independently from what the prompt shows."""

from __future__ import annotations

import ast
import dataclasses
import re
import sqlite3
from collections.abc import Mapping
from contextlib import closing
from datetime import date

import numpy as np
import pytest
from scipy.special import log_softmax
from sklearn.metrics import accuracy_score, f1_score, log_loss, precision_score, recall_score

from talentgraph.domain import EvidencePiece
from talentgraph.errors import ParameterError
from talentgraph.plan._check_base import Question
from talentgraph.plan._checks import (
    CHECK_FAMILIES,
    PASS_MARK,
    CheckResult,
    SkillCheck,
    available_checks,
    check_for_skill,
    generate_check,
    grade_check,
)
from talentgraph.taxonomy import load_taxonomy

FAMILY_SKILL = [(f.name, next(iter(f.skills))) for f in CHECK_FAMILIES]
CASES = [(name, skill, level) for name, skill in FAMILY_SKILL for level in (2, 3)]


def _check(family: str, skill: str, level: int, seed: int) -> SkillCheck:
    return generate_check(skill, seed=seed, level=level, family=family)


def _shown_answers(check: SkillCheck) -> dict[str, str]:
    """The answers as the grader shows them after an empty attempt (a choice by its key)."""
    result = grade_check(check.id, {})
    return {f.key: f.expected.split(")")[0] if _question(check, f.key).kind == "choice"
            else f.expected for f in result.feedback}


def _question(check: SkillCheck, key: str) -> Question:
    return next(q for q in check.questions if q.key == key)


def _number(text: str) -> float:
    return float(text.split()[0])


def _values(prompt: str) -> dict[str, object]:
    """Every ``name = literal`` the prompt shows in backticks."""
    found = {}
    for name, literal in re.findall(r"`(\w+) = ([^`]+)`", prompt):
        found[name] = ast.literal_eval(literal)
    return found


# -- the registry ----------------------------------------------------------------------------

def test_every_check_skill_is_a_shipped_taxonomy_slug_and_levels_are_two_or_three() -> None:
    taxonomy = load_taxonomy()
    for family in CHECK_FAMILIES:
        assert family.skills, family.name
        for slug, level in family.skills.items():
            assert slug in taxonomy.skills, (family.name, slug)
            assert level in (2, 3)


def test_at_least_the_required_families_exist_with_their_skills() -> None:
    checks = available_checks()
    assert list(checks) == sorted(checks)
    assert checks["backpropagation"] == ["mlp-pass"]
    assert checks["deep-learning"] == ["mlp-pass", "cross-entropy"]
    assert checks["loss-functions"] == ["cross-entropy"]
    assert checks["transformer"] == ["attention-cost"]
    assert checks["model-evaluation"] == ["classification-metrics"]
    assert checks["sql"] == ["sql-query"]
    assert len(CHECK_FAMILIES) >= 6


def test_check_for_skill_names_the_preferred_family_or_none() -> None:
    assert check_for_skill("deep-learning") == "mlp-pass"
    assert check_for_skill("lora") == "lora-params"
    assert check_for_skill("python") is None
    assert check_for_skill("no-such-skill") is None


# -- the contract every family meets --------------------------------------------------------

@pytest.mark.parametrize(("family", "skill", "level"), CASES)
def test_different_seeds_give_different_numbers(family: str, skill: str, level: int) -> None:
    prompts = {_check(family, skill, level, seed).prompt_en for seed in range(10)}
    answers = {tuple(_shown_answers(_check(family, skill, level, seed)).values())
               for seed in range(10)}
    assert len(prompts) >= 9
    assert len(answers) >= 8


@pytest.mark.parametrize(("family", "skill", "level"), CASES)
def test_the_computed_answers_pass(family: str, skill: str, level: int) -> None:
    for seed in (3, 41, 977):
        check = _check(family, skill, level, seed)
        result = grade_check(check.id, _shown_answers(check))
        assert result.passed and result.score == 1.0, result
        assert [f.key for f in result.feedback] == [q.key for q in check.questions]
        assert all(f.is_correct for f in result.feedback)


def _wrong(question: Question, shown: str) -> str:
    if question.kind == "choice":
        return next(c.key for c in question.choices if c.key != shown)
    if question.kind == "text":
        return "(" + ", ".join(str(int(n) + 1) for n in re.findall(r"\d+", shown)) + ")"
    value = _number(shown)
    return str(value * 1.5 + 7)


@pytest.mark.parametrize(("family", "skill", "level"), CASES)
def test_wrong_answers_fail(family: str, skill: str, level: int) -> None:
    check = _check(family, skill, level, 5)
    shown = _shown_answers(check)
    wrong = {q.key: _wrong(q, shown[q.key]) for q in check.questions}
    result = grade_check(check.id, wrong)
    assert not result.passed and result.score == 0.0
    assert not any(f.is_correct for f in result.feedback)
    assert [f.given for f in result.feedback] == [wrong[q.key] for q in check.questions]


@pytest.mark.parametrize(("family", "skill", "level"), CASES)
def test_numbers_within_tolerance_pass_and_beyond_it_fail(family: str, skill: str,
                                                          level: int) -> None:
    check = _check(family, skill, level, 8)
    result = grade_check(check.id, {})
    for question in check.questions:
        if question.kind != "number":
            continue
        # the exact value: recomputed through a near and a far answer around the shown one
        shown = _number(next(f.expected for f in result.feedback if f.key == question.key))
        tol = max(question.abs_tol, question.rel_tol * abs(shown))
        near = {question.key: repr(shown + 0.5 * tol)}
        far = {question.key: repr(shown + 2.5 * tol)}
        assert grade_check(check.id, near).feedback[_index(check, question.key)].is_correct
        assert not grade_check(check.id, far).feedback[_index(check, question.key)].is_correct


def _index(check: SkillCheck, key: str) -> int:
    return [q.key for q in check.questions].index(key)


@pytest.mark.parametrize(("family", "skill", "level"), CASES)
def test_the_id_round_trips(family: str, skill: str, level: int) -> None:
    check = _check(family, skill, level, 0x8F3A2C)
    assert check.id == f"{family}:{skill}:L{level}:008f3a2c"
    assert check.family == family and check.skill == skill and check.level == level
    assert _check(family, skill, level, 0x8F3A2C) == check  # deterministic
    result = grade_check(check.id, {})
    assert (result.check_id, result.family, result.skill, result.level) == (
        check.id, family, skill, level)
    assert len(result.feedback) == len(check.questions)


def test_a_check_carries_no_answers() -> None:
    names = {f.name for f in dataclasses.fields(SkillCheck)}
    assert names == {"id", "family", "skill", "level", "title_en", "title_zh", "prompt_en",
                     "prompt_zh", "questions", "pass_mark"}
    assert {f.name for f in dataclasses.fields(Question)} == {
        "key", "label_en", "label_zh", "kind", "abs_tol", "rel_tol", "choices", "unit"}


def test_prompts_are_bilingual_and_questions_labelled_in_both_languages() -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for family, skill, level in CASES:
        check = _check(family, skill, level, 11)
        assert check.title_en and cjk.search(check.title_zh)
        assert not cjk.search(check.prompt_en) and cjk.search(check.prompt_zh)
        for q in check.questions:
            assert q.label_en and cjk.search(q.label_zh), (family, q.key)
            assert q.kind in ("number", "choice", "text")


def test_random_seed_when_none_and_default_level_per_skill() -> None:
    first, second = generate_check("backpropagation"), generate_check("backpropagation")
    assert first.id != second.id
    assert first.level == 3 and first.family == "mlp-pass"
    assert generate_check("neural-networks", seed=1).level == 2


def test_a_name_or_chinese_alias_resolves_to_the_slug() -> None:
    assert generate_check("反向传播", seed=2).skill == "backpropagation"
    assert generate_check("Backpropagation", seed=2).skill == "backpropagation"


# -- pass mark and evidence -----------------------------------------------------------------

def test_one_slip_passes_five_questions_but_not_four() -> None:
    five = _check("attention-cost", "transformer", 3, 21)
    shown = _shown_answers(five)
    one_off = dict(shown, growth=_wrong(_question(five, "growth"), shown["growth"]))
    result = grade_check(five.id, one_off)
    assert result.score == pytest.approx(0.8) and result.passed and PASS_MARK == 0.8
    four = _check("classification-metrics", "model-evaluation", 2, 21)
    shown = _shown_answers(four)
    result = grade_check(four.id, dict(shown, recall="0.0001"))
    assert result.score == pytest.approx(0.75) and not result.passed


def test_a_passed_check_is_evidence_and_a_failed_one_is_not() -> None:
    check = _check("sql-query", "sql", 2, 4)
    passed = grade_check(check.id, _shown_answers(check))
    evidence = passed.to_evidence(observed_on=date(2025, 3, 1))
    assert evidence == EvidencePiece(
        skill="sql", source="check", level=2, observed_on=date(2025, 3, 1),
        detail="Passed skill check sql-query (3/3 right)", ref=check.id)
    failed = grade_check(check.id, {})
    assert isinstance(failed, CheckResult) and failed.to_evidence(observed_on=date.today()) is None
    assert all(f.given is None and f.expected for f in failed.feedback)


# -- errors ---------------------------------------------------------------------------------

def test_unknown_skill_lists_the_skills_with_checks() -> None:
    with pytest.raises(ParameterError) as caught:
        generate_check("quantum-baking")
    message = str(caught.value)
    assert message.startswith("The 'skill' parameter of generate_check must be the slug of a "
                              "skill with a check (")
    assert message.endswith("Got 'quantum-baking' instead.")
    for slug in ("backpropagation", "sql", "model-evaluation", "transformer"):
        assert slug in message
    assert caught.value.code == "E0412" and caught.value.status == 422


def test_a_taxonomy_skill_without_a_check_says_so() -> None:
    with pytest.raises(ParameterError, match="The skill 'python' has no check yet"):
        generate_check("python")


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"level": 4}, "The 'level' parameter of generate_check must be 2 or 3. Got 4 instead."),
    ({"level": True}, "Got True instead"),
    ({"seed": -1}, "The 'seed' parameter of generate_check must be an int in [0, 2**64)."),
    ({"seed": "7"}, "Got '7' instead"),
    ({"family": "sql-query"}, "must be a check family of 'backpropagation' (mlp-pass)"),
])
def test_bad_parameters_are_refused(kwargs: Mapping[str, object], fragment: str) -> None:
    with pytest.raises(ParameterError) as caught:
        generate_check("backpropagation", **kwargs)  # type: ignore[arg-type]
    assert fragment in str(caught.value)


@pytest.mark.parametrize("check_id", [
    "", "mlp-pass:backpropagation:8f3a2c", "nope:sql:L2:1f", "mlp-pass:sql:L2:1f",
    "sql-query:sql:L4:1f", "sql-query:sql:L2:xyz", 42,
])
def test_bad_check_ids_are_refused(check_id: object) -> None:
    with pytest.raises(ParameterError) as caught:
        grade_check(check_id, {})  # type: ignore[arg-type]
    assert "The 'check_id' parameter of grade_check must be the id of a generated check" in str(
        caught.value)
    assert "mlp-pass, cross-entropy" in str(caught.value)


def test_answers_must_be_a_mapping() -> None:
    check = _check("conv-shape", "cnn", 2, 1)
    with pytest.raises(ParameterError, match="The 'answers' parameter of grade_check"):
        grade_check(check.id, [1, 2, 3])  # type: ignore[arg-type]


# -- independent recomputation --------------------------------------------------------------

def _network_loss(p: dict[str, object], relu: bool, mse: bool) -> float:
    x, w1, b1 = (np.array(p[k], dtype=float) for k in ("x", "W1", "b1"))
    w2, b2, y = np.array(p["w2"], dtype=float), float(p["b2"]), float(p["y"])  # type: ignore[arg-type]
    z = w1 @ x + b1
    h = np.where(z > 0, z, 0.0) if relu else 1 / (1 + np.exp(-z))
    out = w2 @ h + b2
    if mse:
        return float(0.5 * (out - y) ** 2)
    y_hat = 1 / (1 + np.exp(-out))
    return float(-(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat)))


def _network_output(p: dict[str, object], relu: bool, mse: bool) -> float:
    x, w1, b1 = (np.array(p[k], dtype=float) for k in ("x", "W1", "b1"))
    z = w1 @ x + b1
    h = np.where(z > 0, z, 0.0) if relu else 1 / (1 + np.exp(-z))
    out = float(np.array(p["w2"], dtype=float) @ h + float(p["b2"]))  # type: ignore[arg-type]
    return out if mse else float(1 / (1 + np.exp(-out)))


def _finite_difference(p: dict[str, object], name: str, index: tuple[int, ...], relu: bool,
                       mse: bool, eps: float = 1e-6) -> float:
    def at(delta: float) -> float:
        changed = dict(p)
        arr = np.array(p[name], dtype=float)
        arr[index] += delta
        changed[name] = arr.tolist()
        return _network_loss(changed, relu, mse)
    return (at(eps) - at(-eps)) / (2 * eps)


@pytest.mark.parametrize("level", [2, 3])
@pytest.mark.parametrize("seed", range(12))
def test_network_answers_match_an_independent_forward_pass_and_finite_differences(
        level: int, seed: int) -> None:
    check = _check("mlp-pass", "backpropagation", level, seed)
    params = _values(check.prompt_en)
    assert params == _values(check.prompt_zh)
    relu, mse = "**ReLU**" in check.prompt_en, "squared error" in check.prompt_en
    answers: dict[str, str] = {}
    for q in check.questions:
        if q.key == "y_hat":
            value = _network_output(params, relu, mse)
        elif q.key == "loss":
            value = _network_loss(params, relu, mse)
        elif m := re.fullmatch(r"dL_dw2_(\d)", q.key):
            value = _finite_difference(params, "w2", (int(m[1]) - 1,), relu, mse)
        elif m := re.fullmatch(r"dL_dW1_(\d)_(\d)", q.key):
            value = _finite_difference(params, "W1", (int(m[1]) - 1, int(m[2]) - 1), relu, mse)
        else:
            raise AssertionError(q.key)
        answers[q.key] = f"{value:.3f}"
    assert len(answers) == (4 if level == 3 else 3)
    result = grade_check(check.id, answers)
    assert result.passed and result.score == 1.0, (answers, result.feedback)


@pytest.mark.parametrize("level", [2, 3])
@pytest.mark.parametrize("seed", range(12))
def test_cross_entropy_matches_scipy_sklearn_and_finite_differences(level: int,
                                                                    seed: int) -> None:
    check = _check("cross-entropy", "loss-functions", level, seed)
    values = _values(check.prompt_en)
    z = np.array(values["z"], dtype=float)
    true = int(re.search(r"index (\d+)", check.prompt_en)[1]) - 1  # type: ignore[index]
    log_p = log_softmax(z)
    answers = {"p_true": f"{np.exp(log_p[true]):.3f}", "loss": f"{-log_p[true]:.3f}"}
    shift = _question(check, "shift")
    answers["shift"] = next(c.key for c in shift.choices if c.label_en == "It stays the same")
    for q in check.questions:
        if m := re.fullmatch(r"dL_dz_(\d)", q.key):
            j, eps = int(m[1]) - 1, 1e-6
            bump = np.eye(len(z))[j] * eps
            grad = (-log_softmax(z + bump)[true] + log_softmax(z - bump)[true]) / (2 * eps)
            answers[q.key] = f"{grad:.3f}"
        elif q.key == "bce":
            p, y = float(values["p"]), int(values["y"])  # type: ignore[arg-type]
            answers[q.key] = f"{log_loss([y], [p], labels=[0, 1]):.3f}"
    assert len(answers) == len(check.questions)
    result = grade_check(check.id, answers)
    assert result.passed and result.score == 1.0, (answers, result.feedback)


def _table(prompt: str) -> tuple[list[str], list[list[int]]]:
    """The column labels and the integer rows of the first Markdown table of ``prompt``."""
    lines = [line for line in prompt.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = [[int(c) for c in line.strip("|").split("|")[1:]] for line in lines[2:]]
    return header[1:], rows


@pytest.mark.parametrize("level", [2, 3])
@pytest.mark.parametrize("seed", range(12))
def test_classification_metrics_match_sklearn(level: int, seed: int) -> None:
    check = _check("classification-metrics", "model-evaluation", level, seed)
    header, matrix = _table(check.prompt_en)
    assert _table(check.prompt_zh)[1] == matrix
    y_true, y_pred = [], []
    for actual, row in enumerate(matrix):
        for predicted, count in enumerate(row):
            y_true += [actual] * count
            y_pred += [predicted] * count
    answers: dict[str, float] = {"accuracy": accuracy_score(y_true, y_pred)}
    if level == 2:  # class 0 is "positive"
        kwargs = {"pos_label": 0, "average": "binary"}
        answers["precision"] = precision_score(y_true, y_pred, **kwargs)
        answers["recall"] = recall_score(y_true, y_pred, **kwargs)
        answers["f1"] = f1_score(y_true, y_pred, **kwargs)
    else:
        names = [h.removeprefix("predicted ") for h in header]
        answers["macro_f1"] = f1_score(y_true, y_pred, average="macro")
        for q in check.questions:
            kind, _, name = q.key.partition("_")
            if kind in ("precision", "recall"):
                scorer = precision_score if kind == "precision" else recall_score
                answers[q.key] = scorer(y_true, y_pred, labels=[names.index(name)],
                                        average="macro")
    assert set(answers) == {q.key for q in check.questions}
    result = grade_check(check.id, {k: round(v, 3) for k, v in answers.items()})
    assert result.passed and result.score == 1.0, (answers, result.feedback)


@pytest.mark.parametrize("seed", range(8))
def test_attention_costs_match_the_formulas(seed: int) -> None:
    check = _check("attention-cost", "kv-cache", 3, seed)
    v = {k: int(x) for k, x in _values(check.prompt_en).items()}  # type: ignore[call-overload]
    dtype = re.search(r"stored in `(\w+)`", check.prompt_en)[1]  # type: ignore[index]
    size = {"fp16": 2, "bf16": 2, "fp32": 4, "int8": 1}[dtype]
    b, t, h, d_head = v["B"], v["T"], v["H"], v["d_model"] // v["H"]
    growth = _question(check, "growth")
    answers = {
        "q_shape": f"[{b}, {h}, {t}, {d_head}]",
        "score_elements": str(b * h * t * t),
        "qk_flops": f"{2 * b * h * t * t * d_head:_}",
        "growth": next(c.label_zh for c in growth.choices if c.key in "abcd" and c.label_en == "×4"),
        "kv_cache_mib": f"{2 * v['layers'] * b * t * v['H_kv'] * d_head * size / 2**20:.2f} MiB",
    }
    result = grade_check(check.id, answers)
    assert result.passed and result.score == 1.0, (answers, result.feedback)


@pytest.mark.parametrize("level", [2, 3])
@pytest.mark.parametrize("seed", range(8))
def test_sql_answers_match_queries_run_on_the_script_the_prompt_shows(level: int,
                                                                       seed: int) -> None:
    check = _check("sql-query", "sql", level, seed)
    script = re.search(r"```sql\n(.*?)\n```", check.prompt_en, re.S)[1]  # type: ignore[index]
    labels = {q.key: q.label_en for q in check.questions}
    dept = re.search(r"department '([^']+)'", labels["avg_salary"])[1]  # type: ignore[index]
    floor, year = map(int, re.findall(r"\d+", labels["count"]))
    with closing(sqlite3.connect(":memory:")) as db:
        db.executescript(script)
        employees = db.execute("SELECT department, salary, hired_year FROM employees").fetchall()
        sales = db.execute("SELECT employee_id, quarter, amount FROM sales").fetchall() \
            if level == 3 else []
        departments = db.execute("SELECT id, department FROM employees").fetchall()
    salaries = [s for d, s, _ in employees if d == dept]
    by_dept: dict[str, list[int]] = {}
    for d, s, _ in employees:
        by_dept.setdefault(d, []).append(s)
    means = {d: sum(s) / len(s) for d, s in by_dept.items()}
    top = max(means, key=means.__getitem__)
    top_q = _question(check, "top_department")
    answers = {
        "avg_salary": f"{sum(salaries) / len(salaries):.2f}",
        "count": str(sum(1 for _, s, y in employees if s >= floor and y < year)),
        "top_department": top,  # by label
    }
    assert top in {c.label_en for c in top_q.choices}
    if level == 3:
        quarter = re.search(r"in (Q\d)", labels["join_total"])[1]  # type: ignore[index]
        of = dict(departments)
        answers["join_total"] = str(sum(a for e, q, a in sales if q == quarter and of[e] == dept))
        bar = int(re.search(r"above (\d+)", labels["having_count"])[1])  # type: ignore[index]
        answers["having_count"] = str(sum(1 for m in means.values() if m > bar))
    result = grade_check(check.id, answers)
    assert result.passed and result.score == 1.0, (answers, result.feedback)
