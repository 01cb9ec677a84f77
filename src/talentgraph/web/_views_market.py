"""Market pages: the list of market snapshots, one snapshot with its report shown inside the
app, the report file itself, and the form that uploads postings and starts an analysis job."""

from __future__ import annotations

import math
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile as StarletteUpload

from talentgraph.api._deps import ActorDep, DatabaseDep, SessionDep, SettingsDep
from talentgraph.domain import Actor
from talentgraph.errors import NotFoundError, TalentGraphError
from talentgraph.services._framework import shipped_taxonomy
from talentgraph.services._jobs import submit_job
from talentgraph.services._uploads import safe_filename, save_upload
from talentgraph.settings import Settings
from talentgraph.store import Database, MarketSnapshot, paginate
from talentgraph.web._page import local_name, render_page, request_language, translate_for

__all__ = ["REPORT_CSP", "Headline", "headline_of", "report_path", "router"]

router = APIRouter()

PER_PAGE = 20
#: What a report may do inside the app's frame: nothing but show itself. It is sandboxed (no
#: scripts, an origin of its own) and loads nothing: its styles and charts are inline.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
              "frame-ancestors 'self'; sandbox allow-popups")
PERIODS = ("quarter", "month", "year")
_TOP_FAMILIES = 4
_TOP_SKILLS = 6


def _snapshot(session: Session, snapshot_id: int) -> MarketSnapshot:
    snapshot = session.get(MarketSnapshot, snapshot_id)
    if snapshot is None:
        raise NotFoundError(f"No market snapshot with id {snapshot_id}.")
    return snapshot


def report_path(out_dir: str | Path, *, lang: str) -> Path:
    """The report file of a snapshot folder: ``report.zh.html`` for Chinese when there is one,
    else ``report.html``; only a regular file that really lies inside the folder (a link
    pointing elsewhere is refused). NotFoundError otherwise."""
    folder = Path(out_dir).resolve()
    names = (["report.zh.html"] if lang == "zh" else []) + ["report.html"]
    for name in names:
        path = (folder / name).resolve()
        if path.is_relative_to(folder) and path.is_file():
            return path
    raise NotFoundError("The report of this market snapshot is missing on disk.",
                        details=["Run the analysis again from the market page."])


@dataclass(frozen=True, slots=True)
class Headline:
    """The headline figures of a snapshot, from its summary, ready to show."""

    figures: list[tuple[str, str]]
    periods: list[str]
    families: list[tuple[str, int]]
    top_skills: list[tuple[str, list[tuple[str, float]]]]


def _name(item: object, lang: str, fallback: str) -> str:
    return fallback if item is None else local_name(item, lang) or fallback


def _int(summary: Mapping[str, Any], key: str) -> str:
    value = summary.get(key)
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else "–"


def headline_of(summary: Mapping[str, Any], *, lang: str) -> Headline:
    """Figures (message key, value), periods, the largest role families and their top skills,
    named in ``lang``; missing parts of the summary are left out."""
    taxonomy = shipped_taxonomy()
    figures = [(f"market.{key}", _int(summary, key)) for key in
               ("postings_read", "unique_postings", "duplicates", "skipped")]
    figures.append(("market.currency", str(summary.get("currency") or "–")))
    counts = summary.get("role_families") or {}
    families = sorted(((slug, n) for slug, n in counts.items() if isinstance(n, int)),
                      key=lambda pair: -pair[1])[:_TOP_FAMILIES]
    top: list[tuple[str, list[tuple[str, float]]]] = []
    by_family = summary.get("top_skills") or {}
    for slug, _n in families:
        skills = [(_name(taxonomy.skills.get(s.get("slug")), lang, str(s.get("slug"))),
                   float(s.get("share") or 0.0))
                  for s in by_family.get(slug, [])[:_TOP_SKILLS] if isinstance(s, dict)]
        if skills:
            top.append((_name(taxonomy.roles.get(slug), lang, slug), skills))
    return Headline(figures=figures, periods=[str(p) for p in summary.get("periods") or []],
                    families=[(_name(taxonomy.roles.get(s), lang, s), n) for s, n in families],
                    top_skills=top)


@router.get("/market", name="web.market", response_class=HTMLResponse)
def market(request: Request, session: SessionDep, actor: ActorDep,
           page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> HTMLResponse:
    """The market snapshots, newest first."""
    found = paginate(session, select(MarketSnapshot), limit=PER_PAGE,
                     offset=(page - 1) * PER_PAGE, default_sort=MarketSnapshot.id.desc())
    return render_page(request, "market.html.j2", actor=actor, snapshots=found.items,
                       total=found.total, page=page,
                       pages=max(1, math.ceil(found.total / PER_PAGE)))


@router.get("/market/{snapshot_id:int}", name="web.market_snapshot",
            response_class=HTMLResponse)
def market_snapshot(snapshot_id: int, request: Request, session: SessionDep,
                    actor: ActorDep) -> HTMLResponse:
    """One snapshot: its headline figures and its report, inside the app."""
    snapshot = _snapshot(session, snapshot_id)
    lang = request_language(request)
    return render_page(request, "market_snapshot.html.j2", actor=actor, snapshot=snapshot,
                       headline=headline_of(snapshot.summary or {}, lang=lang))


@router.get("/market/{snapshot_id:int}/report", name="web.market_report",
            response_class=FileResponse)
def market_report(snapshot_id: int, request: Request, session: SessionDep) -> FileResponse:
    """The snapshot's self-contained HTML report (sandboxed; shown in the snapshot's page)."""
    snapshot = _snapshot(session, snapshot_id)
    path = report_path(snapshot.out_dir, lang=request_language(request))
    return FileResponse(path, media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": REPORT_CSP,
                                 "Cache-Control": "private, no-cache"})


def _run_form(request: Request, actor: Actor, *, status_code: int = 200, error: str = "",
              values: Mapping[str, str] | None = None) -> HTMLResponse:
    flashes = [{"level": "error", "message": error}] if error else []
    return render_page(request, "market_run.html.j2", actor=actor, status_code=status_code,
                       periods=PERIODS, flashes=flashes,
                       values={"title": "", "lang": request_language(request),
                               "period": "quarter", **(values or {})})


@router.get("/market/run", name="web.market_run_form", response_class=HTMLResponse)
def market_run_form(request: Request, actor: ActorDep) -> HTMLResponse:
    """The form that uploads postings and starts an analysis."""
    return _run_form(request, actor)


def _save_uploads(files: list[StarletteUpload], folder: Path, settings: Settings) -> list[str]:
    """Save the uploads into ``folder`` under sanitised, distinct names; their paths."""
    paths: list[str] = []
    taken: set[str] = set()
    for index, upload in enumerate(files, start=1):
        name = safe_filename(upload.filename)
        if name in taken:
            name = f"{index}_{name}"
        taken.add(name)
        paths.append(str(save_upload(settings, name=name, stream=upload.file, folder=folder)))
    return paths


def _start_analysis(request: Request, database: Database, settings: Settings, actor: Actor,
                    uploads: list[StarletteUpload], values: Mapping[str, str]) -> Response:
    """Save the uploads under DATA_DIR/uploads/<random>/ and submit the job (blocking I/O)."""
    folder = settings.data_dir / "uploads" / uuid.uuid4().hex
    try:
        paths = _save_uploads(uploads, folder, settings)
        submit_job(database, kind="market_analysis", actor=actor, runner=request.app.state.jobs,
                   params={"paths": paths, "lang": values["lang"],
                           "title": values["title"].strip(),
                           "options": {"period": values["period"]}})
    except TalentGraphError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if exc.status >= 500:
            raise
        return _run_form(request, actor, status_code=exc.status, values=values,
                         error=exc.message)
    return RedirectResponse("/jobs", status_code=303)


@router.post("/market/run", name="web.market_run", response_class=HTMLResponse)
async def market_run(request: Request, database: DatabaseDep, settings: SettingsDep,
                     actor: ActorDep, title: Annotated[str, Form(max_length=300)] = "",
                     lang: Annotated[str, Form(max_length=5)] = "en",
                     period: Annotated[str, Form(max_length=10)] = "quarter") -> Response:
    """Save the uploaded postings (form field ``files``) and submit a market_analysis job;
    then show the jobs. A file input left empty is ignored."""
    values = {"title": title, "lang": lang, "period": period}
    form = await request.form()
    uploads = [f for f in form.getlist("files") if isinstance(f, StarletteUpload) and f.filename]
    if not uploads:
        return _run_form(request, actor, status_code=422, values=values,
                         error=translate_for(request)("market.no_files"))
    return await run_in_threadpool(_start_analysis, request, database, settings, actor,
                                   uploads, values)
