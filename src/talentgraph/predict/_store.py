"""A trained attrition model on disk: one folder with the model, its manifest, metrics and card.

    MODEL_DIR/
      model.joblib     the fitted AttritionModel (joblib; sha256 recorded in model.json)
      model.json       version, creation time, training data name/sha256/rows, the model's
                       description (features, exclusions, threshold, bands), library versions
      metrics.json     the cross-validated evaluation of the model and the baseline, with the
                       version, data hash, features, protected columns excluded, threshold,
                       bands and limits
      model_card.md    the same for people (``render_model_card``)

The version is ``attrition-<YYYYMMDD>-<first 8 hex of the training data sha256>``. ``load_model``
checks the model file against the recorded sha256 *before* unpickling it (a changed or truncated
file is refused), then that it is a fitted AttritionModel; every problem is a
ModelNotFoundError that says what is wrong and how to fix it. Only load model folders you trust:
joblib files are pickles.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import sklearn

from talentgraph.errors import ModelNotFoundError, ParameterError
from talentgraph.predict._attrition import AttritionModel
from talentgraph.predict._card import LIMITS
from talentgraph.predict._table import file_sha256

__all__ = ["CARD_FILE", "MANIFEST_FILE", "METRICS_FILE", "MODEL_FILE", "ModelBundle",
           "load_model", "model_version", "save_model"]

MODEL_FILE = "model.joblib"
MANIFEST_FILE = "model.json"
METRICS_FILE = "metrics.json"
CARD_FILE = "model_card.md"
_HOW = "Train one with `talentgraph retention train DATA --target COLUMN --out MODEL_DIR`."


@dataclass(frozen=True, slots=True)
class ModelBundle:
    """A loaded (or just saved) model folder: the model, its manifest and its metrics."""

    path: Path
    model: AttritionModel
    manifest: dict[str, Any]
    metrics: dict[str, Any]

    @property
    def version(self) -> str:
        """The model version, e.g. attrition-20250601-1a2b3c4d."""
        return str(self.manifest.get("version", ""))


def model_version(data_sha256: str, created_at: datetime) -> str:
    """``attrition-<YYYYMMDD>-<hash8>`` from the training data hash and the creation time."""
    return f"attrition-{created_at:%Y%m%d}-{data_sha256[:8]}"


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def save_model(model: AttritionModel, out_dir: Path | str, *, data_name: str, data_sha256: str,
               metrics: dict[str, Any], columns: dict[str, str | None],
               card: str | None = None, created_at: datetime | None = None) -> ModelBundle:
    """Write the model folder (see the module docstring) and return it as a ModelBundle.

    ``columns`` records how the training file was read (target / duration / event / id column)
    so a report can find them again; ``card`` is the model card text (written when given).
    """
    if not isinstance(model, AttritionModel) or not model.__sklearn_is_fitted__():
        raise ParameterError.invalid("model", "save_model", "a fitted AttritionModel",
                                     type(model).__name__)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    created = created_at or datetime.now(UTC)
    fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{MODEL_FILE}.")
    os.close(fd)
    joblib.dump(model, tmp, compress=3)
    os.chmod(tmp, 0o644)
    os.replace(tmp, out / MODEL_FILE)
    description = model.describe()
    manifest: dict[str, Any] = {
        "kind": "attrition",
        "version": model_version(data_sha256, created),
        "created_at": created.isoformat(timespec="seconds"),
        "data": {"name": data_name, "sha256": data_sha256,
                 "rows": description["training_rows"],
                 "leavers": description["training_leavers"]},
        "columns": columns,
        "model_file": MODEL_FILE,
        "model_sha256": file_sha256(out / MODEL_FILE),
        "libraries": {"scikit-learn": sklearn.__version__, "joblib": joblib.__version__},
        "model": description,
    }
    record = {"version": manifest["version"], "data": manifest["data"],
              "features": description["features"],
              "protected_excluded": description["protected_excluded"],
              "excluded": description["excluded"], "threshold": description["threshold"],
              "band_cutoffs": description["band_cutoffs"], "limits": list(LIMITS), **metrics}
    _write_atomic(out / METRICS_FILE, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    if card is not None:
        _write_atomic(out / CARD_FILE, card)
    _write_atomic(out / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return ModelBundle(path=out, model=model, manifest=manifest, metrics=record)


def _read_json(path: Path, what: str, model_dir: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelNotFoundError(
            f"The model folder {str(model_dir)!r} has no readable {what} ({path.name}: "
            f"{type(exc).__name__}). Expected the files written by training; the folder is "
            f"incomplete or corrupt. Retrain it. {_HOW}") from exc
    if not isinstance(value, dict):
        raise ModelNotFoundError(f"{path.name} in {str(model_dir)!r} is not a JSON object. "
                                 f"Expected the file written by training. Retrain it. {_HOW}")
    return value


def load_model(model_dir: Path | str) -> ModelBundle:
    """Load a model folder written by ``save_model``; ModelNotFoundError says what is wrong."""
    path = Path(model_dir)
    if not path.is_dir():
        raise ModelNotFoundError(
            f"No attrition model at {str(path)!r}: the folder does not exist. Expected a "
            f"folder with {MANIFEST_FILE} and {MODEL_FILE}. {_HOW}")
    manifest = _read_json(path / MANIFEST_FILE, "manifest", path)
    if manifest.get("kind") != "attrition":
        raise ModelNotFoundError(
            f"{str(path)!r} holds no attrition model ({MANIFEST_FILE} says kind "
            f"{manifest.get('kind')!r}). Expected kind 'attrition'. {_HOW}")
    model_file = path / MODEL_FILE
    if not model_file.is_file():
        raise ModelNotFoundError(f"The model folder {str(path)!r} lacks {MODEL_FILE}. The "
                                 f"folder is incomplete. Retrain it. {_HOW}")
    if file_sha256(model_file) != manifest.get("model_sha256"):
        raise ModelNotFoundError(
            f"{MODEL_FILE} in {str(path)!r} does not match the sha256 recorded in "
            f"{MANIFEST_FILE}: the file was changed or is corrupt. It was not loaded. Retrain "
            f"the model. {_HOW}")
    try:
        model = joblib.load(model_file)
    except Exception as exc:  # a pickle can fail in many ways; all mean "corrupt"
        raise ModelNotFoundError(
            f"{MODEL_FILE} in {str(path)!r} cannot be loaded ({type(exc).__name__}); it was "
            f"written by another version or is corrupt. Retrain the model. {_HOW}") from exc
    if not isinstance(model, AttritionModel) or not model.__sklearn_is_fitted__():
        raise ModelNotFoundError(
            f"{MODEL_FILE} in {str(path)!r} is not a fitted AttritionModel (got "
            f"{type(model).__name__}). Retrain the model. {_HOW}")
    metrics_file = path / METRICS_FILE
    metrics = _read_json(metrics_file, "metrics", path) if metrics_file.exists() else {}
    return ModelBundle(path=path, model=model, manifest=manifest, metrics=metrics)
