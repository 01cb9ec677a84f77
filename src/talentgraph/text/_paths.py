"""Expand the paths a user gives (files and folders) into the files to read."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from talentgraph.errors import FileNotFoundInputError

__all__ = ["iter_paths"]


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_paths(inputs: Sequence[Path]) -> Iterator[Path]:
    """Yield every file named in ``inputs``: files as given, folders expanded recursively.

    Inside a folder, files are yielded in sorted order and hidden files or folders (name starting
    with ".") are skipped. A file named explicitly is yielded even when hidden. A path that does
    not exist raises FileNotFoundInputError.
    """
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file() and not _is_hidden(p, path))
            yield from sorted(found, key=lambda p: p.relative_to(path).parts)
        elif path.is_file():
            yield path
        else:
            raise FileNotFoundInputError(
                f"{path} does not exist. Expected a file or a folder of files. Check the path "
                f"and the current directory."
            )
