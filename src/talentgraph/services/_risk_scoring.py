"""Scoring an HR export with a trained attrition model into the workspace's risk scores.

hr uploads an HR export (CSV, TSV, XLSX, JSON, JSONL) with an employee ref column and names a
model trained with ``talentgraph retention train``: a folder ``DATA_DIR/models/<name>`` (or a
path to the model folder inside DATA_DIR). Every row whose ref names an employee is scored with
the model (``talentgraph.predict``: calibrated risk, band, the three main drivers) and stored
as a RiskScore: the model's version, the risk, the band and the drivers as a JSON list of
``{feature, direction, text_en, text_zh, contribution, kind}`` (contribution: log-odds; kind:
services._retention_drivers). Rows whose ref names nobody are counted and listed, not scored.
A large file is scored as a background job (kind ``risk_scores``). The model's protected
attributes are never features (the model excludes them when it is trained).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from talentgraph.domain import Actor
from talentgraph.errors import (
    InputError,
    MissingColumnError,
    ModelError,
    NotFoundError,
    ParameterError,
    PermissionDeniedError,
)
from talentgraph.services._audit import record_event
from talentgraph.services._job_context import JobContext
from talentgraph.services._people import require_hr
from talentgraph.services._retention_drivers import driver_kind
from talentgraph.settings import Settings
from talentgraph.store import Database, Employee, RiskScore

if TYPE_CHECKING:
    from talentgraph.predict import ModelBundle

__all__ = [
    "MODELS_FOLDER",
    "REF_COLUMNS",
    "SYNC_BYTES",
    "ScoringReport",
    "find_ref_column",
    "list_models",
    "model_folder",
    "risk_scores_job",
    "score_file",
    "stored_drivers",
    "validate_scoring_params",
]

#: Where trained models live inside DATA_DIR.
MODELS_FOLDER = "models"
#: Uploads larger than this are scored in the background.
SYNC_BYTES = 1_000_000
#: Column names of an employee ref (compared without case, spaces, _ and -).
REF_COLUMNS = ("employee_ref", "ref", "employee_id", "employee_no", "employee_number",
               "employeenumber", "staff_id", "工号", "员工编号", "员工号", "员工工号")
#: Rows of unmatched refs listed in a report.
_MAX_LISTED = 100
_CHUNK = 500
_SEPARATORS = re.compile(r"[\s_\-.]+")
_NAME = re.compile(r"^[\w.\-]{1,100}$")


@dataclass(frozen=True, slots=True)
class ScoringReport:
    """What a scoring run did: the file, the model, rows read and scored, band counts, and the
    rows whose ref names no employee (the first 100)."""

    file: str
    model: str
    model_version: str
    rows: int
    scored: int
    bands: dict[str, int]
    unmatched: int
    unmatched_rows: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-friendly fields."""
        return {"file": self.file, "model": self.model, "model_version": self.model_version,
                "rows": self.rows, "scored": self.scored, "bands": dict(self.bands),
                "unmatched": self.unmatched, "unmatched_rows": list(self.unmatched_rows)}


def _key(name: str) -> str:
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(name)).casefold())


def model_folder(settings: Settings, model: str) -> Path:
    """The folder of the model named ``model``: ``DATA_DIR/models/<model>``, or a path inside
    DATA_DIR; NotFoundError when there is none (the message never shows server paths)."""
    text = (model or "").strip()
    if not text:
        raise ParameterError("The 'model' parameter is required: the name of a model trained "
                             "with `talentgraph retention train` into DATA_DIR/models/<name>.")
    if "\x00" in text or len(text) > 300:
        raise ParameterError("The 'model' parameter must be a model name or folder path of at "
                             f"most 300 characters without NUL characters. Got {text[:40]!r}.")
    root = settings.data_dir.resolve()
    if _NAME.match(text) and text not in (".", ".."):
        path = (root / MODELS_FOLDER / text).resolve()
    else:
        candidate = Path(text)
        path = (candidate if candidate.is_absolute() else root / candidate).resolve()
    if not path.is_relative_to(root):
        raise PermissionDeniedError(f"The model {text!r} is outside the workspace's data "
                                    "folder. Put trained models in DATA_DIR/models/<name>.")
    if not (path / "model.json").is_file():
        raise NotFoundError(f"No trained model named {text!r} in the workspace. Expected a "
                            "folder DATA_DIR/models/<name> written by `talentgraph retention "
                            "train DATA --target COLUMN --out MODEL_DIR`.")
    return path


def list_models(settings: Settings) -> list[str]:
    """The names of the trained models in DATA_DIR/models (folders with a model.json)."""
    folder = settings.data_dir / MODELS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if p.is_dir() and _NAME.match(p.name) and (p / "model.json").is_file())


def _load(settings: Settings, model: str) -> ModelBundle:
    from talentgraph.predict import load_model

    path = model_folder(settings, model)
    try:
        return load_model(path)
    except ModelError as exc:
        raise ParameterError(
            f"The model {model!r} cannot be used: its files are incomplete, changed since "
            "training or written by another version. Retrain it with `talentgraph retention "
            "train`.") from exc


def find_ref_column(columns: Sequence[str], id_col: str | None = None) -> str:
    """The column holding the employee ref: ``id_col`` when given, else the first column named
    like one of REF_COLUMNS; MissingColumnError naming the columns found."""
    if id_col:
        if id_col in columns:
            return id_col
        wanted = _key(id_col)
        for column in columns:
            if _key(column) == wanted:
                return column
    else:
        keys = {_key(name) for name in REF_COLUMNS}
        for column in columns:
            if _key(column) in keys:
                return column
    found = ", ".join(repr(str(c)) for c in columns[:40]) or "none"
    asked = f"the column {id_col!r}" if id_col else "an employee ref column (" + ", ".join(
        REF_COLUMNS[:6]) + ", ...)"
    raise MissingColumnError(f"The file has no {asked}. Columns found: {found}. Name the column "
                             "with the employees' refs (id_col).")


def _ref_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def stored_drivers(english: Sequence[Any], chinese: Sequence[Any]) -> list[dict[str, Any]]:
    """The drivers of one row as stored (module doc), from ``explain`` in en and zh."""
    zh = {d.feature: d.text for d in chinese}
    return [{"feature": d.feature, "direction": d.direction, "text_en": d.text,
             "text_zh": zh.get(d.feature, d.text), "contribution": round(float(d.contribution), 4),
             "kind": driver_kind(d.feature)} for d in english]


def _read(path: Path, file: str, settings: Settings) -> Any:
    from talentgraph.predict import read_hr_table

    try:
        return read_hr_table(path, settings=settings)
    except InputError as exc:  # name the file as uploaded, never the server path
        raise type(exc)(exc.message.replace(str(path), file),
                        details=[d.replace(str(path), file) for d in exc.details]) from None


def score_file(database: Database, *, actor: Actor, settings: Settings, path: Path | str,
               model: str, id_col: str | None = None, name: str | None = None,
               progress: Callable[[int, int], None] | None = None) -> ScoringReport:
    """Score the employees of an HR export with ``model`` and store their risk scores (module
    doc); hr and admin; audited. ``progress(done, total)`` follows the writes."""
    require_hr(actor, "score attrition risk")
    path = Path(path)
    file = name or path.name
    bundle = _load(settings, model)
    table = _read(path, file, settings)
    column = find_ref_column(list(table.frame.columns), id_col)
    refs = [_ref_text(v) for v in table.frame[column].tolist()]
    with database.session() as session:
        ids: dict[str, int] = {}
        wanted = sorted({r for r in refs if r})
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            rows = session.execute(select(Employee.ref, Employee.id)
                                   .where(Employee.ref.in_(chunk)))
            ids.update({ref: employee_id for ref, employee_id in rows})
    matched = [i for i, ref in enumerate(refs) if ref in ids]
    unmatched = [int(table.rows[i]) for i, ref in enumerate(refs) if ref not in ids]
    if not matched:
        raise ParameterError(f"{file}: no row's {column!r} names an employee of the workspace "
                             f"({len(refs)} rows read). Import the employees first, or name the "
                             "ref column with id_col.")
    frame = table.frame.iloc[matched].reset_index(drop=True)
    risk = bundle.model.predict_risk(frame)
    bands = bundle.model.risk_bands(frame)
    english = bundle.model.explain(frame, top=3, lang="en")
    chinese = bundle.model.explain(frame, top=3, lang="zh")
    with database.session() as session:
        for start in range(0, len(matched), _CHUNK):
            for j in range(start, min(start + _CHUNK, len(matched))):
                session.add(RiskScore(
                    employee_id=ids[refs[matched[j]]], model_version=bundle.version,
                    risk=round(float(risk[j]), 4), band=bands[j],
                    drivers=stored_drivers(english[j], chinese[j])))
            session.flush()
            if progress is not None:
                progress(min(start + _CHUNK, len(matched)), len(matched))
        record_event(session, actor=actor, action="create", resource="risk_score", detail={
            "model_version": bundle.version, "rows": len(refs), "scored": len(matched),
            "unmatched": len(unmatched)})
    return ScoringReport(file=file, model=model, model_version=bundle.version, rows=len(refs),
                         scored=len(matched), bands=dict(sorted(Counter(bands).items())),
                         unmatched=len(unmatched), unmatched_rows=unmatched[:_MAX_LISTED])


def validate_scoring_params(params: dict[str, Any]) -> dict[str, Any]:
    """The risk_scores job's parameters (``path``, ``model``, ``id_col``, ``name``), checked."""
    owner = "the risk_scores job"
    unknown = sorted(set(params) - {"path", "model", "id_col", "name"})
    if unknown:
        raise ParameterError(f"The risk_scores job does not take {', '.join(map(repr, unknown))}."
                             " Expected only: id_col, model, name, path.")
    for key in ("path", "model"):
        if not isinstance(params.get(key), str) or not params[key].strip():
            raise ParameterError.invalid(key, owner, "a non-empty text", params.get(key))
    for key in ("id_col", "name"):
        if params.get(key) is not None and not isinstance(params[key], str):
            raise ParameterError.invalid(key, owner, "a text or null", params[key])
    return {"path": params["path"].strip(), "model": params["model"].strip(),
            "id_col": params.get("id_col") or None, "name": params.get("name") or None}


def risk_scores_job(ctx: JobContext) -> dict[str, Any]:
    """Score an uploaded HR export in the background; the scoring report."""
    from talentgraph.services._job_kinds import resolve_input

    params = validate_scoring_params(ctx.params)
    path = resolve_input(ctx, params["path"])
    ctx.progress(0.0, "scoring")

    def step(done: int, total: int) -> None:
        ctx.progress(done / total if total else 1.0, f"scored {done:,} of {total:,} employees")

    try:
        report = score_file(ctx.database, actor=ctx.actor, settings=ctx.settings, path=path,
                            model=params["model"], id_col=params["id_col"],
                            name=params["name"], progress=step)
    finally:  # an upload holds personal data: it is not kept once scored
        if path.is_relative_to((ctx.settings.data_dir / "uploads").resolve()):
            path.unlink(missing_ok=True)
    return report.to_dict()
