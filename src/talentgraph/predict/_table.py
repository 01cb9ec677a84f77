"""An HR export (CSV, TSV, XLSX, JSON, JSON Lines) as a DataFrame, with row numbers and hash.

Reading, decoding and size checks are ``talentgraph.text.read_table_rows``; this module keeps the
1-based row number of every record (``row`` in the scores) and the sha256 of the file's bytes
(the training data hash of a model). Cells stay as read (text for CSV); ``AttritionModel`` turns
number-like columns into numbers itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from talentgraph.errors import BadRecordError, EmptyInputError, MissingColumnError
from talentgraph.settings import Settings
from talentgraph.text import read_table_rows

__all__ = ["HrTable", "file_sha256", "read_hr_table", "require_columns"]


@dataclass(frozen=True, slots=True)
class HrTable:
    """The records of one file: ``frame`` (one row per record), ``rows`` (1-based), ``sha256``."""

    source: str
    frame: pd.DataFrame
    rows: np.ndarray
    sha256: str


def file_sha256(path: Path | str) -> str:
    """The sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_hr_table(path: Path | str, *, settings: Settings | None = None) -> HrTable:
    """Read an HR table; raises an InputError subclass naming the file (and the row if one is bad)."""
    table = read_table_rows(path, settings=settings)
    header = [name for name in table.header if name]
    numbers, records = [], []
    for row_no, cells in table.rows:
        if isinstance(cells, BadRecordError):
            raise cells
        numbers.append(row_no)
        records.append({name: cells.get(name) for name in header})
    if not records:
        raise EmptyInputError(
            f"{table.source} has a header but no records. Expected one row per employee. Add "
            f"the rows or choose another file.")
    frame = pd.DataFrame.from_records(records, columns=header)
    return HrTable(source=table.source, frame=frame, rows=np.asarray(numbers, dtype=int),
                   sha256=file_sha256(path))


def require_columns(table: HrTable, columns: Sequence[str], *, option: str) -> None:
    """Raise MissingColumnError unless every name in ``columns`` is a column of ``table``."""
    missing = [c for c in columns if c not in table.frame.columns]
    if missing:
        found = ", ".join(repr(str(c)) for c in table.frame.columns) or "none"
        raise MissingColumnError(
            f"{table.source} has no column {missing[0]!r} (given with {option}). Columns found: "
            f"{found}. Name one of them exactly as in the header.",
            details=[f"column found: {c}" for c in table.frame.columns][:40])
