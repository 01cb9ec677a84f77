"""Write docs/cli.md from the real `--help` of every talentgraph command (do not edit by hand).

    .venv/bin/python scripts/gen_cli_docs.py          # rewrite docs/cli.md
    .venv/bin/python scripts/gen_cli_docs.py --check  # exit 1 when docs/cli.md is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"

COMMANDS = [
    [], ["taxonomy"], ["taxonomy", "search"], ["taxonomy", "show"], ["taxonomy", "resolve"],
    ["taxonomy", "roles"], ["taxonomy", "stats"], ["taxonomy", "build"], ["extract"], ["link"],
    ["train"], ["train", "role"], ["train", "spans"], ["train", "embeddings"], ["evaluate"],
    ["evaluate", "role"], ["evaluate", "spans"], ["demo"], ["plan"], ["match"],
    ["retention"], ["retention", "train"], ["retention", "score"], ["retention", "report"],
]


def render() -> str:
    from typer.testing import CliRunner

    from talentgraph.cli._app import _register, app

    _register()
    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}
    parts = ["# Command reference", "",
             "Generated from the real `--help` output by `scripts/gen_cli_docs.py`; "
             "`tests/test_docs.py` fails when it is stale.", ""]
    for cmd in COMMANDS:
        result = runner.invoke(app, [*cmd, "--help"], env=env, terminal_width=100)
        if result.exit_code != 0:
            raise SystemExit(f"`talentgraph {' '.join(cmd)} --help` failed: {result.output}")
        body = "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())
        parts += [f"## talentgraph {' '.join(cmd)}".rstrip(), "", "```text", body, "```", ""]
    return "\n".join(parts)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not DOC.is_file() or DOC.read_text(encoding="utf-8") != text:
            print("docs/cli.md is stale: run .venv/bin/python scripts/gen_cli_docs.py")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
