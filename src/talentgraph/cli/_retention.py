"""``talentgraph retention train|score|report``: attrition risk from an HR export (人才留存)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from talentgraph.errors import ParameterError

retention_app = typer.Typer(
    help="Attrition risk (人才留存): train a calibrated, explained model on an HR export, score "
         "people with their drivers, and report with a fairness section.",
    no_args_is_help=True,
)

_LANGS = ("en", "zh")


def _lang(value: str) -> str:
    if value not in _LANGS:
        raise ParameterError(f"--lang {value!r} is not allowed. Expected one of: en, zh.")
    return value


def _out(text: str) -> None:
    print(text, file=sys.stdout)


def train_command(
    data: Path = typer.Argument(..., help="HR export: CSV, TSV, XLSX, JSON or JSONL, one row "
                                          "per employee."),
    out: Path = typer.Option(..., "--out", "-o", help="Model folder to write (MODEL_DIR)."),
    target: str | None = typer.Option(
        None, "--target", help="Snapshot data: the left/stayed column (Yes/No, 1/0, 是/否, "
                               "left/stayed, 离职/在职)."),
    duration: str | None = typer.Option(
        None, "--duration", help="Survival data: the tenure column (with --event)."),
    event: str | None = typer.Option(
        None, "--event", help="Survival data: the event column, 1/yes = left, 0/no = still "
                              "employed."),
    duration_unit: str = typer.Option("months", "--duration-unit",
                                      help="Unit of --duration: months, years, weeks or days."),
    horizon: float = typer.Option(12.0, "--horizon", help="Survival data: predict leaving "
                                                          "within this many months."),
    protected: list[str] = typer.Option(
        [], "--protected", metavar="COLUMN",
        help="Also treat COLUMN as protected (never a feature). Gender, age, marital status "
             "and similar are recognised already. Repeat for several."),
    drop: list[str] = typer.Option([], "--drop", metavar="COLUMN",
                                   help="Leave COLUMN out of the features. Repeat for several."),
    folds: int = typer.Option(5, "--folds", help="Cross-validation folds of the evaluation."),
    seed: int = typer.Option(0, "--seed", help="Random seed (folds, calibration)."),
    evaluate: bool = typer.Option(True, "--evaluate/--no-evaluate",
                                  help="Cross-validate the model and the baseline (model card "
                                       "metrics)."),
) -> None:
    """Train an attrition model; writes MODEL_DIR with model.joblib, model.json, metrics.json
    and model_card.md.

    Example:  talentgraph retention train hr.csv --target Attrition --out models/attrition

    Survival: talentgraph retention train hr.xlsx --duration 司龄月数 --event 是否离职 --out m/
    """
    from talentgraph.predict import read_hr_table, train_attrition

    table = read_hr_table(data)
    bundle = train_attrition(table, out_dir=out, target=target, duration=duration, event=event,
                             duration_unit=duration_unit, horizon_months=horizon,
                             protected=protected, drop=drop, folds=folds, seed=seed,
                             evaluate=evaluate)
    described = bundle.manifest["model"]
    _out(f"model {bundle.version}: {described['training_rows']:,} employees, "
         f"{described['training_leavers']:,} leavers, {len(described['features'])} features")
    excluded = ", ".join(f"{c} ({r.split(' (')[0]})" for c, r in described["excluded"].items())
    _out(f"excluded: {excluded or 'none'}")
    metrics = bundle.metrics
    if metrics.get("model"):
        _out(f"{metrics['folds']}-fold CV      ROC-AUC          PR-AUC           leaver F1"
             "        Brier")
        for who in ("model", "baseline"):
            cells = "  ".join(f"{metrics[who][k]['mean']:.3f} ± {metrics[who][k]['sd']:.3f}"
                              for k in ("roc_auc", "pr_auc", "f1", "brier"))
            _out(f"{who:<14}{cells}")
    _out(f"threshold {described['threshold']:.3f}; bands low < {described['band_cutoffs'][0]:.3f}"
         f" <= medium < {described['band_cutoffs'][1]:.3f} <= high")
    _out(f"wrote {out}/ (model.joblib, model.json, metrics.json, model_card.md)")


def score_command(
    data: Path = typer.Argument(..., help="People to score: CSV, TSV, XLSX, JSON or JSONL with "
                                          "the training columns."),
    model: Path = typer.Option(..., "--model", help="Model folder from `retention train`."),
    out: Path = typer.Option(..., "--out", "-o", help="Scores CSV to write."),
    id_col: str | None = typer.Option(None, "--id-col",
                                      help="Copy this column (e.g. EmployeeNumber) into the "
                                           "scores."),
    lang: str = typer.Option("en", "--lang", help="Language of the drivers: en or zh."),
    top: int = typer.Option(3, "--top", help="Drivers per person."),
) -> None:
    """Score people: SCORES.csv with row (1-based input row), the --id-col column, risk (0-1),
    band (low/medium/high) and drivers (top features with direction, ';' separated).

    Example:  talentgraph retention score staff.csv --model models/attrition --out scores.csv
    --id-col EmployeeNumber
    """
    from talentgraph.predict import load_model, read_hr_table, score_frame
    from talentgraph.predict._table import require_columns

    _lang(lang)
    if top < 1 or top > 20:
        raise ParameterError(f"--top must be an int in [1, 20]. Got {top} instead.")
    bundle = load_model(model)
    table = read_hr_table(data)
    if id_col is not None:
        require_columns(table, [id_col], option="--id-col")
    scores = score_frame(bundle.model, table.frame, rows=table.rows, id_col=id_col, lang=lang,
                         top=top)
    out.parent.mkdir(parents=True, exist_ok=True)
    scores.to_csv(out, index=False, encoding="utf-8-sig", lineterminator="\n")
    counts = scores["band"].value_counts()
    _out(f"scored {len(scores):,} people with {bundle.version}: high {counts.get('high', 0):,}, "
         f"medium {counts.get('medium', 0):,}, low {counts.get('low', 0):,} -> {out}")


def report_command(
    model: Path = typer.Option(..., "--model", help="Model folder from `retention train`."),
    data: Path = typer.Option(..., "--data", help="People to report on (CSV, TSV, XLSX, JSON, "
                                                  "JSONL)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write report.html into."),
    lang: str = typer.Option("en", "--lang", help="Language of the report: en or zh."),
    protected: list[str] = typer.Option(
        [], "--protected", metavar="COLUMN",
        help="Also compare groups of COLUMN in the fairness section. Repeat for several."),
) -> None:
    """Write an HTML report: model metrics and calibration curve, risk distribution, top
    drivers, and fairness (risk by protected group with impact ratios).

    Example:  talentgraph retention report --model models/attrition --data staff.csv --out out/
    """
    from talentgraph.predict import load_model, read_hr_table, write_retention_report

    _lang(lang)
    bundle = load_model(model)
    table = read_hr_table(data)
    path = write_retention_report(bundle, table, out_dir=out, lang=lang, protected=protected)
    _out(f"report for {len(table.frame):,} people with {bundle.version} -> {path}")


def register(app: typer.Typer) -> None:
    """Add the ``retention`` command group."""
    retention_app.command("train")(train_command)
    retention_app.command("score")(score_command)
    retention_app.command("report")(report_command)
    app.add_typer(retention_app, name="retention")
