"""The jobs page: background work with its progress. The table re-polls itself every two
seconds (htmx) while a job is queued or running, and stops when all are done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from talentgraph.api._deps import ActorDep, SessionDep
from talentgraph.domain import Actor
from talentgraph.services._jobs import list_jobs
from talentgraph.store import Job
from talentgraph.web._page import render_page

__all__ = ["JobRow", "job_rows", "router"]

router = APIRouter()

SHOWN = 50
ACTIVE = frozenset({"queued", "running"})
#: Message keys of the job kinds (an unknown kind is shown by its name).
KIND_LABELS = {"market_analysis": "jobs.kind_market_analysis", "import": "jobs.kind_import"}


@dataclass(frozen=True, slots=True)
class JobRow:
    """A job as the table shows it."""

    id: int
    kind: str
    kind_label: str | None
    status: str
    progress: float
    message: str
    created_at: datetime
    finished_at: datetime | None
    snapshot_id: int | None
    error: str

    @property
    def is_active(self) -> bool:
        """Whether the job is still queued or running."""
        return self.status in ACTIVE


def _row(job: Job) -> JobRow:
    result = job.result or {}
    snapshot = result.get("snapshot_id") if job.kind == "market_analysis" else None
    error = (job.error or {}).get("error", "") if job.status == "failed" else ""
    return JobRow(id=job.id, kind=job.kind, kind_label=KIND_LABELS.get(job.kind),
                  status=job.status, progress=max(0.0, min(1.0, job.progress or 0.0)),
                  message=job.message or "", created_at=job.created_at,
                  finished_at=job.finished_at,
                  snapshot_id=snapshot if isinstance(snapshot, int) else None,
                  error=str(error))


def job_rows(session: Session, *, actor: Actor) -> list[JobRow]:
    """The newest jobs the actor may see, as rows."""
    return [_row(job) for job in list_jobs(session, actor=actor, limit=SHOWN)]


def _context(session: Session, actor: Actor) -> dict[str, object]:
    rows = job_rows(session, actor=actor)
    return {"jobs": rows, "polling": any(row.is_active for row in rows)}


@router.get("/jobs", name="web.jobs", response_class=HTMLResponse)
def jobs_page(request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """Background jobs, newest first (yours; hr and admin see all)."""
    return render_page(request, "jobs.html.j2", actor=actor, **_context(session, actor))


@router.get("/jobs/table", name="web.jobs_table", response_class=HTMLResponse)
def jobs_table(request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """The jobs table alone, for polling."""
    return render_page(request, "_jobs_table.html.j2", actor=actor, **_context(session, actor))
