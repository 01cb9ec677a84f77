"""Background jobs: the registry of job kinds, submitting a job, running it, and reading jobs.

A job is a row in ``jobs`` (queued -> running -> succeeded | failed) and a function registered
under its kind in :data:`JOB_KINDS`. :func:`submit_job` adds the row and hands its id to a runner
(``services._job_runners``: a thread pool in the server, or rq workers on Redis);
:func:`run_job` runs it wherever the runner put it and always ends it succeeded or failed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from talentgraph.domain import SYSTEM, Actor
from talentgraph.errors import (
    NotFoundError,
    ParameterError,
    PermissionDeniedError,
    TalentGraphError,
)
from talentgraph.services._audit import record_event
from talentgraph.services._job_context import JobContext, ProgressWriter
from talentgraph.services._job_kinds import (
    import_job,
    market_analysis_job,
    validate_import_params,
    validate_market_params,
)
from talentgraph.services._risk_scoring import risk_scores_job, validate_scoring_params
from talentgraph.services._workspace import encryption_keys
from talentgraph.settings import Settings, get_settings
from talentgraph.store import AuditEvent, Database, Job, User, open_database
from talentgraph.store._base import utcnow

__all__ = [
    "JOB_KINDS",
    "JOB_STATUSES",
    "JOB_VALIDATORS",
    "JobContext",
    "JobRunner",
    "count_jobs",
    "fail_job",
    "get_job",
    "list_jobs",
    "run_job",
    "submit_job",
]

log = logging.getLogger(__name__)

JOB_STATUSES = ("queued", "running", "succeeded", "failed")

#: Job kinds by name: a function of the JobContext returning the job's result (a JSON dict).
JOB_KINDS: dict[str, Callable[[JobContext], dict[str, Any]]] = {
    "market_analysis": market_analysis_job,
    "import": import_job,
    "risk_scores": risk_scores_job,
}

#: Optional parameter checks by kind, run by submit_job: return the normalised parameters or
#: raise ParameterError (so a bad request is refused before a job exists).
JOB_VALIDATORS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "market_analysis": validate_market_params,
    "import": validate_import_params,
    "risk_scores": validate_scoring_params,
}

_MAX_LIMIT = 500


class JobRunner(Protocol):
    """Runs submitted jobs somewhere: a thread pool, or rq workers."""

    def submit(self, job_id: int) -> None:
        """Arrange for ``run_job`` to run this (already committed) job."""

    def close(self) -> None:
        """Stop taking jobs and release resources."""


# ----------------------------------------------------------------------------- submitting

def _json_params(params: object) -> dict[str, Any]:
    if not isinstance(params, dict):
        raise ParameterError.invalid("params", "submit_job", "a JSON object", params)
    try:
        return json.loads(json.dumps(params))
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"The 'params' parameter of submit_job must hold JSON values "
                             f"only. Got {type(exc).__name__}: {exc}.") from exc


def submit_job(database: Database, *, kind: str, params: dict[str, Any], actor: Actor,
               runner: JobRunner) -> int:
    """Queue a job of ``kind``: add its row (audited), commit, hand it to ``runner``; its id.

    Raises ParameterError for an unknown kind or bad parameters. If the runner cannot take the
    job, the job is marked failed and the runner's error is raised."""
    if kind not in JOB_KINDS:
        raise ParameterError.invalid("kind", "submit_job", f"one of {', '.join(sorted(JOB_KINDS))}",
                                     kind)
    clean = _json_params(params)
    validator = JOB_VALIDATORS.get(kind)
    if validator is not None:
        clean = validator(clean)
    with database.session() as session:
        job = Job(kind=kind, params=clean, status="queued", created_by=actor.user_id)
        session.add(job)
        session.flush()
        record_event(session, actor=actor, action="create", resource="job", resource_id=job.id,
                     detail={"kind": kind})
        job_id = job.id
    try:
        runner.submit(job_id)
    except Exception as exc:
        envelope = exc.to_dict() if isinstance(exc, TalentGraphError) else _unexpected()
        _finish(database, job_id, status="failed", error=envelope, only_unfinished=True)
        raise
    return job_id


# ----------------------------------------------------------------------------- running

def _unexpected() -> dict[str, object]:
    message = "The job failed with an unexpected error; the server log has the details."
    return {"ok": False, "status": 500, "code": "E0001", "error": message, "errors": [message]}


def _finish(database: Database, job_id: int, *, status: str, result: dict[str, Any] | None = None,
            error: dict[str, object] | None = None, progress: tuple[float, str] | None = None,
            only_unfinished: bool = False) -> bool:
    """End the job: status, result or error, finished_at (and its last progress)."""
    values: dict[str, Any] = {"status": status, "result": result, "error": error,
                              "finished_at": utcnow()}
    if progress is not None:
        values["progress"], values["message"] = progress
    statement = update(Job).where(Job.id == job_id)
    if only_unfinished:
        statement = statement.where(Job.status.in_(("queued", "running")))
    with database.session() as session:
        return session.execute(statement.values(**values)).rowcount == 1  # type: ignore[attr-defined]


def fail_job(database: Database, job_id: int, *, error: dict[str, object]) -> bool:
    """Mark a queued or running job failed with ``error`` (when its runner lost it); whether
    it was still unfinished."""
    return _finish(database, job_id, status="failed", error=error, only_unfinished=True)


def _claim(database: Database, job_id: int) -> bool:
    """queued -> running, atomically: only one worker runs a job."""
    with database.session() as session:
        claimed = session.execute(
            update(Job).where(Job.id == job_id, Job.status == "queued")
            .values(status="running", started_at=utcnow(), progress=0.0, message="")).rowcount
    return claimed == 1  # type: ignore[comparison-overlap]


def _job_actor(session: Session, job: Job) -> Actor:
    """Who the job acts for: its creator as they are now (SYSTEM for console jobs)."""
    if job.created_by is None:
        created_by_user = session.scalar(
            select(AuditEvent.actor_id).where(AuditEvent.action == "create",
                                              AuditEvent.resource == "job",
                                              AuditEvent.resource_id == str(job.id)))
        if created_by_user is not None:
            raise PermissionDeniedError(f"Job {job.id} was started by an account that no "
                                        "longer exists; it did not run.")
        return SYSTEM
    user = session.get(User, job.created_by)
    if user is None or not user.is_active:
        raise PermissionDeniedError(f"Job {job.id} was started by an account that is no longer "
                                    "active; it did not run.",
                                    details=["Ask an administrator to start it again."])
    return Actor(user_id=user.id, username=user.username, role=user.role,
                 employee_id=user.employee_id)


def _run_claimed(database: Database, job_id: int, settings: Settings) -> str:
    writer = ProgressWriter(database, job_id)
    kind = "?"
    try:
        with database.session() as session:
            job = session.get_one(Job, job_id)
            kind, params = job.kind, dict(job.params)
            function = JOB_KINDS.get(kind)
            if function is None:
                raise ParameterError.invalid("kind", "run_job",
                                             f"one of {', '.join(sorted(JOB_KINDS))}", kind)
            actor = _job_actor(session, job)
        result = function(JobContext(job_id=job_id, params=params, database=database,
                                     actor=actor, settings=settings, writer=writer))
        if not isinstance(result, dict):
            raise TypeError(f"job kind {kind!r} returned {type(result).__name__}, not a dict")
        result = json.loads(json.dumps(result))
    except BaseException as exc:
        if isinstance(exc, TalentGraphError):
            log.info("job %s (%s) failed: %s %s", job_id, kind, exc.code, exc.message)
            envelope = exc.to_dict()
        else:
            log.exception("job %s (%s) failed with an unexpected error", job_id, kind)
            envelope = _unexpected()
        _finish(database, job_id, status="failed", error=envelope, progress=writer.last)
        if not isinstance(exc, Exception):
            raise
        return "failed"
    _finish(database, job_id, status="succeeded", result=result, progress=(1.0, "done"))
    return "succeeded"


def run_job(target: str | Database, job_id: int, *, settings: Settings | None = None) -> str | None:
    """Run a queued job to its end: "succeeded" or "failed" (errors land in the job's row,
    never here), or None when the job is gone or was already taken by another worker.

    ``target`` is the Database, or its URL (opened with the encryption keys of ``settings``,
    default the process settings)."""
    settings = settings or get_settings()
    database: Database
    if isinstance(target, Database):
        database = target
    else:
        database = open_database(target, keys=encryption_keys(settings), upgrade=False)
    try:
        if not _claim(database, job_id):
            log.warning("job %s is not queued (gone, or taken by another worker); skipped",
                        job_id)
            return None
        try:
            return _run_claimed(database, job_id, settings)
        except Exception:  # the database itself failed while reading or ending the job
            log.exception("job %s: could not be run or recorded", job_id)
            fail_job(database, job_id, error=_unexpected())
            return "failed"
    finally:
        if database is not target:
            database.dispose()


# ----------------------------------------------------------------------------- reading

def _visible(statement: Any, actor: Actor, status: str | None) -> Any:
    if not actor.is_hr:
        statement = statement.where(Job.created_by == actor.user_id) \
            if actor.user_id is not None else statement.where(Job.created_by.is_(None))
    if status is not None:
        if status not in JOB_STATUSES:
            raise ParameterError.invalid("status", "list_jobs",
                                         f"one of {', '.join(JOB_STATUSES)}", status)
        statement = statement.where(Job.status == status)
    return statement


def get_job(session: Session, *, actor: Actor, job_id: int) -> Job:
    """One job; NotFoundError when it does not exist or is not the actor's to see."""
    job = session.scalar(_visible(select(Job).where(Job.id == job_id), actor, None))
    if job is None:
        raise NotFoundError(f"No job with id {job_id}.")
    return job


def list_jobs(session: Session, *, actor: Actor, status: str | None = None, limit: int = 50,
              offset: int = 0) -> list[Job]:
    """Jobs newest first; hr and admin see every job, others only those they started."""
    if not isinstance(limit, int) or not 1 <= limit <= _MAX_LIMIT:
        raise ParameterError.invalid("limit", "list_jobs", f"an int in [1, {_MAX_LIMIT}]", limit)
    if not isinstance(offset, int) or offset < 0:
        raise ParameterError.invalid("offset", "list_jobs", "an int >= 0", offset)
    statement = _visible(select(Job), actor, status).order_by(Job.id.desc())
    return list(session.scalars(statement.limit(limit).offset(offset)))


def count_jobs(session: Session, *, actor: Actor, status: str | None = None) -> int:
    """How many jobs :func:`list_jobs` would page through."""
    statement = _visible(select(func.count()).select_from(Job), actor, status)
    return int(session.scalar(statement) or 0)
