"""The built-in job kinds: the market analysis (into DATA_DIR/market/<job id>/, recorded as a
MarketSnapshot) and a records import. Each has a parameter check run when the job is submitted.

Files named in a job's parameters must already be on the server: for a job started by a user
(not the console) they must lie inside DATA_DIR or the shipped demo data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from talentgraph.domain import POSTING_FIELDS
from talentgraph.errors import FileNotFoundInputError, ParameterError, PermissionDeniedError
from talentgraph.services._audit import record_event
from talentgraph.services._job_context import JobContext
from talentgraph.store import MarketSnapshot

__all__ = [
    "import_job",
    "market_analysis_job",
    "validate_import_params",
    "validate_market_params",
]

_LANGS = ("en", "zh")
_MARKET_KEYS = {"paths", "lang", "title", "options"}
_OPTION_KEYS = {"currency", "period", "reference_date", "workers", "full", "mapping"}
_MAX_PATHS = 1000


# ----------------------------------------------------------------------------- parameters

def _bad(name: str, owner: str, expected: str, got: object) -> ParameterError:
    return ParameterError.invalid(name, owner, expected, got)


def _check_keys(params: dict[str, Any], allowed: set[str], owner: str) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise ParameterError(f"{owner} does not take {', '.join(map(repr, unknown))}. "
                             f"Expected only: {', '.join(sorted(allowed))}.")


def _paths(value: object, owner: str) -> list[str]:
    if not isinstance(value, list) or not value or len(value) > _MAX_PATHS \
            or not all(isinstance(p, str) and p.strip() for p in value):
        raise _bad("paths", owner, f"a list of 1 to {_MAX_PATHS} file or folder paths", value)
    return [p.strip() for p in value]


def _options(value: object, lang: str) -> dict[str, Any]:
    from talentgraph.analytics import PERIOD_GRANULARITIES, load_currency_rates

    owner = "the market_analysis job"
    if not isinstance(value, dict):
        raise _bad("options", owner, "an object", value)
    _check_keys(value, _OPTION_KEYS, "The options of the market_analysis job")
    period = value.get("period", "quarter")
    if period not in PERIOD_GRANULARITIES:
        raise _bad("period", owner, f"one of {', '.join(PERIOD_GRANULARITIES)}", period)
    currency = value.get("currency") or ("CNY" if lang == "zh" else "USD")
    rates = load_currency_rates()
    if not isinstance(currency, str) or currency.upper() not in rates.per_usd:
        raise _bad("currency", owner, f"one of {', '.join(sorted(rates.per_usd))}", currency)
    reference = value.get("reference_date")
    if reference is not None:
        try:
            dt.date.fromisoformat(reference)
        except (TypeError, ValueError):
            raise _bad("reference_date", owner, "a date YYYY-MM-DD", reference) from None
    workers = value.get("workers", 1)
    cores = os.cpu_count() or 1
    if not isinstance(workers, int) or isinstance(workers, bool) or not 1 <= workers <= cores:
        raise _bad("workers", owner, f"an int in [1, {cores}]", workers)
    full = value.get("full", False)
    if not isinstance(full, bool):
        raise _bad("full", owner, "true or false", full)
    mapping = value.get("mapping", {})
    if not isinstance(mapping, dict) or not all(
            k in POSTING_FIELDS and isinstance(v, str) and v.strip() for k, v in mapping.items()):
        raise _bad("mapping", owner, "an object of posting field -> column name, fields among "
                   f"{', '.join(POSTING_FIELDS)}", mapping)
    return {"period": period, "currency": currency.upper(), "reference_date": reference,
            "workers": workers, "full": full,
            "mapping": {k: v.strip() for k, v in mapping.items()}}


def validate_market_params(params: dict[str, Any]) -> dict[str, Any]:
    """The market_analysis parameters, checked and with defaults filled in."""
    owner = "the market_analysis job"
    _check_keys(params, _MARKET_KEYS, "The market_analysis job")
    lang = params.get("lang", "en")
    if lang not in _LANGS:
        raise _bad("lang", owner, f"one of {', '.join(_LANGS)}", lang)
    title = params.get("title") or f"Market analysis {dt.date.today().isoformat()}"
    if not isinstance(title, str) or len(title) > 300:
        raise _bad("title", owner, "a text of at most 300 characters", title)
    return {"paths": _paths(params.get("paths"), owner), "lang": lang, "title": title.strip(),
            "options": _options(params.get("options", {}), lang)}


def validate_import_params(params: dict[str, Any]) -> dict[str, Any]:
    """The import parameters (``kind`` of records, ``path`` of the file, ``dry_run``), checked."""
    from talentgraph.services._import_specs import IMPORT_KINDS

    owner = "the import job"
    _check_keys(params, {"kind", "path", "dry_run"}, "The import job")
    kind, path, dry_run = params.get("kind"), params.get("path"), params.get("dry_run", False)
    if kind not in IMPORT_KINDS:
        raise _bad("kind", owner, f"one of {', '.join(IMPORT_KINDS)}", kind)
    if not isinstance(path, str) or not path.strip():
        raise _bad("path", owner, "the path of a file on the server", path)
    if not isinstance(dry_run, bool):
        raise _bad("dry_run", owner, "true or false", dry_run)
    return {"kind": kind, "path": path.strip(), "dry_run": dry_run}


# ----------------------------------------------------------------------------- files

def _allowed_roots(ctx: JobContext) -> list[Path]:
    demo = Path(str(resources.files("talentgraph") / "demo")).resolve()
    return [ctx.settings.data_dir.resolve(), demo]


def resolve_input(ctx: JobContext, raw: str) -> Path:
    """A path named by a job: existing, and (for a user's job) inside DATA_DIR or the demo."""
    path = Path(raw).expanduser().resolve()
    if ctx.actor.user_id is not None and not any(
            path.is_relative_to(root) for root in _allowed_roots(ctx)):
        raise PermissionDeniedError(
            f"{raw!r} is outside the folders jobs may read. Upload the file first (uploads are "
            "kept in the workspace's data folder).")
    if not path.exists():
        raise FileNotFoundInputError(f"{raw!r} does not exist on the server.")
    return path


# ----------------------------------------------------------------------------- market

def _postings_fraction(done: int) -> float:
    """Extraction progress without knowing the total: rises toward 0.9 (the count is in the
    message)."""
    return 0.9 * done / (done + 1000)


def market_analysis_job(ctx: JobContext) -> dict[str, Any]:
    """Run the market analysis into DATA_DIR/market/<job id>/ and record a MarketSnapshot."""
    from talentgraph.analytics import MarketOptions
    from talentgraph.services._market import run_market_analysis

    params = validate_market_params(ctx.params)
    opts = params["options"]
    inputs = [resolve_input(ctx, p) for p in params["paths"]]
    options = MarketOptions(lang=params["lang"], currency=opts["currency"],
                            granularity=opts["period"], engine="local")
    out_dir = (ctx.settings.data_dir / "market" / str(ctx.job_id)).resolve()
    ctx.progress(0.0, "reading postings")

    def step(done: int) -> None:
        ctx.progress(_postings_fraction(done), f"extracted {done:,} postings")

    reference = opts["reference_date"]
    try:
        run = run_market_analysis(
            inputs, out_dir=out_dir, options=options, overrides=opts["mapping"] or None,
            reference_date=dt.date.fromisoformat(reference) if reference else None,
            workers=opts["workers"], full=opts["full"], progress=step)
    except BaseException:
        shutil.rmtree(out_dir, ignore_errors=True)  # no half-written report
        raise
    ctx.progress(0.95, "recording the snapshot")
    summary = json.loads(json.dumps(run.report.summary, ensure_ascii=False))
    with ctx.database.session() as session:
        snapshot = MarketSnapshot(title=params["title"], language=params["lang"],
                                  summary=summary, out_dir=str(out_dir), job_id=ctx.job_id,
                                  created_by=ctx.actor.user_id)
        session.add(snapshot)
        session.flush()
        record_event(session, actor=ctx.actor, action="create", resource="market_snapshot",
                     resource_id=snapshot.id, detail={"job_id": ctx.job_id})
        snapshot_id = snapshot.id
    return {"snapshot_id": snapshot_id}


# ----------------------------------------------------------------------------- import

def import_job(ctx: JobContext) -> dict[str, Any]:
    """Import records of ``kind`` from ``path``, all or nothing; the import report."""
    from talentgraph.services._imports import import_records

    params = validate_import_params(ctx.params)
    path = resolve_input(ctx, params["path"])

    def step(done: int, total: int) -> None:
        ctx.progress(done / total if total else 1.0, f"imported {done:,} of {total:,} rows")

    report = import_records(ctx.database, kind=params["kind"], path=path, actor=ctx.actor,
                            dry_run=params["dry_run"], progress=step, settings=ctx.settings)
    return report.to_dict()
