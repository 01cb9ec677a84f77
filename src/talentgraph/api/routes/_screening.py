"""/api/v1 screening (issue 6): resume import and merges, openings proposed from a job
description, ranking with reasons, bulk moves and notes, the funnel, and structured interviews
(plans, summaries, agreement and leniency). Handlers parse, call one service and return a
schema; the services apply the row-level rules (a hiring manager: their own openings) and
audit every write and every read of personal data."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, UploadFile

from talentgraph.api._deps import ActorDep, SessionDep, SettingsDep
from talentgraph.api._recruiting_schemas import MAX_ID, ApplicationPublic, InterviewPublic
from talentgraph.api._screening_schemas import (
    ApplicationNote,
    BulkMove,
    BulkMovePublic,
    CandidateMergePublic,
    FunnelReportPublic,
    InterviewPlanPublic,
    InterviewPlanSet,
    InterviewStatsPublic,
    InterviewSummaryPublic,
    OpeningProposalPublic,
    RankingPublic,
    ResumeImportReport,
)
from talentgraph.services import _funnel as funnel
from talentgraph.services import _interview_plans as plans
from talentgraph.services import _interview_stats as stats
from talentgraph.services import _opening_proposals as proposals
from talentgraph.services import _pipeline as pipeline
from talentgraph.services import _ranking as ranking
from talentgraph.services import _resumes as resumes
from talentgraph.store import Application, Interview

router = APIRouter(tags=["screening"])

OpeningId = Annotated[int, Path(ge=1, le=MAX_ID)]
CandidateId = Annotated[int, Path(ge=1, le=MAX_ID)]
ApplicationId = Annotated[int, Path(ge=1, le=MAX_ID)]
NO_NUL = r"^[^\x00]*$"


# -- resumes -----------------------------------------------------------------------------------

@router.post("/candidates/resumes", name="candidates.upload", response_model=ResumeImportReport)
def upload_resumes(session: SessionDep, actor: ActorDep, settings: SettingsDep,
                   files: Annotated[list[UploadFile], File(description="PDF, DOCX, TXT or MD.")],
                   opening_id: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
                   source: Annotated[str | None, Form(max_length=60, pattern=NO_NUL)] = None
                   ) -> dict[str, Any]:
    """Import resumes as candidates (one report per file: created, merged into the same person,
    or error); with opening_id each also applies to that opening."""
    found = resumes.import_resume_streams(
        session, actor=actor, settings=settings, opening_id=opening_id,
        source=source.strip() or None if source else None,
        files=[(upload.filename, upload.file) for upload in files])
    return {"items": found,
            "created": sum(item.status == "created" for item in found),
            "merged": sum(item.status == "merged" for item in found),
            "failed": sum(item.status == "error" for item in found)}


@router.get("/candidates/{candidate_id}/merges", name="candidates.merges",
            response_model=list[CandidateMergePublic])
def list_merges(candidate_id: CandidateId, session: SessionDep,
                actor: ActorDep) -> list[resumes.MergeView]:
    """The resumes merged into a candidate as the same person: which file, why, who, when."""
    return resumes.list_merges(session, actor=actor, candidate_id=candidate_id)


# -- openings ----------------------------------------------------------------------------------

@router.post("/openings/extract", name="openings.extract", response_model=OpeningProposalPublic)
def extract_opening(actor: ActorDep, settings: SettingsDep,
                    text: Annotated[str | None, Form(max_length=50_000, pattern=NO_NUL)] = None,
                    file: Annotated[UploadFile | None, File(description="TXT, MD, PDF or DOCX.")
                                    ] = None,
                    title: Annotated[str | None, Form(max_length=300, pattern=NO_NUL)] = None
                    ) -> proposals.OpeningProposal:
    """Propose an opening's requirements from a job description (text or a file); nothing is
    saved until you POST /openings with them."""
    return proposals.propose_opening(
        actor=actor, settings=settings, text=text, title=title,
        file=(file.filename, file.file) if file is not None else None)


@router.get("/openings/{opening_id}/ranking", name="openings.ranking",
            response_model=RankingPublic)
def rank_opening(opening_id: OpeningId, session: SessionDep, actor: ActorDep,
                 top_k: Annotated[int, Query(ge=1, le=ranking.MAX_TOP_K)] = 50,
                 lang: Literal["en", "zh"] = "en",
                 pool: Literal["applications", "all"] = "applications") -> ranking.Ranking:
    """The opening's candidates ranked 0-100 with named parts, matched / partly matched /
    missing skills with resume evidence, and an explanation in ``lang``. Stores each
    applicant's score on their application."""
    return ranking.rank_opening(session, actor=actor, opening_id=opening_id, top_k=top_k,
                                lang=lang, pool=pool)


# -- pipeline extras ---------------------------------------------------------------------------

@router.post("/applications/bulk-move", name="applications.bulk_move",
             response_model=BulkMovePublic)
def bulk_move(body: BulkMove, session: SessionDep, actor: ActorDep) -> pipeline.BulkMove:
    """Move many applications to one stage, all or none."""
    return pipeline.bulk_move_applications(session, actor=actor, application_ids=body.ids,
                                           stage=body.stage, reason=body.reason)


@router.post("/applications/{application_id}/notes", name="applications.notes.create",
             response_model=ApplicationPublic, status_code=201)
def add_note(application_id: ApplicationId, body: ApplicationNote, session: SessionDep,
             actor: ActorDep) -> Application:
    """Append a note (with its author and time) to an application."""
    return pipeline.add_note(session, actor=actor, application_id=application_id,
                             text=body.text)


@router.get("/funnel", name="funnel.get", response_model=FunnelReportPublic)
def get_funnel(session: SessionDep, actor: ActorDep,
               opening_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
               source: Annotated[str | None, Query(max_length=60, pattern=NO_NUL)] = None
               ) -> funnel.FunnelReport:
    """Per stage: reached, current, conversion to the next stage, median days in the stage;
    overall, by source and by opening."""
    return funnel.pipeline_funnel(session, actor=actor, opening_id=opening_id, source=source)


# -- structured interviews ---------------------------------------------------------------------

@router.get("/openings/{opening_id}/interview-plan", name="interview_plans.get",
            response_model=InterviewPlanPublic)
def get_plan(opening_id: OpeningId, session: SessionDep,
             actor: ActorDep) -> plans.InterviewPlan:
    """The opening's interview plan (a suggestion from its skills when none is saved)."""
    return plans.get_interview_plan(session, actor=actor, opening_id=opening_id)


@router.post("/openings/{opening_id}/interview-plan", name="interview_plans.set",
             response_model=InterviewPlanPublic)
def set_plan(opening_id: OpeningId, body: InterviewPlanSet, session: SessionDep,
             actor: ActorDep) -> plans.InterviewPlan:
    """Save the opening's interview plan: rounds with focus skills from the opening."""
    return plans.set_interview_plan(session, actor=actor, opening_id=opening_id,
                                    rounds=[item.model_dump() for item in body.rounds])


@router.post("/applications/{application_id}/interviews/from-plan",
             name="interviews.create_from_plan", response_model=list[InterviewPublic],
             status_code=201)
def create_from_plan(application_id: ApplicationId, session: SessionDep,
                     actor: ActorDep) -> list[Interview]:
    """Add the application's interview rounds from its opening's plan (missing ones only)."""
    return plans.create_interviews_from_plan(session, actor=actor,
                                             application_id=application_id)


@router.get("/applications/{application_id}/interview-summary", name="interviews.summary",
            response_model=InterviewSummaryPublic)
def interview_summary(application_id: ApplicationId, session: SessionDep,
                      actor: ActorDep) -> plans.InterviewSummary:
    """Mean rating per skill and recommendation counts of the scorecards you may see."""
    return plans.interview_summary(session, actor=actor, application_id=application_id)


@router.get("/openings/{opening_id}/interview-stats", name="openings.interview_stats",
            response_model=InterviewStatsPublic)
def interview_stats(opening_id: OpeningId, session: SessionDep,
                    actor: ActorDep) -> stats.InterviewStats:
    """Inter-rater agreement (Krippendorff's alpha) and interviewer leniency (hr, admin)."""
    return stats.opening_interview_stats(session, actor=actor, opening_id=opening_id)
