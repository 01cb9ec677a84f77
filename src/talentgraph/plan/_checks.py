"""Skill checks (技能测验): auto-graded, parameterised exercises whose answers the code computes.

A check is drawn from a *family* (``mlp-pass``, ``cross-entropy``, ``attention-cost``, ...) with
a seed, so its numbers differ each time and cannot be memorised. The check id encodes the
family, the skill, the level and the seed (``mlp-pass:backpropagation:L3:8f3a2c1d``); the
answers are not stored anywhere: ``grade_check`` rebuilds the exercise from the id and compares.
A ``SkillCheck`` therefore carries no answers and can be shown to the person taking it.

Pass mark: a check passes when ``score >= PASS_MARK`` (0.8), that is every answer right for
checks of up to four questions, one slip allowed in five. A passed check is evidence (source
``check``) of its level: 2 (working) or 3 (proficient).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from talentgraph.domain import EvidencePiece
from talentgraph.errors import ParameterError
from talentgraph.plan._check_answers import format_expected, is_correct
from talentgraph.plan._check_attention import ATTENTION_FAMILY
from talentgraph.plan._check_base import CheckFamily, Choice, Draw, Exercise, Question
from talentgraph.plan._check_bayes import BAYES_FAMILY
from talentgraph.plan._check_conv import CONV_FAMILY
from talentgraph.plan._check_lora import LORA_FAMILY
from talentgraph.plan._check_loss import LOSS_FAMILY
from talentgraph.plan._check_metrics import METRICS_FAMILY
from talentgraph.plan._check_network import NETWORK_FAMILY
from talentgraph.plan._check_optim import OPTIM_FAMILY
from talentgraph.plan._check_sql import SQL_FAMILY
from talentgraph.taxonomy import load_taxonomy

__all__ = [
    "CHECK_FAMILIES",
    "CHECK_LEVELS",
    "PASS_MARK",
    "CheckResult",
    "Choice",
    "Question",
    "QuestionFeedback",
    "SkillCheck",
    "available_checks",
    "check_for_skill",
    "generate_check",
    "grade_check",
]

#: Every family, in order of preference when a skill has several.
CHECK_FAMILIES: tuple[CheckFamily, ...] = (
    NETWORK_FAMILY, LOSS_FAMILY, ATTENTION_FAMILY, METRICS_FAMILY, SQL_FAMILY, OPTIM_FAMILY,
    CONV_FAMILY, LORA_FAMILY, BAYES_FAMILY,
)
#: The levels a check can prove: 2 working (熟悉), 3 proficient (熟练).
CHECK_LEVELS = (2, 3)
#: The share of right answers a check needs to pass.
PASS_MARK = 0.8
_BY_NAME = {f.name: f for f in CHECK_FAMILIES}
_ID = re.compile(r"^([a-z0-9-]+):([a-z0-9-]+):L([0-9]):([0-9a-f]{1,16})$")
_MAX_SEED = 2**64


@dataclass(frozen=True, slots=True)
class SkillCheck:
    """A check to show a person: the prompt and questions, never the answers."""

    id: str
    family: str
    skill: str
    level: int
    title_en: str
    title_zh: str
    prompt_en: str
    prompt_zh: str
    questions: tuple[Question, ...]
    pass_mark: float = PASS_MARK


@dataclass(frozen=True, slots=True)
class QuestionFeedback:
    """How one answer was graded, with the right answer and how to get it."""

    key: str
    is_correct: bool
    given: str | None
    expected: str
    solution_en: str
    solution_zh: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The grade of a check: passed or not, the share of right answers, per-question feedback."""

    check_id: str
    family: str
    skill: str
    level: int
    passed: bool
    score: float
    feedback: tuple[QuestionFeedback, ...]
    pass_mark: float = PASS_MARK

    def to_evidence(self, *, observed_on: date) -> EvidencePiece | None:
        """The evidence this result gives of its skill (source ``check``); None if it failed."""
        if not self.passed:
            return None
        right = sum(f.is_correct for f in self.feedback)
        return EvidencePiece(
            skill=self.skill, source="check", level=self.level, observed_on=observed_on,
            detail=f"Passed skill check {self.family} ({right}/{len(self.feedback)} right)",
            ref=self.check_id)


def available_checks() -> dict[str, list[str]]:
    """Every skill with a check and its families, best first (sorted by slug)."""
    found: dict[str, list[str]] = {}
    for family in CHECK_FAMILIES:
        for slug in family.skills:
            found.setdefault(slug, []).append(family.name)
    return dict(sorted(found.items()))


def check_for_skill(slug: str) -> str | None:
    """The preferred check family of ``slug``, or None when no check covers it."""
    families = available_checks().get(slug)
    return families[0] if families else None


def _skill_slug(skill: object) -> str:
    """``skill`` as a slug with a check: a slug, or a name or alias (en/zh) of one."""
    checks = available_checks()
    if isinstance(skill, str) and skill in checks:
        return skill
    resolved = load_taxonomy().resolve(skill) if isinstance(skill, str) and skill.strip() else None
    if resolved in checks:
        return str(resolved)
    message = ParameterError.invalid(
        "skill", "generate_check", f"the slug of a skill with a check ({', '.join(checks)})",
        skill).message
    if resolved:
        message += f" The skill {resolved!r} has no check yet."
    raise ParameterError(message)


def _exercise(family: CheckFamily, level: int, seed: int) -> Exercise:
    return family.build(Draw(f"{family.name}/{seed}"), level)


def generate_check(skill: str, *, seed: int | None = None, level: int | None = None,
                   family: str | None = None) -> SkillCheck:
    """A new check of ``skill`` (a random seed unless given) at ``level`` (2 or 3; the skill's
    default when None), from its preferred family unless ``family`` names another."""
    slug = _skill_slug(skill)
    names = available_checks()[slug]
    if family is None:
        family = names[0]
    elif family not in names:
        raise ParameterError.invalid("family", "generate_check",
                                     f"a check family of {slug!r} ({', '.join(names)})", family)
    chosen = _BY_NAME[family]
    if level is None:
        level = chosen.skills[slug]
    elif isinstance(level, bool) or level not in CHECK_LEVELS:
        raise ParameterError.invalid("level", "generate_check", "2 or 3", level)
    if seed is None:
        seed = secrets.randbits(32)
    elif isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < _MAX_SEED:
        raise ParameterError.invalid("seed", "generate_check", "an int in [0, 2**64)", seed)
    exercise = _exercise(chosen, level, seed)
    return SkillCheck(
        id=f"{chosen.name}:{slug}:L{level}:{seed:08x}", family=chosen.name, skill=slug,
        level=level, title_en=chosen.title_en, title_zh=chosen.title_zh,
        prompt_en=exercise.prompt_en, prompt_zh=exercise.prompt_zh,
        questions=tuple(item.question for item in exercise.items))


def _parse_id(check_id: object) -> tuple[CheckFamily, str, int, int]:
    match = _ID.match(check_id) if isinstance(check_id, str) else None
    family = _BY_NAME.get(match.group(1)) if match else None
    if match is None or family is None or match.group(2) not in family.skills \
            or int(match.group(3)) not in CHECK_LEVELS:
        raise ParameterError.invalid(
            "check_id", "grade_check", "the id of a generated check, FAMILY:SKILL:L<2|3>:SEED "
            f"such as 'mlp-pass:backpropagation:L3:8f3a2c1d' (families: {', '.join(_BY_NAME)})",
            check_id)
    return family, match.group(2), int(match.group(3)), int(match.group(4), 16)


def grade_check(check_id: str, answers: Mapping[str, str | float]) -> CheckResult:
    """Grade ``answers`` (question key -> answer) to the check ``check_id``; unanswered
    questions count as wrong and keys of no question are ignored."""
    family, skill, level, seed = _parse_id(check_id)
    if not isinstance(answers, Mapping):
        raise ParameterError.invalid("answers", "grade_check",
                                     "a mapping of question key to answer", type(answers).__name__)
    feedback = []
    for item in _exercise(family, level, seed).items:
        raw = answers.get(item.question.key)
        given = None if raw is None else str(raw)
        feedback.append(QuestionFeedback(
            key=item.question.key, is_correct=is_correct(item.question, item.expected, raw),
            given=given, expected=format_expected(item.question, item.expected),
            solution_en=item.solution_en, solution_zh=item.solution_zh))
    right = sum(f.is_correct for f in feedback)
    return CheckResult(
        check_id=check_id, family=family.name, skill=skill, level=level,
        passed=right >= PASS_MARK * len(feedback) - 1e-9, score=right / len(feedback),
        feedback=tuple(feedback))
