"""``talentgraph demo``: what ``make run`` runs — extraction over the bundled demo postings, the
market analysis of the demo corpus, and the demo workspace the web app serves."""

from __future__ import annotations

import json
import os
import sqlite3
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from talentgraph.services._demo import DemoWorkspace


def _demo_records() -> list:
    from talentgraph.domain import Record

    path = resources.files("talentgraph") / "demo" / "postings.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [Record(id=r["id"], text=r["text"], title=r.get("title"), source="demo")
            for r in rows]


def _store(db: Path, extractions: list[dict], tables: dict[str, Any]) -> None:
    """Write the extractions and the market tables to a SQLite file in one transaction: either
    everything is there afterwards or the file is as it was."""
    db.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db)
    try:
        with con:
            con.execute("PRAGMA journal_mode=WAL")
            old = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'market_%'")]
            for name in [*old, "skill_mentions", "extractions"]:
                con.execute(f'DROP TABLE IF EXISTS "{name}"')
            con.execute("CREATE TABLE extractions (id TEXT PRIMARY KEY, title TEXT, language TEXT,"
                        " role_family TEXT, data TEXT NOT NULL)")
            con.execute("CREATE TABLE skill_mentions (doc_id TEXT REFERENCES extractions(id),"
                        " slug TEXT, start INTEGER, end INTEGER, surface TEXT, method TEXT,"
                        " requirement TEXT, confidence REAL)")
            for ex in extractions:
                con.execute("INSERT INTO extractions VALUES (?,?,?,?,?)",
                            (ex["id"], ex["title"], ex["language"], ex["role_family"],
                             json.dumps(ex, ensure_ascii=False)))
                con.executemany(
                    "INSERT INTO skill_mentions VALUES (?,?,?,?,?,?,?,?)",
                    [(ex["id"], s["slug"], s["start"], s["end"], s["surface"], s["method"],
                      s["requirement"], s["confidence"]) for s in ex["skills"]])
            for name, frame in tables.items():
                _store_frame(con, f"market_{name}", frame)
    finally:
        con.close()


def _store_frame(con: sqlite3.Connection, name: str, frame: Any) -> None:
    columns = [str(c) for c in frame.columns]
    quoted = ", ".join(f'"{c}"' for c in columns)
    con.execute(f'CREATE TABLE "{name}" ({quoted})')
    marks = ", ".join("?" for _ in columns)
    rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
    con.executemany(f'INSERT INTO "{name}" VALUES ({marks})',
                    [tuple(_sql_value(v) for v in row) for row in rows])


def _sql_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return json.dumps(value, ensure_ascii=False, default=str)


def _describe(ex: dict) -> str:
    """A few readable lines about one extraction (rich markup)."""
    sal = ex["salary"]
    pay = (f"{sal['min_monthly']:,.0f}-{sal['max_monthly']:,.0f} {sal['currency']}/month"
           if sal and sal["min_monthly"] and sal["max_monthly"] else "-")
    required: list[str] = []
    preferred: list[str] = []
    other: list[str] = []
    for s in ex["skills"]:
        name = (s["name_zh"] or s["name_en"]) if ex["language"] == "zh" else s["name_en"]
        bucket = {"required": required, "preferred": preferred}.get(s["requirement"], other)
        if name not in required + preferred + other:
            bucket.append(name)
    score = ex["role_family_scores"].get(ex["role_family"], 0)
    exp = ex["experience_min_years"]
    lines = [
        f"[bold]{ex['id']}  {ex['title']}[/]",
        f"  role family  {ex['role_family']} (p={score:.2f})   city {ex['city'] or '-'}",
        f"  pay          {pay}   experience {'-' if exp is None else f'{exp:g}+ y'}   "
        f"education {ex['education_min'] or '-'}",
        f"  required     {', '.join(required) or '-'}",
        f"  preferred    {', '.join(preferred) or '-'}",
        f"  mentioned    {', '.join(other) or '-'}",
        "",
    ]
    return "\n".join(lines)


#: The bundled market corpus (see src/talentgraph/demo/market/README.md for sources/licences).
DEMO_MARKET_FILES = ("zh_postings_demo.csv", "skillspan_postings.jsonl", "aijobs_salaries.csv",
                     "bad_rows.csv")


def _workspace_block(workspace: DemoWorkspace, *, data_dir: Path, url: str,
                     serve: bool) -> str:
    """The lines that say where the workspace is and how to log in (rich markup)."""
    from rich.markup import escape

    from talentgraph.settings import Settings

    settings = Settings(data_dir=data_dir)
    where = ("the database in TALENTGRAPH_DATABASE_URL" if settings.database_url
             else escape(str(data_dir / "talentgraph.db")))
    new = {k: v for k, v in workspace.created.items() if v}
    added = (", ".join(f"{k.replace('_', ' ')} {v}" for k, v in new.items())
             if new else "nothing new (already seeded)")
    width = max(len(login.username) for login in workspace.logins) + 2
    lines = [f"Workspace: [bold]{where}[/]", f"  added: {added}", "",
             f"Web app:   [bold]{url}[/]   (API docs: {url}/docs)",
             f"Logins (password of each: [bold]{escape(workspace.password)}[/]):"]
    lines += [f"  {login.username:<{width}}{login.role:<16}{login.sees}"
              for login in workspace.logins]
    if serve:
        lines.append("\nStarting the server; press Ctrl-C to stop it.")
    else:
        lines.append("\nServe it:  talentgraph demo --serve   (or: TALENTGRAPH_DATA_DIR="
                     f"{escape(str(data_dir))} talentgraph serve)")
    return "\n".join(lines)


def _seed_workspace(data_dir: Path, market_dir: Path) -> DemoWorkspace:
    """Create (or reuse) the demo workspace in ``data_dir`` and seed it."""
    from talentgraph.services._demo import seed_demo_workspace
    from talentgraph.services._workspace import open_workspace
    from talentgraph.settings import Settings

    settings = Settings(data_dir=data_dir)
    database = open_workspace(settings)
    try:
        return seed_demo_workspace(database, settings=settings, market_dir=market_dir)
    finally:
        database.dispose()


def _serve(data_dir: Path, *, host: str, port: int) -> None:
    """Serve the web app and the API on the demo workspace until Ctrl-C."""
    from talentgraph.cli._serve import serve_command
    from talentgraph.settings import get_settings

    os.environ["TALENTGRAPH_DATA_DIR"] = str(data_dir.resolve())
    get_settings.cache_clear()
    serve_command(host=host, port=port, workers=1, log_level="warning")


def demo_command(
    out: Path = typer.Option(Path("out/demo"), "--out", "-o", help="Where to write results."),
    workers: int | None = typer.Option(None, "--workers", "-j",
                                       help="Worker processes (default: every core)."),
    serve: bool = typer.Option(False, "--serve/--no-serve",
                               help="Then serve the web app on the demo workspace (Ctrl-C "
                                    "stops it)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to serve on (with --serve)."),
    port: int = typer.Option(8000, "--port", help="Port to serve on (with --serve)."),
) -> None:
    """What `make run` does: extract the bundled demo postings with their evidence, run the
    market analysis on the bundled demo corpus (2,300 postings: Chinese ones written for the demo,
    SkillSpan's English postings, ai-jobs salary records) and load it into SQLite, then build
    the demo workspace in OUT/workspace (synthetic employees, pay, openings, candidates, the
    market report; SQLite there unless TALENTGRAPH_DATABASE_URL is set), print its URL and
    logins and, with --serve, start the web app on it.

    Example:  talentgraph demo --serve   then open http://127.0.0.1:8000
    """
    from rich.console import Console

    from talentgraph.analytics import MarketOptions, load_currency_rates, render_market_report
    from talentgraph.extract import build_pipeline
    from talentgraph.services import run_market_analysis

    console = Console()
    records = _demo_records()
    with console.status("Loading the skill framework and models ..."):
        pipeline = build_pipeline().initialize()
    extractions = [ex.to_dict() for ex in pipeline.pipe(records)]
    out.mkdir(parents=True, exist_ok=True)
    jsonl = out / "extractions.jsonl"
    jsonl.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in extractions),
                     encoding="utf-8")
    for ex in extractions[:3]:
        console.print(_describe(ex))
    console.print(f"... {len(extractions)} demo postings in all: {jsonl}\n")

    market_dir = out / "market"
    options = MarketOptions(lang="en", currency="USD", granularity="year",
                            rates=load_currency_rates(), engine="local")
    corpus = resources.files("talentgraph") / "demo" / "market"
    with resources.as_file(corpus) as folder:
        inputs = [Path(folder) / name for name in DEMO_MARKET_FILES]
        with console.status("Market analysis of the demo corpus ..."):
            run = run_market_analysis(inputs, out_dir=market_dir, options=options,
                                      workers=workers)
    zh_html = market_dir / "report.zh.html"
    zh_html.write_text(render_market_report(run.report, lang="zh"), encoding="utf-8")
    unique = [json.loads(line) for line in
              (market_dir / "postings.jsonl").read_text(encoding="utf-8").splitlines() if line]
    db = out / "talentgraph.db"
    _store(db, unique, run.report.tables)

    s = run.report.summary
    console.print(f"Market analysis: {s['postings_read']:,} postings read, "
                  f"{s['duplicates']:,} duplicates, {s['unique_postings']:,} unique, "
                  f"{s['skipped']:,} skipped")
    for role, skills in list(s["top_skills"].items())[:5]:
        console.print(f"  {role:<26} " + ", ".join(
            f"{x['slug']} {x['share']:.0%}" for x in skills[:4]))
    console.print(f"\nReport:  [bold]{market_dir / 'report.html'}[/]  (中文: {zh_html.name})\n"
                  f"Tables:  {market_dir}/*.csv and summary.json\n"
                  f"SQLite:  [bold]{db}[/] (extractions, skill_mentions, market_*)\n"
                  "Next:    talentgraph market analyze --help | talentgraph extract --help\n")

    data_dir = out / "workspace"
    with console.status("Building the demo workspace ..."):
        workspace = _seed_workspace(data_dir, market_dir)
    console.print(_workspace_block(workspace, data_dir=data_dir, url=f"http://{host}:{port}",
                                   serve=serve))
    if serve:
        _serve(data_dir, host=host, port=port)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)
