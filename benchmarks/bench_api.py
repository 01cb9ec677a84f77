"""The workspace API under load: requests/s and p50/p99 latency, measured with wrk on loopback.

Starts the real server (`talentgraph serve`, 1 and 2 uvicorn workers) on a fresh workspace
seeded with ~2,000 candidates, on SQLite and on PostgreSQL, and drives each endpoint with wrk
(a Lua script sends `Authorization: Bearer TOKEN`). In the same run, as a baseline, the health
check (one query, no data). Besides requests/s and latency it prints the server's CPU time per
request (all its processes, from /proc), which other load on the machine disturbs less.
Endpoints:

- list:   GET /api/v1/candidates?limit=50   (personal data: decrypted, and the read audited)
- detail: GET /api/v1/candidates/{random id}
- search: GET /api/v1/framework/skills?q=python  (no personal data)

    .venv/bin/python benchmarks/bench_api.py                      # both backends, 1 and 2 workers
    .venv/bin/python benchmarks/bench_api.py --backends sqlite --workers 1 --duration 5

PostgreSQL: a new database is made (and dropped) on the server of --postgres-url (default
$TALENTGRAPH_TEST_POSTGRES_URL or postgresql+psycopg://postgres@127.0.0.1:5432/postgres).
Target (issue 4): 500 requests/s with p99 under 100 ms on a 2-core machine. wrk itself runs on
the same 2 cores (one thread), so the figures are a floor. Needs wrk: `apt-get install -y wrk`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = ROOT / ".venv" / "bin" / "talentgraph"
CANDIDATES = 2000
OPENINGS = 100
ENDPOINTS = (
    ("health", "/api/v1/health", False),
    ("list", "/api/v1/candidates?limit=50", False),
    ("detail", "/api/v1/candidates/%d", True),
    ("search", "/api/v1/framework/skills?q=python", False),
)

WRK_SCRIPT = r"""
local token = os.getenv("BENCH_TOKEN")
local path = os.getenv("BENCH_PATH")
local ids = tonumber(os.getenv("BENCH_IDS") or "0")
wrk.headers["Authorization"] = "Bearer " .. token
request = function()
  if ids > 0 then
    return wrk.format("GET", string.format(path, math.random(1, ids)))
  end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p99_us\": %d, " ..
    "\"connect\": %d, \"read\": %d, \"write\": %d, \"status\": %d, \"timeout\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass
class Result:
    backend: str
    workers: int
    endpoint: str
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float  # server CPU (all its processes) per request


def _tree_cpu_seconds(root: int) -> float:
    """User + system CPU time of ``root`` and its children (uvicorn workers), from /proc."""
    ticks = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == root or int(fields[1]) == root:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_seed_files(folder: Path) -> tuple[Path, Path]:
    openings, candidates = folder / "openings.csv", folder / "candidates.csv"
    with openings.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ref", "title", "role_family", "level", "location", "description"])
        for i in range(OPENINGS):
            writer.writerow([f"O{i:04d}", f"LLM engineer {i}", "llm-algorithm-engineer", "L3",
                             "北京", "Build retrieval-augmented generation with PyTorch."])
    with candidates.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ref", "name", "email", "phone", "source", "city", "years_experience",
                         "education", "resume_text"])
        for i in range(CANDIDATES):
            writer.writerow([f"C{i:05d}", f"候选人 {i}", f"c{i}@example.com",
                             f"+86 138 0000 {i % 10_000:04d}", "referral", "上海", i % 15,
                             "master", "Python, PyTorch, RAG and LLM fine-tuning. " * 20])
    return openings, candidates


def _seed(env: dict[str, str], folder: Path) -> str:
    """Create the admin and the records; the admin's API token."""
    run = {"env": env, "cwd": folder, "check": True, "capture_output": True, "text": True}
    subprocess.run([str(EXE), "admin", "create-user", "bench-admin", "--role", "admin"], **run)
    token = subprocess.run([str(EXE), "admin", "create-token", "bench-admin"], **run)
    openings, candidates = _write_seed_files(folder)
    code = ("import sys\n"
            "from talentgraph.domain import SYSTEM\n"
            "from talentgraph.services._imports import import_records\n"
            "from talentgraph.services._workspace import open_workspace\n"
            "from talentgraph.settings import get_settings\n"
            "db = open_workspace(get_settings())\n"
            "for kind, path in (('openings', sys.argv[1]), ('candidates', sys.argv[2])):\n"
            "    print(import_records(db, kind=kind, path=path, actor=SYSTEM).created)\n")
    subprocess.run([sys.executable, "-c", code, str(openings), str(candidates)], **run)
    return token.stdout.strip().splitlines()[-1]


class Server:
    """`talentgraph serve` in its own process group."""

    def __init__(self, env: dict[str, str], cwd: Path, workers: int) -> None:
        self.port = _free_port()
        self.log = (cwd / f"server-{workers}.log").open("wb")
        self.process = subprocess.Popen(
            [str(EXE), "serve", "--port", str(self.port), "--workers", str(workers),
             "--log-level", "warning"],
            env=env, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the server did not start; see {self.log.name}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def _wrk(url: str, path: str, *, token: str, ids: int, script: Path, duration: int,
         connections: int) -> dict[str, float]:
    env = {**os.environ, "BENCH_TOKEN": token, "BENCH_PATH": path, "BENCH_IDS": str(ids)}
    done = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "5s",
                           "-s", str(script), url],
                          env=env, capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def _measure(backend: str, workers: int, server: Server, *, token: str, script: Path,
             duration: int, connections: int) -> list[Result]:
    results = []
    for name, path, by_id in ENDPOINTS:
        ids = CANDIDATES if by_id else 0
        _wrk(server.url, path, token=token, ids=ids, script=script, duration=2,
             connections=connections)  # warm-up: connections, caches, JIT of the Lua script
        cpu = _tree_cpu_seconds(server.process.pid)
        stats = _wrk(server.url, path, token=token, ids=ids, script=script, duration=duration,
                     connections=connections)
        cpu = _tree_cpu_seconds(server.process.pid) - cpu
        errors = int(sum(stats[k] for k in ("connect", "read", "write", "status", "timeout")))
        result = Result(backend, workers, name, stats["requests"] / (stats["duration_us"] / 1e6),
                        stats["p50_us"] / 1000, stats["p99_us"] / 1000, errors,
                        cpu * 1000 / max(stats["requests"], 1))
        results.append(result)
        print(f"  {backend:10} {workers} {name:7} {result.per_second:8.0f} req/s  "
              f"p50 {result.p50_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms  "
              f"cpu {result.cpu_ms:5.2f} ms/req  errors {errors}", flush=True)
    return results


def _postgres_database(server_url: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"tg_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    return url, name


def _drop_postgres(server_url: str, name: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _run_backend(backend: str, args: argparse.Namespace, script: Path) -> list[Result]:
    from talentgraph.store import generate_key

    folder = Path(tempfile.mkdtemp(prefix=f"tg-bench-{backend}-"))
    dropped: str | None = None
    if backend == "sqlite":
        url = f"sqlite:///{folder}/talentgraph.db"
    else:
        url, dropped = _postgres_database(args.postgres_url)
    env = {**os.environ, "TALENTGRAPH_DATA_DIR": str(folder), "TALENTGRAPH_DATABASE_URL": url,
           "TALENTGRAPH_ENCRYPTION_KEYS": generate_key(), "TALENTGRAPH_ENVIRONMENT": "production",
           "TALENTGRAPH_PASSWORD": "bench-password-1"}
    results: list[Result] = []
    try:
        token = _seed(env, folder)
        for workers in args.workers:
            server = Server(env, folder, workers)
            try:
                results += _measure(backend, workers, server, token=token, script=script,
                                    duration=args.duration, connections=args.connections)
            finally:
                server.stop()
    finally:
        if dropped:
            _drop_postgres(args.postgres_url, dropped)
        shutil.rmtree(folder, ignore_errors=True)
    return results


def _table(results: list[Result], connections: int) -> str:
    import importlib.util

    load = os.getloadavg()[0]
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    lines = [f"wrk: 1 thread, {connections} connections, keep-alive; p50/p99 in ms; server CPU "
             f"ms per request; uvicorn with {http} and {loop}; load average at the end "
             f"{load:.1f} on {os.cpu_count()} cores",
             "| backend | workers | endpoint | req/s | p50 | p99 | server CPU/req | errors |",
             "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r.backend} | {r.workers} | {r.endpoint} | {r.per_second:,.0f} | "
              f"{r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.cpu_ms:.2f} | {r.errors} |"
              for r in results]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--workers", default="1,2",
                        type=lambda v: [int(x) for x in v.split(",")])
    parser.add_argument("--duration", type=int, default=10, help="Seconds per endpoint.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--postgres-url", default=os.environ.get(
        "TALENTGRAPH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("SKIP: wrk is not installed. Install it with: apt-get install -y wrk")
        return 0
    script = Path(tempfile.mkdtemp(prefix="tg-bench-wrk-")) / "bearer.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    results: list[Result] = []
    for backend in args.backends.split(","):
        print(f"{backend}: seeding {CANDIDATES} candidates, {OPENINGS} openings", flush=True)
        results += _run_backend(backend, args, script)
    print()
    print(_table(results, args.connections))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
