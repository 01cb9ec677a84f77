"""Skill levels (0-4) from evidence, by one documented rule that can always say "why".

The rule (docs/cultivation.md, "Levels from evidence"):

1. Each piece of evidence votes for its level with a weight: its source's weight times its
   freshness. Source weights (``DEFAULT_WEIGHTS``): a passed skill check 1.0, a course with its
   assessment 0.9, a manager assessment 0.8, a peer or project review 0.6, the resume 0.3, a
   self-assessment 0.2. Freshness halves every half-life (``DEFAULT_HALF_LIVES``): a check
   4 years, a course 3 years, everything else 2 years; evidence dated after ``today`` counts as
   fresh.
2. The level is the weighted average of the votes, rounded half up: a self-assessment of 4
   and a manager's 2 on the same day give (0.2*4 + 0.8*2) / 1.0 = 2.4, so level 2.
3. Claims alone are capped: when every piece comes from the person (self-assessment, resume),
   the level is at most ``claim_cap`` (2, "working") until a manager, a check, a course, a peer
   or a project confirms more.
4. Stale evidence is capped: when all the weight left after decay is below ``stale_weight``
   (0.05: a self-assessment about 4 years old, a manager assessment about 8), the level is at
   most ``stale_cap`` (1, "aware") until it is renewed.
5. Confidence (0-1) grows with the total weight and shrinks with disagreement:
   ``(1 - exp(-total weight)) * (1 - weighted standard deviation / 2)``, halved when a cap
   applied.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

from talentgraph.domain import EVIDENCE_SOURCES, EvidencePiece, SkillLevel
from talentgraph.errors import ParameterError

__all__ = [
    "DEFAULT_HALF_LIVES",
    "DEFAULT_POLICY",
    "DEFAULT_WEIGHTS",
    "LevelPolicy",
    "derive_profile",
    "derive_skill_level",
    "explain_level",
]

#: How much one fresh piece of evidence from each source counts.
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType({
    "check": 1.0, "course": 0.9, "manager": 0.8, "peer": 0.6, "project": 0.6, "resume": 0.3,
    "self": 0.2,
})
#: After how many days a source's evidence counts half as much.
DEFAULT_HALF_LIVES: Mapping[str, float] = MappingProxyType({
    "check": 4 * 365.0, "course": 3 * 365.0, "manager": 2 * 365.0, "peer": 2 * 365.0,
    "project": 2 * 365.0, "resume": 2 * 365.0, "self": 2 * 365.0,
})
_MAX_LEVEL = 4
_SOURCE_EN = {"check": "skill check", "course": "course assessment",
              "manager": "manager assessment", "peer": "peer review", "project": "project review",
              "resume": "resume", "self": "self-assessment"}
_SOURCE_ZH = {"check": "技能测评", "course": "课程考核", "manager": "经理评估", "peer": "同事评价",
              "project": "项目评审", "resume": "简历", "self": "自评"}


@dataclass(frozen=True)
class LevelPolicy:
    """How evidence counts: source weights, half-lives (days) and the two caps.

    ``weights`` and ``half_life_days`` override the defaults source by source (a weight of 0
    ignores a source). ``claim_sources`` are the person's own claims; evidence from only these
    is capped at ``claim_cap``. Evidence whose decayed weight sums below ``stale_weight`` is
    capped at ``stale_cap``.
    """

    weights: Mapping[str, float] = field(default_factory=dict)
    half_life_days: Mapping[str, float] = field(default_factory=dict)
    claim_sources: frozenset[str] = frozenset({"self", "resume"})
    claim_cap: int = 2
    stale_weight: float = 0.05
    stale_cap: int = 1

    def __post_init__(self) -> None:
        owner = "LevelPolicy"
        merged_weights = {**DEFAULT_WEIGHTS, **dict(self.weights)}
        merged_lives = {**DEFAULT_HALF_LIVES, **dict(self.half_life_days)}
        for name, values, low in (("weights", merged_weights, 0.0),
                                  ("half_life_days", merged_lives, None)):
            for source, value in values.items():
                if source not in EVIDENCE_SOURCES:
                    raise ParameterError.invalid(
                        name, owner, f"a mapping keyed by evidence sources "
                        f"({', '.join(EVIDENCE_SOURCES)})", source)
                ok = isinstance(value, int | float) and not isinstance(value, bool) and (
                    value >= 0 if low is not None else value > 0)
                if not ok or not math.isfinite(value):
                    expected = "a number >= 0" if low is not None else "a number of days > 0"
                    raise ParameterError.invalid(f"{name}[{source!r}]", owner, expected, value)
        unknown = sorted(set(self.claim_sources) - set(EVIDENCE_SOURCES))
        if unknown:
            raise ParameterError.invalid("claim_sources", owner, "evidence sources", unknown[0])
        for name in ("claim_cap", "stale_cap"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
                raise ParameterError.invalid(name, owner, "an int in [0, 4]", value)
        if isinstance(self.stale_weight, bool) or not isinstance(self.stale_weight, int | float) \
                or not 0 <= self.stale_weight < 10:
            raise ParameterError.invalid("stale_weight", owner, "a number in [0, 10)",
                                         self.stale_weight)
        object.__setattr__(self, "weights", MappingProxyType(merged_weights))
        object.__setattr__(self, "half_life_days", MappingProxyType(merged_lives))
        object.__setattr__(self, "claim_sources", frozenset(self.claim_sources))

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.weights.items())),
                     tuple(sorted(self.half_life_days.items())), self.claim_sources,
                     self.claim_cap, self.stale_weight, self.stale_cap))

    def freshness(self, piece: EvidencePiece, *, today: date) -> float:
        """The share (0-1] of its weight a piece keeps at ``today``: 0.5 ** (age / half-life)."""
        age = max(0, (today - piece.observed_on).days)
        return float(0.5 ** (age / self.half_life_days[piece.source]))

    def weight(self, piece: EvidencePiece, *, today: date) -> float:
        """How much ``piece`` counts at ``today``: its source's weight times its freshness."""
        return self.weights[piece.source] * self.freshness(piece, today=today)


#: The documented default rule.
DEFAULT_POLICY = LevelPolicy()


@dataclass(frozen=True)
class _Vote:
    piece: EvidencePiece
    weight: float
    freshness: float


@dataclass(frozen=True)
class _Assessment:
    skill: str
    level: int
    confidence: float
    average: float
    total: float
    votes: tuple[_Vote, ...]  # heaviest first
    capped: str | None  # None | "claims" | "stale"


def _check_today(today: object, owner: str) -> date:
    if isinstance(today, datetime) or not isinstance(today, date):
        raise ParameterError.invalid("today", owner, "a datetime.date", today)
    return today


def _check_piece(piece: object, owner: str, policy: LevelPolicy) -> EvidencePiece:
    if not isinstance(piece, EvidencePiece):
        raise ParameterError.invalid("evidence", owner, "an iterable of EvidencePiece",
                                     type(piece).__name__)
    if piece.source not in policy.weights:
        raise ParameterError.invalid("evidence", owner, "pieces whose source is one of "
                                     + ", ".join(EVIDENCE_SOURCES), piece.source)
    level = piece.level
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= _MAX_LEVEL:
        raise ParameterError.invalid("evidence", owner, f"pieces with a level in [0, 4] "
                                     f"(skill {piece.skill!r}, source {piece.source!r})", level)
    if isinstance(piece.observed_on, datetime) or not isinstance(piece.observed_on, date):
        raise ParameterError.invalid("evidence", owner, "pieces observed on a datetime.date",
                                     piece.observed_on)
    return piece


def _assess(evidence: Iterable[EvidencePiece], *, today: date, policy: LevelPolicy,
            skill: str | None, owner: str) -> _Assessment:
    if not isinstance(policy, LevelPolicy):
        raise ParameterError.invalid("policy", owner, "a LevelPolicy", type(policy).__name__)
    _check_today(today, owner)
    pieces = [_check_piece(p, owner, policy) for p in evidence]
    skills = sorted({p.skill for p in pieces} | ({skill} if skill else set()))
    if len(skills) > 1:
        raise ParameterError.invalid("evidence", owner, "evidence of one skill (use "
                                     "derive_profile for several)", skills)
    name = skills[0] if skills else ""
    votes = sorted(
        (_Vote(p, policy.weight(p, today=today), policy.freshness(p, today=today))
         for p in pieces),
        key=lambda v: (-v.weight, -v.piece.observed_on.toordinal(), v.piece.source,
                       -v.piece.level, v.piece.detail))
    total = sum(v.weight for v in votes)
    if not votes or total <= 0:
        return _Assessment(name, 0, 0.0, 0.0, total, tuple(votes), None)
    average = sum(v.weight * v.piece.level for v in votes) / total
    level = min(_MAX_LEVEL, math.floor(average + 0.5))
    capped = None
    counted = [v for v in votes if v.weight > 0]
    if all(v.piece.source in policy.claim_sources for v in counted) and level > policy.claim_cap:
        level, capped = policy.claim_cap, "claims"
    if total < policy.stale_weight and level > policy.stale_cap:
        level, capped = policy.stale_cap, "stale"
    spread = math.sqrt(sum(v.weight * (v.piece.level - average) ** 2 for v in votes) / total)
    confidence = (1 - math.exp(-total)) * max(0.0, 1 - spread / 2)
    if capped:
        confidence /= 2
    return _Assessment(name, level, round(confidence, 2), average, total, tuple(votes), capped)


def _describe(vote: _Vote, language: str) -> str:
    piece = vote.piece
    if language == "zh":
        return f"{piece.observed_on.isoformat()} 的{_SOURCE_ZH[piece.source]} {piece.level} 级"
    return f"{_SOURCE_EN[piece.source]} {piece.level} on {piece.observed_on.isoformat()}"


def _sentences(result: _Assessment, *, today: date, policy: LevelPolicy,
               language: str) -> tuple[str, ...]:
    zh = language == "zh"
    if not result.votes or result.total <= 0:
        return ("没有证据：0 级。",) if zh else ("No evidence: level 0.",)
    votes, level = result.votes, result.level
    n = len(votes)
    out = [f"{level} 级：{n} 条证据的加权平均为 {result.average:.2f}。" if zh else
           f"Level {level}: the weighted average of {n} piece{'s' if n > 1 else ''} of "
           f"evidence is {result.average:.2f}."]
    top = votes[0]
    rivals = [v for v in votes[1:] if v.piece.level != top.piece.level
              and abs(v.piece.level - result.average) > abs(top.piece.level - result.average)]
    for rival in rivals[:2]:
        out.append(
            f"{_describe(top, 'zh')}（权重 {top.weight:.2f}）胜过 {_describe(rival, 'zh')}"
            f"（权重 {rival.weight:.2f}）。" if zh else
            f"{_describe(top, 'en')} (weight {top.weight:.2f}) outweighs "
            f"{_describe(rival, 'en')} (weight {rival.weight:.2f}).")
    if n > 1 and len({v.piece.level for v in votes}) == 1:
        out.append(f"全部 {n} 条证据一致。" if zh else f"All {n} pieces agree.")
    for vote in votes:
        if vote.freshness < 0.5:
            years = max(0, (today - vote.piece.observed_on).days) / 365.0
            share = round(vote.freshness * 100)
            out.append(f"{_describe(vote, 'zh')}已有 {years:.1f} 年，只按新证据的 {share}% 计。"
                       if zh else f"{_describe(vote, 'en')} is {years:.1f} years old and counts "
                       f"{share}% of a fresh one.")
    if result.capped == "claims":
        out.append(f"只有本人的说法（自评、简历）：最高 {policy.claim_cap} 级，需经理评估、技能测评"
                   "或课程考核确认更高的水平。" if zh else
                   f"Only the person's own claims (self-assessment, resume): capped at "
                   f"{policy.claim_cap} until a manager assessment, skill check or course "
                   "confirms more.")
    elif result.capped == "stale":
        newest = max(v.piece.observed_on for v in votes).isoformat()
        out.append(f"证据都已过时（最新为 {newest}）：最高 {policy.stale_cap} 级，需要新的证据。"
                   if zh else f"All evidence is old (newest {newest}): capped at "
                   f"{policy.stale_cap} until it is renewed.")
    return tuple(out)


def derive_skill_level(evidence: Iterable[EvidencePiece], *, today: date,
                       policy: LevelPolicy = DEFAULT_POLICY,
                       skill: str | None = None) -> SkillLevel:
    """The level 0-4 the evidence of one skill supports, with confidence and reasons (English).

    ``skill`` names the skill when ``evidence`` may be empty; the rule is in the module docs.
    """
    owner = "derive_skill_level"
    pieces = list(evidence)
    result = _assess(pieces, today=today, policy=policy, skill=skill, owner=owner)
    return SkillLevel(skill=result.skill, level=result.level, confidence=result.confidence,
                      why=_sentences(result, today=today, policy=policy, language="en"),
                      evidence=tuple(v.piece for v in result.votes))


def explain_level(evidence: Iterable[EvidencePiece], *, today: date,
                  policy: LevelPolicy = DEFAULT_POLICY, language: str = "en") -> tuple[str, ...]:
    """The sentences that explain the level of one skill's evidence, in ``language`` (en, zh)."""
    if language not in ("en", "zh"):
        raise ParameterError.invalid("language", "explain_level", "'en' or 'zh'", language)
    result = _assess(list(evidence), today=today, policy=policy, skill=None,
                     owner="explain_level")
    return _sentences(result, today=today, policy=policy, language=language)


def derive_profile(evidence: Iterable[EvidencePiece], *, today: date,
                   policy: LevelPolicy = DEFAULT_POLICY) -> dict[str, SkillLevel]:
    """The derived level of every skill the evidence mentions, by slug (sorted)."""
    by_skill: dict[str, list[EvidencePiece]] = {}
    for piece in evidence:
        if not isinstance(piece, EvidencePiece):
            raise ParameterError.invalid("evidence", "derive_profile",
                                         "an iterable of EvidencePiece", type(piece).__name__)
        by_skill.setdefault(piece.skill, []).append(piece)
    return {slug: derive_skill_level(by_skill[slug], today=today, policy=policy)
            for slug in sorted(by_skill)}
