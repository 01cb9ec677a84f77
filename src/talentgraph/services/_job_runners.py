"""Where jobs run: a thread pool inside the server (the default), or rq workers on Redis
(``TALENTGRAPH_JOB_BACKEND=rq``, workers started with ``talentgraph worker``).

An rq job carries only the job's id and the database URL with its password masked: a worker
runs jobs of the database its own settings name, and refuses a job queued for another one (job
ids are only unique within one database). No secret passes through Redis.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy.engine import make_url

from talentgraph.errors import ConfigError
from talentgraph.services._jobs import JobRunner, fail_job, run_job
from talentgraph.services._workspace import encryption_keys, open_workspace
from talentgraph.settings import Settings, get_settings
from talentgraph.store import Database, head_revision, open_database, schema_revision

__all__ = [
    "DEFAULT_QUEUE",
    "RQRunner",
    "ThreadRunner",
    "make_runner",
    "run_queued_job",
    "run_worker",
]

log = logging.getLogger(__name__)

DEFAULT_QUEUE = "talentgraph"


def _envelope(message: str) -> dict[str, object]:
    return {"ok": False, "status": 500, "code": "E0001", "error": message, "errors": [message]}


# ----------------------------------------------------------------------------- threads

class ThreadRunner:
    """Runs jobs on a thread pool in this process (the default backend)."""

    def __init__(self, database: Database, max_workers: int = 1, *,
                 settings: Settings | None = None) -> None:
        self.database = database
        self.max_workers = max_workers
        self.settings = settings
        self._executor = ThreadPoolExecutor(max_workers=max_workers,
                                            thread_name_prefix="talentgraph-job")
        self._futures: dict[int, Future[str | None]] = {}
        self._lock = threading.Lock()

    def submit(self, job_id: int) -> None:
        """Run the job on the next free thread."""
        future = self._executor.submit(run_job, self.database, job_id,
                                       settings=self.settings or get_settings())
        with self._lock:
            self._futures[job_id] = future
        future.add_done_callback(lambda done: self._forget(job_id, done))

    def _forget(self, job_id: int, future: Future[str | None]) -> None:
        with self._lock:
            self._futures.pop(job_id, None)
        if not future.cancelled() and future.exception() is not None:
            log.error("job %s: runner thread ended with %r", job_id, future.exception())

    def close(self, *, wait: bool = True) -> None:
        """Stop: jobs not started yet are marked failed; running ones finish when ``wait``."""
        with self._lock:
            pending = dict(self._futures)
        self._executor.shutdown(wait=False, cancel_futures=True)
        for job_id, future in pending.items():
            if future.cancelled():
                fail_job(self.database, job_id, error=_envelope(
                    "The server stopped before the job started; start it again."))
        if wait:
            self._executor.shutdown(wait=True)


# ----------------------------------------------------------------------------- rq

def masked_url(url: str) -> str:
    """A database URL as jobs carry it: driver made explicit, password masked."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=True)


def _worker_database(queued_for: str) -> tuple[Database, Settings]:
    """The database this worker serves, checked against the one the job was queued for."""
    settings = get_settings()
    url = settings.resolved_database_url
    if masked_url(url) != queued_for:
        raise ConfigError(
            f"This worker serves {masked_url(url)}, but the job was queued for {queued_for}.",
            details=["Start the worker with the same TALENTGRAPH_DATABASE_URL as the server."])
    return open_database(url, keys=encryption_keys(settings), upgrade=False), settings


def run_queued_job(database_url: str, job_id: int) -> str | None:
    """What an rq worker runs: the job ``job_id`` of the database named by the worker's settings
    (``database_url`` is the masked URL of the database the job was queued for)."""
    database, settings = _worker_database(database_url)
    try:
        return run_job(database, job_id, settings=settings)
    finally:
        database.dispose()


def _fail_lost_job(rq_job: Any, message: str) -> None:
    """Mark our job failed when rq lost it (work horse killed, job abandoned)."""
    try:
        queued_for, job_id = rq_job.args[0], int(rq_job.args[1])
        database, _ = _worker_database(queued_for)
    except ConfigError as exc:
        log.error("rq job %s: its job cannot be marked failed: %s", rq_job.id, exc)
        return
    except Exception:
        log.exception("rq job %s: its job cannot be marked failed", getattr(rq_job, "id", "?"))
        return
    try:
        if fail_job(database, job_id, error=_envelope(message)):
            log.warning("job %s: %s", job_id, message)
    finally:
        database.dispose()


def on_rq_failure(rq_job: Any, connection: Any, *exc_info: Any) -> None:
    """rq's failure callback: run_queued_job itself failed, or the job was abandoned."""
    _fail_lost_job(rq_job, "The worker could not run the job; the worker log has the details.")


def on_work_horse_killed(rq_job: Any, retpid: int, ret_val: int, rusage: Any) -> None:
    """rq's handler for a work horse that died (killed, out of memory)."""
    _fail_lost_job(rq_job, "The worker running the job stopped unexpectedly (killed, or out "
                           "of memory).")


class RQRunner:
    """Queues jobs on Redis for rq workers (``run_worker``) on any machine sharing the database."""

    def __init__(self, database_url: str, redis_url: str, queue: str = DEFAULT_QUEUE) -> None:
        self.database_url = database_url
        self.redis_url = redis_url
        self.queue = queue
        self._connection: Any = None

    def _redis(self) -> Any:
        if self._connection is None:
            from redis import Redis

            self._connection = Redis.from_url(self.redis_url)
        return self._connection

    def submit(self, job_id: int) -> None:
        """Enqueue the job; ConfigError when Redis cannot be reached."""
        from redis.exceptions import RedisError
        from rq import Callback, Queue

        try:
            Queue(self.queue, connection=self._redis()).enqueue(
                run_queued_job, masked_url(self.database_url), job_id,
                job_timeout=-1, result_ttl=0, description=f"talentgraph job {job_id}",
                on_failure=Callback(on_rq_failure))
        except RedisError as exc:
            log.error("job %s: cannot queue it on Redis: %s", job_id, exc)
            raise ConfigError("The job queue (Redis) cannot be reached; the job was not started.",
                              details=["Ask an administrator to start Redis, or set "
                                       "TALENTGRAPH_JOB_BACKEND=thread."]) from exc

    def close(self) -> None:
        """Close the Redis connection."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def run_worker(settings: Settings, *, burst: bool = False, queue: str = DEFAULT_QUEUE,
               fork: bool = True) -> bool:
    """Work jobs from the rq queue until stopped (or, with ``burst``, until it is empty);
    whether any job was worked. ``fork`` runs each job in a fresh child (rq's Worker); without
    it jobs run in this process (rq's SimpleWorker)."""
    from redis import Redis
    from rq import SimpleWorker, Worker

    database = open_workspace(settings, upgrade=False)
    try:
        current, head = schema_revision(database.engine), head_revision()
    finally:
        database.dispose()
    if current != head:
        raise ConfigError(f"The database is at schema revision {current!r}, not {head!r}.",
                          details=["Start the server once (it migrates the database), then "
                                   "start the worker."])
    worker_class = Worker if fork else SimpleWorker
    worker = worker_class([queue], connection=Redis.from_url(settings.redis_url),
                          work_horse_killed_handler=on_work_horse_killed)
    return bool(worker.work(burst=burst))


# ----------------------------------------------------------------------------- choosing

def make_runner(settings: Settings, database: Database) -> JobRunner:
    """The runner ``settings.job_backend`` names: "thread" or "rq"."""
    if settings.job_backend == "thread":
        return ThreadRunner(database, settings=settings)
    if settings.job_backend == "rq":
        return RQRunner(database.engine.url.render_as_string(hide_password=False),
                        settings.redis_url)
    raise ConfigError(f"TALENTGRAPH_JOB_BACKEND must be thread or rq. Got "
                      f"{settings.job_backend!r} instead.")
