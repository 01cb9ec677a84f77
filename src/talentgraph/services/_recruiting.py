"""Recruiting use cases, part one: openings and candidates (list, read, create, update).

Applications, stage moves, interview rounds and scorecards are in ``_pipeline``; who may see
what is in ``_recruiting_scope``. Every write and every read of a candidate (personal data) is
recorded in the audit log in the caller's transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, defer

from talentgraph.domain import EDUCATION_LEVELS, Actor
from talentgraph.errors import ConflictError, ParameterError, PermissionDeniedError
from talentgraph.match import PARTS, MatchWeights
from talentgraph.services._audit import record_event
from talentgraph.services._recruiting_scope import (
    RECRUITER_ROLES,
    check_hiring_manager,
    check_skills,
    get_candidate,
    get_opening,
    require_role,
    visible_candidates,
    visible_openings,
)
from talentgraph.store import Application, Candidate, CandidateEmbedding, Opening, Page, paginate

__all__ = [
    "CANDIDATE_FIELDS",
    "OPENING_FIELDS",
    "OPENING_STATUSES",
    "candidate_view",
    "create_candidate",
    "create_opening",
    "email_digest",
    "list_candidates",
    "list_openings",
    "read_candidate",
    "update_candidate",
    "update_opening",
]

#: The states of an opening; new openings are "open".
OPENING_STATUSES = ("open", "on_hold", "closed", "filled")
OPENING_FIELDS = ("ref", "title", "role_family", "level", "location", "pay_min", "pay_max",
                  "currency", "description", "skills", "status", "hiring_manager_id",
                  "min_years", "education_min", "match_weights")
CANDIDATE_FIELDS = ("ref", "name", "email", "phone", "resume_text", "protected", "source", "city",
                    "years_experience", "education", "skills")
_NOT_NULL = frozenset({"ref", "title", "description", "skills", "status", "name"})
#: Candidate fields everyone in recruiting sees; contact details and protected attributes
#: depend on the role (candidate_view).
_CANDIDATE_BASE = ("id", "ref", "name", "source", "city", "years_experience", "education",
                   "skills", "created_at", "updated_at")
_CONTACT = ("email", "phone")
SKILL_LEVELS = range(0, 5)
MAX_WEIGHT = 10.0
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")

OPENING_SORTS = {"ref": Opening.ref, "title": Opening.title, "status": Opening.status,
                 "created_at": Opening.created_at, "updated_at": Opening.updated_at}
CANDIDATE_SORTS = {"ref": Candidate.ref, "city": Candidate.city,
                   "years_experience": Candidate.years_experience,
                   "created_at": Candidate.created_at, "updated_at": Candidate.updated_at}


def email_digest(email: str) -> str:
    """SHA-256 of the normalised (trimmed, lower-case) email: finds a person applying twice
    without decrypting anything."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def _new_ref(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4).upper()}"


def _check_fields(fields: Mapping[str, Any], allowed: Sequence[str], owner: str) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ParameterError(f"{owner} has no field {unknown[0]!r}. Expected some of "
                             f"{', '.join(allowed)}.")
    for name in sorted(set(fields) & _NOT_NULL):
        value = fields[name]
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ParameterError.invalid(name, owner, "a non-empty value", value)


def _opening_skills(session: Session, skills: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    clean: list[dict[str, Any]] = []
    for index, item in enumerate(skills):
        slug, level, weight = item.get("skill"), item.get("level"), item.get("weight", 1.0)
        where = f"skills[{index}]"
        if not isinstance(slug, str) or not slug:
            raise ParameterError.invalid(f"{where}.skill", "an opening", "a skill slug", slug)
        if isinstance(level, bool) or not isinstance(level, int) or level not in SKILL_LEVELS:
            raise ParameterError.invalid(f"{where}.level", "an opening", "an int in [0, 4]", level)
        if (isinstance(weight, bool) or not isinstance(weight, int | float)
                or not 0 < weight <= MAX_WEIGHT):
            raise ParameterError.invalid(f"{where}.weight", "an opening",
                                         f"a number in (0, {MAX_WEIGHT:g}]", weight)
        clean.append({"skill": slug, "level": level, "weight": float(weight)})
    slugs = [item["skill"] for item in clean]
    repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if repeated:
        raise ParameterError(f"The 'skills' field of an opening lists {repeated[0]!r} more than "
                             "once. Expected each skill once.")
    check_skills(session, slugs, field="skills")
    return clean


def _clean_opening(session: Session, fields: Mapping[str, Any], *,
                   current: Opening | None) -> dict[str, Any]:
    _check_fields(fields, OPENING_FIELDS, "An opening")
    values = dict(fields)
    if "title" in values:
        values["title"] = values["title"].strip()
    if "status" in values and values["status"] not in OPENING_STATUSES:
        raise ParameterError.invalid("status", "an opening",
                                     f"one of {', '.join(OPENING_STATUSES)}", values["status"])
    if values.get("currency") is not None:
        values["currency"] = values["currency"].upper()
        if not _CURRENCY.match(values["currency"]):
            raise ParameterError.invalid("currency", "an opening", "an ISO 4217 code like CNY",
                                         fields["currency"])
    if "skills" in values:
        values["skills"] = _opening_skills(session, values["skills"])
    _check_requirements(values)
    if values.get("hiring_manager_id") is not None:
        check_hiring_manager(session, values["hiring_manager_id"])
    low = values.get("pay_min", current.pay_min if current else None)
    high = values.get("pay_max", current.pay_max if current else None)
    if low is not None and high is not None and low > high:
        raise ParameterError(f"The pay range of an opening must have pay_min <= pay_max. Got "
                             f"{low:g} > {high:g} instead.")
    return values


MAX_YEARS = 60


def _check_requirements(values: dict[str, Any]) -> None:
    """Check (and normalise) the least years, the least degree and the score weights."""
    years = values.get("min_years")
    if years is not None and (isinstance(years, bool) or not isinstance(years, int | float)
                              or not 0 <= years <= MAX_YEARS):
        raise ParameterError.invalid("min_years", "an opening", f"a number in [0, {MAX_YEARS}]",
                                     years)
    degree = values.get("education_min")
    if degree is not None and degree not in EDUCATION_LEVELS:
        raise ParameterError.invalid("education_min", "an opening",
                                     f"one of {', '.join(EDUCATION_LEVELS)}", degree)
    weights = values.get("match_weights")
    if weights is not None:
        if not isinstance(weights, Mapping):
            raise ParameterError.invalid("match_weights", "an opening",
                                         "an object of the parts' weights", weights)
        unknown = sorted(set(weights) - set(PARTS))
        if unknown:
            raise ParameterError.invalid("match_weights", "an opening",
                                         "weights of skills, similarity, experience, education",
                                         unknown[0])
        # parts not named weigh 0; MatchWeights checks each is in [0, 1] and they sum to 1
        values["match_weights"] = MatchWeights(**{name: weights.get(name, 0.0)
                                                  for name in PARTS}).as_dict()


def _check_ref_free(session: Session, model: type[Opening] | type[Candidate], ref: str,
                    what: str) -> None:
    if session.scalar(select(model.id).where(model.ref == ref)) is not None:
        raise ConflictError(f"An {what} with ref {ref!r} exists already.",
                            details=["Choose another ref, or update the existing record."])


def _apply(row: Opening | Candidate, values: Mapping[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.append(name)
    return changed


def list_openings(session: Session, *, actor: Actor, status: str | None = None,
                  role_family: str | None = None, q: str | None = None,
                  hiring_manager_id: int | None = None, limit: int = 50, offset: int = 0,
                  sort: str | None = None) -> Page[Opening]:
    """A page of the openings ``actor`` may see, filtered (``q``: part of the title)."""
    query = visible_openings(actor)
    if status:
        query = query.where(Opening.status == status)
    if role_family:
        query = query.where(Opening.role_family == role_family)
    if q:
        query = query.where(func.lower(Opening.title).contains(q.strip().lower(),
                                                               autoescape=True))
    if hiring_manager_id is not None:
        query = query.where(Opening.hiring_manager_id == hiring_manager_id)
    return paginate(session, query, limit=limit, offset=offset, sort=sort,
                    sortable=OPENING_SORTS)


def create_opening(session: Session, *, actor: Actor, fields: Mapping[str, Any]) -> Opening:
    """Add an opening; ``skills`` = [{"skill", "level" 0-4, "weight"}] with known slugs."""
    require_role(actor, RECRUITER_ROLES, "create openings")
    if "title" not in fields:
        raise ParameterError("An opening needs a 'title'.")
    values = _clean_opening(session, fields, current=None)
    values.setdefault("ref", _new_ref("OPN"))
    _check_ref_free(session, Opening, values["ref"], "opening")
    opening = Opening(**values)
    session.add(opening)
    session.flush()
    record_event(session, actor=actor, action="create", resource="opening",
                 resource_id=opening.id, detail={"fields": sorted(values)})
    return opening


def update_opening(session: Session, *, opening_id: int, actor: Actor,
                   changes: Mapping[str, Any]) -> Opening:
    """Change the given fields of an opening (None clears an optional field)."""
    require_role(actor, RECRUITER_ROLES, "change openings")
    opening = get_opening(session, opening_id=opening_id, actor=actor)
    values = _clean_opening(session, changes, current=opening)
    if "ref" in values and values["ref"] != opening.ref:
        _check_ref_free(session, Opening, values["ref"], "opening")
    changed = _apply(opening, values)
    if changed:
        session.flush()
        record_event(session, actor=actor, action="update", resource="opening",
                     resource_id=opening.id, detail={"fields": changed})
    return opening


def candidate_view(candidate: Candidate, *, actor: Actor, detail: bool) -> dict[str, Any]:
    """The fields of ``candidate`` that ``actor`` may see: contact details for recruiters, hr
    and admin; protected attributes only for hr and admin (absent otherwise); the resume text
    only in the ``detail`` view."""
    view = {name: getattr(candidate, name) for name in _CANDIDATE_BASE}
    if actor.role in RECRUITER_ROLES:
        view.update({name: getattr(candidate, name) for name in _CONTACT})
    if detail:
        view["resume_text"] = candidate.resume_text
    if actor.is_hr:
        view["protected"] = candidate.protected
    return view


def _personal_fields(view: Mapping[str, Any]) -> list[str]:
    return [name for name in ("name", *_CONTACT, "resume_text", "protected") if name in view]


def list_candidates(session: Session, *, actor: Actor, opening_id: int | None = None,
                    source: str | None = None, city: str | None = None,
                    education: str | None = None, q: str | None = None,
                    email: str | None = None, limit: int = 50, offset: int = 0,
                    sort: str | None = None) -> Page[dict[str, Any]]:
    """A page of the candidates ``actor`` may see, as views (candidate_view); ``q`` matches
    part of the ref, ``email`` the exact address (names and contacts are encrypted). The read
    is audited."""
    # the list view never shows the resume: not loading it spares decrypting ~50 resumes a page
    query = visible_candidates(actor).options(defer(Candidate.resume_text))
    if opening_id is not None:
        get_opening(session, opening_id=opening_id, actor=actor)
        query = query.where(Candidate.id.in_(
            select(Application.candidate_id).where(Application.opening_id == opening_id)))
    for column, value in ((Candidate.source, source), (Candidate.city, city),
                          (Candidate.education, education)):
        if value:
            query = query.where(column == value)
    if q:
        query = query.where(func.lower(Candidate.ref).contains(q.strip().lower(),
                                                               autoescape=True))
    if email:
        query = query.where(Candidate.email_hash == email_digest(email))
    page = paginate(session, query, limit=limit, offset=offset, sort=sort,
                    sortable=CANDIDATE_SORTS)
    views = [candidate_view(c, actor=actor, detail=False) for c in page.items]
    if views:
        record_event(session, actor=actor, action="read", resource="candidate", detail={
            "ids": [view["id"] for view in views], "fields": _personal_fields(views[0])})
    return Page(items=views, total=page.total, limit=page.limit, offset=page.offset)


def read_candidate(session: Session, *, candidate_id: int, actor: Actor) -> dict[str, Any]:
    """One candidate as ``actor`` may see it (candidate_view, detail); the read is audited."""
    candidate = get_candidate(session, candidate_id=candidate_id, actor=actor)
    view = candidate_view(candidate, actor=actor, detail=True)
    record_event(session, actor=actor, action="read", resource="candidate",
                 resource_id=candidate.id, detail={"fields": _personal_fields(view)})
    return view


def _candidate_skills(session: Session,
                      skills: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    clean = []
    for index, item in enumerate(skills):
        slug, level, evidence = item.get("skill"), item.get("level"), item.get("evidence")
        if not isinstance(slug, str) or not slug:
            raise ParameterError.invalid(f"skills[{index}].skill", "a candidate", "a skill slug",
                                         slug)
        if level is not None and (isinstance(level, bool) or not isinstance(level, int)
                                  or level not in SKILL_LEVELS):
            raise ParameterError.invalid(f"skills[{index}].level", "a candidate",
                                         "an int in [0, 4] or null", level)
        clean.append({"skill": slug, "level": level, "evidence": evidence})
    check_skills(session, [item["skill"] for item in clean], field="skills")
    return clean


def _clean_candidate(session: Session, fields: Mapping[str, Any], *,
                     actor: Actor) -> dict[str, Any]:
    _check_fields(fields, CANDIDATE_FIELDS, "A candidate")
    if "protected" in fields and not actor.is_hr:
        raise PermissionDeniedError("Only hr and admin may record a candidate's protected "
                                    "attributes.", details=["Leave out the 'protected' field."])
    values = dict(fields)
    if "name" in values:
        values["name"] = values["name"].strip()
    if values.get("email") is not None:
        values["email"] = values["email"].strip()
        if not _EMAIL.match(values["email"]):
            raise ParameterError.invalid("email", "a candidate", "an email address like "
                                         "name@example.com", values["email"])
    if "email" in values:
        values["email_hash"] = email_digest(values["email"]) if values["email"] else None
    if values.get("education") is not None and values["education"] not in EDUCATION_LEVELS:
        raise ParameterError.invalid("education", "a candidate",
                                     f"one of {', '.join(EDUCATION_LEVELS)}", values["education"])
    years = values.get("years_experience")
    if years is not None and not 0 <= years <= 70:
        raise ParameterError.invalid("years_experience", "a candidate", "a number in [0, 70]",
                                     years)
    if "skills" in values:
        values["skills"] = _candidate_skills(session, values["skills"])
    return values


def _check_email_free(session: Session, email_hash: str | None, candidate_id: int | None) -> None:
    if email_hash is None:
        return
    other = session.scalar(select(Candidate.ref).where(Candidate.email_hash == email_hash,
                                                       Candidate.id != (candidate_id or -1)))
    if other is not None:
        raise ConflictError(f"Candidate {other} has this email address already.",
                            details=["Update that candidate instead of adding a new one."])


def create_candidate(session: Session, *, actor: Actor, fields: Mapping[str, Any]) -> Candidate:
    """Add a candidate (contact details, resume text and protected attributes are encrypted at
    rest; ``protected`` only by hr and admin)."""
    require_role(actor, RECRUITER_ROLES, "add candidates")
    if "name" not in fields:
        raise ParameterError("A candidate needs a 'name'.")
    values = _clean_candidate(session, fields, actor=actor)
    values.setdefault("ref", _new_ref("CAN"))
    _check_ref_free(session, Candidate, values["ref"], "candidate")
    _check_email_free(session, values.get("email_hash"), None)
    candidate = Candidate(**values)
    session.add(candidate)
    session.flush()
    record_event(session, actor=actor, action="create", resource="candidate",
                 resource_id=candidate.id, detail={"fields": sorted(fields)})
    return candidate


def update_candidate(session: Session, *, candidate_id: int, actor: Actor,
                     changes: Mapping[str, Any]) -> Candidate:
    """Change the given fields of a candidate (None clears an optional field)."""
    require_role(actor, RECRUITER_ROLES, "change candidates")
    candidate = get_candidate(session, candidate_id=candidate_id, actor=actor)
    values = _clean_candidate(session, changes, actor=actor)
    if "ref" in values and values["ref"] != candidate.ref:
        _check_ref_free(session, Candidate, values["ref"], "candidate")
    if "email_hash" in values:
        _check_email_free(session, values["email_hash"], candidate.id)
    changed = [name for name in _apply(candidate, values) if name != "email_hash"]
    if "resume_text" in changed:  # the stored experience vector was made from the old text
        session.execute(delete(CandidateEmbedding).where(
            CandidateEmbedding.candidate_id == candidate.id))
    if changed:
        session.flush()
        record_event(session, actor=actor, action="update", resource="candidate",
                     resource_id=candidate.id, detail={"fields": changed})
    return candidate
