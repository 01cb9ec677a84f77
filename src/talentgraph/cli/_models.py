"""``talentgraph train ...`` and ``talentgraph evaluate ...``: reproducible model commands.

Training and evaluation read the development data in ``../shared/data`` (or ``--data``); the
shipped models are what `train` writes by default, so running it reproduces them.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from talentgraph.errors import TrainingDataError

train_app = typer.Typer(help="Train the shipped models reproducibly (needs ../shared/data).",
                        no_args_is_help=True)
evaluate_app = typer.Typer(help="Evaluate a model on its held-out data and print the metrics.",
                           no_args_is_help=True)

DATA_OPTION = typer.Option(Path("../shared/data"), "--data", help="The shared data folder.")


def _check_data(data: Path) -> Path:
    if not data.is_dir():
        raise TrainingDataError(
            f"The data folder {str(data)!r} does not exist. Training and evaluation read the "
            "development datasets; pass --data PATH to the shared data folder."
        )
    return data


def _print(report: object) -> None:
    print(json.dumps(report, ensure_ascii=False, indent=2, default=str))


@train_app.command("role")
def train_role(
    data: Path = DATA_OPTION,
    out: Path | None = typer.Option(None, "--out", help="Model file (default: the shipped one)."),
    seed: int = typer.Option(0, help="Random seed of the split and the model."),
) -> None:
    """Train the role-family classifier on the weakly labelled titles and postings.

    Example: talentgraph train role && talentgraph evaluate role
    """
    from talentgraph.extract._role import default_role_model_path, train_role_classifier

    _print(train_role_classifier(data_dir=_check_data(data),
                                 out=out or default_role_model_path(), seed=seed))


@evaluate_app.command("role")
def evaluate_role(
    data: Path = DATA_OPTION,
    model: Path | None = typer.Option(None, "--model", help="Model file (default: shipped)."),
) -> None:
    """Accuracy and macro-F1 (overall, per language, per class) on the held-out split."""
    from talentgraph.extract._role import default_role_model_path, evaluate_role_classifier

    _print(evaluate_role_classifier(data_dir=_check_data(data),
                                    model=model or default_role_model_path()))


@train_app.command("spans")
def train_spans(
    data: Path = DATA_OPTION,
    out: Path | None = typer.Option(None, "--out", help="Model file (default: the shipped one)."),
    green: bool = typer.Option(True, "--green/--no-green", help="Also train on Green et al."),
) -> None:
    """Train the English skill-span CRF on SkillSpan (+ Green) and evaluate it on the dev sets.

    Example: talentgraph train spans && talentgraph evaluate spans
    """
    from talentgraph.extract._spans_train import format_span_metrics, train_span_model

    card = train_span_model(data_dir=_check_data(data), output=out, use_green=green)
    metrics = card.get("dev_metrics")
    if isinstance(metrics, dict):
        print(format_span_metrics(metrics))
    else:
        _print(card)


@evaluate_app.command("spans")
def evaluate_spans(
    data: Path = DATA_OPTION,
    model: Path | None = typer.Option(None, "--model", help="Model file (default: shipped)."),
) -> None:
    """Strict and loose span precision, recall and F1 on the SkillSpan and Green dev sets."""
    from talentgraph.extract._spans_train import evaluate_span_model, format_span_metrics

    print(format_span_metrics(evaluate_span_model(model_path=model, data_dir=_check_data(data))))


@train_app.command("embeddings")
def train_embeddings(
    out: Path | None = typer.Option(None, "--out", help="Output .npz (default: shipped)."),
) -> None:
    """Re-embed the skill framework for the semantic linker (after `taxonomy build`)."""
    from talentgraph.extract._embeddings import build_skill_embeddings, default_embeddings_path
    from talentgraph.taxonomy import load_taxonomy

    path = build_skill_embeddings(taxonomy=load_taxonomy(), out=out or default_embeddings_path())
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


def register(app: typer.Typer) -> None:
    """Add the ``train`` and ``evaluate`` groups."""
    app.add_typer(train_app, name="train")
    app.add_typer(evaluate_app, name="evaluate")
