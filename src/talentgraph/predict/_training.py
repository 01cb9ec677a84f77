"""One call from an HR export to a saved, evaluated attrition model folder with its card."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from talentgraph.errors import ParameterError
from talentgraph.predict._attrition import AttritionModel
from talentgraph.predict._card import render_model_card
from talentgraph.predict._evaluate import evaluate_attrition
from talentgraph.predict._explain import summarise_drivers
from talentgraph.predict._store import CARD_FILE, ModelBundle, save_model
from talentgraph.predict._table import HrTable, require_columns

__all__ = ["train_attrition"]


def train_attrition(table: HrTable, *, out_dir: Path | str, target: str | None = None,
                    duration: str | None = None, event: str | None = None,
                    duration_unit: str = "months", horizon_months: float = 12.0,
                    protected: Sequence[str] = (), drop: Sequence[str] = (), folds: int = 5,
                    seed: int = 0, evaluate: bool = True) -> ModelBundle:
    """Fit on ``table``, cross-validate model and baseline, write MODEL_DIR (model, card, metrics).

    Snapshot data needs ``target`` (the left/stayed column); survival data ``duration`` and
    ``event`` instead.
    """
    is_snapshot = target is not None and duration is None and event is None
    is_survival = target is None and duration is not None and event is not None
    if not (is_snapshot or is_survival):
        raise ParameterError(
            "Training needs either --target COLUMN (snapshot data with a left/stayed column) or "
            "both --duration COLUMN and --event COLUMN (survival data). Got "
            f"target={target!r}, duration={duration!r}, event={event!r} instead.")
    outcome = str(target if is_snapshot else event)
    require_columns(table, [outcome], option="--target" if is_snapshot else "--event")
    if is_survival:
        require_columns(table, [str(duration)], option="--duration")
    X = table.frame.drop(columns=[outcome])
    y = table.frame[outcome]
    model = AttritionModel(protected=tuple(protected), drop=tuple(drop), duration_column=duration,
                           duration_unit=duration_unit, horizon_months=horizon_months,
                           random_state=seed)
    metrics = (evaluate_attrition(X, y, model=model, folds=folds, random_state=seed)
               if evaluate else {})
    model.fit(X, y)
    labels = {f: model.design_.feature_label(f) for f in model.features_}
    drivers = summarise_drivers(model.contributions(X), labels=labels, top=12)
    columns = {"target": target, "duration": duration, "event": event}
    bundle = save_model(model, out_dir, data_name=Path(table.source).name,
                        data_sha256=table.sha256, metrics=metrics, columns=columns)
    card = render_model_card(bundle.manifest, metrics, drivers=drivers)
    (Path(out_dir) / CARD_FILE).write_text(card, encoding="utf-8")
    return bundle
