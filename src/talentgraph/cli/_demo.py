"""``talentgraph demo``: what ``make run`` runs — extraction over the bundled demo postings."""

from __future__ import annotations

import json
import sqlite3
from importlib import resources
from pathlib import Path

import typer


def _demo_records() -> list:
    from talentgraph.domain import Record

    path = resources.files("talentgraph") / "demo" / "postings.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [Record(id=r["id"], text=r["text"], title=r.get("title"), source="demo")
            for r in rows]


def _store(db: Path, extractions: list[dict]) -> None:
    """Write the extractions to a SQLite file in one transaction."""
    db.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db)
    try:
        with con:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("DROP TABLE IF EXISTS skill_mentions")
            con.execute("DROP TABLE IF EXISTS extractions")
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
    finally:
        con.close()


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


def demo_command(
    out: Path = typer.Option(Path("out/demo"), "--out", "-o", help="Where to write results."),
) -> None:
    """Extract the bundled demo postings (Chinese and English, written for the demo), store them
    in SQLite and print what was found. This is what `make run` does."""
    from rich.console import Console

    from talentgraph.extract import build_pipeline

    console = Console()
    records = _demo_records()
    with console.status("Loading the skill framework and models ..."):
        pipeline = build_pipeline().initialize()
    extractions = [ex.to_dict() for ex in pipeline.pipe(records)]
    out.mkdir(parents=True, exist_ok=True)
    jsonl = out / "extractions.jsonl"
    jsonl.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in extractions),
                     encoding="utf-8")
    db = out / "talentgraph.db"
    _store(db, extractions)

    for ex in extractions:
        console.print(_describe(ex))
    console.print(f"\nExtractions: [bold]{jsonl}[/]\nSQLite:      [bold]{db}[/]\n"
                  "Try: talentgraph extract --help | talentgraph taxonomy search 大模型")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)
