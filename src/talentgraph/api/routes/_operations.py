"""/api/v1: background jobs, market snapshots and analyses, and record imports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from talentgraph.api._deps import ActorDep, DatabaseDep, SessionDep, SettingsDep
from talentgraph.api._schemas import PageOf
from talentgraph.errors import NotFoundError, ParameterError
from talentgraph.services import _jobs as jobs
from talentgraph.services._import_specs import IMPORT_KINDS
from talentgraph.services._imports import import_records
from talentgraph.services._uploads import save_upload
from talentgraph.store import MarketSnapshot, paginate

router = APIRouter()


class JobPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    kind: str
    status: str
    progress: float
    message: str
    params: dict[str, Any]
    result: dict[str, Any] | None
    error: dict[str, Any] | None
    created_by: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobAccepted(BaseModel):
    job_id: int
    status_url: str


@router.get("/jobs", name="jobs.list", response_model=PageOf[JobPublic], tags=["jobs"])
def list_jobs(session: SessionDep, actor: ActorDep, status: str | None = None,
              limit: Annotated[int, Query(ge=1, le=200)] = 50,
              offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Background jobs, newest first (yours; hr and admin see all)."""
    items = jobs.list_jobs(session, actor=actor, status=status, limit=limit, offset=offset)
    total = jobs.count_jobs(session, actor=actor, status=status)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/jobs/{job_id}", name="jobs.get", response_model=JobPublic, tags=["jobs"])
def get_job(job_id: int, session: SessionDep, actor: ActorDep) -> Any:
    """One job: poll ``status`` and ``progress`` (0-1) until succeeded or failed."""
    return jobs.get_job(session, actor=actor, job_id=job_id)


class SnapshotPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    title: str
    language: str
    summary: dict[str, Any]
    job_id: int | None
    created_at: datetime


@router.get("/market/snapshots", name="market.snapshots.list",
            response_model=PageOf[SnapshotPublic], tags=["market"])
def list_snapshots(session: SessionDep, limit: Annotated[int, Query(ge=1, le=200)] = 50,
                   offset: Annotated[int, Query(ge=0)] = 0,
                   sort: str | None = None) -> dict[str, Any]:
    """Market analyses, newest first."""
    page = paginate(session, select(MarketSnapshot), limit=limit, offset=offset, sort=sort,
                    default_sort=MarketSnapshot.id.desc(),
                    sortable={"created_at": MarketSnapshot.created_at,
                              "title": MarketSnapshot.title})
    return {"items": page.items, "total": page.total, "limit": limit, "offset": offset}


def _snapshot(session: Any, snapshot_id: int) -> MarketSnapshot:
    snapshot = session.get(MarketSnapshot, snapshot_id)
    if snapshot is None:
        raise NotFoundError(f"No market snapshot with id {snapshot_id}.")
    return snapshot


@router.get("/market/snapshots/{snapshot_id}", name="market.snapshots.get",
            response_model=SnapshotPublic, tags=["market"])
def get_snapshot(snapshot_id: int, session: SessionDep) -> MarketSnapshot:
    """One market analysis with its headline figures (summary.json)."""
    return _snapshot(session, snapshot_id)


@router.get("/market/snapshots/{snapshot_id}/report", name="market.snapshots.report",
            response_class=FileResponse, tags=["market"])
def get_snapshot_report(snapshot_id: int, session: SessionDep,
                        lang: Annotated[str | None, Query(pattern="^(en|zh)$")] = None
                        ) -> FileResponse:
    """The self-contained HTML report of a market analysis."""
    snapshot = _snapshot(session, snapshot_id)
    folder = Path(snapshot.out_dir)
    candidates = [folder / "report.zh.html"] if lang == "zh" else []
    for path in [*candidates, folder / "report.html"]:
        if path.is_file():
            return FileResponse(path, media_type="text/html; charset=utf-8")
    raise NotFoundError(f"The report of market snapshot {snapshot_id} is missing on disk.")


@router.post("/market/analyses", name="market.analyses.create", response_model=JobAccepted,
             status_code=202, tags=["market"])
def create_analysis(request: Request, database: DatabaseDep, settings: SettingsDep,
                    actor: ActorDep, files: Annotated[list[UploadFile], File()],
                    lang: Annotated[str, Form(pattern="^(en|zh)$")] = "en",
                    title: Annotated[str, Form(max_length=300)] = "",
                    period: Annotated[str, Form()] = "quarter",
                    currency: Annotated[str, Form()] = "") -> dict[str, Any]:
    """Upload postings (CSV, TSV, XLSX, JSON, JSONL, documents) and analyse them in the
    background; poll the job, then open its snapshot."""
    if not files:
        raise ParameterError("Upload at least one file of postings in the 'files' field.")
    folder = settings.data_dir / "uploads" / f"market-{datetime.now().strftime('%Y%m%d%H%M%S%f')}"
    paths = [str(save_upload(settings, name=f.filename, stream=f.file, folder=folder))
             for f in files]
    options: dict[str, Any] = {"period": period}
    if currency:
        options["currency"] = currency
    job_id = jobs.submit_job(database, kind="market_analysis", actor=actor,
                             runner=request.app.state.jobs,
                             params={"paths": paths, "lang": lang, "title": title,
                                     "options": options})
    return {"job_id": job_id, "status_url": f"/api/v1/jobs/{job_id}"}


class ImportIssuePublic(BaseModel):
    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str


class ImportReportPublic(BaseModel):
    kind: str
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool
    issues: list[ImportIssuePublic]


@router.post("/imports/{kind}", name="imports.create", tags=["imports"],
             response_model=ImportReportPublic | JobAccepted,
             responses={202: {"model": JobAccepted, "description": "Run as a job."}})
def create_import(kind: str, request: Request, response: Response, database: DatabaseDep,
                  settings: SettingsDep, actor: ActorDep, file: Annotated[UploadFile, File()],
                  dry_run: bool = False, background: bool = False) -> Any:
    """Import a CSV, XLSX or JSONL file of records, all or nothing. Invalid rows are listed
    (file, row, column) in a 422 error and nothing is written; importing the same file again
    changes nothing. ``background=true`` runs it as a job (for large files)."""
    if kind not in IMPORT_KINDS:
        raise NotFoundError(f"Nothing to import as {kind!r}.",
                            details=[f"Kinds: {', '.join(IMPORT_KINDS)}."])
    path = save_upload(settings, name=file.filename, stream=file.file)
    if background:
        job_id = jobs.submit_job(database, kind="import", actor=actor,
                                 runner=request.app.state.jobs,
                                 params={"kind": kind, "path": str(path)})
        response.status_code = 202
        return JobAccepted(job_id=job_id, status_url=f"/api/v1/jobs/{job_id}")
    try:
        report = import_records(database, kind=kind, path=path, actor=actor, dry_run=dry_run,
                                name=file.filename, settings=settings)
    finally:
        path.unlink(missing_ok=True)
    return report.to_dict()
