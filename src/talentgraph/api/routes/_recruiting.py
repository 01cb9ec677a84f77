"""/api/v1 recruiting: openings, candidates, applications and their stage history, interview
rounds and scorecards. Handlers parse, call one service and return a schema; row-level rules
(a hiring manager sees only their own openings' pipeline) live in the services."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.api._recruiting_schemas import (
    MAX_ID,
    ApplicationCreate,
    ApplicationMove,
    ApplicationPublic,
    CandidateCreate,
    CandidatePublic,
    CandidateUpdate,
    Education,
    InterviewCreate,
    InterviewPublic,
    OpeningCreate,
    OpeningPublic,
    OpeningStatus,
    OpeningUpdate,
    ScorecardPage,
    ScorecardPublic,
    ScorecardSubmit,
    Stage,
    StageEventPublic,
)
from talentgraph.api._schemas import PageOf
from talentgraph.services import _pipeline as pipeline
from talentgraph.services import _recruiting as recruiting
from talentgraph.services import _recruiting_scope as scope
from talentgraph.store import Application, Interview, Opening, Page

router = APIRouter(tags=["recruiting"])

Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]
Sort = Annotated[str | None, Query(max_length=40, pattern=r"^-?[a-z_]+$",
                                   description="A column; prefix - to descend.")]
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]
OpeningId = Annotated[int, Path(ge=1, le=MAX_ID)]
CandidateId = Annotated[int, Path(ge=1, le=MAX_ID)]
ApplicationId = Annotated[int, Path(ge=1, le=MAX_ID)]
InterviewId = Annotated[int, Path(ge=1, le=MAX_ID)]
NO_NUL = r"^[^\x00]*$"


def _text(max_length: int, description: str | None = None) -> Any:
    """A text query parameter (no NUL characters, which PostgreSQL refuses)."""
    return Query(max_length=max_length, pattern=NO_NUL, description=description)


def _page(page: Page[Any]) -> dict[str, Any]:
    return {"items": page.items, "total": page.total, "limit": page.limit,
            "offset": page.offset}


# -- openings ----------------------------------------------------------------------------------

@router.get("/openings", name="openings.list", response_model=PageOf[OpeningPublic])
def list_openings(session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
                  status: OpeningStatus | None = None,
                  role_family: Annotated[str | None, _text(120)] = None,
                  q: Annotated[str | None, _text(200, "Part of the title.")] = None,
                  hiring_manager_id: IdFilter = None, sort: Sort = None) -> dict[str, Any]:
    """Openings (hiring managers: their own). Sort by ref, title, status, created_at,
    updated_at."""
    return _page(recruiting.list_openings(
        session, actor=actor, status=status, role_family=role_family, q=q,
        hiring_manager_id=hiring_manager_id, limit=limit, offset=offset, sort=sort))


@router.post("/openings", name="openings.create", response_model=OpeningPublic,
             status_code=201)
def create_opening(body: OpeningCreate, session: SessionDep, actor: ActorDep) -> Opening:
    """Add an opening; skills must be slugs of the framework."""
    return recruiting.create_opening(session, actor=actor,
                                     fields=body.model_dump(exclude_unset=True))


@router.get("/openings/{opening_id}", name="openings.get", response_model=OpeningPublic)
def get_opening(opening_id: OpeningId, session: SessionDep, actor: ActorDep) -> Opening:
    """One opening."""
    return scope.get_opening(session, opening_id=opening_id, actor=actor)


@router.patch("/openings/{opening_id}", name="openings.update", response_model=OpeningPublic)
def update_opening(opening_id: OpeningId, body: OpeningUpdate, session: SessionDep,
                   actor: ActorDep) -> Opening:
    """Change some fields of an opening (null clears an optional field)."""
    return recruiting.update_opening(session, opening_id=opening_id, actor=actor,
                                     changes=body.model_dump(exclude_unset=True))


# -- candidates --------------------------------------------------------------------------------

@router.get("/candidates", name="candidates.list", response_model=PageOf[CandidatePublic],
            response_model_exclude_unset=True)
def list_candidates(session: SessionDep, actor: ActorDep, limit: Limit = 50,
                    offset: Offset = 0, opening_id: IdFilter = None,
                    source: Annotated[str | None, _text(60)] = None,
                    city: Annotated[str | None, _text(120)] = None,
                    education: Education | None = None,
                    q: Annotated[str | None, _text(64, "Part of the ref.")] = None,
                    email: Annotated[str | None, _text(254, "The exact address.")] = None,
                    sort: Sort = None) -> dict[str, Any]:
    """Candidates (hiring managers: those who applied to their openings), without resume text.
    Sort by ref, city, years_experience, created_at, updated_at. Audited as a read."""
    return _page(recruiting.list_candidates(
        session, actor=actor, opening_id=opening_id, source=source, city=city,
        education=education, q=q, email=email, limit=limit, offset=offset, sort=sort))


@router.post("/candidates", name="candidates.create", response_model=CandidatePublic,
             response_model_exclude_unset=True, status_code=201)
def create_candidate(body: CandidateCreate, session: SessionDep,
                     actor: ActorDep) -> dict[str, Any]:
    """Add a candidate (protected attributes: hr and admin only)."""
    candidate = recruiting.create_candidate(session, actor=actor,
                                            fields=body.model_dump(exclude_unset=True))
    return recruiting.candidate_view(candidate, actor=actor, detail=True)


@router.get("/candidates/{candidate_id}", name="candidates.get",
            response_model=CandidatePublic, response_model_exclude_unset=True)
def get_candidate(candidate_id: CandidateId, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """One candidate with resume text; audited as a read of personal data."""
    return recruiting.read_candidate(session, candidate_id=candidate_id, actor=actor)


@router.patch("/candidates/{candidate_id}", name="candidates.update",
              response_model=CandidatePublic, response_model_exclude_unset=True)
def update_candidate(candidate_id: CandidateId, body: CandidateUpdate, session: SessionDep,
                     actor: ActorDep) -> dict[str, Any]:
    """Change some fields of a candidate (null clears an optional field)."""
    candidate = recruiting.update_candidate(session, candidate_id=candidate_id, actor=actor,
                                            changes=body.model_dump(exclude_unset=True))
    return recruiting.candidate_view(candidate, actor=actor, detail=True)


# -- applications and their stages -------------------------------------------------------------

@router.get("/applications", name="applications.list",
            response_model=PageOf[ApplicationPublic])
def list_applications(session: SessionDep, actor: ActorDep, limit: Limit = 50,
                      offset: Offset = 0, opening_id: IdFilter = None,
                      candidate_id: IdFilter = None, stage: Stage | None = None,
                      sort: Sort = None) -> dict[str, Any]:
    """Applications, by opening and/or candidate. Sort by created_at, updated_at, stage,
    score."""
    return _page(pipeline.list_applications(
        session, actor=actor, opening_id=opening_id, candidate_id=candidate_id, stage=stage,
        limit=limit, offset=offset, sort=sort))


@router.post("/applications", name="applications.create", response_model=ApplicationPublic,
             status_code=201)
def create_application(body: ApplicationCreate, session: SessionDep,
                       actor: ActorDep) -> Application:
    """A candidate applies to an open opening (stage "applied")."""
    return pipeline.create_application(session, actor=actor, candidate_id=body.candidate_id,
                                       opening_id=body.opening_id, notes=body.notes)


@router.post("/applications/{application_id}/move", name="applications.move",
             response_model=ApplicationPublic)
def move_application(application_id: ApplicationId, body: ApplicationMove, session: SessionDep,
                     actor: ActorDep) -> Application:
    """Move an application to another stage; rejecting needs a reason."""
    return pipeline.move_application(session, actor=actor, application_id=application_id,
                                     stage=body.stage, reason=body.reason)


@router.get("/applications/{application_id}/history", name="applications.history",
            response_model=list[StageEventPublic])
def application_history(application_id: ApplicationId, session: SessionDep,
                        actor: ActorDep) -> list[pipeline.StageChange]:
    """The stage moves of an application, oldest first: from, to, reason, who, when."""
    return pipeline.list_stage_changes(session, actor=actor, application_id=application_id)


# -- interview rounds and scorecards -----------------------------------------------------------

@router.get("/applications/{application_id}/interviews", name="interviews.list",
            response_model=PageOf[InterviewPublic])
def list_interviews(application_id: ApplicationId, session: SessionDep, actor: ActorDep,
                    limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """The interview rounds of an application."""
    return _page(pipeline.list_interviews(session, actor=actor, application_id=application_id,
                                          limit=limit, offset=offset))


@router.post("/applications/{application_id}/interviews", name="interviews.create",
             response_model=InterviewPublic, status_code=201)
def create_interview(application_id: ApplicationId, body: InterviewCreate, session: SessionDep,
                     actor: ActorDep) -> Interview:
    """Add an interview round with its focus skills (default: the opening's skills)."""
    return pipeline.create_interview(session, actor=actor, application_id=application_id,
                                     round_name=body.round, focus_skills=body.focus_skills,
                                     scheduled_on=body.scheduled_on)


@router.get("/interviews/{interview_id}/scorecards", name="scorecards.list",
            response_model=ScorecardPage)
def list_scorecards(interview_id: InterviewId, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """The round's scorecards: others' only after you submitted yours (hr and admin: all)."""
    found = pipeline.list_scorecards(session, actor=actor, interview_id=interview_id)
    return {"items": found.items, "total": len(found.items), "hidden": found.hidden}


@router.post("/interviews/{interview_id}/scorecards", name="scorecards.submit",
             response_model=ScorecardPublic, status_code=201)
def submit_scorecard(interview_id: InterviewId, body: ScorecardSubmit, session: SessionDep,
                     actor: ActorDep) -> pipeline.ScorecardView:
    """Submit your scorecard for a round: each focus skill 1-4 and a recommendation."""
    return pipeline.submit_scorecard(session, actor=actor, interview_id=interview_id,
                                     ratings=body.ratings, recommendation=body.recommendation,
                                     notes=body.notes)
