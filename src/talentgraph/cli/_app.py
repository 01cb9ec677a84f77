"""The Typer application, its global options and the one place errors become messages."""

from __future__ import annotations

import sys
import traceback

import typer

from talentgraph.errors import TalentGraphError

app = typer.Typer(
    name="talentgraph",
    help=(
        "talentgraph: bilingual (中文/English) talent intelligence for AI organisations.\n\n"
        "Read job postings and resumes, find skills with evidence, map them onto one skill "
        "framework (roles x skills x levels).\n\n"
        "Start with:  talentgraph taxonomy search 大模型   |   talentgraph extract posting.txt"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

_state = {"debug": False}


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
) -> None:
    _state["debug"] = debug


def _register() -> None:
    """Add every command group to ``app`` (idempotent: a second call does nothing)."""
    if _state.get("registered"):
        return
    from talentgraph.cli import (
        _admin,
        _demo,
        _extract,
        _market,
        _match,
        _models,
        _plan,
        _retention,
        _serve,
        _taxonomy,
    )

    for module in (_taxonomy, _extract, _market, _plan, _match, _retention, _models, _demo,
                   _serve, _admin):
        module.register(app)
    _state["registered"] = True


def main() -> None:
    """Entry point of the console script: runs the app, turning errors into ``Error Exxxx: ...``."""
    _register()
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except TalentGraphError as exc:
        if _state["debug"]:
            traceback.print_exc()
        print(f"Error {exc.code}: {exc.message}", file=sys.stderr)
        for detail in exc.details[:20]:
            print(f"  - {detail}", file=sys.stderr)
        sys.exit(1)
    except typer.Abort:
        print("Aborted.", file=sys.stderr)
        sys.exit(130)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # usage errors and anything unexpected
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # a usage error
            ctx = getattr(exc, "ctx", None)
            usage = ctx.get_usage() if ctx is not None else "Usage: talentgraph [OPTIONS] COMMAND"
            command = ctx.command_path if ctx is not None else "talentgraph"
            print(usage, file=sys.stderr)
            message = exc.format_message().rstrip()
            if not message.endswith((".", "!", "?")):
                message += "."
            print(f"Error E0412: {message} Run `{command} --help` for the arguments and "
                  "examples.", file=sys.stderr)
            sys.exit(2)
        if type(exc).__name__ == "Exit":
            sys.exit(getattr(exc, "exit_code", 1))
        if _state["debug"]:
            traceback.print_exc()
        print(f"Error E0001: unexpected {type(exc).__name__}: {exc} (rerun with --debug "
              "for the traceback and report it)", file=sys.stderr)
        sys.exit(1)
