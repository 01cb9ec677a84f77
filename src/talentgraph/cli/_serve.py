"""``talentgraph serve`` (the web app and the API) and ``talentgraph worker`` (background jobs
through Redis, when TALENTGRAPH_JOB_BACKEND=rq)."""

from __future__ import annotations

import typer


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", help="Server processes (PostgreSQL for > 1)."),
    log_level: str = typer.Option("info", "--log-level", help="debug, info, warning, error."),
) -> None:
    """Serve the web app and the REST API (/api/v1, docs at /docs) on the workspace database
    (TALENTGRAPH_DATABASE_URL, default DATA_DIR/talentgraph.db; created and migrated if new).

    Example:  talentgraph serve --port 8000   then open http://127.0.0.1:8000
    """
    import uvicorn

    from talentgraph.services._workspace import open_workspace
    from talentgraph.settings import get_settings

    open_workspace(get_settings()).dispose()  # create/migrate once, before workers start
    print(f"talentgraph on http://{host}:{port}  (API docs: http://{host}:{port}/docs)",
          flush=True)
    uvicorn.run("talentgraph.api._factory:app", factory=True, host=host, port=port,
                workers=workers, log_level=log_level, proxy_headers=False)


def worker_command(
    burst: bool = typer.Option(False, "--burst", help="Exit when the queue is empty."),
) -> None:
    """Run background jobs from the Redis queue (TALENTGRAPH_REDIS_URL), for deployments with
    TALENTGRAPH_JOB_BACKEND=rq."""
    from talentgraph.services._job_runners import run_worker
    from talentgraph.settings import get_settings

    run_worker(get_settings(), burst=burst)


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``worker``."""
    app.command("serve")(serve_command)
    app.command("worker")(worker_command)
