"""Background jobs: submitting, running on the thread pool and on rq workers over the real Redis,
progress written (throttled) while a job runs, failures recorded as error envelopes, who sees
which job, and the market analysis run as a job into a MarketSnapshot."""

from __future__ import annotations

import importlib.util
import logging
import os
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from redis import Redis
from rq import Queue
from rq.registry import FailedJobRegistry
from sqlalchemy import select

from talentgraph.domain import SYSTEM, Actor
from talentgraph.errors import ConfigError, InputError, NotFoundError, ParameterError
from talentgraph.services._job_context import JobContext, ProgressWriter
from talentgraph.services._job_runners import (
    RQRunner,
    ThreadRunner,
    make_runner,
    masked_url,
    run_worker,
)
from talentgraph.services._jobs import (
    JOB_KINDS,
    count_jobs,
    get_job,
    list_jobs,
    run_job,
    submit_job,
)
from talentgraph.settings import Settings, get_settings
from talentgraph.store import (
    AuditEvent,
    Database,
    Job,
    MarketSnapshot,
    User,
    generate_key,
    open_database,
)

REDIS_URL = "redis://127.0.0.1:6379/0"


# ----------------------------------------------------------------------------- helpers

def _settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", **values)  # type: ignore[call-arg]


def _user(database: Database, username: str, role: str) -> Actor:
    with database.session() as session:
        user = User(username=username, role=role, password_hash="x")
        session.add(user)
        session.flush()
        return Actor(user_id=user.id, username=username, role=role)


def _job(database: Database, job_id: int) -> Job:
    with database.session() as session:
        return session.get_one(Job, job_id)


class _Recorder:
    """A job kind registered by a test: reports progress, reads its own row, returns a dict."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, float, str]] = []
        self.actors: list[Actor] = []

    def __call__(self, ctx: JobContext) -> dict[str, Any]:
        ctx.progress(0.25, "a quarter done")
        row = _job(ctx.database, ctx.job_id)
        self.seen.append((row.status, row.progress, row.message))
        self.actors.append(ctx.actor)
        return {"echo": ctx.params["x"], "by": ctx.actor.username}


@pytest.fixture
def register(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, Callable[[JobContext], dict]],
                                                            None]:
    """Register a job kind for this test only."""
    def add(kind: str, function: Callable[[JobContext], dict]) -> None:
        monkeypatch.setitem(JOB_KINDS, kind, function)
    return add


# ----------------------------------------------------------------------------- thread runner

def test_thread_runner_runs_a_job_and_records_progress_status_and_result(
        database: Database, tmp_path: Path, register: Any) -> None:
    recorder = _Recorder()
    register("test_echo", recorder)
    actor = _user(database, "rita", "recruiter")
    runner = ThreadRunner(database, settings=_settings(tmp_path))
    job_id = submit_job(database, kind="test_echo", params={"x": [1, "二"]}, actor=actor,
                        runner=runner)
    runner.close()

    assert recorder.seen == [("running", 0.25, "a quarter done")]
    assert recorder.actors == [Actor(user_id=actor.user_id, username="rita", role="recruiter")]
    job = _job(database, job_id)
    assert (job.kind, job.status, job.result, job.error) == (
        "test_echo", "succeeded", {"echo": [1, "二"], "by": "rita"}, None)
    assert (job.progress, job.message) == (1.0, "done")
    assert job.created_by == actor.user_id
    assert job.started_at is not None and job.finished_at is not None
    assert job.created_at <= job.started_at <= job.finished_at
    with database.session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.resource == "job")).all()
    assert [(e.action, e.resource_id, e.actor, e.detail) for e in events] == [
        ("create", str(job_id), "rita", {"kind": "test_echo"})]


def test_a_failing_job_ends_failed_with_the_error_envelope(
        database: Database, tmp_path: Path, register: Any) -> None:
    def bad_input(ctx: JobContext) -> dict:
        ctx.progress(0.3, "reading")
        ctx.progress(0.6, "still reading")  # held back by the throttle, written at the end
        raise InputError("Row 3 of people.csv has no name.", details=["people.csv row 3"])

    register("test_bad_input", bad_input)
    runner = ThreadRunner(database, settings=_settings(tmp_path))
    job_id = submit_job(database, kind="test_bad_input", params={}, actor=SYSTEM, runner=runner)
    runner.close()
    job = _job(database, job_id)
    assert job.status == "failed" and job.result is None
    assert job.error == {"ok": False, "status": 400, "code": "E0200",
                         "error": "Row 3 of people.csv has no name.",
                         "errors": ["people.csv row 3"]}
    assert (job.progress, job.message) == (0.6, "still reading")
    assert job.finished_at is not None


def test_an_unexpected_exception_is_logged_and_hidden_behind_a_generic_envelope(
        database: Database, tmp_path: Path, register: Any,
        caplog: pytest.LogCaptureFixture) -> None:
    def crash(ctx: JobContext) -> dict:
        raise RuntimeError("password=hunter2 at /srv/secret")

    register("test_crash", crash)
    with caplog.at_level(logging.ERROR, logger="talentgraph.services._jobs"):
        job_id = submit_job(database, kind="test_crash", params={}, actor=SYSTEM,
                            runner=_Inline(database, tmp_path))
    job = _job(database, job_id)
    assert job.status == "failed"
    assert job.error is not None and job.error["code"] == "E0001" and job.error["status"] == 500
    assert "hunter2" not in str(job.error) and "server log" in str(job.error["error"])
    logged = [r for r in caplog.records if f"job {job_id}" in r.getMessage()]
    assert logged and logged[0].exc_info is not None
    assert "hunter2" in logged[0].exc_text or "hunter2" in str(logged[0].exc_info[1])


def test_a_job_returning_no_dict_fails(database: Database, tmp_path: Path,
                                       register: Any) -> None:
    register("test_wrong_result", lambda ctx: "done")  # type: ignore[arg-type,return-value]
    job_id = submit_job(database, kind="test_wrong_result", params={}, actor=SYSTEM,
                        runner=_Inline(database, tmp_path))
    job = _job(database, job_id)
    assert (job.status, job.error and job.error["code"]) == ("failed", "E0001")


class _Inline:
    """A runner running the job at once in this thread (for tests of run_job itself)."""

    def __init__(self, database: Database, tmp_path: Path) -> None:
        self.database, self.settings = database, _settings(tmp_path)

    def submit(self, job_id: int) -> None:
        run_job(self.database, job_id, settings=self.settings)

    def close(self) -> None:
        pass


def test_a_job_runs_once_only(database: Database, tmp_path: Path, register: Any) -> None:
    calls: list[int] = []
    register("test_count", lambda ctx: calls.append(ctx.job_id) or {})  # type: ignore[func-returns-value]
    job_id = submit_job(database, kind="test_count", params={}, actor=SYSTEM,
                        runner=_Inline(database, tmp_path))
    finished = _job(database, job_id).finished_at
    assert run_job(database, job_id, settings=_settings(tmp_path)) is None
    assert run_job(database, job_id + 1000, settings=_settings(tmp_path)) is None
    assert calls == [job_id]
    assert _job(database, job_id).finished_at == finished


def test_a_job_of_a_deactivated_account_does_not_run(database: Database, tmp_path: Path,
                                                     register: Any) -> None:
    recorder = _Recorder()
    register("test_echo", recorder)
    actor = _user(database, "gone", "hr")

    class Later:
        def __init__(self) -> None:
            self.ids: list[int] = []

        def submit(self, job_id: int) -> None:
            self.ids.append(job_id)

        def close(self) -> None:
            pass

    later = Later()
    job_id = submit_job(database, kind="test_echo", params={"x": 1}, actor=actor, runner=later)
    assert _job(database, job_id).status == "queued"
    with database.session() as session:
        session.get_one(User, actor.user_id).is_active = False
    assert run_job(database, job_id, settings=_settings(tmp_path)) == "failed"
    job = _job(database, job_id)
    assert job.error is not None and job.error["code"] == "E0603"
    assert "no longer active" in str(job.error["error"])
    assert recorder.seen == []


def test_submit_refuses_unknown_kinds_and_bad_params_and_adds_no_job(
        database: Database, tmp_path: Path) -> None:
    runner = _Inline(database, tmp_path)
    with pytest.raises(ParameterError, match="'kind' parameter of submit_job must be one of "
                                             "import, market_analysis, risk_scores. Got 'sleep'"):
        submit_job(database, kind="sleep", params={}, actor=SYSTEM, runner=runner)
    with pytest.raises(ParameterError, match="JSON values only"):
        submit_job(database, kind="import", params={"path": {1, 2}}, actor=SYSTEM, runner=runner)
    with pytest.raises(ParameterError, match="'lang' parameter of the market_analysis job must "
                                             "be one of en, zh. Got 'fr'"):
        submit_job(database, kind="market_analysis", params={"paths": ["a"], "lang": "fr"},
                   actor=SYSTEM, runner=runner)
    with pytest.raises(ParameterError, match="does not take 'engine'"):
        submit_job(database, kind="market_analysis",
                   params={"paths": ["a"], "options": {"engine": "spark"}}, actor=SYSTEM,
                   runner=runner)
    with pytest.raises(ParameterError, match="'kind' parameter of the import job must be one "
                                             "of .*openings.*Got 'people'"):
        submit_job(database, kind="import", params={"kind": "people", "path": "a.csv"},
                   actor=SYSTEM, runner=runner)
    with pytest.raises(ParameterError, match="'paths' parameter"):
        submit_job(database, kind="market_analysis", params={"paths": []}, actor=SYSTEM,
                   runner=runner)
    with database.session() as session:
        assert count_jobs(session, actor=SYSTEM) == 0


def test_a_runner_that_cannot_take_the_job_leaves_it_failed(database: Database) -> None:
    runner = RQRunner(database.engine.url.render_as_string(hide_password=False),
                      "redis://127.0.0.1:1/0", queue=f"tg-test-{uuid.uuid4().hex}")
    with pytest.raises(ConfigError, match="job queue \\(Redis\\) cannot be reached"):
        submit_job(database, kind="import", params={"kind": "openings", "path": "x.csv"},
                   actor=SYSTEM, runner=runner)
    runner.close()
    with database.session() as session:
        (job,) = list_jobs(session, actor=SYSTEM)
    assert job.status == "failed" and job.error is not None
    assert job.error["code"] == "E0101" and "127.0.0.1:1" not in str(job.error)


# ----------------------------------------------------------------------------- progress

def test_progress_is_throttled_and_the_last_report_is_always_written(
        database: Database, tmp_path: Path) -> None:
    with database.session() as session:
        job = Job(kind="test", params={}, status="running")
        session.add(job)
        session.flush()
        job_id = job.id
    now = [100.0]
    writer = ProgressWriter(database, job_id, interval=0.5, clock=lambda: now[0])
    writer.report(0.1, "first")  # written at once
    for i in range(2, 10):
        now[0] += 0.05
        writer.report(i / 10, f"step {i}")
    assert writer.writes == 1
    assert (_job(database, job_id).progress, _job(database, job_id).message) == (0.1, "first")
    now[0] += 0.5
    writer.report(0.95, "late")  # half a second later: written
    assert writer.writes == 2 and _job(database, job_id).message == "late"
    writer.report(0.97, "last")
    writer.flush()
    writer.flush()  # nothing left to write
    assert writer.writes == 3
    assert (_job(database, job_id).progress, _job(database, job_id).message) == (0.97, "last")
    with pytest.raises(ParameterError, match="'fraction' parameter of JobContext.progress"):
        writer.report(1.5, "too far")


def test_progress_does_not_wait_for_the_jobs_own_transaction_on_sqlite(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path}/tg.db", keys=[generate_key()])
    try:
        with database.session() as session:
            job = Job(kind="test", params={}, status="running")
            session.add(job)
            session.flush()
            job_id = job.id
        writer = ProgressWriter(database, job_id, interval=0.0)
        with database.session() as busy:  # like an import: one open write transaction
            busy.add(User(username="busy", role="hr", password_hash="x"))
            busy.flush()
            started = time.monotonic()
            writer.report(0.5, "while the job writes")
            assert time.monotonic() - started < 2.0
            assert writer.writes == 0 and writer.last == (0.5, "while the job writes")
        writer.flush()
        assert writer.writes == 1
        assert _job(database, job_id).message == "while the job writes"
    finally:
        database.dispose()


# ----------------------------------------------------------------------------- reading jobs

def test_users_see_their_own_jobs_and_hr_sees_all(database: Database, tmp_path: Path,
                                                  register: Any) -> None:
    register("test_echo", _Recorder())
    runner = _Inline(database, tmp_path)
    rita, hank, hana = (_user(database, "rita", "recruiter"),
                        _user(database, "hank", "hiring_manager"), _user(database, "hana", "hr"))
    mine = [submit_job(database, kind="test_echo", params={"x": i}, actor=rita, runner=runner)
            for i in range(3)]
    theirs = submit_job(database, kind="test_echo", params={"x": 9}, actor=hank, runner=runner)
    with database.session() as session:
        assert [j.id for j in list_jobs(session, actor=rita)] == mine[::-1]
        assert [j.id for j in list_jobs(session, actor=rita, limit=2, offset=1)] == mine[1::-1]
        assert count_jobs(session, actor=rita) == 3
        assert count_jobs(session, actor=rita, status="queued") == 0
        assert [j.id for j in list_jobs(session, actor=hana, status="succeeded")] == \
            [theirs, *mine[::-1]]
        assert get_job(session, actor=hana, job_id=theirs).result == {"echo": 9, "by": "hank"}
        with pytest.raises(NotFoundError, match=f"No job with id {theirs}"):
            get_job(session, actor=rita, job_id=theirs)
        with pytest.raises(ParameterError, match="'status' parameter of list_jobs"):
            list_jobs(session, actor=hana, status="done")
        with pytest.raises(ParameterError, match="'limit' parameter of list_jobs must be an int "
                                                 "in \\[1, 500\\]. Got 0"):
            list_jobs(session, actor=hana, limit=0)


def test_make_runner_follows_the_job_backend_setting(database: Database,
                                                     tmp_path: Path) -> None:
    thread = make_runner(_settings(tmp_path), database)
    assert isinstance(thread, ThreadRunner)
    thread.close()
    rq_runner = make_runner(_settings(tmp_path, job_backend="rq", redis_url=REDIS_URL), database)
    assert isinstance(rq_runner, RQRunner) and rq_runner.redis_url == REDIS_URL
    with pytest.raises(ConfigError, match="TALENTGRAPH_JOB_BACKEND must be thread or rq. "
                                          "Got 'celery'"):
        make_runner(_settings(tmp_path, job_backend="celery"), database)


# ----------------------------------------------------------------------------- rq on Redis

@pytest.fixture
def queue_name() -> Iterator[str]:
    """A queue of its own on the real Redis, with every key it left removed afterwards."""
    name = f"tg-test-{uuid.uuid4().hex}"
    yield name
    redis = Redis.from_url(REDIS_URL)
    queue = Queue(name, connection=redis)
    registries = (queue.failed_job_registry, queue.finished_job_registry,
                  queue.started_job_registry, queue.canceled_job_registry)
    job_ids = set(queue.get_job_ids()).union(*(r.get_job_ids() for r in registries))
    for job_id in job_ids:
        redis.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
    queue.delete(delete_jobs=True)
    for key in redis.scan_iter(f"*{name}*"):
        redis.delete(key)
    redis.close()


@pytest.fixture
def worker_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[
        tuple[Database, Settings]]:
    """The database and the settings an rq worker reads from the environment."""
    key = generate_key()
    monkeypatch.setenv("TALENTGRAPH_DATABASE_URL", database_url)
    monkeypatch.setenv("TALENTGRAPH_ENCRYPTION_KEYS", key)
    monkeypatch.setenv("TALENTGRAPH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TALENTGRAPH_REDIS_URL", REDIS_URL)
    get_settings.cache_clear()
    database = open_database(database_url, keys=[key])
    yield database, get_settings()
    database.dispose()
    get_settings.cache_clear()


def test_rq_runner_queues_on_redis_and_a_worker_runs_the_job(
        worker_env: tuple[Database, Settings], queue_name: str, register: Any) -> None:
    database, settings = worker_env
    recorder = _Recorder()
    register("test_echo", recorder)
    actor = _user(database, "hana", "hr")
    runner = RQRunner(settings.resolved_database_url, REDIS_URL, queue=queue_name)
    job_id = submit_job(database, kind="test_echo", params={"x": "via redis"}, actor=actor,
                        runner=runner)
    runner.close()
    queue = Queue(queue_name, connection=Redis.from_url(REDIS_URL))
    assert queue.count == 1
    (rq_job,) = queue.get_jobs()
    assert rq_job.args == (masked_url(settings.resolved_database_url), job_id)
    assert _job(database, job_id).status == "queued"

    assert run_worker(settings, burst=True, queue=queue_name) is True  # forks a work horse

    assert queue.count == 0
    job = _job(database, job_id)
    assert (job.status, job.result, job.progress) == (
        "succeeded", {"echo": "via redis", "by": "hana"}, 1.0)
    assert job.started_at is not None and job.finished_at is not None


def test_a_worker_refuses_a_job_queued_for_another_database(
        worker_env: tuple[Database, Settings], queue_name: str, register: Any,
        tmp_path: Path) -> None:
    database, settings = worker_env
    register("test_echo", _Recorder())
    other = f"sqlite:///{tmp_path}/other.db"
    runner = RQRunner(other, REDIS_URL, queue=queue_name)
    runner.submit(4242)
    runner.close()
    run_worker(settings, burst=True, queue=queue_name, fork=False)
    connection = Redis.from_url(REDIS_URL)
    (failed,) = FailedJobRegistry(queue_name, connection=connection).get_job_ids()
    from rq.job import Job as RQJob

    outcome = RQJob.fetch(failed, connection=connection).latest_result()
    assert outcome is not None and "This worker serves" in (outcome.exc_string or "")
    assert "but the job was queued for sqlite:///" in (outcome.exc_string or "")


def test_a_killed_work_horse_leaves_the_job_failed(
        worker_env: tuple[Database, Settings], queue_name: str, register: Any) -> None:
    database, settings = worker_env

    def die(ctx: JobContext) -> dict:
        ctx.progress(0.5, "about to die")
        os.kill(os.getpid(), signal.SIGKILL)  # the work horse, a child of the worker
        return {}

    register("test_die", die)
    runner = RQRunner(settings.resolved_database_url, REDIS_URL, queue=queue_name)
    job_id = submit_job(database, kind="test_die", params={}, actor=SYSTEM, runner=runner)
    runner.close()
    run_worker(settings, burst=True, queue=queue_name)
    job = _job(database, job_id)
    assert job.status == "failed" and job.error is not None
    assert "stopped unexpectedly" in str(job.error["error"])
    assert (job.progress, job.message) == (0.5, "about to die")


# ----------------------------------------------------------------------------- market analysis

def _write_corpus(folder: Path) -> Path:
    path = Path(__file__).parents[1] / "cli" / "_market_corpus.py"
    spec = importlib.util.spec_from_file_location("_market_corpus_for_jobs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_corpus(folder)


def test_market_analysis_job_makes_a_snapshot_and_a_report(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    database = open_database(f"sqlite:///{tmp_path}/tg.db", keys=[generate_key()])
    try:
        corpus = _write_corpus(settings.data_dir / "uploads" / "corpus")
        analyst = _user(database, "hana", "hr")
        runner = ThreadRunner(database, settings=settings)
        job_id = submit_job(database, kind="market_analysis", actor=analyst, runner=runner,
                            params={"paths": [str(corpus)], "lang": "zh", "title": "Q3 市场",
                                    "options": {"period": "quarter"}})
        runner.close()
        job = _job(database, job_id)
        assert job.status == "succeeded", job.error
        assert job.params["options"]["currency"] == "CNY"
        with database.session() as session:
            snapshot = session.get_one(MarketSnapshot, job.result["snapshot_id"])
            audited = session.scalars(select(AuditEvent.resource).where(
                AuditEvent.action == "create")).all()
        assert (snapshot.title, snapshot.language, snapshot.job_id, snapshot.created_by) == (
            "Q3 市场", "zh", job_id, analyst.user_id)
        assert snapshot.summary["postings_read"] == 46
        assert snapshot.summary["unique_postings"] > 0
        out = Path(snapshot.out_dir)
        assert out == (settings.data_dir / "market" / str(job_id)).resolve()
        assert (out / "report.html").stat().st_size > 1000
        assert (out / "summary.json").exists()
        assert sorted(audited) == ["job", "market_snapshot"]
    finally:
        database.dispose()


def test_market_analysis_refuses_files_outside_the_data_folder_for_a_user(
        database: Database, tmp_path: Path) -> None:
    outside = _write_corpus(tmp_path / "elsewhere")
    user = _user(database, "hana", "hr")
    runner = _Inline(database, tmp_path)
    job_id = submit_job(database, kind="market_analysis", params={"paths": [str(outside)]},
                        actor=user, runner=runner)
    job = _job(database, job_id)
    assert job.status == "failed" and job.error is not None
    assert job.error["code"] == "E0603" and "outside the folders jobs may read" in \
        str(job.error["error"])
    missing = _settings(tmp_path).data_dir / "uploads" / "nope.csv"
    job_id = submit_job(database, kind="market_analysis", params={"paths": [str(missing)]},
                        actor=user, runner=runner)
    assert _job(database, job_id).error["code"] == "E0201"  # type: ignore[index]
    assert not (_settings(tmp_path).data_dir / "market" / str(job_id)).exists()


# ----------------------------------------------------------------------------- import

def test_import_job_imports_a_file_and_reports_what_it_did(database: Database,
                                                           tmp_path: Path) -> None:
    uploads = _settings(tmp_path).data_dir / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "openings.csv").write_text(
        "ref,title,location\nO-1,数据分析师,北京\nO-2,ML Engineer,Berlin\n", encoding="utf-8")
    recruiter = _user(database, "rita", "recruiter")
    runner = _Inline(database, tmp_path)
    params = {"kind": "openings", "path": str(uploads / "openings.csv")}
    first = _job(database, submit_job(database, kind="import", params=params, actor=recruiter,
                                      runner=runner))
    assert first.status == "succeeded", first.error
    assert first.result is not None
    assert (first.result["file"], first.result["rows"], first.result["created"]) == (
        "openings.csv", 2, 2)
    again = _job(database, submit_job(database, kind="import", params=params, actor=recruiter,
                                      runner=runner))
    assert again.result is not None and (again.result["created"], again.result["unchanged"]) \
        == (0, 2)


def test_import_job_with_a_bad_row_fails_naming_the_row(database: Database,
                                                        tmp_path: Path) -> None:
    uploads = _settings(tmp_path).data_dir / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "bad.csv").write_text("ref,title,pay_min\nO-1,Analyst,lots\n", encoding="utf-8")
    job_id = submit_job(database, kind="import", actor=_user(database, "hana", "hr"),
                        params={"kind": "openings", "path": str(uploads / "bad.csv")},
                        runner=_Inline(database, tmp_path))
    job = _job(database, job_id)
    assert job.status == "failed" and job.error is not None
    assert job.error["code"] == "E0210" and job.error["status"] == 422
    assert any("bad.csv row 2" in line and "pay_min" in line for line in job.error["errors"])
