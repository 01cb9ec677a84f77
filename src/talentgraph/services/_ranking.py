"""Rank an opening's candidates with reasons (talentgraph.match.CandidateRanker).

The pool is the opening's applicants, or every candidate the actor may see (``pool="all"``).
Only each candidate's skills (with their levels and resume spans), years of experience, degree
and stored experience vector are read: names, contact details and protected attributes never
enter a score. Each applicant's score is stored on their application (Application.score).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from talentgraph.domain import Actor, Resume, ResumeSkill
from talentgraph.errors import ParameterError
from talentgraph.match import (
    LANGUAGES,
    PARTS,
    CandidateIndex,
    CandidateRanker,
    MatchResult,
    MatchWeights,
    OpeningSpec,
    SkillMatch,
    SkillRequirement,
)
from talentgraph.match._opening import ROLE_LEVELS
from talentgraph.services._audit import record_event
from talentgraph.services._embeddings import candidate_vectors, default_encoder
from talentgraph.services._profiles import skill_names
from talentgraph.services._recruiting_scope import (
    RECRUITING_ROLES,
    get_opening,
    require_role,
    visible_candidates,
)
from talentgraph.store import Application, Candidate, Opening
from talentgraph.store._recruiting import skill_levels_of

__all__ = [
    "POOLS",
    "RankedCandidate",
    "RankedSkill",
    "Ranking",
    "opening_spec",
    "rank_opening",
]

#: Who is ranked: the opening's applicants, or every candidate the actor may see.
POOLS = ("applications", "all")
MAX_TOP_K = 500


@dataclass(frozen=True, slots=True)
class RankedSkill:
    """A skill the opening asks for, as the candidate shows it: level against target, and the
    resume spans and line that show it."""

    skill: str
    name: str
    level: int
    target: int
    weight: float
    evidence: list[dict[str, Any]] = field(default_factory=list)
    context: str | None = None


@dataclass(frozen=True, slots=True)
class RankedCandidate:
    """One candidate's place in the ranking: score 0-100, its named parts, the matched, partly
    matched and missing skills, and the explanation."""

    rank: int
    candidate_id: int
    ref: str
    name: str
    application_id: int | None
    stage: str | None
    score: float
    parts: dict[str, dict[str, float]]
    matched: list[RankedSkill]
    partial: list[RankedSkill]
    missing: list[RankedSkill]
    similarity: float
    years: float | None
    degree: str | None
    explanation: str


@dataclass(frozen=True, slots=True)
class Ranking:
    """The ranking of an opening's pool: how many were scored, the weights used, the best."""

    opening_id: int
    pool: str
    lang: str
    total: int
    weights: dict[str, float]
    items: list[RankedCandidate]


def opening_spec(opening: Opening) -> OpeningSpec:
    """What the ranker compares: the opening's skills, title, description, years and degree."""
    skills = tuple(SkillRequirement(slug=item["skill"], level=int(item["level"]),
                                    weight=float(item.get("weight", 1.0)))
                   for item in opening.skills or [])
    return OpeningSpec(title=opening.title, role_family=opening.role_family,
                       level=opening.level if opening.level in ROLE_LEVELS else None,
                       skills=skills, description=opening.description or "",
                       min_years=opening.min_years, education_min=opening.education_min)


def _key(candidate_id: int) -> str:
    return f"{candidate_id:012d}"  # ids as text that sort like numbers (ties: lower id first)


def _resume(candidate_id: int, levels: dict[str, int], years: float | None,
            education: str | None, asked: frozenset[str]) -> Resume:
    """The parts of a candidate the ranker reads, and nothing else: the levels of the skills
    the opening asks for (no other skill enters a score or an explanation), years and degree.
    The evidence of the best few is read from the stored skills afterwards."""
    found = tuple(ResumeSkill(slug=slug, level=int(level), evidence=())
                  for slug, level in levels.items() if slug in asked)
    return Resume(id=_key(candidate_id), text="", language="", skills=found,
                  total_years=years, highest_degree=education)


def _levels(session: Session, rows: list[Any]) -> list[dict[str, int]]:
    """Each row's {slug: level}; a row written before the column existed, or around the ORM,
    has none and is computed from its stored skills."""
    levels = [row[2] for row in rows]
    missing = [row[0] for row, value in zip(rows, levels, strict=True) if value is None]
    if missing:
        skills = _stored_skills(session, missing)
        levels = [skill_levels_of(skills.get(row[0])) if value is None else value
                  for row, value in zip(rows, levels, strict=True)]
    return levels


def _stored_skills(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), 5000):  # under the bound-parameter limits
        rows = session.execute(select(Candidate.id, Candidate.skills).where(
            Candidate.id.in_(ids[start:start + 5000])))
        found.update((candidate_id, skills) for candidate_id, skills in rows)
    return found


def _pool(session: Session, *, actor: Actor, opening: Opening, pool: str) -> list[Any]:
    columns = (Candidate.id, Candidate.ref, Candidate.skill_levels, Candidate.years_experience,
               Candidate.education, Application.id, Application.stage, Application.score)
    joined = and_(Application.candidate_id == Candidate.id, Application.opening_id == opening.id)
    if pool == "applications":
        query = select(*columns).join(Application, joined)
    else:
        query = (visible_candidates(actor).with_only_columns(*columns)
                 .outerjoin(Application, joined))
    return list(session.execute(query.order_by(Candidate.id)).all())


def _skills(matches: tuple[SkillMatch, ...], stored: dict[str, dict[str, Any]],
            names: dict[str, tuple[str, str | None]], lang: str) -> list[RankedSkill]:
    shown = []
    for match in matches:
        name_en, name_zh = names.get(match.slug, (match.slug, None))
        item = stored.get(match.slug) or {}
        evidence = [{"start": int(s.get("start", 0)), "end": int(s.get("end", 0)),
                     "surface": str(s.get("surface", "")), "section": s.get("section")}
                    for s in item.get("spans") or []] if match.level else []
        shown.append(RankedSkill(skill=match.slug, name=(name_zh or name_en) if lang == "zh"
                                 else name_en, level=match.level, target=match.target,
                                 weight=match.weight, evidence=evidence,
                                 context=item.get("evidence") if match.level else None))
    return shown


def _best_entries(skills: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    best: dict[str, dict[str, Any]] = {}
    for item in skills or []:
        slug = item.get("skill")
        if slug not in best or (item.get("level") or 0) > (best[slug].get("level") or 0):
            best[slug] = item
    return best


def rank_opening(session: Session, *, actor: Actor, opening_id: int, top_k: int | None = 50,
                 lang: str = "en", pool: str = "applications",
                 encoder: Any = None) -> Ranking:
    """The best ``top_k`` of the pool for the opening, best first, with reasons in ``lang``
    (en or zh); stores every applicant's score on their application. Audited."""
    require_role(actor, RECRUITING_ROLES, "rank candidates")
    if pool not in POOLS:
        raise ParameterError.invalid("pool", "a ranking", f"one of {', '.join(POOLS)}", pool)
    if lang not in LANGUAGES:
        raise ParameterError.invalid("lang", "a ranking", f"one of {', '.join(LANGUAGES)}", lang)
    if top_k is not None and not 1 <= top_k <= MAX_TOP_K:
        raise ParameterError.invalid("top_k", "a ranking", f"an int in [1, {MAX_TOP_K}]", top_k)
    opening = get_opening(session, opening_id=opening_id, actor=actor)
    weights = MatchWeights(**opening.match_weights) if opening.match_weights else MatchWeights()
    rows = _pool(session, actor=actor, opening=opening, pool=pool)
    if not rows:
        return Ranking(opening_id=opening.id, pool=pool, lang=lang, total=0,
                       weights=weights.as_dict(), items=[])
    encoder = default_encoder(encoder)
    ranker = CandidateRanker(weights=weights, encoder=encoder).fit(opening_spec(opening))
    asked = frozenset(item.slug for item in ranker.opening_.skills)
    resumes = [_resume(row[0], levels, row[3], row[4], asked)
               for row, levels in zip(rows, _levels(session, rows), strict=True)]
    vectors = candidate_vectors(session, candidate_ids=[row[0] for row in rows],
                                encoder=encoder)
    index = CandidateIndex(resumes, vectors)
    scores = ranker.score(index)
    scored = [{"id": row[5], "score": round(float(score), 2)}
              for row, score in zip(rows, scores, strict=True) if row[5] is not None]
    changed = [item for item, row in zip(scored, (r for r in rows if r[5] is not None),
                                         strict=True) if row[7] != item["score"]]
    if changed:  # only the scores that moved: ranking again writes nothing new
        session.execute(update(Application), changed)
    results = ranker.rank(index, top_k=top_k, lang=lang)
    items = _items(session, rows, results, lang=lang)
    record_event(session, actor=actor, action="rank", resource="opening",
                 resource_id=opening.id, detail={"pool": pool, "candidates": len(rows),
                                                 "scored_applications": len(scored)})
    if items:
        record_event(session, actor=actor, action="read", resource="candidate", detail={
            "ids": [item.candidate_id for item in items], "fields": ["name", "skills"]})
    return Ranking(opening_id=opening.id, pool=pool, lang=lang, total=len(rows),
                   weights=ranker.weights_, items=items)


def _items(session: Session, rows: list[Any], results: list[MatchResult], *,
           lang: str) -> list[RankedCandidate]:
    by_key = {_key(row[0]): row for row in rows}
    top = [by_key[result.candidate] for result in results]
    ids = [row[0] for row in top]
    names = dict(session.execute(select(Candidate.id, Candidate.name)
                                 .where(Candidate.id.in_(ids))).all()) if ids else {}
    skills = _stored_skills(session, ids) if ids else {}
    slugs = {m.slug for r in results for m in (*r.matched, *r.partial, *r.missing)}
    skill_name = skill_names(session, sorted(slugs))
    items = []
    for result, row in zip(results, top, strict=True):
        stored = _best_entries(skills.get(row[0], []))
        items.append(RankedCandidate(
            rank=result.rank, candidate_id=row[0], ref=row[1], name=names.get(row[0], ""),
            application_id=row[5], stage=row[6], score=result.score,
            parts={name: {"value": round(part.value, 4), "weight": round(part.weight, 4),
                          "points": part.points}
                   for name, part in result.parts.items() if name in PARTS},
            matched=_skills(result.matched, stored, skill_name, lang),
            partial=_skills(result.partial, stored, skill_name, lang),
            missing=_skills(result.missing, stored, skill_name, lang),
            similarity=result.similarity, years=result.years, degree=result.degree,
            explanation=result.explanation))
    return items
